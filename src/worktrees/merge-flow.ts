// `gwq merge` as a whole, for the command and the dashboard's `m`: checks that refuse before
// anything changes (uncommitted changes on either side, a session still running in the source),
// the merge itself (git/merge.ts), then, unless kept, the source's sessions ended (output kept),
// its worktree removed and its branch deleted. Prints nothing: what happened comes back as lines.
import { sep } from "node:path";
import type { Context } from "../context.js";
import { GwqError } from "../errors.js";
import { localBranchExists } from "../git/branch.js";
import { git } from "../git/git.js";
import { mergeBranch, MergeConflict, uncommittedFiles, type MergeMode } from "../git/merge.js";
import type { Session } from "../sessions/types.js";
import { baseFor } from "./branch-target.js";
import { readRepository, type Worktree } from "./discover.js";
import { logWorktreeEvent } from "./events.js";
import { removeWorktree, runningSessionsIn } from "./remove.js";

export interface MergeFlowOptions {
  ctx: Context;
  into?: string;
  mode: MergeMode;
  message?: string;
  keep: boolean;
  /** End sessions still running in the source (their output is kept) instead of refusing. */
  force: boolean;
}

export interface MergeFlowResult {
  branch: string;
  into: string;
  mode: MergeMode;
  commit: string;
  up_to_date: boolean;
  removed: boolean;
  /** What was done, one line each, for the user. */
  lines: string[];
  /** Merged, but the worktree or branch could not be removed: why. */
  removeError: string | null;
}

const list = (files: string[], max = 10) => files.slice(0, max).join(", ") + (files.length > max ? ` and ${files.length - max} more` : "");

export async function mergeWorktree(source: Worktree, opts: MergeFlowOptions): Promise<MergeFlowResult> {
  const { ctx } = opts;
  // Read before the worktree may go: a process whose directory is removed cannot ask any more.
  const here = ctx.cwd;
  if (source.is_main) throw new GwqError(`${source.branch} is checked out in the main worktree (${source.path}); gwq merge merges a branch from its own worktree`);
  const target = await baseFor(source, opts.into, "--into");
  if (target === source.branch) throw new GwqError(`cannot merge "${target}" into itself`);
  if (!(await localBranchExists(source.repo_root, target))) {
    throw new GwqError(`"${target}" is not a local branch: give --into <branch> (a local branch to merge into)`);
  }
  const repo = await readRepository(source.repo_root);
  const targetWt = repo.worktrees.find((w) => w.branch === target && !w.detached && !w.prunable) ?? null;

  const dirtySource = await uncommittedFiles(source.path, true);
  if (dirtySource.length) {
    throw new GwqError(`${source.branch} has uncommitted changes in ${list(dirtySource)}: commit them (cd ${source.path} && git add -A && git commit) or remove them, then merge again`);
  }
  if (targetWt) {
    const dirtyTarget = await uncommittedFiles(targetWt.path, false);
    if (dirtyTarget.length) throw new GwqError(`${target} (${targetWt.path}) has uncommitted changes in ${list(dirtyTarget)}: commit or stash them there, then merge again`);
  }
  const sessions = await sessionsIn(source, ctx);
  const running = sessions.filter((s) => s.status === "running");
  if (running.length && !opts.force) {
    const names = running.map((s) => s.session_name).join(", ");
    throw new GwqError(`a session still runs in ${source.branch}: ${names}; wait for it (gwq tmux wait ${running[0]!.session_name}) or use --force to end it (its output is kept)`);
  }
  if (running.length) await endSessions(running, ctx);

  let result;
  try {
    result = await mergeBranch({ repoRoot: repo.root, source: source.branch, sourcePath: source.path, target, targetPath: targetWt?.path ?? null, mode: opts.mode, message: opts.message });
  } catch (e) {
    if (!(e instanceof MergeConflict)) throw e;
    const rebase = opts.mode === "rebase";
    const where = e.side === "target" ? `${target} is as it was` : `${source.branch} is as it was`;
    const merge = `git merge ${opts.mode === "squash" ? "--squash " : ""}${source.branch}`;
    const how = rebase
      ? `cd ${source.path} && git rebase ${target}`
      : targetWt
        ? `cd ${targetWt.path} && ${merge}`
        : `gwq add ${target}, then ${merge} in that worktree`;
    throw new GwqError(`${rebase ? "rebasing" : "merging"} ${source.branch} ${rebase ? "onto" : "into"} ${target} conflicts in ${list(e.files, 20)}; nothing changed (${where}). To resolve by hand: ${how}`);
  }
  const subject = (await git(["log", "-1", "--format=%h %s", result.commit], { cwd: repo.root })).trim();
  logWorktreeEvent("merged", { branch: source.branch, base: target, into: target, commit: result.commit, path: source.path }, ctx.warn);
  const lines = [result.upToDate ? `${target} already has everything in ${source.branch}: ${subject}` : `Merged ${source.branch} into ${target}: ${subject}`];

  let removed = false;
  let removeError: string | null = null;
  if (!opts.keep) {
    // The branch is in the target now (for --squash, as the squash commit): nothing is lost.
    try {
      await endSessions(sessions.filter((s) => !running.includes(s)), ctx);
      lines.push(...(await removeWorktree(source, { force: false, deleteBranch: true, forceDeleteBranch: true })));
      removed = true;
      if (here === source.path || here.startsWith(source.path + sep)) lines.push(`You were in that worktree: cd ${targetWt?.path ?? repo.root}`);
      logWorktreeEvent("removed", { branch: source.branch, base: target, path: source.path }, ctx.warn);
    } catch (e) {
      removeError = `merged, but ${(e as Error).message}`;
    }
  }
  return { branch: source.branch, into: target, mode: opts.mode, commit: result.commit, up_to_date: result.upToDate, removed, lines, removeError };
}

/** The sessions whose directory is in the worktree, running or not; none when tmux is off. */
async function sessionsIn(w: Worktree, ctx: Context): Promise<Session[]> {
  const { sessionsForStatus } = await import("../sessions/status-link.js");
  const all = (await sessionsForStatus(ctx)) ?? [];
  // Every record counts here, not only running ones: ask as if each were running.
  const inside = new Set(runningSessionsIn(w, all.map((s) => ({ ...s, status: "running" }))).map((s) => s.session_name));
  return all.filter((s) => inside.has(s.session_name));
}

/** End sessions, keeping their output (what `gwq tmux kill` does). */
async function endSessions(sessions: Session[], ctx: Context): Promise<void> {
  if (!sessions.length || !ctx.config.tmux.enabled) return;
  const { manager } = await import("../commands/tmux/_shared.js");
  await manager(ctx).killSessions(sessions);
}
