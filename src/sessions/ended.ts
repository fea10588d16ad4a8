// `gwq __session-ended <sessions-dir> <name> <pane-id> s=<status> g=<signal>`: run by the recorder
// in the pane when the command ends (and by tmux's pane-died hook as a backstop). The work is
// recordEnd (end.ts); this is the entry point: arguments in, errors to a log nobody else reads.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { recordEnd } from "./end.js";
import { isoLocal } from "./naming.js";
import { writeRestarts } from "./store.js";
import { readRecord } from "./store-read.js";
import { recordEvent } from "../events/record.js";
import { writeErr } from "../output.js";

function num(arg: string | undefined, prefix: string): number | null {
  if (!arg?.startsWith(prefix)) return null;
  const v = arg.slice(prefix.length);
  return /^\d+$/.test(v) ? Number(v) : null;
}

function trace(dir: string, name: string, e: unknown): void {
  // Nobody sees this process's stderr: leave a trace in the state dir instead.
  try {
    appendFileSync(join(dir, "..", "hook-errors.log"), `${new Date().toISOString()} ${name}: ${(e as Error).message}\n`, { mode: 0o600 });
  } catch {
    // nothing more we can do
  }
  process.exitCode = 1;
}

/** `gwq __session-restarted <sessions-dir> <name> n=<restarts> s=<exit>`: a restart policy ran again. */
export function restartedMain(argv: string[]): void {
  const [dir, name, n, s] = argv;
  if (!dir || !name) {
    writeErr("gwq: __session-restarted is run by a session's recorder, not by hand\n");
    process.exitCode = 2;
    return;
  }
  try {
    const mark = { restarts: num(n, "n=") ?? 0, last_exit: num(s, "s="), at: isoLocal(new Date()) };
    const record = readRecord(name, dir);
    if (!record) return; // killed meanwhile
    // The count and its event in one step (events/record.ts).
    const r = recordEvent(dir, record, "restarted", { restarts: mark.restarts, exit_code: mark.last_exit }, () => (writeRestarts(name, mark, dir), true));
    if (r.error) trace(dir, name, r.error);
  } catch (e) {
    trace(dir, name, e);
  }
}

export async function hookMain(argv: string[]): Promise<void> {
  const [dir, name, paneId, s, g] = argv;
  if (!dir || !name || !paneId) {
    writeErr("gwq: __session-ended is run by tmux, not by hand\n");
    process.exitCode = 2;
    return;
  }
  try {
    await recordEnd(dir, name, paneId, num(s, "s="), num(g, "g="));
  } catch (e) {
    trace(dir, name, e);
  }
}
