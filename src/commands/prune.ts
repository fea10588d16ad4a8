// gwq prune [--expired] [--dry-run] [--force]
import type { Command } from "commander";
import { writeOut } from "../output.js";

interface PruneFlags {
  expired?: boolean;
  dryRun?: boolean;
  force?: boolean;
  global?: boolean;
}

export default function define(cmd: Command): void {
  cmd
    .description("Forget worktrees deleted by hand; with --expired remove those past their --expires")
    .option("--expired", "remove worktrees whose `add --expires` time has passed")
    .option("--dry-run", "show what would be done, change nothing")
    .option("--force", "with --expired: remove even with uncommitted changes")
    .option("-g, --global", "prune every repository under the base directory")
    .action(async (flags: PruneFlags) => {
      const { GwqError } = await import("../errors.js");
      const prune = await import("../worktrees/prune.js");
      let report;
      if (flags.expired) {
        report = await prune.pruneExpired({ dryRun: !!flags.dryRun, force: !!flags.force });
      } else {
        const { discoverWorktrees } = await import("../worktrees/discover.js");
        report = await prune.pruneStale(await discoverWorktrees({ global: flags.global }), !!flags.dryRun);
      }
      for (const line of report.lines) writeOut(line + "\n");
      if (report.failed) throw new GwqError(`${report.failed} expired worktree(s) could not be removed`);
    });
}
