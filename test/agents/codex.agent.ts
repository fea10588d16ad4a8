// Codex CLI, the real program, against the mock OpenAI Responses API, driven through gwq.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_PROOF } from "./mock/script.js";
import { closedHangs } from "./mock/server.js";
import { agentBin, AgentWorld, missing, START_MS } from "./helpers/world.js";

const skip = missing("codex");
const READY = /Ask Codex to do anything/;
/** Codex's own dialog for a hooks.json it has not seen: until trusted, no hook runs. */
const HOOKS_REVIEW = /Trust all and continue/;
const APPROVAL = /Would you like to run|Yes, proceed/i;

/**
 * Start codex in `cwd`. gwq's hooks.json is new to Codex in a fresh HOME, so Codex always asks to
 * review it first (drawn over its ready screen); trust it there, as a user would once.
 */
async function started(w: AgentWorld, cwd = w.repo, review = true): Promise<string> {
  const s = await w.start([], cwd);
  if (review) {
    await w.waitScreen(s, HOOKS_REVIEW, START_MS, "Codex's hooks review");
    // Move to "Trust all and continue" and confirm only once the cursor is seen there: a key sent
    // while the dialog is still being drawn can be lost.
    await w.waitScreen(s, /›\s*2\. Trust all/, 60_000, "the cursor on Trust all", () => w.keys(s, "Down"));
    w.keys(s, "Enter");
    await w.waitScreen(s, /^(?![\s\S]*Trust all and continue)[\s\S]*Ask Codex to do anything/, START_MS, "Codex ready after trusting the hooks");
  } else {
    await w.waitScreen(s, READY, START_MS, "Codex ready");
  }
  return s;
}

/** The environments of this sandbox's Codex app-server daemons (each NUL-separated). */
function daemonEnvs(w: AgentWorld): string[] {
  const out: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(w.sb.root + "/") && cmd.includes("app-server")) out.push(readFileSync(`/proc/${pid}/environ`, "utf8"));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** Thread ids of Codex's saved conversations (its rollout files end in the id). */
function savedThreads(w: AgentWorld): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.startsWith("rollout-")) out.push(e.name.replace(/\.jsonl$/, "").slice(-36));
    }
  };
  walk(join(w.sb.home, ".codex", "sessions"));
  return out;
}

test("codex: working → waiting with the permission asked → approved → idle", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const s = await started(w);
    await w.prompt(s, "please run-command now");
    const waiting = await w.waitUntil(s, "waiting");
    assert.equal(waiting.state_source, "hook");
    assert.match(waiting.state_reason ?? "", /touch approved-proof\.txt/);
    await w.waitScreen(s, APPROVAL, 30_000, "Codex's approval prompt");
    assert.ok(!existsSync(join(w.repo, COMMAND_PROOF)), "nothing ran before approval");

    await w.gwqOk(["tmux", "send", s, "y"]);
    const idle = await w.waitRecord(s, (r) => r.state === "idle" && existsSync(join(w.repo, COMMAND_PROOF)), 90_000, "idle after approval");
    assert.equal(idle.state_source, "hook");
    assert.ok(idle.agent_session_id, "the conversation id is recorded");
    assert.ok(savedThreads(w).includes(idle.agent_session_id!), `the id is a saved conversation's, not the title thread's: ${idle.agent_session_id} in ${savedThreads(w).join(", ")}`);
  } finally {
    await w.cleanup();
  }
});

test("codex: a session waiting at Codex's approval stays waiting with its id: the title thread and Codex's redraws change nothing", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const s = await started(w);
    await w.prompt(s, "please run-command now");
    const waiting = await w.waitUntil(s, "waiting");
    await w.waitScreen(s, APPROVAL, 30_000, "Codex's approval prompt");
    // The title side thread runs beside the real turn and ends with a notify of its own thread id.
    await w.waitRecord(s, () => w.mock.requests.some((r) => r.answered === "responses text" && !(r.body?.tools?.length > 0)), 60_000, "the title thread answered");
    const after = await w.settled(s);
    assert.ok(APPROVAL.test(w.screen(s)), "still asking");
    assert.equal(after.state, "waiting");
    assert.equal(after.agent_session_id, waiting.agent_session_id, "the title thread's id did not replace the conversation's");
  } finally {
    await w.cleanup();
  }
});

test("codex: restart --resume reopens the same conversation with the program's own path", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const s = await started(w);
    await w.prompt(s, "hello marker-beta-3");
    const idle = await w.waitRecord(s, (r) => r.state === "idle" && !!r.agent_session_id && w.mock.answered("responses text").length > 0, 90_000, "idle with an id");
    const resumed = await w.restartResume(s);
    const rec = await w.record(resumed);
    assert.ok(rec.command.startsWith(agentBin("codex")), `the program's own path: ${rec.command}`);
    assert.match(rec.command, new RegExp(`resume ${idle.agent_session_id}`));
    await w.waitScreen(resumed, /MOCK-TURN-DONE/, START_MS, "the resumed conversation shown");
    const before = w.mock.requests.length;
    await w.prompt(resumed, "hello again");
    const req = await w.waitRecord(resumed, () => w.mock.requests.slice(before).some((r) => JSON.stringify(r.body?.input ?? "").includes("hello again")), 90_000, "the resumed prompt at the model")
      .then(() => w.mock.requests.slice(before).find((r) => JSON.stringify(r.body?.input ?? "").includes("hello again"))!);
    assert.match(JSON.stringify(req.body.input), /marker-beta-3/, "the resumed request carries the earlier conversation");
  } finally {
    await w.cleanup();
  }
});

test("codex: two sessions started one after the other in two worktrees each get their own state and id", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const a = w.sb.path("wt-a");
    const b = w.sb.path("wt-b");
    w.sb.git(w.repo, "worktree", "add", "-q", "-b", "feat-a", a);
    w.sb.git(w.repo, "worktree", "add", "-q", "-b", "feat-b", b);
    w.trustCodexProject(a);
    w.trustCodexProject(b);
    const sa = await started(w, a);
    await w.prompt(sa, "hello from a");
    await w.waitRecord(sa, (r) => r.state === "idle" && r.state_source === "hook" && !!r.agent_session_id, 90_000, "a idle with an id");
    // a's turn ends with a Stop hook and then a notify: its record is final once both are in.
    const ra = await w.settled(sa);

    // Codex's daemon, started by a's session, runs b's hooks too, with a's environment.
    const sb = await started(w, b, false);
    assert.ok(daemonEnvs(w).some((env) => env.includes(`GWQ_SESSION_NAME=${sa}`)), "the premise: Codex's daemon carries a's session name");
    await w.prompt(sb, "please run-command in b");
    const rb = await w.waitUntil(sb, "waiting");
    assert.equal(rb.state_source, "hook");
    assert.ok(rb.agent_session_id && rb.agent_session_id !== ra.agent_session_id, `b has its own id: ${rb.agent_session_id} vs ${ra.agent_session_id}`);
    const a2 = await w.record(sa);
    assert.deepEqual(
      [a2.state, a2.state_source, a2.state_since, a2.agent_session_id],
      [ra.state, ra.state_source, ra.state_since, ra.agent_session_id],
      "a's record untouched by b",
    );
    await w.waitScreen(sb, APPROVAL, 30_000, "Codex's approval prompt in b");
    await w.gwqOk(["tmux", "send", sb, "y"], b);
    await w.waitRecord(sb, (r) => r.state === "idle" && existsSync(join(b, COMMAND_PROOF)), 90_000, "b idle after approval");
    const a3 = await w.record(sa);
    assert.deepEqual([a3.state_since, a3.agent_session_id], [ra.state_since, ra.agent_session_id], "a's record untouched by b's turn");

    // A killed session's record never changes again, whatever the daemon still runs.
    await w.gwqOk(["tmux", "kill", sa]);
    await w.prompt(sb, "hello again from b");
    await w.waitRecord(sb, () => w.mock.requests.some((r) => JSON.stringify(r.body?.input ?? "").includes("hello again from b")), 90_000, "b's second prompt at the model");
    await w.waitUntil(sb, "idle");
    const gone = (await w.sb.sessions<{ session_name: string; state_since: string | null }>()).find((r) => r.session_name === sa);
    assert.ok(!gone || gone.state_since === ra.state_since, "the killed session's record did not change");
  } finally {
    await w.cleanup();
  }
});

test("codex: send submits the prompt", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const s = await started(w);
    await w.gwqOk(["tmux", "send", s, "hello there"]);
    await w.waitRecord(s, () => w.mock.requests.some((r) => JSON.stringify(r.body?.input ?? "").includes("hello there")), 60_000, "the prompt at the model");
  } finally {
    await w.cleanup();
  }
});

test("codex: agent hooks status names hooks Codex has not reviewed, and stops once they are trusted", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const before = await w.gwqOk(["agent", "hooks", "status", "--json"]);
    assert.match(before, /review/i, `unreviewed hooks named: ${before}`);
    const s = await started(w);
    await w.gwqOk(["tmux", "kill", s]);
    const after = await w.gwqOk(["agent", "hooks", "status", "--json"]);
    assert.doesNotMatch(after, /review/i, `trusted now: ${after}`);
  } finally {
    await w.cleanup();
  }
});

test("codex: Esc while working leaves working within 15 s", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const s = await started(w);
    await w.prompt(s, "slow-reply please");
    await w.waitRecord(s, (r) => r.state === "working" && r.state_source === "hook", 90_000, "working from the hook");
    await w.waitRecord(s, () => w.mock.answered("responses hang").length > 0, 60_000, "the model thinking");
    const closed = closedHangs();
    w.keys(s, "Escape");
    await w.waitRecord(s, () => closedHangs() > closed, 30_000, "the model's stream closed by Codex");
    const t0 = Date.now();
    await w.waitRecord(s, (r) => r.state !== "working", 20_000, "a state other than working after Esc");
    assert.ok(Date.now() - t0 <= 17_000, `left working after ${Date.now() - t0} ms`);
  } finally {
    await w.cleanup();
  }
});

test("codex: No at a permission prompt leaves waiting within 15 s", { skip, timeout: 600_000 }, async () => {
  const w = await AgentWorld.create("codex");
  try {
    const s = await started(w);
    await w.prompt(s, "please run-command now");
    await w.waitUntil(s, "waiting");
    await w.waitScreen(s, APPROVAL, 30_000, "Codex's approval prompt");
    // Answered as a person would, once the question has been on the screen a moment: an answer
    // within the second or two the dialog takes to draw is not told from the drawing (README).
    await w.waitRecord(s, (r) => r.state === "waiting" && Date.now() - Date.parse(r.state_since ?? "") >= 2_500, 30_000, "the question shown for a moment");
    // "3. No, and tell Codex what to do differently (esc)"
    w.keys(s, "Escape");
    const t0 = Date.now();
    await w.waitRecord(s, (r) => r.state !== "waiting", 20_000, "a state other than waiting after No");
    assert.ok(Date.now() - t0 <= 17_000, `left waiting after ${Date.now() - t0} ms`);
    assert.ok(!existsSync(join(w.repo, COMMAND_PROOF)), "the refused command did not run");
  } finally {
    await w.cleanup();
  }
});
