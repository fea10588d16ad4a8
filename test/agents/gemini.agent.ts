// Gemini CLI, the real program, against the mock Gemini API, driven through gwq.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_PROOF } from "./mock/script.js";
import { closedHangs } from "./mock/server.js";
import { agentBin, AgentWorld, missing, START_MS } from "./helpers/world.js";

const skip = missing("gemini");
const READY = /Type your message/;
const APPROVAL = /Allow execution of/;

/** Start gemini in the repository, whose folder is trusted (else it asks, and skips our hooks). */
async function started(w: AgentWorld, args: string[] = []): Promise<string> {
  w.trustGeminiFolder(w.repo);
  const s = await w.start(args);
  await w.waitScreen(s, READY, START_MS, "Gemini's input box");
  return s;
}

test("gemini: working → waiting with the permission asked → approved → idle", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("gemini");
  try {
    const s = await started(w);
    await w.prompt(s, "please run-command now");
    const waiting = await w.waitUntil(s, "waiting");
    assert.equal(waiting.state_source, "hook");
    assert.ok(waiting.agent_session_id, "the conversation id is recorded");
    await w.waitScreen(s, APPROVAL, 30_000, "Gemini's approval prompt");
    assert.ok(!existsSync(join(w.repo, COMMAND_PROOF)), "nothing ran before approval");
    await w.gwqOk(["tmux", "send", s, "1"]);
    const idle = await w.waitRecord(s, (r) => r.state === "idle" && existsSync(join(w.repo, COMMAND_PROOF)), 90_000, "idle after approval");
    assert.equal(idle.state_source, "hook");
    assert.equal(idle.agent_session_id, waiting.agent_session_id);
  } finally {
    await w.cleanup();
  }
});

test("gemini: send submits the prompt", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("gemini");
  try {
    const s = await started(w);
    await w.gwqOk(["tmux", "send", s, "hello there"]);
    await w.waitRecord(s, () => w.mock.requests.some((r) => r.path.includes("streamGenerateContent") && JSON.stringify(r.body?.contents ?? "").includes("hello there")), 60_000, "the prompt at the model");
  } finally {
    await w.cleanup();
  }
});

test("gemini: restart --resume reopens the same conversation with the program's own path", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("gemini");
  try {
    const s = await started(w);
    await w.prompt(s, "hello marker-gamma-5");
    const idle = await w.waitRecord(s, (r) => r.state === "idle" && !!r.agent_session_id && w.mock.answered("streamGenerateContent text").length > 0, 90_000, "idle with an id");
    const resumed = await w.restartResume(s);
    const rec = await w.record(resumed);
    assert.ok(rec.command.startsWith(agentBin("gemini")), `the program's own path: ${rec.command}`);
    assert.match(rec.command, new RegExp(`--resume ${idle.agent_session_id}`));
    await w.waitScreen(resumed, READY, START_MS, "the resumed Gemini's input box");
    const before = w.mock.requests.length;
    await w.prompt(resumed, "hello again");
    await w.waitRecord(resumed, () => w.mock.requests.slice(before).some((r) => r.path.includes("streamGenerateContent") && JSON.stringify(r.body?.contents ?? "").includes("hello again")), 90_000, "the resumed prompt at the model");
    const req = w.mock.requests.slice(before).find((r) => r.path.includes("streamGenerateContent") && JSON.stringify(r.body?.contents ?? "").includes("hello again"))!;
    assert.match(JSON.stringify(req.body.contents), /marker-gamma-5/, "the resumed request carries the earlier conversation");
  } finally {
    await w.cleanup();
  }
});

test("gemini: agent hooks status names an untrusted folder, where Gemini really runs no hook", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("gemini");
  try {
    const before = await w.gwqOk(["agent", "hooks", "status", "--json"]);
    assert.match(before, /trust/i, `the untrusted folder named: ${before}`);
    // Gemini itself agrees: it asks, and until trusted runs no hook (no state from a hook).
    const s = await w.start();
    await w.waitScreen(s, /Do you trust the files in this folder/, START_MS, "Gemini's folder trust dialog");
    assert.notEqual((await w.record(s)).state_source, "hook");
    await w.gwqOk(["tmux", "kill", s]);
    w.trustGeminiFolder(w.repo);
    const after = await w.gwqOk(["agent", "hooks", "status", "--json"]);
    assert.doesNotMatch(after, /trust/i, `trusted now: ${after}`);
  } finally {
    await w.cleanup();
  }
});

test("gemini: No at a permission prompt leaves waiting within 15 s", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("gemini");
  try {
    const s = await started(w);
    await w.prompt(s, "please run-command now");
    await w.waitUntil(s, "waiting");
    await w.waitScreen(s, APPROVAL, 30_000, "Gemini's approval prompt");
    // Answered as a person would, once the question has been on the screen a moment: an answer
    // within the second or two the dialog takes to draw is not told from the drawing (README).
    await w.waitRecord(s, (r) => r.state === "waiting" && Date.now() - Date.parse(r.state_since ?? "") >= 2_500, 30_000, "the question shown for a moment");
    // "3. No, suggest changes (esc)"
    w.keys(s, "Escape");
    const t0 = Date.now();
    await w.waitRecord(s, (r) => r.state !== "waiting", 20_000, "a state other than waiting after No");
    assert.ok(Date.now() - t0 <= 17_000, `left waiting after ${Date.now() - t0} ms`);
    assert.ok(!existsSync(join(w.repo, COMMAND_PROOF)), "the refused command did not run");
  } finally {
    await w.cleanup();
  }
});

test("gemini: Esc while working leaves working within 15 s", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("gemini");
  try {
    const s = await started(w);
    await w.prompt(s, "slow-reply please");
    await w.waitRecord(s, (r) => r.state === "working" && r.state_source === "hook", 90_000, "working from the hook");
    await w.waitRecord(s, () => w.mock.answered("streamGenerateContent hang").length > 0, 60_000, "the model thinking");
    const closed = closedHangs();
    w.keys(s, "Escape");
    await w.waitRecord(s, () => closedHangs() > closed, 30_000, "the model's stream closed by Gemini");
    const t0 = Date.now();
    await w.waitRecord(s, (r) => r.state !== "working", 20_000, "a state other than working after Esc");
    assert.ok(Date.now() - t0 <= 17_000, `left working after ${Date.now() - t0} ms`);
  } finally {
    await w.cleanup();
  }
});
