// The session record as users and scripts see it (docs/sessions.md "The record").
export type SessionStatus = "running" | "completed" | "failed" | "detached";

export const STATUSES: SessionStatus[] = ["running", "completed", "failed", "detached"];

/** What a session is from its creation: the same in its record (store.ts) and in a Session. */
export interface SessionFacts {
  id: string;
  session_name: string;
  context: string;
  identifier: string;
  working_dir: string;
  command: string;
  pid: number | null;
  start_time: string;
  worktree: string | null;
  history_size: number;
  metadata: Record<string, string>;
}

export interface Session extends SessionFacts {
  end_time: string | null;
  status: SessionStatus;
  exit_code: number | null;
  attached: boolean;
  history_file: string | null;
  /** The agent running in it (claude, codex, gemini, aider, opencode), else null. */
  agent: string | null;
  /** What a running agent (or a reporting program) is doing; null when unknown or ended. */
  state: AgentState | null;
  state_source: StateSource | null;
  state_reason: string | null;
  state_since: string | null;
  agent_session_id: string | null;
  /** Why a detached session vanished. */
  detached_reason: "server-exited" | "session-killed" | "rebooted" | null;
  /** How many times a restart policy ran the command again. */
  restarts: number;
}

/** A state an agent's hook or `gwq tmux state` reports (the state mark, src/sessions/state.ts). */
export type ReportedState = "working" | "waiting" | "idle";
/** What a running session's record says it does: a reported state, or `unknown` (README "Using gwq with coding agents"). */
export type AgentState = ReportedState | "unknown";
export type StateSource = "hook" | "report" | "activity";

/** What the recorder in the pane does when the command ends (src/sessions/recorder.ts). */
export type RestartMode = "no" | "on-failure" | "always";
/** Run the command again when it fails (or whenever it ends), up to `max` times. */
export interface RestartPolicy {
  mode: RestartMode;
  max: number;
}

export interface SessionOptions {
  context?: string;
  identifier: string;
  workingDir: string;
  /** A shell command line, run as `default_shell -c <command>`. */
  command?: string;
  /** Or an argument vector, executed as is (no shell parsing). */
  argv?: string[];
  metadata?: Record<string, string>;
  /** Close the tmux session once the command exits 0 (default: tmux.auto_cleanup_completed). */
  autoCleanup?: boolean;
  /** Branch of the worktree holding workingDir, when the caller already knows it. */
  worktree?: string | null;
  /** The agent it runs (default: inferred from the command or context). */
  agent?: string | null;
  /** The conversation this run resumes (restart --resume), recorded so a failed run keeps it. */
  agentSessionId?: string;
  restart?: RestartPolicy;
}
