// docs/sessions.md "Output that survives anything": a session's output outlives tmux, the pane
// width and the alternate screen. Real commands in a private tmux server; every wait is on a
// condition.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLI, eventually, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

const historyDir = () => join(sb.home, ".gwq", "history");

async function run(args: string[]): Promise<Rec> {
  return sb.runSession<Rec>(args);
}

async function list(): Promise<Rec[]> {
  return sb.sessions<Rec>();
}

async function logs(...args: string[]) {
  const r = await sb.gwq(["tmux", "logs", ...args], { timeoutMs: 60000 });
  assert.equal(r.code, 0, r.stderr);
  return r;
}

const seq = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe("output outlives tmux", () => {
  test("300 lines, then kill-server: logs prints all 300; the session is detached (server-exited) with its clock stopped", async () => {
    const s = await run(["--id", "srv", "seq 1 300; sleep 300"]);
    await eventually(async () => (await logs("srv")).stdout.endsWith("300\n"), 15000, "300 lines printed");
    await sb.killServer();
    const r = await logs("srv");
    assert.deepEqual(r.stdout.split("\n").slice(0, -1), seq(1, 300));
    assert.match(r.stderr, /^\[gwq\] detached \(server-exited\), after \S+\n$/);
    const [rec] = await list();
    assert.equal(rec!.session_name, s.session_name);
    assert.equal(rec!.status, "detached");
    assert.equal(rec!.detached_reason, "server-exited");
    assert.ok(rec!.end_time, "the moment it was seen gone");
    const again = (await list())[0]!;
    assert.equal(again.end_time, rec!.end_time, "the duration is frozen");
  });

  test("kill-session from outside (the server lives on): all output kept, detached_reason session-killed", async () => {
    await run(["--id", "victim", "seq 1 300; sleep 300"]);
    await run(["--id", "bystander", "sleep 300"]);
    const victim = (await list()).find((x) => x.identifier === "victim")!;
    await eventually(async () => (await logs("victim")).stdout.endsWith("300\n"), 15000, "300 lines printed");
    sb.tmux("kill-session", "-t", `=${victim.session_name}`);
    const r = await logs("victim");
    assert.deepEqual(r.stdout.split("\n").slice(0, -1), seq(1, 300));
    const rec = (await list()).find((x) => x.identifier === "victim")!;
    assert.equal(rec.status, "detached");
    assert.equal(rec.detached_reason, "session-killed");
  });

  test("logs after kill --force finds the kept output by identifier and by session name", async () => {
    const s = await run(["--id", "gone", "echo before-kill; sleep 300"]);
    await eventually(async () => (await logs("gone")).stdout === "before-kill\n", 15000, "output");
    const k = await sb.gwq(["tmux", "kill", "--force", "gone"]);
    assert.equal(k.code, 0, k.stderr);
    assert.deepEqual(await list(), []);
    assert.equal((await logs("gone")).stdout, "before-kill\n");
    assert.equal((await logs(s.session_name)).stdout, "before-kill\n");
    const none = await sb.gwq(["tmux", "logs", "never-existed"]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^gwq: no gwq session matches "never-existed"\n$/);
  });

  test("the output files are private: 0600 files in a 0700 directory", async () => {
    const s = await run(["--id", "priv", "echo secret-ish"]);
    await eventually(async () => (await list()).length === 0 || (await list())[0]!.status === "completed", 15000, "ended");
    const dir = historyDir();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const mine = readdirSync(dir).filter((f) => f.startsWith(s.session_name));
    assert.ok(mine.some((f) => f.endsWith(".raw")), mine.join(","));
    for (const f of mine) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
  });
});

describe("output as a person read it", () => {
  test("20,000 lines of 200 characters come back as 20,000 whole lines", async () => {
    const awk = `awk 'BEGIN { x = sprintf("%195s", ""); gsub(/ /, "x", x); for (i = 1; i <= 20000; i++) printf "%05d%s\\n", i, x }'`;
    await run(["--id", "wide", awk]);
    await eventually(async () => (await list()).find((x) => x.identifier === "wide")?.status !== "running", 60000, "ended");
    const lines = (await logs("wide")).stdout.split("\n").slice(0, -1);
    assert.equal(lines.length, 20000);
    assert.ok(lines.every((l) => l.length === 200), "every line whole");
    assert.equal(lines[0]!.slice(0, 5), "00001");
    assert.equal(lines[19999]!.slice(0, 5), "20000");
  });

  test("seq 1 1000 then the alternate screen: all 1,000 lines", async () => {
    await run(["--id", "alt", "seq 1 1000; printf '\\033[?1049h'; printf 'a full-screen program\\n'; sleep 300"]);
    const out = await eventually(async () => {
      const r = await logs("alt");
      return r.stdout.includes("1000\n") ? r.stdout : undefined;
    }, 15000, "the 1000 lines");
    const nums = out.split("\n").filter((l) => /^\d+$/.test(l));
    assert.deepEqual(nums, seq(1, 1000));
  });

  test("a CR progress bar in its final state; colour escapes gone from logs, kept by logs --raw", async () => {
    await run(["--id", "bar", "printf 'progress 10%%\\rprogress 55%%\\rprogress 100%%\\n'; printf '\\033[31mred\\033[0m plain\\n'; sleep 300"]);
    const out = await eventually(async () => {
      const r = await logs("bar");
      return r.stdout.includes("plain") ? r.stdout : undefined;
    }, 15000, "output");
    assert.equal(out, "progress 100%\nred plain\n");
    const raw = await sb.gwq(["tmux", "logs", "--raw", "bar"]);
    assert.equal(raw.code, 0, raw.stderr);
    assert.ok(raw.stdout.includes("\x1b[31mred\x1b[0m plain"), JSON.stringify(raw.stdout));
    assert.ok(raw.stdout.includes("progress 10%\r"), "the bytes as written");
  });

  test("an ended session's logs end with the footer on stderr", async () => {
    await run(["--id", "fail3", "echo out; exit 3"]);
    await eventually(async () => (await list()).find((x) => x.identifier === "fail3")?.status === "failed", 15000, "failed");
    const r = await logs("fail3");
    assert.equal(r.stdout, "out\n");
    assert.match(r.stderr, /^\[gwq\] failed, exit 3, after \d+s\n$/);
  });

  test("logs -f shows a prompt that has no newline yet", async () => {
    await run(["--id", "ask", "sleep 0.3; printf 'Apply the patch? [y/N] '; sleep 300"]);
    const child = spawn(process.execPath, [CLI, "tmux", "logs", "-f", "ask"], { cwd: sb.root, env: sb.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    try {
      await eventually(() => out.includes("Apply the patch? [y/N] "), 15000, "the prompt");
    } finally {
      child.kill("SIGINT");
    }
  });
});
