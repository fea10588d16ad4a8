// gwq remove|rm [-f] [-d|--dry-run] [-g] [-b|--delete-branch] [--force-delete-branch] [pattern]
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { remove } from "./_specs-worktrees.js";
import { writeErr, writeOut } from "../output.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof remove>): Promise<void> {
  const pattern = args.pattern;
  const { resolveWorktree, worktreeLabel } = await import("../worktrees/resolve.js");
  const { removeWorktree, checkRemovable, checkNoSessions } = await import("../worktrees/remove.js");
  const { GwqError } = await import("../errors.js");
  const targets = await resolveWorktree(pattern, {
    ctx,
    global: flags.global,
    multi: true,
    purpose: "remove",
    candidates: (w) => !w.is_main,
  });
  const opts = {
    force: !!flags.force,
    // --force-delete-branch implies deleting it.
    deleteBranch: !!flags.deleteBranch || !!flags.forceDeleteBranch,
    forceDeleteBranch: !!flags.forceDeleteBranch,
  };
  const many = new Set(targets.map((t) => t.repository)).size > 1;
  // A command running in a worktree must not lose its directory by surprise: without --force,
  // a worktree where a gwq session runs is refused, naming the session.
  let sessions: { status: string; working_dir: string; session_name: string }[] = [];
  if (!flags.force) {
    const { sessionsForStatus } = await import("../sessions/status-link.js");
    sessions = (await sessionsForStatus(ctx)) ?? [];
  }
  if (flags.dryRun) {
    writeOut("Would remove the following worktrees:\n");
    for (const w of targets) {
      await checkRemovable(w, opts);
      checkNoSessions(w, sessions);
      writeOut(`  ${worktreeLabel(w, many || !!flags.global)} (${w.path})\n`);
      if (opts.deleteBranch && !w.detached) writeOut(`    - Would delete branch: ${w.branch}\n`);
    }
    return;
  }
  let failed: unknown = null;
  for (const w of targets) {
    try {
      checkNoSessions(w, sessions);
      for (const line of await removeWorktree(w, opts)) writeOut(line + "\n");
    } catch (e) {
      // Keep going with the others; the first failure is the exit status.
      if (targets.length === 1) throw e;
      writeErr(`gwq: ${(e as Error).message}\n`);
      failed ??= e;
    }
  }
  if (failed) throw new GwqError(`${targets.length > 1 ? "some worktrees were not removed" : (failed as Error).message}`);
}
