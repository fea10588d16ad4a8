// What a command needs from its surroundings, loaded once and only when asked for: a command that
// never reads the config (e.g. `gwq version`) never parses it.
import type { LoadedConfig } from "./config/load.js";
import { loadConfig } from "./config/load.js";
import type { Config } from "./config/schema.js";
import { writeErr, writeOut } from "./output.js";

let loaded: LoadedConfig | null = null;

/** The merged configuration; its warnings are printed once, to stderr. */
export function loadedConfig(): LoadedConfig {
  if (!loaded) {
    loaded = loadConfig();
    for (const w of loaded.warnings) writeErr(`gwq: warning: ${w}\n`);
  }
  return loaded;
}

/**
 * What the code below a command needs from its surroundings, passed down rather than read from a
 * global: the configuration (loaded on first use, so a command that never reads it never parses
 * it), the environment, the working directory, and where warnings go.
 */
export interface Context {
  readonly config: Config;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  warn(message: string): void;
}

let cli: Context | null = null;

/** The CLI's context: the user's config (global + ./.gwq.toml), process.env, warnings to stderr. */
export function cliContext(): Context {
  if (!cli) {
    cli = {
      get config() {
        return loadedConfig().config;
      },
      env: process.env,
      get cwd() {
        return process.cwd();
      },
      warn,
    };
  }
  return cli;
}

/** Write a line to stdout. */
export function out(line = ""): void {
  writeOut(line + "\n");
}

export function warn(message: string): void {
  writeErr(`gwq: warning: ${message}\n`);
}

export function interactive(): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY;
}
