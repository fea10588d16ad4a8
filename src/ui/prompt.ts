// Confirmation prompts (kill several, kill --all, remove), on the same footing as the finder:
// a terminal asks; without one the caller must have --force, or the action is refused (exit 1).
//
// The question is written on stderr (stdout may be captured); the answer is a line typed in raw
// mode: `y` or `yes` then Enter goes ahead; anything else then Enter, or Esc / Ctrl-C / Ctrl-D,
// throws CancelledError (exit 130, nothing changed). A line rather than a single key, so a typed
// "yes" never leaks "es" into the shell afterwards.
import type { WriteStream } from "node:tty";
import { CancelledError, GwqError } from "../errors.js";
import { canPick } from "./finder.js";
import { parseKeys } from "./keys.js";
import { openTerminal } from "./term.js";
import { stringWidth } from "./width.js";

/**
 * Ask "question [y/N]". Without a terminal: refuse with `refusal` (exit 1) unless `force`.
 * Returns normally on yes; throws CancelledError (130) on no / Esc / Ctrl-C.
 */
export async function confirm(question: string, opts: { force?: boolean; refusal: string }): Promise<void> {
  if (opts.force) return;
  if (!canPick()) throw new GwqError(opts.refusal);
  const out = (process.stderr.isTTY ? process.stderr : process.stdout) as WriteStream;
  const answer = await readLine(out, `${question} [y/N] `);
  if (answer === null) throw new CancelledError();
  const a = answer.trim().toLowerCase();
  if (a !== "y" && a !== "yes") throw new CancelledError();
}

/** A one-line answer typed after `prompt`, or null when cancelled. Leaves the cursor on a new line. */
function readLine(out: WriteStream, prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    let line = "";
    let done = false;
    const end = (value: string | null) => {
      if (done) return;
      done = true;
      term.restore();
      out.write("\r\n");
      resolve(value);
    };
    const term = openTerminal({
      out,
      onData: (data) => {
        for (const k of parseKeys(data)) {
          if (done) return;
          if (k.name === "enter") return end(line);
          if (k.name === "escape" || k.name === "ctrl-c" || k.name === "ctrl-d" || k.name === "ctrl-g") return end(null);
          if (k.name === "backspace" && line) {
            const last = Array.from(line).pop()!;
            line = line.slice(0, -last.length);
            // Back over the character's columns and blank them.
            const w = stringWidth(last);
            term.write("\b".repeat(w) + " ".repeat(w) + "\b".repeat(w));
          } else if (k.name === "ctrl-u" && line) {
            const w = stringWidth(line);
            line = "";
            term.write("\b".repeat(w) + "\x1b[K");
          } else if (k.name === "char" && line.length < 64) {
            line += k.ch;
            term.write(k.ch!);
          }
        }
      },
      onSignal: () => end(null),
    });
    term.write(prompt);
  });
}
