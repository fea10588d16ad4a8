// The event log's vocabulary (docs/events.md). One line of events.jsonl is one GwqEvent:
//   {"seq", "time", "type", "session", "id", "identifier", "context", "worktree", ...detail}
// Detail by type:
//   created    command
//   state      from, to, source, reason
//   ended      status, exit_code
//   detached   reason
//   removed    reason ("killed", "expired", "restarted", "not-started")
//   restarted  restarts, exit_code (a restart policy ran the command again in the same session)
//   worktree   action (spawned, merged, removed), branch, base (the agent loop: spawn, merge)

export type EventType = "created" | "state" | "ended" | "detached" | "removed" | "restarted" | "worktree";

export const EVENT_TYPES: EventType[] = ["created", "state", "ended", "detached", "removed", "restarted", "worktree"];

/** Which session an event is about: the fields every event carries. */
export interface SessionRef {
  session: string;
  id: string;
  identifier: string;
  context: string;
  worktree: string | null;
}

/** What a writer hands to appendEvent: seq and time are assigned under the lock. */
export interface EventInput extends SessionRef {
  type: EventType;
  [detail: string]: unknown;
}

export interface GwqEvent extends EventInput {
  seq: number;
  time: string;
}

/** What `[notify] on` accepts: each names a kind of change (see notifyKind). */
export const NOTIFY_KINDS = ["waiting", "failed", "idle", "completed", "detached"] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

/**
 * The `[notify]` settings as snapshotted into a session's record at creation, so the processes
 * that append events (the recorder, hooks, `gwq tmux state`) never load the config.
 */
export interface NotifyPolicy {
  on: string[];
  desktop: boolean;
  /** A command line run by `shell -c` with the event JSON on stdin; "" for none. */
  command: string;
  /** tmux.default_shell at creation; /bin/sh when absent. */
  shell?: string;
}

/** The SessionRef of a stored record or a Session (both carry these fields). */
export function sessionRef(r: { session_name: string; id: string; identifier: string; context: string; worktree: string | null }): SessionRef {
  return { session: r.session_name, id: r.id, identifier: r.identifier, context: r.context, worktree: r.worktree };
}
