// gwq tmux kill [pattern] [-i] [--all] [--completed] [--failed] [-f|--force]
// `kill <pattern> --all [--force]` ends every session the pattern occurs in, without a finder.
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxKill } from "../_specs-sessions.js";
import { substringMatches } from "../../sessions/match.js";
import type { Session } from "../../sessions/types.js";
import { confirm } from "../../ui/prompt.js";
import { chooseSessions, manager, sessionLabel } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof tmuxKill>): Promise<void> {
  const pattern = args.pattern;
  const m = manager(ctx);
  const all = await m.sweep();
  let chosen: Session[];
  if (flags.all || flags.completed || flags.failed) {
    let set = flags.all ? all : all.filter((s) => (flags.completed && s.status === "completed") || (flags.failed && s.status === "failed"));
    // With --all (or a status) a pattern selects every session it occurs in: `kill api --all`
    // ends api, api-v2 and api-tests, exactly as a pattern means them anywhere else in part.
    if (pattern) set = substringMatches(set, pattern);
    if (flags.interactive && set.length) chosen = await chooseSessions(ctx, m, undefined, { interactive: true, multi: true, purpose: "kill", candidates: set });
    else chosen = set;
    if (chosen.length === 0) {
      writeErr("no matching gwq sessions\n");
      return;
    }
  } else {
    chosen = await chooseSessions(ctx, m, pattern, { interactive: flags.interactive, multi: true, purpose: "kill", candidates: all, hint: "add --all to end every one" });
  }
  if (chosen.length > 1) {
    const list = chosen.map((s) => `  ${sessionLabel(s)}`).join("\n");
    writeErr(`about to end ${chosen.length} sessions:\n${list}\n`);
    await confirm(`End these ${chosen.length} sessions?`, {
      force: flags.force,
      refusal: `refusing to end ${chosen.length} sessions without a terminal to confirm; add --force`,
    });
  }
  await m.killSessions(chosen);
  for (const s of chosen) writeOut(`killed ${s.session_name}\n`);
}
