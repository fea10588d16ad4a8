// gwq list|ls [-v] [-g] [--json]
import type { Command } from "commander";
import { writeOut } from "../output.js";

interface ListFlags {
  verbose?: boolean;
  json?: boolean;
  global?: boolean;
}

export default function define(cmd: Command): void {
  cmd
    .description("List worktrees (this repository's; every one under the base directory outside a repository or with -g)")
    .option("-v, --verbose", "add commit, creation time and type")
    .option("--json", "print a JSON array: path, branch, commit_hash, is_main, created_at")
    .option("-g, --global", "list worktrees of every repository under the base directory")
    .action(async (flags: ListFlags) => {
      const { discoverWorktrees } = await import("../worktrees/discover.js");
      const { renderWorktreeTable } = await import("../worktrees/table.js");
      const found = await discoverWorktrees({ global: flags.global });
      if (flags.json) {
        const rows = found.worktrees.map((w) => ({
          path: w.path,
          branch: w.branch,
          commit_hash: w.commit_hash,
          is_main: w.is_main,
          created_at: w.created_at,
        }));
        writeOut(JSON.stringify(rows, null, 2) + "\n");
        return;
      }
      if (found.worktrees.length === 0) {
        const { baseDirs } = await import("../worktrees/discover.js");
        writeOut(`No worktrees found in ${baseDirs().join(", ")}\n`);
        return;
      }
      writeOut(renderWorktreeTable(found.worktrees, { verbose: !!flags.verbose, global: found.global }));
    });
}
