// gwq get [-g] [-0] [pattern]: print a worktree's absolute path (for scripts: cd "$(gwq get x)").
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { get } from "./_specs-worktrees.js";
import { writeOut } from "../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof get>): Promise<void> {
  const { resolveWorktree } = await import("../worktrees/resolve.js");
  const [wt] = await resolveWorktree(args.pattern, { ctx: ctx, global: flags.global, purpose: "get" });
  writeOut(wt!.path + (flags.null ? "\0" : "\n"));
}
