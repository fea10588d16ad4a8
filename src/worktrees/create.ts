// `gwq add`: pick the branch (given, or chosen with -i), pick the path (given, or the layout),
// create the worktree with one `git worktree add`, then copy files, run setup commands and record
// an expiry. An existing local branch is checked out; a remote-only one gets a tracking branch.
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Context } from "../context.js";
import { GwqError, ProcessError, UsageError } from "../errors.js";
import { git } from "../git/git.js";
import { allBranches, localBranchExists, remoteBranches } from "../git/branch.js";
import { expandHome } from "../paths.js";
import { pick } from "../ui/finder.js";
import { currentRepository, isoWithOffset, type Repository } from "./discover.js";
import { recordExpiry } from "./expiry.js";
import { layoutVars, repositorySettingFor, worktreePathFor } from "./layout.js";
import { copyFiles, runSetupCommands } from "./setup.js";

export interface AddRequest {
  branch?: string;
  path?: string;
  /** -b: create the branch (from HEAD, or from `from`). */
  createBranch: boolean;
  /** With createBranch: the commit or branch to start it from (gwq spawn --base), not tracked. */
  from?: string;
  interactive: boolean;
  force: boolean;
  /** --expires, already parsed and checked positive. */
  expiresMs?: number;
  cwd?: string;
  ctx: Context;
}

export interface AddResult {
  path: string;
  branch: string;
  expiresAt: string | null;
  /** Copy or setup steps that failed (reported on stderr already). */
  setupFailures: number;
}

/** Choose a branch with the finder (`add -i`); a remote one becomes a new tracking branch. */
async function chooseBranch(repo: Repository): Promise<{ branch: string; startPoint?: string }> {
  const branches = await allBranches(repo.root);
  const checkedOut = new Set(repo.worktrees.map((w) => w.branch));
  const choices = branches.filter((b) => b.remote || !checkedOut.has(b.name));
  if (choices.length === 0) throw new GwqError("no branch to choose: every local branch already has a worktree (use -b to create one)");
  const [chosen] = await pick(choices, {
    label: (b) => (b.remote ? `${b.name} (remote)` : b.name),
    noun: "branches",
    prompt: "branch> ",
    reason: "add -i chooses a branch in the finder, which needs a terminal; give the branch name instead",
  });
  if (!chosen!.remote) return { branch: chosen!.name };
  return { branch: chosen!.name.slice(chosen!.name.indexOf("/") + 1), startPoint: chosen!.name };
}

function isNonEmptyDir(p: string): boolean {
  try {
    return readdirSync(p).length > 0;
  } catch {
    return false;
  }
}

function checkTarget(path: string, force: boolean): void {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) throw new GwqError(`${path} already exists and is not a directory`);
  if (isNonEmptyDir(path) && !force) throw new GwqError(`${path} already exists and is not empty`);
}

function gitFailure(e: unknown, what: string): GwqError {
  if (e instanceof ProcessError) {
    const line = e.stderr.trim().split("\n").filter((l) => /^(fatal|error):/.test(l)).pop() ?? e.stderr.trim().split("\n").pop() ?? "";
    return new GwqError(`${what}: ${line.replace(/^(fatal|error): /, "")}`);
  }
  return e as GwqError;
}

export async function addWorktree(req: AddRequest): Promise<AddResult> {
  const cwd = req.cwd ?? req.ctx.cwd;
  const cfg = req.ctx.config;
  const repo = await currentRepository(cwd);
  if (!repo) throw new GwqError(`add works inside a git repository, and ${cwd} is not in one`);

  let branch = req.branch;
  let startPoint: string | undefined;
  let createBranch = req.createBranch;
  if (req.interactive) {
    if (branch) throw new UsageError("add -i chooses the branch in the finder: give no branch name with -i");
    const chosen = await chooseBranch(repo);
    branch = chosen.branch;
    if (chosen.startPoint) {
      startPoint = chosen.startPoint;
      createBranch = true;
    }
  }
  if (!branch) throw new UsageError("add needs a branch name (or -i to choose one): gwq add [-b] <branch> [path]");

  if (!createBranch && !(await localBranchExists(cwd, branch))) {
    const remote = (await remoteBranches(cwd, branch))[0];
    if (!remote) throw new GwqError(`branch "${branch}" does not exist (use -b to create it)`);
    startPoint = remote;
    createBranch = true;
  }

  const path = req.path ? expandHome(req.path, cwd) : worktreePathFor(cfg, repo.remote, repo.root, branch);
  checkTarget(path, req.force);
  if (!cfg.worktree.auto_mkdir) {
    const setting = repositorySettingFor(cfg.repository_settings, repo.root);
    const base = req.path ? dirname(path) : (setting?.basedir ?? cfg.worktree.basedir);
    if (!existsSync(base)) throw new GwqError(`${base} does not exist (worktree.auto_mkdir is false: create it first)`);
  }

  const args = ["worktree", "add"];
  if (req.force) args.push("--force");
  if (createBranch && !startPoint && req.from) args.push("--no-track", "-b", branch, path, req.from);
  else if (createBranch) args.push(...(startPoint ? ["--track"] : []), "-b", branch, path, ...(startPoint ? [startPoint] : []));
  else args.push(path, branch);
  try {
    await git(args, { cwd });
  } catch (e) {
    throw gitFailure(e, `cannot add a worktree for "${branch}"`);
  }

  // git lists worktrees by their real path; use the same one from here on.
  const created = realpathSync(path);
  let setupFailures = 0;
  const setting = repositorySettingFor(cfg.repository_settings, repo.root);
  if (setting) {
    if (setting.copy_files.length) setupFailures += copyFiles(repo.root, created, setting.copy_files);
    if (setting.setup_commands.length) {
      const vars = { ...layoutVars(repo.remote, repo.root, branch), Path: created };
      setupFailures += await runSetupCommands(setting.setup_commands, vars, created);
    }
  }

  let expiresAt: string | null = null;
  if (req.expiresMs !== undefined) {
    const at = new Date(Date.now() + req.expiresMs);
    expiresAt = isoWithOffset(at);
    recordExpiry({ path: created, branch, repository: repo.id, repo_root: repo.root, expires_at: at.toISOString() });
  }
  return { path: created, branch, expiresAt, setupFailures };
}
