// What a command needs from its surroundings, built once per invocation by main.ts and passed to
// the command (`run(ctx, invocation)`) and from there down: nothing below reads a global. The
// configuration is loaded on first use, so a command that never reads it (e.g. `gwq version`)
// never parses it.
import type { LoadedConfig } from "./config/load.js";
import { loadConfig } from "./config/load.js";
import type { Config } from "./config/schema.js";
import { writeErr, writeOut } from "./output.js";

/**
 * The configuration, the environment, the working directory, where warnings go, and whether a
 * person is at a terminal.
 */
export interface Context {
  readonly config: Config;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  warn(message: string): void;
}

/** The CLI's context: the config with where it came from, and the terminal. */
export interface CliContext extends Context {
  /** The merged configuration with its file paths and values by key (config list/get, host). */
  readonly loaded: LoadedConfig;
  /** stdin and stdout are both a terminal (a finder or a prompt can be shown). */
  interactive(): boolean;
}

/**
 * A context for one invocation: the user's config (global + ./.gwq.toml, loaded on first use,
 * its warnings printed once to stderr), the given environment, the working directory.
 * `globalPath` and `warn` replace the global config's place and stderr (tests).
 */
export function createContext(env: NodeJS.ProcessEnv = process.env, opts: { globalPath?: string; warn?: (message: string) => void } = {}): CliContext {
  let loaded: LoadedConfig | null = null;
  const say = opts.warn ?? warn;
  const load = () => {
    if (!loaded) {
      loaded = loadConfig({ env, globalPath: opts.globalPath });
      for (const w of loaded.warnings) say(w);
    }
    return loaded;
  };
  return {
    get loaded() {
      return load();
    },
    get config() {
      return load().config;
    },
    env,
    get cwd() {
      return process.cwd();
    },
    warn: say,
    interactive: () => !!process.stdin.isTTY && !!process.stdout.isTTY,
  };
}

/** Write a line to stdout. */
export function out(line = ""): void {
  writeOut(line + "\n");
}

export function warn(message: string): void {
  writeErr(`gwq: warning: ${message}\n`);
}

