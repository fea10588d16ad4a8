// The finder's frame as lines of text: pure, so layout, scrolling and highlighting are unit-tested
// without a terminal. finder.ts owns the state and the terminal; this only draws.
//
// Layout (fzf's `--layout=reverse`: reads top-down, like the tables gwq prints):
//
//   session> api█                      │ preview of the
//     2/7 ───────────────────────────  │ current item
//   > gwq-run-api-20250101             │
//     gwq-task-api-docs                │
//
// The preview sits on the right (half the width) when the terminal is at least 80 columns wide,
// otherwise below the list (half the rows under a rule).
import { charWidth, pad, stringWidth, stripAnsi, truncate } from "./width.js";

export const STYLE = {
  match: "\x1b[1;32m", // matched characters: bold green
  pointer: "\x1b[1;31m", // the `>` of the current line
  current: "\x1b[1m", // the current line's text
  marker: "\x1b[1;35m",
  dim: "\x1b[2m",
  reset: "\x1b[0m",
} as const;

export interface ViewItem {
  text: string;
  /** Matched character indices (UTF-16) in `text`. */
  positions: readonly number[];
  marked: boolean;
}

export interface ViewState {
  width: number;
  height: number;
  prompt: string;
  query: string;
  /** Cursor position in `query`, in UTF-16 units. */
  cursor: number;
  /** The matching items, best first (all of them; the view shows a window). */
  items: readonly ViewItem[];
  /** Index in `items` of the current line. */
  current: number;
  /** Index in `items` of the first visible line (from `scrollTo`). */
  offset: number;
  total: number;
  multi: boolean;
  markedCount: number;
  /** undefined: no preview pane. null: loading. */
  preview?: string | null;
  /** See previewLines. */
  previewHeader?: number;
}

export interface Geometry {
  listRows: number;
  listWidth: number;
  preview: { row: number; col: number; width: number; height: number; side: "right" | "bottom" } | null;
}

const HEADER_ROWS = 2; // prompt line, info line

export function geometry(width: number, height: number, withPreview: boolean): Geometry {
  const body = Math.max(0, height - HEADER_ROWS);
  if (!withPreview || width < 20 || height < 6) return { listRows: body, listWidth: width, preview: null };
  if (width >= 80) {
    const listWidth = Math.floor(width / 2);
    return { listRows: body, listWidth, preview: { row: 0, col: listWidth + 2, width: width - listWidth - 2, height, side: "right" } };
  }
  const listRows = Math.max(1, Math.floor(body / 2));
  const row = HEADER_ROWS + listRows + 1;
  return { listRows, listWidth: width, preview: { row, col: 0, width, height: height - row, side: "bottom" } };
}

/** The scroll offset that keeps `current` visible, moving as little as possible from `offset`. */
export function scrollTo(current: number, offset: number, rows: number, count: number): number {
  if (rows <= 0 || count <= rows) return 0;
  let o = Math.min(Math.max(0, offset), count - rows);
  if (current < o) o = current;
  else if (current >= o + rows) o = current - rows + 1;
  return o;
}

/** One item's text cut to `width`, matched characters highlighted. Keeps the last match in view. */
export function highlight(text: string, positions: readonly number[], width: number, base = ""): string {
  const clean = text.replace(/\t/g, " ");
  const chars: { ch: string; at: number; w: number }[] = [];
  for (let i = 0; i < clean.length; ) {
    const ch = String.fromCodePoint(clean.codePointAt(i)!);
    chars.push({ ch, at: i, w: charWidth(ch) });
    i += ch.length;
  }
  const hit = new Set(positions);
  const total = chars.reduce((a, c) => a + c.w, 0);
  let from = 0;
  let to = chars.length;
  let lead = "";
  let tail = "";
  if (total > width) {
    // Cut the end with `…`, unless that would hide the last match: then cut the start instead.
    const lastHit = positions.length ? positions[positions.length - 1]! : -1;
    let upTo = 0;
    for (const c of chars) {
      upTo += c.w;
      if (c.at >= lastHit) break;
    }
    if (lastHit >= 0 && upTo > width - 1) {
      lead = "…";
      let w = total;
      while (from < chars.length && w > width - 1) w -= chars[from++]!.w;
    } else {
      tail = "…";
      let w = 0;
      to = 0;
      while (to < chars.length && w + chars[to]!.w <= width - 1) w += chars[to++]!.w;
    }
  }
  let out = base + lead;
  let on = false;
  for (let k = from; k < to; k++) {
    const c = chars[k]!;
    const isHit = hit.has(c.at);
    if (isHit && !on) out += STYLE.match;
    if (!isHit && on) out += STYLE.reset + base;
    on = isHit;
    out += c.ch;
  }
  if (on) out += STYLE.reset + base;
  return out + tail + (base ? STYLE.reset : "");
}

function itemLine(item: ViewItem, isCurrent: boolean, multi: boolean, width: number): string {
  const pointer = isCurrent ? `${STYLE.pointer}>${STYLE.reset}` : " ";
  const mark = multi ? (item.marked ? `${STYLE.marker}*${STYLE.reset}` : " ") : "";
  const prefixWidth = (multi ? 2 : 1) + 1;
  if (width <= prefixWidth) return truncate(pointer + mark, width, "");
  return pointer + mark + " " + highlight(item.text, item.positions, width - prefixWidth, isCurrent ? STYLE.current : "");
}

/**
 * Preview text as display lines for a pane `width` x `height`: escapes stripped, tabs expanded,
 * lines cut. Long text shows its top; with `header` set, the first `header` lines stay on top and
 * the rest shows its END (a session's latest output), trailing blank lines dropped.
 */
export function previewLines(text: string, width: number, height: number, header?: number): string[] {
  let lines = stripAnsi(text).replace(/\r/g, "").split("\n");
  if (header !== undefined && lines.length > height) {
    const top = lines.slice(0, header);
    const rest = lines.slice(header);
    while (rest.length && rest[rest.length - 1]!.trim() === "") rest.pop();
    lines = [...top, ...rest.slice(Math.max(0, rest.length - Math.max(0, height - top.length)))];
  }
  return lines.slice(0, height).map((l) => truncate(l.replace(/\t/g, "    ").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ""), width));
}

export interface Frame {
  lines: string[];
  /** Where the terminal cursor goes: after the query's cursor. */
  cursorRow: number;
  cursorCol: number;
}

export function renderFrame(s: ViewState): Frame {
  const g = geometry(s.width, s.height, s.preview !== undefined);
  const lw = g.listWidth;
  const left: string[] = [];

  const beforeCursor = s.prompt + s.query.slice(0, s.cursor);
  left.push(truncate(s.prompt + s.query, lw, ""));
  const counts = `  ${s.items.length}/${s.total}` + (s.multi && s.markedCount > 0 ? ` (${s.markedCount})` : "") + " ";
  left.push(truncate(STYLE.dim + counts + "─".repeat(Math.max(0, lw - stringWidth(counts))) + STYLE.reset, lw, ""));
  const offset = scrollTo(s.current, s.offset, g.listRows, s.items.length);
  for (let r = 0; r < g.listRows; r++) {
    const item = s.items[offset + r];
    left.push(item ? itemLine(item, offset + r === s.current, s.multi, lw) : "");
  }

  let lines = left;
  const p = g.preview;
  if (p) {
    const body = s.preview === null ? [`${STYLE.dim}loading…${STYLE.reset}`] : previewLines(s.preview ?? "", p.width, p.height, s.previewHeader);
    if (p.side === "right") {
      lines = [];
      for (let r = 0; r < s.height; r++) lines.push(pad(left[r] ?? "", lw) + `${STYLE.dim}│${STYLE.reset} ` + (body[r] ?? ""));
    } else {
      lines = [...left, STYLE.dim + "─".repeat(s.width) + STYLE.reset, ...Array.from({ length: p.height }, (_, r) => body[r] ?? "")];
    }
  }
  return { lines: lines.slice(0, s.height), cursorRow: 0, cursorCol: Math.min(stringWidth(beforeCursor), lw - 1) };
}
