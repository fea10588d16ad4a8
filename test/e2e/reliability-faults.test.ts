// Reliability, faults (docs/guarantees.md "Bad input and faults"): tmux dying under running
// sessions, sessions killed behind gwq's back, state and history directories that cannot be
// written, and Ctrl-C in the middle of waiting, following, choosing and confirming. Nothing is lost
// and nothing is half-made.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, eventually, type RunResult } from "../helpers/sandbox.js";
import { Terminal, gwqCommand, terminalSandbox } from "../helpers/terminal.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

const historyDir = () => join(sb.home, ".gwq", "history");

function assertClean(r: RunResult, code: number, what: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at |unexpected error/);
  const lines = r.stderr.trim().split("\n").filter((l) => !l.startsWith("gwq: warning: "));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^gwq: /);
  assert.match(lines[0]!, what);
}

async function run(args: string[]): Promise<Rec> {
  return sb.runSession<Rec>(args);
}

async function list(): Promise<Rec[]> {
  return sb.sessions<Rec>();
}

const byName = async (name: string) => (await list()).find((s) => s.session_name === name);

/** Records on disk (not end marks, not temp files). */
const recordFiles = () => (existsSync(sb.sessionsDir()) ? readdirSync(sb.sessionsDir()).filter((f) => f.endsWith(".json") && !f.endsWith(".end.json")) : []);

describe("tmux going away", () => {
  test("a session killed outside gwq is detached; logs, wait and attach say so in one line; kill removes the record", async () => {
    const s = await run(["--id", "victim", "echo some output; sleep 300"]);
    const other = await run(["--id", "bystander", "sleep 300"]);
    sb.tmux("kill-session", "-t", `=${s.session_name}`);
    const rec = await eventually(async () => {
      const r = await byName(s.session_name);
      return r?.status === "detached" ? r : undefined;
    }, 10000, "detached");
    assert.equal(rec.exit_code, null);
    assert.equal((await byName(other.session_name))?.status, "running", "the other session is untouched");
    // Its output outlived the tmux session (docs/sessions.md "Output that survives anything"), with
    // the reason it vanished.
    const logs = await sb.gwq(["tmux", "logs", "victim"]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, "some output\n");
    assert.match(logs.stderr, /^\[gwq\] detached \(session-killed\), after \S+\n$/);
    assertClean(await sb.gwq(["tmux", "wait", "victim"]), 1, /detached/);
    assertClean(await sb.gwq(["tmux", "attach", "victim"]), 1, /victim/);
    const k = await sb.gwq(["tmux", "kill", "victim"]);
    assert.equal(k.code, 0, k.stderr);
    assert.deepEqual((await list()).map((x) => x.identifier), ["bystander"]);
    assert.deepEqual(sb.tmuxSessions(), [other.session_name]);
  });

  test("tmux server killed: running ones detached, finished ones keep status, exit code and history; a new server works", async () => {
    sb.writeConfig("[tmux]\nauto_cleanup_completed = false\n");
    const ok = await run(["--id", "ok", "echo ok-out"]);
    const bad = await run(["--id", "bad", "echo bad-out; exit 4"]);
    await Promise.all([1, 2, 3].map((i) => run(["--id", `live${i}`, `echo live${i}; sleep 300`])));
    await eventually(async () => {
      const l = await list();
      return [ok, bad].every((x) => l.find((y) => y.session_name === x.session_name)?.history_file);
    }, 15000, "both ends recorded with their history");
    await sb.killServer();
    const after = await list();
    assert.equal(after.length, 5, "no record lost");
    const st = Object.fromEntries(after.map((x) => [x.identifier, [x.status, x.exit_code]]));
    assert.deepEqual(st, { ok: ["completed", 0], bad: ["failed", 4], live1: ["detached", null], live2: ["detached", null], live3: ["detached", null] });
    assert.equal((await sb.gwq(["tmux", "logs", "ok"])).stdout, "ok-out\n");
    assert.equal((await sb.gwq(["tmux", "logs", "bad"])).stdout, "bad-out\n");
    const w = await sb.gwq(["tmux", "wait", "bad"]);
    assert.equal(w.code, 4, "wait still reports the recorded exit code");
    // The detached mark is persisted: the same answer from a later process, and the next
    // server's sessions mix in cleanly.
    const again = await run(["--id", "fresh", "sleep 300"]);
    const l = await list();
    assert.equal(l.length, 6);
    assert.equal(l.find((x) => x.session_name === again.session_name)?.status, "running");
    assert.equal(l.filter((x) => x.status === "detached").length, 3);
  });
});

describe("directories that cannot be written", () => {
  test("state dir unusable (a file in its place): run fails in one line and leaves no tmux session", async () => {
    // chmod would not stop root: a regular file where the directory should be does.
    writeFileSync(join(sb.env.XDG_STATE_HOME!, "gwq"), "in the way");
    assertClean(await sb.gwq(["tmux", "run", "--id", "s", "sleep 300"]), 1, /state directory/);
    assert.deepEqual(sb.tmuxSessions(), [], "no tmux session without a record");
  });

  test("history dir unusable before the start: run refuses in one line, nothing is made", async () => {
    mkdirSync(join(sb.home, ".gwq"), { recursive: true });
    writeFileSync(historyDir(), "in the way");
    assertClean(await sb.gwq(["tmux", "run", "--id", "h", "sleep 300"]), 1, /cannot save histories in .*history_auto_save/);
    assert.deepEqual(sb.tmuxSessions(), [], "no tmux session");
    assert.deepEqual(recordFiles(), [], "no record");
    // With saving turned off the same directory is no obstacle.
    sb.writeConfig("[tmux]\nhistory_auto_save = false\n");
    const s = await run(["--id", "h", "sleep 300"]);
    assert.deepEqual(sb.tmuxSessions(), [s.session_name]);
  });

  test("history dir broken while a session runs: the end is still recorded and the output kept in tmux", async () => {
    const s = await run(["--id", "late", "sleep 1; echo precious output"]);
    mkdirSync(join(sb.home, ".gwq"), { recursive: true });
    rmSync(historyDir(), { recursive: true, force: true });
    writeFileSync(historyDir(), "in the way");
    // The exit code is recorded first; the history cannot be saved, so the tmux session that
    // holds the output is not cleaned up even though the command completed.
    const rec = await eventually(async () => {
      const r = await byName(s.session_name);
      return r?.exit_code === 0 ? r : undefined;
    }, 15000, "end recorded");
    assert.equal(rec.status, "completed");
    assert.equal(rec.history_file, null);
    // Once the failure is logged, the end handling is over: the session must still be there.
    const log = join(sb.env.XDG_STATE_HOME!, "gwq", "hook-errors.log");
    await eventually(() => existsSync(log) && /cannot write/.test(readFileSync(log, "utf8")), 10000, "the failure logged");
    assert.ok(sb.tmuxSessions().includes(s.session_name), "output kept in tmux");
    assert.equal((await sb.gwq(["tmux", "logs", "late"])).stdout, "precious output\n");
    // kill would lose the output: it refuses in one line rather than end the session unsaved.
    assertClean(await sb.gwq(["tmux", "kill", "late"]), 1, /cannot write/);
    assert.ok(sb.tmuxSessions().includes(s.session_name));
  });

  test("state dir turned into a file after the start: list fails in one line; the session keeps running", async () => {
    const s = await run(["--id", "keep", "sleep 300"]);
    const state = join(sb.env.XDG_STATE_HOME!, "gwq");
    rmSync(state, { recursive: true });
    writeFileSync(state, "in the way");
    assertClean(await sb.gwq(["tmux", "list"]), 1, /state directory/);
    assert.ok(sb.tmuxSessions().includes(s.session_name), "never killed for a state problem");
  });
});

/** Start gwq in the background; resolves once it has made `calls` tmux calls (from GWQ_TRACE_CALLS). */
function startTraced(args: string[], calls: number) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: sb.root, env: { ...sb.env, GWQ_TRACE_CALLS: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const done = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  const ready = eventually(() => (stderr.match(/gwq-trace: tmux/g) ?? []).length >= calls, 10000, `${calls} tmux calls`);
  return { child, done, ready, out: () => stdout, err: () => stderr };
}

describe("Ctrl-C", () => {
  test("SIGINT during wait: exit 130, the session keeps running with its record", async () => {
    const s = await run(["--id", "w", "sleep 300"]);
    // Two tmux calls: the listing that chose the session, then the wait's own first look, made
    // after the SIGINT handler is in place.
    const p = startTraced(["tmux", "wait", "w"], 2);
    await p.ready;
    p.child.kill("SIGINT");
    assert.equal(await p.done, 130, p.err());
    assert.match(p.err(), /^gwq: wait cancelled$/m);
    assert.doesNotMatch(p.err(), /\n\s+at /);
    const rec = await byName(s.session_name);
    assert.equal(rec?.status, "running");
    assert.ok(sb.tmuxSessions().includes(s.session_name));
  });

  test("SIGINT during logs -f: exit 130 after printing what was there, the session untouched", async () => {
    const s = await run(["--id", "f", "echo first; while :; do sleep 0.1; echo tick; done"]);
    const p = startTraced(["tmux", "logs", "-f", "f"], 1);
    await eventually(() => /tick\n/.test(p.out()), 10000, "streamed output");
    p.child.kill("SIGINT");
    assert.equal(await p.done, 130, p.err());
    assert.match(p.out(), /^first\ntick\n/);
    assert.doesNotMatch(p.err(), /\n\s+at /);
    assert.equal((await byName(s.session_name))?.status, "running");
  });

  test("Ctrl-C in the kill finder, and at the kill confirmation: exit 130, terminal restored, nothing ended", async () => {
    const names = (await Promise.all(["a1", "a2", "a3"].map((id) => run(["--id", id, "sleep 300"])))).map((s) => s.session_name).sort();
    // The finder, with two marked: Ctrl-C ends nothing.
    term = Terminal.start(sb, `${gwqCommand("tmux", "kill", "-i")}; echo "[exit $?]"`, { cols: 120, rows: 20 });
    await term.waitFor(/3\/3/);
    term.send("Tab");
    term.send("Tab");
    term.send("C-c");
    await term.waitFor(/\[exit 130\]/);
    let st = term.state();
    assert.equal(st.alternate, false, "main screen back");
    assert.equal(st.cursorVisible, true, "cursor shown");
    assert.deepEqual(sb.tmuxSessions(), names);
    term.close();
    // The confirmation of kill --all: Ctrl-C ends nothing either.
    term = Terminal.start(sb, `${gwqCommand("tmux", "kill", "--all")}; echo "[exit $?]"`, { cols: 120, rows: 20 });
    await term.waitFor(/\[y\/N\]/);
    term.send("C-c");
    await term.waitFor(/\[exit 130\]/);
    st = term.state();
    assert.equal(st.cursorVisible, true);
    assert.deepEqual(sb.tmuxSessions(), names);
    assert.equal((await list()).length, 3);
  });
});
