// Where the hook finds gwq: the node binary running us and the built CLI next to this bundle.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Path of the built CLI the pane-died hook runs. */
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

export function nodePath(): string {
  return process.execPath;
}

/** How gwq runs itself (the recorder, the hooks): the node binary and the built CLI. */
export function selfArgv(): string[] {
  return [nodePath(), cliPath()];
}
