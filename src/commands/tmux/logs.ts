// gwq tmux logs <pattern> [-n N] [-f|--follow] [--raw]
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxLogs } from "../_specs-sessions.js";
import { GwqError } from "../../errors.js";
import { endFooter } from "../../sessions/format.js";
import type { SavedOutput } from "../../sessions/manager.js";
import type { Session } from "../../sessions/types.js";
import { chooseSessions, manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";
import { whileStdinOpen } from "../../stdin-watch.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof tmuxLogs>): Promise<void> {
  const pattern = args.pattern;
  const lines = flags.lines;
  const m = manager(ctx);
  const live = await m.sweep();
  const write = (text: string) => {
    writeOut(text);
  };
  const writeLines = (ls: string[]) => {
    if (ls.length) write(ls.join("\n") + "\n");
  };
  const printSaved = async (saved: SavedOutput) => {
    if (flags.raw) {
      const raw = await saved.raw();
      if (!raw) throw new GwqError(`no raw output kept for ${saved.record.session_name}`);
      writeOut(raw);
      return;
    }
    const all = await saved.lines();
    writeLines(lines !== undefined ? all.slice(Math.max(0, all.length - lines)) : all);
    writeErr(`[gwq] ${saved.record.session_name} was removed; its kept output is shown\n`);
  };
  // An exact name or id wins, also one whose record is gone (a substring of a live one does not).
  const isExact = (x: { session_name: string; id: string; identifier: string }) => x.session_name === pattern || x.id === pattern || x.identifier === pattern;
  if (!live.some(isExact)) {
    const exactSaved = m.savedOutputs(pattern, { nameOnly: true })[0];
    if (exactSaved) return printSaved(exactSaved);
  }
  let s: Session;
  try {
    [s] = (await chooseSessions(ctx, m, pattern, { purpose: "show logs of", candidates: live })) as [Session];
  } catch (e) {
    // Not a session any more (killed, expired): its kept output is found by name or identifier.
    if (!(e instanceof GwqError) || !/no gwq session/.test(e.message)) throw e;
    const [saved] = m.savedOutputs(pattern);
    if (!saved) throw e;
    return printSaved(saved);
  }
  if (flags.raw) {
    writeOut(await m.rawOutput(s.session_name));
  } else if (flags.follow) {
    const ac = new AbortController();
    const onInt = () => ac.abort();
    process.once("SIGINT", onInt);
    // Followed from another machine (--host): the reader there is gone when stdin closes, and a
    // quiet session would never write to find out (README "Sessions on other machines").
    const letGo = flags.whileStdinOpen ? whileStdinOpen(onInt) : null;
    try {
      s = await m.followHistory(s.session_name, write, { lines, signal: ac.signal, notice: (msg) => writeErr(`[gwq] ${msg}\n`) });
    } finally {
      process.off("SIGINT", onInt);
      letGo?.();
    }
  } else {
    writeLines(await m.captureHistory(s.session_name, lines));
  }
  const footer = endFooter(s);
  if (footer) writeErr(footer + "\n");
}
