// Sessions under hard conditions: a restart that cannot start, two resurrects at once, another
// tmux server, the user's own variables, long input, absurd limits.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GWQ_ARGV, eventually, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

const run = (args: string[], cwd = sb.root) => sb.runSession<Rec>(args, { cwd });
const list = () => sb.sessions<Rec>();
const statusOf = async (id: string) => (await list()).find((x) => x.identifier === id)?.status;
const eventTypes = () => {
  const p = join(sb.env.XDG_STATE_HOME!, "gwq", "events.jsonl");
  if (!existsSync(p)) return [];
  return readFileSync(p, "utf8").trim().split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { type: string }).type);
};

describe("restart --force checks before it kills", () => {
  test("a running session whose working directory was deleted stays running, its record kept", async () => {
    const dir = sb.path("work");
    mkdirSync(dir);
    const s = await run(["--id", "svc", "sleep 300"], dir);
    rmSync(dir, { recursive: true });
    const r = await sb.gwq(["tmux", "restart", "--force", "svc"]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `gwq: working directory does not exist: ${dir}\n`);
    const after = await list();
    assert.deepEqual(after.map((x) => [x.session_name, x.status]), [[s.session_name, "running"]]);
    assert.ok(sb.tmuxOk("has-session", "-t", `=${s.session_name}`), "the old tmux session still runs");
    assert.ok(!eventTypes().includes("removed"), "nothing was removed");
  });
});

describe("two resurrects at once", () => {
  test("two real gwq tmux resurrect processes started together start each detached session exactly once", async () => {
    const starts = sb.path("starts");
    mkdirSync(starts);
    for (const id of ["a", "b", "c"]) await run(["--id", id, `echo x >> ${starts}/${id}; sleep 300`]);
    await eventually(() => ["a", "b", "c"].every((id) => existsSync(join(starts, id))), 15000, "first starts");
    await sb.killServer();
    assert.deepEqual((await list()).map((x) => x.status), ["detached", "detached", "detached"]);
    const [r1, r2] = await Promise.all([sb.gwq(["tmux", "resurrect"]), sb.gwq(["tmux", "resurrect"])]);
    assert.equal(r1!.code, 0, r1!.stderr);
    assert.equal(r2!.code, 0, r2!.stderr);
    const lines = (r1!.stdout + r2!.stdout).trim().split("\n");
    assert.equal(lines.length, 3, r1!.stdout + r2!.stdout);
    const now = await list();
    assert.deepEqual(now.map((x) => `${x.identifier} ${x.status}`).sort(), ["a running", "b running", "c running"]);
    // Every resurrected session started once: one tmux session each, one more line each.
    assert.equal(sb.tmux("list-sessions", "-F", "#{session_name}").trim().split("\n").length, 3);
    await eventually(() => ["a", "b", "c"].every((id) => readFileSync(join(starts, id), "utf8") === "x\nx\n"), 15000, "second starts");
    // Nothing more comes: give a late duplicate the time to show itself in tmux's listing.
    const again = await sb.gwq(["tmux", "resurrect"]);
    assert.match(again.stderr, /nothing to resurrect/);
    for (const id of ["a", "b", "c"]) assert.equal(readFileSync(join(starts, id), "utf8"), "x\nx\n", id);
  });
});

describe("another tmux server", () => {
  test("gwq with another TMUX_TMPDIR sees the session running, logs no false end, resurrects nothing, and kills it where it runs", async () => {
    const s = await run(["--id", "far", "echo hello-far; sleep 300"]);
    const other = sb.path("tmux-other");
    mkdirSync(other);
    const env = { TMUX_TMPDIR: other };
    const l = await sb.gwq(["tmux", "list", "--json"], { env });
    assert.equal(l.code, 0, l.stderr);
    assert.deepEqual((JSON.parse(l.stdout) as Rec[]).map((x) => [x.session_name, x.status]), [[s.session_name, "running"]]);
    assert.ok(!eventTypes().includes("detached"), "no false detached event");
    const res = await sb.gwq(["tmux", "resurrect"], { env });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /nothing to resurrect/);
    await eventually(async () => (await sb.gwq(["tmux", "logs", "far"], { env })).stdout === "hello-far\n", 15000, "logs from the other server");
    const send = await sb.gwq(["tmux", "send", "far", "typed"], { env });
    assert.equal(send.code, 0, send.stderr);
    // The other server was never started by any of this.
    assert.ok(!existsSync(join(other, `tmux-${process.getuid!()}`, "default")), "no server started under the other TMUX_TMPDIR");
    const k = await sb.gwq(["tmux", "kill", "--all"], { env });
    assert.equal(k.code, 0, k.stderr);
    assert.ok(!sb.tmuxOk("has-session", "-t", `=${s.session_name}`), "killed on the server it runs on");
    assert.deepEqual(await list(), []);
  });

  test("sessions on two private servers are both listed from either, each on its own server", async () => {
    const other = sb.path("tmux-other");
    mkdirSync(other);
    const env = { TMUX_TMPDIR: other };
    const a = await run(["--id", "one", "sleep 300"]);
    const b = await sb.runSession<Rec>(["--id", "two", "sleep 300"], { env });
    try {
      for (const e of [{}, env]) {
        const seen = (await sb.sessions<Rec>({ env: e })).map((x) => `${x.identifier} ${x.status}`).sort();
        assert.deepEqual(seen, ["one running", "two running"]);
      }
      assert.ok(sb.tmuxOk("has-session", "-t", `=${a.session_name}`));
      assert.ok(!sb.tmuxOk("has-session", "-t", `=${b.session_name}`), "two runs on the other server");
      // The other server gone: only its session is detached, and only it is resurrected (here).
      execFileSync("tmux", ["kill-server"], { env: { ...sb.env, ...env }, stdio: "ignore" });
      await eventually(async () => (await statusOf("two")) === "detached", 15000, "two detached");
      assert.equal(await statusOf("one"), "running");
      const r = await sb.gwq(["tmux", "resurrect"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim().split("\n").length, 1, r.stdout);
      assert.match(r.stdout, new RegExp(`^${b.session_name} -> `));
    } finally {
      try {
        execFileSync("tmux", ["kill-server"], { env: { ...sb.env, ...env }, stdio: "ignore" });
      } catch {
        // already gone
      }
    }
  });
});

describe("a recorder killed with SIGKILL", () => {
  test("the end is recorded with no gwq command looking, and its watcher leaves nothing behind", async () => {
    const s = await run(["--id", "doomed", "echo out; sleep 300"]);
    const sessions = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
    const serverPid = sb.tmux("display-message", "-p", "#{pid}").trim();
    const panePid = Number(sb.tmux("display-message", "-p", "-t", `=${s.session_name}:`, "#{pane_pid}").trim());
    const watchers = () => processesWithArgs(["gwq-reap", serverPid]);
    await eventually(() => watchers().length === 1, 15000, "the watcher started");
    await eventually(() => existsSync(join(sessions, `${s.session_name}.json`)) && JSON.parse(readFileSync(join(sessions, `${s.session_name}.json`), "utf8")).pane_id, 15000, "created");
    process.kill(-panePid, "SIGKILL");
    const end = join(sessions, `${s.session_name}.end.json`);
    await eventually(() => existsSync(end) && JSON.parse(readFileSync(end, "utf8")).history_file, 20000, "the end recorded");
    assert.equal(JSON.parse(readFileSync(end, "utf8")).exit_code, 137);
    await eventually(() => watchers().length === 0, 20000, "the watcher gone");
    assert.deepEqual(readdirSync(sessions).filter((f) => f.startsWith(".alive")), []);
  });
});

describe("records from before the socket field", () => {
  test("a record without `socket` is looked for on the server tmux picks, as before", async () => {
    const s = await run(["--id", "old", "sleep 300"]);
    const file = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions", `${s.session_name}.json`);
    const rec = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    assert.match(String(rec.socket), /\/tmux-\d+\/default$/, "new records keep the socket");
    delete rec.socket;
    writeFileSync(file, JSON.stringify(rec));
    assert.equal(await statusOf("old"), "running");
    const k = await sb.gwq(["tmux", "kill", "old"]);
    assert.equal(k.code, 0, k.stderr);
    assert.ok(!sb.tmuxOk("has-session", "-t", `=${s.session_name}`));
  });
});

describe("the user's environment", () => {
  test("exported d, s, k, c, n, p, m, w, e arrive in the command unchanged", async () => {
    const names = ["d", "s", "k", "c", "n", "p", "m", "w", "e"];
    const env = Object.fromEntries(names.map((n) => [n, `user-${n} $x 'q'`]));
    const cmd = `printf '%s\\n' ${names.map((n) => `"${n}=[$${n}]"`).join(" ")}`;
    await sb.runSession(["--id", "envs", "--restart", "on-failure", "--max-restarts", "1", cmd], { env });
    await eventually(async () => (await statusOf("envs")) === "completed", 15000, "completed");
    const r = await sb.gwq(["tmux", "logs", "envs"]);
    assert.equal(r.stdout, names.map((n) => `${n}=[user-${n} $x 'q']\n`).join(""));
  });

  test("unset, they stay unset: none of the recorder's own variables leaks into the command", async () => {
    await run(["--id", "clean", "env | grep -c '^__gwq_' ; true"]);
    await eventually(async () => (await statusOf("clean")) === "completed", 15000, "completed");
    assert.equal((await sb.gwq(["tmux", "logs", "clean"])).stdout, "0\n");
  });
});

describe("limits", () => {
  test("--max-restarts past the bound is a usage error naming it; nothing is created", async () => {
    for (const v of ["99999999999999999999", "100001"]) {
      const r = await sb.gwq(["tmux", "run", "--restart", "always", "--max-restarts", v, "true"]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `gwq: invalid --max-restarts "${v}" (a whole number from 0 to 100000)\n`);
    }
    assert.deepEqual(await list(), []);
  });

  test("send of 40 KB (multibyte characters across chunk edges) arrives byte for byte", async () => {
    const out = sb.path("received");
    // A unit of 1+2+3+4 bytes repeated: every chunk edge falls somewhere inside this pattern.
    const text = "aé日🙂".repeat(4096);
    const bytes = Buffer.byteLength(text);
    assert.ok(bytes >= 40000);
    // Raw mode: the terminal passes every byte through (no 4 KiB line limit, no echo).
    await run(["--id", "sink", `stty raw -echo; head -c ${bytes} > ${out}; sleep 300`]);
    await eventually(async () => (await sb.gwq(["tmux", "logs", "sink"])).code === 0 && existsSync(out), 15000, "the sink ready");
    const r = await sb.gwq(["tmux", "send", "--no-enter", "sink", text], { timeoutMs: 60000 });
    assert.equal(r.code, 0, r.stderr);
    await eventually(() => statSync(out).size === bytes, 30000, "every byte");
    assert.ok(readFileSync(out).equals(Buffer.from(text)), "the same bytes");
  });
});

describe("logs --follow at the edges", () => {
  test("across a log_max_size gap: only whole lines, and a word that output was skipped", async () => {
    sb.writeConfig('[tmux]\nlog_max_size = "1KB"\nauto_cleanup_completed = false\n');
    const flag = sb.path("go");
    // Bursts of 50 lines (1.8 KB, several rotations of a 512-byte segment) between pauses.
    await run(["--id", "gen", `while [ ! -e ${flag} ]; do sleep 0.1; done; for i in $(seq 1 400); do echo "line-$i-abcdefghijklmnopqrstuvwxyz"; [ $((i % 50)) = 0 ] && sleep 0.3; done; sleep 1`]);
    const follower = sb.gwq(["tmux", "logs", "-f", "gen"], { timeoutMs: 60000 });
    execFileSync("touch", [flag]);
    const r = await follower;
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    assert.equal(lines.pop(), "", "ends with a line end");
    for (const l of lines) assert.match(l, /^line-\d+-abcdefghijklmnopqrstuvwxyz$/);
    assert.ok(lines.length < 400, "some output was dropped");
    assert.match(r.stderr, /^\[gwq\] output skipped: /m);
    assert.match(r.stderr, /\[gwq\] completed, exit 0, after \S+\n$/);
  });

  test("a session killed while followed: the follower ends with a footer that says so", async () => {
    await run(["--id", "victim", "echo hello; sleep 300"]);
    const child = spawn(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), "tmux", "logs", "-f", "victim"], { env: sb.env, cwd: sb.root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    const exited = new Promise<number | null>((res) => child.on("close", (code) => res(code)));
    try {
      await eventually(() => out === "hello\n", 15000, "the follower printing");
      const k = await sb.gwq(["tmux", "kill", "victim"]);
      assert.equal(k.code, 0, k.stderr);
      const code = await Promise.race([exited, new Promise<string>((res) => setTimeout(() => res("still running"), 20000))]);
      assert.equal(code, 0, err);
      assert.equal(out, "hello\n");
      assert.match(err, /^\[gwq\] detached \(session-killed\), after \S+\n$/);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

/** Processes whose argv holds these words in a row. */
function processesWithArgs(words: string[]): string[] {
  const want = words.join("\0");
  return readdirSync("/proc").filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(`\0${want}\0`);
    } catch {
      return false; // gone meanwhile
    }
  });
}
