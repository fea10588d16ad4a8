// gwq merge [pattern] [--into <branch>] [--rebase | --squash] [--message <m>] [--keep] [--force] [--json]
// Merges a worktree's branch into its base (or --into) where the target is checked out, never
// switching a branch (git/merge.ts). Refuses before touching anything when either side has
// uncommitted changes or an agent still runs in the source; a conflict is undone and named. On
// success, unless --keep: the source's sessions end (output kept), its worktree and branch go.
import type { Invocation } from "./_cli.js";
import type { merge } from "./_manifest.js";
import { GwqError, UsageError } from "../errors.js";
import { writeErr, writeOut } from "../output.js";
import type { Session } from "../sessions/types.js";
import type { Worktree } from "../worktrees/discover.js";

const list = (files: string[], max = 10) => files.slice(0, max).join(", ") + (files.length > max ? ` and ${files.length - max} more` : "");

export default async function run({ args, flags }: Invocation<typeof merge>): Promise<void> {
  if (flags.rebase && flags.squash) throw new UsageError("--rebase and --squash cannot be used together");
  if (flags.message !== undefined && flags.rebase) throw new UsageError("--message goes with a merge commit or --squash, not --rebase");
  const { cliContext } = await import("../context.js");
  const ctx = cliContext();
  const { branchWorktree, baseFor } = await import("../worktrees/branch-target.js");
  const source = await branchWorktree(args.pattern, ctx, "merge");
  if (source.is_main) throw new GwqError(`${source.branch} is checked out in the main worktree (${source.path}); gwq merge merges a branch from its own worktree`);
  const target = await baseFor(source, flags.into, "--into");
  if (target === source.branch) throw new GwqError(`cannot merge "${target}" into itself`);
  const { localBranchExists } = await import("../git/branch.js");
  if (!(await localBranchExists(source.repo_root, target))) {
    throw new GwqError(`"${target}" is not a local branch: give --into <branch> (a local branch to merge into)`);
  }
  const { readRepository } = await import("../worktrees/discover.js");
  const repo = await readRepository(source.repo_root);
  const targetWt = repo.worktrees.find((w) => w.branch === target && !w.detached && !w.prunable) ?? null;

  // Everything that would refuse is checked before anything changes.
  const { uncommittedFiles, mergeBranch, MergeConflict } = await import("../git/merge.js");
  const dirtySource = await uncommittedFiles(source.path, true);
  if (dirtySource.length) {
    throw new GwqError(`${source.branch} has uncommitted changes in ${list(dirtySource)}: commit them (cd ${source.path} && git add -A && git commit) or remove them, then merge again`);
  }
  if (targetWt) {
    const dirtyTarget = await uncommittedFiles(targetWt.path, false);
    if (dirtyTarget.length) {
      throw new GwqError(`${target} (${targetWt.path}) has uncommitted changes in ${list(dirtyTarget)}: commit or stash them there, then merge again`);
    }
  }
  const sessions = await sessionsIn(source, ctx);
  const running = sessions.filter((s) => s.status === "running");
  if (running.length && !flags.force) {
    const names = running.map((s) => s.session_name).join(", ");
    throw new GwqError(`a session still runs in ${source.branch}: ${names}; wait for it (gwq tmux wait ${running[0]!.session_name}) or use --force to end it (its output is kept)`);
  }
  if (running.length) await endSessions(running, ctx);

  const mode = flags.rebase ? "rebase" : flags.squash ? "squash" : "merge";
  let result;
  try {
    result = await mergeBranch({ repoRoot: repo.root, source: source.branch, sourcePath: source.path, target, targetPath: targetWt?.path ?? null, mode, message: flags.message });
  } catch (e) {
    if (!(e instanceof MergeConflict)) throw e;
    const where = e.side === "target" ? `${target} is as it was` : `${source.branch} is as it was`;
    const how = mode === "rebase" ? `cd ${source.path} && git rebase ${target}` : `cd ${targetWt?.path ?? repo.root} && git merge ${source.branch}`;
    throw new GwqError(`${mode === "rebase" ? "rebasing" : "merging"} ${source.branch} onto ${target} conflicts in ${list(e.files, 20)}; nothing changed (${where}). To resolve by hand: ${how}`);
  }
  const { git } = await import("../git/git.js");
  const subject = (await git(["log", "-1", "--format=%h %s", result.commit], { cwd: repo.root })).trim();
  const { logWorktreeEvent } = await import("../worktrees/events.js");
  logWorktreeEvent("merged", { branch: source.branch, base: target, into: target, commit: result.commit, path: source.path }, ctx.warn);
  const say = (line: string) => (flags.json ? writeErr : writeOut)(line + "\n");
  say(result.upToDate ? `${target} already has everything in ${source.branch}: ${subject}` : `Merged ${source.branch} into ${target}: ${subject}`);

  let removed = false;
  if (!flags.keep) {
    // The branch is in the target now (for --squash, as the squash commit): nothing is lost.
    await endSessions(sessions.filter((s) => !running.includes(s)), ctx);
    const { removeWorktree } = await import("../worktrees/remove.js");
    try {
      for (const line of await removeWorktree(source, { force: false, deleteBranch: true, forceDeleteBranch: true })) say(line);
      removed = true;
      logWorktreeEvent("removed", { branch: source.branch, base: target, path: source.path }, ctx.warn);
    } catch (e) {
      writeErr(`gwq: merged, but ${(e as Error).message}\n`);
      process.exitCode = 1;
    }
  }
  if (flags.json) writeOut(JSON.stringify({ branch: source.branch, into: target, mode, commit: result.commit, up_to_date: result.upToDate, removed }, null, 2) + "\n");
}

/** The sessions whose directory is in the worktree, running or not; none when tmux is off. */
async function sessionsIn(w: Worktree, ctx: import("../context.js").Context): Promise<Session[]> {
  const { sessionsForStatus } = await import("../sessions/status-link.js");
  const all = (await sessionsForStatus(ctx)) ?? [];
  const { runningSessionsIn } = await import("../worktrees/remove.js");
  // Every record counts here, not only running ones: ask as if each were running.
  const inside = new Set(runningSessionsIn(w, all.map((s) => ({ ...s, status: "running" }))).map((s) => s.session_name));
  return all.filter((s) => inside.has(s.session_name));
}

/** End sessions, keeping their output (what `gwq tmux kill` does). */
async function endSessions(list: Session[], ctx: import("../context.js").Context): Promise<void> {
  if (!list.length || !ctx.config.tmux.enabled) return;
  const { manager } = await import("./tmux/_shared.js");
  await manager().killSessions(list);
}
