// The one screen writer of gwq's full-screen views (the dashboard, the finder, watch mode): it
// keeps the rows on the terminal and rewrites only those whose text changed, so a steady screen
// sends nothing and nothing flickers. The first frame, and the first after `invalidate()` (a
// resize, the return from attach or a pager), is drawn whole with frameSequence (term.ts):
// cursor home, every line then clear-to-end-of-line, then clear-to-end-of-screen. Line wrapping
// is off while it draws, so a line one column too long never pushes the frame down.
import { ESC, fitLine, frameSequence } from "./term.js";
import { stringWidth } from "./width.js";

export interface ScreenTarget {
  columns(): number;
  rows(): number;
  write(s: string): void;
}

export interface Screen {
  /** Put `lines` on the terminal (cut to its size); `cursor` shows the cursor there, else it stays hidden. */
  draw(lines: readonly string[], cursor?: { row: number; col: number }): void;
  /** Forget what is on the terminal: the next draw writes every row. */
  invalidate(): void;
}

/** What to send to go from `drawn` (null: unknown) to `lines` on a `columns` x `rows` terminal. Pure. */
export function screenUpdate(drawn: readonly string[] | null, lines: readonly string[], columns: number, rows: number): { data: string; drawn: string[] } {
  const next = lines.slice(0, rows).map((l) => fitLine(l, columns));
  if (drawn === null || drawn.length !== next.length) return { data: frameSequence(next, columns, rows).data, drawn: next };
  let data = "";
  next.forEach((line, row) => {
    if (drawn[row] === line) return;
    // A line that fills the width leaves the cursor on its last cell: clearing would erase it.
    data += ESC.moveTo(row, 0) + line + (line.includes("\x1b") ? ESC.reset : "") + (stringWidth(line) < columns ? ESC.clearLine : "");
  });
  return { data, drawn: next };
}

export function createScreen(target: ScreenTarget): Screen {
  let drawn: string[] | null = null;
  let lastCursor: { row: number; col: number } | null = null;
  return {
    draw(lines, cursor) {
      const first = drawn === null;
      const u = screenUpdate(drawn, lines, target.columns(), target.rows());
      drawn = u.drawn;
      let data = first ? ESC.wrapOff + ESC.hideCursor + u.data : u.data;
      if (cursor) {
        const moved = !lastCursor || lastCursor.row !== cursor.row || lastCursor.col !== cursor.col;
        // Rows are written with the cursor hidden, then it goes back where the user types.
        if (data) data = (first ? "" : ESC.hideCursor) + data + ESC.moveTo(cursor.row, cursor.col) + ESC.showCursor;
        else if (moved) data = ESC.moveTo(cursor.row, cursor.col);
        lastCursor = cursor;
      }
      if (data) target.write(data);
    },
    invalidate() {
      drawn = null;
      lastCursor = null;
    },
  };
}
