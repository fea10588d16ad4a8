// How gwq calls itself, and the calls it no longer makes (docs/guarantees.md "The standalone binary
// and the cost of a call"). Runs against the Node bundle and, in the binary pass (scripts/test.mjs
// --bin), against the standalone binary.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, GWQ_ARGV, eventually, makeRepo, sandboxEach } from "../helpers/sandbox.js";
import { words } from "../../src/shell.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

async function start(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ rec: Rec; stderr: string }> {
  const r = await sb.gwq(["tmux", "run", "--json", ...args], { cwd: opts.cwd ?? sb.root, env: { GWQ_TRACE_CALLS: "1", ...opts.env } });
  assert.equal(r.code, 0, r.stderr);
  return { rec: JSON.parse(r.stdout) as Rec, stderr: r.stderr };
}

const traced = (stderr: string, program: string) =>
  stderr.split("\n").filter((l) => l.startsWith("gwq-trace: ") && l.slice("gwq-trace: ".length).split("/").pop() === program).length;

describe("gwq calls itself", () => {
  test("the recorder and the pane-died hook run the gwq under test (the binary alone when compiled)", async () => {
    const { rec } = await start(["--", "sleep", "30"]);
    // The pane's process is the recorder: /bin/sh -c <script> gwq-session <env file> <self...> <dir> <name> <argv>.
    // (tmux forks the pane's process before it execs the recorder: wait for the exec.)
    const argv = await eventually(() => {
      const a = readFileSync(`/proc/${rec.pid}/cmdline`, "utf8").split("\0").slice(0, -1);
      return a[3] === "gwq-session" ? a : null;
    }, 10000, "the recorder running in the pane");
    assert.equal(argv[0], "/bin/sh");
    assert.equal(argv[3], "gwq-session");
    const self = BIN ? [BIN, ""] : GWQ_ARGV;
    assert.deepEqual(argv.slice(5, 7), self); // after the environment file
    assert.deepEqual(argv.slice(-2), ["sleep", "30"]);
    const hook = sb.tmux("show-hooks", "-w", "-t", `=${rec.session_name}:`, "pane-died");
    assert.ok(hook.includes(`exec ${words(GWQ_ARGV)} __session-ended`), hook);
    if (BIN) assert.ok(!/node/.test(hook), hook);
  });

  test("with no node on PATH, the binary runs a session and records its end", { skip: BIN ? false : "the Node bundle needs node" }, async () => {
    // Only what the session needs: tmux for gwq, sh for the recorder (by absolute path anyway).
    const bin = sb.path("only-bin");
    mkdirSync(bin);
    for (const p of ["tmux", "sh", "sleep"]) symlinkSync(sb.sh("sh", ["-c", `command -v ${p}`]).trim(), join(bin, p));
    const env = { PATH: bin };
    assert.throws(() => execFileSync("/bin/sh", ["-c", "command -v node"], { env, stdio: "ignore" }), "node is not on this PATH");
    const r = await sb.gwq(["tmux", "run", "--json", "--", "sh", "-c", "exit 7"], { env });
    assert.equal(r.code, 0, r.stderr);
    const name = (JSON.parse(r.stdout) as Rec).session_name;
    const done = await eventually(
      async () => {
        const l = await sb.gwq(["tmux", "list", "--json"], { env });
        return (JSON.parse(l.stdout) as Rec[]).find((s) => s.session_name === name && s.status === "failed");
      },
      15000,
      "the end recorded",
    );
    assert.equal(done.exit_code, 7);
  });
});

describe("the directory gwq runs in", () => {
  test("a .env or bunfig.toml there is never read: nothing reaches a session, no code is preloaded", async () => {
    const dir = sb.path("untrusted");
    mkdirSync(dir);
    writeFileSync(join(dir, ".env"), "GWQ_DOTENV_PROBE=leaked\n");
    writeFileSync(join(dir, "evil.js"), `require("node:fs").writeFileSync(${JSON.stringify(sb.path("PWNED"))}, "x");\n`);
    writeFileSync(join(dir, "bunfig.toml"), 'preload = ["./evil.js"]\n');
    const { rec } = await start(["--id", "probe", "--", "sh", "-c", 'echo "probe=${GWQ_DOTENV_PROBE:-unset}"'], { cwd: dir });
    const out = await eventually(async () => {
      const r = await sb.gwq(["tmux", "logs", rec.session_name]);
      return r.stdout.includes("probe=") ? r.stdout : null;
    }, 15000, "the probe's output");
    assert.match(out, /probe=unset/);
    assert.equal(existsSync(sb.path("PWNED")), false);
  });
});

describe("calls not made", () => {
  test("tmux run reads the branch from git's files: one tmux call, no git", async () => {
    const repo = makeRepo(sb, { branches: ["topic"] });
    sb.git(repo, "checkout", "-q", "topic");
    const { rec, stderr } = await start(["--id", "x", "sleep 30"], { cwd: repo });
    assert.equal(rec.worktree, "topic");
    assert.equal(traced(stderr, "git"), 0, stderr);
    assert.equal(traced(stderr, "tmux"), 1, stderr);
    // Outside a repository: no branch, and still no git.
    const out = await start(["--id", "y", "sleep 30"]);
    assert.equal(out.rec.worktree, null);
    assert.equal(traced(out.stderr, "git"), 0, out.stderr);
  });

  test("completion of session names: every identifier and name, no tmux call, no second gwq", async () => {
    const a = (await start(["--id", "alpha", "sleep 30"])).rec;
    const b = (await start(["--id", "beta", "--", "sh", "-c", "exit 0"])).rec;
    const r = await sb.gwq(["completion", "__items", "sessions"], { env: { GWQ_TRACE_CALLS: "1" } });
    assert.equal(r.code, 0, r.stderr);
    const offered = r.stdout.split("\n").filter(Boolean).sort();
    assert.deepEqual(offered, ["alpha", "beta", a.session_name, b.session_name].sort());
    assert.equal(r.stderr, ""); // no gwq-trace line: nothing was started
    // No sessions at all: nothing offered, no error.
    await sb.gwq(["tmux", "kill", "--all", "--force"]);
    const none = await sb.gwq(["completion", "__items", "sessions"]);
    assert.equal(none.code, 0, none.stderr);
  });

  test("get and list read the remotes from .git/config: one git call", async () => {
    const repo = makeRepo(sb, { branches: ["topic"] });
    const r = await sb.gwq(["list", "--json"], { cwd: repo, env: { GWQ_TRACE_CALLS: "1" } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(traced(r.stderr, "git"), 1, r.stderr);
    const g = await sb.gwq(["get", "main"], { cwd: repo, env: { GWQ_TRACE_CALLS: "1" } });
    assert.equal(g.stdout, `${repo}\n`);
    assert.equal(traced(g.stderr, "git"), 1, g.stderr);
  });
});
