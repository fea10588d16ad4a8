// gwq tmux restart <pattern> [--resume] [--force]: the session again, as a new one.
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxRestart } from "../_specs-sessions.js";
import { chooseSessions, manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof tmuxRestart>): Promise<void> {
  const pattern = args.pattern;
  const m = manager(ctx);
  const [s] = await chooseSessions(ctx, m, pattern, { purpose: "restart", candidates: await m.sweep() });
  const { session } = await m.restartSession(s!.session_name, flags);
  writeOut(`${session.session_name}\n`);
  writeErr(`restarted ${s!.session_name}; attach with: gwq tmux attach ${session.session_name}\n`);
}
