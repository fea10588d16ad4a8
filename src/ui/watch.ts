// Watch mode (`status --watch`, `tmux list --watch`): render, draw in place, wait, repeat, until
// Ctrl-C (or `q`, or SIGINT/SIGTERM/SIGHUP, or opts.signal).
//
// Drawing: on the alternate screen, cursor hidden, through the shared screen writer (screen.ts):
// only rows that changed are rewritten, nothing is erased before it is overwritten, so there is no
// flicker. Lines are cut to the terminal width and the frame to its height, so a narrow or short
// terminal never scrolls. A resize redraws at once and re-renders.
//
// Ending: the terminal is given back exactly as it was (main screen back, cursor shown, raw mode
// off) and the promise RESOLVES: Ctrl-C is the only way out of a watch, so it is its normal end,
// not a cancelled choice — the caller exits 0, as Go gwq's `status --watch` does. (Exit 130 is for
// a cancelled prompt or finder, where the user declined to act.)
//
// Without a terminal on stdout (piped, redirected) frames are printed one after another, plainly,
// separated by a blank line, with no escape codes.
//
// Memory stays flat over any number of refreshes: each wait makes its own promise and timer, and
// nothing holds the previous frames except the last one (kept to redraw on resize).
import type { WriteStream } from "node:tty";
import { parseKeys } from "./keys.js";
import { createScreen } from "./screen.js";
import { ESC, frameLines, frameSequence, openTerminal } from "./term.js";

export interface WatchOptions {
  /** Where to draw; default process.stdout. */
  out?: WriteStream;
  /** Stops the loop (as Ctrl-C does) when aborted. */
  signal?: AbortSignal;
  /** Draw on the alternate screen (default true). When false, the screen is cleared at start and
   *  the last frame stays on it after the end, with the prompt below it. */
  altScreen?: boolean;
}

export { frameSequence };

export async function watchLoop(render: () => Promise<string>, intervalMs: number, opts: WatchOptions = {}): Promise<void> {
  const out = opts.out ?? (process.stdout as WriteStream);
  // `gwq status --watch | head` closes the pipe: stop quietly (output.ts does this for the rest).
  out.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  let stopped = opts.signal?.aborted ?? false;
  let wakeSleep: (() => void) | null = null;
  let cancelRender: (() => void) | null = null;
  const stop = () => {
    stopped = true;
    wakeSleep?.();
    cancelRender?.();
  };

  const renderOnce = () =>
    new Promise<string | null>((resolve, reject) => {
      cancelRender = () => resolve(null);
      render().then(resolve, reject);
    }).finally(() => (cancelRender = null));
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wakeSleep = null));

  opts.signal?.addEventListener("abort", stop);
  if (!out.isTTY) {
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    for (const s of signals) process.on(s, stop);
    try {
      for (let first = true; !stopped; first = false) {
        const text = await renderOnce();
        if (text === null || stopped) break;
        out.write((first ? "" : "\n") + text.replace(/\n?$/, "\n"));
        await sleep(intervalMs);
      }
    } finally {
      for (const s of signals) process.removeListener(s, stop);
      opts.signal?.removeEventListener("abort", stop);
    }
    return;
  }

  const altScreen = opts.altScreen ?? true;
  let last: string | null = null;
  let drawnLines = 0;
  const draw = (text: string) => {
    const lines = frameLines(text).slice(0, term.rows());
    drawnLines = lines.length;
    screen.draw(lines);
  };
  const term = openTerminal({
    out,
    altScreen,
    hideCursor: true,
    onData: (d) => {
      for (const k of parseKeys(d)) if (k.name === "ctrl-c" || k.name === "ctrl-d" || k.ch === "q") stop();
    },
    onResize: () => {
      screen.invalidate();
      if (last !== null) draw(last);
      wakeSleep?.();
    },
    onSignal: stop,
  });
  const screen = createScreen(term);
  if (!altScreen) term.write(ESC.home + "\x1b[2J");
  try {
    while (!stopped) {
      const text = await renderOnce();
      if (text === null || stopped) break;
      last = text;
      draw(text);
      await sleep(intervalMs);
    }
  } finally {
    opts.signal?.removeEventListener("abort", stop);
    // On the main screen, leave the prompt under the last frame rather than over it.
    if (!altScreen) term.write(ESC.moveTo(drawnLines, 0) + ESC.clearDown);
    term.restore();
  }
}
