// gwq tmux resurrect [pattern] [--dry-run]: what was running when tmux vanished, running again.
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxResurrect } from "../_specs-sessions.js";
import { manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof tmuxResurrect>): Promise<void> {
  const pattern = args.pattern;
  const m = manager(ctx);
  const done = await m.resurrect(pattern, { dryRun: flags.dryRun });
  if (done.length === 0) {
    writeErr("nothing to resurrect (no detached session)\n");
    return;
  }
  for (const d of done) {
    const how = d.resumed ? " (resuming its conversation)" : "";
    writeOut(`${d.old.session_name} -> ${d.session ? d.session.session_name : "(dry run)"}${how}\n`);
  }
}
