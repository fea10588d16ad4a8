// The early call (src/early.ts): which command lines start their one git or tmux call before
// gwq's code loads, and that run() takes it only when it is the very same call. Real programs
// (sh, printf): a process is the thing under test.
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { earlyCall, startEarly } from "../../src/early.js";
import { takeEarly } from "../../src/early-take.js";
import { run, callCounts } from "../../src/process.js";
import { LIST_FORMAT } from "../../src/tmux/list-format.js";

const GIT = { command: "git", args: ["worktree", "list", "--porcelain", "-z"] };
const TMUX = { command: "tmux", args: ["list-panes", "-a", "-F", LIST_FORMAT] };

describe("earlyCall", () => {
  const cases: [string[], typeof GIT | null][] = [
    [["get", "feat"], GIT],
    [["get"], GIT],
    [["get", "-0", "feat"], GIT],
    [["list"], GIT],
    [["ls", "--json", "-v"], GIT],
    [["tmux", "list"], TMUX],
    [["tmux", "ls", "--json"], TMUX],
    [["tmux", "list", "--filter", "running", "-s", "status", "--csv"], TMUX],
    [["tmux", "list", "--sort=status"], TMUX],
    // another repository's worktrees, another machine, help, a choice of several: not sure
    [["get", "-g", "feat"], null],
    [["get", "--global", "feat"], null],
    [["get", "a", "b"], null],
    [["list", "x"], null],
    [["list", "--host", "h"], null],
    [["get", "--help"], null],
    [["get", "-0g", "feat"], null],
    [["tmux", "list", "--host", "h"], null],
    [["tmux", "list", "--all-hosts"], null],
    [["tmux", "list", "-w"], null],
    [["tmux", "run", "x"], null],
    [["tmux"], null],
    [["status"], null],
    [["--version"], null],
    [[], null],
  ];
  for (const [argv, want] of cases) {
    test(`gwq ${argv.join(" ") || "(nothing)"} → ${want ? want.command : "none"}`, () => assert.deepEqual(earlyCall(argv), want));
  }
});

describe("takeEarly", () => {
  let dir: string;
  const cwd0 = process.cwd();
  afterEach(() => {
    process.chdir(cwd0);
    takeEarly("", [], {}); // nothing left for the next test
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const inTemp = () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "gwq-early-")));
    process.chdir(dir);
  };

  test("run() takes the early call when it is the same call, and counts it once", async () => {
    inTemp();
    startEarly(["get", "x"]);
    const before = callCounts.git ?? 0;
    // git worktree list outside a repository: git's own error, exit 128, as a plain run gives it
    const r = await run("git", GIT.args, { cwd: dir, okCodes: [0, 128] });
    assert.equal(r.code, 128);
    assert.match(r.stderr, /not a git repository/);
    assert.equal(callCounts.git, before + 1);
    assert.equal(takeEarly("git", GIT.args, { cwd: dir }), null, "taken once");
  });

  test("a different call, directory, environment or an input: not taken", async () => {
    inTemp();
    for (const other of [
      ["git", ["worktree", "list"], {}],
      ["sh", GIT.args, {}],
      ["git", GIT.args, { cwd: tmpdir() }],
      ["git", GIT.args, { env: { ...process.env, GIT_DIR: "/nowhere" } }],
      ["git", GIT.args, { env: { ...process.env, PATH: undefined } }],
      // As many keys, equal values where both are read, but one unset in place of another's.
      ["git", GIT.args, { env: (({ PATH, ...rest }) => ({ ...rest, GWQ_NEVER_SET: undefined }))(process.env) }],
      ["git", GIT.args, { input: "x" }],
    ] as const) {
      startEarly(["get", "x"]);
      assert.equal(takeEarly(other[0], [...other[1]], other[2]), null, JSON.stringify(other));
    }
    startEarly(["get", "x"]);
    assert.notEqual(takeEarly("git", GIT.args, { env: { ...process.env } }), null, "an equal environment is the same");
  });

  test("a different call in its place ends the early one and runs as usual", async () => {
    inTemp();
    startEarly(["get", "x"]);
    const r = await run("sh", ["-c", "printf ok"], { timeoutMs: 5000 });
    assert.equal(r.stdout, "ok");
    assert.equal(takeEarly("git", GIT.args, { cwd: dir }), null, "ended, not kept");
  });
});
