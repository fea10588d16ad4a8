// Recording how a session's command ended, in the order of docs/sessions.md "The end": the exit
// code and end time; the whole output saved; then the tmux session closed if auto-cleanup applies
// (exit 0) or keep_alive is off. Run by the recorder in the pane (via `gwq __session-ended`), by
// tmux's pane-died hook as a backstop, and by the sweep for an end nobody wrote down. It needs no
// config: the policy is in the record.
import { recordEvent } from "../events/record.js";
import { Tmux } from "../tmux/tmux.js";
import { bestLines, historyPath, saveLines } from "./history.js";
import { isoLocal } from "./naming.js";
import { exitCodeOf } from "./status.js";
import { writeEnd, type EndMark } from "./store.js";
import { readEnd, readRecord } from "./store-read.js";

export async function recordEnd(
  dir: string,
  name: string,
  paneId: string,
  status: number | null,
  signal: number | null,
  tmux?: Tmux,
): Promise<void> {
  const record = readRecord(name, dir);
  if (!record) return; // killed and removed meanwhile
  const end: EndMark = {
    exit_code: exitCodeOf(status, signal),
    signal,
    end_time: isoLocal(new Date()),
    history_file: null,
  };
  // The recorder and tmux's hook may both get here: the end mark is written, and `ended` logged
  // (and notified), by the first one only, under the event log's lock.
  const first = recordEvent(dir, record, "ended", { status: end.exit_code === 0 ? "completed" : "failed", exit_code: end.exit_code }, () => {
    const previous = readEnd(name, dir);
    if (previous && previous.exit_code !== null) return false; // already recorded
    writeEnd(name, end, dir);
    return true;
  });
  if (!first.written) return;

  const t = tmux ?? new Tmux({ command: record.policy.tmux_command, socket: record.socket });
  const policy = record.policy;
  const pane = await t.pane(paneId);
  if (policy.history_auto_save) {
    const lines = await bestLines(t, pane, record.output, null);
    if (lines) {
      const path = historyPath(policy.history_save_dir, name);
      saveLines(path, policy.history_save_dir, lines);
      writeEnd(name, { ...end, history_file: path }, dir);
    }
  }
  const close = (end.exit_code === 0 && policy.auto_cleanup) || !policy.keep_alive;
  if (close) await t.closeSession(name, !!pane?.attached);
  // The event log could not be written: said last, so nothing above was skipped for it.
  if (first.error) throw first.error;
}
