// A whole Session record for unit tests, every field at a plain default; tests give what matters.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Session } from "../../src/sessions/types.js";

export function sessionRecord(over: Partial<Session> = {}): Session {
  const identifier = over.identifier ?? "x";
  return {
    id: identifier,
    session_name: `gwq-run-${identifier}-20250101000000`,
    context: "run",
    identifier,
    working_dir: "/tmp",
    command: "true",
    pid: null,
    start_time: "2025-01-01T00:00:00.000+00:00",
    end_time: null,
    status: "running",
    exit_code: null,
    attached: false,
    worktree: null,
    history_size: 50000,
    history_file: null,
    metadata: {},
    agent: null,
    state: null,
    state_source: null,
    state_reason: null,
    state_since: null,
    agent_session_id: null,
    detached_reason: null,
    restarts: 0,
    ...over,
  };
}

/**
 * Change a session's end mark as gwq writes it: whole, by rename. A plain write truncates first,
 * and a `__session-ended` reading in that moment (tmux's pane-died backstop comes late on a busy
 * machine) finds no end and records one anew — undoing the change.
 */
export function rewriteEnd(path: string, change: (end: Record<string, unknown>) => Record<string, unknown>): void {
  const end = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const tmp = `${path}.test-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(change(end)));
  renameSync(tmp, path);
}
