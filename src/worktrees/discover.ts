// Which worktrees a command acts on. Inside a repository: its worktrees. Outside one, or with
// `global`: every repository that has a worktree under the base directories (worktree.basedir and
// each repository_settings basedir), found by walking the directories — there is no registry
// file. Either way each repository costs one `git worktree list` call, however many worktrees it
// has (its remotes are read from its config file).
import { realpathOr } from "../fsx.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { Context } from "../context.js";
import type { Config } from "../config/schema.js";
import { gitWorktreeList, NotARepositoryError, type PorcelainWorktree } from "../git/worktree.js";
import { parseRemoteUrl, remoteId, remoteUrls, remoteUrlsFromConfigFile, type RemoteInfo } from "../git/remote.js";
import { compareText } from "../compare.js";

export interface Worktree {
  path: string;
  /** Branch name; "HEAD" when detached. */
  branch: string;
  commit_hash: string;
  is_main: boolean;
  /** When the worktree directory was created (ISO 8601 with offset); null when it is gone. */
  created_at: string | null;
  /** e.g. github.com/acme/myapp, or the main worktree's directory name without a remote. */
  repository: string;
  /** The main worktree's path. */
  repo_root: string;
  detached: boolean;
  /** Its directory is gone: `gwq prune` cleans it up. */
  prunable?: boolean;
}

/** A repository as discovery saw it: enough for add's layout and setup. */
export interface Repository {
  /** Main worktree path (the bare directory for a bare repository). */
  root: string;
  /** See Worktree.repository. */
  id: string;
  /** Parsed origin (or first remote); null without one. */
  remote: RemoteInfo | null;
  remoteUrl: string | null;
  worktrees: Worktree[];
}

/** Local time with its offset, e.g. 2025-01-31T09:05:00+01:00 (what Go's JSON writes). */
export function isoWithOffset(d: Date): string {
  const pad = (n: number, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, "0");
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(off / 60)}:${pad(off % 60)}`
  );
}

/** When the directory was created (epoch ms), or null when it is gone. */
function createdMs(path: string): number | null {
  try {
    // Synchronous: one stat per worktree costs microseconds; a thread-pool job each costs more.
    const s = statSync(path);
    // birthtime is 0 on filesystems that do not record it; mtime of the directory is the Go gwq's choice.
    return s.birthtimeMs > 0 ? s.birthtimeMs : s.mtimeMs;
  } catch {
    return null;
  }
}

/**
 * One repository: its worktrees (main first, then by path) and remote. One git call (the
 * worktree list); the remotes come from the repository's config file, or from a second git call
 * when that file cannot be read alone (git/remote.ts).
 */
export async function readRepository(cwd: string): Promise<Repository> {
  const records = await gitWorktreeList(cwd);
  const remotes = remotesFromFile(records[0]) ?? (await remoteUrls(cwd));
  const root = records[0]?.path ?? cwd;
  let remote: RemoteInfo | null = null;
  let remoteUrl: string | null = null;
  for (const r of remotes) {
    const parsed = parseRemoteUrl(r.url);
    if (parsed) {
      remote = parsed;
      remoteUrl = r.url;
      break;
    }
  }
  const id = remote ? remoteId(remote) : basename(root);
  const worktrees = records.map((rec, i) => toWorktree(rec, i === 0, id, root));
  const [main, ...rest] = worktrees;
  rest.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, id, remote, remoteUrl, worktrees: main ? [main, ...rest] : [] };
}

/** The remotes in the config file of the repository whose main worktree this is; null: ask git. */
function remotesFromFile(main: PorcelainWorktree | undefined): { name: string; url: string }[] | null {
  if (!main) return null;
  if (main.bare) return remoteUrlsFromConfigFile(join(main.path, "config"));
  // A main worktree's .git is the repository itself, or (git init --separate-git-dir) a file
  // naming it.
  const dotGit = join(main.path, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return remoteUrlsFromConfigFile(join(dotGit, "config"));
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, "utf8"));
    if (!m) return null;
    return remoteUrlsFromConfigFile(join(resolve(main.path, m[1]!.trim()), "config"));
  } catch {
    return null;
  }
}

function toWorktree(rec: PorcelainWorktree, isMain: boolean, repository: string, root: string): Worktree {
  const created = createdMs(rec.path);
  const wt: Worktree = {
    path: rec.path,
    branch: rec.branch ?? (rec.bare ? "(bare)" : "HEAD"),
    commit_hash: rec.head,
    is_main: isMain,
    created_at: null,
    repository,
    repo_root: root,
    detached: rec.detached,
  };
  // Formatted when read (list, its JSON): the first local-time format sets up the runtime's time
  // zone data, 4-8 ms that `gwq get` and `cd` would pay for nothing.
  let text: string | null | undefined;
  Object.defineProperty(wt, "created_at", {
    enumerable: true,
    configurable: true,
    get: () => (text === undefined ? (text = created === null ? null : isoWithOffset(new Date(created))) : text),
    set: (v: string | null) => (text = v),
  });
  if (rec.prunable || (created === null && !isMain)) wt.prunable = true;
  return wt;
}

/** The repository holding `cwd`, or null outside one. */
export async function currentRepository(cwd: string): Promise<Repository | null> {
  try {
    return await readRepository(cwd);
  } catch (e) {
    if (e instanceof NotARepositoryError) return null;
    throw e;
  }
}

/** Base directories to scan in global mode: worktree.basedir plus per-repository ones. */
export function baseDirs(c: Config): string[] {
  const dirs = [c.worktree.basedir, ...c.repository_settings.map((r) => r.basedir).filter((d): d is string => !!d)];
  return [...new Set(dirs)];
}

const MAX_DEPTH = 8;

/**
 * Walk `base` for directories holding a `.git` entry and return, per repository (keyed by its
 * common git dir), one directory git can be asked from. Never descends into a worktree.
 */
async function findRepositories(base: string, found: Map<string, string>): Promise<void> {
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or gone: nothing here
    }
    const dotGit = entries.find((e) => e.name === ".git");
    if (dotGit) {
      const common = await commonDirOf(dir, dotGit.isDirectory());
      if (common && !found.has(common)) found.set(common, dir);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    await Promise.all(
      entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => walk(join(dir, e.name), depth + 1)),
    );
  };
  await walk(base, 0);
}

/** The repository's common git dir for a worktree at `dir`; null for submodules and broken links. */
async function commonDirOf(dir: string, dotGitIsDir: boolean): Promise<string | null> {
  if (dotGitIsDir) return realpathOr(join(dir, ".git"));
  try {
    const text = (await readFile(join(dir, ".git"), "utf8")).trim();
    if (!text.startsWith("gitdir:")) return null;
    let gitdir = text.slice("gitdir:".length).trim();
    if (!isAbsolute(gitdir)) gitdir = resolve(dir, gitdir);
    if (/[/\\]modules[/\\]/.test(gitdir) && !/[/\\]worktrees[/\\]/.test(gitdir)) return null; // a submodule
    let common = dirname(dirname(gitdir)); // <common>/worktrees/<name>
    try {
      const rel = (await readFile(join(gitdir, "commondir"), "utf8")).trim();
      common = isAbsolute(rel) ? rel : resolve(gitdir, rel);
    } catch {
      // older layouts: fall back to the parent of worktrees/
    }
    if (!existsSync(common)) return null;
    return realpathOr(common);
  } catch {
    return null;
  }
}


/** Every repository with a worktree under the base directories, sorted by id. */
export async function globalRepositories(c: Config): Promise<Repository[]> {
  const found = new Map<string, string>();
  for (const base of baseDirs(c)) {
    if (existsSync(base)) await findRepositories(base, found);
  }
  const repos = await Promise.all(
    [...found.values()].map((dir) => readRepository(dir).catch(() => null)),
  );
  const byRoot = new Map<string, Repository>();
  for (const r of repos) if (r && !byRoot.has(r.root)) byRoot.set(r.root, r);
  return [...byRoot.values()].sort((a, b) => compareText(a.id, b.id) || compareText(a.root, b.root));
}

export interface Discovery {
  worktrees: Worktree[];
  /** True when acting on every repository (outside one, or asked with -g). */
  global: boolean;
  /** The repository holding cwd, when not global. */
  repository: Repository | null;
}

/** The worktrees a command acts on, and whether that is the global view. */
export async function discoverWorktrees(opts: { global?: boolean; cwd?: string; ctx: Context }): Promise<Discovery> {
  const cwd = opts.cwd ?? opts.ctx.cwd;
  if (!opts.global) {
    const repo = existsSync(cwd) && statSync(cwd).isDirectory() ? await currentRepository(cwd) : null;
    if (repo) return { worktrees: repo.worktrees, global: false, repository: repo };
  }
  const repos = await globalRepositories(opts.ctx.config);
  return { worktrees: repos.flatMap((r) => r.worktrees), global: true, repository: null };
}

/**
 * Inside a repository: that repository's worktrees. Outside one or with `global`: every worktree
 * of every repository found under the base directories.
 */
export async function listWorktrees(opts: { global?: boolean; cwd?: string; ctx: Context }): Promise<Worktree[]> {
  return (await discoverWorktrees(opts)).worktrees;
}
