// `gwq __session-ended <sessions-dir> <name> <pane-id> s=<status> g=<signal>`: run by the recorder
// in the pane when the command ends (and by tmux's pane-died hook as a backstop). The work is
// recordEnd (end.ts); this is the entry point: arguments in, errors to a log nobody else reads.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { recordEnd } from "./end.js";

function num(arg: string | undefined, prefix: string): number | null {
  if (!arg?.startsWith(prefix)) return null;
  const v = arg.slice(prefix.length);
  return /^\d+$/.test(v) ? Number(v) : null;
}

export async function hookMain(argv: string[]): Promise<void> {
  const [dir, name, paneId, s, g] = argv;
  if (!dir || !name || !paneId) {
    process.stderr.write("gwq: __session-ended is run by tmux, not by hand\n");
    process.exitCode = 2;
    return;
  }
  try {
    await recordEnd(dir, name, paneId, num(s, "s="), num(g, "g="));
  } catch (e) {
    // Nobody sees this process's stderr: leave a trace in the state dir instead.
    try {
      appendFileSync(join(dir, "..", "hook-errors.log"), `${new Date().toISOString()} ${name}: ${(e as Error).message}\n`, { mode: 0o600 });
    } catch {
      // nothing more we can do
    }
    process.exitCode = 1;
  }
}
