// gwq cd [-g] [pattern]: a new shell in the worktree, or with cd.launch_shell = false its path on
// stdout for the shell-integration wrapper (from `gwq completion`) to cd into.
import type { Invocation } from "./_cli.js";
import type { cd } from "./_manifest.js";

export default async function run({ args, flags }: Invocation<typeof cd>): Promise<void> {
  const { resolveWorktree } = await import("../worktrees/resolve.js");
  const { cliContext } = await import("../context.js");
  const ctx = cliContext();
  const { goTo } = await import("../worktrees/shell.js");
  const [wt] = await resolveWorktree(args.pattern, { ctx, global: flags.global, purpose: "cd" });
  process.exitCode = await goTo(wt!.path, ctx.config.cd.launch_shell);
}
