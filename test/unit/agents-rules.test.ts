// Agents as the real programs behave (README "Agents"): which session a hook event belongs to,
// side conversations, states the pane contradicts, vague reasons, resume commands, what blocks
// installed hooks, and the settings edits that must give the user's bytes back. Pure functions
// and temp files; the sessions are fakes of the facts the hook reads.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attribute, isSideConversation, ancestry, type Candidate, type Facts } from "../../src/agents/attribute.js";
import { AGENTS } from "../../src/agents/index.js";
import { resumeCommand, shellWords } from "../../src/agents/resume.js";
import { codexBlockers, codexHookHash, geminiTrust } from "../../src/agents/blockers.js";
import { editJsonHooks } from "../../src/agents/json-hooks.js";
import { editNotify } from "../../src/agents/toml-notify.js";
import { readState, resolveState, writeState, type StateMark } from "../../src/sessions/state.js";
import { logObservedState } from "../../src/events/observed.js";
import { throughLinks, writeAtomic } from "../../src/agents/install.js";
import { untilTaken } from "../../src/commands/tmux/send.js";

function cand(name: string, extra: Partial<Candidate> = {}): Candidate {
  return { name, agent: "codex", pid: 1000, working_dir: "/w/" + name, running: true, agent_session_id: null, mark: null, ...extra };
}

function facts(all: Candidate[], extra: Partial<Facts> = {}): Facts {
  return {
    kind: "codex",
    named: null,
    conversation: null,
    cwd: null,
    ancestors: () => new Set([1, 500]),
    read: (n) => all.find((c) => c.name === n) ?? null,
    all: () => all,
    fromDaemon: true,
    ...extra,
  };
}

describe("a hook changes only its own session", () => {
  test("the process test: a hook under the session's pane process is that session's, whatever its name says", () => {
    const c3 = cand("c3", { pid: 100, agent: "claude" });
    const c4 = cand("c4", { pid: 200, agent: "claude" });
    const claude = { kind: "claude", fromDaemon: false };
    assert.deepEqual(attribute(facts([c3, c4], { ...claude, named: "c3", ancestors: () => new Set([1, 200, 300]) })), { session: "c4", by: "process" });
    assert.deepEqual(attribute(facts([c3, c4], { ...claude, named: "c3", ancestors: () => new Set([1, 100]) })), { session: "c3", by: "process" });
  });

  test("a daemon started under the first session's pane proves nothing by its ancestry", () => {
    const c3 = cand("c3", { pid: 100, agent_session_id: "T3" });
    const c4 = cand("c4", { pid: 200 });
    // Codex's daemon runs below c3's pane while c3's codex runs; c4's events come through it.
    const r = attribute(facts([c3, c4], { named: "c3", ancestors: () => new Set([1, 100]), conversation: "T4", cwd: "/w/c4" }));
    assert.deepEqual(r, { session: "c4", by: "directory" });
  });

  test("the Codex daemon: c3's name, c4's conversation or directory → c4; nothing proven → nothing changed", () => {
    const c3 = cand("c3", { pid: 100, agent_session_id: "T3" });
    const c4 = cand("c4", { pid: 200 });
    const daemon = { named: "c3", ancestors: () => new Set([1, 42]) };
    assert.deepEqual(attribute(facts([c3, c4], { ...daemon, conversation: "T4", cwd: "/w/c4" })), { session: "c4", by: "directory" });
    assert.deepEqual(attribute(facts([c3, { ...c4, agent_session_id: "T4" }], { ...daemon, conversation: "T4", cwd: "/elsewhere" })), { session: "c4", by: "conversation" });
    assert.deepEqual(attribute(facts([c3, c4], { ...daemon, conversation: "T3", cwd: "/w/c4" })), { session: "c3", by: "conversation" });
    const none = attribute(facts([c3, c4], { ...daemon, conversation: "T9", cwd: "/w/other" }));
    assert.equal(none.session, null);
    assert.equal(none.candidates, 2);
  });

  test("two sessions of the agent in one directory: the directory proves nothing", () => {
    const a = cand("a", { working_dir: "/w/x" });
    const b = cand("b", { working_dir: "/w/x/" });
    const r = attribute(facts([a, b], { cwd: "/w/x" }));
    assert.equal(r.session, null);
    assert.match(r.why!, /2 codex sessions run in \/w\/x/);
  });

  test("an agent run by a wrapper gwq does not recognise: its session (no agent) is found when the agent has none", () => {
    const wrapped = cand("w", { agent: null, working_dir: "/w/x" });
    const dev = cand("dev", { agent: null, working_dir: "/w/y" });
    assert.deepEqual(attribute(facts([wrapped, dev], { cwd: "/w/x" })), { session: "w", by: "directory" });
    assert.equal(attribute(facts([wrapped, cand("c", { working_dir: "/w/z" })], { cwd: "/w/x" })).session, null, "the agent's own sessions first");
  });

  test("ended sessions and other agents' sessions are never chosen; a killed session's name changes nothing", () => {
    const ended = cand("c3", { running: false, agent_session_id: "T3" });
    const claude = cand("cl", { agent: "claude", working_dir: "/w/c4" });
    assert.equal(attribute(facts([ended, claude], { named: "c3", conversation: "T3", cwd: "/w/c4" })).session, null);
    assert.equal(attribute(facts([], { named: "gone", cwd: "/w/c4" })).session, null);
  });

  test("without /proc an agent that runs its own hooks is trusted on its name; Codex never is", () => {
    const c = cand("s", { agent: "claude" });
    assert.deepEqual(attribute(facts([c], { kind: "claude", named: "s", ancestors: () => null, fromDaemon: false })), { session: "s", by: "name" });
    const fresh = cand("n", { agent: "claude", pid: null });
    assert.deepEqual(attribute(facts([fresh], { kind: "claude", named: "n", fromDaemon: false })), { session: "n", by: "name" }, "no pane pid recorded yet");
    assert.equal(attribute(facts([cand("s")], { named: "s", ancestors: () => null })).session, null);
  });

  test("this process's ancestry is read from /proc", { skip: process.platform !== "linux" }, () => {
    const up = ancestry();
    assert.ok(up?.has(process.ppid), "the parent is an ancestor");
  });
});

describe("side conversations are not the session", () => {
  test("another conversation's event changes nothing unless it starts a conversation", () => {
    assert.equal(isSideConversation("T1", "T2", false), true);
    assert.equal(isSideConversation("T1", "T2", true), false);
    assert.equal(isSideConversation("T1", "T1", false), false);
    assert.equal(isSideConversation(null, "T2", false), false);
  });

  test("Codex's title-generation notify is nobody's turn", () => {
    const codex = AGENTS.codex!.fromHook!;
    const title = { type: "agent-turn-complete", "thread-id": "side", "input-messages": ["Generate a concise, single-line task title of at most 36 characters for …"] };
    assert.equal(codex(title), null);
    assert.deepEqual(codex({ ...title, "thread-id": "T", "input-messages": ["fix the bug"] }), { state: "idle", agent_session_id: "T" });
    assert.equal(codex({ hook_event_name: "SessionStart", session_id: "T", source: "startup" })?.begins, true);
    assert.equal(codex({ hook_event_name: "Stop", session_id: "T" })?.begins, undefined);
  });
});

describe("no state stays wrong", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  const sec = (ms: number) => Math.floor(ms / 1000);
  const mark = (state: StateMark["state"], atMs: number, source: StateMark["source"] = "hook"): StateMark => {
    const at = new Date(atMs).toISOString();
    return { state, source, reason: "r", since: at, agent_session_id: null, at };
  };

  test("Claude's StopFailure is idle with the error as reason", () => {
    const claude = AGENTS.claude!.fromHook!;
    assert.deepEqual(claude({ hook_event_name: "StopFailure", session_id: "s", error: "rate_limit", error_details: "429 Too Many Requests" }), {
      state: "idle",
      reason: "429 Too Many Requests",
      agent_session_id: "s",
    });
    assert.equal(claude({ hook_event_name: "StopFailure", session_id: "s", error: "overloaded" })?.reason, "overloaded");
    // As Claude Code 2.1.197 sends it for an HTTP 400.
    assert.equal(claude({ hook_event_name: "StopFailure", session_id: "s", error: "unknown", last_assistant_message: "API Error: 400 bad request" })?.reason, "API Error: 400 bad request");
  });

  test("a hook's working that the pane contradicts (quiet for quiet_after) gives way at once", () => {
    const m = mark("working", now - 20_000);
    assert.deepEqual([resolveState("claude", m, sec(now - 11_000), now, 120_000).state_source], ["activity"]);
    assert.equal(resolveState("claude", m, sec(now - 11_000), now, 120_000).state, "idle");
    assert.equal(resolveState("claude", m, sec(now - 1_000), now, 120_000).state_source, "hook", "a spinner still turning");
    assert.equal(resolveState("claude", m, sec(now - 11_000), now, 120_000, 30_000).state_source, "hook", "quiet_after 30s");
    assert.equal(resolveState("claude", m, sec(now - 60_000), now, 120_000, 0).state_source, "hook", "quiet_after 0: never");
    assert.equal(resolveState("claude", mark("working", now - 2_000), sec(now - 30_000), now, 120_000).state_source, "hook", "just reported");
    assert.equal(resolveState(null, mark("working", now - 20_000, "report"), sec(now - 15_000), now, 120_000).state_source, "report", "a report is no hook");
  });

  test("a hook's waiting followed by output with no hook since gives way at once; the dialog's own drawing does not", () => {
    const m = mark("waiting", now - 20_000);
    assert.equal(resolveState("claude", m, sec(now - 19_000), now, 120_000).state, "waiting");
    const moved = resolveState("claude", m, sec(now - 2_000), now, 120_000);
    assert.deepEqual([moved.state, moved.state_source], ["working", "activity"]);
  });

  test("within one waiting spell a vaguer reason never replaces the precise one", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-vague-"));
    try {
      const t = Date.parse("2026-01-01T10:00:00Z");
      writeState("s", dir, { state: "waiting", source: "hook", reason: "permission to use Bash: touch a" }, new Date(t));
      const v = writeState("s", dir, { state: "waiting", source: "hook", reason: "Claude needs your permission", vague: true }, new Date(t + 6000));
      assert.equal(v.mark.reason, "permission to use Bash: touch a");
      writeState("s", dir, { state: "working", source: "hook" }, new Date(t + 9000));
      const next = writeState("s", dir, { state: "waiting", source: "hook", reason: "Claude needs your permission", vague: true }, new Date(t + 12000));
      assert.equal(next.mark.reason, "Claude needs your permission", "a new spell takes it");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("restart --resume keeps the command", () => {
  const spec = (k: string) => AGENTS[k]!.resume!;

  test("an argv: the program's path and flags stay, the prompt and an earlier resume go", () => {
    assert.deepEqual(resumeCommand("claude", spec("claude"), "ID", { argv: ["/opt/bin/claude", "--permission-mode", "acceptEdits", "fix the bug"], command: "" }), {
      argv: ["/opt/bin/claude", "--permission-mode", "acceptEdits", "--resume", "ID"],
    });
    assert.deepEqual(resumeCommand("claude", spec("claude"), "ID", { argv: ["claude", "--resume", "OLD", "--model=opus", "-c"], command: "" }), { argv: ["claude", "--model=opus", "--resume", "ID"] });
    assert.deepEqual(resumeCommand("codex", spec("codex"), "T", { argv: ["npx", "@openai/codex", "-m", "gpt-5", "--full-auto", "do it"], command: "" }), {
      argv: ["npx", "@openai/codex", "-m", "gpt-5", "--full-auto", "resume", "T"],
    });
    assert.deepEqual(resumeCommand("codex", spec("codex"), "T2", { argv: ["codex", "resume", "T1", "-c", "x=1"], command: "" }), { argv: ["codex", "-c", "x=1", "resume", "T2"] });
    assert.deepEqual(resumeCommand("gemini", spec("gemini"), "G", { argv: ["gemini", "-i", "hello", "--approval-mode", "yolo"], command: "" }), {
      argv: ["gemini", "--approval-mode", "yolo", "--resume", "G"],
    });
  });

  test("a command line: the user's words stay byte for byte; a script falls back to the bare program", () => {
    assert.deepEqual(resumeCommand("claude", spec("claude"), "a b", { command: `FOO="x y" /home/u/.local/bin/claude --permission-mode acceptEdits 'do it'` }), {
      command: `FOO="x y" /home/u/.local/bin/claude --permission-mode acceptEdits --resume 'a b'`,
    });
    assert.deepEqual(resumeCommand("claude", spec("claude"), "ID", { command: "cd x && claude" }), { argv: ["claude", "--resume", "ID"] });
    assert.equal(shellWords("a | b"), null);
    assert.deepEqual(shellWords(`a "b c" 'd'e\\ f`)?.map((w) => w.value), ["a", "b c", "de f"]);
  });
});

describe("what stops installed hooks", () => {
  test("Codex: our hooks without a reviewed hash are named; reviewed ones are not", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-codex-"));
    try {
      const hooksJson = join(dir, "hooks.json");
      const config = join(dir, "config.toml");
      const ours = (e: string) => ({ hooks: [{ type: "command", command: `gwq __hook codex` }], ...(e === "PreToolUse" ? { matcher: "*" } : {}) });
      writeFileSync(hooksJson, JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: "command", command: "say" }] }, ours("Stop")], PreToolUse: [ours("PreToolUse")] } }));
      assert.match(codexBlockers(hooksJson, config).join("\n"), /runs none of gwq's hooks until you review them/);
      const stop = codexHookHash("Stop", undefined, { type: "command", command: "gwq __hook codex" });
      const pre = codexHookHash("PreToolUse", "*", { type: "command", command: "gwq __hook codex" });
      writeFileSync(config, `[hooks.state."${hooksJson}:stop:1:0"]\ntrusted_hash = "${stop}"\n`);
      assert.match(codexBlockers(hooksJson, config).join("\n"), /runs 1 of 2 of gwq's hooks/);
      writeFileSync(config, `[hooks.state."${hooksJson}:stop:1:0"]\ntrusted_hash = "${stop}"\n[hooks.state."${hooksJson}:pre_tool_use:0:0"]\ntrusted_hash = "${pre}"\n`);
      assert.deepEqual(codexBlockers(hooksJson, config), []);
      // Reviewed, then changed (gwq installed again from elsewhere): Codex will not run it.
      writeFileSync(config, `[hooks.state."${hooksJson}:stop:1:0"]\ntrusted_hash = "${stop}"\n[hooks.state."${hooksJson}:pre_tool_use:0:0"]\ntrusted_hash = "sha256:00"\n`);
      assert.match(codexBlockers(hooksJson, config).join("\n"), /1 of gwq's Codex hooks changed since you reviewed them/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the hash of a hook is the one Codex 0.171 records when the user trusts it", () => {
    // Written by Codex 0.171.0 into config.toml when its hooks dialog trusted these hooks.
    const command = "/usr/bin/node /work/wt/h4-agents-harness/dist/cli.js __hook codex";
    assert.equal(codexHookHash("PreToolUse", "*", { type: "command", command }), "sha256:9e42c67a4fa360859ebddf17af9c8e972e0b454e1264a14b852805658448ff44");
    assert.equal(codexHookHash("SessionStart", undefined, { type: "command", command }), "sha256:f7f9d9370bc985e458435f8f42909a2cd1e3207a4736352710a2147f59a8d5b7");
  });

  test("Gemini: a folder is trusted by TRUST_FOLDER on it or above, TRUST_PARENT beside it; trust off trusts all", () => {
    const home = mkdtempSync(join(tmpdir(), "gwq-gemini-"));
    try {
      mkdirSync(join(home, ".gemini"));
      assert.equal(geminiTrust("/w/repo", home, {}), "unknown");
      writeFileSync(join(home, ".gemini", "trustedFolders.json"), JSON.stringify({ "/w": "TRUST_FOLDER", "/x/a": "TRUST_PARENT", "/y": "DO_NOT_TRUST" }));
      assert.equal(geminiTrust("/w/repo/sub", home, {}), "trusted");
      assert.equal(geminiTrust("/x/b", home, {}), "trusted");
      assert.equal(geminiTrust("/y", home, {}), "untrusted");
      assert.equal(geminiTrust("/z", home, {}), "unknown");
      writeFileSync(join(home, ".gemini", "settings.json"), JSON.stringify({ security: { folderTrust: { enabled: false } } }));
      assert.equal(geminiTrust("/z", home, {}), null);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("settings edits give the user's bytes back", () => {
  const spec = { kind: "claude", events: [{ event: "Stop" }], command: "gwq __hook claude" };

  test("a comment in an empty hooks object or event array stays, and the user's empty keys stay", () => {
    for (const original of [`{\n  "hooks": {\n    // mine, later\n  }\n}\n`, `{\n  "hooks": {\n    "Stop": [\n      // soon\n    ]\n  }\n}\n`, `{\n  "hooks": {}\n}\n`]) {
      const installed = editJsonHooks(original, spec, true)!;
      if (original.includes("//")) assert.ok(installed.includes(original.includes("mine") ? "// mine, later" : "// soon"), installed);
      const keep = { hooks: true, events: original.includes('"Stop"') ? ["Stop"] : [] };
      assert.equal(editJsonHooks(installed, { ...spec, keep }, false), original);
    }
  });

  test("two hooks keys: the last one (the one the agent reads) gets the hooks", () => {
    const text = `{"hooks": {"Stop": []}, "hooks": {}}`;
    const out = editJsonHooks(text, spec, true)!;
    assert.ok(JSON.parse(out).hooks.Stop[0].hooks[0].command.includes("__hook claude"));
  });

  test("Codex notify: `notify = []` uninstalls; a file without a final newline keeps having none", () => {
    const self = ["gwq"];
    const empty = `model = "x"\nnotify = []\n`;
    const on = editNotify(empty, self, true)!;
    assert.equal(editNotify(on, self, false), empty);
    assert.equal(editNotify(empty, self, false), null, "nothing of ours: nothing to do");
    const bare = `model = "x"`;
    const on2 = editNotify(bare, self, true)!;
    assert.equal(editNotify(on2, self, false), bare);
  });
});

describe("send: Enter once the program has taken the text", () => {
  test("waits for the screen to change and settle; gives up on a program that shows nothing", async () => {
    const screens = ["", "", "say hel", "say hello", "say hello", "say hello", "say hello", "say hello", "say hello", "say hello", "say hello", "say hello"];
    let i = 0;
    const t0 = Date.now();
    await untilTaken(async () => screens[Math.min(i++, screens.length - 1)]!, "");
    assert.ok(i >= 9, `read until settled (${i} reads)`);
    const t1 = Date.now();
    await untilTaken(async () => "same", "same");
    assert.ok(Date.now() - t1 >= 1400, "waited for the text to show");
    assert.ok(t1 - t0 >= 250);
  });
});

test("the install notes name what really blocks hooks (folder trust, the review), not a switch that is on", () => {
  assert.match(AGENTS.gemini!.installNote!, /trust/);
  assert.doesNotMatch(AGENTS.gemini!.installNote!, /Enable Hooks/);
  assert.match(AGENTS.codex!.installNote!, /review/);
});

describe("the sweep never logs an activity state a newer hook contradicts", () => {
  test("a mark written after the sweep's view makes its activity state no event", () => {
    const state = mkdtempSync(join(tmpdir(), "gwq-observed-"));
    try {
      const dir = join(state, "sessions");
      mkdirSync(dir);
      const record = { session_name: "s", id: "i", identifier: "x", context: "run", worktree: null };
      const seen = writeState("s", dir, { state: "working", source: "hook" }, new Date(Date.now() - 60_000)).mark.at;
      // A hook says idle after the sweep computed its view from `seen`.
      writeState("s", dir, { state: "idle", source: "hook" });
      assert.equal(logObservedState(dir, record, "working", new Date(), seen), null);
      const now = readState("s", dir)!.at;
      assert.equal(logObservedState(dir, record, "working", new Date(), now)?.type, "state", "a view of the current mark logs");
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe("a dotfiles link is written through", () => {
  test("a dangling symlinked settings file gets its target created; the link stays", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-link-"));
    try {
      mkdirSync(join(dir, "dotfiles"));
      symlinkSync(join(dir, "dotfiles", "settings.json"), join(dir, "settings.json"));
      writeAtomic(join(dir, "settings.json"), "{}\n");
      assert.ok(lstatSync(join(dir, "settings.json")).isSymbolicLink());
      assert.equal(readFileSync(join(dir, "dotfiles", "settings.json"), "utf8"), "{}\n");
      assert.equal(throughLinks(join(dir, "settings.json")), join(dir, "dotfiles", "settings.json"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("ancestry walks /proc up to init, or only up to the pid it looks for", { skip: process.platform !== "linux" }, () => {
  const all = ancestry(process.pid)!;
  assert.ok(all.has(process.ppid) && all.size >= 1);
  assert.deepEqual([...ancestry(process.pid, process.ppid)!], [process.ppid]);
  assert.deepEqual(ancestry(process.pid, -5), all, "a pid not above it: the whole way");
});
