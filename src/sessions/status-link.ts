// What `gwq status` needs from the sessions: every gwq session record, so it can count the
// active ones per worktree. Returns null when tmux integration is disabled or unavailable.
import { config } from "../context.js";
import type { Session } from "./types.js";

export type StatusSession = Session;

export async function sessionsForStatus(): Promise<StatusSession[] | null> {
  const cfg = config().tmux;
  if (!cfg.enabled) return null;
  const { SessionManager } = await import("./manager.js");
  try {
    return await new SessionManager({ config: cfg, hookStaleMs: config().agent.hook_stale }).listSessions();
  } catch {
    // tmux missing or broken: status still works, without sessions
    return null;
  }
}
