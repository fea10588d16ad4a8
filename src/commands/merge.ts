// gwq merge [pattern] [--into <branch>] [--rebase | --squash] [--message <m>] [--keep] [--force] [--json]
// Merges a worktree's branch into its base (or --into) where the target is checked out, never
// switching a branch; the checks, the merge and the clean-up are in worktrees/merge-flow.ts.
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { merge } from "./_specs-worktrees.js";
import { GwqError } from "../errors.js";
import { writeErr, writeOut } from "../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof merge>): Promise<void> {
  const { branchWorktree } = await import("../worktrees/branch-target.js");
  const source = await branchWorktree(args.pattern, ctx, "merge");
  const { mergeWorktree } = await import("../worktrees/merge-flow.js");
  const mode = flags.rebase ? "rebase" : flags.squash ? "squash" : "merge";
  const r = await mergeWorktree(source, { ctx, into: flags.into, mode, message: flags.message, keep: !!flags.keep, force: !!flags.force });
  const { lines, removeError, ...report } = r;
  // With --json, stdout is the JSON alone; the lines go to stderr.
  for (const line of lines) (flags.json ? writeErr : writeOut)(line + "\n");
  if (flags.json) writeOut(JSON.stringify(report, null, 2) + "\n");
  if (removeError) throw new GwqError(removeError);
}
