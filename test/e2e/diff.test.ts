// gwq diff against real repositories: commits, uncommitted changes and untracked files against
// the merge-base with the recorded base, counted in --json, with the worktree's index untouched.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeRepo, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

interface DiffJson {
  branch: string;
  base: string;
  merge_base: string;
  ahead: number;
  behind: number;
  files: { path: string; status: string; added: number | null; deleted: number | null }[];
  uncommitted: number;
}

/** A spawned branch (running `true`, which ends at once) with one commit, one change, one new file. */
async function branchWithWork(repo: string): Promise<string> {
  const r = await sb.gwq(["spawn", "feat", "--json", "--", "true"], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  const path = (JSON.parse(r.stdout) as { path: string }[])[0]!.path;
  writeFileSync(join(path, "committed.txt"), "one\ntwo\n");
  sb.git(path, "add", "committed.txt");
  sb.git(path, "commit", "-q", "-m", "add committed.txt");
  appendFileSync(join(path, "README.md"), "changed, not committed\n");
  writeFileSync(join(path, "untracked.txt"), "a\nb\nc\n");
  return path;
}

describe("diff", () => {
  test("--json: a commit, an uncommitted change and an untracked file, counted; the index untouched", async () => {
    const repo = makeRepo(sb);
    const path = await branchWithWork(repo);
    sb.git(repo, "commit", "-q", "--allow-empty", "-m", "main moves on");
    const indexFile = sb.git(path, "rev-parse", "--git-path", "index").trim();
    const indexPath = indexFile.startsWith("/") ? indexFile : join(path, indexFile);
    const indexBefore = readFileSync(indexPath);
    const cachedBefore = sb.git(path, "diff", "--cached", "--name-status");
    const statusBefore = sb.git(path, "status", "--porcelain");

    const r = await sb.gwq(["diff", "feat", "--json"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as DiffJson;
    assert.equal(d.branch, "feat");
    assert.equal(d.base, "main");
    assert.equal(d.merge_base, sb.git(repo, "rev-parse", "main~1").trim());
    assert.equal(d.ahead, 1);
    assert.equal(d.behind, 1);
    assert.deepEqual(d.files, [
      { path: "README.md", status: "modified", added: 1, deleted: 0 },
      { path: "committed.txt", status: "added", added: 2, deleted: 0 },
      { path: "untracked.txt", status: "added", added: 3, deleted: 0 },
    ]);
    assert.equal(d.uncommitted, 2);

    assert.ok(readFileSync(indexPath).equals(indexBefore), "the index file is byte for byte the same");
    assert.equal(sb.git(path, "diff", "--cached", "--name-status"), cachedBefore);
    assert.equal(sb.git(path, "status", "--porcelain"), statusBefore);
  });

  test("git's own output: --name-only, --stat, the patch; from inside the worktree without a pattern", async () => {
    const repo = makeRepo(sb);
    const path = await branchWithWork(repo);
    let r = await sb.gwq(["diff", "--name-only"], { cwd: path });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "README.md\ncommitted.txt\nuntracked.txt\n");
    r = await sb.gwq(["diff", "feat", "--stat", "--no-pager"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 files changed, 6 insertions\(\+\)/);
    r = await sb.gwq(["diff", "feat"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\+\+\+ b\/untracked\.txt\n@@ -0,0 \+1,3 @@\n\+a\n\+b\n\+c\n/);
    assert.match(r.stdout, /\+changed, not committed/);
    // Not a terminal: no colour codes.
    assert.ok(!r.stdout.includes("\x1b["), "no colours into a pipe");
  });

  test("--base overrides; a branch without a recorded base says to give --base; bad flags are usage errors", async () => {
    const repo = makeRepo(sb);
    await sb.gwq(["add", "-b", "plain"], { cwd: repo });
    let r = await sb.gwq(["diff", "plain"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'gwq: "plain" has no recorded base (it was not made by gwq spawn): give --base <branch>\n');
    r = await sb.gwq(["diff", "plain", "--base", "main", "--json"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as DiffJson;
    assert.deepEqual([d.base, d.ahead, d.behind, d.files, d.uncommitted], ["main", 0, 0, [], 0]);
    r = await sb.gwq(["diff", "plain", "--base", "nope"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: the base "nope" is not a branch or commit/);
    r = await sb.gwq(["diff", "plain", "--stat", "--name-only"], { cwd: repo });
    assert.equal(r.code, 2);
  });
});
