// gwq tmux save <pattern> [file]
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxSave } from "../_specs-sessions.js";
import { resolve } from "node:path";
import { chooseSessions, manager } from "./_shared.js";
import { writeOut } from "../../output.js";

export default async function run(ctx: CliContext, { args }: Invocation<typeof tmuxSave>): Promise<void> {
  const { pattern, file } = args;
  const m = manager(ctx);
  const [s] = await chooseSessions(ctx, m, pattern, { purpose: "save", candidates: await m.sweep() });
  const path = await m.saveHistory(s!.session_name, file === undefined ? undefined : resolve(file));
  writeOut(`${path}\n`);
}
