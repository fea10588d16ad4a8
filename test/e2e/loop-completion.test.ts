// Shell completion for spawn, diff and merge: commands, flags and their values (bash, run for real).
import { test } from "node:test";
import assert from "node:assert/strict";
import { bashCompletion, makeRepo, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

test("bash completes spawn, diff and merge, their flags, agents, branches and worktrees", async () => {
  const repo = makeRepo(sb, { branches: ["release"] });
  sb.git(repo, "worktree", "add", "-q", "-b", "feature/login", sb.path("wt-login"));
  const completion = await bashCompletion(sb, repo);
  const complete = (line: string) => completion.complete(line).sort();
  assert.deepEqual(complete("gwq sp"), ["spawn"]);
  assert.deepEqual(complete("gwq m"), ["merge"]);
  assert.deepEqual(complete("gwq spawn x --agent ''"), ["claude", "codex", "gemini"]);
  assert.deepEqual(complete("gwq spawn x --base rel"), ["release"]);
  assert.deepEqual(complete("gwq spawn x --prompt-"), ["--prompt-file"]);
  assert.deepEqual(complete("gwq merge --into rel"), ["release"]);
  assert.deepEqual(complete("gwq merge --s"), ["--squash"]);
  assert.deepEqual(complete("gwq merge fea"), ["feature/login"]);
  assert.deepEqual(complete("gwq diff fea"), ["feature/login"]);
  assert.deepEqual(complete("gwq diff --n"), ["--name-only", "--no-pager"]);
});
