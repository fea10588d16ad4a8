// How `gwq status` prints: the table (Go gwq's labels and columns), JSON (the exact shape in
// docs/worktrees.md) and CSV (RFC 4180). Pure functions of the collected statuses, so they are
// unit-tested.
import type { StatusSession } from "../sessions/status-link.js";
import { renderTable } from "../ui/table.js";
import { formatProcesses, type ProcessInfo } from "./status-processes.js";
import { summarize } from "./status-query.js";
import { formatBase } from "./status-base.js";
import { activeSessions, waitingSessions, type StatusWord, type WorktreeStatus } from "./status.js";

/** The table keeps the Go gwq's labels; JSON and CSV use the status words. */
export const STATUS_LABEL: Record<StatusWord, string> = {
  clean: "up to date",
  modified: "changed",
  staged: "staged",
  conflict: "conflicted",
  stale: "inactive",
  unknown: "unknown",
};

export interface TableOptions {
  verbose?: boolean;
  icons?: boolean;
  now?: number;
  /** Per worktree path, when --show-processes could read them. */
  processes?: Map<string, ProcessInfo[]>;
  /** The BRANCH cell; default the branch name. */
  label?: (w: WorktreeStatus) => string;
}

export function renderStatusTable(list: WorktreeStatus[], opts: TableOptions = {}): string {
  const now = opts.now ?? Date.now();
  const header = ["BRANCH", "STATUS", "CHANGES"];
  if (opts.verbose) header.push("AHEAD/BEHIND");
  // Only when a branch has a recorded base (made by gwq spawn): BASE, ahead/behind it, files.
  const withBase = !!opts.verbose && list.some((w) => w.base);
  if (withBase) header.push("BASE");
  header.push("ACTIVITY");
  if (opts.verbose) header.push("SESSIONS");
  if (opts.processes) header.push("PROCESSES");
  const rows = list.map((w) => {
    const row = [opts.label ? opts.label(w) : w.branch, STATUS_LABEL[w.status], formatChanges(w)];
    if (opts.verbose) row.push(w.hasUpstream ? `↑${w.git_status.ahead} ↓${w.git_status.behind}` : "-");
    if (withBase) row.push(formatBase(w.base));
    row.push(relativeTime(w.lastActivity, now));
    if (opts.verbose) {
      // `2 active, 1 waiting`: of the running sessions, how many wait for the user.
      const n = activeSessions(w);
      const waiting = waitingSessions(w);
      row.push(n > 0 ? `${n} active${waiting ? `, ${waiting} waiting` : ""}` : "-");
    }
    if (opts.processes) row.push(formatProcesses(opts.processes.get(w.path) ?? []));
    return row;
  });
  const lines = renderTable(header, rows, {
    marked: list.map((w) => w.isCurrent),
    marker: opts.icons === false ? "*" : "●",
  });
  return lines.join("\n") + "\n";
}

/** "5 added, 3 modified, 2 deleted, 1 untracked" (the Go gwq's order), "-" when nothing changed. */
export function formatChanges(w: WorktreeStatus): string {
  const c = w.git_status;
  const parts: string[] = [];
  if (c.added) parts.push(`${c.added} added`);
  if (c.modified) parts.push(`${c.modified} modified`);
  if (c.deleted) parts.push(`${c.deleted} deleted`);
  if (c.untracked) parts.push(`${c.untracked} untracked`);
  if (c.conflicts) parts.push(`${c.conflicts} conflicted`);
  return parts.length ? parts.join(", ") : "-";
}

// Made on first use: constructing it costs ~10 ms (npm run bench), wasted on --json.
let rtfCache: Intl.RelativeTimeFormat | null = null;
const rtf = { format: (v: number, unit: Intl.RelativeTimeFormatUnit) => (rtfCache ??= new Intl.RelativeTimeFormat("en", { numeric: "always" })).format(v, unit) };

/** "just now", "5 minutes ago", "2 hours ago", "3 weeks ago"; "unknown" without a time. */
export function relativeTime(ms: number | null, now = Date.now()): string {
  if (ms === null) return "unknown";
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return "just now";
  const m = Math.floor(s / 60);
  if (m < 60) return rtf.format(-m, "minute");
  const h = Math.floor(m / 60);
  if (h < 24) return rtf.format(-h, "hour");
  const d = Math.floor(h / 24);
  if (d < 7) return rtf.format(-d, "day");
  if (d < 30) return rtf.format(-Math.floor(d / 7), "week");
  if (d < 365) return rtf.format(-Math.floor(d / 30), "month");
  return rtf.format(-Math.floor(d / 365), "year");
}

export interface JsonWorktree {
  path: string;
  branch: string;
  repository: string;
  status: StatusWord;
  git_status: WorktreeStatus["git_status"];
  last_activity: string | null;
  is_current: boolean;
  sessions: StatusSession[];
  /** Only for a branch with a recorded base (gwq spawn). */
  base?: { name: string; ahead: number; behind: number; files: number };
  processes?: ProcessInfo[];
}

export function toJson(list: WorktreeStatus[], processes?: Map<string, ProcessInfo[]>): string {
  const worktrees: JsonWorktree[] = list.map((w) => {
    const o: JsonWorktree = {
      path: w.path,
      branch: w.branch,
      repository: w.repository,
      status: w.status,
      git_status: { ...w.git_status },
      last_activity: w.lastActivity === null ? null : new Date(w.lastActivity).toISOString(),
      is_current: w.isCurrent,
      sessions: w.sessions,
    };
    if (w.base) o.base = { ...w.base };
    if (processes) o.processes = processes.get(w.path) ?? [];
    return o;
  });
  return JSON.stringify({ summary: summarize(list), worktrees }, null, 2) + "\n";
}

export const CSV_HEADER = [
  "branch",
  "status",
  "modified",
  "added",
  "deleted",
  "untracked",
  "staged",
  "ahead",
  "behind",
  "conflicts",
  "last_activity",
  "is_current",
  "active_sessions",
  "repository",
  "path",
];

export function toCsv(list: WorktreeStatus[], processes?: Map<string, ProcessInfo[]>): string {
  const header = processes ? [...CSV_HEADER, "processes"] : CSV_HEADER;
  const lines = [header.map(csvField).join(",")];
  for (const w of list) {
    const c = w.git_status;
    const row: (string | number | boolean)[] = [
      w.branch,
      w.status,
      c.modified,
      c.added,
      c.deleted,
      c.untracked,
      c.staged,
      c.ahead,
      c.behind,
      c.conflicts,
      w.lastActivity === null ? "" : new Date(w.lastActivity).toISOString(),
      w.isCurrent,
      activeSessions(w),
      w.repository,
      w.path,
    ];
    if (processes) {
      const ps = processes.get(w.path) ?? [];
      row.push(ps.length ? formatProcesses(ps) : "");
    }
    lines.push(row.map((v) => csvField(String(v))).join(","));
  }
  // RFC 4180 quoting, but Unix line ends: the output is for pipes and spreadsheets alike.
  return lines.join("\n") + "\n";
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling the quotes inside. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
