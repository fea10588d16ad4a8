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

export function config(): Config {
  return loadedConfig().config;
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
