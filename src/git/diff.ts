// What a worktree's branch changes against its base: commits, uncommitted changes and untracked
// files, as one tree-to-tree diff. The working tree is snapshotted into a tree object through a
// temporary index (a copy of the worktree's own, so unchanged files are not hashed again); the
// worktree's index is never read for writing nor changed, and nothing is staged.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { GwqError } from "../errors.js";
import { git, gitCode } from "./git.js";

export interface DiffFile {
  path: string;
  /** added, modified, deleted, type-changed (a file became a link or back). */
  status: string;
  /** Lines; null for a binary file. */
  added: number | null;
  deleted: number | null;
}

const lastLine = (s: string) => s.trim().split("\n").filter(Boolean).pop()?.replace(/^(fatal|error): /, "") ?? "";

/** The commit where the branch left `base`. */
export async function mergeBase(cwd: string, base: string): Promise<string> {
  const r = await gitCode(["merge-base", base, "HEAD"], { cwd });
  if (r.code === 0) return r.stdout.trim();
  const known = await gitCode(["rev-parse", "--verify", "--quiet", `${base}^{commit}`], { cwd });
  if (known.code !== 0) throw new GwqError(`the base "${base}" is not a branch or commit in this repository`);
  throw new GwqError(`the branch has no commit in common with "${base}"${r.stderr ? `: ${lastLine(r.stderr)}` : ""}`);
}

/** Commits on HEAD not on base (ahead), and on base not on HEAD (behind). */
export async function aheadBehind(cwd: string, base: string, head = "HEAD"): Promise<{ ahead: number; behind: number }> {
  const out = await git(["rev-list", "--left-right", "--count", `${base}...${head}`], { cwd });
  const [behind, ahead] = out.trim().split(/\s+/).map(Number);
  return { ahead: ahead ?? 0, behind: behind ?? 0 };
}

/**
 * The working tree as it is now (tracked changes and untracked, not ignored, files) written as a
 * tree object, through a temporary copy of the index.
 */
export async function workingTree(cwd: string): Promise<string> {
  const indexPath = (await git(["rev-parse", "--git-path", "index"], { cwd })).trim();
  const own = isAbsolute(indexPath) ? indexPath : resolve(cwd, indexPath);
  const dir = mkdtempSync(join(tmpdir(), "gwq-index-"));
  const temp = join(dir, "index");
  try {
    try {
      copyFileSync(own, temp);
    } catch {
      // No index yet (nothing ever added): git starts from an empty one.
    }
    const env = { ...process.env, GIT_INDEX_FILE: temp };
    const add = await gitCode(["add", "-A"], { cwd, env });
    if (add.code !== 0) throw new GwqError(`cannot read the working tree of ${cwd}: ${lastLine(add.stderr)}`);
    return (await git(["write-tree"], { cwd, env })).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STATUS: Record<string, string> = { A: "added", M: "modified", D: "deleted", T: "type-changed" };

/** Files that differ between two trees or commits, with line counts. */
export async function diffFiles(cwd: string, from: string, to: string): Promise<DiffFile[]> {
  const [names, nums] = await Promise.all([
    git(["diff", "--no-renames", "--no-ext-diff", "--name-status", "-z", from, to], { cwd }),
    git(["diff", "--no-renames", "--no-ext-diff", "--numstat", "-z", from, to], { cwd }),
  ]);
  return parseDiff(names, nums);
}

/** `--name-status -z` (`S\0path\0`) joined with `--numstat -z` (`a\td\tpath\0`, `-` for binary). */
export function parseDiff(names: string, nums: string): DiffFile[] {
  const counts = new Map<string, [number | null, number | null]>();
  for (const rec of nums.split("\0")) {
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]+)$/.exec(rec);
    if (m) counts.set(m[3]!, [m[1] === "-" ? null : Number(m[1]), m[2] === "-" ? null : Number(m[2])]);
  }
  const parts = names.split("\0");
  const files: DiffFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const code = parts[i]!;
    const path = parts[i + 1]!;
    if (!code) break;
    const [added, deleted] = counts.get(path) ?? [0, 0];
    files.push({ path, status: STATUS[code[0]!] ?? code, added, deleted });
  }
  return files;
}
