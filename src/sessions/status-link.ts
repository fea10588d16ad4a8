// What `gwq status` needs from the sessions: every gwq session record, so it can count the
// active ones per worktree. Returns null when tmux integration is disabled or unavailable.
import type { Context } from "../context.js";
import type { Session } from "./types.js";

export type StatusSession = Session;

export async function sessionsForStatus(ctx: Context): Promise<StatusSession[] | null> {
  const cfg = ctx.config.tmux;
  if (!cfg.enabled) return null;
  const { sessionManager } = await import("./from-context.js");
  try {
    return await sessionManager(ctx).listSessions();
  } catch {
    // tmux missing or broken: status still works, without sessions
    return null;
  }
}
