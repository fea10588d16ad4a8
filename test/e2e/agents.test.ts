// Agents end to end (docs/agents.md): fake agents — scripts in real gwq sessions that call
// the hook commands `gwq agent hooks install` wrote, with the payloads the agents document, in the
// order a real session sends them — and the listing following them; the agents' settings files
// edited without touching a byte of the user's; `gwq tmux state` and `gwq tmux send`.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";
import { CLI, eventually, makeRepo, runProcess, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function run(args: string[]): Promise<Rec> {
  return sb.runSession<Rec>(args);
}

async function list(): Promise<Rec[]> {
  return sb.sessions<Rec>();
}

/** Wait until the session's listing matches `want` (every given field equal). */
async function until(name: string, want: Partial<Rec>, what: string): Promise<Rec> {
  let last: Rec | undefined;
  try {
    return await eventually(async () => {
      last = (await list()).find((s) => s.session_name === name);
      return last && Object.entries(want).every(([k, v]) => (last as unknown as Record<string, unknown>)[k] === v) ? last : null;
    }, 20000, what);
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

async function gwqOk(args: string[], opts: { cwd?: string } = {}): Promise<string> {
  const r = await sb.gwq(args, opts);
  assert.equal(r.code, 0, `gwq ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** The command gwq installed for each event of a JSON settings file. */
function hookCommands(path: string): Record<string, string> {
  // Gemini CLI's settings may hold comments.
  const doc = JSON.parse(readFileSync(path, "utf8").replace(/^\s*\/\/.*$/gm, "")) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
  const out: Record<string, string> = {};
  for (const [event, groups] of Object.entries(doc.hooks)) {
    for (const g of groups) for (const h of g.hooks) if (/__hook/.test(h.command)) out[event] = h.command;
  }
  return out;
}

/**
 * A fake agent: each step pipes a payload into a hook command through `sh -c` (as the agents run
 * hooks), or runs an argv with the payload as its last argument (Codex's notify); before each step
 * after the first it waits for the test to create `go-<n>`.
 */
function fakeAgent(steps: ({ command: string; stdin: unknown } | { argv: string[]; arg: unknown })[]): string {
  const dir = sb.path("agent");
  mkdirSync(dir, { recursive: true });
  const lines = ["step() { while [ ! -e " + q(dir) + '/go-$1 ]; do sleep 0.05; done; }'];
  steps.forEach((s, i) => {
    if (i > 0) lines.push(`step ${i + 1}`);
    if ("command" in s) lines.push(`printf '%s' ${q(JSON.stringify(s.stdin))} | sh -c ${q(s.command)}`);
    else lines.push(`${s.argv.map(q).join(" ")} ${q(JSON.stringify(s.arg))}`);
  });
  lines.push("sleep 600");
  const path = join(dir, "agent.sh");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

const go = (n: number) => writeFileSync(sb.path("agent", `go-${n}`), "");

describe("fake agents drive the listing through gwq's hooks", () => {
  test("Claude Code: UserPromptSubmit → working, PermissionRequest/Notification → waiting, Stop → idle", async () => {
    await gwqOk(["agent", "hooks", "install", "claude"]);
    const cmd = hookCommands(join(sb.home, ".claude", "settings.json"));
    for (const e of ["UserPromptSubmit", "PreToolUse", "PermissionRequest", "Notification", "Stop"]) assert.ok(cmd[e], `hook for ${e}`);
    // Under Node the hook is the CommonJS entry (quicker to start than the CLI's ES modules).
    assert.match(cmd.Stop!, /\/dist\/hook\.cjs __hook claude$/);
    const base = { session_id: "9f3c-claude-session", transcript_path: "/tmp/t.jsonl", cwd: sb.root, permission_mode: "default" };
    const script = fakeAgent([
      { command: cmd.UserPromptSubmit!, stdin: { ...base, hook_event_name: "UserPromptSubmit", prompt: "run the tests" } },
      { command: cmd.PermissionRequest!, stdin: { ...base, hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "npm test" } } },
      { command: cmd.Notification!, stdin: { ...base, hook_event_name: "Notification", notification_type: "permission_prompt", message: "Claude needs your permission to use Bash" } },
      { command: cmd.Stop!, stdin: { ...base, hook_event_name: "Stop", stop_hook_active: false } },
    ]);
    const s = await run(["--context", "claude", "--id", "fix-bug", `sh ${q(script)}`]);
    const working = await until(s.session_name, { state: "working", state_source: "hook" }, "working");
    assert.equal(working.agent_session_id, "9f3c-claude-session");
    assert.equal(working.agent, "claude");
    go(2);
    await until(s.session_name, { state: "waiting", state_reason: "permission to use Bash: npm test" }, "waiting on PermissionRequest");
    go(3);
    // Claude's vaguer Notification a few seconds later never replaces the precise reason.
    await eventually(async () => existsSync(join(sb.env.XDG_STATE_HOME!, "gwq", "agent-hooks", "claude.json")) && /Notification/.test(readFileSync(join(sb.env.XDG_STATE_HOME!, "gwq", "agent-hooks", "claude.json"), "utf8")), 20000, "the Notification hook ran");
    const waiting = await until(s.session_name, { state: "waiting" }, "still waiting");
    assert.equal(waiting.state_reason, "permission to use Bash: npm test");
    assert.equal(waiting.state_source, "hook");
    go(4);
    const idle = await until(s.session_name, { state: "idle", state_source: "hook" }, "idle");
    assert.equal(idle.agent_session_id, "9f3c-claude-session");
    assert.equal(idle.status, "running");
    // The table shows the state in place of `running`, and --filter takes states.
    assert.match(await gwqOk(["tmux", "list"]), /fix-bug\s+idle\s/);
    assert.match(await gwqOk(["tmux", "list", "--filter", "idle"]), /fix-bug/);
    assert.doesNotMatch(await gwqOk(["tmux", "list", "--filter", "waiting"]), /fix-bug/);
    // status says when a hook last spoke.
    const status = JSON.parse(await gwqOk(["agent", "hooks", "status", "--json"])) as { agent: string; hooks: string; last_hook: { event: string } | null }[];
    const c = status.find((x) => x.agent === "claude")!;
    assert.equal(c.hooks, "installed");
    assert.equal(c.last_hook?.event, "Stop");
  });

  test("Codex: hooks.json events and the notify program, whose user's previous program is still called", async () => {
    const userNotify = sb.path("user-notify.sh");
    writeFileSync(userNotify, `printf '%s\\n' "$1" >> ${q(sb.path("user-notify.log"))}\n`);
    mkdirSync(join(sb.home, ".codex"), { recursive: true });
    writeFileSync(join(sb.home, ".codex", "config.toml"), `model = "gpt-5"\nnotify = ["sh", ${JSON.stringify(userNotify)}]\n`);
    await gwqOk(["agent", "hooks", "install", "codex"]);
    const notify = (parse(readFileSync(join(sb.home, ".codex", "config.toml"), "utf8")) as { notify: string[] }).notify;
    const cmd = hookCommands(join(sb.home, ".codex", "hooks.json"));
    const base = { session_id: "thread-7", turn_id: "1", cwd: sb.root, model: "gpt-5", permission_mode: "default", transcript_path: null };
    const turn = { type: "agent-turn-complete", "thread-id": "thread-7", "turn-id": "1", cwd: sb.root, "input-messages": ["fix it"], "last-assistant-message": "Fixed." };
    const script = fakeAgent([
      { command: cmd.UserPromptSubmit!, stdin: { ...base, hook_event_name: "UserPromptSubmit", prompt: "fix it" } },
      { command: cmd.PermissionRequest!, stdin: { ...base, hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "git push" } } },
      { argv: notify, arg: turn },
    ]);
    const s = await run(["--id", "codex-task", `sh ${q(script)}`]);
    await until(s.session_name, { state: "working", state_source: "hook", agent_session_id: "thread-7" }, "working");
    go(2);
    await until(s.session_name, { state: "waiting", state_reason: "permission to run: git push" }, "waiting");
    go(3);
    await until(s.session_name, { state: "idle", state_source: "hook", agent_session_id: "thread-7" }, "idle after notify");
    await eventually(() => existsSync(sb.path("user-notify.log")), 10000, "the user's notify called");
    assert.deepEqual(JSON.parse(readFileSync(sb.path("user-notify.log"), "utf8").trim()), turn);

    // Outside a gwq session the user's notify is still called, and gwq records nothing.
    const env = { ...sb.env };
    const before = readdirSync(join(sb.env.XDG_STATE_HOME!, "gwq", "sessions")).sort();
    const r = await runProcess(notify[0]!, [...notify.slice(1), JSON.stringify({ ...turn, "turn-id": "2" })], { env, cwd: sb.root });
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, "", ""]);
    await eventually(() => readFileSync(sb.path("user-notify.log"), "utf8").trim().split("\n").length === 2, 10000, "second call");
    assert.deepEqual(readdirSync(join(sb.env.XDG_STATE_HOME!, "gwq", "sessions")).sort(), before);
  });

  test("Gemini CLI: BeforeAgent → working, Notification(ToolPermission) → waiting, AfterAgent → idle", async () => {
    await gwqOk(["agent", "hooks", "install", "gemini"]);
    const cmd = hookCommands(join(sb.home, ".gemini", "settings.json"));
    const base = { session_id: "gem-42", transcript_path: "/tmp/g.json", cwd: sb.root, timestamp: new Date().toISOString() };
    const script = fakeAgent([
      { command: cmd.BeforeAgent!, stdin: { ...base, hook_event_name: "BeforeAgent", prompt: "refactor" } },
      { command: cmd.Notification!, stdin: { ...base, hook_event_name: "Notification", notification_type: "ToolPermission", message: "Allow run_shell_command: rm -rf dist?", details: {} } },
      { command: cmd.AfterAgent!, stdin: { ...base, hook_event_name: "AfterAgent", prompt: "refactor", prompt_response: "done", stop_hook_active: false } },
    ]);
    const s = await run(["--context", "gemini", `sh ${q(script)}`]);
    await until(s.session_name, { state: "working", state_source: "hook", agent_session_id: "gem-42" }, "working");
    go(2);
    await until(s.session_name, { state: "waiting", state_reason: "Allow run_shell_command: rm -rf dist?" }, "waiting");
    go(3);
    await until(s.session_name, { state: "idle", state_source: "hook" }, "idle");
  });

  test("a silent agent falls back to activity after agent.hook_stale", async () => {
    sb.writeConfig('[agent]\nhook_stale = "1s"\n');
    await gwqOk(["agent", "hooks", "install", "claude"]);
    const cmd = hookCommands(join(sb.home, ".claude", "settings.json"));
    // The hook says working, then the agent goes quiet for good (as after Esc or a crash).
    const script = fakeAgent([{ command: cmd.UserPromptSubmit!, stdin: { session_id: "s-quiet", hook_event_name: "UserPromptSubmit", prompt: "x" } }]);
    const s = await run(["--context", "claude", `sh ${q(script)}`]);
    const fallback = await until(s.session_name, { state: "idle", state_source: "activity" }, "activity fallback");
    assert.equal(fallback.state_reason, null);
    assert.equal(fallback.agent_session_id, "s-quiet");
  });

  test("the agent comes from --agent, else the command's program; an agent never heard from shows its activity", async () => {
    const bin = sb.path("bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "claude"), "#!/bin/sh\necho 'Welcome to a fake Claude'\nexec sleep 600\n", { mode: 0o755 });
    const inferred = await run(["--", join(bin, "claude")]);
    assert.equal(inferred.agent, "claude");
    const quiet = await until(inferred.session_name, { state: "idle" }, "idle from activity");
    assert.equal(quiet.state_source, "activity");
    const flagged = await run(["--agent", "codex", "sleep 600"]);
    assert.equal(flagged.agent, "codex");
    const bad = await sb.gwq(["tmux", "run", "--agent", "cursor", "sleep 1"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /valid: claude, codex, gemini, aider, opencode/);
  });

  test("the conversation id a hook reported is what restart --resume resumes", async () => {
    await gwqOk(["agent", "hooks", "install", "claude"]);
    const cmd = hookCommands(join(sb.home, ".claude", "settings.json"));
    const bin = sb.path("bin");
    mkdirSync(bin);
    // A fake `claude`: a first run reports its conversation and fails; a resumed one says how it was called.
    const payload = JSON.stringify({ session_id: "conv-77", hook_event_name: "Stop", stop_hook_active: false });
    writeFileSync(
      join(bin, "claude"),
      `#!/bin/sh\nif [ "$1" = --resume ]; then echo "resumed with $*"; exec sleep 600; fi\nprintf '%s' ${q(payload)} | sh -c ${q(cmd.Stop!)}\nexit 1\n`,
      { mode: 0o755 },
    );
    const env = { PATH: `${bin}:${sb.env.PATH}` };
    const first = await sb.gwq(["tmux", "run", "--json", "--id", "conv", "claude"], { env });
    assert.equal(first.code, 0, first.stderr);
    const failed = await until((JSON.parse(first.stdout) as Rec).session_name, { status: "failed" }, "the first run failed");
    assert.deepEqual([failed.agent, failed.agent_session_id, failed.state], ["claude", "conv-77", null]);
    const r = await sb.gwq(["tmux", "restart", "--resume", "conv"], { env });
    assert.equal(r.code, 0, r.stderr);
    const name = r.stdout.trim().split("\n").pop()!;
    await eventually(async () => /resumed with --resume conv-77/.test((await sb.gwq(["tmux", "logs", name])).stdout), 15000, "claude --resume conv-77");
  });

  test("a session that is no agent and never reported has no state", async () => {
    const s = await run(["sleep 600"]);
    const got = await until(s.session_name, { status: "running" }, "running");
    assert.deepEqual([got.agent, got.state, got.state_source], [null, null, null]);
  });
});

describe("hooks outside a gwq session", () => {
  test("exit 0 at once, print nothing, write nothing", async () => {
    const payload = JSON.stringify({ session_id: "x", hook_event_name: "UserPromptSubmit", prompt: "hi" });
    const state = join(sb.env.XDG_STATE_HOME!, "gwq");
    for (const agent of ["claude", "codex", "gemini", "nonsense"]) {
      const r = await runProcess(process.execPath, [CLI, "__hook", agent], { env: sb.env, input: payload, cwd: sb.root });
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, "", ""], agent);
    }
    // A big payload (a file being written) is taken in full: the agent's write must not fail.
    const big = JSON.stringify({ session_id: "x", hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { content: "y".repeat(400_000) } });
    const b = await runProcess(process.execPath, [CLI, "__hook", "claude"], { env: sb.env, input: big, cwd: sb.root });
    assert.deepEqual([b.code, b.stdout, b.stderr], [0, "", ""]);
    // A session name gwq holds no record of is no session either.
    const r = await runProcess(process.execPath, [CLI, "__hook", "claude"], { env: { ...sb.env, GWQ_SESSION_NAME: "gwq-run-gone-20260101000000" }, input: payload, cwd: sb.root });
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, "", ""]);
    assert.equal(existsSync(state), false, "nothing written under the state dir");
  });
});

describe("the hook inside a session", () => {
  test("returns as soon as the payload is whole, even while the agent keeps stdin open", async () => {
    const state = sb.path("hook-state");
    mkdirSync(join(state, "sessions"), { recursive: true });
    // The session's pane process is this test's process: the hook runs under it.
    const record = { session_name: "gwq-run-x-20260101000000", agent: "claude", pid: process.pid, working_dir: sb.root };
    writeFileSync(join(state, "sessions", "gwq-run-x-20260101000000.json"), JSON.stringify(record) + "\n");
    const child = spawn(process.execPath, [CLI, "__hook", "claude"], {
      env: { ...sb.env, GWQ_SESSION_NAME: "gwq-run-x-20260101000000", GWQ_STATE_DIR: state },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stdin!.write(JSON.stringify({ session_id: "open-stdin", hook_event_name: "UserPromptSubmit", prompt: "hi" }) + "\n");
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(-1);
      }, 15000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    child.stdin!.destroy();
    assert.equal(code, 0, "the hook returned while stdin was still open");
    assert.equal(out, "");
    const mark = JSON.parse(readFileSync(join(state, "sessions", "gwq-run-x-20260101000000.state.json"), "utf8"));
    assert.deepEqual([mark.state, mark.source, mark.agent_session_id], ["working", "hook", "open-stdin"]);
  });

  test("under Node (dist/hook.cjs) its code runs from V8's code cache, written by the first run; a cache V8 refuses is replaced", async () => {
    const state = sb.path("hook-state");
    mkdirSync(join(state, "sessions"), { recursive: true });
    const name = "gwq-run-c-20260101000000";
    writeFileSync(join(state, "sessions", `${name}.json`), JSON.stringify({ session_name: name, agent: "claude", pid: process.pid, working_dir: sb.root }) + "\n");
    const cacheDir = join(sb.env.XDG_CACHE_HOME!, "gwq");
    const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.startsWith("hook-code.cjs-hook-v8-")) : []);
    const hook = async (id: string, env: Record<string, string> = { GWQ_SESSION_NAME: name, GWQ_STATE_DIR: state }) => {
      const r = await runProcess(process.execPath, [join(dirname(CLI), "hook.cjs"), "__hook", "claude"], {
        env: { ...sb.env, ...env },
        input: JSON.stringify({ session_id: id, hook_event_name: "UserPromptSubmit", prompt: "hi" }),
        timeoutMs: 15000,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout + r.stderr, "");
    };
    const conversation = () => JSON.parse(readFileSync(join(state, "sessions", `${name}.state.json`), "utf8")).agent_session_id;
    // Outside a session the hook's code never loads: nothing to cache.
    await hook("outside", {});
    assert.deepEqual(caches(), []);
    await hook("first");
    assert.equal(conversation(), "first");
    const [file] = caches();
    assert.ok(file, "the first run wrote the cache");
    const written = statSync(join(cacheDir, file!)).mtimeMs;
    await hook("second");
    assert.equal(conversation(), "second");
    assert.equal(statSync(join(cacheDir, file!)).mtimeMs, written, "a cache V8 took is not written again");
    writeFileSync(join(cacheDir, file!), "not a code cache");
    await hook("third");
    assert.equal(conversation(), "third");
    assert.deepEqual(caches(), [file]);
    assert.ok(statSync(join(cacheDir, file!)).size > 1000, "replaced by a real one");
  });
});

describe("gwq agent hooks install/uninstall keep the user's settings", () => {
  const claudeUser = `{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(npm test)"], "deny": []},\n    "hooks": {\n        "Stop": [\n            {\n                "hooks": [{"type": "command", "command": "say done"}]\n            }\n        ],\n        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/check.sh"}]}]\n    },\n    "statusLine": {"type": "command", "command": "~/bin/status.sh"}\n}\n`;
  const geminiUser = `{\n  // my Gemini settings\n  "theme": "GitHub",\n  "hooks": {\n    "AfterAgent": [{"hooks": [{"name": "mine", "type": "command", "command": "notify-send done"}]}]\n  }\n}\n`;
  const codexUser = `# Codex, my way\nmodel = "gpt-5"   # the big one\nnotify = ["python3", "/home/me/.codex/notify.py"]\n\n[tui]\nnotifications = ["approval-requested"]\n`;
  const codexHooksUser = `{\n  "hooks": {\n    "SessionStart": [{"hooks": [{"type": "command", "command": "echo hi"}]}]\n  }\n}\n`;

  function files(): Record<string, string> {
    return {
      [join(sb.home, ".claude", "settings.json")]: claudeUser,
      [join(sb.home, ".gemini", "settings.json")]: geminiUser,
      [join(sb.home, ".codex", "config.toml")]: codexUser,
      [join(sb.home, ".codex", "hooks.json")]: codexHooksUser,
    };
  }

  test("install merges, twice is once, uninstall leaves exactly the user's bytes", async () => {
    for (const [p, text] of Object.entries(files())) {
      mkdirSync(join(p, ".."), { recursive: true });
      writeFileSync(p, text);
    }
    for (const agent of ["claude", "codex", "gemini"]) await gwqOk(["agent", "hooks", "install", agent]);
    for (const [p, text] of Object.entries(files())) {
      const now = readFileSync(p, "utf8");
      assert.notEqual(now, text, `${p} has gwq's hooks`);
      // Every line of the user's is still there, in order.
      let from = 0;
      for (const line of text.split("\n").filter((l) => l.trim() && !/^\s*[}\]]+,?$/.test(l))) {
        const at = now.indexOf(line.startsWith("notify") ? `# ${line}` : line.replace(/[}\]]+,?$/, ""), from);
        assert.ok(at >= 0, `${p} kept: ${line}`);
        from = at;
      }
    }
    const claude = JSON.parse(readFileSync(join(sb.home, ".claude", "settings.json"), "utf8"));
    assert.equal(claude.hooks.Stop[0].hooks[0].command, "say done");
    assert.equal(claude.hooks.PreToolUse[0].hooks[0].command, "~/bin/check.sh");
    const codex = parse(readFileSync(join(sb.home, ".codex", "config.toml"), "utf8")) as { notify: string[] };
    assert.deepEqual(codex.notify.slice(-3), ["--", "python3", "/home/me/.codex/notify.py"]);

    // Twice is once: nothing rewritten.
    const stamp = Object.keys(files()).map((p) => [statSync(p).mtimeMs, statSync(p).ino]);
    for (const agent of ["claude", "codex", "gemini"]) {
      assert.match(await gwqOk(["agent", "hooks", "install", agent]), /already installed/);
    }
    assert.deepEqual(Object.keys(files()).map((p) => [statSync(p).mtimeMs, statSync(p).ino]), stamp);

    for (const agent of ["claude", "codex", "gemini"]) await gwqOk(["agent", "hooks", "uninstall", agent]);
    for (const [p, text] of Object.entries(files())) assert.equal(readFileSync(p, "utf8"), text, `${p} is the user's again`);
    assert.match(await gwqOk(["agent", "hooks", "uninstall", "claude"]), /were not installed/);
  });

  test("--project writes the project's settings; a symlinked settings file stays a symlink", async () => {
    const project = sb.path("proj");
    mkdirSync(project);
    await gwqOk(["agent", "hooks", "install", "claude", "--project"], { cwd: project });
    assert.ok(hookCommands(join(project, ".claude", "settings.local.json")).Stop);
    assert.equal(existsSync(join(sb.home, ".claude", "settings.json")), false);
    const status = JSON.parse(await gwqOk(["agent", "hooks", "status", "--json"], { cwd: project })) as { agent: string; scope: string; hooks: string }[];
    assert.deepEqual(status.filter((s) => s.agent === "claude").map((s) => [s.scope, s.hooks]), [["user", "none"], ["project", "installed"]]);

    const dotfiles = sb.path("dotfiles");
    mkdirSync(dotfiles);
    mkdirSync(join(sb.home, ".gemini"));
    writeFileSync(join(dotfiles, "gemini.json"), geminiUser);
    symlinkSync(join(dotfiles, "gemini.json"), join(sb.home, ".gemini", "settings.json"));
    await gwqOk(["agent", "hooks", "install", "gemini"]);
    assert.ok(lstatSync(join(sb.home, ".gemini", "settings.json")).isSymbolicLink());
    assert.equal(readlinkSync(join(sb.home, ".gemini", "settings.json")), join(dotfiles, "gemini.json"));
    assert.ok(hookCommands(join(dotfiles, "gemini.json")).AfterAgent);
  });

  test("a settings file that is not JSON is left alone, with a message; an unknown agent is a usage error", async () => {
    mkdirSync(join(sb.home, ".claude"));
    writeFileSync(join(sb.home, ".claude", "settings.json"), '{"model": "opus",}');
    const r = await sb.gwq(["agent", "hooks", "install", "claude"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /settings\.json: not valid JSON/);
    assert.equal(readFileSync(join(sb.home, ".claude", "settings.json"), "utf8"), '{"model": "opus",}');
    const u = await sb.gwq(["agent", "hooks", "install", "cursor"]);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /valid: claude, codex, gemini/);
  });
});

describe("gwq tmux state and gwq tmux send", () => {
  test("state from inside a session, and with --session from outside", async () => {
    const s = await run(["--id", "scripted", `${q(process.execPath)} ${q(CLI)} tmux state waiting --reason "which database?"; sleep 600`]);
    const w = await until(s.session_name, { state: "waiting", state_source: "report" }, "reported waiting");
    assert.equal(w.state_reason, "which database?");
    await gwqOk(["tmux", "state", "idle", "--session", "scripted"]);
    const i = await until(s.session_name, { state: "idle", state_source: "report" }, "idle by --session");
    assert.equal(i.state_reason, null);
    const outside = await sb.gwq(["tmux", "state", "working"]);
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /not inside a gwq session/);
    const bad = await sb.gwq(["tmux", "state", "sleeping", "--session", "scripted"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /valid: working, waiting, idle/);
  });

  test("gwq status -v counts the waiting sessions among the active ones", async () => {
    const repo = makeRepo(sb);
    const r1 = await sb.gwq(["tmux", "run", "--json", "sleep 600"], { cwd: repo });
    const r2 = await sb.gwq(["tmux", "run", "--json", `${q(process.execPath)} ${q(CLI)} tmux state waiting --reason "ok to deploy?"; sleep 600`], { cwd: repo });
    assert.deepEqual([r1.code, r2.code], [0, 0], r1.stderr + r2.stderr);
    await until((JSON.parse(r2.stdout) as Rec).session_name, { state: "waiting" }, "waiting");
    const out = await gwqOk(["status", "-v"], { cwd: repo });
    assert.match(out, /main\s.*2 active, 1 waiting/);
    const plain = await gwqOk(["status"], { cwd: repo });
    assert.doesNotMatch(plain, /waiting/);
  });

  test("send types text literally into a script blocked on read, Enter unless --no-enter", async () => {
    const out = sb.path("answer.txt");
    const s = await run(["--id", "asker", `IFS= read -r a; printf '%s\\n' "$a" > ${q(out)}; IFS= read -r b; printf '%s\\n' "$b" >> ${q(out)}; sleep 600`]);
    await until(s.session_name, { status: "running" }, "running");
    await gwqOk(["tmux", "send", "asker", "C-c", "Enter"]);
    await eventually(() => existsSync(out) && readFileSync(out, "utf8") === "C-c Enter\n", 10000, "first line typed literally");
    await gwqOk(["tmux", "send", "--no-enter", "asker", "half "]);
    await gwqOk(["tmux", "send", "asker", "--", "-v Escape;"]);
    await eventually(() => readFileSync(out, "utf8") === "C-c Enter\nhalf -v Escape;\n", 10000, "second line");
    assert.equal((await list()).find((x) => x.session_name === s.session_name)?.status, "running");
  });

  test("send to a session that is not running exits 1", async () => {
    const s = await run(["--id", "done-already", "exit 3"]);
    await until(s.session_name, { status: "failed" }, "failed");
    const r = await sb.gwq(["tmux", "send", "done-already", "hello"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /failed: there is no running command/);
  });
});
