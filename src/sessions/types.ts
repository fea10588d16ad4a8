// The session record as users and scripts see it (CONTRACT §1 "The record").
export type SessionStatus = "running" | "completed" | "failed" | "detached";

export const STATUSES: SessionStatus[] = ["running", "completed", "failed", "detached"];

export interface Session {
  id: string;
  session_name: string;
  context: string;
  identifier: string;
  working_dir: string;
  command: string;
  pid: number | null;
  start_time: string;
  end_time: string | null;
  status: SessionStatus;
  exit_code: number | null;
  attached: boolean;
  worktree: string | null;
  history_size: number;
  history_file: string | null;
  metadata: Record<string, string>;
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
}
