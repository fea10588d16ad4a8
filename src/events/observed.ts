// States nobody reports: an agent whose hooks are silent (or absent) takes its state from its
// pane's activity (docs/agents.md), which only a process looking at tmux can see — the sweep. For
// such a change to be logged (and notified) exactly once however many gwq processes sweep at the
// same time, the sweep keeps one small fact per session, the state it last announced:
//
//   sessions/<name>.activity.json   {state, at, screen}   written only by the sweep, under the log's lock
//
// `screen` is what the sweep's look at an agent's screen saw (agents/quiet.ts): kept here, beside
// the state the activity gave, so it goes wherever the session's other facts go.
//
// "What was shown before" is the newer of that and the reported state mark (<name>.state.json,
// written by hooks and `gwq tmux state`): so a state the activity gives after a report (waiting →
// working once output resumes) is a change, and the same state seen again is not. Writers of the
// state mark can use lastShown() for the same reason: a hook saying `waiting` after the activity
// said `idle` is a change even if the mark already said `waiting` an hour ago.
import { join } from "node:path";
import { atomicWrite, readRegular } from "../fsx.js";
import { isoLocal } from "../sessions/naming.js";
import { lockPath } from "./append.js";
import { acquire, release } from "./lock.js";
import { recordEvent, stateDirOf, type RecordLike } from "./record.js";
import type { GwqEvent } from "./types.js";

export function activityPath(name: string, sessionsDir: string): string {
  return join(sessionsDir, `${name}.activity.json`);
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    const buf = readRegular(path, 64 * 1024);
    const v = buf ? (JSON.parse(buf.toString("utf8")) as unknown) : null;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readMark(path: string): { state: string; at: number } | null {
  try {
    const m = readJson(path);
    if (!m) return null;
    const at = typeof m.at === "string" ? Date.parse(m.at) : NaN;
    return typeof m.state === "string" && !Number.isNaN(at) ? { state: m.state, at } : null;
  } catch {
    return null;
  }
}

/** The state last announced for a session: the newer of the reported mark and the activity mark. */
export function lastShown(name: string, sessionsDir: string): string | null {
  const reported = readMark(join(sessionsDir, `${name}.state.json`));
  const observed = readMark(activityPath(name, sessionsDir));
  if (!reported) return observed?.state ?? null;
  if (!observed) return reported.state;
  return observed.at > reported.at ? observed.state : reported.state;
}

/** The `at` of the reported state mark, as written (null when there is none). */
function reportedAt(name: string, sessionsDir: string): string | null {
  try {
    const buf = readRegular(join(sessionsDir, `${name}.state.json`), 64 * 1024);
    const at = buf ? (JSON.parse(buf.toString("utf8")) as { at?: unknown }).at : null;
    return typeof at === "string" ? at : null;
  } catch {
    return null;
  }
}

/**
 * The sweep saw `state` from activity: log it (source `activity`) when it differs from what was
 * shown last. Returns the event, or null when it is no change (or the log could not be written).
 * `basedOn` is the `at` of the state mark the sweep's view was computed from (undefined: not
 * checked): a hook or report that wrote since (a hook's idle a few milliseconds ago) makes the
 * view out of date, so nothing is logged — the next sweep sees the new mark.
 */
export function logObservedState(sessionsDir: string, record: RecordLike, state: string, now = new Date(), basedOn?: string | null): GwqEvent | null {
  const name = record.session_name;
  const r = recordEvent(sessionsDir, record, "state", { from: null, to: state, source: "activity", reason: null }, () => {
    if (basedOn !== undefined && reportedAt(name, sessionsDir) !== basedOn) return false;
    const from = lastShown(name, sessionsDir);
    if (from === state) return false;
    const screen = readJson(activityPath(name, sessionsDir))?.screen;
    atomicWrite(activityPath(name, sessionsDir), JSON.stringify({ state, at: isoLocal(now), ...(screen ? { screen } : {}) }) + "\n");
    return { from };
  });
  return r.event;
}

/** What the sweep's last look at a session's screen saw, as stored (agents/quiet.ts checks it). */
export function readScreenSeen(name: string, sessionsDir: string): unknown {
  return readJson(activityPath(name, sessionsDir))?.screen ?? null;
}

/**
 * Write down what the sweep's look saw of these sessions' screens, keeping the state beside it:
 * under the log's lock, taken once for all of them, as logObservedState writes the same files.
 * A file that already holds the same look (the same JSON) is left as it is. A look at a screen
 * moves its `checked` (agents/quiet.ts), which a later process uses when the screen changes, so
 * a session looked at again at another moment is written again.
 */
export function saveScreensSeen(sessionsDir: string, seen: { name: string; screen: unknown }[]): void {
  if (!seen.length) return;
  const held = acquire(lockPath(stateDirOf(sessionsDir)));
  try {
    for (const { name, screen } of seen) {
      const kept = readJson(activityPath(name, sessionsDir));
      if (kept && "screen" in kept && JSON.stringify(kept.screen) === JSON.stringify(screen)) continue;
      atomicWrite(activityPath(name, sessionsDir), JSON.stringify({ ...(kept ?? {}), screen }) + "\n");
    }
  } finally {
    release(held);
  }
}
