// `git worktree list --porcelain` parsed into records. With -z (git >= 2.36) paths may hold any
// byte, newlines included; older git falls back to the newline form.
import { gitCode } from "./git.js";
import { GwqError } from "../errors.js";

export interface PorcelainWorktree {
  path: string;
  /** Full commit id; "" for a bare repository or an unborn branch. */
  head: string;
  /** Short branch name (refs/heads/ stripped); null when detached or bare. */
  branch: string | null;
  detached: boolean;
  bare: boolean;
  locked: boolean;
  /** git says its directory is gone (git >= 2.31). */
  prunable: boolean;
}

/** Parse porcelain output; `sep` is "\0" for -z output, "\n" otherwise. */
export function parseWorktreePorcelain(text: string, sep: "\0" | "\n"): PorcelainWorktree[] {
  const records: PorcelainWorktree[] = [];
  let cur: PorcelainWorktree | null = null;
  for (const field of text.split(sep)) {
    if (field === "") {
      // An empty field ends a record.
      if (cur) records.push(cur);
      cur = null;
      continue;
    }
    const space = field.indexOf(" ");
    const key = space < 0 ? field : field.slice(0, space);
    const value = space < 0 ? "" : field.slice(space + 1);
    if (key === "worktree") {
      if (cur) records.push(cur);
      cur = { path: value, head: "", branch: null, detached: false, bare: false, locked: false, prunable: false };
      continue;
    }
    if (!cur) continue;
    switch (key) {
      case "HEAD":
        cur.head = value;
        break;
      case "branch":
        cur.branch = value.startsWith("refs/heads/") ? value.slice("refs/heads/".length) : value;
        break;
      case "detached":
        cur.detached = true;
        break;
      case "bare":
        cur.bare = true;
        break;
      case "locked":
        cur.locked = true;
        break;
      case "prunable":
        cur.prunable = true;
        break;
    }
  }
  if (cur) records.push(cur);
  return records;
}

export class NotARepositoryError extends GwqError {
  constructor(dir: string) {
    super(`not inside a git repository: ${dir}`);
    this.name = "NotARepositoryError";
  }
}

let zUnsupported = false;

/** The worktrees of the repository holding `cwd` (main worktree first). One git call. */
export async function gitWorktreeList(cwd: string): Promise<PorcelainWorktree[]> {
  if (!zUnsupported) {
    const r = await gitCode(["worktree", "list", "--porcelain", "-z"], { cwd });
    if (r.code === 0) return parseWorktreePorcelain(r.stdout, "\0");
    if (/not a git repository/i.test(r.stderr)) throw new NotARepositoryError(cwd);
    if (r.code !== 129) throw worktreeListError(cwd, r.stderr);
    zUnsupported = true; // git < 2.36: no -z
  }
  const r = await gitCode(["worktree", "list", "--porcelain"], { cwd });
  if (r.code === 0) return parseWorktreePorcelain(r.stdout, "\n");
  if (/not a git repository/i.test(r.stderr)) throw new NotARepositoryError(cwd);
  throw worktreeListError(cwd, r.stderr);
}

function worktreeListError(cwd: string, stderr: string): GwqError {
  const detail = stderr.trim().split("\n").filter(Boolean).pop() ?? "";
  return new GwqError(`git worktree list failed in ${cwd}${detail ? `: ${detail.replace(/^fatal: /, "")}` : ""}`);
}
