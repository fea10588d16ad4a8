// Files a repository or a user could replace: copy_files never follows a link out of a worktree,
// a FIFO or a device where gwq reads or appends never hangs a command, and `events -f` survives a
// reset log and shows escapes as text. Every gwq started here has a deadline: a hang fails the test.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { GwqEvent } from "../../src/events/types.js";
import { CLI, eventually, makeRepo, runProcess, type RunResult, sandboxEach } from "../helpers/sandbox.js";

const children = new Set<ChildProcess>();
const sb = sandboxEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children.clear();
});

/** Generous, but far below the test runner's own: a hang shows up as this failure. */
const DEADLINE = 30000;
const gwq = (args: string[], cwd?: string, env: Record<string, string> = {}) => sb.gwq(args, { cwd, env, timeoutMs: DEADLINE });
const stateDir = () => join(sb.env.XDG_STATE_HOME!, "gwq");

/** A gwq left running, its output collected as it comes. */
function start(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: sb.root, env: sb.env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const p = { child, stdout: "", stderr: "", done: null as unknown as Promise<number | null> };
  child.stdout!.setEncoding("utf8").on("data", (d) => (p.stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d) => (p.stderr += d));
  p.done = new Promise((r) => child.on("close", (code) => r(code)));
  return p;
}

describe("copy_files never writes outside the new worktree", () => {
  const KEY = "ssh-ed25519 AAAA-the-user's-own-key user@host\n";
  const ATTACK = "ssh-ed25519 AAAA-attacker attacker@evil\n";

  /** A repository whose main branch has sub/authorized_keys, and `branch` where `sub` is a link. */
  function attackRepo(linkTarget: (worktreeSub: string) => string, branches: string[]) {
    const repo = makeRepo(sb);
    mkdirSync(join(sb.home, ".ssh"));
    writeFileSync(join(sb.home, ".ssh", "authorized_keys"), KEY);
    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("wt")}"\n`);
    mkdirSync(join(repo, "sub"));
    writeFileSync(join(repo, "sub", "authorized_keys"), ATTACK);
    sb.git(repo, "add", "sub");
    sb.git(repo, "commit", "-q", "-m", "keys");
    for (const b of branches) {
      sb.git(repo, "checkout", "-q", "-b", b);
      sb.git(repo, "rm", "-q", "-r", "sub");
      // Where the link will sit once `gwq add` checks the branch out.
      const wtSub = join(sb.path("wt"), "github.com", "acme", "myapp", b, "sub");
      symlinkSync(linkTarget(wtSub), join(repo, "sub"));
      sb.git(repo, "add", "sub");
      sb.git(repo, "commit", "-q", "-m", "sub is a link");
      sb.git(repo, "checkout", "-q", "main");
    }
    return repo;
  }

  const keysUntouched = () => assert.equal(readFileSync(join(sb.home, ".ssh", "authorized_keys"), "utf8"), KEY, "~/.ssh/authorized_keys byte-identical");

  test("an untrusted .gwq.toml's copy_files is ignored; trusted, a link out of the worktree is refused (relative and absolute)", async () => {
    const repo = attackRepo((wtSub) => relative(join(wtSub, ".."), join(sb.home, ".ssh")), ["pr", "pr2"]);
    writeFileSync(join(repo, ".gwq.toml"), '[[repository_settings]]\nrepository = "**"\ncopy_files = ["sub/authorized_keys"]\n');
    const r = await gwq(["add", "pr"], repo);
    assert.equal(r.code, 0, r.stderr);
    keysUntouched();
    assert.match(r.stderr, /repository_settings\[0\]\.copy_files ignored \(this \.gwq\.toml is not trusted/);
    const wt = (await gwq(["get", "pr"], repo)).stdout.trim();
    assert.equal(lstatSync(join(wt, "sub")).isSymbolicLink(), true, "the branch's link is there");
    assert.equal(readFileSync(join(wt, "sub", "authorized_keys"), "utf8"), KEY, "the link really leads to ~/.ssh");

    // Trusted now: the copy is attempted, and refused at the link.
    assert.equal((await gwq(["config", "trust"], repo)).code, 0);
    const t = await gwq(["add", "pr2"], repo);
    assert.equal(t.code, 0, t.stderr);
    keysUntouched();
    assert.match(t.stderr, /^gwq: error: copy_files: cannot copy sub\/authorized_keys: sub in the new worktree passes through a link that leads out of it \(sub\); skipped$/m);
  });

  test("a link at the file's own name is replaced, not written through; a branch without links still gets the copy", async () => {
    const repo = attackRepo(() => join(sb.home, ".ssh"), ["abs"]);
    // A branch where `sub` is a real directory but sub/authorized_keys links to ~/.ssh's.
    sb.git(repo, "checkout", "-q", "-b", "leaf");
    rmSync(join(repo, "sub", "authorized_keys"));
    symlinkSync(join(sb.home, ".ssh", "authorized_keys"), join(repo, "sub", "authorized_keys"));
    sb.git(repo, "add", "sub");
    sb.git(repo, "commit", "-q", "-m", "leaf link");
    sb.git(repo, "checkout", "-q", "main");
    sb.git(repo, "branch", "plain");
    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("wt")}"\n[[repository_settings]]\nrepository = "${repo}"\ncopy_files = ["sub/authorized_keys"]\n`);

    const a = await gwq(["add", "abs"], repo);
    assert.equal(a.code, 0, a.stderr);
    keysUntouched();
    assert.match(a.stderr, /copy_files: cannot copy sub\/authorized_keys: .*link that leads out of it/);

    const l = await gwq(["add", "leaf"], repo);
    assert.equal(l.code, 0, l.stderr);
    keysUntouched();
    const leaf = (await gwq(["get", "leaf"], repo)).stdout.trim();
    assert.equal(lstatSync(join(leaf, "sub", "authorized_keys")).isFile(), true, "the link was replaced by a file");
    assert.equal(readFileSync(join(leaf, "sub", "authorized_keys"), "utf8"), ATTACK);

    const p = await gwq(["add", "plain"], repo);
    assert.equal(p.code, 0, p.stderr);
    const plain = (await gwq(["get", "plain"], repo)).stdout.trim();
    assert.equal(readFileSync(join(plain, "sub", "authorized_keys"), "utf8"), ATTACK, "the copy itself works");
  });

  test("a source that is a link out of the repository is not read", async () => {
    const repo = makeRepo(sb, { branches: ["feat"] });
    writeFileSync(sb.path("secret.txt"), "secret\n");
    symlinkSync(sb.path("secret.txt"), join(repo, "leak"));
    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("wt")}"\n[[repository_settings]]\nrepository = "${repo}"\ncopy_files = ["leak"]\n`);
    const r = await gwq(["add", "feat"], repo);
    assert.equal(r.code, 0, r.stderr);
    const wt = (await gwq(["get", "feat"], repo)).stdout.trim();
    assert.throws(() => lstatSync(join(wt, "leak")), /ENOENT/, "the secret was not copied");
    assert.match(r.stderr, /copy_files: cannot copy leak: leak is a link that leads out of the repository; skipped/);
  });
});

describe("no hang on a FIFO or a device", () => {
  test("a FIFO at events.jsonl: tmux run, tmux state and __hook finish, the event not written", async () => {
    mkdirSync(stateDir(), { recursive: true });
    execFileSync("mkfifo", [join(stateDir(), "events.jsonl")]);
    const run = await gwq(["tmux", "run", "--json", "--id", "fifo", "sleep 300"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /cannot append to the event log .*events\.jsonl \(a FIFO is in its place\)/);
    const { session_name: name, working_dir: dir } = JSON.parse(run.stdout) as { session_name: string; working_dir: string };
    const st = await gwq(["tmux", "state", "waiting", "--session", "fifo", "--reason", "x"]);
    assert.equal(st.code, 0, st.stderr);
    assert.match(st.stderr, /^gwq: warning: cannot append to the event log .*\(a FIFO is in its place\)$/m);
    const env = { ...sb.env, GWQ_SESSION_NAME: name, GWQ_STATE_DIR: stateDir() };
    // Run outside the pane, the hook proves its session by directory (as Claude's payloads carry cwd).
    const payload = { session_id: "c", hook_event_name: "UserPromptSubmit", prompt: "go", cwd: dir };
    // Where the hook reports its own trouble, a FIFO too.
    execFileSync("mkfifo", [join(stateDir(), "hook-errors.log")]);
    const h = await runProcess(process.execPath, [CLI, "__hook", "claude"], { env, input: JSON.stringify(payload), cwd: sb.root, timeoutMs: DEADLINE });
    assert.equal(h.code, 0, h.stderr);
    // The state itself was recorded: only the log line is missing.
    const listed = JSON.parse((await gwq(["tmux", "list", "--json"])).stdout) as { state: string }[];
    assert.equal(listed[0]!.state, "working");
    assert.equal(lstatSync(join(stateDir(), "events.jsonl")).isFIFO(), true, "the FIFO is left alone");
  });

  test("a FIFO at the log's lock or at the trust file: tmux state and a listing in a repository with a .gwq.toml finish", async () => {
    await sb.runSession(["--id", "lk", "sleep 300"], { timeoutMs: DEADLINE });
    execFileSync("mkfifo", [join(stateDir(), "events.lock")]);
    const st = await gwq(["tmux", "state", "waiting", "--session", "lk"]);
    assert.equal(st.code, 0, st.stderr);
    // Not a lock gwq took: removed, and the event written.
    assert.match(readFileSync(join(stateDir(), "events.jsonl"), "utf8"), /"to":"waiting"/);
    const repo = makeRepo(sb);
    writeFileSync(join(repo, ".gwq.toml"), "[tmux]\nhistory_limit = 5000\n");
    execFileSync("mkfifo", [join(stateDir(), "trusted.json")]);
    const l = await gwq(["tmux", "list"], repo);
    assert.equal(l.code, 0, l.stderr);
  });

  test("a FIFO named like a session record, or at the worktree expiry file: completion and prune --expired finish", async () => {
    const s = await sb.runSession<{ session_name: string }>(["--id", "named", "sleep 300"], { timeoutMs: DEADLINE });
    execFileSync("mkfifo", [join(stateDir(), "sessions", "gwq-run-fifo-20240101000000.json")]);
    const c = await gwq(["completion", "__items", "sessions"]);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(c.stdout.split("\n").filter(Boolean).sort(), ["named", s.session_name].sort());
    execFileSync("mkfifo", [join(stateDir(), "expiry.json")]);
    const repo = makeRepo(sb, { branches: ["feat"] });
    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("wt")}"\n`);
    const p = await gwq(["prune", "--expired"], repo);
    assert.equal(p.code, 0, p.stderr);
    // Writing replaces it with the file it should be.
    const a = await gwq(["add", "--expires", "1h", "feat"], repo);
    assert.equal(a.code, 0, a.stderr);
    assert.match(readFileSync(join(stateDir(), "expiry.json"), "utf8"), /"branch": "feat"/);
  });

  /** gwq with its stdin a pipe that stays open: what a link to /dev/stdin would wait on forever. */
  function withOpenStdin(args: string[], cwd: string): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd, env: sb.env, stdio: ["pipe", "pipe", "pipe"] });
      children.add(child);
      let stdout = "";
      let stderr = "";
      child.stdout!.setEncoding("utf8").on("data", (d) => (stdout += d));
      child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`gwq ${args.join(" ")} hung; stderr: ${stderr}`));
      }, DEADLINE);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  test("a .gwq.toml that links to /dev/zero or /dev/stdin, or is a FIFO: one line, exit 1, at once", async () => {
    const repo = makeRepo(sb);
    const local = join(repo, ".gwq.toml");
    for (const [make, kind] of [
      [() => symlinkSync("/dev/zero", local), "a device"],
      [() => symlinkSync("/dev/stdin", local), "a FIFO"],
      [() => execFileSync("mkfifo", [local]), "a FIFO"],
    ] as const) {
      rmSync(local, { force: true });
      make();
      for (const args of [["list"], ["tmux", "list"], ["config", "trust"]]) {
        const r = await withOpenStdin(args, repo);
        assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
        assert.equal(r.stderr, `gwq: ${local}: is ${kind}, expected a TOML file\n`);
      }
    }
    // Oversized: refused by size, not read.
    rmSync(local);
    writeFileSync(local, "#".repeat(2 * 1024 * 1024));
    const big = await gwq(["list"], repo);
    assert.equal(big.code, 1);
    assert.equal(big.stderr, `gwq: ${local}: larger than 1 MiB, not a config file\n`);
  });

  test("a FIFO as an agent's settings file: hooks install and status finish", async () => {
    mkdirSync(join(sb.home, ".claude"));
    const settings = join(sb.home, ".claude", "settings.json");
    execFileSync("mkfifo", [settings]);
    const i = await gwq(["agent", "hooks", "install", "claude"]);
    assert.equal(i.code, 1);
    assert.equal(i.stderr, `gwq: ${settings}: is a FIFO, not a settings file; gwq changed nothing\n`);
    const s = await gwq(["agent", "hooks", "status", "--json"]);
    assert.equal(s.code, 0, s.stderr);
    const claude = (JSON.parse(s.stdout) as { agent: string; hooks: string; files: { problem?: string }[] }[]).find((a) => a.agent === "claude")!;
    assert.equal(claude.hooks, "none");
    assert.match(claude.files[0]!.problem ?? "", /is a FIFO/);
    assert.equal(lstatSync(settings).isFIFO(), true);
  });
});

describe("events -f", () => {
  test("a hook's reason with OSC 0, OSC 52 and ESC[2J is shown escaped, never sent raw", async () => {
    await sb.runSession(["--id", "esc", "sleep 300"], { timeoutMs: DEADLINE });
    const f = start(["events", "-f", "esc"]);
    await eventually(() => f.stdout.startsWith("TIME"), DEADLINE, "the header");
    const reason = "\x1b]0;owned\x07\x1b]52;c;aGFja2Vk\x07\x1b[2Jdone";
    const st = await gwq(["tmux", "state", "waiting", "--session", "esc", "--reason", reason]);
    assert.equal(st.code, 0, st.stderr);
    await eventually(() => /done/.test(f.stdout), DEADLINE, "the state row");
    assert.doesNotMatch(f.stdout, /[\x00-\x09\x0b-\x1f\x7f]/, "no control character but newlines");
    assert.ok(f.stdout.includes("^[]0;owned^G^[]52;c;aGFja2Vk^G^[[2Jdone"), f.stdout);
    // The same row as `gwq events` prints it.
    const all = await gwq(["events", "esc"]);
    assert.ok(all.stdout.includes("^[]0;owned^G^[]52;c;aGFja2Vk^G^[[2Jdone"), all.stdout);
    f.child.kill("SIGINT");
    assert.equal(await f.done, 0, f.stderr);
  });

  test("the log deleted, truncated, or truncated and regrown while stopped: every new event is printed", async () => {
    await sb.runSession(["--id", "r", "sleep 300"], { timeoutMs: DEADLINE });
    // From the log's start: a report made before the follower has read the log is not "the past".
    const f = start(["events", "-f", "--json", "--since", "0", "r"]);
    let n = 0;
    const states = () =>
      f.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as GwqEvent)
        .filter((e) => e.type === "state" && e.source === "report");
    /** `count` state reports, each a real `gwq tmux state` with its own reason. */
    const report = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const r = await gwq(["tmux", "state", n % 2 ? "working" : "waiting", "--session", "r", "--reason", `r${++n}`]);
        assert.equal(r.code, 0, r.stderr);
      }
    };
    const seen = () => states().map((e) => e.reason);
    const upTo = (k: number) => Array.from({ length: k }, (_, i) => `r${i + 1}`);
    /** Until the follower printed `k` states; then exactly those, each once, in order. */
    const printed = async (k: number, what: string) => {
      try {
        await eventually(() => seen().length >= k, DEADLINE, what);
      } catch (e) {
        throw new Error(`${(e as Error).message}; printed ${seen().join(",")}; stderr: ${f.stderr}`);
      }
      assert.deepEqual(seen(), upTo(k));
    };

    await report(3);
    await printed(3, "3 states");
    rmSync(join(stateDir(), "events.jsonl"));
    await report(6);
    await printed(9, "6 more after the delete");
    assert.equal(states()[3]!.seq, 1, "the new log starts again at 1");

    truncateSync(join(stateDir(), "events.jsonl"), 0);
    await report(6);
    await printed(15, "6 more after truncation");

    // Stopped, the follower cannot see the file shrink: when it wakes, the log is longer than
    // where it was, with other lines.
    f.child.kill("SIGSTOP");
    truncateSync(join(stateDir(), "events.jsonl"), 0);
    await report(8);
    f.child.kill("SIGCONT");
    await printed(23, "8 more after the rewrite");
    f.child.kill("SIGINT");
    assert.equal(await f.done, 0, f.stderr);
  });
});
