// Claude Code, the real program, against the mock Anthropic API, driven through gwq.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_PROOF } from "./mock/script.js";
import { closedHangs } from "./mock/server.js";
import { agentBin, AgentWorld, missing, START_MS } from "./helpers/world.js";

const skip = missing("claude");
/** The empty input line under Claude's banner: it is ready for a prompt. */
const READY = /^❯\s*$/m;
const PERMISSION = /Do you want to proceed\?/;

async function started(w: AgentWorld, args: string[] = []): Promise<string> {
  const s = await w.start(args);
  await w.waitScreen(s, READY, START_MS, "Claude's prompt");
  return s;
}

test("claude: working → waiting with the permission asked → approved → idle", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("claude");
  try {
    const s = await started(w);
    await w.gwqOk(["tmux", "send", s, "please run-command marker-alpha-7"]);
    const waiting = await w.waitUntil(s, "waiting");
    assert.equal(waiting.state_source, "hook");
    assert.match(waiting.state_reason ?? "", /touch approved-proof\.txt/);
    assert.ok(waiting.agent_session_id, "the conversation id is recorded");
    assert.ok(!existsSync(join(w.repo, COMMAND_PROOF)), "nothing ran before approval");
    await w.waitScreen(s, PERMISSION, 30_000, "the permission prompt");
    // Claude's vaguer Notification ("Claude needs your permission…") follows some seconds later:
    // once the record has been still for 8 s it has come, and the precise reason is kept.
    const later = await w.settled(s, 8_000);
    assert.equal(later.state, "waiting");
    assert.match(later.state_reason ?? "", /touch approved-proof\.txt/);
    const hooks = JSON.parse(await w.gwqOk(["agent", "hooks", "status", "--json"])) as { agent: string; last_hook: { event: string | null } | null }[];
    assert.equal(hooks.find((h) => h.agent === "claude")?.last_hook?.event, "Notification", "the vaguer notification did come");

    await w.gwqOk(["tmux", "send", s, "1"]);
    const idle = await w.waitRecord(s, (r) => r.state === "idle" && existsSync(join(w.repo, COMMAND_PROOF)), 90_000, "idle after approval");
    assert.equal(idle.state_source, "hook");
    assert.equal(idle.agent_session_id, waiting.agent_session_id);
    assert.equal(w.mock.answered("messages command").length, 1);
  } finally {
    await w.cleanup();
  }
});

test("claude: restart --resume of claude started by its absolute path with a flag keeps both and the conversation", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("claude");
  try {
    const s = await started(w, ["--permission-mode", "acceptEdits"]);
    await w.prompt(s, "hello marker-alpha-7");
    const idle = await w.waitRecord(s, (r) => r.state === "idle" && !!r.agent_session_id && w.mock.answered("messages text").length > 1, 90_000, "idle with an id");
    const resumed = await w.restartResume(s);
    const rec = await w.record(resumed);
    assert.ok(rec.command.startsWith(agentBin("claude")), `the program's own path: ${rec.command}`);
    assert.match(rec.command, /--permission-mode acceptEdits/);
    assert.match(rec.command, new RegExp(`--resume ${idle.agent_session_id}`));
    // The running program really got both: Claude shows the mode and the resumed conversation.
    await w.waitScreen(resumed, /accept edits on/i, START_MS, "accept-edits mode in the resumed Claude");
    await w.waitScreen(resumed, /MOCK-TURN-DONE/, 30_000, "the earlier reply shown again");
    const before = w.mock.requests.length;
    await w.prompt(resumed, "hello again");
    const mainTurn = (r: { body?: { tools?: unknown[]; messages?: unknown } }) => (r.body?.tools?.length ?? 0) > 0 && JSON.stringify(r.body?.messages ?? "").includes("hello again");
    await w.waitRecord(resumed, () => w.mock.requests.slice(before).some(mainTurn), 90_000, "the resumed prompt at the model");
    const req = w.mock.requests.slice(before).find(mainTurn)!;
    assert.match(JSON.stringify(req.body.messages), /marker-alpha-7/, "the resumed request carries the earlier conversation");
  } finally {
    await w.cleanup();
  }
});

test("claude: send submits the prompt", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("claude");
  try {
    const s = await started(w);
    await w.gwqOk(["tmux", "send", s, "hello there"]);
    await w.waitRecord(s, () => w.mock.requests.some((r) => JSON.stringify(r.body?.messages ?? "").includes("hello there") && (r.body?.tools?.length ?? 0) > 0), 90_000, "the prompt at the model");
    await w.waitUntil(s, "idle");
  } finally {
    await w.cleanup();
  }
});

test("claude: Esc while working leaves working within 15 s", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("claude");
  try {
    const s = await started(w);
    await w.gwqOk(["tmux", "send", s, "slow-reply please"]);
    await w.waitRecord(s, (r) => r.state === "working" && r.state_source === "hook", 90_000, "working from the hook");
    await w.waitRecord(s, () => w.mock.answered("messages hang").length > 0, 60_000, "the model thinking");
    const closed = closedHangs();
    w.keys(s, "Escape");
    // Claude gives the request up (and puts the prompt back into its input box).
    await w.waitRecord(s, () => closedHangs() > closed, 30_000, "the model's stream closed by Claude");
    const t0 = Date.now();
    const rec = await w.waitRecord(s, (r) => r.state !== "working", 20_000, "a state other than working after Esc");
    assert.ok(Date.now() - t0 <= 17_000, `left working after ${Date.now() - t0} ms`);
    assert.equal(rec.state, "idle");
  } finally {
    await w.cleanup();
  }
});

test("claude: No at a permission prompt leaves waiting within 15 s", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("claude");
  try {
    const s = await started(w);
    await w.gwqOk(["tmux", "send", s, "please run-command"]);
    await w.waitUntil(s, "waiting");
    await w.waitScreen(s, PERMISSION, 30_000, "the permission prompt");
    // Answered as a person would, once the question has been on the screen a moment: an answer
    // within the second or two the dialog takes to draw is not told from the drawing (README).
    await w.waitRecord(s, (r) => r.state === "waiting" && Date.now() - Date.parse(r.state_since ?? "") >= 2_500, 30_000, "the question shown for a moment");
    w.keys(s, "3");
    await w.waitScreen(s, /what to do differently|Interrupted/i, 30_000, "the refusal shown");
    const t0 = Date.now();
    await w.waitRecord(s, (r) => r.state !== "waiting", 20_000, "a state other than waiting after No");
    assert.ok(Date.now() - t0 <= 17_000, `left waiting after ${Date.now() - t0} ms`);
    assert.ok(!existsSync(join(w.repo, COMMAND_PROOF)), "the refused command did not run");
  } finally {
    await w.cleanup();
  }
});

test("claude: an API error (HTTP 400) makes the session idle with the error as reason (StopFailure)", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("claude");
  try {
    const s = await started(w);
    await w.gwqOk(["tmux", "send", s, "api-error please"]);
    await w.waitRecord(s, () => w.mock.answered("messages error").length > 0, 90_000, "the 400 answered");
    const t0 = Date.now();
    const rec = await w.waitRecord(s, (r) => r.state === "idle", 20_000, "idle after the API error");
    assert.ok(Date.now() - t0 <= 17_000, `idle after ${Date.now() - t0} ms`);
    assert.equal(rec.state_source, "hook");
    assert.match(rec.state_reason ?? "", /400|refused|error/i);
  } finally {
    await w.cleanup();
  }
});
