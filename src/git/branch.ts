// Branch queries for add and remove: existence (local or remote), merged-ness, deletion.
import { git, gitCode } from "./git.js";
import { compareText } from "../compare.js";

export async function localBranchExists(cwd: string, branch: string): Promise<boolean> {
  const r = await gitCode(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`], { cwd });
  return r.code === 0;
}

/** Remote-tracking refs named `<remote>/<branch>`, origin first (e.g. ["origin/feature/x"]). */
export async function remoteBranches(cwd: string, branch: string): Promise<string[]> {
  const r = await gitCode(["for-each-ref", "--format=%(refname)", `refs/remotes/*/${branch}`], { cwd });
  if (r.code !== 0) return [];
  const found = r.stdout
    .split("\n")
    .filter((ref) => ref.startsWith("refs/remotes/") && ref.endsWith(`/${branch}`))
    .map((ref) => ref.slice("refs/remotes/".length))
    .filter((short) => short.indexOf("/") === short.length - branch.length - 1);
  found.sort((a, b) => (a.startsWith("origin/") ? -1 : b.startsWith("origin/") ? 1 : compareText(a, b)));
  return found;
}

/** Local and remote-tracking branches, for `add -i`. Remote HEAD symrefs are left out. */
export async function allBranches(cwd: string): Promise<{ name: string; remote: boolean }[]> {
  const out = await git(["for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes"], { cwd });
  const branches: { name: string; remote: boolean }[] = [];
  for (const ref of out.split("\n")) {
    if (ref.startsWith("refs/heads/")) branches.push({ name: ref.slice(11), remote: false });
    else if (ref.startsWith("refs/remotes/") && !ref.endsWith("/HEAD")) branches.push({ name: ref.slice(13), remote: true });
  }
  return branches;
}

/**
 * Would `git branch -d` accept deleting this branch? It checks against the branch's upstream
 * when it has one, else HEAD of the repository's main worktree (`cwd`).
 */
export async function branchIsMerged(cwd: string, branch: string): Promise<boolean> {
  const up = await gitCode(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}@{upstream}`], { cwd });
  const target = up.code === 0 ? up.stdout.trim() : "HEAD";
  const r = await gitCode(["merge-base", "--is-ancestor", `refs/heads/${branch}`, target], { cwd });
  return r.code === 0;
}
