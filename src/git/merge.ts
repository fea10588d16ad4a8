// Merging a branch into another without ever switching a worktree's branch, and without ever
// leaving a repository mid-merge: the merge runs in the worktree that has the target checked out
// (or, when none has, in a temporary detached worktree whose result the target is then moved
// to), and a conflict is aborted at once, the files named. Callers check first that the worktrees
// involved have no uncommitted changes, so an abort puts back exactly what was there.
import { existsSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { GwqError } from "../errors.js";
import { git, gitCode } from "./git.js";

export type MergeMode = "merge" | "rebase" | "squash";

export interface MergeRequest {
  repoRoot: string;
  source: string;
  sourcePath: string;
  target: string;
  /** The worktree that has the target checked out; null: a temporary one is used. */
  targetPath: string | null;
  mode: MergeMode;
  message?: string;
}

export interface MergeResult {
  /** The target's commit after the merge. */
  commit: string;
  /** The target was already there: nothing new to merge. */
  upToDate: boolean;
}

/** A merge (or rebase) stopped on conflicts and was undone; `side` is where it ran. */
export class MergeConflict extends GwqError {
  constructor(
    readonly files: string[],
    readonly side: "target" | "source",
  ) {
    super(`conflicts in ${files.join(", ")}`);
    this.name = "MergeConflict";
  }
}

// No editor may open, whatever the user's config: gwq runs git without a terminal to give it.
const quiet = { ...process.env, GIT_EDITOR: "true", GIT_MERGE_AUTOEDIT: "no", GIT_TERMINAL_PROMPT: "0" };
const lastLine = (s: string) => s.trim().split("\n").filter(Boolean).pop()?.replace(/^(fatal|error): /, "") ?? "";

const z = (out: string) => out.split("\0").filter(Boolean);

/** Files with uncommitted changes (`untracked`: untracked files count too), as git names them. */
export async function uncommittedFiles(cwd: string, untracked: boolean): Promise<string[]> {
  const out = await git(["status", "--porcelain", "-z", `--untracked-files=${untracked ? "all" : "no"}`], { cwd });
  const files: string[] = [];
  const recs = z(out);
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    files.push(rec.slice(3));
    if (rec[0] === "R" || rec[0] === "C") i++; // the rename's source path follows
  }
  return files;
}

export async function conflictedFiles(cwd: string): Promise<string[]> {
  return z(await git(["diff", "--name-only", "-z", "--diff-filter=U"], { cwd }));
}

export async function revParse(cwd: string, rev: string): Promise<string | null> {
  const r = await gitCode(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { cwd });
  return r.code === 0 ? r.stdout.trim() : null;
}

export async function isAncestor(cwd: string, a: string, b: string): Promise<boolean> {
  return (await gitCode(["merge-base", "--is-ancestor", a, b], { cwd })).code === 0;
}

async function gitPath(cwd: string, name: string): Promise<string> {
  const p = (await git(["rev-parse", "--git-path", name], { cwd })).trim();
  return isAbsolute(p) ? p : resolve(cwd, p);
}

/** The default squash message: the branch's commit subjects. */
export async function squashMessage(cwd: string, source: string, target: string): Promise<string> {
  const subjects = (await git(["log", "--reverse", "--format=%s", `${target}..${source}`], { cwd })).split("\n").filter(Boolean);
  if (subjects.length === 1) return subjects[0]!;
  return `Squashed branch '${source}' (${subjects.length} commits)\n\n${subjects.map((s) => `* ${s}`).join("\n")}`;
}

/** Run `fn` in the target's worktree, or in a temporary detached one whose result becomes the target. */
async function inTarget(req: MergeRequest, fn: (dir: string, temporary: boolean) => Promise<void>): Promise<string> {
  if (req.targetPath) {
    await fn(req.targetPath, false);
    return (await revParse(req.targetPath, "HEAD"))!;
  }
  const old = await revParse(req.repoRoot, `refs/heads/${req.target}`);
  if (!old) throw new GwqError(`"${req.target}" is not a local branch`);
  const dir = mkdtempSync(join(tmpdir(), "gwq-merge-"));
  try {
    const add = await gitCode(["worktree", "add", "--detach", dir, old], { cwd: req.repoRoot, env: quiet });
    if (add.code !== 0) throw new GwqError(`cannot make a temporary worktree for ${req.target}: ${lastLine(add.stderr)}`);
    await fn(dir, true);
    const head = (await revParse(dir, "HEAD"))!;
    if (head !== old) {
      // Only if the target has not moved meanwhile, and through `git branch -f`, which refuses a
      // branch that a worktree is rebasing or bisecting (update-ref would not notice).
      if ((await revParse(req.repoRoot, `refs/heads/${req.target}`)) !== old) throw new GwqError(`${req.target} moved while merging; nothing changed`);
      const f = await gitCode(["branch", "-f", req.target, head], { cwd: req.repoRoot });
      if (f.code !== 0) throw new GwqError(`cannot move ${req.target}: ${lastLine(f.stderr)}; nothing changed`);
    }
    return head;
  } finally {
    await gitCode(["worktree", "remove", "--force", dir], { cwd: req.repoRoot }).catch(() => null);
    rmSync(dir, { recursive: true, force: true });
    await gitCode(["worktree", "prune"], { cwd: req.repoRoot }).catch(() => null);
  }
}

/** Undo a stopped merge in `dir` and report it: the conflict's files, or git's reason. */
async function undoMerge(dir: string, stderr: string, squash: boolean): Promise<never> {
  const files = await conflictedFiles(dir).catch(() => []);
  if (!squash && (await revParse(dir, "MERGE_HEAD"))) await git(["merge", "--abort"], { cwd: dir });
  else if (squash) {
    // A squash leaves no MERGE_HEAD: put the index and files back as HEAD has them.
    await git(["reset", "--merge"], { cwd: dir });
    const msg = await gitPath(dir, "SQUASH_MSG");
    if (existsSync(msg)) unlinkSync(msg);
  }
  if (files.length) throw new MergeConflict(files, "target");
  throw new GwqError(`git refused the merge: ${lastLine(stderr)}`);
}

export async function mergeBranch(req: MergeRequest): Promise<MergeResult> {
  const before = await revParse(req.repoRoot, `refs/heads/${req.target}`);
  if (req.mode === "rebase") return rebaseThenForward(req, before);
  const commit = await inTarget(req, async (dir, temporary) => {
    if (req.mode === "merge") {
      const message = req.message ?? (temporary ? `Merge branch '${req.source}' into ${req.target}` : undefined);
      const r = await gitCode(["merge", "--no-edit", ...(message ? ["-m", message] : []), req.source], { cwd: dir, env: quiet });
      if (r.code !== 0) await undoMerge(dir, r.stderr + r.stdout, false);
      return;
    }
    const r = await gitCode(["merge", "--squash", req.source], { cwd: dir, env: quiet });
    if (r.code !== 0) await undoMerge(dir, r.stderr + r.stdout, true);
    if ((await gitCode(["diff", "--cached", "--quiet"], { cwd: dir })).code === 0) return; // nothing new
    const message = req.message ?? (await squashMessage(dir, req.source, "HEAD"));
    const c = await gitCode(["commit", "-q", "-m", message], { cwd: dir, env: quiet });
    if (c.code !== 0) await undoMerge(dir, c.stderr + c.stdout, true);
  });
  return { commit, upToDate: commit === before };
}

/** --rebase: the source is rebased onto the target in its own worktree, then the target fast-forwards. */
async function rebaseThenForward(req: MergeRequest, before: string | null): Promise<MergeResult> {
  const r = await gitCode(["rebase", req.target], { cwd: req.sourcePath, env: quiet });
  if (r.code !== 0) {
    const files = await conflictedFiles(req.sourcePath).catch(() => []);
    const busy = existsSync(await gitPath(req.sourcePath, "rebase-merge")) || existsSync(await gitPath(req.sourcePath, "rebase-apply"));
    if (busy) await git(["rebase", "--abort"], { cwd: req.sourcePath });
    if (files.length) throw new MergeConflict(files, "source");
    throw new GwqError(`git refused the rebase: ${lastLine(r.stderr + r.stdout)}`);
  }
  const head = (await revParse(req.sourcePath, "HEAD"))!;
  const commit = await inTarget(req, async (dir) => {
    const ff = await gitCode(["merge", "--ff-only", head], { cwd: dir, env: quiet });
    if (ff.code !== 0) throw new GwqError(`cannot fast-forward ${req.target}: ${lastLine(ff.stderr)}`);
  });
  return { commit, upToDate: commit === before };
}
