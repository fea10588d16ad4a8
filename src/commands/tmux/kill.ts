// gwq tmux kill [pattern] [-i] [--all] [--completed] [--failed] [-f|--force]
import type { Command } from "commander";
import { GwqError } from "../../errors.js";
import { matchSessions } from "../../sessions/match.js";
import type { Session } from "../../sessions/types.js";
import { confirm } from "../../ui/prompt.js";
import { chooseSessions, manager, sessionLabel } from "./_shared.js";

interface KillFlags {
  interactive?: boolean;
  all?: boolean;
  completed?: boolean;
  failed?: boolean;
  force?: boolean;
}

export default function define(cmd: Command): void {
  cmd
    .argument("[pattern]", "session name, id, identifier, or part of one")
    .option("-i, --interactive", "choose with the finder (Tab marks several)")
    .option("--all", "every gwq session")
    .option("--completed", "sessions whose command exited 0")
    .option("--failed", "sessions whose command failed")
    .option("-f, --force", "do not ask before ending several sessions")
    .action(async (pattern: string | undefined, flags: KillFlags) => {
      const m = manager();
      const all = await m.sweep();
      let chosen: Session[];
      if (flags.all || flags.completed || flags.failed) {
        let set = flags.all ? all : all.filter((s) => (flags.completed && s.status === "completed") || (flags.failed && s.status === "failed"));
        if (pattern) set = matchSessions(set, pattern);
        if (flags.interactive && set.length) chosen = await chooseSessions(m, undefined, { interactive: true, multi: true, purpose: "kill", candidates: set });
        else chosen = set;
        if (chosen.length === 0) {
          process.stderr.write("no matching gwq sessions\n");
          return;
        }
      } else {
        chosen = await chooseSessions(m, pattern, { interactive: flags.interactive, multi: true, purpose: "kill", candidates: all });
      }
      if (chosen.length > 1) {
        const list = chosen.map((s) => `  ${sessionLabel(s)}`).join("\n");
        process.stderr.write(`about to end ${chosen.length} sessions:\n${list}\n`);
        await confirm(`End these ${chosen.length} sessions?`, {
          force: flags.force,
          refusal: `refusing to end ${chosen.length} sessions without a terminal to confirm; add --force`,
        });
      }
      await m.killSessions(chosen);
      for (const s of chosen) process.stdout.write(`killed ${s.session_name}\n`);
    });
}
