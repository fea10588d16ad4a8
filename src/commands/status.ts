// `gwq status`: the state of every worktree (git changes, ahead/behind, last activity, gwq
// sessions) as a table, JSON or CSV, once or redrawn with --watch. Flags as the Go gwq's
// (docs/worktrees.md); nothing is fetched from remotes, so `--no-fetch` is accepted and changes
// nothing.
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { status as spec } from "./_specs-worktrees.js";
import { writeOut } from "../output.js";

export default async function run(ctx: CliContext, { flags }: Invocation<typeof spec>): Promise<void> {
  // Every flag value is checked before any work, so a typo is a usage error and nothing else
  // (the numbers and --json/--csv by the parser, from their declarations).
  const { parseFilter, parseSort } = await import("../worktrees/status-query.js");
  const filter = flags.filter === undefined ? undefined : parseFilter(flags.filter);
  const sort = flags.sort === undefined ? undefined : parseSort(flags.sort);
  const staleDays = flags.staleDays;
  const intervalMs = Math.round(flags.interval * 1000);

  const { renderStatus } = await import("../worktrees/status-view.js");
  const renderAs = (format: "json" | "csv" | "table") =>
    renderStatus({
      ctx,
      global: !!flags.global,
      filter,
      sort,
      staleDays,
      format,
      verbose: !!flags.verbose,
      showProcesses: !!flags.showProcesses,
      watch: !!flags.watch,
    });
  const format = flags.json ? "json" : flags.csv ? "csv" : "table";
  let render = () => renderAs(format);
  if (flags.allHosts) {
    const { statusAllHosts, statusFarArgs } = await import("../ssh/all-hosts-views.js");
    render = () => statusAllHosts(ctx, renderAs, statusFarArgs(flags), format);
  }

  if (!flags.watch) {
    writeOut(await render());
    return;
  }
  const { watchLoop } = await import("../ui/watch.js");
  await watchLoop(render, intervalMs);
}
