// remove/rm, prune (worktrees deleted by hand), prune --expired (with a real wait), and the
// completion scripts, end to end against real repositories.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bashCompletion, makeRepo, sandboxEach } from "../helpers/sandbox.js";


/** Move the deadlines of these branches' worktrees into the past (no waiting for a clock). */
function backdate(state: string, branches: string[]): void {
  const data = JSON.parse(readFileSync(state, "utf8")) as { worktrees: Record<string, { branch: string; expires_at: string }> };
  for (const e of Object.values(data.worktrees)) if (branches.includes(e.branch)) e.expires_at = "2000-01-01T00:00:00Z";
  writeFileSync(state, JSON.stringify(data));
}
const sb = sandboxEach();

const layout = (...parts: string[]) => join(sb.home, "worktrees", "github.com", "acme", "myapp", ...parts);
const branchExists = (repo: string, b: string) => {
  try {
    sb.git(repo, "show-ref", "--verify", "--quiet", `refs/heads/${b}`);
    return true;
  } catch {
    return false;
  }
};

async function add(repo: string, ...args: string[]): Promise<void> {
  const r = await sb.gwq(["add", ...args], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
}

describe("remove", () => {
  test("remove and rm remove the worktree and keep the branch; -b/--delete-branch deletes a merged branch", async () => {
    const repo = makeRepo(sb);
    for (const b of ["one", "two", "three"]) await add(repo, "-b", b);
    let r = await sb.gwq(["remove", "one"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Removed worktree: one/);
    assert.ok(!existsSync(layout("one")));
    assert.ok(branchExists(repo, "one"));
    r = await sb.gwq(["rm", "-b", "two"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Deleted branch: two/);
    assert.ok(!branchExists(repo, "two"));
    r = await sb.gwq(["rm", "--delete-branch", "three"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!branchExists(repo, "three"));
  });

  test("-b refuses an unmerged branch and removes nothing; --force-delete-branch deletes it", async () => {
    const repo = makeRepo(sb);
    await add(repo, "-b", "wip");
    sb.git(layout("wip"), "commit", "-q", "--allow-empty", "-m", "unmerged work");
    let r = await sb.gwq(["remove", "-b", "wip"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'gwq: branch "wip" is not fully merged; nothing removed (use --force-delete-branch to delete it anyway)\n');
    assert.ok(existsSync(layout("wip")));
    assert.ok(branchExists(repo, "wip"));
    r = await sb.gwq(["remove", "-b", "--force-delete-branch", "wip"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(layout("wip")));
    assert.ok(!branchExists(repo, "wip"));
  });

  test("-d/--dry-run changes nothing; a dirty worktree needs -f/--force; the main worktree is never a candidate", async () => {
    const repo = makeRepo(sb);
    await add(repo, "-b", "dirty");
    for (const flag of ["-d", "--dry-run"]) {
      const r = await sb.gwq(["rm", flag, "-b", "dirty"], { cwd: repo });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Would remove the following worktrees:\n  dirty \(.*\)\n    - Would delete branch: dirty\n/);
      assert.ok(existsSync(layout("dirty")));
    }
    writeFileSync(join(layout("dirty"), "untracked.txt"), "x");
    let r = await sb.gwq(["rm", "dirty"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: cannot remove dirty .*\(use --force\)\n$/);
    assert.ok(existsSync(layout("dirty")));
    r = await sb.gwq(["rm", "-f", "dirty"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(layout("dirty")));

    r = await sb.gwq(["rm", "main"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'gwq: no worktree matches "main"\n');
    assert.ok(existsSync(join(repo, "README.md")));
  });

  test("-g/--global and repository:branch from outside any repository", async () => {
    const a = makeRepo(sb, { name: "alpha" });
    const b = makeRepo(sb, { name: "beta" });
    await add(a, "-b", "feat");
    await add(b, "-b", "feat");
    const r = await sb.gwq(["rm", "beta:feat"], { cwd: sb.root });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(sb.home, "worktrees/github.com/acme/beta/feat")));
    assert.ok(existsSync(join(sb.home, "worktrees/github.com/acme/alpha/feat")));
    const g = await sb.gwq(["remove", "--global", "-d", "alpha:feat"], { cwd: b });
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /alpha:feat/);
  });
});

describe("prune", () => {
  test("a worktree deleted by hand shows as missing; prune --dry-run lists it; prune forgets it", async () => {
    const repo = makeRepo(sb);
    await add(repo, "-b", "gone/by-hand");
    await add(repo, "-b", "kept");
    rmSync(layout("gone-by-hand"), { recursive: true, force: true });
    const l = await sb.gwq(["list"], { cwd: repo });
    assert.match(l.stdout, /gone\/by-hand .*missing/);
    let r = await sb.gwq(["prune", "--dry-run"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Would prune: gone\/by-hand/);
    assert.match(sb.git(repo, "worktree", "list"), /gone-by-hand/);
    r = await sb.gwq(["prune"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Pruned: gone\/by-hand/);
    assert.doesNotMatch(sb.git(repo, "worktree", "list"), /gone-by-hand/);
    assert.match(sb.git(repo, "worktree", "list"), /kept/);
    r = await sb.gwq(["prune"], { cwd: repo });
    assert.match(r.stdout, /No stale worktrees/);
  });

  test("outside a repository prune acts on every repository found", async () => {
    const repo = makeRepo(sb);
    await add(repo, "-b", "x");
    rmSync(layout("x"), { recursive: true, force: true });
    // The repository is found through another worktree of it under the base directory.
    await add(repo, "-b", "y");
    const r = await sb.gwq(["prune"], { cwd: sb.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Pruned: x/);
    assert.doesNotMatch(sb.git(repo, "worktree", "list"), /\/x /);
  });

  test("--expired: only expired ones, dirty ones skipped unless --force, main never", async () => {
    const repo = makeRepo(sb);
    await add(repo, "--expires", "1h", "-b", "short");
    await add(repo, "--expires", "1h", "-b", "short-dirty");
    await add(repo, "--expires", "1h", "-b", "long");
    const state = join(sb.env.XDG_STATE_HOME!, "gwq", "expiry.json");
    assert.equal(statSync(state).mode & 0o777, 0o600);
    backdate(state, ["short", "short-dirty"]);
    writeFileSync(join(layout("short-dirty"), "new.txt"), "x");

    let r = await sb.gwq(["prune", "--expired", "--dry-run"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Would remove: .*short \(branch: short/);
    assert.match(r.stdout, /Would skip \(uncommitted changes\): .*short-dirty/);
    assert.doesNotMatch(r.stdout, /long/);
    assert.ok(existsSync(layout("short")));

    r = await sb.gwq(["prune", "--expired"], { cwd: sb.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Removed: .*short \(branch: short\)/);
    assert.match(r.stdout, /Removed 1 expired worktree\(s\), skipped 1/);
    assert.ok(!existsSync(layout("short")));
    assert.ok(existsSync(layout("short-dirty")));
    assert.ok(existsSync(layout("long")));

    r = await sb.gwq(["prune", "--expired", "--force"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(layout("short-dirty")));
    assert.ok(existsSync(layout("long")));
    r = await sb.gwq(["prune", "--expired"], { cwd: repo });
    assert.match(r.stdout, /No expired worktrees found/);
  });

  test("--expired skips a worktree where a gwq session runs, as remove does; --force removes it", async () => {
    const repo = makeRepo(sb);
    await add(repo, "--expires", "1h", "-b", "busy");
    backdate(join(sb.env.XDG_STATE_HOME!, "gwq", "expiry.json"), ["busy"]);
    const run = await sb.gwq(["tmux", "run", "--id", "busy-job", "--json", "sleep 300"], { cwd: layout("busy") });
    assert.equal(run.code, 0, run.stderr);
    const name = JSON.parse(run.stdout).session_name as string;
    let r = await sb.gwq(["prune", "--expired"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Skipped \\(running gwq session: ${name}\\): .*busy \\(use --force`));
    assert.ok(existsSync(layout("busy")));
    r = await sb.gwq(["prune", "--expired", "--dry-run"], { cwd: repo });
    assert.match(r.stdout, /Would skip \(running gwq session/);
    r = await sb.gwq(["prune", "--expired", "--force"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(layout("busy")));
  });

  test("--expired never removes a main worktree, even when a deadline names it", async () => {
    const repo = makeRepo(sb);
    mkdirSync(join(sb.env.XDG_STATE_HOME!, "gwq"), { recursive: true });
    writeFileSync(
      join(sb.env.XDG_STATE_HOME!, "gwq", "expiry.json"),
      JSON.stringify({ worktrees: { [repo]: { path: repo, branch: "main", repository: "x", repo_root: repo, expires_at: "2000-01-01T00:00:00Z" } } }),
    );
    const r = await sb.gwq(["prune", "--expired", "--force"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Skipped \(main worktree\)/);
    assert.ok(existsSync(join(repo, "README.md")));
  });
});

describe("completion", () => {
  test("bash, zsh, fish scripts; an unknown shell is a usage error", async () => {
    for (const shell of ["bash", "zsh", "fish"]) {
      const r = await sb.gwq(["completion", shell]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /completion __items/);
      assert.match(r.stdout, /worktrees/);
      assert.match(r.stdout, /__GWQ_CD_SHIM=1/);
    }
    const bad = await sb.gwq(["completion", "tcsh"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bash, zsh, fish/);
  });

  test("bash completes commands, flags, worktrees, branches; the wrapper cds with launch_shell = false", async () => {
    const repo = makeRepo(sb, { branches: ["not-yet"] });
    await add(repo, "-b", "feature/login");
    const { complete, script, env } = await bashCompletion(sb, repo);
    assert.ok(complete("gwq re").includes("remove"));
    assert.ok(complete("gwq rm --force-").includes("--force-delete-branch"));
    assert.deepEqual(complete("gwq get fea"), ["feature/login"]);
    assert.ok(complete("gwq add no").includes("not-yet"));
    assert.ok(complete("gwq tmux ''").includes("attach"));
    assert.ok(complete("gwq config get tmux.hist").includes("tmux.history_limit"));

    sb.writeConfig("[cd]\nlaunch_shell = false\n");
    const pwd = execFileSync("bash", ["-c", `source "${script}"; gwq cd login && pwd`], { cwd: repo, env, encoding: "utf8" });
    assert.equal(pwd, layout("feature-login") + "\n");
  });
});
