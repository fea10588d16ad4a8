// gwq prune [--expired] [--dry-run] [--force] [-g]
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { prune as spec } from "./_specs-worktrees.js";
import { writeOut } from "../output.js";

export default async function run(ctx: CliContext, { flags }: Invocation<typeof spec>): Promise<void> {
  const { GwqError } = await import("../errors.js");
  const prune = await import("../worktrees/prune.js");
  let report;
  if (flags.expired) {
    // A worktree where a gwq session runs is skipped, as `gwq remove` refuses it (unless --force).
    const { sessionsForStatus } = await import("../sessions/status-link.js");
    const sessions = flags.force ? [] : ((await sessionsForStatus(ctx)) ?? []);
    report = await prune.pruneExpired({ dryRun: flags.dryRun, force: flags.force, sessions });
  } else {
    const { discoverWorktrees } = await import("../worktrees/discover.js");
    report = await prune.pruneStale(await discoverWorktrees({ global: flags.global, ctx: ctx }), flags.dryRun);
  }
  for (const line of report.lines) writeOut(line + "\n");
  if (report.failed) throw new GwqError(`${report.failed} expired worktree(s) could not be removed`);
}
