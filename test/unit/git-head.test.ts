// `gwq tmux run` reads the branch from git's files instead of running `git rev-parse`: every case
// is checked against what git itself prints in the same directory.
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { branchAt } from "../../src/git/head.js";

const root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-head-")));
const env = { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: join(root, "gitconfig") };
writeFileSync(env.GIT_CONFIG_GLOBAL, "[user]\n\tname = T\n\temail = t@example.com\n[advice]\n\tdetachedHead = false\n");
const git = (cwd: string, ...a: string[]) => execFileSync("git", a, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** What `git rev-parse --abbrev-ref HEAD` says there; null when it fails. */
function gitSays(dir: string): string | null {
  try {
    return git(dir, "rev-parse", "--abbrev-ref", "HEAD").trim() || null;
  } catch {
    return null;
  }
}

describe("the branch of a directory, as git would say it", () => {
  after(() => rmSync(root, { recursive: true, force: true }));
  const repo = join(root, "repo");
  mkdirSync(join(repo, "sub", "deep"), { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(join(repo, "f"), "x\n");
  git(repo, "add", "f");
  git(repo, "commit", "-q", "-m", "one");
  git(repo, "branch", "feature/a");

  const agree = (dir: string, expected: string | null) => {
    const mine = branchAt(dir, {});
    assert.notEqual(mine, undefined, `branchAt left ${dir} to git`);
    assert.equal(mine, gitSays(dir));
    assert.equal(mine, expected);
  };

  test("a branch, from the top and from a subdirectory", () => {
    agree(repo, "main");
    agree(join(repo, "sub", "deep"), "main");
  });
  test("a linked worktree (its .git is a file; refs in the common dir), packed refs", () => {
    const wt = join(root, "wt-a");
    git(repo, "worktree", "add", "-q", wt, "feature/a");
    agree(wt, "feature/a");
    git(repo, "pack-refs", "--all");
    agree(wt, "feature/a");
    agree(repo, "main");
  });
  test("detached HEAD", () => {
    const wt = join(root, "wt-d");
    git(repo, "worktree", "add", "-q", "--detach", wt, "main");
    agree(wt, "HEAD");
  });
  test("outside any repository", () => {
    const out = join(root, "plain");
    mkdirSync(out);
    agree(out, null);
  });
  test("an unborn branch and overriding variables are left to git", () => {
    const fresh = join(root, "fresh");
    mkdirSync(fresh);
    git(fresh, "init", "-q", "-b", "trunk");
    assert.equal(branchAt(fresh, {}), undefined);
    assert.equal(gitSays(fresh), null);
    assert.equal(branchAt(repo, { GIT_DIR: join(fresh, ".git") }), undefined);
  });
});
