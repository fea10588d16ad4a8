// gwq tmux save <pattern> [file]
import type { Command } from "commander";
import { resolve } from "node:path";
import { chooseSessions, manager } from "./_shared.js";
import { writeOut } from "../../output.js";

export default function define(cmd: Command): void {
  cmd
    .argument("<pattern>", "session name, id, identifier, or part of one")
    .argument("[file]", "where to write (default: tmux.history_save_dir/<session>.log)")
    .action(async (pattern: string, file: string | undefined) => {
      const m = manager();
      const [s] = await chooseSessions(m, pattern, { purpose: "save", candidates: await m.sweep() });
      const path = await m.saveHistory(s!.session_name, file === undefined ? undefined : resolve(file));
      writeOut(`${path}\n`);
    });
}
