// gwq get [-g] [-0] [pattern]: print a worktree's absolute path (for scripts: cd "$(gwq get x)").
import type { Invocation } from "./_cli.js";
import type { get } from "./_manifest.js";
import { writeOut } from "../output.js";

export default async function run({ args, flags }: Invocation<typeof get>): Promise<void> {
  const { resolveWorktree } = await import("../worktrees/resolve.js");
  const { cliContext } = await import("../context.js");
  const [wt] = await resolveWorktree(args.pattern, { ctx: cliContext(), global: flags.global, purpose: "get" });
  writeOut(wt!.path + (flags.null ? "\0" : "\n"));
}
