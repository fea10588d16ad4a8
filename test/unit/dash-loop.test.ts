// The dashboard's loop (src/ui/dash.ts) against a stand-in terminal and manager: what it asks the
// session manager per refresh, and what it writes to the terminal. The real thing, in a real
// terminal against real tmux, is test/e2e/dash.test.ts; this pins the costs that a screen cannot
// show: one listing and one capture per refresh, and no bytes for rows that did not change.
import { sessionRecord } from "../helpers/session-record.js";
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { ReadStream, WriteStream } from "node:tty";
import { runDash, type DashManager } from "../../src/ui/dash.js";
import type { Session } from "../../src/sessions/types.js";

// Running for two days: the duration reads "2d 1h" for an hour, so the screen is steady.
const STARTED = new Date(Date.now() - 49 * 3600_000 - 60_000).toISOString();

function session(i: number, over: Partial<Session> = {}): Session {
  const id = `s${String(i).padStart(3, "0")}`;
  return sessionRecord({
    id: `id${i}`,
    session_name: `gwq-run-${id}-20250101110000`,
    identifier: id,
    working_dir: "/src/app",
    command: `job ${i}`,
    pid: 100 + i,
    start_time: STARTED,
    worktree: "main",
    ...over,
  });
}

const finished = (i: number) => session(i, { status: "completed", exit_code: 0, end_time: new Date(Date.parse(STARTED) + 60_000).toISOString() });

class FakeManager implements DashManager {
  lists = 0;
  captures: { name: string; rows: number }[] = [];
  killed: string[] = [];
  output = new Map<string, string[]>();
  restarts: unknown[][] = [];
  constructor(public sessions: Session[]) {}
  async listWithScreen(choose: (sessions: Session[]) => string | null, rows: number) {
    this.lists++;
    const list = this.sessions.map((s) => ({ ...s }));
    const name = choose(list);
    if (name === null) return { sessions: list, screen: null, error: null };
    this.captures.push({ name, rows });
    return { sessions: list, screen: this.output.get(name) ?? [`output of ${name}`], error: null };
  }
  async captureHistory(name: string) {
    return this.output.get(name) ?? [];
  }
  async killSession(name: string) {
    this.killed.push(name);
    this.sessions = this.sessions.filter((s) => s.session_name !== name);
  }
  async attachSession() {
    return 0;
  }
  async restartSession(name: string, opts?: { force?: boolean }) {
    this.restarts.push([name, opts]);
    return { session: { ...this.sessions[0]!, session_name: "gwq-run-new-20250101120000" } };
  }
  async sweep() {
    return [];
  }
}

/** A terminal that records what is written, and an input that types keys. */
function fakeTerminal(columns = 80, rows = 24) {
  const out = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns,
    rows,
    fd: -1,
    written: [] as string[],
    write(s: string) {
      out.written.push(s);
      return true;
    },
  });
  const input = Object.assign(new EventEmitter(), { isTTY: true, isRaw: false, setRawMode: () => input, resume: () => input, pause: () => input });
  return { out, input, type: (s: string) => input.emit("data", Buffer.from(s)) };
}

async function until(what: string, check: () => boolean, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// A test that fails midway must not leave its dashboard running (the process would never end).
const running: (() => void)[] = [];
afterEach(() => {
  for (const quit of running.splice(0)) quit();
});

function start(m: FakeManager, t = fakeTerminal(), intervalMs = 20) {
  const done = runDash({ manager: m, out: t.out as unknown as WriteStream, input: t.input as unknown as ReadStream, intervalMs, env: {} });
  running.push(() => t.type("q"));
  return { done, t };
}

describe("the dashboard's loop", () => {
  test("each refresh is one listing and one capture of the selected session, whatever the number of sessions", async () => {
    const m = new FakeManager(Array.from({ length: 200 }, (_, i) => session(i)));
    const { done, t } = start(m);
    await until("five refreshes", () => m.lists >= 5);
    t.type("q");
    await done;
    // The first listing already captures the session it selects.
    assert.equal(m.captures.length, m.lists, `${m.lists} listings, ${m.captures.length} captures`);
    const first = m.sessions[0]!.session_name;
    for (const c of m.captures) assert.equal(c.name, first);
    // At least as many lines as the preview shows at 80x24 (list 10 rows, rule, keys, title: 11).
    assert.ok(m.captures[0]!.rows >= 11, String(m.captures[0]!.rows));
  });

  test("a finished session's output is captured once; the listing goes on", async () => {
    const m = new FakeManager([finished(1), session(2)]);
    const { done, t } = start(m);
    await until("five refreshes", () => m.lists >= 5);
    assert.deepEqual(m.captures.map((c) => c.name), [m.sessions[0]!.session_name]);
    t.type("j");
    await until("the running one captured twice", () => m.captures.filter((c) => c.name === m.sessions[1]!.session_name).length >= 2);
    t.type("k");
    const atK = m.lists;
    await until("a refresh after the move", () => m.lists >= atK + 2);
    const captures = m.captures.length;
    const lists = m.lists;
    await until("three more refreshes", () => m.lists >= lists + 3);
    assert.equal(m.captures.length, captures, "the finished session is not captured again");
    t.type("q");
    await done;
  });

  test("a steady screen writes nothing; a new output line rewrites only its row", async () => {
    const m = new FakeManager([session(1), session(2)]);
    const name = m.sessions[0]!.session_name;
    m.output.set(name, ["one", "two"]);
    const { done, t } = start(m);
    await until("the preview", () => t.out.written.join("").includes("two"));
    await until("two more refreshes", () => m.lists >= 3);
    const before = t.out.written.length;
    await until("two more refreshes", () => m.lists >= 5);
    assert.equal(t.out.written.length, before, `steady refreshes wrote: ${JSON.stringify(t.out.written.slice(before))}`);
    m.output.set(name, ["one", "two", "three"]);
    await until("the new line", () => t.out.written.join("").includes("three"));
    const change = t.out.written.slice(before).join("");
    // Rows: title 0, group 1, sessions 2-3, rule 4, preview from 5: "three" is row 8 (1-based).
    assert.equal(change, "\x1b[8;1Hthree\x1b[K");
    t.type("q");
    await done;
  });

  test("moving the selection captures the new one; x then y kills exactly it; n does not", async () => {
    const m = new FakeManager([session(1), session(2), session(3)]);
    const [a, b, c] = m.sessions.map((s) => s.session_name);
    const { done, t } = start(m, fakeTerminal(), 60_000);
    await until("the first capture", () => m.captures.length === 1);
    t.type("j");
    await until("a capture of the second session", () => m.captures.some((x) => x.name === b));
    t.type("x");
    await until("the question", () => t.out.written.join("").includes(`Kill ${b}? [y/N]`));
    t.type("n");
    t.type("x");
    t.type("y");
    const lists = m.lists;
    await until("the kill", () => m.killed.length > 0);
    assert.deepEqual(m.killed, [b]);
    await until("a listing after it", () => m.lists > lists);
    await until("the message", () => t.out.written.join("").includes(`killed ${b}`));
    assert.deepEqual(m.sessions.map((s) => s.session_name), [a, c]);
    t.type("q");
    await done;
  });

  test("r restarts at once an ended session; a running one after y, with force; the selection follows", async () => {
    const m = new FakeManager([finished(1)]);
    let { done, t } = start(m, fakeTerminal(), 60_000);
    await until("the first capture", () => m.captures.length === 1);
    t.type("r");
    await until("the restart", () => m.restarts.length === 1);
    assert.deepEqual(m.restarts[0], [m.sessions[0]!.session_name, {}]);
    t.type("q");
    await done;

    const r = new FakeManager([session(1, { status: "running", end_time: null, exit_code: null })]);
    ({ done, t } = start(r, fakeTerminal(), 60_000));
    await until("the first capture", () => r.captures.length === 1);
    t.type("r");
    await until("the question", () => t.out.written.join("").includes("Restart (killing it first)"));
    t.type("y");
    await until("the restart", () => r.restarts.length === 1);
    assert.deepEqual(r.restarts[0], [r.sessions[0]!.session_name, { force: true }]);
    await until("the message", () => t.out.written.join("").includes("as gwq-run-new-20250101120000"));
    t.type("q");
    await done;
  });

  test("q gives the terminal back: main screen, cursor shown, wrapping on", async () => {
    const m = new FakeManager([session(1)]);
    const { done, t } = start(m);
    await until("a frame", () => m.captures.length >= 1);
    assert.ok(t.out.written[0]!.startsWith("\x1b[?1049h"), "alternate screen first");
    t.type("q");
    await done;
    assert.equal(t.out.written.at(-1), "\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l");
  });
});
