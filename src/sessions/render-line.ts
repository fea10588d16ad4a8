// The line being written, as the raw-output renderer (render.ts) edits it: its cells, the cursor's
// column within it, the column saved by DECSC/SCOSC, the main screen's line kept while a program
// paints the alternate screen, and the lines completed so far. The rules are render.ts's header.

/** An erased or skipped cell: a space inside the line, nothing at its end. */
const GAP = "\u0000";

interface LineState {
  text: string;
  cells: string[] | null;
  col: number;
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

function renderLine(text: string, cells: string[] | null): string {
  if (cells === null) return text;
  let end = cells.length;
  while (end > 0 && cells[end - 1] === GAP) end--;
  let s = "";
  for (let k = 0; k < end; k++) s += cells[k] === GAP ? " " : cells[k];
  return s;
}

export class Line {
  private out: string[] = [];
  // Fast mode: `cells` is null and the line is `text`; `col` -1 means the cursor is at its end
  // (the common case: plain output just appends). Any cursor move or overwrite switches to
  // `cells` (one code point each) until the line ends.
  private text = "";
  private cells: string[] | null = null;
  private col = -1;
  private savedCol = -1;
  /** In the alternate screen: the main screen's line, resumed on return. */
  private main: LineState | null = null;
  /** Output was lost: drop text up to the next line end (the tail of a line whose start is gone). */
  private skipping = false;

  /** A program is painting the alternate screen: nothing it does reaches the line. */
  get inAlt(): boolean {
    return this.main !== null;
  }

  /** The lines completed since the last call. */
  take(): string[] {
    const done = this.out;
    this.out = [];
    return done;
  }

  /** The line being written (main screen), rendered; "" when there is none. */
  partial(): string {
    if (this.skipping) return "";
    return this.main ? renderLine(this.main.text, this.main.cells) : renderLine(this.text, this.cells);
  }

  /** No line is being written any more (the input ended). */
  clear(): void {
    this.text = "";
    this.cells = null;
    this.col = -1;
    this.main = null;
  }

  /** Output was lost: the line being written is abandoned, and the text up to the next line end dropped. */
  skipLine(): void {
    this.clear();
    this.skipping = true;
  }

  print(t: string): void {
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

  newline(): void {
    if (this.main) return;
    if (this.skipping) this.skipping = false;
    else this.out.push(renderLine(this.text, this.cells));
    this.text = "";
    this.cells = null;
    this.col = -1;
  }

  carriageReturn(): void {
    if (!this.main) this.col = this.cells === null && this.text === "" ? -1 : 0;
  }

  /** Move the cursor `by` columns (left when negative, never before column 0). */
  move(by: number): void {
    if (!this.main) this.col = Math.max(0, this.column() + by);
  }

  /** Put the cursor at column `col` (0-based). */
  moveTo(col: number): void {
    if (!this.main) this.col = Math.max(0, col);
  }

  saveColumn(): void {
    if (!this.main) this.savedCol = this.column();
  }

  restoreColumn(): void {
    if (!this.main && this.savedCol >= 0) this.col = this.savedCol;
  }

  /** EL: 0 from the cursor to the end, 1 from the start to the cursor, 2 all of it. */
  erase(mode: number): void {
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

  /** DCH: `n` cells at the cursor removed, the rest moving left. */
  deleteCells(n: number): void {
    this.materialize().splice(this.col, n);
  }

  /** ICH: `n` blank cells inserted at the cursor. */
  insertCells(n: number): void {
    const cells = this.materialize();
    if (this.col < cells.length) cells.splice(this.col, 0, ...new Array<string>(Math.min(n, 4096)).fill(GAP));
  }

  /** ECH: `n` cells from the cursor blanked. */
  eraseCells(n: number): void {
    const cells = this.materialize();
    const end = Math.min(cells.length, this.col + n);
    for (let k = this.col; k < end; k++) cells[k] = GAP;
  }

  enterAlt(): void {
    if (this.main) return;
    this.main = { text: this.text, cells: this.cells, col: this.col };
  }

  leaveAlt(): void {
    if (!this.main) return;
    ({ text: this.text, cells: this.cells, col: this.col } = this.main);
    this.main = null;
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
}
