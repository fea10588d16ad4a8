// How gwq calls itself: the session recorder and tmux's pane-died hook run `<self> __session-ended
// ...`. Under Node that is the node binary running us plus the built CLI beside this bundle;
// compiled into a standalone binary (`npm run build:bin`, bun build --compile) it is the binary
// alone, so a session's end is recorded with no Node installed.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Set to true by scripts/build-bin.mjs; absent (undefined) in the Node bundle and under tsx.
declare const __GWQ_COMPILED__: boolean | undefined;

/** True inside the standalone binary. */
export function isCompiled(): boolean {
  return typeof __GWQ_COMPILED__ === "boolean" && __GWQ_COMPILED__;
}

/** The argv that starts this gwq again: [node, cli.js] under Node, [binary] when compiled. */
export function selfArgv(): string[] {
  // In a compiled binary process.execPath is the binary itself (not a bun runtime elsewhere).
  if (isCompiled()) return [process.execPath];
  return [process.execPath, cliPath()];
}

/**
 * The argv an agent's hook runs (`<this> __hook <agent>`): the binary, or under Node the
 * CommonJS hook.cjs beside the CLI, which Node starts faster than the CLI's ES modules
 * (scripts/build.mjs); the CLI itself where that file is missing.
 */
export function hookSelfArgv(): string[] {
  if (isCompiled()) return [process.execPath];
  const hook = join(dirname(cliPath()), "hook.cjs");
  return existsSync(hook) ? [process.execPath, hook] : selfArgv();
}

/** Path of the built CLI that Node runs (never used by the compiled binary). */
export function cliPath(): string {
  if (process.env.GWQ_CLI_PATH) return resolve(process.env.GWQ_CLI_PATH);
  // Bundled: dist/cli.js or dist/index.js — the CLI sits beside us.
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, "cli.js");
  if (existsSync(sibling)) return sibling;
  // Running from source (tests under tsx): the package's built CLI.
  let dir = here;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "dist", "cli.js");
    dir = dirname(dir);
  }
  return sibling;
}
