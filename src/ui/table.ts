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
   * Total width available (e.g. the terminal's columns). The last column is cut to fit, never the
   * others: the last column is usually the free-text one (COMMAND, PATH).
   */
  maxWidth?: number;
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

  if (opts.maxWidth !== undefined && cols.length > 0) {
    const last = cols.length - 1;
    const fixed = markerWidth + widths.slice(0, last).reduce((a, b) => a + b, 0) + gap.length * last;
    const room = Math.max(1, opts.maxWidth - fixed);
    if (widths[last]! > room) {
      widths[last] = room;
      for (const r of cells) r[last] = truncate(r[last]!, room);
    }
  }

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
  return out;
}
