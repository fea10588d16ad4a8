// gwq diff [pattern] [--stat | --name-only] [--json] [--base <ref>] [--no-pager]
// Everything the branch changes against its base, from the merge-base to the working tree:
// commits, uncommitted changes and untracked files (as added). git draws it, with its own
// colours and pager; the index is never touched (git/diff.ts).
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { diff } from "./_specs-worktrees.js";
import { writeOut } from "../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof diff>): Promise<void> {
  const { branchWorktree, baseFor } = await import("../worktrees/branch-target.js");
  const w = await branchWorktree(args.pattern, ctx, "diff");
  const base = await baseFor(w, flags.base);
  const { mergeBase, workingTree, aheadBehind, diffFiles } = await import("../git/diff.js");
  const [mb, tree] = await Promise.all([mergeBase(w.path, base), workingTree(w.path)]);
  if (flags.json) {
    const [counts, files, uncommitted] = await Promise.all([
      aheadBehind(w.path, base),
      diffFiles(w.path, mb, tree),
      diffFiles(w.path, "HEAD", tree),
    ]);
    const report = { branch: w.branch, base, merge_base: mb, ahead: counts.ahead, behind: counts.behind, files, uncommitted: uncommitted.length };
    writeOut(JSON.stringify(report, null, 2) + "\n");
    return;
  }
  const { runInteractive } = await import("../process.js");
  const { GIT_NOT_FOUND } = await import("../git/git.js");
  const argv = [...(flags.pager ? [] : ["--no-pager"]), "diff", ...(flags.stat ? ["--stat"] : []), ...(flags.nameOnly ? ["--name-only"] : []), mb, tree];
  const code = await runInteractive("git", argv, { cwd: w.path, notFound: GIT_NOT_FOUND });
  if (code !== 0) process.exitCode = code;
}
