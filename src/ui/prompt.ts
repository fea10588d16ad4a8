// Confirmation prompts (issue 5 may restyle this; the signature stays). A terminal asks; without
// one the caller must have --force, or the action is refused.
import { CancelledError, GwqError } from "../errors.js";
import { canPick } from "./finder.js";

/**
 * Ask "question [y/N]". Without a terminal: refuse with `refusal` (exit 1) unless `force`.
 * Returns normally on yes; throws CancelledError (130) on no / Esc / Ctrl-C.
 */
export async function confirm(question: string, opts: { force?: boolean; refusal: string }): Promise<void> {
  if (opts.force) return;
  if (!canPick()) throw new GwqError(opts.refusal);
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const ac = new AbortController();
  rl.on("SIGINT", () => ac.abort());
  try {
    const answer = (await rl.question(`${question} [y/N] `, { signal: ac.signal })).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") throw new CancelledError();
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    throw new CancelledError();
  } finally {
    rl.close();
  }
}
