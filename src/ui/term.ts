// A terminal taken over for a while (finder, prompt, watch mode) and always given back as it was.
//
// `openTerminal` puts stdin in raw mode, optionally switches to the alternate screen and hides the
// cursor, and routes keys, resizes and SIGINT/SIGTERM/SIGHUP to the caller. `restore()` undoes all
// of it and is idempotent; it also runs from a process 'exit' hook, so even a crash or a
// process.exit() elsewhere leaves the cursor shown, raw mode off and the main screen back.
import { writeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { ReadStream, WriteStream } from "node:tty";
import { stringWidth, truncate } from "./width.js";

export const ESC = {
  altOn: "\x1b[?1049h",
  altOff: "\x1b[?1049l",
  hideCursor: "\x1b[?25l",
  showCursor: "\x1b[?25h",
  home: "\x1b[H",
  clearLine: "\x1b[K",
  clearDown: "\x1b[J",
  reset: "\x1b[0m",
  /** Turn line wrapping off/on: a line one column too long must not push the frame down. */
  wrapOff: "\x1b[?7l",
  wrapOn: "\x1b[?7h",
  moveTo: (row: number, col: number) => `\x1b[${row + 1};${col + 1}H`,
} as const;

export interface TermOptions {
  /** Where to draw: a TTY. */
  out: WriteStream;
  /** Keys come from here when it is a TTY (raw mode); default process.stdin. */
  input?: ReadStream;
  /** Draw on the alternate screen, so the user's scrollback is untouched and comes back on exit. */
  altScreen?: boolean;
  hideCursor?: boolean;
  /** Raw input, possibly several keys at once (see keys.ts). */
  onData?: (data: string) => void;
  onResize?: () => void;
  /** SIGINT (e.g. `kill -INT`; Ctrl-C in raw mode arrives as a key), SIGTERM or SIGHUP. */
  onSignal?: (signal: NodeJS.Signals) => void;
}

export interface Term {
  readonly out: WriteStream;
  columns(): number;
  rows(): number;
  write(s: string): void;
  /** Give the terminal back. Safe to call more than once. */
  restore(): void;
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export function openTerminal(opts: TermOptions): Term {
  const out = opts.out;
  const input = opts.input ?? (process.stdin as ReadStream);
  const raw = !!input.isTTY && typeof input.setRawMode === "function";
  const wasRaw = raw ? input.isRaw : false;
  let done = false;

  // A multi-byte character can be split across reads: decode as a stream.
  const decoder = new StringDecoder("utf8");
  const onData = (d: Buffer | string) => {
    const s = typeof d === "string" ? d : decoder.write(d);
    if (s) opts.onData?.(s);
  };
  const onResize = () => opts.onResize?.();
  const signalHandlers = SIGNALS.map((sig) => [sig, () => opts.onSignal?.(sig)] as const);

  const leaveSequence = (): string => ESC.reset + ESC.wrapOn + ESC.showCursor + (opts.altScreen ? ESC.altOff : "");

  // Last resort: runs synchronously on exit, when no async write would get out.
  const onExit = () => {
    if (done) return;
    done = true;
    try {
      if (raw) input.setRawMode(wasRaw);
      writeSync((out as unknown as { fd: number }).fd, leaveSequence());
    } catch {
      // the terminal is gone: nothing to restore
    }
  };

  const term: Term = {
    out,
    columns: () => Math.max(1, out.columns || 80),
    rows: () => Math.max(1, out.rows || 24),
    write: (s) => {
      if (!done) out.write(s);
    },
    restore: () => {
      if (done) return;
      done = true;
      process.removeListener("exit", onExit);
      for (const [sig, h] of signalHandlers) process.removeListener(sig, h);
      out.removeListener("resize", onResize);
      if (raw) {
        input.removeListener("data", onData);
        input.setRawMode(wasRaw);
        input.pause();
      }
      out.write(leaveSequence());
    },
  };

  process.on("exit", onExit);
  for (const [sig, h] of signalHandlers) process.on(sig, h);
  out.on("resize", onResize);
  // Keys only from a terminal: a piped stdin is left alone (it may be the caller's data).
  if (raw) {
    input.setRawMode(true);
    input.on("data", onData);
    input.resume();
  }
  out.write((opts.altScreen ? ESC.altOn + ESC.home + ESC.clearDown : "") + (opts.hideCursor ? ESC.hideCursor : ""));
  return term;
}

/** A frame's text as its lines (a final newline ends the last line, it adds none). */
export const frameLines = (text: string): string[] => text.replace(/\n$/, "").split("\n");

/** One line as it goes on the screen: no carriage return or bell, tabs as spaces, cut to `columns`. */
export const fitLine = (raw: string, columns: number): string => truncate(raw.replace(/[\r\x07]/g, "").replace(/\t/g, "    "), columns, "");

/**
 * A full-screen frame as one write for a `columns` x `rows` terminal: cursor home, each line cut to
 * the width and followed by clear-to-end-of-line, then clear-to-end-of-screen. Nothing is erased
 * before it is overwritten, so redraws do not flicker. Pure.
 */
export function frameSequence(text: string | readonly string[], columns: number, rows: number): { data: string; lines: number } {
  const lines = (typeof text === "string" ? frameLines(text) : text).slice(0, rows);
  const body = lines
    .map((raw) => {
      const line = fitLine(raw, columns);
      const styled = line.includes("\x1b") ? ESC.reset : "";
      // A line that fills the width leaves the cursor on its last cell, where clear-to-end-of-line
      // would erase that cell: clear only lines that are shorter.
      return line + styled + (stringWidth(line) < columns ? ESC.clearLine : "");
    })
    .join("\r\n");
  // Clear below from the start of the next row: clearing from the end of a full-width last line
  // would erase its last cell. A frame that fills every row has nothing below to clear.
  return { data: ESC.home + body + (lines.length < rows ? "\r\n" + ESC.clearDown : ""), lines: lines.length };
}

