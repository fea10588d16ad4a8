// The worktree `gwq diff` and `gwq merge` act on, and the base they compare with. Without a
// pattern: the worktree holding the current directory (when it is not the main one), else the
// finder.
import type { Context } from "../context.js";
import { GwqError } from "../errors.js";
import { discoverWorktrees, type Worktree } from "./discover.js";
import { resolveWorktree, worktreeHolding } from "./resolve.js";
import { readBase } from "./base.js";

export async function branchWorktree(pattern: string | undefined, ctx: Context, purpose: string): Promise<Worktree> {
  let w: Worktree | undefined;
  if (!pattern) {
    const { worktrees } = await discoverWorktrees({ cwd: ctx.cwd, ctx });
    const here = worktreeHolding(ctx.cwd, worktrees);
    if (here && !here.is_main) w = here;
  }
  w ??= (await resolveWorktree(pattern, { ctx, purpose, candidates: (x) => !x.prunable }))[0]!;
  if (w.detached) throw new GwqError(`${w.path} has no branch checked out (detached HEAD): nothing to ${purpose}`);
  if (w.prunable) throw new GwqError(`${w.path} is gone (run gwq prune)`);
  return w;
}

/** The base to compare with: --base, else the one recorded by `gwq spawn`. */
export async function baseFor(w: Worktree, given: string | undefined, flag = "--base"): Promise<string> {
  if (given !== undefined) {
    if (given.trim() === "") throw new GwqError(`${flag} must not be empty`, 2);
    return given;
  }
  const recorded = await readBase(w.repo_root, w.branch);
  if (recorded) return recorded;
  throw new GwqError(`"${w.branch}" has no recorded base (it was not made by gwq spawn): give ${flag} <branch>`);
}
