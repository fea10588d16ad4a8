// The dashboard's `d` and `m` on the selected session's worktree: its diff against the recorded
// base in git's pager, and its merge (the dashboard asks first; sessions there are ended, their
// output kept, as `gwq merge --force` does).
import { existsSync } from "node:fs";
import type { Context } from "../context.js";
import { GwqError } from "../errors.js";
import type { Session } from "../sessions/types.js";
import { baseFor } from "./branch-target.js";
import { discoverWorktrees, type Worktree } from "./discover.js";
import { worktreeHolding } from "./resolve.js";

async function worktreeOf(s: Session, ctx: Context): Promise<Worktree> {
  if (!existsSync(s.working_dir)) throw new GwqError(`${s.session_name}: its directory is gone (${s.working_dir})`);
  const { worktrees } = await discoverWorktrees({ cwd: s.working_dir, ctx });
  const w = worktreeHolding(s.working_dir, worktrees);
  if (!w) throw new GwqError(`${s.session_name} does not run in a git worktree`);
  if (w.detached) throw new GwqError(`${w.path} has no branch checked out (detached HEAD)`);
  return w;
}

export function dashLoop(ctx: Context) {
  return {
    async diff(s: Session): Promise<() => Promise<string | null>> {
      const w = await worktreeOf(s, ctx);
      const base = await baseFor(w, undefined);
      const { mergeBase, workingTree } = await import("../git/diff.js");
      const [mb, tree] = await Promise.all([mergeBase(w.path, base), workingTree(w.path)]);
      return async () => {
        const { runInteractive } = await import("../process.js");
        // git's pager would quit at once on a short diff (LESS=FRX): here it waits for q.
        const env = { ...ctx.env, LESS: ctx.env.LESS ?? "R" };
        const code = await runInteractive("git", ["diff", mb, tree], { cwd: w.path, env });
        return code === 0 ? null : `git diff exited with ${code}`;
      };
    },
    async merge(s: Session): Promise<string> {
      const w = await worktreeOf(s, ctx);
      const { mergeWorktree } = await import("./merge-flow.js");
      const r = await mergeWorktree(w, { ctx, mode: "merge", keep: false, force: true });
      if (r.removeError) throw new GwqError(r.removeError);
      return r.lines[0]! + (r.removed ? `; ${w.branch} removed` : "");
    },
    async bases(dirs: string[]): Promise<Map<string, string>> {
      const { currentRepository } = await import("./discover.js");
      const { basesOf, formatBase } = await import("./status-base.js");
      // One worktree listing per repository, however many of its worktrees have sessions.
      const known: Worktree[] = [];
      const holders = new Map<string, Worktree>();
      for (const d of dirs) {
        let w = worktreeHolding(d, known);
        if (!w && existsSync(d)) {
          known.push(...((await currentRepository(d).catch(() => null))?.worktrees ?? []));
          w = worktreeHolding(d, known);
        }
        if (w && !w.detached) holders.set(d, w);
      }
      const info = await basesOf([...new Set(holders.values())]);
      const out = new Map<string, string>();
      for (const [d, w] of holders) {
        const b = info.get(w.path);
        if (b) out.set(d, formatBase(b));
      }
      return out;
    },
  };
}
