// From a stored record, its end mark and what tmux shows now, to the record users see.
import type { PaneInfo } from "../tmux/sessions.js";
import type { Entry } from "./store.js";
import type { Session, SessionStatus } from "./types.js";

/** A record without a pid this young is still being created (tmux not asked yet), not detached. */
export const CREATION_GRACE_MS = 60_000;

export function exitCodeOf(status: number | null, signal: number | null): number | null {
  if (signal !== null && signal > 0) return 128 + signal;
  return status;
}

export interface Observed {
  session: Session;
  /** The pane running the command, when tmux still has it. */
  pane: PaneInfo | null;
  /** tmux still has this session: its name and our pane (so it is safe to kill or attach). */
  inTmux: boolean;
  /** Gone from tmux with no end seen: the caller may persist the detached mark. */
  newlyDetached: boolean;
}

export function observe(entry: Entry, panes: PaneInfo[] | undefined, now: number): Observed {
  const { record, end } = entry;
  // Ours only if tmux still holds the very pane we created (id and pid): a session of the same
  // name made by someone else (by hand, or restored by tmux-resurrect after a reboot, where pane
  // ids start again from %0) is not gwq's, is never killed and never read as our command.
  const pane = panes?.find((p) => p.paneId === record.pane_id && (record.pid === null || p.pid === record.pid)) ?? null;
  let status: SessionStatus;
  let exitCode: number | null = null;
  let endTime: string | null = end?.end_time ?? null;
  let newlyDetached = false;
  if (end && end.exit_code !== null && end.exit_code !== undefined) {
    exitCode = end.exit_code;
    status = exitCode === 0 ? "completed" : "failed";
  } else if (end?.detached_at) {
    status = "detached";
  } else if (pane && pane.dead && (pane.deadStatus !== null || pane.deadSignal !== null)) {
    // Ended, and the hook has not written it down yet (or could not): tmux knows how.
    exitCode = exitCodeOf(pane.deadStatus, pane.deadSignal);
    status = exitCode === 0 ? "completed" : "failed";
  } else if (pane) {
    status = "running";
  } else {
    const young = now - Date.parse(record.start_time) < CREATION_GRACE_MS;
    if (record.pid === null && young) status = "running";
    else {
      status = "detached";
      newlyDetached = true;
    }
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
  };
  // A record without a pane id is one whose creation was cut short (Ctrl-C during `run`): a tmux
  // session of its reserved name can only be the one it was making, so it may still be cleaned up.
  return { session, pane, inTmux: !!pane || (record.pane_id === null && !!panes), newlyDetached };
}

/** When a finished session's clock for session_timeout started. */
export function endedAt(entry: Entry): number | null {
  const t = entry.end?.end_time ?? entry.end?.detached_at ?? null;
  return t ? Date.parse(t) : null;
}
