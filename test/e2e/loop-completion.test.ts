// Shell completion for spawn, diff and merge: commands, flags and their values (bash, run for real).
import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, Sandbox, makeRepo } from "../helpers/sandbox.js";

let sb: Sandbox;
beforeEach(() => (sb = new Sandbox()));
afterEach(() => sb.cleanup());

test("bash completes spawn, diff and merge, their flags, agents, branches and worktrees", async () => {
  const repo = makeRepo(sb, { branches: ["release"] });
  sb.git(repo, "worktree", "add", "-q", "-b", "feature/login", sb.path("wt-login"));
  const bin = sb.path("bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "gwq"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, "gwq"), 0o755);
  writeFileSync(sb.path("c.bash"), (await sb.gwq(["completion", "bash"])).stdout);
  const complete = (line: string) =>
    execFileSync("bash", ["-c", `source "${sb.path("c.bash")}"; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _gwq; printf '%s\\n' "\${COMPREPLY[@]}"`], {
      cwd: repo,
      env: { ...sb.env, PATH: `${bin}:${sb.env.PATH}` },
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .sort();
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
