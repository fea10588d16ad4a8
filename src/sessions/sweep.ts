// The sweep: act once on what a listing shows (reads stay pure, README "How sessions work"). Run
// once per `gwq tmux` command that looks at sessions and by `events -f`. It is a list of jobs run
// in order over one snapshot; a job may narrow `kept` (the sessions that stay), and adding one is
// adding a function to SWEEP_JOBS.
import { existsSync } from "node:fs";
import { tmuxOf, logEvent, type Core, type Snapshot } from "./core.js";
import { historyPath, rawExists, saveLines } from "./history.js";
import { isoLocal } from "./naming.js";
import { endedAt, type Observed } from "./status.js";
import { logObservedState } from "../events/observed.js";

export interface Sweep extends Snapshot {
  core: Core;
  /** The clock at the start of the sweep. */
  now: number;
  /** The sessions that stay after the sweep (expiry removes some). */
  kept: Observed[];
}

export type SweepJob = (s: Sweep) => void | Promise<void>;

/** A detached mark that a live pane contradicts (a slow creation) goes. */
function dropStaleDetached(s: Sweep): void {
  for (const o of s.observed) if (o.staleDetached) s.core.store.removeFile(s.core.store.endPath(o.session.session_name));
}

/** "Seen detached" is persisted with its reason: the session's clock stops there. */
function markDetached(s: Sweep): void {
  const { core } = s;
  for (const o of s.observed.filter((x) => x.newlyDetached)) {
    const name = o.session.session_name;
    const at = isoLocal(new Date(s.now));
    const reason = o.session.detached_reason ?? "server-exited";
    try {
      // Once, whoever sweeps at the same time: the mark and its event under the log's lock.
      logEvent(core, o.entry.record, "detached", { reason }, () => {
        if (core.store.readEnd(name)) return false;
        core.store.writeEnd(name, { exit_code: null, signal: null, end_time: null, history_file: null, detached_at: at, detached_reason: reason });
        return true;
      });
      o.session.end_time = at;
    } catch {
      // read-only state dir: still shown as detached
    }
  }
}

/** A state only the pane's activity shows (no fresh hook or report): logged when it changes. */
function logActivityState(s: Sweep): void {
  for (const o of s.observed) {
    if (o.session.status === "running" && o.session.state_source === "activity" && o.session.state) {
      logObservedState(s.core.store.dir, o.entry.record, o.session.state, new Date(s.now), o.entry.state?.at ?? null);
    }
  }
}

/**
 * Records past session_timeout go (never a running one); their output stays on disk. A session
 * whose only copy of its output is in tmux (the durable copy was deleted) is saved first, and kept
 * when that cannot be done: expiry never loses output.
 */
async function expire(s: Sweep): Promise<void> {
  const timeout = s.core.config.session_timeout;
  if (timeout <= 0) return;
  const expired: Observed[] = [];
  s.kept = [];
  for (const o of s.observed) {
    const ended = o.newlyDetached ? s.now : endedAt(o.entry);
    if (ended !== null && s.now - ended > timeout && o.session.status !== "running" && (await keepsOutput(s.core, o))) expired.push(o);
    else s.kept.push(o);
  }
  if (expired.length) await (await import("./remove.js")).removeSessions(s.core, expired, false, "expired");
}

/** Whether closing this session loses no output: a copy on disk exists, or is made now. */
async function keepsOutput(core: Core, o: Observed): Promise<boolean> {
  const out = o.entry.record.output;
  if (!o.pane || !out || rawExists(out)) return true;
  const saved = o.session.history_file ?? core.store.readEnd(o.session.session_name)?.history_file ?? null;
  if (saved && existsSync(saved)) return true;
  const dir = core.config.history_save_dir;
  const name = o.session.session_name;
  const path = historyPath(dir, name);
  if (existsSync(path)) return true;
  try {
    const [lines] = await tmuxOf(core, o).captureMany([o.pane]);
    if (!lines) throw new Error("tmux did not give its output");
    saveLines(path, dir, lines);
    return true;
  } catch (e) {
    core.warn(`${name} is past tmux.session_timeout but kept: its output is only in tmux and could not be saved to ${path} (${e instanceof Error ? e.message : String(e)})`);
    return false;
  }
}

/** Ends nobody recorded (the recorder was killed, the hook did not fire), where tmux knows the status. */
async function recordEnds(s: Sweep): Promise<void> {
  // A pane tmux has not reaped yet is nudged (tmux/servers.ts), not guessed.
  const unrecorded = s.kept.filter((o) => o.pane?.dead && (o.pane.deadStatus !== null || o.pane.deadSignal !== null) && (o.entry.end?.exit_code ?? null) === null);
  if (!unrecorded.length) return;
  const { recordEnd } = await import("./end.js");
  for (const o of unrecorded) {
    await recordEnd(s.core.store.dir, o.session.session_name, o.pane!.paneId, o.pane!.deadStatus, o.pane!.deadSignal, tmuxOf(s.core, o)).catch(() => {});
  }
}

/** Files without a record are leftovers: a session being created writes its record first. */
function removeLeftovers(s: Sweep): void {
  for (const name of s.orphans) s.core.store.removeLeftovers(name);
}

export const SWEEP_JOBS: readonly SweepJob[] = [dropStaleDetached, markDetached, logActivityState, expire, recordEnds, removeLeftovers];

/** Run the jobs over one snapshot; returns the sessions that stay. */
export async function runSweep(core: Core, snap: Snapshot, jobs: readonly SweepJob[] = SWEEP_JOBS): Promise<Observed[]> {
  const s: Sweep = { ...snap, core, now: core.now(), kept: [...snap.observed] };
  for (const job of jobs) await job(s);
  return s.kept;
}
