// The branch checked out in the worktree holding a directory, read from the files git keeps
// (.git, HEAD, the ref) instead of asking `git rev-parse --abbrev-ref HEAD`: `gwq tmux run`
// records it with every session, and a git process costs more than the rest of the creation.
// Anything unusual is left to git (undefined): overriding variables, reftable repositories, a
// HEAD that is neither a branch nor a commit, a branch whose ref cannot be found.
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

const OVERRIDES = ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"];

const read = (p: string): string | null => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
};

/** Where a worktree's `.git` leads: its git dir, or null when `.git` is neither a dir nor a gitdir file. */
function gitDirAt(dir: string): string | null | undefined {
  const dotGit = join(dir, ".git");
  let st;
  try {
    st = statSync(dotGit);
  } catch {
    return undefined; // nothing here: look further up
  }
  if (st.isDirectory()) return dotGit;
  const m = /^gitdir: (.+)$/m.exec(read(dotGit) ?? "");
  if (!m) return null;
  const g = m[1]!.trim();
  return isAbsolute(g) ? g : resolve(dir, g);
}

/**
 * What `git rev-parse --abbrev-ref HEAD` prints in `dir`: the branch, "HEAD" when detached; null
 * outside a repository; undefined when only git can tell.
 */
export function branchAt(start: string, env: NodeJS.ProcessEnv = process.env): string | null | undefined {
  if (OVERRIDES.some((k) => env[k] !== undefined)) return undefined;
  let dir = resolve(start);
  let gitDir: string | null | undefined;
  for (;;) {
    gitDir = gitDirAt(dir);
    if (gitDir !== undefined) break;
    const up = dirname(dir);
    if (up === dir) return null; // no repository up to the root: git says the same
    dir = up;
  }
  if (gitDir === null) return undefined;
  const head = read(join(gitDir, "HEAD"))?.trim();
  if (!head) return undefined;
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head)) return "HEAD";
  const m = /^ref: refs\/heads\/(.+)$/.exec(head);
  if (!m) return undefined;
  const branch = m[1]!;
  // An unborn branch (no commit yet) makes git fail: find the ref before trusting the name.
  const common = commonDir(gitDir);
  if (!common || read(join(common, "config"))?.match(/refstorage\s*=\s*reftable/i)) return undefined;
  const loose = read(join(common, "refs", "heads", branch));
  if (loose !== null) return /^[0-9a-f]{40}/.test(loose) ? branch : undefined;
  const packed = read(join(common, "packed-refs"));
  if (packed?.split("\n").some((l) => l.endsWith(` refs/heads/${branch}`))) return branch;
  return undefined;
}

/** The repository's common dir: a linked worktree's git dir names it in `commondir`. */
function commonDir(gitDir: string): string | null {
  const rel = read(join(gitDir, "commondir"));
  if (rel === null) return gitDir;
  const c = rel.trim();
  return c ? (isAbsolute(c) ? c : resolve(gitDir, c)) : null;
}
