// How a SessionManager is set up. One home for it: the CLI's sessionManager(ctx)
// (from-context.ts) and a script's SessionManager.fromUserConfig() both take their settings
// from a whole configuration here, so no caller can forget one (README "The library").
import type { Config, TmuxConfig } from "../config/schema.js";
import { KEYS } from "../config/schema.js";
import { parseDuration } from "../config/duration.js";
import { parseSize } from "../config/size.js";
import { notifyPolicy } from "../events/notify.js";
import type { NotifyPolicy } from "../events/types.js";
import { expandHome } from "../paths.js";
import type { Tmux } from "../tmux/tmux.js";

export interface SessionManagerOptions {
  /** The `[tmux]` settings; keys not given take their defaults (never the user's config files). */
  config?: Partial<TmuxConfig>;
  /** Environment for tmux and for the commands run (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The directory a relative path is resolved against (default: this process's). */
  cwd?: string;
  /** gwq's state directory (default: $XDG_STATE_HOME/gwq of `env`); records live in its sessions/. */
  stateDir?: string;
  /** Told about problems met on the way (a damaged record, ...); default: ignored. */
  warn?: (message: string) => void;
  /** agent.hook_stale in ms (default 2m): how long a hook's or report's state is trusted. */
  hookStaleMs?: number;
  /** agent.quiet_after in ms (default 10s): pane silence that contradicts a hook's "working". */
  quietAfterMs?: number;
  /** `[notify]` for the sessions created (snapshotted into each record); default: none. */
  notify?: NotifyPolicy | null;
  /** The tmux to talk to (default: `tmux_command` with `env`); tests give a fake. */
  tmux?: Tmux;
  /** The clock, in ms since the epoch (default: Date.now); tests give a fixed one. */
  now?: () => number;
}

/** Everything a manager needs from a whole configuration. */
export function optionsFrom(config: Config, env: NodeJS.ProcessEnv, cwd: string | undefined, warn?: (message: string) => void): SessionManagerOptions {
  return {
    config: config.tmux,
    env,
    cwd,
    warn,
    hookStaleMs: config.agent.hook_stale,
    quietAfterMs: config.agent.quiet_after,
    notify: notifyPolicy(config),
  };
}

/**
 * The `[tmux]` settings given, each key missing taking the schema's default (no file is read); a
 * default path is resolved as a config file's would be, in `env` and against `cwd`.
 */
export function completeConfig(given: Partial<TmuxConfig> | undefined, env: NodeJS.ProcessEnv, cwd: string): TmuxConfig {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(KEYS)) {
    if (!key.startsWith("tmux.")) continue;
    const k = key.slice(5) as keyof TmuxConfig;
    if (given?.[k] !== undefined) {
      out[k] = given[k];
      continue;
    }
    const v = spec.default;
    if (spec.type === "path") out[k] = expandHome(v as string, cwd, env);
    else if (spec.type === "duration") out[k] = typeof v === "number" ? v : parseDuration(v as string);
    else if (spec.type === "size") out[k] = parseSize(v);
    else out[k] = v;
  }
  return out as unknown as TmuxConfig;
}
