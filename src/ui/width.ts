// Display width of text in a terminal: what the cursor moves by, not what String#length says.
// CJK and most emoji take two columns; combining marks, zero-width characters and ANSI escape
// sequences take none. Pure; shared by the table renderer, the finder and watch mode.

/** CSI (colours, cursor moves), OSC (titles, links) and two-byte escapes. */
const ANSI = /\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const ANSI_AT_START = /^(?:\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_])/;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

// East Asian Wide / Fullwidth blocks and the emoji that terminals draw two columns wide.
// Sorted [from, to] pairs, searched by bisection.
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4], [0x17000, 0x18aff], [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f202],
  [0x1f210, 0x1f23b], [0x1f240, 0x1f248], [0x1f250, 0x1f251], [0x1f260, 0x1f265], [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = WIDE[mid]!;
    if (cp < from) hi = mid - 1;
    else if (cp > to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one code point takes: 0, 1 or 2. Control characters count 0 (they are not drawn). */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1; // fast path: ASCII and Latin
  if (ZERO_WIDTH.test(ch)) return 0;
  return isWide(cp) ? 2 : 1;
}

export function stripAnsi(s: string): string {
  return s.includes("\x1b") ? s.replace(ANSI, "") : s;
}

/** Display width of `s`, ignoring ANSI escapes. A character after a zero-width joiner adds nothing. */
export function stringWidth(s: string): number {
  let w = 0;
  let joined = false;
  for (const ch of stripAnsi(s)) {
    if (joined) {
      joined = false;
      continue;
    }
    if (ch === "\u200d") joined = true;
    w += charWidth(ch);
  }
  return w;
}

/**
 * Cut `s` to at most `width` columns, keeping its ANSI escapes, ending with `ellipsis` when cut.
 * A reset is appended after a cut that dropped styled text, so colour never leaks past the line.
 */
export function truncate(s: string, width: number, ellipsis = "…"): string {
  if (width <= 0) return "";
  if (stringWidth(s) <= width) return s;
  const room = width - stringWidth(ellipsis);
  let out = "";
  let w = 0;
  let styled = false;
  let i = 0;
  while (i < s.length) {
    if (s[i] === "\x1b") {
      const m = ANSI_AT_START.exec(s.slice(i));
      if (m) {
        out += m[0];
        styled = true;
        i += m[0].length;
        continue;
      }
    }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    const cw = charWidth(ch);
    if (w + cw > room) break;
    out += ch;
    w += cw;
    i += ch.length;
  }
  return out + (room >= 0 ? ellipsis : "") + (styled ? "\x1b[0m" : "");
}

/** Pad `s` with spaces to `width` columns (left-aligned by default); never cuts. */
export function pad(s: string, width: number, align: "left" | "right" = "left"): string {
  const gap = Math.max(0, width - stringWidth(s));
  return align === "left" ? s + " ".repeat(gap) : " ".repeat(gap) + s;
}
