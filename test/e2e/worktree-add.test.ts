// gwq add end to end: branches (new, local, remote-only), paths, layout settings, repository
// settings (globs, copy_files, setup_commands), --expires validation, -s and the shell wrapper.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeRepo, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

const layout = (...parts: string[]) => join(sb.home, "worktrees", "github.com", "acme", "myapp", ...parts);
const branchesOf = async (cwd: string) =>
  JSON.parse((await sb.gwq(["list", "--json"], { cwd })).stdout).map((w: { branch: string }) => w.branch);

describe("add: branches and paths", () => {
  test("-b creates from HEAD; an existing local branch is checked out; a remote-only one is tracked", async () => {
    const repo = makeRepo(sb, { branches: ["existing"] });
    sb.git(repo, "update-ref", "refs/remotes/origin/from-remote", "HEAD");
    for (const [args, branch] of [[["-b", "new/one"], "new/one"], [["--branch", "new-two"], "new-two"], [["existing"], "existing"], [["from-remote"], "from-remote"]] as const) {
      const r = await sb.gwq(["add", ...args], { cwd: repo });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Created worktree for branch '${branch}'`));
    }
    assert.equal(sb.git(layout("from-remote"), "rev-parse", "--abbrev-ref", "HEAD").trim(), "from-remote");
    assert.equal(sb.git(layout("from-remote"), "rev-parse", "--abbrev-ref", "@{upstream}").trim(), "origin/from-remote");
    assert.deepEqual(await branchesOf(repo), ["main", "existing", "from-remote", "new/one", "new-two"]);
  });

  test("a missing branch, an existing one with -b, no branch at all: one-line errors, nothing created", async () => {
    const repo = makeRepo(sb, { branches: ["taken"] });
    let r = await sb.gwq(["add", "nope"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'gwq: branch "nope" does not exist (use -b to create it)\n');
    r = await sb.gwq(["add", "-b", "taken"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: cannot add a worktree for "taken": .*already exists\n$/);
    r = await sb.gwq(["add"], { cwd: repo });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs a branch name/);
    assert.deepEqual(await branchesOf(repo), ["main"]);
  });

  test("an explicit path (relative, with spaces); a non-empty directory is refused; -f accepts an empty one", async () => {
    const repo = makeRepo(sb);
    let r = await sb.gwq(["add", "-b", "spaced", "../my wt dir"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(sb.path("src"), "my wt dir", "README.md")));
    const full = sb.path("full");
    mkdirSync(full);
    writeFileSync(join(full, "x"), "x");
    r = await sb.gwq(["add", "-b", "f1", full], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /already exists and is not empty/);
    mkdirSync(sb.path("empty"));
    for (const flag of ["-f", "--force"]) {
      r = await sb.gwq(["add", flag, "-b", `e${flag}`, sb.path("empty")], { cwd: repo });
      if (flag === "-f") assert.equal(r.code, 0, r.stderr);
    }
  });

  test("outside a repository add fails with one line", async () => {
    const r = await sb.gwq(["add", "-b", "x"], { cwd: sb.root });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: add works inside a git repository/);
  });

  test("-i without a terminal fails listing the branches instead of waiting; -i with a branch is a usage error", async () => {
    const repo = makeRepo(sb, { branches: ["b1", "b2"] });
    for (const flag of ["-i", "--interactive"]) {
      const r = await sb.gwq(["add", flag], { cwd: repo, timeoutMs: 15000 });
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim().split("\n").length, 1);
      assert.match(r.stderr, /terminal.*b1, b2/);
    }
    const u = await sb.gwq(["add", "-i", "b1"], { cwd: repo });
    assert.equal(u.code, 2);
  });
});

describe("add: layout settings", () => {
  test("naming.template and naming.sanitize_chars; Hash; auto_mkdir = false refuses a missing base", async () => {
    const repo = makeRepo(sb);
    sb.writeConfig('[naming]\ntemplate = "{{.Repository}}/{{.Branch}}-{{.Hash}}"\nsanitize_chars = { "/" = "_" }\n');
    const r = await sb.gwq(["add", "-b", "feat/x"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const dirs = readdirSync(join(sb.home, "worktrees", "myapp"));
    assert.equal(dirs.length, 1);
    assert.match(dirs[0]!, /^feat_x-[0-9a-f]{8}$/);

    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("no-such-base")}"\nauto_mkdir = false\n`);
    const m = await sb.gwq(["add", "-b", "y"], { cwd: repo });
    assert.equal(m.code, 1);
    assert.match(m.stderr, /auto_mkdir is false/);
    assert.ok(!existsSync(sb.path("no-such-base")));
  });

  test("an unknown variable in naming.template is an error naming it", async () => {
    const repo = makeRepo(sb);
    sb.writeConfig('[naming]\ntemplate = "{{.Nope}}/{{.Branch}}"\n');
    const r = await sb.gwq(["add", "-b", "z"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /naming\.template: unknown variable \{\{\.Nope\}\}/);
  });

  test("repository_settings by glob: basedir, copy_files globs, setup_commands with variables", async () => {
    const repo = makeRepo(sb, { origin: "git@github.com:acme/myapp.git" });
    writeFileSync(join(repo, ".env"), "SECRET=1\n");
    writeFileSync(join(repo, ".env.local"), "LOCAL=1\n");
    mkdirSync(join(repo, "config", "deep"), { recursive: true });
    writeFileSync(join(repo, "config", "deep", "a.json"), "{}");
    writeFileSync(join(repo, "config", "skip.txt"), "no");
    const base = sb.path("per repo base");
    sb.writeConfig(
      [
        "[[repository_settings]]",
        `repository = "${sb.path("src")}/*"`,
        `basedir = "${base}"`,
        'copy_files = [".env*", "config/**/*.json"]',
        "setup_commands = [",
        `  'printf "%s|%s|%s|%s|%s" {{.Host}} {{.Owner}} {{.Repository}} "{{.Branch}}" {{.Path}} > vars.txt',`,
        "  'echo {{.Unknown}} > never.txt',",
        "  'printf %s {{.Hash}} > hash.txt',",
        "]",
      ].join("\n") + "\n",
    );
    const branch = "feat/$(touch${IFS}pwned);`touch${IFS}pwned`'q\"";
    const r = await sb.gwq(["add", "-b", branch], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const wt = join(base, "github.com", "acme", "myapp", "feat-$(touch${IFS}pwned);`touch${IFS}pwned`'q-");
    assert.equal(readFileSync(join(wt, ".env"), "utf8"), "SECRET=1\n");
    assert.ok(existsSync(join(wt, ".env.local")));
    assert.ok(existsSync(join(wt, "config", "deep", "a.json")));
    assert.ok(!existsSync(join(wt, "config", "skip.txt")));
    assert.equal(readFileSync(join(wt, "vars.txt"), "utf8"), `github.com|acme|myapp|${branch}|${wt}`);
    assert.match(readFileSync(join(wt, "hash.txt"), "utf8"), /^[0-9a-f]{8}$/);
    assert.ok(!existsSync(join(wt, "never.txt")));
    assert.ok(!existsSync(join(wt, "pwned")), "a branch name is never shell syntax");
    assert.match(r.stderr, /gwq: error: unknown variable \{\{\.Unknown\}\}.*skipped/);
  });
});

describe("add: --expires validation", () => {
  test("zero, negative or unparsable is a usage error and nothing is created", async () => {
    const repo = makeRepo(sb);
    for (const bad of ["0", "-1h", "soon", "0s"]) {
      const r = await sb.gwq(["add", "--expires", bad, "-b", `x${bad}`], { cwd: repo });
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--expires/);
    }
    assert.deepEqual(await branchesOf(repo), ["main"]);
    assert.ok(!existsSync(join(sb.home, "worktrees")));
    const ok = await sb.gwq(["add", "--expires", "7d", "-b", "week"], { cwd: repo });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Worktree expires at \d{4}-/);
  });
});

describe("add: -s and the shell wrapper", () => {
  test("-s opens $SHELL in the new worktree; under the wrapper stdout carries only the path", async () => {
    const repo = makeRepo(sb);
    const shell = sb.path("fake-shell");
    writeFileSync(shell, `#!/bin/sh\npwd > "${sb.path("shell-cwd")}"\n`);
    chmodSync(shell, 0o755);
    let r = await sb.gwq(["add", "-s", "-b", "s1"], { cwd: repo, env: { SHELL: shell } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(sb.path("shell-cwd"), "utf8"), layout("s1") + "\n");

    sb.writeConfig("[cd]\nlaunch_shell = false\n");
    r = await sb.gwq(["add", "--stay", "-b", "s2"], { cwd: repo, env: { __GWQ_CD_SHIM: "1" } });
    assert.equal(r.stdout, layout("s2") + "\n");
    assert.match(r.stderr, /Created worktree/);
    r = await sb.gwq(["add", "-b", "s3"], { cwd: repo, env: { __GWQ_CD_SHIM: "1" } });
    assert.equal(r.stdout, "");
    sb.writeConfig("[cd]\nlaunch_shell = false\nauto_cd_on_add = true\n");
    r = await sb.gwq(["add", "-b", "s4"], { cwd: repo, env: { __GWQ_CD_SHIM: "1" } });
    assert.equal(r.stdout, layout("s4") + "\n");
  });
});
