// A whole Session record for unit tests, every field at a plain default; tests give what matters.
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
