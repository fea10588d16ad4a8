// gwq cd [-g] [pattern]: a new shell in the worktree, or with cd.launch_shell = false its path on
// stdout for the shell-integration wrapper (from `gwq completion`) to cd into.
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { cd } from "./_specs-worktrees.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof cd>): Promise<void> {
  const { resolveWorktree } = await import("../worktrees/resolve.js");
  const { goTo } = await import("../worktrees/shell.js");
  const [wt] = await resolveWorktree(args.pattern, { ctx, global: flags.global, purpose: "cd" });
  process.exitCode = await goTo(wt!.path, ctx.config.cd.launch_shell);
}
