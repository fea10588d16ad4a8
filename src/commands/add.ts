// gwq add [-b] [-i] [-f] [-s] [--expires <d>] [branch] [path]
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { add } from "./_specs-worktrees.js";
import { writeErr, writeOut } from "../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof add>): Promise<void> {
  const { branch, path } = args;
  // --expires: checked (a duration, more than zero) by the parser, before anything is created.
  const expiresMs = flags.expires;
  const { addWorktree } = await import("../worktrees/create.js");
  const { inShellWrapper, goTo } = await import("../worktrees/shell.js");
  const { tildify } = await import("../paths.js");
  const r = await addWorktree({
    ctx,
    branch,
    path,
    createBranch: !!flags.branch,
    interactive: !!flags.interactive,
    force: !!flags.force,
    expiresMs,
  });
  // Under the shell wrapper stdout carries only a path to cd into; messages go to stderr.
  const wrapper = inShellWrapper();
  const say = (line: string) => (wrapper ? writeErr : writeOut)(line + "\n");
  say(`Created worktree for branch '${r.branch}' at ${tildify(r.path)}`);
  if (r.expiresAt) say(`Worktree expires at ${r.expiresAt}`);
  // -s always moves there; cd.auto_cd_on_add only under the wrapper (as in the Go gwq).
  if (flags.stay || (wrapper && ctx.config.cd.auto_cd_on_add)) {
    process.exitCode = await goTo(r.path, ctx.config.cd.launch_shell);
  }
}
