// gwq tmux send <pattern> [--no-enter] <text...>: type into a session's pane without attaching —
// answer an agent that waits for you. The text arrives exactly as given (never read as key
// names), then Enter unless --no-enter.
//
// Enter is a key press of its own, sent once the program has taken the text: Codex and Gemini
// CLI read keys that arrive in one burst as a paste, and an Enter inside a paste is a new line in
// their input box, not a submit. So the text goes first; then the pane is watched until it has
// shown the text (it changed) and been still for SETTLE_MS (the programs end a paste burst after
// a pause of about a tenth of a second); then Enter. A program that shows nothing (a password
// prompt) gets its Enter after SHOW_MS.
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxSend } from "../_specs-sessions.js";
import { UsageError } from "../../errors.js";
import type { SessionManager } from "../../sessions/manager.js";
import { chooseSessions, manager } from "./_shared.js";

/** Longest wait for the pane to show the text. */
const SHOW_MS = 1500;
/** How long the pane must stay still once it changed. */
const SETTLE_MS = 250;
/** Longest wait in all before Enter goes anyway. */
const MAX_MS = 4000;
const POLL_MS = 40;

async function screen(m: SessionManager, name: string): Promise<string> {
  return (await m.captureScreen(name, 200).catch(() => [])).join("\n");
}

/** Resolve once the pane has taken what was typed (or the waits above ran out). */
export async function untilTaken(read: () => Promise<string>, before: string, now = () => Date.now()): Promise<void> {
  const start = now();
  let last = before;
  let changedAt: number | null = null;
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const t = now();
    const current = await read();
    if (current !== last) {
      changedAt = t;
      last = current;
    } else if (changedAt !== null && t - changedAt >= SETTLE_MS) {
      return;
    }
    if (changedAt === null && t - start >= SHOW_MS) return;
    if (t - start >= MAX_MS) return;
  }
}

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof tmuxSend>): Promise<void> {
  const text = args.text.join(" ");
  if (text === "" && !flags.enter) throw new UsageError("nothing to send: the text is empty and --no-enter leaves out Enter");
  const m = manager(ctx);
  const [s] = await chooseSessions(ctx, m, args.pattern, { purpose: "send to" });
  const name = s!.session_name;
  if (text === "" || !flags.enter) {
    await m.sendText(name, text, flags.enter);
    return;
  }
  const before = await screen(m, name);
  await m.sendText(name, text, false);
  await untilTaken(() => screen(m, name), before);
  await m.sendText(name, "", true);
}
