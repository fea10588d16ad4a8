// Events, waiting and notifications end to end (docs/events.md), against real sessions on a
// private tmux server per test. States come from `gwq tmux state` inside the session and from
// Claude Code's hooks (`gwq __hook claude` with the documented payloads).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findOnPath } from "../../src/events/notify.js";
import type { GwqEvent } from "../../src/events/types.js";
import { CLI, eventually, runProcess, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

/** gwq processes a test left running: stopped whatever happened, so a failure never hangs the run. */
const children = new Set<ChildProcess>();
const sb = sandboxEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children.clear();
});

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A shell command (inside a session) that reports a state: `gwq tmux state`. */
const report = (state: string, reason?: string) => [process.execPath, CLI, "tmux", "state", state, ...(reason ? ["--reason", reason] : [])].map(q).join(" ");
/** A shell command that waits until `file` exists. */
const until = (file: string) => `while [ ! -e ${q(file)} ]; do sleep 0.05; done`;

const logPath = () => join(sb.env.XDG_STATE_HOME!, "gwq", "events.jsonl");
function events(): GwqEvent[] {
  if (!existsSync(logPath())) return [];
  return readFileSync(logPath(), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as GwqEvent);
}

async function run(args: string[]): Promise<Rec> {
  return sb.runSession<Rec>(args, { timeoutMs: 90000 });
}

async function list(): Promise<Rec[]> {
  return sb.sessions<Rec>();
}

/** Claude Code calling gwq's hook from inside a session, with a documented payload on stdin. */
function hook(name: string, payload: Record<string, unknown>) {
  const env = { ...sb.env, GWQ_SESSION_NAME: name, GWQ_STATE_DIR: join(sb.env.XDG_STATE_HOME!, "gwq") };
  return runProcess(process.execPath, [CLI, "__hook", "claude"], { env, input: JSON.stringify(payload), cwd: sb.root });
}

/** A gwq process left running; its output collected as it comes. */
function start(args: string[], env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd: sb.root, env: { ...sb.env, GWQ_TRACE_CALLS: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const p = { child, stdout: "", stderr: "", exited: false, done: null as unknown as Promise<number | null> };
  child.stdout!.setEncoding("utf8").on("data", (d) => (p.stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d) => (p.stderr += d));
  p.done = new Promise((r) => child.on("close", (code) => ((p.exited = true), r(code))));
  return p;
}

describe("the log", () => {
  test("50 concurrent gwq tmux run: created and ended events with seq 1..100, no gap, no duplicate", async () => {
    const made = await Promise.all(Array.from({ length: 50 }, (_, i) => run(["--id", `c${i}`, i % 5 === 4 ? "exit 2" : "true"])));
    const names = new Set(made.map((s) => s.session_name));
    assert.equal(names.size, 50);
    await eventually(() => events().length >= 100, 60000, `100 events (have ${events().length})`);
    // Every end fully recorded (history saved): nothing is still on its way to the log.
    await eventually(async () => (await list()).every((s) => s.history_file !== null), 30000, "every end recorded");
    const all = events();
    assert.deepEqual(all.map((e) => e.seq), Array.from({ length: 100 }, (_, i) => i + 1));
    for (const s of made) {
      const mine = all.filter((e) => e.session === s.session_name);
      assert.deepEqual(mine.map((e) => e.type), ["created", "ended"], s.session_name);
      const failed = Number(s.identifier.slice(1)) % 5 === 4;
      assert.deepEqual([mine[1]!.status, mine[1]!.exit_code], failed ? ["failed", 2] : ["completed", 0]);
      assert.equal(mine[0]!.id, mine[1]!.id);
    }
  });

  test("events --follow --json streams a session's created, state and ended in order; Ctrl-C exits 0", async () => {
    const go = sb.path("go");
    const f = start(["events", "--follow", "--json", "--since", "0"]);
    const s = await run(["--id", "agent", `${report("waiting", "Allow Bash?")}; ${until(go)}; exit 4`]);
    const mine = () => f.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as GwqEvent).filter((e) => e.session === s.session_name);
    await eventually(() => mine().length === 2, 15000, `created and state streamed (got ${f.stdout})`);
    // The session ends only now, while the follower runs: its end can only arrive streamed.
    writeFileSync(go, "");
    await eventually(() => mine().length === 3, 15000, `ended streamed (got ${f.stdout})`);
    const [c, st, e] = mine();
    assert.equal(c!.type, "created");
    assert.deepEqual([st!.type, st!.from, st!.to, st!.source, st!.reason], ["state", null, "waiting", "report", "Allow Bash?"]);
    assert.deepEqual([e!.type, e!.status, e!.exit_code], ["ended", "failed", 4]);
    assert.ok(c!.seq < st!.seq && st!.seq < e!.seq);
    f.child.kill("SIGINT");
    assert.equal(await f.done, 0, f.stderr);
  });

  test("events --follow sweeps: a session killed outside gwq shows up as detached, once", async () => {
    const s = await run(["--id", "victim", "sleep 600"]);
    // Another session keeps the tmux server up: the victim's session alone was killed.
    await run(["--id", "bystander", "sleep 600"]);
    const f = start(["events", "-f", "--json", "victim"]);
    // Two sweeps running at once (the follower's and a list's) still log one `detached`.
    await eventually(() => /gwq-trace: tmux/.test(f.stderr), 10000, "the follower's first sweep");
    sb.tmux("kill-session", "-t", `=${s.session_name}`);
    await list();
    await eventually(() => /"type":"detached"/.test(f.stdout), 15000, `detached streamed (got ${f.stdout})`);
    const got = f.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as GwqEvent);
    assert.deepEqual(got.map((e) => [e.type, e.reason]), [["detached", "session-killed"]]);
    f.child.kill("SIGTERM");
    assert.equal(await f.done, 0, f.stderr);
    assert.equal(events().filter((e) => e.type === "detached").length, 1);
  });

  test("events --follow logs states only the pane's activity shows: working while it prints, idle once quiet, once each", async () => {
    const go = sb.path("go");
    const s = await run(["--id", "quiet", "--agent", "claude", `${until(go)}; for i in 1 2 3 4; do echo tick $i; sleep 0.3; done; sleep 600`]);
    const f = start(["events", "-f", "--json", s.session_name]);
    await eventually(() => /gwq-trace: tmux/.test(f.stderr), 10000, "the follower's first sweep");
    writeFileSync(go, "");
    const states = () => f.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as GwqEvent).filter((e) => e.type === "state");
    await eventually(() => states().some((e) => e.to === "idle"), 30000, `idle from activity (got ${f.stdout})`);
    // A listing's sweep at the same time logs nothing twice.
    await list();
    f.child.kill("SIGINT");
    assert.equal(await f.done, 0, f.stderr);
    const seen = states();
    const tos = seen.map((e) => e.to);
    // A slow first sweep may find the new session quiet already (idle) before it prints.
    assert.deepEqual(tos[0] === "idle" ? tos.slice(1) : tos, ["working", "idle"]);
    seen.forEach((e, i) => {
      assert.equal(e.source, "activity");
      assert.equal(e.from, i ? seen[i - 1]!.to : null, "each change from the one before");
    });
    assert.deepEqual(events().filter((e) => e.type === "state").map((e) => e.to), tos, "and nothing else in the log");
  });

  test("restarts: a restart policy logs each run again; `tmux restart` logs the old one removed and the new one created", async () => {
    const s = await run(["--id", "flaky", "--restart", "on-failure", "--max-restarts", "2", "exit 3"]);
    await eventually(() => events().some((e) => e.session === s.session_name && e.type === "ended"), 30000, "the final end");
    const mine = events().filter((e) => e.session === s.session_name);
    assert.deepEqual(mine.map((e) => [e.type, e.restarts ?? e.status ?? null, e.exit_code ?? null]), [
      ["created", null, null],
      ["restarted", 1, 3],
      ["restarted", 2, 3],
      ["ended", "failed", 3],
    ]);
    const r = await sb.gwq(["tmux", "restart", s.session_name]);
    assert.equal(r.code, 0, r.stderr);
    const next = r.stdout.trim();
    const after = events().filter((e) => e.seq > mine[mine.length - 1]!.seq);
    assert.deepEqual(after.slice(0, 2).map((e) => [e.session, e.type, e.reason ?? null]), [
      [s.session_name, "removed", "restarted"],
      [next, "created", null],
    ]);
  });

  test("events: the table, a pattern, --since, and an ended session's events stay readable", async () => {
    const a = await run(["--id", "alpha", "exit 3"]);
    await run(["--id", "beta", "true"]);
    await eventually(() => events().filter((e) => e.type === "ended").length === 2, 15000, "both ended");
    const t = await sb.gwq(["events", "alpha"]);
    assert.equal(t.code, 0, t.stderr);
    const rows = t.stdout.trimEnd().split("\n");
    assert.match(rows[0]!, /^TIME\s+SESSION\s+EVENT\s+DETAIL$/);
    assert.equal(rows.length, 3);
    assert.match(rows[1]!, new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\s+${a.session_name}\\s+created\\s+\\$ exit 3$`));
    assert.match(rows[2]!, /ended\s+failed \(exit 3\)$/);
    const since = await sb.gwq(["events", "--json", "--since", "2"]);
    assert.deepEqual(since.stdout.trim().split("\n").map((l) => (JSON.parse(l) as GwqEvent).seq), [3, 4]);
    assert.equal((await sb.gwq(["events", "--since", "soon"])).code, 2);
    // Killed: its record is gone, its events are not.
    assert.equal((await sb.gwq(["tmux", "kill", a.session_name])).code, 0);
    const after = await sb.gwq(["events", "--json", a.session_name]);
    assert.deepEqual(after.stdout.trim().split("\n").map((l) => (JSON.parse(l) as GwqEvent).type), ["created", "ended", "removed"]);
  });
});

describe("wait", () => {
  test("--any returns when the first of three ends, with its exit code", async () => {
    const go = (x: string) => sb.path(`go-${x}`);
    await Promise.all(["a", "b", "c"].map((x, i) => run(["--id", `job-${x}`, `${until(go(x))}; exit ${3 + i}`])));
    const w = start(["tmux", "wait", "--any", "job-"]);
    await eventually(() => /gwq-trace: tmux/.test(w.stderr), 10000, "the wait's listing");
    assert.equal(w.exited, false, w.stderr);
    writeFileSync(go("b"), "");
    assert.equal(await w.done, 4, w.stderr);
    assert.match(w.stdout, /^gwq-run-job-b-\d+\n$/);
    // The others still run.
    const rest = (await list()).filter((s) => s.identifier !== "job-b");
    assert.deepEqual(rest.map((s) => s.status), ["running", "running"]);
  });

  test("--all exits 1 when one of three failed; --json prints all three", async () => {
    await run(["--id", "t-1", "sleep 0.3"]);
    await run(["--id", "t-2", "sleep 0.6; exit 1"]);
    await run(["--id", "t-3", "sleep 0.9"]);
    const r = await sb.gwq(["tmux", "wait", "--all", "--json", "t-"], { timeoutMs: 30000 });
    assert.equal(r.code, 1, r.stderr);
    const met = JSON.parse(r.stdout) as Rec[];
    assert.deepEqual(met.map((s) => s.identifier).sort(), ["t-1", "t-2", "t-3"]);
    assert.match(r.stderr, /^gwq: 1 of 3 did not complete: gwq-run-t-2-\d+ failed \(exit 1\)$/m);
    const ok = await sb.gwq(["tmux", "wait", "--all", "t-1", "t-3"]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test("--until waiting returns when a session reports waiting; --timeout takes bare seconds (124)", async () => {
    const go = sb.path("go");
    const s = await run(["--id", "agent", `${until(go)}; ${report("waiting", "Which database?")}; sleep 600`]);
    const t = await sb.gwq(["tmux", "wait", "agent", "--until", "waiting", "--timeout", "0.5"]);
    assert.equal(t.code, 124, t.stderr);
    const w = start(["tmux", "wait", "--any", "--until", "waiting", "--json", "agent"]);
    await eventually(() => /gwq-trace: tmux/.test(w.stderr), 10000, "the wait's listing");
    writeFileSync(go, "");
    assert.equal(await w.done, 0, w.stderr);
    const [met] = JSON.parse(w.stdout) as Rec[];
    assert.equal(met!.session_name, s.session_name);
    assert.equal(met!.state, "waiting");
    // The wait takes no lock. The session's own `tmux state` writes its state file before it
    // appends the event under the log's lock, so the wait can return while that writer still holds
    // it: wait for the writer's event, then the lock must be gone (a lock left by anyone stays).
    await eventually(() => readFileSync(logPath(), "utf8").includes('"waiting"'), 15000, "the writer's waiting event");
    await eventually(() => !existsSync(join(sb.env.XDG_STATE_HOME!, "gwq", "events.lock")), 15000, "no events.lock left");
  });

  test("a wait writes nothing and only lists: a session killed outside gwq stays unswept, at most one tmux call a second", async () => {
    const victim = await run(["--id", "victim", "sleep 600"]);
    await run(["--id", "other", "sleep 600"]);
    sb.tmux("kill-session", "-t", `=${victim.session_name}`);
    const stateDir = join(sb.env.XDG_STATE_HOME!, "gwq");
    const snapshot = () => sb.sh("find", [stateDir, "-printf", "%p %s %T@\\n"]).split("\n").sort().join("\n");
    const before = snapshot();
    const started = Date.now();
    const w = start(["tmux", "wait", "other", "--timeout", "3"]);
    assert.equal(await w.done, 124, w.stderr);
    const seconds = (Date.now() - started) / 1000;
    const calls = w.stderr.match(/gwq-trace: tmux/g) ?? [];
    assert.ok(calls.length <= Math.ceil(seconds) + 1, `${calls.length} tmux calls in ${seconds}s`);
    assert.equal(snapshot(), before, "the state dir is unchanged");
    // A sweep (here: list) is what marks it detached.
    assert.equal((await list()).find((s) => s.session_name === victim.session_name)?.status, "detached");
    assert.notEqual(snapshot(), before);
  });

  test("usage: --any with --all, a bad --until, several patterns without --any/--all: exit 2", async () => {
    await run(["--id", "x", "sleep 60"]);
    for (const args of [["--any", "--all", "x"], ["--until", "done", "x"], ["x", "y"], ["--timeout", "soon", "x"]]) {
      const r = await sb.gwq(["tmux", "wait", ...args]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    }
    assert.match((await sb.gwq(["tmux", "wait", "--until", "done", "x"])).stderr, /valid: ended, waiting, idle, working/);
  });
});

describe("notifications", () => {
  test("[notify] command: exactly one line per state change (a hook saying waiting three times is one)", async () => {
    const out = sb.path("notified.jsonl");
    sb.writeConfig(`[notify]\non = ["waiting", "failed"]\ndesktop = false\ncommand = "cat >> ${out}"\n`);
    const go = sb.path("go");
    const s = await run(["--id", "agent", `${until(go)}; exit 3`]);
    const base = { session_id: "conv-1", cwd: sb.root, transcript_path: "/dev/null" };
    const permission = { ...base, hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "npm test" } };
    for (const payload of [permission, permission, permission, { ...base, hook_event_name: "UserPromptSubmit", prompt: "go on" }, permission]) {
      const h = await hook(s.session_name, payload);
      assert.equal(h.code, 0, h.stderr);
    }
    writeFileSync(go, "");
    await eventually(async () => (await list()).find((x) => x.session_name === s.session_name)?.history_file, 15000, "the end recorded");
    const mine = events().filter((e) => e.session === s.session_name);
    assert.deepEqual(mine.map((e) => `${e.type}:${e.to ?? e.status ?? ""}`), ["created:", "state:waiting", "state:working", "state:waiting", "ended:failed"]);
    assert.deepEqual([mine[1]!.from, mine[1]!.source, mine[1]!.reason], [null, "hook", "permission to use Bash: npm test"]);
    assert.equal(mine[2]!.from, "waiting");
    const due = mine.filter((e) => (e.type === "state" && e.to === "waiting") || e.type === "ended").map((e) => e.seq);
    // Notifiers run detached and may finish in any order.
    const got = await eventually(() => {
      const lines = existsSync(out) ? readFileSync(out, "utf8").split("\n").filter(Boolean) : [];
      return lines.length >= due.length ? lines : null;
    }, 15000, "three notifications");
    assert.deepEqual(got.map((l) => (JSON.parse(l) as GwqEvent).seq).sort((a, b) => a - b), due);
  });

  test("a slow notifier never delays the writer: the hook and `gwq tmux state` exit before the notifier finishes", async () => {
    const marker = sb.path("notifier-done");
    sb.writeConfig(`[notify]\non = ["waiting", "idle"]\ndesktop = false\ncommand = "sleep 3; touch ${marker}"\n`);
    const s = await run(["--id", "agent", "sleep 600"]);
    // `cwd` as Claude sends it: the hook runs outside the pane, so its directory proves whose it is.
    const h = await hook(s.session_name, { session_id: "c", cwd: sb.root, hook_event_name: "Notification", notification_type: "permission_prompt", message: "Allow?" });
    assert.equal(h.code, 0, h.stderr);
    assert.equal(existsSync(marker), false, "the hook returned while the notifier still sleeps");
    await eventually(() => existsSync(marker), 15000, "the notifier finishing on its own");
    rmSync(marker);
    const r = await sb.gwq(["tmux", "state", "idle"], { env: { GWQ_STATE_DIR: join(sb.env.XDG_STATE_HOME!, "gwq"), GWQ_SESSION_NAME: s.session_name } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(marker), false, "tmux state returned while the notifier still sleeps");
    await eventually(() => existsSync(marker), 15000, "the second notifier finishing on its own");
  });

  test("desktop: notify-send on PATH gets the failure; an absent one is silently skipped", async () => {
    const bin = sb.path("bin");
    mkdirSync(bin);
    const args = sb.path("notify-send-args");
    writeFileSync(join(bin, "notify-send"), `#!/bin/sh\nprintf '%s\\n' "$@" > ${q(args)}\n`, { mode: 0o755 });
    const desktopEnv = { PATH: `${bin}:${sb.env.PATH}`, DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent" };
    const r = await sb.gwq(["tmux", "run", "--id", "build", "exit 5"], { env: desktopEnv });
    assert.equal(r.code, 0, r.stderr);
    const got = await eventually(() => (existsSync(args) ? readFileSync(args, "utf8") : null), 15000, "notify-send called");
    assert.equal(got, "--\ngwq: run build failed\nexit code 5\n");

    if (findOnPath("notify-send", sb.env.PATH) || findOnPath("osascript", sb.env.PATH)) return; // this machine has one: cannot show "absent"
    const s = await run(["--id", "quiet", "exit 6"]);
    await eventually(async () => (await list()).find((x) => x.session_name === s.session_name)?.history_file, 15000, "the end recorded");
    assert.ok(events().some((e) => e.session === s.session_name && e.type === "ended" && e.exit_code === 6));
    assert.equal(existsSync(join(sb.env.XDG_STATE_HOME!, "gwq", "hook-errors.log")), false, "nothing went wrong");
  });
});
