// `gwq status`: the state of every worktree (git changes, ahead/behind, last activity, gwq
// sessions) as a table, JSON or CSV, once or redrawn with --watch. Flags as the Go gwq's
// (CONTRACT §2); nothing is fetched from remotes, so `--no-fetch` is accepted and changes nothing.
import type { Invocation } from "./_cli.js";
import type { status as spec } from "./_manifest.js";
import { UsageError } from "../errors.js";
import { writeOut } from "../output.js";


export default async function run({ flags }: Invocation<typeof spec>): Promise<void> {
  await runStatus(flags);
}

async function runStatus(flags: Invocation<typeof spec>["flags"]): Promise<void> {
  // Every flag value is checked before any work, so a typo is a usage error and nothing else.
  const { parseFilter, parseSort } = await import("../worktrees/status-query.js");
  if (flags.json && flags.csv) throw new UsageError("--json and --csv cannot be used together");
  const filter = flags.filter === undefined ? undefined : parseFilter(flags.filter);
  const sort = flags.sort === undefined ? undefined : parseSort(flags.sort);
  const staleDays = parseCount("--stale-days", flags.staleDays);
  const intervalMs = parseSeconds("--interval", flags.interval);

  const { renderStatus } = await import("../worktrees/status-view.js");
  const { cliContext } = await import("../context.js");
  const ctx = cliContext();
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
  let render = () => renderAs(flags.json ? "json" : flags.csv ? "csv" : "table");
  if (flags.allHosts) {
    if (flags.csv) throw new UsageError("--all-hosts prints a table or --json, not --csv");
    const { statusAllHosts, statusFarArgs } = await import("../ssh/all-hosts-views.js");
    render = () => statusAllHosts(renderAs, statusFarArgs(flags), !!flags.json);
  }

  if (!flags.watch) {
    writeOut(await render());
    return;
  }
  const { watchLoop } = await import("../ui/watch.js");
  await watchLoop(render, intervalMs);
}

function parseCount(flag: string, v: string): number {
  if (!/^\d+$/.test(v.trim())) throw new UsageError(`invalid ${flag} "${v}" (expected a whole number of days, 0 or more)`);
  return Number(v);
}

function parseSeconds(flag: string, v: string): number {
  const n = Number(v);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(v) || !(n > 0)) throw new UsageError(`invalid ${flag} "${v}" (expected a number of seconds greater than 0)`);
  return Math.round(n * 1000);
}
