// Agents as the real programs behave (README "Agents"), end to end with fake agents in real gwq
// sessions on the sandbox's own tmux server: a Codex-like daemon that runs every session's hooks
// with the first session's environment; restart --resume of an agent run by its full path with
// flags; send into a program that reads a fast burst of keys as a paste; what uninstall leaves;
// what `agent hooks status` says blocks hooks; the notifier's stdin from the hook.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { GWQ_ARGV, eventually, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const gwqLine = GWQ_ARGV.map(q).join(" ");

async function gwqOk(args: string[], opts: { cwd?: string } = {}): Promise<string> {
  const r = await sb.gwq(args, opts);
  assert.equal(r.code, 0, `gwq ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

async function until(name: string, want: Partial<Rec>, what: string): Promise<Rec> {
  let last: Rec | undefined;
  try {
    return await eventually(async () => {
      last = (await sb.sessions<Rec>()).find((s) => s.session_name === name);
      return last && Object.entries(want).every(([k, v]) => (last as unknown as Record<string, unknown>)[k] === v) ? last : null;
    }, 30000, what);
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

function hookCommand(path: string, event: string): string {
  const doc = JSON.parse(readFileSync(path, "utf8")) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
  for (const g of doc.hooks[event] ?? []) for (const h of g.hooks) if (/__hook/.test(h.command)) return h.command;
  throw new Error(`no hook for ${event}`);
}

const go = (n: number) => writeFileSync(sb.path("daemon", `go-${n}`), "");
const done = (n: number) => eventually(() => existsSync(sb.path("daemon", `done-${n}`)), 30000, `daemon step ${n}`);

describe("a hook changes only its own session", () => {
  test("two Codex sessions whose hooks all come from a daemon carrying the first one's name each get their own state and id", async () => {
    // Pane silence must not decide here: the fake agents print nothing.
    sb.writeConfig('[agent]\nquiet_after = "0"\n');
    await gwqOk(["agent", "hooks", "install", "codex"]);
    const hooks = join(sb.home, ".codex", "hooks.json");
    const notify = (parse(readFileSync(join(sb.home, ".codex", "config.toml"), "utf8")) as { notify: string[] }).notify;
    const w3 = sb.path("w3");
    const w4 = sb.path("w4");
    mkdirSync(w3);
    mkdirSync(w4);
    mkdirSync(sb.path("daemon"));
    const base = (id: string, cwd: string) => ({ session_id: id, turn_id: "1", cwd, model: "m", permission_mode: "default", transcript_path: null });
    const steps: string[] = [
      `cd ${q(w3)} && printf '%s' ${q(JSON.stringify({ ...base("T3", w3), hook_event_name: "SessionStart", source: "startup" }))} | sh -c ${q(hookCommand(hooks, "SessionStart"))}`,
      `cd ${q(w3)} && printf '%s' ${q(JSON.stringify({ ...base("T3", w3), hook_event_name: "UserPromptSubmit", prompt: "p" }))} | sh -c ${q(hookCommand(hooks, "UserPromptSubmit"))}`,
      `cd ${q(w4)} && printf '%s' ${q(JSON.stringify({ ...base("T4", w4), hook_event_name: "SessionStart", source: "startup" }))} | sh -c ${q(hookCommand(hooks, "SessionStart"))}`,
      `cd ${q(w4)} && printf '%s' ${q(JSON.stringify({ ...base("T4", w4), hook_event_name: "UserPromptSubmit", prompt: "p" }))} | sh -c ${q(hookCommand(hooks, "UserPromptSubmit"))}`,
      // A side conversation of c3's: its own thread id, in c3's directory, mid-turn.
      `cd ${q(w3)} && ${notify.map(q).join(" ")} ${q(JSON.stringify({ type: "agent-turn-complete", "thread-id": "S3", "turn-id": "1", cwd: w3, "input-messages": ["x"], "last-assistant-message": "t" }))}`,
      `cd ${q(w4)} && printf '%s' ${q(JSON.stringify({ ...base("T4", w4), hook_event_name: "Stop", stop_hook_active: false }))} | sh -c ${q(hookCommand(hooks, "Stop"))}`,
      `cd ${q(w4)} && printf '%s' ${q(JSON.stringify({ ...base("T4", w4), hook_event_name: "UserPromptSubmit", prompt: "again" }))} | sh -c ${q(hookCommand(hooks, "UserPromptSubmit"))}`,
      `cd / && printf '%s' ${q(JSON.stringify({ ...base("T9", "/"), hook_event_name: "Stop" }))} | sh -c ${q(hookCommand(hooks, "Stop"))}`,
    ];
    const lines = steps.map((s, i) => `while [ ! -e go-${i + 1} ]; do sleep 0.05; done; ( ${s} ); : > done-${i + 1}`);
    writeFileSync(sb.path("daemon", "daemon.sh"), `cd ${q(sb.path("daemon"))}\n${lines.join("\n")}\n`);
    // Started from c3's pane, then orphaned: it keeps c3's environment and outlives c3.
    const c3 = await sb.runSession<Rec>(["--agent", "codex", "--id", "c3", `(setsid sh ${q(sb.path("daemon", "daemon.sh"))} >/dev/null 2>&1 &); exec sleep 600`], { cwd: w3 });
    const c4 = await sb.runSession<Rec>(["--agent", "codex", "--id", "c4", "sleep 600"], { cwd: w4 });
    for (const n of [1, 2]) {
      go(n);
      await done(n);
    }
    await until(c3.session_name, { state: "working", state_source: "hook", agent_session_id: "T3" }, "c3 working on T3");
    for (const n of [3, 4]) {
      go(n);
      await done(n);
    }
    await until(c4.session_name, { state: "working", state_source: "hook", agent_session_id: "T4" }, "c4 working on T4");
    let c3now = await until(c3.session_name, { state: "working" }, "c3 untouched by c4's events");
    assert.equal(c3now.agent_session_id, "T3");
    go(5);
    await done(5);
    go(6);
    await done(6);
    await until(c4.session_name, { state: "idle", state_source: "hook" }, "c4 idle");
    c3now = await until(c3.session_name, { state: "working" }, "c3 still working after its side conversation");
    assert.equal(c3now.agent_session_id, "T3", "the side thread never became c3's id");
    // c3 ends; its record goes. c4's hooks, still carrying c3's name, keep reaching c4.
    await gwqOk(["tmux", "kill", c3.session_name]);
    go(7);
    await done(7);
    await until(c4.session_name, { state: "working", agent_session_id: "T4" }, "c4 working after c3 is gone");
    go(8);
    await done(8);
    const status = JSON.parse(await gwqOk(["agent", "hooks", "status", "--json"])) as { agent: string; unattributed: { count: number } | null }[];
    assert.ok((status.find((s) => s.agent === "codex")!.unattributed?.count ?? 0) >= 1, "the event no session owns is counted");
  });
});

describe("restart --resume keeps the command", () => {
  test("an agent run by its full path with flags comes back with them; a failed resumed run keeps the id", async () => {
    const bin = sb.path("bin");
    mkdirSync(bin);
    const claude = join(bin, "claude");
    const log = sb.path("claude-args.log");
    // A fake Claude: reports its conversation through gwq's hook (as Claude's SessionStart
    // does), writes down how it was called, and fails.
    writeFileSync(
      claude,
      `#!/bin/sh\nprintf '%s\\n' "$*" >> ${q(log)}\nprintf '%s' '{"hook_event_name":"SessionStart","session_id":"conv-1","source":"startup"}' | ${gwqLine} __hook claude\nexit 3\n`,
    );
    chmodSync(claude, 0o755);
    await gwqOk(["agent", "hooks", "install", "claude"]);
    const s = await sb.runSession<Rec>(["--id", "resumable", "--", claude, "--permission-mode", "acceptEdits", "fix the bug"]);
    await until(s.session_name, { status: "failed", agent_session_id: "conv-1" }, "first run failed, id known");
    await gwqOk(["tmux", "restart", s.session_name, "--resume"]);
    await eventually(() => readFileSync(log, "utf8").split("\n").filter(Boolean).length >= 2, 30000, "the resumed run started");
    assert.equal(readFileSync(log, "utf8").split("\n")[1], "--permission-mode acceptEdits --resume conv-1");
    const resumed = await eventually(async () => (await sb.sessions<Rec>()).find((x) => x.status === "failed" && x.session_name !== s.session_name) ?? null, 30000, "the resumed run failed");
    assert.equal(resumed.agent_session_id, "conv-1", "a failed resumed run keeps the conversation id");
  });
});

describe("send submits", () => {
  test("into a program that reads a fast burst of keys as a paste, the text is one submitted prompt", async () => {
    const prog = sb.path("burst.js");
    // Like Codex's and Gemini's input boxes: an Enter within 120 ms of the last key is a new line
    // of the pasted text; a later one submits.
    writeFileSync(
      prog,
      `process.stdin.setRawMode(true);let buf="",last=0;process.stdout.write("ready\\n");
process.stdin.on("data",(d)=>{for(const ch of d.toString()){const now=Date.now();
if(ch==="\\r"){if(now-last<120){buf+="\\n";}else{process.stdout.write("\\nSUBMITTED:"+JSON.stringify(buf)+"\\n");buf="";}}
else{buf+=ch;}last=now;}process.stdout.write("\\r> "+buf.replace(/\\n/g,"/"));});`,
    );
    const s = await sb.runSession<Rec>(["--id", "burst", "--", process.execPath, prog]);
    await eventually(() => /ready/.test(sb.tmux("capture-pane", "-p", "-t", `=${s.session_name}:`)), 20000, "the program is ready");
    await gwqOk(["tmux", "send", s.session_name, "say", "hello"]);
    await eventually(() => /SUBMITTED:"say hello"/.test(sb.tmux("capture-pane", "-p", "-t", `=${s.session_name}:`)), 20000, "the text submitted as one prompt");
    const r = await sb.gwq(["tmux", "send", s.session_name, "--no-enter", ""]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^gwq: .*nothing to send/);
  });
});

describe("what install leaves, and what blocks hooks", () => {
  test("uninstall removes the files install created, and keeps a file that was the user's", async () => {
    await gwqOk(["agent", "hooks", "install", "codex"]);
    const dir = join(sb.home, ".codex");
    assert.ok(existsSync(join(dir, "config.toml")) && existsSync(join(dir, "hooks.json")));
    await gwqOk(["agent", "hooks", "uninstall", "codex"]);
    assert.equal(existsSync(join(dir, "config.toml")), false);
    assert.equal(existsSync(join(dir, "hooks.json")), false);
    const mine = `model = "gpt-5"`;
    writeFileSync(join(dir, "config.toml"), mine);
    await gwqOk(["agent", "hooks", "install", "codex"]);
    await gwqOk(["agent", "hooks", "uninstall", "codex"]);
    assert.equal(readFileSync(join(dir, "config.toml"), "utf8"), mine);
  });

  test("status names Codex's review and Gemini's folder trust; --project shows the project's scope", async () => {
    const repo = sb.path("repo");
    mkdirSync(repo);
    await gwqOk(["agent", "hooks", "install", "codex"]);
    await gwqOk(["agent", "hooks", "install", "gemini"]);
    const text = await gwqOk(["agent", "hooks", "status"], { cwd: repo });
    assert.match(text, /codex: blocked: Codex runs none of gwq's hooks until you review them/);
    assert.match(text, new RegExp(`gemini: blocked: Gemini CLI skips gwq's hooks in ${repo.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} until you trust`));
    writeFileSync(join(sb.home, ".gemini", "trustedFolders.json"), JSON.stringify({ [repo]: "TRUST_FOLDER" }));
    assert.doesNotMatch(await gwqOk(["agent", "hooks", "status"], { cwd: repo }), /gemini: blocked/);
    const project = JSON.parse(await gwqOk(["agent", "hooks", "status", "--project", "--json"], { cwd: repo })) as { scope: string; hooks: string }[];
    assert.ok(project.length >= 3 && project.every((p) => p.scope === "project" && p.hooks === "none"));
  });
});

describe("the notifier gets the event from the hook", () => {
  test("a [notify] command started by an agent's hook reads the event JSON on its stdin", async () => {
    const got = sb.path("notified.json");
    sb.writeConfig(`[notify]\non = ["waiting"]\ndesktop = false\ncommand = ${JSON.stringify(`cat > ${q(got)}`)}\n`);
    await gwqOk(["agent", "hooks", "install", "claude"]);
    const payload = JSON.stringify({ hook_event_name: "PermissionRequest", session_id: "n1", tool_name: "Bash", tool_input: { command: "touch x" } });
    const s = await sb.runSession<Rec>(["--agent", "claude", "--id", "notify", `printf '%s' ${q(payload)} | ${gwqLine} __hook claude; exec sleep 600`]);
    const ev = await eventually(() => {
      try {
        return JSON.parse(readFileSync(got, "utf8")) as { type: string; to: string; reason: string; session: string };
      } catch {
        return null;
      }
    }, 30000, "the notifier wrote what it read");
    assert.deepEqual([ev.type, ev.to, ev.reason, ev.session], ["state", "waiting", "permission to use Bash: touch x", s.session_name]);
  });
});

describe("the hook never holds the agent", () => {
  test("a payload sent without closing the pipe (and not whole) holds the hook about a second, inside a session and out", async () => {
    const { spawn } = await import("node:child_process");
    const state = sb.path("hook-state");
    mkdirSync(join(state, "sessions"), { recursive: true });
    for (const env of [{}, { GWQ_SESSION_NAME: "gwq-run-x-20260101000000", GWQ_STATE_DIR: state }]) {
      const child = spawn(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), "__hook", "claude"], { env: { ...sb.env, ...env }, stdio: ["pipe", "ignore", "ignore"] });
      const t0 = Date.now();
      child.stdin!.write('{"hook_event_name": "PreToolUse", "tool_input": {"content": "still wri');
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => (child.kill("SIGKILL"), resolve(-1)), 15000);
        child.on("exit", (c) => (clearTimeout(timer), resolve(c)));
      });
      child.stdin!.destroy();
      assert.equal(code, 0, `exited on its own (${JSON.stringify(env)})`);
      assert.ok(Date.now() - t0 < 6000, `held ${Date.now() - t0} ms`);
    }
  });

  test("a pipe (FIFO) as stdin that is never closed: a whole payload is taken at once, a partial one holds the hook about a second", async () => {
    const { spawn, execFileSync } = await import("node:child_process");
    const { closeSync, constants, openSync, writeSync } = await import("node:fs");
    const state = sb.path("hook-state");
    const name = "gwq-run-fifo-20260101000000";
    mkdirSync(join(state, "sessions"), { recursive: true });
    // The session's pane process is this test's process: the hook runs under it.
    writeFileSync(join(state, "sessions", `${name}.json`), JSON.stringify({ session_name: name, agent: "claude", pid: process.pid, working_dir: sb.root }) + "\n");
    const run = async (text: string) => {
      const fifo = sb.path(`stdin-${Date.now()}.fifo`);
      execFileSync("mkfifo", [fifo]);
      // Read-write: the hook's stdin has a writer for as long as it runs (this one, never closed).
      const fd = openSync(fifo, constants.O_RDWR);
      writeSync(fd, text);
      const t0 = Date.now();
      const child = spawn(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), "__hook", "claude"], { env: { ...sb.env, GWQ_SESSION_NAME: name, GWQ_STATE_DIR: state }, stdio: [fd, "ignore", "ignore"] });
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => (child.kill("SIGKILL"), resolve(-1)), 15000);
        child.on("exit", (c) => (clearTimeout(timer), resolve(c)));
      });
      closeSync(fd);
      return { code, ms: Date.now() - t0 };
    };
    const whole = await run(JSON.stringify({ session_id: "fifo-1", hook_event_name: "UserPromptSubmit", prompt: "hi" }));
    assert.equal(whole.code, 0);
    const mark = JSON.parse(readFileSync(join(state, "sessions", `${name}.state.json`), "utf8"));
    assert.deepEqual([mark.state, mark.agent_session_id], ["working", "fifo-1"]);
    const partial = await run('{"hook_event_name": "PreToolUse", "tool_input": {"content": "still wri');
    assert.equal(partial.code, 0, "exited on its own");
    assert.ok(partial.ms >= 900 && partial.ms < 6000, `held ${partial.ms} ms`);
  });
});

test("a Codex notify calls the user's own notify program with the same argument, detached, and returns", async () => {
  const out = sb.path("notified.txt");
  const payload = JSON.stringify({ type: "agent-turn-complete", "thread-id": "t-1" });
  // The user's notify program: writes the argument it was given.
  const r = await sb.gwq(["__hook", "codex", "--", "sh", "-c", 'printf %s "$1" > "$0.tmp" && mv "$0.tmp" "$0"', out, payload]);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, "", ""]);
  assert.equal(await eventually(() => (existsSync(out) ? readFileSync(out, "utf8") : null), 10_000, "the user's program called"), payload);
});
