// gwq get [-g] [-0] [pattern]: print a worktree's absolute path (for scripts: cd "$(gwq get x)").
import type { Command } from "commander";
import { writeOut } from "../output.js";

export default function define(cmd: Command): void {
  cmd
    .description("Print the path of the worktree a pattern names")
    .argument("[pattern]", "branch, path or repository:branch; an exact name wins over a substring")
    .option("-g, --global", "search every repository under the base directory")
    .option("-0, --null", "end the path with NUL instead of a newline")
    .action(async (pattern: string | undefined, flags: { global?: boolean; null?: boolean }) => {
      const { resolveWorktree } = await import("../worktrees/resolve.js");
      const [wt] = await resolveWorktree(pattern, { global: flags.global, purpose: "get" });
      writeOut(wt!.path + (flags.null ? "\0" : "\n"));
    });
}
