// Removing worktrees (remove, prune --expired): `git worktree remove` from the repository's main
// worktree, then optionally the branch. An unmerged branch is checked before anything is removed,
// so a refusal leaves everything as it was.
import { existsSync, realpathSync } from "node:fs";
import { sep } from "node:path";
import { GwqError, ProcessError } from "../errors.js";
import { git } from "../git/git.js";
import { branchIsMerged } from "../git/branch.js";
import type { Worktree } from "./discover.js";
import { forgetExpiries } from "./expiry.js";

export interface RemoveOptions {
  /** Remove even with modified or untracked files. */
  force: boolean;
  deleteBranch: boolean;
  /** Delete the branch even when it is not merged. */
  forceDeleteBranch: boolean;
}

function lastGitLine(e: unknown): string {
  if (e instanceof ProcessError) {
    const lines = e.stderr.trim().split("\n").filter(Boolean);
    const line = lines.filter((l) => /^(fatal|error):/.test(l)).pop() ?? lines.pop() ?? "";
    return line.replace(/^(fatal|error): /, "");
  }
  return (e as Error).message;
}

/** Where to run git for this worktree's repository: its main worktree, if it still exists. */
function gitDirFor(w: Worktree): string {
  if (existsSync(w.repo_root)) return w.repo_root;
  throw new GwqError(`the main worktree of ${w.repository} (${w.repo_root}) is gone; cannot remove ${w.path}`);
}

/** Checks that would make the removal fail, before anything is changed. */
export async function checkRemovable(w: Worktree, opts: RemoveOptions): Promise<void> {
  if (w.is_main) throw new GwqError(`${w.path} is the main worktree of ${w.repository}; it is never removed`);
  if (opts.deleteBranch && !opts.forceDeleteBranch && !w.detached) {
    if (!(await branchIsMerged(gitDirFor(w), w.branch))) {
      throw new GwqError(`branch "${w.branch}" is not fully merged; nothing removed (use --force-delete-branch to delete it anyway)`);
    }
  }
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Running sessions whose working directory is in the worktree (its path as given or resolved). */
export function runningSessionsIn<T extends { status: string; working_dir: string }>(w: Worktree, sessions: T[]): T[] {
  const roots = [...new Set([w.path, real(w.path)])];
  return sessions.filter((s) => {
    if (s.status !== "running") return false;
    const dirs = new Set([s.working_dir, real(s.working_dir)]);
    return roots.some((r) => [...dirs].some((d) => d === r || d.startsWith(r.endsWith(sep) ? r : r + sep)));
  });
}

/** Refuse to pull a worktree from under a running session (unless forced), naming the session. */
export function checkNoSessions(w: Worktree, sessions: { status: string; working_dir: string; session_name: string }[]): void {
  const running = runningSessionsIn(w, sessions);
  if (running.length === 0) return;
  const names = running.map((s) => s.session_name).join(", ");
  const one = running.length === 1;
  throw new GwqError(
    `${w.branch} (${w.path}) has ${one ? "a running gwq session" : `${running.length} running gwq sessions`}: ${names}; ` +
      `end ${one ? "it" : "them"} with "gwq tmux kill ${one ? names : "<name>"}", or use --force`,
  );
}

/** Remove one worktree (and its branch). Returns the lines to report. */
export async function removeWorktree(w: Worktree, opts: RemoveOptions): Promise<string[]> {
  await checkRemovable(w, opts);
  const cwd = gitDirFor(w);
  const done: string[] = [];
  try {
    if (existsSync(w.path)) {
      await git(["worktree", "remove", ...(opts.force ? ["--force", "--force"] : []), w.path], { cwd });
    } else {
      await git(["worktree", "prune"], { cwd }); // deleted by hand: only git's record is left
    }
  } catch (e) {
    const why = lastGitLine(e);
    const hint = /modified or untracked|locked/.test(why) && !opts.force ? " (use --force)" : "";
    throw new GwqError(`cannot remove ${w.branch} (${w.path}): ${why}${hint}`);
  }
  forgetExpiries([w.path]);
  done.push(`Removed worktree: ${w.branch} (${w.path})`);
  if (opts.deleteBranch && !w.detached) {
    try {
      await git(["branch", opts.forceDeleteBranch ? "-D" : "-d", w.branch], { cwd });
    } catch (e) {
      throw new GwqError(`worktree removed, but branch "${w.branch}" was not deleted: ${lastGitLine(e)}`);
    }
    done.push(`Deleted branch: ${w.branch}`);
  }
  return done;
}
