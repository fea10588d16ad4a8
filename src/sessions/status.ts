// From a stored record, its end mark and what tmux shows now, to the record users see. Pure: no
// file is written and no tmux call made here; the sweep (manager.ts) persists what it learns.
import type { PaneInfo } from "../tmux/sessions.js";
import type { DetachedReason, Entry } from "./store.js";
import { resolveState } from "./state.js";
import type { Session, SessionStatus } from "./types.js";

/** agent.hook_stale's default, for library callers that give no config. */
export const DEFAULT_HOOK_STALE_MS = 120_000;

/** A record without a pane this young is still being created (tmux not asked yet), not detached. */
export const CREATION_GRACE_MS = 60_000;

export function exitCodeOf(status: number | null, signal: number | null): number | null {
  if (signal !== null && signal > 0) return 128 + signal;
  return status;
}

/** What is true of the world outside the records at the moment of a listing. */
export interface World {
  /** The tmux server answering now (`<pid>:<start>`), null when none runs. */
  server: string | null;
  /** This boot of the machine (Linux boot id), null when unknown: asked only of a session that vanished. */
  bootId(): string | null;
  now: number;
  /** agent.hook_stale: how long a reported state is trusted without news (ms; 0: always). */
  hookStaleMs?: number;
  /** agent.quiet_after (ms): pane silence that contradicts a hook's "working" (default 10s). */
  quietAfterMs?: number;
}

export interface Observed {
  session: Session;
  entry: Entry;
  /** The pane running the command, when tmux still has it (and it is ours). */
  pane: PaneInfo | null;
  /** Gone from tmux with no end seen and no mark yet: the sweep persists it. */
  newlyDetached: boolean;
  /** A detached mark that a live pane contradicts (a slow creation): the sweep removes it. */
  staleDetached: boolean;
}

/**
 * Our pane: the session whose @gwq_id is this record's id (set in the creating call, so even a
 * creation cut short before the record learnt its pane is found), or for records made before
 * @gwq_id, the very pane id and pid we created. A session of the same name made by someone else
 * (by hand, or restored by tmux-resurrect after a reboot) is never ours: never killed, never read.
 */
export function ownPane(entry: Entry, panes: PaneInfo[] | undefined): PaneInfo | null {
  if (!panes) return null;
  const { record } = entry;
  const byId = panes.filter((p) => p.gwqId === record.id);
  if (byId.length) return byId.find((p) => p.paneId === record.pane_id) ?? byId[byId.length - 1]!;
  if (!record.pane_id) return null;
  return panes.find((p) => p.gwqId === null && p.paneId === record.pane_id && (record.pid === null || p.pid === record.pid)) ?? null;
}

/** Why a session tmux no longer has vanished. */
export function vanishReason(entry: Entry, world: World): DetachedReason {
  const { record } = entry;
  if (record.boot_id && world.bootId() && record.boot_id !== world.bootId()) return "rebooted";
  if (!world.server || !record.server || record.server !== world.server) return "server-exited";
  return "session-killed";
}

export function observe(entry: Entry, panes: PaneInfo[] | undefined, world: World): Observed {
  const { record, end } = entry;
  const pane = ownPane(entry, panes);
  let status: SessionStatus;
  let exitCode: number | null = null;
  let endTime: string | null = end?.end_time ?? null;
  let detachedReason: DetachedReason | null = null;
  let newlyDetached = false;
  let staleDetached = false;
  if (end && end.exit_code !== null && end.exit_code !== undefined) {
    exitCode = end.exit_code;
    status = exitCode === 0 ? "completed" : "failed";
  } else if (pane && pane.dead && (pane.deadStatus !== null || pane.deadSignal !== null)) {
    // Ended, and the recorder has not written it down yet (or could not): tmux knows how.
    exitCode = exitCodeOf(pane.deadStatus, pane.deadSignal);
    status = exitCode === 0 ? "completed" : "failed";
  } else if (pane) {
    // Running — or dead before tmux learnt how: tmux 3.3a can miss the exit of a pane's process
    // (the listing nudges it, tmux/servers.ts). Either way tmux has it: never detached.
    status = "running";
    staleDetached = !!end?.detached_at;
  } else if (end?.detached_at) {
    status = "detached";
    // Its clock stopped when it was seen gone.
    endTime = end.detached_at;
    detachedReason = end.detached_reason ?? "server-exited";
  } else if (!record.pane_id && world.now - Date.parse(record.start_time) < CREATION_GRACE_MS) {
    status = "running"; // still being created
  } else {
    status = "detached";
    detachedReason = vanishReason(entry, world);
    newlyDetached = true;
  }
  const session: Session = {
    id: record.id,
    session_name: record.session_name,
    context: record.context,
    identifier: record.identifier,
    working_dir: record.working_dir,
    command: record.command,
    pid: record.pid,
    start_time: record.start_time,
    end_time: endTime,
    status,
    exit_code: exitCode,
    attached: !!pane?.attached,
    worktree: record.worktree,
    history_size: record.history_size,
    history_file: end?.history_file ?? null,
    metadata: record.metadata ?? {},
    agent: record.agent ?? null,
    state: null,
    state_source: null,
    state_reason: null,
    state_since: null,
    // Kept after the end: it is what `restart --resume` resumes.
    agent_session_id: entry.state?.agent_session_id ?? record.agent_session_id ?? null,
    detached_reason: detachedReason,
    restarts: entry.restarts?.restarts ?? 0,
  };
  if (status === "running") {
    // Hooks and reports while fresh, else tmux's activity time from this same listing (state.ts).
    const st = resolveState(session.agent, entry.state ?? null, pane?.activity ?? null, world.now, world.hookStaleMs ?? DEFAULT_HOOK_STALE_MS, world.quietAfterMs);
    Object.assign(session, st);
  }
  return { session, entry, pane, newlyDetached, staleDetached };
}

/** When a finished session's clock for session_timeout started. */
export function endedAt(entry: Entry): number | null {
  const t = entry.end?.end_time ?? entry.end?.detached_at ?? null;
  return t ? Date.parse(t) : null;
}
