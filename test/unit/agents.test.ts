// Agents (docs/agents.md): the state mark and how views resolve it, which agent a command is, what
// each agent's hook payloads mean, and the edits of the agents' settings files (byte for byte).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { ACTIVE_WITHIN_MS, readState, resolveState, statePath, writeState, type StateMark } from "../../src/sessions/state.js";
import { agentOf, AGENTS } from "../../src/agents/index.js";
import { noteLastHook, parsePayload } from "../../src/agents/hook.js";
import { lastHook } from "../../src/agents/install.js";
import { isoLocal } from "../../src/sessions/naming.js";
import { editJsonHooks, hooksState } from "../../src/agents/json-hooks.js";
import { editNotify, MARK_WRAP } from "../../src/agents/toml-notify.js";

const MIN = 60_000;

function mark(state: StateMark["state"], atMs: number, extra: Partial<StateMark> = {}): StateMark {
  const at = new Date(atMs).toISOString();
  return { state, source: "hook", reason: null, since: at, agent_session_id: null, at, ...extra };
}

describe("resolveState", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  const sec = (ms: number) => Math.floor(ms / 1000);

  test("a fresh hook state wins over activity, with its source, reason and since", () => {
    const m = mark("waiting", now - 30_000, { reason: "permission to use Bash: ls", since: "2026-01-01T11:59:00.000Z" });
    // The pane's last output is the dialog drawn right after the hook.
    assert.deepEqual(resolveState("claude", m, sec(now - 29_000), now, 2 * MIN), {
      state: "waiting",
      state_source: "hook",
      state_reason: "permission to use Bash: ls",
      state_since: "2026-01-01T11:59:00.000Z",
    });
    assert.equal(resolveState(null, { ...m, source: "report" }, null, now, 2 * MIN).state_source, "report");
  });

  test("a stale working mark gives way to activity: output → working, quiet → idle", () => {
    const m = mark("working", now - 5 * MIN);
    const busy = resolveState("claude", m, sec(now - 1000), now, 2 * MIN);
    assert.deepEqual([busy.state, busy.state_source, busy.state_since], ["working", "activity", m.since]);
    const quiet = resolveState("claude", m, sec(now - 4 * MIN), now, 2 * MIN);
    assert.deepEqual([quiet.state, quiet.state_source], ["idle", "activity"]);
    assert.equal(Date.parse(quiet.state_since!), sec(now - 4 * MIN) * 1000);
  });

  test("a stale waiting mark holds while nothing was shown since; output after it lets activity decide", () => {
    const m = mark("waiting", now - 10 * MIN, { reason: "question" });
    const held = resolveState("claude", m, sec(now - 10 * MIN + 1000), now, 2 * MIN);
    assert.deepEqual([held.state, held.state_source, held.state_reason], ["waiting", "hook", "question"]);
    const moved = resolveState("claude", m, sec(now - 3 * MIN), now, 2 * MIN);
    assert.deepEqual([moved.state, moved.state_source], ["idle", "activity"]);
  });

  test("activity never says waiting; an agent with no mark falls back at once", () => {
    for (const ago of [0, 1000, ACTIVE_WITHIN_MS - 1000, ACTIVE_WITHIN_MS + 2000, 60 * MIN]) {
      assert.notEqual(resolveState("codex", null, sec(now - ago), now, 2 * MIN).state, "waiting");
    }
    assert.equal(resolveState("codex", null, sec(now), now, 2 * MIN).state, "working");
    assert.equal(resolveState("codex", null, sec(now - MIN), now, 2 * MIN).state, "idle");
  });

  test("no agent and no report: no state; an agent without activity data: unknown", () => {
    assert.deepEqual(resolveState(null, null, sec(now), now, 2 * MIN), { state: null, state_source: null, state_reason: null, state_since: null });
    assert.equal(resolveState("claude", null, null, now, 2 * MIN).state, "unknown");
  });

  test("hook_stale 0: a reported state never goes stale", () => {
    const m = mark("working", now - 600 * MIN);
    assert.equal(resolveState("claude", m, sec(now - 1000), now, 0).state_source, "hook");
    assert.equal(resolveState("claude", mark("idle", now - 600 * MIN), sec(now - 500 * MIN), now, 0).state_source, "hook");
  });
});

describe("the state mark", () => {
  test("same state again keeps since and refreshes at; a new state or reason is reported as such", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-state-"));
    try {
      const t0 = new Date("2026-01-01T10:00:00Z");
      const a = writeState("s", dir, { state: "working", source: "hook", agent_session_id: "abc" }, t0);
      assert.equal(a.changed, true);
      const b = writeState("s", dir, { state: "working", source: "hook" }, new Date(t0.getTime() + 5000));
      assert.deepEqual([b.changed, b.updated], [false, false]);
      assert.equal(b.mark.since, a.mark.since);
      assert.notEqual(b.mark.at, a.mark.at);
      assert.equal(b.mark.agent_session_id, "abc", "an id the event does not carry is kept");
      const c = writeState("s", dir, { state: "waiting", source: "hook", reason: "  Claude needs\nyour permission " }, new Date(t0.getTime() + 9000));
      assert.deepEqual([c.changed, c.mark.reason], [true, "Claude needs your permission"]);
      const d = writeState("s", dir, { state: "waiting", source: "hook", reason: "another question" }, new Date(t0.getTime() + 9500));
      assert.deepEqual([d.changed, d.updated, d.mark.since], [false, true, c.mark.since]);
      assert.deepEqual(readState("s", dir), d.mark);
      assert.deepEqual(readdirSync(dir), ["s.state.json"], "no temp file left behind");
      writeFileSync(statePath("s", dir), '{"state": "dancing"}');
      assert.equal(readState("s", dir), null, "a damaged mark is no state");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("agentOf", () => {
  test("flag, then the command's program, then the context", () => {
    assert.equal(agentOf("claude", "run"), "claude");
    assert.equal(agentOf("/usr/local/bin/codex --full-auto 'fix it'", "run"), "codex");
    assert.equal(agentOf("FOO=1 env BAR=2 exec gemini -p hi", "run"), "gemini");
    assert.equal(agentOf("'aider' --model x", "run"), "aider");
    assert.equal(agentOf("npm run dev", "opencode"), "opencode");
    assert.equal(agentOf("npm run dev", "run"), null);
    assert.equal(agentOf("my-claude-wrapper", "task"), null);
    assert.equal(agentOf("npm test", "run", "claude"), "claude");
  });
});

describe("hook payloads", () => {
  const claude = AGENTS.claude!.fromHook!;
  const codex = AGENTS.codex!.fromHook!;
  const gemini = AGENTS.gemini!.fromHook!;

  test("Claude Code: prompt and tools work, permission and questions wait, Stop is idle", () => {
    assert.deepEqual(claude({ hook_event_name: "UserPromptSubmit", session_id: "s1", prompt: "hi" }), { state: "working", agent_session_id: "s1", begins: true });
    assert.equal(claude({ hook_event_name: "PreToolUse", session_id: "s1", tool_name: "Bash" })?.state, "working");
    assert.deepEqual(claude({ hook_event_name: "PermissionRequest", session_id: "s1", tool_name: "Bash", tool_input: { command: "rm -rf build" } }), {
      state: "waiting",
      reason: "permission to use Bash: rm -rf build",
      agent_session_id: "s1",
    });
    for (const type of ["permission_prompt", "elicitation_dialog"]) {
      assert.deepEqual(claude({ hook_event_name: "Notification", session_id: "s1", notification_type: type, message: "Claude needs your permission to use Bash" }), {
        state: "waiting",
        reason: "Claude needs your permission to use Bash",
        agent_session_id: "s1",
        ...(type === "permission_prompt" ? { vague: true } : {}),
      });
    }
    assert.equal(claude({ hook_event_name: "Notification", notification_type: "idle_prompt", message: "Claude is waiting for your input" })?.state, "idle");
    assert.equal(claude({ hook_event_name: "Notification", notification_type: "auth_success", message: "ok" }), null);
    assert.equal(claude({ hook_event_name: "Notification", message: "Claude needs your permission to use Edit" })?.state, "waiting");
    assert.deepEqual(claude({ hook_event_name: "Stop", session_id: "s1", stop_hook_active: false }), { state: "idle", agent_session_id: "s1" });
    assert.equal(claude({ hook_event_name: "SessionStart", source: "compact" }), null);
    assert.equal(claude({ hook_event_name: "SubagentStop" }), null);
  });

  test("Codex: notify's agent-turn-complete is idle with the thread id; hooks as Claude's", () => {
    assert.deepEqual(codex({ type: "agent-turn-complete", "thread-id": "t-9", "turn-id": "1", "last-assistant-message": "done" }), { state: "idle", agent_session_id: "t-9" });
    assert.equal(codex({ type: "approval-requested" }), null);
    assert.deepEqual(codex({ hook_event_name: "PermissionRequest", session_id: "t-9", tool_name: "Bash", tool_input: { command: "git push" } }), {
      state: "waiting",
      reason: "permission to run: git push",
      agent_session_id: "t-9",
    });
    assert.equal(codex({ hook_event_name: "UserPromptSubmit", session_id: "t-9" })?.state, "working");
  });

  test("Gemini CLI: BeforeAgent works, ToolPermission waits, AfterAgent is idle", () => {
    assert.equal(gemini({ hook_event_name: "BeforeAgent", session_id: "g1", prompt: "x" })?.state, "working");
    assert.deepEqual(gemini({ hook_event_name: "Notification", session_id: "g1", notification_type: "ToolPermission", message: "Allow write_file?" }), {
      state: "waiting",
      reason: "Allow write_file?",
      agent_session_id: "g1",
    });
    assert.equal(gemini({ hook_event_name: "Notification", notification_type: "Other" }), null);
    assert.equal(gemini({ hook_event_name: "AfterAgent", session_id: "g1" })?.state, "idle");
  });

  test("a payload cut short still yields its leading fields", () => {
    const full = JSON.stringify({ session_id: "abc", hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { content: "x".repeat(100) } });
    assert.deepEqual(parsePayload(full.slice(0, 90)), { hook_event_name: "PreToolUse", session_id: "abc", tool_name: "Write" });
    assert.equal(parsePayload(""), null);
    assert.equal(parsePayload("[1, 2]"), null);
  });
});

describe("settings edits keep the user's bytes", () => {
  const spec = { kind: "claude", events: [{ event: "Stop" }, { event: "PreToolUse", matcher: "*" }], command: "/n/node /g/cli.js __hook claude", extra: { timeout: 10 } };
  const files: Record<string, string> = {
    missing: "",
    empty: "{}\n",
    "4-space with user hooks": `{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(ls)"], "deny": []},\n    "hooks": {\n        "Stop": [\n            {\n                "hooks": [{"type": "command", "command": "say done"}]\n            }\n        ],\n        "Notification": [{"matcher": "", "hooks": [{"type": "command", "command": "notify-send hi"}]}]\n    }\n}\n`,
    "tabs and comments": `{\n\t// my settings\n\t"x": [1, 2],\n\t/* keep */ "hooks": {\n\t\t"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "check.sh"}]}]\n\t}\n}`,
    "one line": `{"a":1,"hooks":{"Stop":[{"hooks":[{"type":"command","command":"x"}]}]}}`,
  };
  for (const [name, original] of Object.entries(files)) {
    test(`${name}: install changes only what is ours; twice is once; uninstall gives the file back`, () => {
      const installed = editJsonHooks(original, spec, true)!;
      assert.ok(installed, "install changed the file");
      assert.equal(hooksState(installed, spec), "installed");
      assert.equal(editJsonHooks(installed, spec, true), null, "a second install changes nothing");
      const removed = editJsonHooks(installed, spec, false);
      assert.equal(removed, original === "" ? "{}\n" : original);
      assert.equal(editJsonHooks(original === "" ? "{}\n" : original, spec, false), null, "uninstall with nothing of ours changes nothing");
      // Every line of the user's file is still there, in order.
      const lines = original.split("\n").filter((l) => l.trim() && !/^\s*[}\]]/.test(l));
      let from = 0;
      for (const l of lines) {
        const at = installed.indexOf(l.replace(/[}\]]+,?$/, ""), from);
        assert.ok(at >= 0, `kept: ${l}`);
        from = at;
      }
    });
  }

  test("ours from a moved gwq is updated in place, not added twice", () => {
    const old = editJsonHooks(files["4-space with user hooks"]!, { ...spec, command: "/old/node /old/cli.js __hook claude" }, true)!;
    assert.equal(hooksState(old, spec), "outdated");
    const updated = editJsonHooks(old, spec, true)!;
    assert.equal(updated, editJsonHooks(files["4-space with user hooks"]!, spec, true));
  });

  test("a file that is not JSON, or not shaped like settings, is refused", () => {
    assert.throws(() => editJsonHooks("{ nope", spec, true), /expected a key/);
    assert.throws(() => editJsonHooks("[1]", spec, true), /JSON object/);
    assert.throws(() => editJsonHooks('{"hooks": 3}', spec, true), /not an object/);
  });

  test("Codex notify: the user's program is wrapped and restored exactly", () => {
    const self = ["/usr/bin/node", "/g/cli.js"];
    const original = `# my codex\nmodel = "o3"\nnotify = ["python3", "/home/me/notify.py"]  # ping me\n\n[tui]\nnotifications = true\n`;
    const installed = editNotify(original, self, true)!;
    assert.deepEqual((parse(installed) as { notify: string[] }).notify, ["/usr/bin/node", "/g/cli.js", "__hook", "codex", "--", "python3", "/home/me/notify.py"]);
    assert.ok(installed.includes(`${MARK_WRAP}\n# notify = ["python3", "/home/me/notify.py"]  # ping me\n`));
    assert.ok(installed.startsWith('# my codex\nmodel = "o3"\n') && installed.endsWith('\n\n[tui]\nnotifications = true\n'));
    assert.equal(editNotify(installed, self, true), null);
    assert.equal(editNotify(installed, self, false), original);
    // No notify before: added at the top level, removed without a trace.
    const plain = `model = "o3"\n\n[profiles.x]\nmodel = "gpt"\n`;
    const withOurs = editNotify(plain, self, true)!;
    assert.deepEqual((parse(withOurs) as { notify: string[]; profiles: unknown }).notify, [...self, "__hook", "codex"]);
    assert.equal(editNotify(withOurs, self, false), plain);
    assert.equal(editNotify(plain, self, false), null);
    assert.throws(() => editNotify(`notify = "x"\n`, self, true), /not an array of strings/);
  });
});

describe("the last hook noted for `agent hooks status`", () => {
  test("the same words again only move the time; other words are written; an old file's own time is read", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-lasthook-"));
    try {
      const file = join(dir, "agent-hooks", "claude.json");
      const t1 = new Date("2026-01-02T03:04:05Z");
      const t2 = new Date("2026-01-02T03:09:07Z");
      const words = JSON.stringify({ event: "PreToolUse", session: "gwq-s-1", by: "name" }) + "\n";
      noteLastHook(dir, "claude", words, t1);
      const first = statSync(file);
      // a new file's time is now; the same words set it to t1 and keep the file
      noteLastHook(dir, "claude", words, t1);
      assert.deepEqual(lastHook(dir, "claude"), { at: isoLocal(t1), event: "PreToolUse", session: "gwq-s-1" });
      noteLastHook(dir, "claude", words, t2);
      assert.equal(statSync(file).ino, first.ino, "not written again");
      assert.deepEqual(lastHook(dir, "claude"), { at: isoLocal(t2), event: "PreToolUse", session: "gwq-s-1" });
      const other = JSON.stringify({ event: "Stop", session: "gwq-s-1", by: "name" }) + "\n";
      noteLastHook(dir, "claude", other, t2);
      assert.equal(readFileSync(file, "utf8"), other);
      assert.equal(lastHook(dir, "claude")?.event, "Stop");
      writeFileSync(file, JSON.stringify({ at: "2025-05-05T05:05:05+00:00", event: "Stop", session: "gwq-s-2" }) + "\n");
      assert.deepEqual(lastHook(dir, "claude"), { at: "2025-05-05T05:05:05+00:00", event: "Stop", session: "gwq-s-2" });
      mkdirSync(join(dir, "agent-hooks", "gemini.json"));
      assert.equal(lastHook(dir, "gemini"), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
