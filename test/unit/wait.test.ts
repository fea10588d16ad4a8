// waitFor (src/sessions/wait.ts) on a real event log and a listing function that stands for tmux:
// the decision rules of --any/--all/--until, exit codes, event-driven wake-ups, and the cap of one
// listing a second. The end-to-end tests with real sessions are in test/e2e/events.test.ts.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendEvent } from "../../src/events/append.js";
import { sessionRef } from "../../src/events/types.js";
import type { Session } from "../../src/sessions/types.js";
import { waitFor, type WaitSpec } from "../../src/sessions/wait.js";

let root: string;
let n = 0;
before(() => (root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-wt-")))));
after(() => rmSync(root, { recursive: true, force: true }));

function fresh(): string {
  const d = join(root, `w${++n}`);
  mkdirSync(d);
  return d;
}

function session(name: string, over: Partial<Session> = {}): Session {
  return {
    id: `id-${name}`, session_name: `gwq-run-${name}-20260101000000`, context: "run", identifier: name, working_dir: "/tmp", command: "x",
    pid: 1, start_time: "2026-01-01T00:00:00.000+00:00", end_time: null, status: "running", exit_code: null, attached: false,
    worktree: null, history_size: 1, history_file: null, metadata: {}, agent: null, state: null, state_source: null, state_reason: null,
    state_since: null, agent_session_id: null, detached_reason: null, restarts: 0, ...over,
  };
}

/** A listing that always shows `current` and counts its calls. */
function lister(current: () => Session[]) {
  const calls: number[] = [];
  return { calls, list: async () => (calls.push(Date.now()), current()) };
}

const later = (ms: number, f: () => void) => setTimeout(f, ms);
const spec = (over: Partial<WaitSpec> & Pick<WaitSpec, "sessions" | "list">): WaitSpec => ({ mode: "one", until: "ended", stateDir: null, ...over });

describe("event-driven", () => {
  test("--any: returns with the exit code of the first of three to end", async () => {
    const dir = fresh();
    const [a, b, c] = ["a", "b", "c"].map((x) => session(x));
    const l = lister(() => [a!, b!, c!]);
    later(150, () => appendEvent(dir, { ...sessionRef(b!), type: "ended", status: "failed", exit_code: 3 }));
    const started = Date.now();
    const r = await waitFor(spec({ sessions: [a!, b!, c!], list: l.list, stateDir: dir, mode: "any", listEveryMs: 60_000 }));
    assert.equal(r.exitCode, 3);
    assert.deepEqual(r.met.map((s) => s.identifier), ["b"]);
    assert.equal(r.met[0]!.status, "failed");
    // It woke on the event, not on a listing (the next one was a minute away).
    assert.equal(l.calls.length, 0);
    assert.ok(Date.now() - started < 60_000);
  });

  test("--all: exit 1 when one of three failed, 0 when all completed", async () => {
    const dir = fresh();
    const ss = ["a", "b", "c"].map((x) => session(x));
    const l = lister(() => ss);
    later(50, () => {
      appendEvent(dir, { ...sessionRef(ss[0]!), type: "ended", status: "completed", exit_code: 0 });
      appendEvent(dir, { ...sessionRef(ss[1]!), type: "ended", status: "failed", exit_code: 1 });
    });
    later(200, () => appendEvent(dir, { ...sessionRef(ss[2]!), type: "ended", status: "completed", exit_code: 0 }));
    const r = await waitFor(spec({ sessions: ss, list: l.list, stateDir: dir, mode: "all", listEveryMs: 60_000 }));
    assert.equal(r.exitCode, 1);
    assert.equal(r.met.length, 3);
    assert.match(r.failure!, /1 of 3 did not complete: gwq-run-b-\S+ failed \(exit 1\)/);

    const dir2 = fresh();
    later(50, () => ss.forEach((s) => appendEvent(dir2, { ...sessionRef(s), type: "ended", status: "completed", exit_code: 0 })));
    const ok = await waitFor(spec({ sessions: ss, list: l.list, stateDir: dir2, mode: "all", listEveryMs: 60_000 }));
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.failure, null);
  });

  test("--until waiting: a state event; having met it sticks for --all", async () => {
    const dir = fresh();
    const [a, b] = ["a", "b"].map((x) => session(x));
    const l = lister(() => [a!, b!]);
    later(50, () => {
      appendEvent(dir, { ...sessionRef(a!), type: "state", from: "working", to: "waiting", source: "hook", reason: "Allow?" });
      appendEvent(dir, { ...sessionRef(a!), type: "state", from: "waiting", to: "working", source: "hook", reason: null });
    });
    later(250, () => appendEvent(dir, { ...sessionRef(b!), type: "state", from: "working", to: "waiting", source: "report", reason: null }));
    const r = await waitFor(spec({ sessions: [a!, b!], list: l.list, stateDir: dir, mode: "all", until: "waiting", listEveryMs: 60_000 }));
    assert.equal(r.exitCode, 0);
    assert.deepEqual(r.met.map((s) => s.identifier), ["a", "b"]);
  });

  test("one session --until waiting that ends first: exit 1, saying so", async () => {
    const dir = fresh();
    const a = session("a");
    later(50, () => appendEvent(dir, { ...sessionRef(a), type: "ended", status: "completed", exit_code: 0 }));
    const r = await waitFor(spec({ sessions: [a], list: lister(() => [a]).list, stateDir: dir, until: "waiting", listEveryMs: 60_000 }));
    assert.equal(r.exitCode, 1);
    assert.match(r.failure!, /ended \(completed\) before reaching waiting/);
  });

  test("a session removed while waited for can never meet it", async () => {
    const dir = fresh();
    const a = session("a");
    later(50, () => appendEvent(dir, { ...sessionRef(a), type: "removed", reason: "killed" }));
    const r = await waitFor(spec({ sessions: [a], list: lister(() => [a]).list, stateDir: dir, mode: "any", listEveryMs: 60_000 }));
    assert.equal(r.exitCode, 1);
    assert.match(r.failure!, /was removed/);
  });
});

describe("listings", () => {
  test("without events, a listing finds the end; never more than one listing a second", async () => {
    let a = session("a");
    const l = lister(() => [a]);
    later(2300, () => (a = { ...a, status: "completed", exit_code: 0, end_time: "2026-01-01T00:00:03.000+00:00" }));
    const started = Date.now();
    const r = await waitFor(spec({ sessions: [a], list: l.list, listEveryMs: 1000 }));
    const elapsed = Date.now() - started;
    assert.equal(r.exitCode, 0);
    assert.ok(l.calls.length >= 1);
    assert.ok(l.calls.length <= Math.floor(elapsed / 1000) + 1, `${l.calls.length} listings in ${elapsed} ms`);
    for (let i = 1; i < l.calls.length; i++) assert.ok(l.calls[i]! - l.calls[i - 1]! >= 1000, "a second between listings");
  });

  test("already met when the wait begins: returns at once", async () => {
    const done = session("a", { status: "failed", exit_code: 7 });
    const l = lister(() => [done]);
    const r = await waitFor(spec({ sessions: [done, session("b")], list: l.list, mode: "any" }));
    assert.equal(r.exitCode, 7);
    assert.equal(l.calls.length, 0);
  });

  test("a detached session ends without an exit code: 1", async () => {
    const d = session("a", { status: "detached" });
    const r = await waitFor(spec({ sessions: [d], list: lister(() => [d]).list }));
    assert.equal(r.exitCode, 1);
    assert.match(r.failure!, /detached/);
  });

  test("timeout: 124", async () => {
    const a = session("a");
    const r = await waitFor(spec({ sessions: [a], list: lister(() => [a]).list, timeoutMs: 300 }));
    assert.equal(r.exitCode, 124);
    assert.equal(r.timedOut, true);
    assert.match(r.failure!, /timed out waiting for gwq-run-a-/);
  });

  test("Ctrl-C (abort): cancelled, 130", async () => {
    const a = session("a");
    const ac = new AbortController();
    later(100, () => ac.abort());
    await assert.rejects(waitFor(spec({ sessions: [a], list: lister(() => [a]).list, signal: ac.signal })), (e: Error & { exitCode?: number }) => e.exitCode === 130);
  });
});
