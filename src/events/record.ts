// The session core's way to log what it does to a session: one call beside the write of the fact
// (docs/events.md; invariant 4 of docs/sessions.md). The record carries the notify policy
// snapshotted at creation, so nothing here loads the config.
//
// With `fact`, the fact is written under the log's lock and the event appended only when `fact`
// returns true (or detail to add, e.g. a state's `from` as read under the lock): two processes that race to write the same fact (the recorder and tmux's hook both
// recording one end; two sweeps seeing one session vanish) log it once and notify once. When the
// log itself cannot be written, the fact still is: it matters more than the event. The fact's own
// errors are thrown; the log's come back in `error` for the caller to warn about.
//
// The state mark's writer (sessions/state.ts recordState: `gwq tmux state` and agents' hooks)
// writes the mark inside the fact, with `from` read under the lock by lastShown (observed.ts), so
// a state repeated, or two hooks racing, gives one event and one notification.
import { dirname } from "node:path";
import { appendEvent, appendEventIf, type Check } from "./append.js";
import { sessionRef, type EventType, type GwqEvent, type NotifyPolicy } from "./types.js";

export interface RecordLike {
  session_name: string;
  id: string;
  identifier: string;
  context: string;
  worktree: string | null;
  policy?: { notify?: NotifyPolicy | null };
}

/** The state dir holding a sessions dir (`<stateDir>/sessions`), where events.jsonl lives. */
export function stateDirOf(sessionsDir: string): string {
  return dirname(sessionsDir);
}

export function recordEvent(
  sessionsDir: string,
  record: RecordLike,
  type: EventType,
  detail: Record<string, unknown> = {},
  fact?: () => Check,
): { event: GwqEvent | null; written: boolean; error: Error | null } {
  const ev = { ...sessionRef(record), type, ...detail };
  const policy = record.policy?.notify ?? null;
  let written: Check | null = null;
  try {
    if (!fact) return { event: appendEvent(stateDirOf(sessionsDir), ev, policy), written: true, error: null };
    const event = appendEventIf(stateDirOf(sessionsDir), ev, () => (written = fact()), policy);
    return { event, written: !!written, error: null };
  } catch (e) {
    // The log failed before the fact was tried (or the fact failed: then it fails again, and throws).
    if (fact && written === null) written = fact();
    return { event: null, written: !!written, error: e as Error };
  }
}
