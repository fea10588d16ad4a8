// `gwq __session-ended <sessions-dir> <name> <pane-id> s=<status> g=<signal>`: run by tmux's
// pane-died hook the moment a session's command ends. In the contract's order: record the exit
// code and end time; save the whole history; then close the tmux session if auto-cleanup
// applies (exit 0) or keep_alive is off. It needs no config: the policy is in the record.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { exactSession, Tmux } from "../tmux/tmux.js";
import { capturePane, historyPath, saveLines } from "./history.js";
import { isoLocal } from "./naming.js";
import { exitCodeOf } from "./status.js";
import { readEnd, readRecord, writeEnd, type EndMark } from "./store.js";

function num(arg: string | undefined, prefix: string): number | null {
  if (!arg?.startsWith(prefix)) return null;
  const v = arg.slice(prefix.length);
  return /^\d+$/.test(v) ? Number(v) : null;
}

export async function recordEnd(dir: string, name: string, paneId: string, status: number | null, signal: number | null): Promise<void> {
  const record = readRecord(name, dir);
  if (!record) return; // killed and removed meanwhile
  const previous = readEnd(name, dir);
  if (previous && previous.exit_code !== null) return; // already recorded
  const end: EndMark = {
    exit_code: exitCodeOf(status, signal),
    signal,
    end_time: isoLocal(new Date()),
    history_file: null,
  };
  writeEnd(name, end, dir);

  const tmux = new Tmux({ command: record.policy.tmux_command });
  const policy = record.policy;
  if (policy.history_auto_save) {
    const lines = await capturePane(tmux, paneId, true);
    const path = historyPath(policy.history_save_dir, name);
    saveLines(path, policy.history_save_dir, lines);
    writeEnd(name, { ...end, history_file: path }, dir);
  }
  const close = (end.exit_code === 0 && policy.auto_cleanup) || !policy.keep_alive;
  if (close) {
    await tmux.exec([["kill-session", "-t", exactSession(name)]]).catch(() => {});
  }
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
    // Nobody sees a hook's stderr: leave a trace in the state dir instead.
    try {
      appendFileSync(join(dir, "..", "hook-errors.log"), `${new Date().toISOString()} ${name}: ${(e as Error).message}\n`, { mode: 0o600 });
    } catch {
      // nothing more we can do
    }
    process.exitCode = 1;
  }
}
