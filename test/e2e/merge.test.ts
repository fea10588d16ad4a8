// gwq merge against real repositories: success (worktree, sessions and branch gone, output kept),
// refusals that change nothing, a conflict undone and named, --squash, --into, --keep, --rebase.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, makeRepo, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

const head = (cwd: string, rev = "HEAD") => sb.git(cwd, "rev-parse", rev).trim();
const worktreeCount = (repo: string) => sb.git(repo, "worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree ")).length;

/** Spawn `branch` running argv, and commit `file` with `text` there. Returns the worktree path. */
async function spawnWithCommit(repo: string, branch: string, argv: string[], file = `${branch}.txt`, text = `${branch}\n`, base?: string): Promise<string> {
  const r = await sb.gwq(["spawn", branch, "--json", ...(base ? ["--base", base] : []), "--", ...argv], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  const path = (JSON.parse(r.stdout) as { path: string }[])[0]!.path;
  writeFileSync(join(path, file), text);
  sb.git(path, "add", file);
  sb.git(path, "commit", "-q", "-m", `${branch}: ${file}`);
  return path;
}

async function waitEnded(identifier: string): Promise<void> {
  const r = await sb.gwq(["tmux", "wait", identifier, "--timeout", "30"]);
  assert.equal(r.code, 0, `wait ${identifier}: ${r.stderr}`);
}

describe("merge", () => {
  test("success: the commit lands on the base, the worktree and branch go, the agent's output stays readable", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "feat", ["sh", "-c", "echo agent-said-this"]);
    await waitEnded("feat");
    const featHead = head(path);
    const r = await sb.gwq(["merge", "feat"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Merged feat into main: [0-9a-f]+ feat: feat\.txt\n/);
    assert.match(r.stdout, /Removed worktree: feat/);
    assert.match(r.stdout, /Deleted branch: feat/);
    assert.equal(head(repo), featHead, "a fast-forward of main");
    assert.ok(!existsSync(path));
    assert.ok(!sb.gitOk(repo, "rev-parse", "--verify", "refs/heads/feat"));
    assert.ok(!sb.gitOk(repo, "config", "branch.feat.gwqBase"), "the recorded base goes with the branch");
    assert.deepEqual(await sb.sessions(), []);
    const logs = await sb.gwq(["tmux", "logs", "feat"]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /agent-said-this/);
    const ev = await sb.gwq(["events", "--json"]);
    const actions = ev.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === "worktree").map((e) => `${e.action} ${e.branch}`);
    assert.deepEqual(actions, ["spawned feat", "merged feat", "removed feat"]);
  });

  test("refuses while a session runs there (naming it), and --force ends it, output kept", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "busy", ["sh", "-c", "echo still-working; exec sleep 600"]);
    const [s] = await sb.sessions<{ session_name: string; status: string }>();
    assert.equal(s!.status, "running");
    const mainBefore = head(repo);
    let r = await sb.gwq(["merge", "busy"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^gwq: a session still runs in busy: ${s!.session_name};.*--force`));
    assert.equal(head(repo), mainBefore);
    assert.ok(existsSync(path));
    await eventually(async () => (await sb.gwq(["tmux", "logs", s!.session_name])).stdout.includes("still-working"), 15000, "output");
    r = await sb.gwq(["merge", "busy", "--force"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(path));
    assert.deepEqual(await sb.sessions(), []);
    assert.ok(!sb.tmuxOk("has-session", "-t", `=${s!.session_name}`));
    const logs = await sb.gwq(["tmux", "logs", s!.session_name]);
    assert.match(logs.stdout, /still-working/);
  });

  test("refuses uncommitted changes on either side, naming the files; nothing changes", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "feat", ["true"]);
    await waitEnded("feat");
    writeFileSync(join(path, "README.md"), "edited\n");
    writeFileSync(join(path, "new.txt"), "new\n");
    const mainBefore = head(repo);
    let r = await sb.gwq(["merge", "feat"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: feat has uncommitted changes in README\.md, new\.txt: commit them/);
    assert.equal(head(repo), mainBefore);
    assert.ok(existsSync(path));
    sb.git(path, "checkout", "README.md");
    sb.git(path, "add", "new.txt");
    sb.git(path, "commit", "-q", "-m", "new");
    writeFileSync(join(repo, "README.md"), "main edited\n");
    r = await sb.gwq(["merge", "feat"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: main \(.+\) has uncommitted changes in README\.md/);
    assert.equal(head(repo), mainBefore);
    assert.equal(sb.git(repo, "status", "--porcelain"), " M README.md\n");
  });

  test("a conflict leaves the target exactly as it was, no merge in progress, the files named", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "feat", ["true"], "README.md", "feat's readme\n");
    await waitEnded("feat");
    writeFileSync(join(repo, "README.md"), "main's readme\n");
    sb.git(repo, "commit", "-q", "-am", "main edits the readme");
    writeFileSync(join(repo, "scratch.txt"), "an untracked file of the user's\n");
    const before = { head: head(repo), status: sb.git(repo, "status", "--porcelain"), featHead: head(path) };
    for (const mode of [[], ["--squash"], ["--rebase"]]) {
      const r = await sb.gwq(["merge", "feat", ...mode], { cwd: repo });
      assert.equal(r.code, 1, `${mode}: ${r.stdout}`);
      assert.match(r.stderr, /^gwq: (merging feat into|rebasing feat onto) main conflicts in README\.md; nothing changed/, r.stderr);
      assert.equal(head(repo), before.head);
      assert.equal(sb.git(repo, "status", "--porcelain"), before.status);
      assert.equal(head(path), before.featHead);
      assert.equal(sb.git(path, "status", "--porcelain"), "");
      assert.ok(!sb.gitOk(repo, "rev-parse", "--verify", "--quiet", "MERGE_HEAD"), "no merge in progress");
      assert.ok(!existsSync(sb.git(path, "rev-parse", "--git-path", "rebase-merge").trim()), "no rebase in progress");
      assert.ok(existsSync(path));
    }
  });

  test("--squash: one commit with the message; --keep keeps worktree, session and branch", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "feat", ["true"], "a.txt", "a\n");
    writeFileSync(join(path, "b.txt"), "b\n");
    sb.git(path, "add", "b.txt");
    sb.git(path, "commit", "-q", "-m", "second");
    await waitEnded("feat");
    const mainBefore = head(repo);
    const r = await sb.gwq(["merge", "feat", "--squash", "--message", "all of feat", "--keep"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sb.git(repo, "rev-list", "--count", `${mainBefore}..main`).trim(), "1");
    assert.equal(sb.git(repo, "log", "-1", "--format=%s%n%P").trim(), `all of feat\n${mainBefore}`);
    assert.deepEqual(sb.git(repo, "ls-tree", "--name-only", "main").split("\n").filter(Boolean).sort(), ["README.md", "a.txt", "b.txt"]);
    assert.ok(existsSync(path));
    assert.ok(sb.gitOk(repo, "rev-parse", "--verify", "refs/heads/feat"));
    assert.equal((await sb.sessions()).length, 1);
  });

  test("--squash without --message: the branch's commit subjects; the squashed branch is deleted", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "feat", ["true"], "a.txt", "a\n");
    await waitEnded("feat");
    const r = await sb.gwq(["merge", "feat", "--squash"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sb.git(repo, "log", "-1", "--format=%s").trim(), "feat: a.txt");
    assert.ok(!existsSync(path));
    assert.ok(!sb.gitOk(repo, "rev-parse", "--verify", "refs/heads/feat"));
  });

  test("--into a branch no worktree has: merged there, the main worktree not switched, no worktree left over", async () => {
    const repo = makeRepo(sb, { branches: ["release"] });
    sb.git(repo, "commit", "-q", "--allow-empty", "-m", "main only");
    // release moves on its own, so that a real merge commit is made there.
    const own = sb.git(repo, "commit-tree", "-p", "release", "-m", "release only", "release^{tree}").trim();
    sb.git(repo, "update-ref", "refs/heads/release", own);
    const mainBefore = head(repo);
    const path = await spawnWithCommit(repo, "fix", ["true"]);
    await waitEnded("fix");
    const fixHead = head(path);
    const r = await sb.gwq(["merge", "fix", "--into", "release", "-m", "fix into release"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Merged fix into release: /);
    assert.equal(sb.git(repo, "rev-parse", "--abbrev-ref", "HEAD").trim(), "main");
    assert.equal(head(repo), mainBefore);
    assert.equal(sb.git(repo, "status", "--porcelain"), "");
    assert.equal(worktreeCount(repo), 1);
    assert.ok(sb.gitOk(repo, "merge-base", "--is-ancestor", fixHead, "release"));
    assert.equal(sb.git(repo, "log", "-1", "--format=%s%n%P", "release").trim(), `fix into release\n${own} ${fixHead}`);
  });

  test("from inside the worktree with no pattern: merges that one and says where to go; --json", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "feat", ["true"]);
    await waitEnded("feat");
    const r = await sb.gwq(["merge", "--json"], { cwd: path });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j, { branch: "feat", into: "main", mode: "merge", commit: head(repo), up_to_date: false, removed: true });
    assert.match(r.stderr, new RegExp(`You were in that worktree: cd ${repo.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n$`));
    assert.ok(!existsSync(path));
  });

  test("--into a branch a worktree is in the middle of rebasing: refused, nothing moves, no worktree left over", async () => {
    const repo = makeRepo(sb, { branches: ["release"] });
    const rel = sb.path("rel");
    sb.git(repo, "worktree", "add", "-q", rel, "release");
    writeFileSync(join(rel, "README.md"), "release's readme\n");
    sb.git(rel, "commit", "-q", "-am", "release edits");
    writeFileSync(join(repo, "README.md"), "main's readme\n");
    sb.git(repo, "commit", "-q", "-am", "main edits");
    assert.ok(!sb.gitOk(rel, "rebase", "main"), "the rebase stops on its conflict");
    const path = await spawnWithCommit(repo, "fix", ["true"], "fix.txt", "fix\n", "release");
    await waitEnded("fix");
    const before = head(repo, "release");
    const r = await sb.gwq(["merge", "fix", "--into", "release"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: cannot move release: .*rel.*; nothing changed\n$/);
    assert.equal(head(repo, "release"), before);
    assert.equal(worktreeCount(repo), 3);
    assert.ok(existsSync(path));
    assert.ok(existsSync(sb.git(rel, "rev-parse", "--git-path", "rebase-merge").trim()), "their rebase is still there to finish");
  });

  test("--rebase: the branch is replayed on the target, which fast-forwards (no merge commit)", async () => {
    const repo = makeRepo(sb);
    const path = await spawnWithCommit(repo, "feat", ["true"]);
    await waitEnded("feat");
    writeFileSync(join(repo, "main.txt"), "main\n");
    sb.git(repo, "add", "main.txt");
    sb.git(repo, "commit", "-q", "-m", "main moves");
    const r = await sb.gwq(["merge", "feat", "--rebase"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sb.git(repo, "log", "--format=%s", "-3").trim(), "feat: feat.txt\nmain moves\ninitial commit");
    assert.equal(sb.git(repo, "log", "-1", "--format=%P").trim().split(" ").length, 1);
    assert.ok(!existsSync(path));
  });
});
