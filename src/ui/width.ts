// Display width of text in a terminal: what the cursor moves by, not what String#length says.
// CJK and most emoji take two columns; combining marks, zero-width characters and ANSI escape
// sequences take none. Pure; shared by the table renderer, the finder and watch mode.
// Which characters are wide comes from Unicode's East Asian Width data through
// get-east-asian-width (maintained with each Unicode release; emoji presented as emoji are Wide
// there), ambiguous ones narrow as terminals draw them by default.
import { eastAsianWidth } from "get-east-asian-width";

/** CSI (colours, cursor moves), OSC (titles, links) and two-byte escapes. */
const ANSI = /\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const ANSI_AT_START = /^(?:\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_])/;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

/** Columns one code point takes: 0, 1 or 2. Control characters count 0 (they are not drawn). */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1; // fast path: ASCII and Latin
  if (ZERO_WIDTH.test(ch)) return 0;
  return eastAsianWidth(cp);
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
