// Where gwq keeps things, from the environment of the process asking (docs/sessions.md "Ground
// rules"). Each function takes that environment; the default (process.env) is for library
// callers and the CLI, which run in the environment they were started with.
import { os } from "./builtins-lazy.js";
import { join, resolve } from "node:path";

type Env = NodeJS.ProcessEnv;

export function home(env: Env = process.env): string {
  return env.HOME || os().homedir();
}

/** `~` and `~/x` become the home directory; everything else is resolved against cwd. */
export function expandHome(p: string, cwd = process.cwd(), env: Env = process.env): string {
  if (p === "~") return home(env);
  if (p.startsWith("~/")) return join(home(env), p.slice(2));
  return resolve(cwd, p);
}

/** Show a path with the home directory as `~` (ui.tilde_home). */
export function tildify(p: string, env: Env = process.env): string {
  const h = home(env);
  if (p === h) return "~";
  if (h && h !== "/" && p.startsWith(h + "/")) return "~" + p.slice(h.length);
  return p;
}

export function configDir(env: Env = process.env): string {
  const x = env.XDG_CONFIG_HOME;
  return x ? join(x, "gwq") : join(home(env), ".config", "gwq");
}

export function globalConfigPath(env: Env = process.env): string {
  return join(configDir(env), "config.toml");
}

export function stateDir(env: Env = process.env): string {
  const x = env.XDG_STATE_HOME;
  return x ? join(x, "gwq") : join(home(env), ".local", "state", "gwq");
}

/** Where gwq keeps what it can make again (V8's code caches: code-cache.ts). */
export function cacheDir(env: Env = process.env): string {
  const x = env.XDG_CACHE_HOME;
  return x ? join(x, "gwq") : join(home(env), ".cache", "gwq");
}

export const LOCAL_CONFIG_NAME = ".gwq.toml";
