// The one table renderer for list/status output: columns padded by display width (CJK and emoji
// count two columns), two spaces between columns, no trailing spaces, and an optional marker
// column (`●` before the row of the current worktree or an attached session).
//
//   renderTable(["CONTEXT", "STATUS"], [["api", "running"], ["web", "failed"]], { marked: [true, false] })
//   → ["  CONTEXT  STATUS", "● api      running", "  web      failed"]
import { pad, stringWidth, truncate } from "./width.js";

export interface TableColumn {
  header: string;
  /** Numbers read better right-aligned. Default left. */
  align?: "left" | "right";
  /** Cut cells wider than this (with `…`). */
  maxWidth?: number;
  /**
   * When the table is wider than `TableOptions.maxWidth`, this column may be cut down to this many
   * columns (after the last column has given what it can).
   */
  shrinkTo?: number;
  /** Columns with a lower rank are cut first (default 0); within a rank, the widest first. */
  shrinkRank?: number;
}

export interface TableOptions {
  /**
   * One flag per row: adds a leading two-column marker column, `● ` on marked rows and blanks on the
   * others and on the header, so names stay aligned under their header.
   */
  marked?: readonly boolean[];
  /** The marker character; default `●`. */
  marker?: string;
  /** Spaces between columns; default 2. */
  gap?: number;
  /** Print the header row; default true. */
  header?: boolean;
  /**
   * Total width available (e.g. the terminal's columns): no line is longer. The last column (the
   * free-text one: COMMAND, PATH) is cut first, down to a dozen columns; then the columns with
   * `shrinkTo`, widest first; then the last column further; and only then is each line cut at the
   * edge. A row is never wrapped.
   */
  maxWidth?: number;
  /** Style a cell after it has been made safe and cut (e.g. colour a status word). */
  paint?: (row: number, column: number, text: string) => string;
}

/** The last column keeps this much before other columns are cut. */
const LAST_KEEPS = 12;

/** Narrow `widths` (in place) until the table fits `room`; returns the width still over. */
function fit(cols: TableColumn[], widths: number[], room: number): number {
  const last = widths.length - 1;
  let over = widths.reduce((a, b) => a + b, 0) - room;
  const take = (i: number, floor: number) => {
    const give = Math.min(over, Math.max(0, widths[i]! - floor));
    widths[i]! -= give;
    over -= give;
  };
  if (over > 0) take(last, Math.min(widths[last]!, LAST_KEEPS));
  const ranks = [...new Set(cols.map((c) => c.shrinkRank ?? 0))].sort((a, b) => a - b);
  for (const rank of ranks) {
    while (over > 0) {
      // The widest column of this rank that may still give, one column at a time (keeps them balanced).
      let pick = -1;
      cols.forEach((c, i) => {
        const can = i !== last && (c.shrinkRank ?? 0) === rank && c.shrinkTo !== undefined && widths[i]! > c.shrinkTo;
        if (can && (pick < 0 || widths[i]! > widths[pick]!)) pick = i;
      });
      if (pick < 0) break;
      take(pick, widths[pick]! - 1);
    }
  }
  if (over > 0) take(last, 1);
  return Math.max(0, over);
}

/** The table as lines, without newlines. An empty `rows` still yields the header. */
/**
 * What a cell may put on the terminal: line breaks and tabs become spaces, and other control
 * characters (an escape in an identifier or a command could move the cursor or retitle the
 * window) are shown as `^[`-style escapes instead of being sent raw.
 */
export function visible(text: string): string {
  return text
    .replace(/[\r\n\t]/g, " ")
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === "\x7f" ? "^?" : `^${String.fromCharCode(c.charCodeAt(0) + 64)}`))
    .replace(/[\u0080-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function renderTable(columns: ReadonlyArray<string | TableColumn>, rows: ReadonlyArray<ReadonlyArray<string>>, opts: TableOptions = {}): string[] {
  const cols: TableColumn[] = columns.map((c) => (typeof c === "string" ? { header: c } : c));
  const gap = " ".repeat(opts.gap ?? 2);
  const showHeader = opts.header ?? true;
  const marker = opts.marker ?? "●";
  const markerWidth = opts.marked ? stringWidth(marker) + 1 : 0;

  const cells = rows.map((row) =>
    cols.map((c, i) => {
      const v = visible(row[i] ?? "");
      return c.maxWidth !== undefined ? truncate(v, c.maxWidth) : v;
    }),
  );
  const widths = cols.map((c, i) => Math.max(showHeader ? stringWidth(c.header) : 0, ...cells.map((r) => stringWidth(r[i]!))));

  let overflow = 0;
  if (opts.maxWidth !== undefined && cols.length > 0) {
    const fixed = markerWidth + gap.length * (cols.length - 1);
    const before = widths.slice();
    overflow = fit(cols, widths, Math.max(cols.length, opts.maxWidth - fixed));
    cols.forEach((_, i) => {
      if (widths[i]! < before[i]!) for (const r of cells) r[i] = truncate(r[i]!, widths[i]!);
    });
  }
  if (opts.paint) cells.forEach((r, ri) => r.forEach((v, ci) => (r[ci] = opts.paint!(ri, ci, v))));

  const line = (values: string[], prefix: string): string => {
    const parts = values.map((v, i) => {
      const isLast = i === values.length - 1;
      const align = cols[i]!.align ?? "left";
      // The last left-aligned cell is not padded: no trailing spaces.
      return isLast && align === "left" ? v : pad(v, widths[i]!, align);
    });
    return (prefix + parts.join(gap)).trimEnd();
  };

  const out: string[] = [];
  const blank = " ".repeat(markerWidth);
  if (showHeader) out.push(line(cols.map((c, i) => (stringWidth(c.header) > widths[i]! ? truncate(c.header, widths[i]!) : c.header)), blank));
  cells.forEach((r, i) => out.push(line(r, opts.marked?.[i] ? `${marker} ` : blank)));
  // Even the narrowest columns do not fit: cut each line at the edge rather than let it wrap.
  return overflow > 0 ? out.map((l) => truncate(l, opts.maxWidth!, "").trimEnd()) : out;
}
