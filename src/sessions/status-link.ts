// What `gwq status` needs from the sessions: every gwq session record, so it can count the
// active ones per worktree. Returns null when tmux integration is disabled or unavailable.
// (The sessions issue fills this in; until then there are no sessions.)
export interface StatusSession {
  id: string;
  session_name: string;
  context: string;
  identifier: string;
  working_dir: string;
  status: "running" | "completed" | "failed" | "detached";
  [k: string]: unknown;
}

export async function sessionsForStatus(): Promise<StatusSession[] | null> {
  return [];
}
