// What `gwq status` needs from the sessions: every gwq session record, so it can count the
// active ones per worktree. Returns null when tmux integration is disabled or unavailable.
import type { Context } from "../context.js";
import type { Session } from "./types.js";

export type StatusSession = Session;

export async function sessionsForStatus(ctx: Context): Promise<StatusSession[] | null> {
  const cfg = ctx.config.tmux;
  if (!cfg.enabled) return null;
  const { SessionManager } = await import("./manager.js");
  try {
    return await new SessionManager({ config: cfg, env: ctx.env, warn: ctx.warn, hookStaleMs: ctx.config.agent.hook_stale, quietAfterMs: ctx.config.agent.quiet_after }).listSessions();
  } catch {
    // tmux missing or broken: status still works, without sessions
    return null;
  }
}
