// The event log on real files and real processes: seq under concurrent writers, stale locks,
// rotation, damaged lines, reading, filtering and following.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { appendEvent, appendEventIf, eventsPath, rotatedPath } from "../../src/events/append.js";
import { EventFollower } from "../../src/events/follow.js";
import { eventDetail, renderEvents } from "../../src/events/format.js";
import { eventMatcher, isAfter, parseSince, readEvents } from "../../src/events/read.js";
import { activityPath, lastShown, logObservedState, readScreenSeen, saveScreensSeen } from "../../src/events/observed.js";
import type { EventInput, GwqEvent } from "../../src/events/types.js";
import { ROOT, eventually } from "../helpers/sandbox.js";

let root: string;
let writer: string;
let n = 0;
const fresh = () => {
  const d = join(root, `s${++n}`);
  mkdirSync(d);
  return d;
};
const ev = (over: Partial<EventInput> = {}): EventInput => ({ type: "created", session: "gwq-run-api-20260101000000", id: "ab12cd34", identifier: "api", context: "run", worktree: "main", ...over });

/** Run the bundled writer: resolves with its exit code. */
function runWriter(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
}

function lines(dir: string, file = eventsPath(dir)): GwqEvent[] {
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as GwqEvent);
}

before(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-ev-")));
  writer = join(root, "append-events.mjs");
  await build({ entryPoints: [join(ROOT, "test/fixtures/append-events.ts")], bundle: true, platform: "node", format: "esm", outfile: writer, logLevel: "warning" });
});
after(() => rmSync(root, { recursive: true, force: true }));

describe("appending", () => {
  test("seq and time assigned; fields in the contract's order; detail kept; file 0600", () => {
    const dir = fresh();
    const a = appendEvent(dir, ev());
    const b = appendEvent(dir, ev({ type: "ended", status: "failed", exit_code: 3 }));
    assert.equal(a.seq, 1);
    assert.equal(b.seq, 2);
    const [l1, l2] = lines(dir);
    assert.deepEqual(Object.keys(l1!), ["seq", "time", "type", "session", "id", "identifier", "context", "worktree"]);
    assert.deepEqual(Object.keys(l2!).slice(-2), ["status", "exit_code"]);
    assert.match(l1!.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    assert.equal(statSync(eventsPath(dir)).mode & 0o777, 0o600);
    // A caller cannot choose its own seq or time.
    assert.equal(appendEvent(dir, ev({ seq: 99, time: "x" })).seq, 3);
  });

  test("50 concurrent writer processes × 20 events: seq 1..1000, no gap, no duplicate, every line whole", async () => {
    const dir = fresh();
    const go = join(dir, "go");
    const writers = Array.from({ length: 50 }, () => runWriter([dir, "20", go]));
    // Once all of them wait on the go file, release them together.
    await eventually(() => readdirSync(dir).filter((f) => f.startsWith("go.ready.")).length === 50, 20000, "50 writers ready");
    writeFileSync(go, "");
    const codes = await Promise.all(writers);
    assert.deepEqual(new Set(codes), new Set([0]));
    const all = lines(dir);
    assert.equal(all.length, 1000);
    assert.deepEqual(all.map((e) => e.seq), Array.from({ length: 1000 }, (_, i) => i + 1));
    // Each writer's own events are in its order.
    const perWriter = new Map<string, number[]>();
    for (const e of all) perWriter.set(e.session, [...(perWriter.get(e.session) ?? []), e.n as number]);
    assert.equal(perWriter.size, 50);
    for (const ns of perWriter.values()) assert.deepEqual(ns, Array.from({ length: 20 }, (_, i) => i));
    assert.equal(existsSync(join(dir, "events.lock")), false, "the lock is given back");
  });

  test("a lock left by a dead process is broken; so is an old one whose pid lives", async () => {
    const dir = fresh();
    appendEvent(dir, ev());
    // A pid that no longer exists.
    const dead = spawn("true");
    await new Promise((r) => dead.on("close", r));
    writeFileSync(join(dir, "events.lock"), `${dead.pid} ${(await import("node:os")).hostname()}\n`);
    assert.equal(appendEvent(dir, ev()).seq, 2);
    // A live pid, but held far longer than any append takes.
    writeFileSync(join(dir, "events.lock"), `${process.pid} ${(await import("node:os")).hostname()}\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "events.lock"), old, old);
    assert.equal(appendEvent(dir, ev()).seq, 3);
    assert.equal(existsSync(join(dir, "events.lock")), false);
  });

  test("a fresh lock held by a live process is waited for, then taken", async () => {
    const dir = fresh();
    const lock = join(dir, "events.lock");
    writeFileSync(lock, `${process.pid} ${(await import("node:os")).hostname()}\n`);
    let exited = false;
    const w = runWriter([dir, "1"]).then((c) => ((exited = true), c));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(exited, false, "the writer waits while the lock is held");
    rmSync(lock);
    assert.equal(await w, 0);
    assert.equal(lines(dir).length, 1);
  });

  test("appendEventIf appends only when its check, run under the lock, says so", () => {
    const dir = fresh();
    let checks = 0;
    assert.equal(appendEventIf(dir, ev(), () => (checks++, false)), null);
    assert.equal(appendEventIf(dir, ev(), () => (checks++, true))?.seq, 1);
    assert.equal(checks, 2);
    assert.equal(lines(dir).length, 1);
    // Detail read under the lock (a state's `from`) joins the event.
    assert.equal(appendEventIf(dir, ev({ type: "state", from: null, to: "waiting" }), () => ({ from: "working" }))?.from, "working");
  });

  test("a damaged last line (no newline) is skipped: seq continues from the last good one on a line of its own", () => {
    const dir = fresh();
    appendEvent(dir, ev());
    appendFileSync(eventsPath(dir), "not json\n{\"seq\": \"x\"}\n{\"seq\": 7, \"type\": \"cre");
    assert.equal(appendEvent(dir, ev()).seq, 2);
    const r = readEvents(dir);
    assert.deepEqual(r.events.map((e) => e.seq), [1, 2]);
    assert.equal(r.damaged, 3);
  });

  test("an unwritable state dir is a one-line error naming the log", () => {
    const dir = fresh();
    writeFileSync(join(dir, "state"), "a file where the directory should be");
    assert.throws(() => appendEvent(join(dir, "state"), ev()), /cannot append to the event log .*state\/events.jsonl \(E(NOTDIR|EXIST)\)/);
  });
});

describe("rotation", () => {
  test("past the size limit the log moves to events.jsonl.1; seq continues; readers read both", async () => {
    const dir = fresh();
    const max = 4000;
    for (let i = 0; i < 60; i++) appendEvent(dir, ev({ n: i }), null, { maxBytes: max });
    assert.ok(existsSync(rotatedPath(dir)));
    assert.ok(statSync(eventsPath(dir)).size < max + 400);
    const older = lines(dir, rotatedPath(dir));
    const current = lines(dir);
    assert.equal(current[0]!.seq, older[older.length - 1]!.seq + 1);
    assert.equal(current[current.length - 1]!.seq, 60);
    const read = readEvents(dir).events.map((e) => e.seq);
    assert.deepEqual(read, Array.from({ length: read.length }, (_, i) => read[0]! + i));
    assert.equal(read[read.length - 1], 60);
  });

  test("concurrent writers across rotations: still no gap, no duplicate", async () => {
    const dir = fresh();
    const codes = await Promise.all(Array.from({ length: 8 }, () => runWriter([dir, "40", "", "3000"])));
    assert.deepEqual(new Set(codes), new Set([0]));
    const seqs = [...lines(dir, rotatedPath(dir)), ...lines(dir)].map((e) => e.seq);
    assert.equal(seqs[seqs.length - 1], 320);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
  });
});

describe("reading", () => {
  const evs = [
    { seq: 1, time: "2026-01-01T10:00:00.000+00:00", type: "created", session: "gwq-run-api-1", id: "a1", identifier: "api", context: "run", worktree: "main" },
    { seq: 2, time: "2026-01-01T10:00:01.000+00:00", type: "created", session: "gwq-run-api-v2-1", id: "b2", identifier: "api-v2", context: "run", worktree: "feat" },
    { seq: 3, time: "2026-01-01T10:00:02.000+00:00", type: "ended", session: "gwq-run-web-1", id: "c3", identifier: "web", context: "claude", worktree: "feature/api", status: "failed", exit_code: 2 },
  ] as GwqEvent[];

  test("a pattern: exact name, id or identifier wins; otherwise a case-insensitive substring", () => {
    const pick = (p: string | undefined) => evs.filter(eventMatcher(p, evs)).map((e) => e.seq);
    assert.deepEqual(pick(undefined), [1, 2, 3]);
    assert.deepEqual(pick("api"), [1]);
    assert.deepEqual(pick("b2"), [2]);
    assert.deepEqual(pick("API-V"), [2]);
    assert.deepEqual(pick("feature/"), [3]);
    assert.deepEqual(pick("CLAUDE"), [3]);
    assert.deepEqual(pick("nothing"), []);
  });

  test("--since: a seq (events after it) or a duration back from now", () => {
    assert.deepEqual(parseSince("2"), { seq: 2 });
    const now = Date.parse("2026-01-01T10:00:03.000+00:00");
    const s = parseSince("2s", now);
    assert.deepEqual(evs.filter((e) => isAfter(e, s)).map((e) => e.seq), [2, 3]);
    assert.deepEqual(evs.filter((e) => isAfter(e, parseSince("1"))).map((e) => e.seq), [2, 3]);
    assert.throws(() => parseSince("yesterday"), /--since expects a seq number or a duration/);
  });

  test("the table: TIME SESSION EVENT DETAIL", () => {
    const out = renderEvents([...evs, { ...evs[0]!, seq: 4, type: "state", from: "working", to: "waiting", source: "hook", reason: "Allow Bash?" } as GwqEvent]);
    assert.match(out[0]!, /^TIME\s+SESSION\s+EVENT\s+DETAIL$/);
    assert.match(out[3]!, /gwq-run-web-1\s+ended\s+failed \(exit 2\)$/);
    assert.match(out[4]!, /state\s+working → waiting \(hook\): Allow Bash\?$/);
    assert.equal(eventDetail({ ...evs[0]!, type: "restarted", restarts: 2, exit_code: 3 }), "restart 2, after exit 3");
    // A type a later version adds: its detail as it is.
    assert.equal(eventDetail({ ...evs[0]!, type: "paused" as never, attempt: 2 }), '{"attempt":2}');
  });
});

describe("following", () => {
  test("from the end: new events in order, nothing old; follows a rotation without loss", async () => {
    const dir = fresh();
    appendEvent(dir, ev({ n: -1 }));
    const got: number[] = [];
    const f = new EventFollower(dir, (e) => got.push(e.seq)).start();
    try {
      for (let i = 0; i < 40; i++) {
        appendEvent(dir, ev({ n: i }), null, { maxBytes: 2500 });
        // Let the watcher see some of them one by one and others in batches.
        if (i % 7 === 0) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(existsSync(rotatedPath(dir)), "rotated meanwhile");
      await eventually(() => got.length === 40, 10000, `40 events (got ${got.length})`);
      assert.deepEqual(got, Array.from({ length: 40 }, (_, i) => i + 2));
    } finally {
      f.close();
    }
  });

  test("after a seq: the backlog first, then what comes; a log that does not exist yet is waited for", async () => {
    const dir = join(fresh(), "later");
    const got: number[] = [];
    const f = new EventFollower(dir, (e) => got.push(e.seq), { after: 0, pollMs: 200 }).start();
    try {
      appendEvent(dir, ev());
      appendEvent(dir, ev());
      await eventually(() => got.length === 2, 10000, "events in a log created after the follower");
      const g: number[] = [];
      const f2 = new EventFollower(dir, (e) => g.push(e.seq), { after: 1 }).start();
      appendEvent(dir, ev());
      await eventually(() => g.length === 2, 10000, "backlog then new");
      f2.close();
      assert.deepEqual(g, [2, 3]);
    } finally {
      f.close();
    }
  });
});

describe("states only activity shows (the sweep)", () => {
  const record = { session_name: "gwq-claude-a-20260101000000", id: "a1", identifier: "a", context: "claude", worktree: null };
  test("logged once per change, from what was shown last: the newer of the reported mark and the last activity state", () => {
    const stateDir = fresh();
    const dir = join(stateDir, "sessions");
    mkdirSync(dir);
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    assert.equal(logObservedState(dir, record, "working", t(1))?.from, null);
    assert.equal(logObservedState(dir, record, "working", t(2)), null, "the same state seen again is no event");
    assert.equal(logObservedState(dir, record, "idle", t(3))?.from, "working");
    // A hook reports waiting after that: the activity's next word is a change from waiting.
    writeFileSync(join(dir, `${record.session_name}.state.json`), JSON.stringify({ state: "waiting", source: "hook", at: t(4).toISOString() }));
    assert.equal(lastShown(record.session_name, dir), "waiting");
    const ev = logObservedState(dir, record, "idle", t(5));
    assert.deepEqual([ev?.from, ev?.to, ev?.source], ["waiting", "idle", "activity"]);
    assert.deepEqual(readEvents(stateDir).events.map((e) => `${e.from}>${e.to}`), ["null>working", "working>idle", "waiting>idle"]);
  });

  test("the sweep's looks: written beside the state, and a file already holding the same look is not rewritten", () => {
    const stateDir = fresh();
    const dir = join(stateDir, "sessions");
    mkdirSync(dir);
    const name = record.session_name;
    logObservedState(dir, record, "idle", new Date(Date.UTC(2026, 0, 1)));
    const look = { hash: "0123456789abcd", since: 1000, after: null, checked: 2000, gone: null };
    saveScreensSeen(dir, [{ name, screen: look }]);
    assert.deepEqual(readScreenSeen(name, dir), look);
    assert.equal(JSON.parse(readFileSync(activityPath(name, dir), "utf8")).state, "idle", "the state kept beside the look");
    // The same look again: the file is left as it is (same inode, same time), no temp file left.
    const before = statSync(activityPath(name, dir));
    utimesSync(activityPath(name, dir), new Date(0), new Date(0));
    saveScreensSeen(dir, [{ name, screen: { ...look } }]);
    assert.equal(statSync(activityPath(name, dir)).ino, before.ino);
    assert.equal(statSync(activityPath(name, dir)).mtimeMs, 0, "not rewritten");
    // A look that moved (checked later): written.
    saveScreensSeen(dir, [{ name, screen: { ...look, checked: 3000 } }]);
    assert.equal((readScreenSeen(name, dir) as { checked: number }).checked, 3000);
    assert.notEqual(statSync(activityPath(name, dir)).mtimeMs, 0);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
    assert.equal(existsSync(join(stateDir, "events.lock")), false, "the lock given back");
  });
});
