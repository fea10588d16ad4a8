// gwq tmux save <pattern> [file]
import type { Invocation } from "../_cli.js";
import type { tmuxSave } from "../_manifest.js";
import { resolve } from "node:path";
import { chooseSessions, manager } from "./_shared.js";
import { writeOut } from "../../output.js";

export default async function run({ args }: Invocation<typeof tmuxSave>): Promise<void> {
  const { pattern, file } = args;
  const m = manager();
  const [s] = await chooseSessions(m, pattern, { purpose: "save", candidates: await m.sweep() });
  const path = await m.saveHistory(s!.session_name, file === undefined ? undefined : resolve(file));
  writeOut(`${path}\n`);
}
