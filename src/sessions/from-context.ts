// The one way the CLI builds a SessionManager: from the invocation's context (its config, its
// environment, its directory, where its warnings go). Every command that looks at sessions comes here, so none
// can forget agent.hook_stale, agent.quiet_after, `[notify]` or the environment.
import type { Context } from "../context.js";
import { SessionManager } from "./manager.js";
import { optionsFrom } from "./options.js";

export interface FromContextOptions {
  /** Variables added to the context's environment for the commands started (`run --env-stdin`). */
  extraEnv?: Record<string, string>;
  /** Where warnings go instead of the context's (the dashboard shows them on its status line). */
  warn?: (message: string) => void;
}

export function sessionManager(ctx: Context, opts: FromContextOptions = {}): SessionManager {
  const env = opts.extraEnv ? { ...ctx.env, ...opts.extraEnv } : ctx.env;
  return new SessionManager(optionsFrom(ctx.config, env, ctx.cwd, opts.warn ?? ((m) => ctx.warn(m))));
}
