// gwq cd [-g] [pattern]: a new shell in the worktree, or with cd.launch_shell = false its path on
// stdout for the shell-integration wrapper (from `gwq completion`) to cd into.
import type { Command } from "commander";

export default function define(cmd: Command): void {
  cmd
    .description("Open a shell in a worktree (or cd there with the shell integration)")
    .argument("[pattern]", "branch, path or repository:branch; an exact name wins over a substring")
    .option("-g, --global", "search every repository under the base directory")
    .action(async (pattern: string | undefined, flags: { global?: boolean }) => {
      const { resolveWorktree } = await import("../worktrees/resolve.js");
      const { config } = await import("../context.js");
      const { goTo } = await import("../worktrees/shell.js");
      const [wt] = await resolveWorktree(pattern, { global: flags.global, purpose: "cd" });
      process.exitCode = await goTo(wt!.path, config().cd.launch_shell);
    });
}
