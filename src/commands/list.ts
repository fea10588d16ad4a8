// gwq list|ls [-v] [-g] [--json]
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { list } from "./_specs-worktrees.js";
import { writeOut } from "../output.js";

export default async function run(ctx: CliContext, { flags }: Invocation<typeof list>): Promise<void> {
  const { discoverWorktrees } = await import("../worktrees/discover.js");
  const { renderWorktreeTable } = await import("../worktrees/table.js");
  const found = await discoverWorktrees({ global: flags.global, ctx });
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
    writeOut(`No worktrees found in ${baseDirs(ctx.config).join(", ")}\n`);
    return;
  }
  writeOut(renderWorktreeTable(found.worktrees, { verbose: flags.verbose, global: found.global, ui: ctx.config.ui, cwd: ctx.cwd }));
}
