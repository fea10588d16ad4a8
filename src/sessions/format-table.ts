// The `gwq tmux list` table (format.ts has the rest of a listing's forms): apart, so that a
// listing printed as JSON or CSV does not load the table and its width rules.
import { paint } from "../ui/color.js";
import { renderTable, type TableColumn } from "../ui/table.js";
import type { Session } from "./types.js";
import { durationText, oneLineCommand, statusColour, statusWord } from "./present.js";

/** Start time for the table: local date and minute, as the record wrote it (`2026-11-25 14:19`). */
function shortTime(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

/**
 * The `list` table. Given the terminal's `width`, rows fit it: the COMMAND column is shortened
 * first, then identifier, worktree and context, then the session name; nothing wraps. `colour`
 * paints status words.
 */
export function table(sessions: Session[], verbose: boolean, width?: number, now = Date.now(), colour = false): string {
  const cols: TableColumn[] = [{ header: "CONTEXT", shrinkTo: 7 }, { header: "IDENTIFIER", shrinkTo: 10 }, { header: "STATUS" }, { header: "DURATION" }];
  // The session name is what one copies: it is cut only when nothing else is left to cut.
  if (verbose) cols.push({ header: "SESSION", shrinkTo: 20, shrinkRank: 1 }, { header: "PID" }, { header: "EXIT" }, { header: "WORKTREE", shrinkTo: 8 }, { header: "STARTED" });
  cols.push({ header: "COMMAND" });
  const rows = sessions.map((s) => {
    const row = [s.context, s.identifier, statusWord(s), durationText(s, now)];
    if (verbose)
      row.push(s.session_name, s.pid === null ? "-" : String(s.pid), s.exit_code === null ? "-" : String(s.exit_code), s.worktree ?? "-", shortTime(s.start_time));
    row.push(oneLineCommand(s.command));
    return row;
  });
  const paintStatus = (_row: number, column: number, text: string) => {
    const c = column === 2 ? statusColour(text) : null;
    return c ? paint(text, c) : text;
  };
  return renderTable(cols, rows, { marked: sessions.map((s) => s.attached), maxWidth: width, paint: colour ? paintStatus : undefined }).join("\n") + "\n";
}
