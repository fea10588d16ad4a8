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
import { Line } from "./render-line.js";

// Parser states (a reduced VT500 parser: no C1 8-bit controls, which UTF-8 output never uses).
const GROUND = 0;
const ESC = 1; // after ESC
const ESC_INTER = 2; // ESC + intermediate bytes (charset designation `ESC ( B` and the like)
const CSI = 3; // ESC [ params intermediates final
const OSC = 4; // ESC ] ... BEL or ESC \
const STR = 5; // DCS, SOS, PM, APC: ... ESC \

/** Longest CSI parameter string kept (longer ones are consumed and ignored). */
const MAX_PARAMS = 64;

/** The k-th numeric parameter of a CSI sequence; missing or 0 gives the default. */
function arg(params: string, k: number, dflt: number): number {
  const v = parseInt(params.split(";")[k] ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

/**
 * Incremental renderer: feed chunks as they arrive (UTF-8 and escape sequences may be split
 * across chunks), get back the lines completed so far; `partial()` is the line being written.
 */
export class LineRenderer {
  private decoder = new StringDecoder("utf8");
  private state = GROUND;
  private params = "";
  /** The line being written and the lines completed (render-line.ts). */
  private line = new Line();

  /** Feed raw bytes (or already-decoded text); returns the lines completed by them. */
  push(chunk: Buffer | Uint8Array | string): string[] {
    this.feed(typeof chunk === "string" ? chunk : this.decoder.write(chunk as Buffer));
    return this.line.take();
  }

  /** The line being written (main screen), rendered; "" when there is none. */
  partial(): string {
    return this.line.partial();
  }

  /**
   * Output was lost before the next chunk (a raw log rotated past a reader): the line being
   * written is abandoned, and the text up to the next line end is dropped rather than glued to it.
   */
  skipLine(): void {
    this.line.skipLine();
    this.state = GROUND;
  }

  /** The input is over: the lines still pending, the unfinished last line included. */
  end(): string[] {
    this.feed(this.decoder.end());
    const done = this.line.take();
    const last = this.partial();
    if (last !== "") done.push(last);
    this.line.clear();
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
        if (j > i) this.line.print(j - i === n ? s : s.slice(i, j));
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
        this.line.newline();
        break;
      case 0x0d: // CR
        this.line.carriageReturn();
        break;
      case 0x08: // BS
        this.line.move(-1);
        break;
      case 0x09: // TAB: kept as a character
        this.line.print("\t");
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
        this.line.saveColumn();
        return;
      case 0x38: // 8  DECRC
        this.line.restoreColumn();
        return;
      case 0x45: // E  NEL
      case 0x44: // D  IND
        this.line.newline();
        return;
      case 0x63: // c  RIS: a full reset leaves the alternate screen
        this.line.leaveAlt();
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
            if (final === 0x68) this.line.enterAlt();
            else this.line.leaveAlt();
          }
        }
      }
      return;
    }
    if (this.line.inAlt || (p !== "" && !/^[\d;:]*$/.test(p))) return; // alt screen, or `>`/`=`/`<` private forms
    switch (final) {
      case 0x44: // D  CUB
        this.line.move(-arg(p, 0, 1));
        break;
      case 0x43: // C  CUF
      case 0x61: // a  HPR
        this.line.move(arg(p, 0, 1));
        break;
      case 0x47: // G  CHA
      case 0x60: // `  HPA
        this.line.moveTo(arg(p, 0, 1) - 1);
        break;
      case 0x48: // H  CUP: the row is not ours to follow, the column is
      case 0x66: // f  HVP
        this.line.moveTo(arg(p, 1, 1) - 1);
        break;
      case 0x45: // E  CNL
      case 0x46: // F  CPL
        this.line.moveTo(0);
        break;
      case 0x4b: // K  EL
        this.line.erase(parseInt(p || "0", 10) || 0);
        break;
      case 0x4a: // J  ED: the rows above and below are not kept here, this line is
        this.line.erase(Math.min(parseInt(p || "0", 10) || 0, 2));
        break;
      case 0x50: // P  DCH
        this.line.deleteCells(arg(p, 0, 1));
        break;
      case 0x40: // @  ICH
        this.line.insertCells(arg(p, 0, 1));
        break;
      case 0x58: // X  ECH
        this.line.eraseCells(arg(p, 0, 1));
        break;
      case 0x73: // s  SCOSC
        if (p === "") this.line.saveColumn();
        break;
      case 0x75: // u  SCORC
        if (p === "") this.line.restoreColumn();
        break;
      // m (colours) and everything else: nothing to do in a log
    }
  }
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
