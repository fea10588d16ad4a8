// One frame of `gwq status`: find the worktrees, read their state and the gwq sessions, filter,
// sort, and print as a table, JSON or CSV. Watch mode calls this once per redraw.
import type { Context } from "../context.js";
import type { StatusSession } from "../sessions/status-link.js";
import { discoverWorktrees, type Worktree } from "./discover.js";
import { worktreeLabel } from "./resolve.js";
import { renderStatusTable, toCsv, toJson } from "./status-format.js";
import { listProcesses, processesSupported, type ProcessInfo } from "./status-processes.js";
import { matches, sortStatuses, summarize, type FilterName, type SortName } from "./status-query.js";
import { collectStatuses, holder, type WorktreeStatus } from "./status.js";
import { basesOf } from "./status-base.js";

export interface ViewOptions {
  ctx: Context;
  global: boolean;
  filter?: FilterName;
  sort?: SortName;
  staleDays: number;
  format: "table" | "json" | "csv";
  verbose: boolean;
  showProcesses: boolean;
  /** Watch mode: the table gets a title, a summary line and how to leave. */
  watch: boolean;
}

let warnedProcesses = false;

export async function renderStatus(opts: ViewOptions): Promise<string> {
  const { ctx } = opts;
  const cwd = ctx.cwd;
  const [found, sessions] = await Promise.all([discoverWorktrees({ global: opts.global, cwd, ctx }), loadSessions(ctx)]);
  const worktrees = found.worktrees;
  const [collected, bases] = await Promise.all([collectStatuses(worktrees, { cwd, staleDays: opts.staleDays, sessions }), basesOf(worktrees)]);
  let list = collected;
  for (const w of list) {
    const b = bases.get(w.path);
    if (b) w.base = b;
  }
  if (opts.filter) list = list.filter((w) => matches(w, opts.filter!));
  if (opts.sort) list = sortStatuses(list, opts.sort);

  let processes: Map<string, ProcessInfo[]> | undefined;
  if (opts.showProcesses) {
    if (processesSupported()) processes = await processesByWorktree(list);
    else if (!warnedProcesses) {
      warnedProcesses = true;
      ctx.warn(`--show-processes is not supported on ${process.platform} (it reads /proc)`);
    }
  }

  if (opts.format === "json") return toJson(list, processes);
  if (opts.format === "csv") return toCsv(list, processes);
  if (worktrees.length === 0) return "No worktrees found\n";
  const table = renderStatusTable(list, {
    verbose: opts.verbose,
    icons: ctx.config.ui.icons,
    processes,
    label: labeller(worktrees, found.global),
  });
  if (!opts.watch) return table;
  const s = summarize(list);
  const time = new Date().toLocaleTimeString("en-GB", { hour12: false });
  return (
    `Worktrees Status - Updated: ${time}\n` +
    `Total: ${s.total} | Changed: ${s.changed} | Up to date: ${s.up_to_date} | Inactive: ${s.inactive}\n\n` +
    table +
    "\n[Press Ctrl+C to exit]\n"
  );
}

/** Table names as list's: `repo:branch` in the global view, detached HEADs with their commit. */
function labeller(worktrees: Worktree[], global: boolean): (w: WorktreeStatus) => string {
  const byPath = new Map(worktrees.map((w) => [w.path, w]));
  return (s) => {
    const w = byPath.get(s.path);
    return w ? worktreeLabel(w, global) : s.branch;
  };
}

/** The gwq session records, or null when tmux integration is off or cannot be read. */
async function loadSessions(ctx: Context): Promise<StatusSession[] | null> {
  try {
    const m = await import("../sessions/status-link.js");
    return await m.sessionsForStatus(ctx);
  } catch (e) {
    // Sessions are extra information: status still shows the worktrees without them.
    ctx.warn(`sessions unavailable: ${(e as Error).message.split("\n")[0]}`);
    return null;
  }
}

/** Processes grouped by the worktree holding their working directory; session panes named. */
async function processesByWorktree(list: WorktreeStatus[]): Promise<Map<string, ProcessInfo[]>> {
  const sessionByPid = new Map<number, string>();
  for (const w of list) for (const s of w.sessions) if (typeof s.pid === "number") sessionByPid.set(s.pid, s.session_name);
  const map = new Map<string, ProcessInfo[]>();
  for (const p of await listProcesses()) {
    const w = holder(p.cwd, list);
    if (!w) continue;
    const session = sessionByPid.get(p.pid);
    const entry = session ? { ...p, session } : p;
    map.set(w.path, [...(map.get(w.path) ?? []), entry]);
  }
  for (const ps of map.values()) ps.sort((a, b) => a.pid - b.pid);
  return map;
}
