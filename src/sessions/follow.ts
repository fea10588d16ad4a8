// `logs --follow`: print new output as it arrives, until the session ends. Polls tmux with one
// cheap query (line count, dead or not) and captures only when something changed; nothing stays
// resident in the session itself.
import { GwqError } from "../errors.js";
import { readHistoryFile, capturePane } from "./history.js";
import type { SessionManager } from "./manager.js";
import type { Session } from "./types.js";

export interface FollowOptions {
  /** Print only the last N lines of what is there already. */
  lines?: number;
  signal?: AbortSignal;
  pollMs?: number;
}

/** Where the printed part ends in `lines`: by count, or by content once tmux trims old lines. */
function resumeIndex(lines: string[], printedCount: number, lastPrinted: string | null): number {
  if (lastPrinted === null) return 0;
  if (printedCount <= lines.length && lines[printedCount - 1] === lastPrinted) return printedCount;
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i] === lastPrinted) return i + 1;
  return 0;
}

export async function followHistory(m: SessionManager, name: string, write: (lines: string[]) => void, opts: FollowOptions = {}): Promise<Session> {
  const { session, pane } = await m.paneOf(name);
  if (!pane || pane.dead) {
    write(await m.captureHistory(name, opts.lines));
    return session;
  }
  let printedCount = 0;
  let lastPrinted: string | null = null;
  const emit = (lines: string[], final: boolean, limit?: number) => {
    // Hold back the line under the cursor while the command runs: it may still be growing.
    const upTo = final ? lines.length : Math.max(0, lines.length - 1);
    let from = resumeIndex(lines, printedCount, lastPrinted);
    if (limit !== undefined) from = Math.max(from, upTo - limit);
    if (upTo > from) {
      write(lines.slice(from, upTo));
      lastPrinted = lines[upTo - 1]!;
    }
    printedCount = Math.max(printedCount, upTo);
  };
  emit(await capturePane(m.tmux, pane.paneId, false), false, opts.lines);
  let lastState = "";
  const poll = opts.pollMs ?? 300;
  for (;;) {
    if (opts.signal?.aborted) throw new GwqError("cancelled", 130);
    await new Promise((r) => setTimeout(r, poll));
    let state: string;
    try {
      state = (await m.tmux.exec([["display-message", "-p", "-t", pane.paneId, "#{session_name} #{history_size} #{cursor_y} #{pane_dead}"]])).trim();
    } catch {
      state = "";
    }
    const [owner, , , dead] = state.split(" ");
    if (owner !== name) {
      // The session is gone (auto-cleanup after the end): the rest is in the saved history.
      const s = await m.getSession(name);
      if (s?.history_file) emit(readHistoryFile(s.history_file), true);
      return s ?? session;
    }
    if (state === lastState) continue;
    lastState = state;
    const finished = dead === "1";
    emit(await capturePane(m.tmux, pane.paneId, finished), finished);
    if (finished) return (await m.getSession(name)) ?? session;
  }
}
