// Raw pane bytes (what tmux's pipe-pane writes: CR LF, colours, cursor moves, OSC, the alternate
// screen) turned into lines as a person read them on the screen. Not a terminal emulator: there
// are no rows, only the line being written, because a log is a sequence of lines:
// - escape sequences are removed (CSI, OSC up to BEL or ST, DCS/SOS/PM/APC up to ST, charset
//   designations and the other two- and three-byte ESC sequences);
// - `\r` returns to column 0 and later characters overwrite what was there (a CR progress bar
//   ends in its final state); backspace, `ESC[nD/C/G/H` (column only), `ESC[K` (0/1/2), and the
//   line-editing sequences a shell sends (`ESC[nP/@/X`) act within the line;
// - LF (and VT/FF) end the line; a line is never wrapped however wide it is;
// - a tab is kept as a tab; a cell is one code point (wide and combining characters are not
//   measured: only cursor arithmetic within a line could tell, and it is rare in logs);
// - moving the cursor up or down is ignored: a program that redraws lines above (multi-line
//   progress) shows each redraw as new lines, which is what it printed, in order.
//
// The alternate screen (`ESC[?1049h`, `?1047h`, `?47h` … `l`): what a full-screen program paints
// there is a picture, not output, and it is gone from the screen when the program leaves. So it
// is dropped: everything printed before the switch and after the return is kept, and the line
// that was being written when the program switched is resumed as it was (`?1049` restores the
// cursor). A program still in the alternate screen when the log ends has painted nothing we keep.
import { StringDecoder } from "node:string_decoder";

/** An erased or skipped cell: a space inside the line, nothing at its end. */
const GAP = "\u0000";

// Parser states (a reduced VT500 parser: no C1 8-bit controls, which UTF-8 output never uses).
const GROUND = 0;
const ESC = 1; // after ESC
const ESC_INTER = 2; // ESC + intermediate bytes (charset designation `ESC ( B` and the like)
const CSI = 3; // ESC [ params intermediates final
const OSC = 4; // ESC ] ... BEL or ESC \
const STR = 5; // DCS, SOS, PM, APC: ... ESC \

/** Longest CSI parameter string kept (longer ones are consumed and ignored). */
const MAX_PARAMS = 64;

interface LineState {
  text: string;
  cells: string[] | null;
  col: number;
}

/** The k-th numeric parameter of a CSI sequence; missing or 0 gives the default. */
function arg(params: string, k: number, dflt: number): number {
  const v = parseInt(params.split(";")[k] ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

/** Code points in a string (astral characters count once). */
function cpLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/**
 * Incremental renderer: feed chunks as they arrive (UTF-8 and escape sequences may be split
 * across chunks), get back the lines completed so far; `partial()` is the line being written.
 */
export class LineRenderer {
  private decoder = new StringDecoder("utf8");
  private state = GROUND;
  private params = "";
  private out: string[] = [];
  // The current line. Fast mode: `cells` is null and the line is `text`; `col` -1 means the
  // cursor is at its end (the common case: plain output just appends). Any cursor move or
  // overwrite switches to `cells` (one code point each) until the line ends.
  private text = "";
  private cells: string[] | null = null;
  private col = -1;
  private savedCol = -1;
  /** In the alternate screen: the main screen's line, resumed on return. */
  private main: LineState | null = null;
  /** Output was lost: drop text up to the next line end (the tail of a line whose start is gone). */
  private skipping = false;

  /** Feed raw bytes (or already-decoded text); returns the lines completed by them. */
  push(chunk: Buffer | Uint8Array | string): string[] {
    this.feed(typeof chunk === "string" ? chunk : this.decoder.write(chunk as Buffer));
    const done = this.out;
    this.out = [];
    return done;
  }

  /** The line being written (main screen), rendered; "" when there is none. */
  partial(): string {
    if (this.skipping) return "";
    return this.main ? renderLine(this.main.text, this.main.cells) : renderLine(this.text, this.cells);
  }

  /**
   * Output was lost before the next chunk (a raw log rotated past a reader): the line being
   * written is abandoned, and the text up to the next line end is dropped rather than glued to it.
   */
  skipLine(): void {
    this.text = "";
    this.cells = null;
    this.col = -1;
    this.main = null;
    this.state = GROUND;
    this.skipping = true;
  }

  /** The input is over: the lines still pending, the unfinished last line included. */
  end(): string[] {
    this.feed(this.decoder.end());
    const done = this.out;
    this.out = [];
    const last = this.partial();
    if (last !== "") done.push(last);
    this.text = "";
    this.cells = null;
    this.col = -1;
    this.main = null;
    return done;
  }

  private feed(s: string): void {
    const n = s.length;
    let i = 0;
    while (i < n) {
      if (this.state === GROUND) {
        // Fast path: a run of printable characters in one slice.
        let j = i;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) break;
          j++;
        }
        if (j > i) this.print(j - i === n ? s : s.slice(i, j));
        if (j >= n) return;
        const c = s.charCodeAt(j);
        if (c === 0x1b && s.charCodeAt(j + 1) === 0x5b) {
          // Fast path: a whole CSI sequence (colours, mostly) inside this piece.
          let k = j + 2;
          while (k < n) {
            const d = s.charCodeAt(k);
            if (d < 0x20 || d >= 0x40) break;
            k++;
          }
          const f = k < n ? s.charCodeAt(k) : 0;
          if (f >= 0x40 && f <= 0x7e) {
            if (f !== 0x6d) {
              this.params = k - j - 2 <= MAX_PARAMS ? s.slice(j + 2, k) : "";
              this.csi(f);
            }
            i = k + 1;
            continue;
          }
        }
        this.control(c);
        i = j + 1;
        continue;
      }
      const c = s.charCodeAt(i++);
      switch (this.state) {
        case ESC:
          this.escape(c);
          break;
        case ESC_INTER:
          if (c === 0x1b) this.state = ESC;
          else if (c >= 0x30 && c <= 0x7e) this.state = GROUND;
          else if (c < 0x20) this.control(c);
          break;
        case CSI:
          if (c >= 0x40 && c <= 0x7e) {
            this.state = GROUND;
            this.csi(c);
          } else if (c >= 0x20 && c < 0x40) {
            if (this.params.length < MAX_PARAMS) this.params += s[i - 1];
          } else if (c === 0x1b) {
            this.state = ESC;
          } else if (c === 0x18 || c === 0x1a) {
            this.state = GROUND; // CAN, SUB: sequence cancelled
          } else if (c < 0x20) {
            this.control(c); // a C0 control inside CSI is executed (VT behaviour)
          }
          break;
        case OSC:
          if (c === 0x07) this.state = GROUND;
          else if (c === 0x1b) this.state = ESC; // ESC \ (ST); the `\` is a final ESC byte
          else if (c === 0x18 || c === 0x1a) this.state = GROUND;
          break;
        case STR:
          if (c === 0x1b) this.state = ESC;
          else if (c === 0x18 || c === 0x1a) this.state = GROUND;
          break;
      }
    }
  }

  /** A C0 control (or DEL / a C1 code point) met in the ground state. */
  private control(c: number): void {
    switch (c) {
      case 0x0a: // LF
      case 0x0b: // VT
      case 0x0c: // FF
        this.newline();
        break;
      case 0x0d: // CR
        if (!this.main) this.col = this.cells === null && this.text === "" ? -1 : 0;
        break;
      case 0x08: // BS
        if (!this.main) this.col = Math.max(0, this.column() - 1);
        break;
      case 0x09: // TAB: kept as a character
        this.print("\t");
        break;
      case 0x1b:
        this.state = ESC;
        break;
      default:
        // NUL, BEL, SO/SI, DEL, C1 code points...: nothing to show
        break;
    }
  }

  private escape(c: number): void {
    this.state = GROUND;
    switch (c) {
      case 0x5b: // [
        this.state = CSI;
        this.params = "";
        return;
      case 0x5d: // ]
        this.state = OSC;
        return;
      case 0x50: // P  DCS
      case 0x58: // X  SOS
      case 0x5e: // ^  PM
      case 0x5f: // _  APC
        this.state = STR;
        return;
      case 0x1b:
        this.state = ESC;
        return;
      case 0x37: // 7  DECSC
        if (!this.main) this.savedCol = this.column();
        return;
      case 0x38: // 8  DECRC
        if (!this.main && this.savedCol >= 0) this.col = this.savedCol;
        return;
      case 0x45: // E  NEL
      case 0x44: // D  IND
        this.newline();
        return;
      case 0x63: // c  RIS: a full reset leaves the alternate screen
        this.leaveAlt();
        return;
    }
    if (c >= 0x20 && c <= 0x2f) this.state = ESC_INTER;
    else if (c < 0x20) this.control(c);
    // Any other final byte (`\` of ST, `=`, `>`, `M`...): a complete sequence with no effect here.
  }

  private csi(final: number): void {
    if (final === 0x6d /* m */) return; // colours: the most common sequence, nothing to do
    const p = this.params;
    if (p.charCodeAt(0) === 0x3f /* ? */) {
      if (final === 0x68 /* h */ || final === 0x6c /* l */) {
        for (const mode of p.slice(1).split(";")) {
          if (mode === "1049" || mode === "1047" || mode === "47") {
            if (final === 0x68) this.enterAlt();
            else this.leaveAlt();
          }
        }
      }
      return;
    }
    if (this.main || (p !== "" && !/^[\d;:]*$/.test(p))) return; // alt screen, or `>`/`=`/`<` private forms
    switch (final) {
      case 0x44: // D  CUB
        this.col = Math.max(0, this.column() - arg(p, 0, 1));
        break;
      case 0x43: // C  CUF
      case 0x61: // a  HPR
        this.col = this.column() + arg(p, 0, 1);
        break;
      case 0x47: // G  CHA
      case 0x60: // `  HPA
        this.col = arg(p, 0, 1) - 1;
        break;
      case 0x48: // H  CUP: the row is not ours to follow, the column is
      case 0x66: // f  HVP
        this.col = arg(p, 1, 1) - 1;
        break;
      case 0x45: // E  CNL
      case 0x46: // F  CPL
        this.col = 0;
        break;
      case 0x4b: // K  EL
        this.erase(parseInt(p || "0", 10) || 0);
        break;
      case 0x4a: // J  ED: the rows above and below are not kept here, this line is
        this.erase(Math.min(parseInt(p || "0", 10) || 0, 2));
        break;
      case 0x50: // P  DCH
        this.materialize().splice(this.col, arg(p, 0, 1));
        break;
      case 0x40: { // @  ICH
        const cells = this.materialize();
        if (this.col < cells.length) cells.splice(this.col, 0, ...new Array<string>(Math.min(arg(p, 0, 1), 4096)).fill(GAP));
        break;
      }
      case 0x58: { // X  ECH
        const cells = this.materialize();
        const end = Math.min(cells.length, this.col + arg(p, 0, 1));
        for (let k = this.col; k < end; k++) cells[k] = GAP;
        break;
      }
      case 0x73: // s  SCOSC
        if (p === "") this.savedCol = this.column();
        break;
      case 0x75: // u  SCORC
        if (p === "" && this.savedCol >= 0) this.col = this.savedCol;
        break;
      // m (colours) and everything else: nothing to do in a log
    }
  }

  /** The cursor's column as a number. */
  private column(): number {
    if (this.col >= 0) return this.col;
    return this.cells === null ? cpLength(this.text) : this.cells.length;
  }

  private materialize(): string[] {
    if (this.cells === null) {
      const col = this.column();
      this.cells = Array.from(this.text);
      this.text = "";
      this.col = col;
    } else if (this.col < 0) {
      this.col = this.cells.length;
    }
    return this.cells;
  }

  private erase(mode: number): void {
    if (mode === 2 || (mode === 0 && this.col === 0)) {
      // The whole line (or all of it from column 0) is blank: start it again, cursor kept.
      const col = this.column();
      this.text = "";
      this.cells = null;
      this.col = col === 0 ? -1 : col;
      return;
    }
    if (mode === 0) {
      if (this.col < 0) return; // at the end already
      const cells = this.materialize();
      if (this.col < cells.length) cells.length = this.col;
    } else if (mode === 1) {
      const cells = this.materialize();
      const end = Math.min(cells.length - 1, this.col);
      for (let k = 0; k <= end; k++) cells[k] = GAP;
    }
  }

  private print(t: string): void {
    if (this.main || this.skipping) return;
    if (this.cells === null) {
      if (this.col < 0) {
        this.text += t;
        return;
      }
      // From column 0, text at least as long as the line replaces all of it (a CR progress bar).
      if (this.col === 0 && (this.text === "" || (t.length >= this.text.length && cpLength(t) >= cpLength(this.text)))) {
        this.text = t;
        this.col = -1;
        return;
      }
    }
    const cells = this.materialize();
    let col = this.col;
    for (const ch of t) {
      while (cells.length < col) cells.push(GAP);
      cells[col++] = ch;
    }
    this.col = col;
  }

  private newline(): void {
    if (this.main) return;
    if (this.skipping) this.skipping = false;
    else this.out.push(renderLine(this.text, this.cells));
    this.text = "";
    this.cells = null;
    this.col = -1;
  }

  private enterAlt(): void {
    if (this.main) return;
    this.main = { text: this.text, cells: this.cells, col: this.col };
  }

  private leaveAlt(): void {
    if (!this.main) return;
    ({ text: this.text, cells: this.cells, col: this.col } = this.main);
    this.main = null;
  }
}

function renderLine(text: string, cells: string[] | null): string {
  if (cells === null) return text;
  let end = cells.length;
  while (end > 0 && cells[end - 1] === GAP) end--;
  let s = "";
  for (let k = 0; k < end; k++) s += cells[k] === GAP ? " " : cells[k];
  return s;
}

/** Render a whole raw log into lines (the unfinished last line included when not empty). */
export function renderLines(raw: Buffer | Uint8Array): string[] {
  const r = new LineRenderer();
  const lines: string[] = [];
  // In slices: keeps every decoded string small, whatever the file's size.
  const STEP = 1 << 18;
  for (let off = 0; off < raw.length; off += STEP) {
    for (const l of r.push(raw.subarray(off, Math.min(raw.length, off + STEP)))) lines.push(l);
  }
  for (const l of r.end()) lines.push(l);
  return lines;
}

/** The last `n` lines (all of them when n is undefined or larger). */
export function tail(lines: string[], n?: number): string[] {
  if (n === undefined || n >= lines.length) return lines;
  return n <= 0 ? [] : lines.slice(lines.length - n);
}
