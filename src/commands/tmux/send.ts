// gwq tmux send <pattern> [--no-enter] <text...>: type into a session's pane without attaching —
// answer an agent that waits for you. The text arrives exactly as given (never read as key
// names), then Enter unless --no-enter.
import type { Command } from "commander";
import { chooseSessions, manager } from "./_shared.js";

export default function define(cmd: Command): void {
  cmd
    .usage("<pattern> [--no-enter] <text...>")
    .argument("<pattern>", "session name, id, identifier, or part of one")
    .argument("<text...>", "what to type (several words are joined with spaces)")
    .option("--no-enter", "do not press Enter after the text")
    .action(async (pattern: string, words: string[], flags: { enter: boolean }) => {
      const m = manager();
      const [s] = await chooseSessions(m, pattern, { purpose: "send to" });
      await m.sendText(s!.session_name, words.join(" "), flags.enter);
    });
}
