// list, get, cd, exec end to end against real repositories: odd branch names and paths, no
// remote, detached HEAD, patterns (exact wins, ambiguous, unknown), global mode and exit codes.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeRepo, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

const oneLine = (s: string) => s.trim().split("\n").length === 1;

async function addOk(args: string[], cwd: string): Promise<string> {
  const r = await sb.gwq(["add", ...args], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

describe("list", () => {
  test("branches with / and non-ASCII, at the Go layout; --json fields; ls and -v", async () => {
    const repo = makeRepo(sb);
    await addOk(["-b", "feature/login"], repo);
    await addOk(["-b", "fix/日本語-ü"], repo);
    const wtBase = join(sb.home, "worktrees", "github.com", "acme", "myapp");
    assert.ok(existsSync(join(wtBase, "feature-login")));
    assert.ok(existsSync(join(wtBase, "fix-日本語-ü")));

    const j = await sb.gwq(["list", "--json"], { cwd: repo });
    assert.equal(j.code, 0, j.stderr);
    const rows = JSON.parse(j.stdout);
    assert.deepEqual(Object.keys(rows[0]).sort(), ["branch", "commit_hash", "created_at", "is_main", "path"]);
    assert.deepEqual(
      rows.map((r: { branch: string; is_main: boolean }) => [r.branch, r.is_main]),
      [["main", true], ["feature/login", false], ["fix/日本語-ü", false]],
    );
    assert.equal(rows[0].path, repo);
    assert.match(rows[1].commit_hash, /^[0-9a-f]{40}$/);
    assert.match(rows[1].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);

    for (const cmd of ["list", "ls"]) {
      const t = await sb.gwq([cmd], { cwd: repo });
      assert.equal(t.code, 0, t.stderr);
      assert.match(t.stdout, /BRANCH\s+PATH/);
      assert.match(t.stdout, /fix\/日本語-ü\s+~\/worktrees\/github\.com\/acme\/myapp\/fix-日本語-ü/);
      assert.match(t.stdout, /● main/);
    }
    for (const flag of ["-v", "--verbose"]) {
      const v = await sb.gwq(["list", flag], { cwd: repo });
      assert.equal(v.code, 0, v.stderr);
      assert.match(v.stdout, /BRANCH\s+PATH\s+COMMIT\s+CREATED\s+TYPE/);
      assert.match(v.stdout, /feature\/login .* [0-9a-f]{8} .* worktree/);
      assert.match(v.stdout, /main .* main\n/);
    }
  });

  test("a repository without a remote, in a path with spaces", async () => {
    const repo = makeRepo(sb, { name: "my app", origin: null, dir: sb.path("code dir", "my app") });
    await addOk(["-b", "topic"], repo);
    const path = join(sb.home, "worktrees", "local", "code dir", "my app", "topic");
    assert.ok(existsSync(path));
    const g = await sb.gwq(["get", "topic"], { cwd: repo });
    assert.equal(g.stdout, path + "\n");
    const e = await sb.gwq(["exec", "topic", "--", "pwd"], { cwd: repo });
    assert.equal(e.stdout, path + "\n");
    const l = await sb.gwq(["list", "-g", "--json"], { cwd: sb.root });
    assert.deepEqual(JSON.parse(l.stdout).map((w: { branch: string }) => w.branch), ["main", "topic"]);
    const t = await sb.gwq(["list", "-g"], { cwd: sb.root });
    assert.match(t.stdout, /my app:topic/);
  });

  test("a detached-HEAD worktree is listed as HEAD and found by its commit", async () => {
    const repo = makeRepo(sb);
    const det = sb.path("detached wt");
    sb.git(repo, "worktree", "add", "--detach", det);
    const head = sb.git(repo, "rev-parse", "HEAD").trim();
    const j = JSON.parse((await sb.gwq(["list", "--json"], { cwd: repo })).stdout);
    assert.deepEqual(j[1], { path: det, branch: "HEAD", commit_hash: head, is_main: false, created_at: j[1].created_at });
    const t = await sb.gwq(["list"], { cwd: repo });
    assert.match(t.stdout, new RegExp(`HEAD \\(detached at ${head.slice(0, 8)}\\)`));
    const g = await sb.gwq(["get", head.slice(0, 10)], { cwd: repo });
    assert.equal(g.stdout, det + "\n");
    assert.equal((await sb.gwq(["get", "detached wt"], { cwd: repo })).stdout, det + "\n");
  });

  test("nothing found outside any repository is not an error", async () => {
    const r = await sb.gwq(["list"], { cwd: sb.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No worktrees found/);
    const j = await sb.gwq(["list", "--json"], { cwd: sb.root });
    assert.equal(j.stdout, "[]\n");
  });

  test("a listing costs a constant number of git calls per repository, not per worktree", async () => {
    const a = makeRepo(sb, { name: "alpha" });
    const b = makeRepo(sb, { name: "beta" });
    for (const n of ["1", "2", "3", "4"]) await addOk(["-b", `w${n}`], a);
    await addOk(["-b", "w1"], b);
    const gitCalls = (stderr: string) => stderr.split("\n").filter((l) => l === "gwq-trace: git").length;
    const local = await sb.gwq(["list"], { cwd: a, env: { GWQ_TRACE_CALLS: "1" } });
    // One: the worktree list (the remotes come from .git/config, not from `git config`).
    assert.equal(gitCalls(local.stderr), 1, local.stderr);
    const global = await sb.gwq(["list", "--json"], { cwd: sb.root, env: { GWQ_TRACE_CALLS: "1" } });
    assert.equal(JSON.parse(global.stdout).length, 7);
    // One call finds there is no repository here, then one per repository.
    assert.equal(gitCalls(global.stderr), 1 + 2 * 1, global.stderr);
  });

  test("reading never writes a config file", async () => {
    const repo = makeRepo(sb);
    for (const r of [await sb.gwq(["list"], { cwd: repo }), await sb.gwq(["list", "-g"], { cwd: sb.root })]) assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(sb.env.XDG_CONFIG_HOME!, "gwq", "config.toml")));
  });
});

describe("patterns (get)", () => {
  test("an exact branch wins; a unique substring matches, case-insensitively; -0 ends with NUL", async () => {
    const repo = makeRepo(sb);
    for (const b of ["wt1", "wt10", "Feature/Payments"]) await addOk(["-b", b], repo);
    const base = join(sb.home, "worktrees", "github.com", "acme", "myapp");
    assert.equal((await sb.gwq(["get", "wt1"], { cwd: repo })).stdout, join(base, "wt1") + "\n");
    assert.equal((await sb.gwq(["get", "wt10"], { cwd: repo })).stdout, join(base, "wt10") + "\n");
    assert.equal((await sb.gwq(["get", "payMENTS"], { cwd: repo })).stdout, join(base, "Feature-Payments") + "\n");
    for (const flag of ["-0", "--null"]) {
      const z = await sb.gwq(["get", flag, "wt10"], { cwd: repo });
      assert.equal(z.stdout, join(base, "wt10") + "\0");
    }
  });

  test("ambiguous without a terminal: exit 1, one line listing the candidates, no hang", async () => {
    const repo = makeRepo(sb);
    for (const b of ["api-v1", "api-v2"]) await addOk(["-b", b], repo);
    for (const cmd of [["get", "api"], ["cd", "api"], ["exec", "api", "--", "true"], ["remove", "api"]]) {
      const r = await sb.gwq(cmd, { cwd: repo, timeoutMs: 15000 });
      assert.equal(r.code, 1, `${cmd.join(" ")}: ${r.stderr}`);
      assert.ok(oneLine(r.stderr), r.stderr);
      assert.match(r.stderr, /"api" matches 2 worktrees: .*api-v1.*api-v2/);
      assert.equal(r.stdout, "");
    }
    const none = await sb.gwq(["get"], { cwd: repo });
    assert.equal(none.code, 1);
    assert.ok(oneLine(none.stderr));
    assert.match(none.stderr, /terminal/);
  });

  test("an unknown pattern: exit 1, no worktree matches", async () => {
    const repo = makeRepo(sb);
    for (const cmd of [["get", "zzz"], ["cd", "zzz"], ["exec", "zzz", "--", "true"], ["rm", "zzz"]]) {
      const r = await sb.gwq(cmd, { cwd: repo });
      assert.equal(r.code, 1, cmd.join(" "));
      assert.equal(r.stderr, 'gwq: no worktree matches "zzz"\n');
    }
  });
});

describe("global mode", () => {
  test("outside a repository commands act on every repository; repository:branch picks one", async () => {
    const a = makeRepo(sb, { name: "alpha" });
    const b = makeRepo(sb, { name: "beta", origin: "git@github.com:acme/beta.git" });
    await addOk(["-b", "feat"], a);
    await addOk(["-b", "feat"], b);
    // SCP origin: same layout as HTTPS.
    assert.ok(existsSync(join(sb.home, "worktrees", "github.com", "acme", "beta", "feat")));

    const l = await sb.gwq(["list", "--json"], { cwd: sb.root });
    assert.equal(l.code, 0, l.stderr);
    assert.deepEqual(
      JSON.parse(l.stdout).map((w: { path: string }) => w.path),
      [a, join(sb.home, "worktrees/github.com/acme/alpha/feat"), b, join(sb.home, "worktrees/github.com/acme/beta/feat")],
    );
    const amb = await sb.gwq(["get", "feat"], { cwd: sb.root });
    assert.equal(amb.code, 1);
    assert.match(amb.stderr, /alpha:feat.*beta:feat/);
    const g = await sb.gwq(["get", "beta:feat"], { cwd: sb.root });
    assert.equal(g.stdout, join(sb.home, "worktrees/github.com/acme/beta/feat") + "\n");
    const full = await sb.gwq(["get", "github.com/acme/alpha:feat"], { cwd: sb.root });
    assert.equal(full.stdout, join(sb.home, "worktrees/github.com/acme/alpha/feat") + "\n");

    // Inside a repository only its worktrees, unless -g / --global.
    const inside = await sb.gwq(["get", "feat"], { cwd: a });
    assert.equal(inside.stdout, join(sb.home, "worktrees/github.com/acme/alpha/feat") + "\n");
    for (const flag of ["-g", "--global"]) {
      const gl = await sb.gwq(["get", flag, "beta:feat"], { cwd: a });
      assert.equal(gl.code, 0, gl.stderr);
      const el = await sb.gwq(["exec", flag, "beta:feat", "--", "pwd"], { cwd: a });
      assert.equal(el.stdout, join(sb.home, "worktrees/github.com/acme/beta/feat") + "\n");
    }
    const lg = await sb.gwq(["list", "-g"], { cwd: a });
    assert.match(lg.stdout, /beta:feat/);
  });

  test("repository_settings basedir is scanned too", async () => {
    const a = makeRepo(sb, { name: "alpha" });
    sb.writeConfig(`[[repository_settings]]\nrepository = "${sb.path("src")}/*"\nbasedir = "${sb.path("other base")}"\n`);
    await addOk(["-b", "x"], a);
    const p = join(sb.path("other base"), "github.com/acme/alpha/x");
    assert.ok(existsSync(p));
    const g = await sb.gwq(["get", "alpha:x"], { cwd: sb.root });
    assert.equal(g.stdout, p + "\n");
  });
});

describe("exec", () => {
  test("runs in the worktree with arguments intact and exits with the command's code", async () => {
    const repo = makeRepo(sb);
    await addOk(["-b", "feat"], repo);
    const p = join(sb.home, "worktrees/github.com/acme/myapp/feat");
    const r = await sb.gwq(["exec", "feat", "--", "sh", "-c", 'pwd; printf "%s|" "$@"', "sh", "a b", "$HOME", "--", "-x"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${p}\na b|$HOME|--|-x|`);
    for (const code of [3, 42]) {
      const c = await sb.gwq(["exec", "feat", "--", "sh", "-c", `exit ${code}`], { cwd: repo });
      assert.equal(c.code, code);
      assert.equal(c.stderr, "");
    }
    const missing = await sb.gwq(["exec", "feat", "--", "no-such-program-x"], { cwd: repo });
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /no-such-program-x: command not found/);
  });

  test("without -- a usage error naming the separator (exit 2)", async () => {
    const repo = makeRepo(sb);
    await addOk(["-b", "feat"], repo);
    for (const args of [["exec", "feat", "make"], ["exec", "feat"], ["exec", "feat", "--"]]) {
      const r = await sb.gwq(args, { cwd: repo });
      assert.equal(r.code, 2, args.join(" "));
      assert.ok(oneLine(r.stderr));
      assert.match(r.stderr, /--/);
    }
    const h = await sb.gwq(["exec", "--help"], { cwd: repo });
    assert.equal(h.code, 0);
    assert.match(h.stdout, /-- command/);
  });

  test("-s/--stay opens a shell in the worktree after the command, keeping its exit code", async () => {
    const repo = makeRepo(sb);
    await addOk(["-b", "feat"], repo);
    const shell = sb.path("fake-shell");
    writeFileSync(shell, `#!/bin/sh\npwd > "${sb.path("shell-cwd")}"\n`);
    chmodSync(shell, 0o755);
    for (const flag of ["-s", "--stay"]) {
      const r = await sb.gwq(["exec", flag, "feat", "--", "sh", "-c", "exit 4"], { cwd: repo, env: { SHELL: shell } });
      assert.equal(r.code, 4);
      assert.equal(readFileSync(sb.path("shell-cwd"), "utf8"), join(sb.home, "worktrees/github.com/acme/myapp/feat") + "\n");
    }
  });
});

describe("cd", () => {
  test("launches $SHELL in the worktree; with cd.launch_shell = false prints the path", async () => {
    const repo = makeRepo(sb);
    await addOk(["-b", "feat"], repo);
    const p = join(sb.home, "worktrees/github.com/acme/myapp/feat");
    const shell = sb.path("fake-shell");
    writeFileSync(shell, `#!/bin/sh\npwd > "${sb.path("shell-cwd")}"\nexit 5\n`);
    chmodSync(shell, 0o755);
    const r = await sb.gwq(["cd", "feat"], { cwd: repo, env: { SHELL: shell } });
    assert.equal(r.code, 5);
    assert.equal(readFileSync(sb.path("shell-cwd"), "utf8"), p + "\n");

    // Under the wrapper with launch_shell on, the shell still starts and stdout stays empty (no cd).
    rmSync(sb.path("shell-cwd"));
    const wrapped = await sb.gwq(["cd", "feat"], { cwd: repo, env: { SHELL: shell, __GWQ_CD_SHIM: "1" } });
    assert.equal(wrapped.code, 5);
    assert.equal(wrapped.stdout, "");
    assert.equal(readFileSync(sb.path("shell-cwd"), "utf8"), p + "\n");

    sb.writeConfig("[cd]\nlaunch_shell = false\n");
    const printed = await sb.gwq(["cd", "feat"], { cwd: repo, env: { SHELL: shell } });
    assert.equal(printed.code, 0);
    assert.equal(printed.stdout, p + "\n");
    mkdirSync(sb.path("elsewhere"));
    for (const flag of ["-g", "--global"]) {
      const g = await sb.gwq(["cd", flag, "myapp:feat"], { cwd: sb.path("elsewhere") });
      assert.equal(g.stdout, p + "\n");
    }
  });
});
