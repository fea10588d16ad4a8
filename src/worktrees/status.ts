// The state of every worktree for `gwq status`: one `git status --porcelain=v2` per worktree,
// run concurrently with a bound, plus a few stats for last activity (no further git calls).
import { realpathOr } from "../fsx.js";
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { gitCode } from "../git/git.js";
import type { StatusSession } from "../sessions/status-link.js";
import { isWaiting } from "../sessions/present.js";
import type { BaseInfo } from "./status-base.js";
import { emptyCounts, parsePorcelainV2, type GitCounts, type ParsedStatus } from "./status-parse.js";

/** What the collector needs of a worktree (a subset of discover.ts's Worktree). */
export interface StatusTarget {
  path: string;
  branch: string;
  repository: string;
  detached?: boolean;
}

/** The Go gwq's words for a worktree's state (`status --json`). */
export type StatusWord = "clean" | "modified" | "staged" | "conflict" | "stale" | "unknown";

export interface WorktreeStatus {
  path: string;
  branch: string;
  repository: string;
  status: StatusWord;
  git_status: GitCounts;
  /** Epoch ms of the last activity seen, or null when nothing could be read. */
  lastActivity: number | null;
  isCurrent: boolean;
  /** Records of the gwq sessions whose working directory is in this worktree. */
  sessions: StatusSession[];
  /** The branch tracks an upstream, so ahead/behind mean something. */
  hasUpstream: boolean;
  /** Where a branch made by `gwq spawn` stands against its recorded base (status-base.ts). */
  base?: BaseInfo;
}

export interface CollectOptions {
  /** The directory gwq runs in: the worktree holding it is the current one. */
  cwd: string;
  /** No activity for this many days is `stale`; 0 turns staleness off. */
  staleDays: number;
  /** Session records, or null when tmux integration is off. */
  sessions: StatusSession[] | null;
  /** How many `git status` run at once. */
  concurrency?: number;
  now?: number;
}

export const DEFAULT_CONCURRENCY = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function collectStatuses(targets: StatusTarget[], opts: CollectOptions): Promise<WorktreeStatus[]> {
  const now = opts.now ?? Date.now();
  const current = holder(opts.cwd, targets);
  const byWorktree = assignSessions(opts.sessions ?? [], targets);
  return mapLimit(targets, opts.concurrency ?? DEFAULT_CONCURRENCY, async (t) => {
    const probe = await probeWorktree(t.path);
    const counts = probe?.counts ?? emptyCounts();
    let status: StatusWord = probe ? classify(counts) : "unknown";
    const lastActivity = await lastActivityOf(t.path, probe);
    if (probe && opts.staleDays > 0 && lastActivity !== null && now - lastActivity > opts.staleDays * DAY_MS) {
      // As in the Go gwq: a long-untouched worktree is stale whatever its changes.
      status = "stale";
    }
    return {
      path: t.path,
      branch: t.branch || probe?.branch || "",
      repository: t.repository,
      status,
      git_status: counts,
      lastActivity,
      isCurrent: current === t,
      sessions: byWorktree.get(t) ?? [],
      hasUpstream: !!probe?.upstream,
    };
  });
}

/** Conflicts win, then anything staged, then any other change. */
export function classify(c: GitCounts): StatusWord {
  if (c.conflicts > 0) return "conflict";
  if (c.staged > 0) return "staged";
  if (c.modified + c.added + c.deleted + c.untracked > 0) return "modified";
  return "clean";
}

/**
 * `git status` in one worktree, or null when it cannot be read (the directory was deleted by
 * hand, or is not a working tree any more): such a worktree is `unknown`, not an error.
 */
async function probeWorktree(path: string): Promise<ParsedStatus | null> {
  // A missing directory would make spawn fail as if git itself were missing: check first.
  const st = await stat(path).catch(() => null);
  if (!st?.isDirectory()) return null;
  const r = await gitCode(["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all"], { cwd: path });
  if (r.code !== 0) return null;
  return parsePorcelainV2(r.stdout);
}

/**
 * The latest of: when HEAD last moved (the worktree's reflog: commit, checkout, reset, creation)
 * and the modification times of the files git reports as changed, untracked or conflicted (for a
 * deleted file, its directory). Unchanged tracked files say nothing: a checkout touches them all.
 */
async function lastActivityOf(path: string, probe: ParsedStatus | null): Promise<number | null> {
  const gitdir = await gitDirOf(path);
  const files = [
    ...(probe?.paths ?? []).map((p) => join(path, p)),
    ...(probe?.deletedPaths ?? []).map((p) => dirname(join(path, p))),
  ];
  // Bounded: a worktree with thousands of untracked files must not open thousands of stats at once.
  const times = await mapLimit(files, 32, mtime);
  if (gitdir) times.push((await mtime(join(gitdir, "logs", "HEAD"))) ?? (await mtime(join(gitdir, "HEAD"))));
  let latest: number | null = null;
  for (const t of times) if (t !== null && (latest === null || t > latest)) latest = t;
  return latest ?? mtime(path);
}

async function mtime(p: string): Promise<number | null> {
  try {
    return (await stat(p)).mtimeMs;
  } catch {
    return null;
  }
}

/** The worktree's own git directory: `.git` itself, or where its `.git` file points. */
async function gitDirOf(path: string): Promise<string | null> {
  const dotgit = join(path, ".git");
  const st = await stat(dotgit).catch(() => null);
  if (!st) return null;
  if (st.isDirectory()) return dotgit;
  const text = await readFile(dotgit, "utf8").catch(() => "");
  const m = /^gitdir: (.+)$/m.exec(text);
  if (!m) return null;
  const dir = m[1]!.trim();
  return isAbsolute(dir) ? dir : resolve(path, dir);
}

/** The worktree whose path holds `dir` most closely (nested worktrees: the inner one). */
export function holder<T extends { path: string }>(dir: string, worktrees: T[]): T | undefined {
  // The directory as given and as resolved: git may record a path through a symlink, or not.
  const dirs = new Set([dir, realpathOr(dir)]);
  let best: T | undefined;
  for (const w of worktrees) {
    const prefix = w.path.endsWith(sep) ? w.path : w.path + sep;
    for (const d of dirs) {
      if ((d === w.path || d.startsWith(prefix)) && (!best || w.path.length > best.path.length)) best = w;
    }
  }
  return best;
}


/** Each session goes to the worktree holding its working directory; the rest are dropped. */
export function assignSessions<T extends { path: string }>(sessions: StatusSession[], worktrees: T[]): Map<T, StatusSession[]> {
  const map = new Map<T, StatusSession[]>();
  // One lookup (a realpath) per directory, not per session: sessions share directories.
  const byDir = new Map<string, T | undefined>();
  for (const s of sessions) {
    if (!byDir.has(s.working_dir)) byDir.set(s.working_dir, holder(s.working_dir, worktrees));
    const w = byDir.get(s.working_dir);
    if (!w) continue;
    const list = map.get(w) ?? [];
    list.push(s);
    map.set(w, list);
  }
  return map;
}

export function activeSessions(w: WorktreeStatus): number {
  return w.sessions.filter((s) => s.status === "running").length;
}

/** Running sessions whose agent (or program) waits for the user: a subset of the active ones. */
export function waitingSessions(w: WorktreeStatus): number {
  return w.sessions.filter(isWaiting).length;
}

/** Run `fn` over `items`, at most `limit` at a time, keeping the input order in the result. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
