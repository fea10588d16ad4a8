// gwq tmux resurrect [pattern] [--dry-run]: what was running when tmux vanished, running again.
import type { Command } from "commander";
import { manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";

export default function define(cmd: Command): void {
  cmd
    .argument("[pattern]", "only sessions matching this")
    .option("--dry-run", "say what would start, start nothing")
    .action(async (pattern: string | undefined, flags: { dryRun?: boolean }) => {
      const m = manager();
      const done = await m.resurrect(pattern, { dryRun: flags.dryRun });
      if (done.length === 0) {
        writeErr("nothing to resurrect (no detached session)\n");
        return;
      }
      for (const d of done) {
        const how = d.resumed ? " (resuming its conversation)" : "";
        writeOut(`${d.old.session_name} -> ${d.session ? d.session.session_name : "(dry run)"}${how}\n`);
      }
    });
}
