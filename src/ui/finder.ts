// The one fuzzy finder (issue 5 replaces this minimal version; the signature stays).
// Without a terminal it never waits for input: it fails listing the candidates.
import { CancelledError, GwqError } from "../errors.js";

export interface PickOptions<T> {
  /** The line shown (and matched) for an item. */
  label: (item: T) => string;
  /** Allow marking several with Tab (kill, remove). */
  multi?: boolean;
  /** Text for the preview pane, when finder.preview is on. */
  preview?: (item: T) => string | Promise<string>;
  /** Prompt text, e.g. "session> ". */
  prompt?: string;
  /** Typed into the query at start. */
  query?: string;
  /** What is being chosen, for the no-terminal error: "sessions", "worktrees". */
  noun: string;
  /** Why a choice is needed, for the no-terminal error, e.g. `"api" matches several sessions`. */
  reason?: string;
}

export function canPick(): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY;
}

/** Error for a choice that needs a terminal: one line naming every candidate. */
export function noTerminalError<T>(items: T[], opts: PickOptions<T>): GwqError {
  const why = opts.reason ?? `choosing among ${opts.noun} needs a terminal`;
  return new GwqError(`${why}: ${items.map(opts.label).join(", ")} (give an exact name, or run in a terminal)`);
}

/** Let the user choose one item (or several with `multi`). Throws CancelledError on Esc/Ctrl-C. */
export async function pick<T>(items: T[], opts: PickOptions<T>): Promise<T[]> {
  if (!canPick()) throw noTerminalError(items, opts);
  if (items.length === 0) throw new GwqError(`no ${opts.noun} to choose from`);
  const { createInterface } = await import("node:readline/promises");
  items.forEach((it, i) => process.stderr.write(`${i + 1}) ${opts.label(it)}\n`));
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(opts.prompt ?? "number> ")).trim();
    const n = Number(answer);
    if (!answer || !Number.isInteger(n) || n < 1 || n > items.length) throw new CancelledError();
    return [items[n - 1]!];
  } finally {
    rl.close();
  }
}
