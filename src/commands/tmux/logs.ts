// gwq tmux logs <pattern> [-n N] [-f|--follow]
import type { Command } from "commander";
import { GwqError } from "../../errors.js";
import { chooseSessions, flushWarnings, manager } from "./_shared.js";

export default function define(cmd: Command): void {
  cmd
    .argument("<pattern>", "session name, id, identifier, or part of one")
    .option("-n, --lines <n>", "only the last N lines")
    .option("-f, --follow", "keep printing new output until the session ends")
    .action(async (pattern: string, flags: { lines?: string; follow?: boolean }) => {
      let lines: number | undefined;
      if (flags.lines !== undefined) {
        if (!/^\d+$/.test(flags.lines)) throw new GwqError(`invalid --lines "${flags.lines}" (a whole number)`, 2);
        lines = Number(flags.lines);
      }
      const m = manager();
      const [s] = await chooseSessions(m, pattern, { purpose: "show logs of" });
      const write = (ls: string[]) => {
        if (ls.length) process.stdout.write(ls.join("\n") + "\n");
      };
      if (!flags.follow) {
        write(await m.captureHistory(s!.session_name, lines));
        flushWarnings(m);
        return;
      }
      const { followHistory } = await import("../../sessions/follow.js");
      const ac = new AbortController();
      const onInt = () => ac.abort();
      process.once("SIGINT", onInt);
      try {
        await followHistory(m, s!.session_name, write, { lines, signal: ac.signal });
      } finally {
        process.off("SIGINT", onInt);
      }
    });
}
