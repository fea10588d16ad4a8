// gwq tmux end to end, against a private real tmux server per test (docs/sessions.md).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { eventually, makeRepo, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";
import { rewriteEnd } from "../helpers/session-record.js";

const sb = sandboxEach();

async function run(args: string[], opts: { cwd?: string } = {}): Promise<Rec> {
  return sb.runSession<Rec>(args, { cwd: opts.cwd ?? sb.root });
}

async function list(): Promise<Rec[]> {
  return sb.sessions<Rec>();
}

/** Wait for a status; for an ended session also for its saved history (the hook writes the
 *  exit code first, then the history). */
async function waitStatus(name: string, status: string): Promise<Rec> {
  return eventually(
    async () => (await list()).find((s) => s.session_name === name && s.status === status && (status === "running" || s.history_file !== null)),
    15000,
    `${name} ${status}`,
  );
}

const historyDir = () => join(sb.home, ".gwq", "history");

describe("session lifecycle", () => {
  test("running → completed: end recorded, history saved, tmux session cleaned up", async () => {
    const s = await run(["echo hello; sleep 1"]);
    assert.equal(s.status, "running");
    assert.match(s.session_name, /^gwq-run-echo-gwq-t-[A-Za-z0-9]+-\d{14}$/);
    assert.ok(sb.tmuxSessions().includes(s.session_name));
    const done = await waitStatus(s.session_name, "completed");
    assert.equal(done.exit_code, 0);
    assert.ok(done.end_time);
    assert.equal(done.history_file, join(historyDir(), `${s.session_name}.log`));
    assert.equal(readFileSync(done.history_file!, "utf8"), "hello\n");
    await eventually(() => !sb.tmuxSessions().includes(s.session_name), 5000, "auto-cleanup");
    // The record outlives the tmux session.
    assert.equal((await list()).find((x) => x.session_name === s.session_name)?.status, "completed");
  });

  test("→ failed with its exit code, and the tmux session kept for inspection", async () => {
    const s = await run(["echo oops >&2; exit 3"]);
    const done = await waitStatus(s.session_name, "failed");
    assert.equal(done.exit_code, 3);
    assert.ok(sb.tmuxSessions().includes(s.session_name), "a failed session is never cleaned up automatically");
    const logs = await sb.gwq(["tmux", "logs", s.session_name]);
    assert.equal(logs.stdout, "oops\n");
  });

  test("a command killed by a signal fails with 128+N", async () => {
    const s = await run(["kill -TERM $$"]);
    const done = await waitStatus(s.session_name, "failed");
    assert.equal(done.exit_code, 128 + 15);
  });

  test("the end is recorded when it happens, with no list in between", async () => {
    const s = await run(["printf 'x\\n'"]);
    const hist = join(historyDir(), `${s.session_name}.log`);
    const end = join(sb.sessionsDir(), `${s.session_name}.end.json`);
    await eventually(() => existsSync(hist) && existsSync(end), 10000, "history file from the hook");
    const mark = JSON.parse(readFileSync(end, "utf8"));
    await eventually(() => JSON.parse(readFileSync(end, "utf8")).history_file, 5000, "history_file in end mark");
    assert.equal(mark.exit_code, 0);
    assert.equal(statSync(hist).mode & 0o777, 0o600);
    assert.equal(statSync(historyDir()).mode & 0o777, 0o700);
    assert.equal(statSync(sb.sessionsDir()).mode & 0o777, 0o700);
    for (const f of readdirSync(sb.sessionsDir())) assert.equal(statSync(join(sb.sessionsDir(), f)).mode & 0o777, 0o600, f);
  });

  test("→ detached after tmux kill-server; saved history stays readable", async () => {
    const done = await run(["echo kept"]);
    await waitStatus(done.session_name, "completed");
    const s = await run(["sleep 60"]);
    sb.tmux("kill-server");
    // Past the creation grace period the record is detached.
    const rec = await eventually(
      async () => (await list()).find((x) => x.session_name === s.session_name && x.status === "detached"),
      25000,
      "detached",
    );
    assert.equal(rec.exit_code, null);
    const logs = await sb.gwq(["tmux", "logs", done.session_name]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, "kept\n");
    // No tmux server at all: listing still works.
    assert.equal((await list()).length, 2);
  });

  test("no tmux server running is an empty list, not an error", async () => {
    const r = await sb.gwq(["tmux", "list", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "[]");
    const t = await sb.gwq(["tmux", "list"]);
    assert.equal(t.code, 0);
  });
});

describe("history", () => {
  test("20,000 lines all retrievable with the default limit; a long line comes back whole", async () => {
    const long = "L".repeat(500);
    const s = await run([`seq 1 20000; echo ${long}; sleep 30`]);
    await eventually(async () => (await sb.gwq(["tmux", "logs", s.session_name, "-n", "1"])).stdout === `${long}\n`, 15000, "output");
    const r = await sb.gwq(["tmux", "logs", s.session_name]);
    const lines = r.stdout.split("\n");
    lines.pop();
    assert.equal(lines.length, 20001);
    assert.equal(lines[0], "1");
    assert.equal(lines[19999], "20000");
    assert.equal(lines[20000], long);
    assert.equal(sb.tmux("display-message", "-p", "-t", `=${s.session_name}:`, "#{history_limit}").trim(), "50000");
    const tail = await sb.gwq(["tmux", "logs", s.session_name, "-n", "3"]);
    assert.equal(tail.stdout, `19999\n20000\n${long}\n`);
  });

  test("history_limit from the config reaches the pane", async () => {
    sb.writeConfig("[tmux]\nhistory_limit = 1234\n");
    const s = await run(["sleep 30"]);
    assert.equal(s.history_size, 1234);
    assert.equal(sb.tmux("display-message", "-p", "-t", `=${s.session_name}:`, "#{history_limit}").trim(), "1234");
  });

  test("gwq never changes the server globally", async () => {
    await run(["sleep 30"]);
    assert.equal(sb.tmux("show-options", "-gv", "history-limit").trim(), "2000");
    assert.equal(sb.tmux("show-options", "-gwv", "remain-on-exit").trim(), "off");
    assert.doesNotMatch(sb.tmux("show-hooks", "-g"), /gwq|__session-ended/);
  });

  test("save writes the history to a file; logs -f streams until the end", async () => {
    const s = await run(["for i in 1 2 3; do echo line$i; sleep 0.4; done"]);
    const f = await sb.gwq(["tmux", "logs", "-f", s.session_name]);
    assert.equal(f.code, 0, f.stderr);
    assert.equal(f.stdout, "line1\nline2\nline3\n");
    const t = await run(["echo saved; sleep 30"]);
    await eventually(async () => (await sb.gwq(["tmux", "logs", t.session_name])).stdout === "saved\n", 10000, "output");
    const out = sb.path("out", "h.txt");
    // A directory the user names must exist: save never makes one (as root it once made /nonexistent).
    const missing = await sb.gwq(["tmux", "save", t.session_name, out]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^gwq: cannot write .*h\.txt: the directory .*out does not exist\n$/);
    assert.equal(existsSync(sb.path("out")), false);
    mkdirSync(sb.path("out"));
    const r = await sb.gwq(["tmux", "save", t.session_name, out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(out, "utf8"), "saved\n");
    assert.equal(statSync(out).mode & 0o777, 0o600);
  });
});

describe("commands reach the shell byte for byte", () => {
  const hazards = [
    `echo 'single quoted' "double \\"quoted\\"" $((6*7)) \`echo backtick\` $HOME_NOPE; echo semi;`,
    "printf '%s\\n' 'multi\nline' ünïcødé 日本語 '#{session_name}' '%%' ; echo '\\'",
    'x="a  b"; echo "$x" $x; echo done;',
  ];
  for (const [i, command] of hazards.entries()) {
    test(`hazard ${i + 1}`, async () => {
      const expected = execFileSync("/bin/bash", ["-c", command], { encoding: "utf8", env: { ...sb.env } });
      const s = await run([command]);
      assert.equal(s.command, command);
      const done = await waitStatus(s.session_name, "completed");
      assert.equal(readFileSync(done.history_file!, "utf8"), expected);
    });
  }

  test("the -- argv form runs an argv exactly, without a shell", async () => {
    const s = await run(["--", "printf", "%s|", "a b", "$HOME", "it's", "end;"]);
    const done = await waitStatus(s.session_name, "completed");
    assert.equal(readFileSync(done.history_file!, "utf8"), "a b|$HOME|it's|end;|\n");
    assert.equal(s.identifier, `printf-${sb.root.split("/").pop()}`);
  });

  test("the command gets the caller's environment plus GWQ_SESSION_ID and GWQ_SESSION_NAME", async () => {
    const r = await sb.gwq(["tmux", "run", "--json", 'echo "$MY_VAR|$GWQ_SESSION_ID|$GWQ_SESSION_NAME|$TMUX_PANE_X"'], {
      env: { MY_VAR: "from caller;" },
    });
    const s = JSON.parse(r.stdout) as Rec;
    const done = await waitStatus(s.session_name, "completed");
    assert.equal(readFileSync(done.history_file!, "utf8"), `from caller;|${s.id}|${s.session_name}|\n`);
  });

  test("an environment far larger than tmux takes reaches the command whole; a command too large fails cleanly", async () => {
    // The environment travels in a private file, not tmux's arguments: no 16 KiB limit applies.
    const r = await sb.gwq(["tmux", "run", "--json", 'echo "id=$GWQ_SESSION_ID ${#HUGE}"'], { env: { HUGE: "x".repeat(100000) } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.includes("warning"), false, r.stderr);
    const s = JSON.parse(r.stdout) as Rec;
    const done = await waitStatus(s.session_name, "completed");
    assert.equal(readFileSync(done.history_file!, "utf8"), `id=${s.id} 100000\n`);
    const big = await sb.gwq(["tmux", "run", `echo ${"y".repeat(20000)}`]);
    assert.equal(big.code, 1);
    assert.match(big.stderr, /^gwq: the command is too long for tmux/m);
    assert.deepEqual((await list()).map((x) => x.session_name), [s.session_name], "no half-made record");
  });

  test("runs in the current directory, or the worktree given by -w", async () => {
    const repo = makeRepo(sb, { name: "proj" });
    const s = await run(["pwd"], { cwd: repo });
    assert.equal(s.working_dir, repo);
    assert.equal(s.worktree, "main");
    const done = await waitStatus(s.session_name, "completed");
    assert.equal(readFileSync(done.history_file!, "utf8"), `${repo}\n`);
  });
});

describe("names and identifiers", () => {
  test("identifiers with / . : and spaces give names tmux keeps; lookups work", async () => {
    const s = await run(["--id", "feature/auth v1.2:x", "--context", "my ctx", "sleep 30"]);
    assert.match(s.session_name, /^gwq-my-ctx-feature-auth-v1-2-x-\d{14}$/);
    assert.equal(s.identifier, "feature/auth v1.2:x");
    assert.equal(s.context, "my ctx");
    assert.ok(sb.tmuxSessions().includes(s.session_name));
    const r = await sb.gwq(["tmux", "logs", "feature/auth v1.2:x"]);
    assert.equal(r.code, 0, r.stderr);
    const k = await sb.gwq(["tmux", "kill", "feature/auth v1.2:x"]);
    assert.equal(k.code, 0, k.stderr);
    assert.ok(!sb.tmuxSessions().includes(s.session_name));
  });

  test("runs at once with the same id all exist with distinct names", async () => {
    const results = await Promise.all([1, 2, 3].map(() => run(["--id", "same", "sleep 30"])));
    const names = results.map((r) => r.session_name);
    assert.equal(new Set(names).size, 3);
    const byStamp = new Map<string, string[]>();
    for (const n of names) {
      const stamp = /-(\d{14})(-\d+)?$/.exec(n)![1]!;
      byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), n]);
    }
    for (const group of byStamp.values()) if (group.length > 1) assert.ok(group.some((n) => /-\d{14}-\d+$/.test(n)), group.join(","));
    const live = sb.tmuxSessions();
    for (const n of names) assert.ok(live.includes(n), n);
  });

  test("16 concurrent runs: none lost, none duplicated", async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => run(["--id", `job${i}`, "sleep 30"])));
    const listed = await list();
    assert.equal(listed.length, 16);
    assert.deepEqual(new Set(listed.map((s) => s.session_name)), new Set(results.map((s) => s.session_name)));
    assert.equal(new Set(listed.map((s) => s.id)).size, 16);
  });

  test("--meta, --context and --json record", async () => {
    const s = await run(["--context", "task", "--id", "t1", "--meta", "owner=me", "--meta", "prio=high=1", "true"]);
    assert.deepEqual(s.metadata, { owner: "me", prio: "high=1" });
    assert.equal(s.context, "task");
    const bad = await sb.gwq(["tmux", "run", "--meta", "novalue", "true"]);
    assert.equal(bad.code, 2);
  });
});

describe("kill", () => {
  test("kill api leaves api-v2 and a non-gwq session named gwq-run-api-x alone", async () => {
    const api = await run(["--id", "api", "sleep 30"]);
    const v2 = await run(["--id", "api-v2", "sleep 30"]);
    sb.tmux("new-session", "-d", "-s", "gwq-run-api-x", "sleep 30");
    const r = await sb.gwq(["tmux", "kill", "api"]);
    assert.equal(r.code, 0, r.stderr);
    const live = sb.tmuxSessions();
    assert.ok(!live.includes(api.session_name));
    assert.ok(live.includes(v2.session_name));
    assert.ok(live.includes("gwq-run-api-x"));
    assert.deepEqual((await list()).map((s) => s.identifier), ["api-v2"]);
  });

  test("kill --all refuses without a terminal or --force; --force ends only gwq's sessions", async () => {
    await run(["--id", "a", "sleep 30"]);
    await run(["--id", "b", "sleep 30"]);
    sb.tmux("new-session", "-d", "-s", "mine", "sleep 30");
    let r = await sb.gwq(["tmux", "kill", "--all"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--force/);
    assert.equal((await list()).length, 2);
    r = await sb.gwq(["tmux", "kill", "--all", "--force"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await list()).length, 0);
    assert.deepEqual(sb.tmuxSessions(), ["mine"]);
  });

  test("an ambiguous pattern without a terminal exits 1 naming the candidates", async () => {
    const a = await run(["--id", "web-1", "sleep 30"]);
    const b = await run(["--id", "web-2", "sleep 30"]);
    const r = await sb.gwq(["tmux", "kill", "web"]);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes("web-1") && r.stderr.includes("web-2"), r.stderr);
    assert.ok(sb.tmuxSessions().includes(a.session_name) && sb.tmuxSessions().includes(b.session_name));
  });

  test("kill --completed and --failed select finished sessions; history saved before a kill", async () => {
    sb.writeConfig("[tmux]\nauto_cleanup_completed = false\n");
    const ok = await run(["true"]);
    const bad = await run(["echo bad; exit 1"]);
    const live = await run(["sleep 30"]);
    await waitStatus(ok.session_name, "completed");
    await waitStatus(bad.session_name, "failed");
    const r = await sb.gwq(["tmux", "kill", "--completed", "--failed", "--force"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await list()).map((s) => s.session_name), [live.session_name]);
    const k = await sb.gwq(["tmux", "kill", live.session_name]);
    assert.equal(k.code, 0);
    assert.ok(existsSync(join(historyDir(), `${live.session_name}.log`)));
  });
});

describe("wait, timeout, config", () => {
  test("wait exits with the session's exit code; --timeout exits 124", async () => {
    const s = await run(["sleep 0.5; exit 7"]);
    const w = await sb.gwq(["tmux", "wait", s.session_name]);
    assert.equal(w.code, 7, w.stderr);
    const long = await run(["sleep 30"]);
    const t = await sb.gwq(["tmux", "wait", long.session_name, "--timeout", "300ms"]);
    assert.equal(t.code, 124);
    const bad = await sb.gwq(["tmux", "wait", long.session_name, "--timeout", "soon"]);
    assert.equal(bad.code, 2);
  });

  test("session_timeout removes finished records, never running ones", async () => {
    sb.writeConfig('[tmux]\nsession_timeout = "1h"\n');
    const done = await run(["true"]);
    const live = await run(["sleep 30"]);
    const endFile = join(sb.sessionsDir(), `${done.session_name}.end.json`);
    await eventually(() => existsSync(endFile), 15000, "the end recorded");
    // Its end moved a day back rather than waiting out a timeout (again on each try: the recorder
    // writes the end a second time once it has saved the history).
    await eventually(async () => {
      rewriteEnd(endFile, (end) => ({ ...end, end_time: new Date(Date.now() - 86_400_000).toISOString() }));
      const names = (await list()).map((s) => s.session_name);
      return names.length === 1 && names[0] === live.session_name;
    }, 15000, "the finished session expired, the running one kept");
    assert.ok(!existsSync(join(sb.sessionsDir(), `${done.session_name}.json`)));
  });

  test("tmux.enabled = false: gwq tmux says so and exits 1", async () => {
    sb.writeConfig("[tmux]\nenabled = false\n");
    const r = await sb.gwq(["tmux", "list"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /disabled/);
  });

  test("tmux missing: one line saying how to fix it", async () => {
    sb.writeConfig('[tmux]\ntmux_command = "/nonexistent/tmux"\n');
    const r = await sb.gwq(["tmux", "run", "true"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: \/nonexistent\/tmux not found: install tmux/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.equal(readdirSync(sb.sessionsDir()).length, 0, "no half-made record");
  });

  test("list: table, verbose, csv, filter and sort", async () => {
    const a = await run(["--id", "alpha", "sleep 30"]);
    const b = await run(["--id", "beta", "exit 2"]);
    await waitStatus(b.session_name, "failed");
    const t = await sb.gwq(["tmux", "list"]);
    assert.match(t.stdout.split("\n")[0]!, /^\s+CONTEXT\s+IDENTIFIER\s+STATUS\s+DURATION\s+COMMAND$/);
    assert.match(t.stdout, /alpha\s+running\s+\d+s\s+sleep 30/);
    const v = await sb.gwq(["tmux", "list", "-v"]);
    assert.ok(v.stdout.includes(a.session_name));
    const f = JSON.parse((await sb.gwq(["tmux", "list", "--json", "--filter", "failed"])).stdout) as Rec[];
    assert.deepEqual(f.map((s) => s.identifier), ["beta"]);
    const sorted = JSON.parse((await sb.gwq(["tmux", "list", "--json", "--sort", "task"])).stdout) as Rec[];
    assert.deepEqual(sorted.map((s) => s.identifier), ["alpha", "beta"]);
    const c = await sb.gwq(["tmux", "list", "--csv"]);
    assert.ok(c.stdout.startsWith("id,session_name,context,identifier,working_dir,command,pid,start_time,end_time,status,exit_code,attached,worktree,history_size,history_file,metadata,agent,state,state_source,state_reason,state_since,agent_session_id,detached_reason,restarts\r\n"));
    const badf = await sb.gwq(["tmux", "list", "--filter", "weird"]);
    assert.equal(badf.code, 2);
    assert.match(badf.stderr, /running, completed, failed, detached/);
    const bads = await sb.gwq(["tmux", "list", "--sort", "weird"]);
    assert.equal(bads.code, 2);
  });
});

describe("listing cost", () => {
  test("a listing makes one tmux call however many sessions there are", async () => {
    for (let i = 0; i < 6; i++) await run(["--id", `n${i}`, "sleep 30"]);
    const r = await sb.gwq(["tmux", "list", "--json"], { env: { GWQ_TRACE_CALLS: "1" } });
    const calls = r.stderr.split("\n").filter((l) => l === "gwq-trace: tmux").length;
    assert.equal(calls, 1, r.stderr);
  });
});
