// `gwq status --filter` and `--sort`: the Go gwq's values and aliases (case-insensitive), plus
// the session filters; and the summary counts. A value we do not know is a usage error.
import { UsageError } from "../errors.js";
import { activeSessions, type StatusWord, type WorktreeStatus } from "./status.js";

export type FilterName = "changed" | "clean" | "stale" | "staged" | "conflict" | "has-session" | "no-session";
export type SortName = "branch" | "status" | "changes" | "activity" | "ahead" | "behind";

const FILTER_ALIASES: Record<string, FilterName> = {
  modified: "changed",
  changed: "changed",
  clean: "clean",
  "up to date": "clean",
  "up-to-date": "clean",
  stale: "stale",
  inactive: "stale",
  staged: "staged",
  conflict: "conflict",
  conflicted: "conflict",
  "has-session": "has-session",
  "no-session": "no-session",
};

const SORT_ALIASES: Record<string, SortName> = {
  branch: "branch",
  name: "branch",
  status: "status",
  modified: "changes",
  changes: "changes",
  activity: "activity",
  time: "activity",
  ahead: "ahead",
  behind: "behind",
};

const FILTER_VALUES = "modified, changed, clean, up to date, stale, inactive, staged, conflict, conflicted, has-session, no-session";
const SORT_VALUES = "branch, name, status, modified, changes, activity, time, ahead, behind";

export function parseFilter(value: string): FilterName {
  const f = FILTER_ALIASES[value.trim().toLowerCase()];
  if (!f) throw new UsageError(`invalid --filter "${value}" (valid values: ${FILTER_VALUES})`);
  return f;
}

export function parseSort(value: string): SortName {
  const s = SORT_ALIASES[value.trim().toLowerCase()];
  if (!s) throw new UsageError(`invalid --sort "${value}" (valid values: ${SORT_VALUES})`);
  return s;
}

/** "Changed" is any worktree with uncommitted work that is not stale: the summary's meaning too. */
const CHANGED: ReadonlySet<StatusWord> = new Set(["modified", "staged", "conflict"]);

export function matches(w: WorktreeStatus, f: FilterName): boolean {
  switch (f) {
    case "changed":
      return CHANGED.has(w.status);
    case "clean":
      return w.status === "clean";
    case "stale":
      return w.status === "stale";
    case "staged":
      return w.status === "staged";
    case "conflict":
      return w.status === "conflict";
    case "has-session":
      return activeSessions(w) > 0;
    case "no-session":
      return activeSessions(w) === 0;
  }
}

/** Most urgent first when sorting by status. */
const STATUS_ORDER: Record<StatusWord, number> = { conflict: 0, staged: 1, modified: 2, clean: 3, stale: 4, unknown: 5 };

export function totalChanges(w: WorktreeStatus): number {
  const c = w.git_status;
  return c.modified + c.added + c.deleted + c.untracked + c.conflicts;
}

/** Sorted copy. Counts and activity sort largest/latest first; ties fall back to the branch name. */
export function sortStatuses(list: WorktreeStatus[], by: SortName): WorktreeStatus[] {
  const byBranch = (a: WorktreeStatus, b: WorktreeStatus) =>
    a.branch < b.branch ? -1 : a.branch > b.branch ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  const key: Record<SortName, (w: WorktreeStatus) => number> = {
    branch: () => 0,
    status: (w) => STATUS_ORDER[w.status],
    changes: (w) => -totalChanges(w),
    activity: (w) => -(w.lastActivity ?? -Infinity),
    ahead: (w) => -w.git_status.ahead,
    behind: (w) => -w.git_status.behind,
  };
  const k = key[by];
  return [...list].sort((a, b) => k(a) - k(b) || byBranch(a, b));
}

export interface Summary {
  total: number;
  changed: number;
  up_to_date: number;
  inactive: number;
}

export function summarize(list: WorktreeStatus[]): Summary {
  return {
    total: list.length,
    changed: list.filter((w) => CHANGED.has(w.status)).length,
    up_to_date: list.filter((w) => w.status === "clean").length,
    inactive: list.filter((w) => w.status === "stale").length,
  };
}
