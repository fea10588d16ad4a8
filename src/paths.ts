// Where gwq keeps things, from the environment of the process asking (docs/sessions.md "Ground
// rules").
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export function home(): string {
  return process.env.HOME || homedir();
}

/** `~` and `~/x` become the home directory; everything else is resolved against cwd. */
export function expandHome(p: string, cwd = process.cwd()): string {
  if (p === "~") return home();
  if (p.startsWith("~/")) return join(home(), p.slice(2));
  return resolve(cwd, p);
}

/** Show a path with the home directory as `~` (ui.tilde_home). */
export function tildify(p: string): string {
  const h = home();
  if (p === h) return "~";
  if (h && h !== "/" && p.startsWith(h + "/")) return "~" + p.slice(h.length);
  return p;
}

export function configDir(): string {
  const x = process.env.XDG_CONFIG_HOME;
  return x ? join(x, "gwq") : join(home(), ".config", "gwq");
}

export function globalConfigPath(): string {
  return join(configDir(), "config.toml");
}

export function stateDir(): string {
  const x = process.env.XDG_STATE_HOME;
  return x ? join(x, "gwq") : join(home(), ".local", "state", "gwq");
}

export const LOCAL_CONFIG_NAME = ".gwq.toml";
