// The sweep (src/sessions/sweep.ts) against a fake tmux and a fixed clock: what it writes, what it
// removes, and what it never kills.
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rewrite, writeEnd } from "../../src/sessions/store.js";
import { fakeWorld, pane, storedRecord } from "../helpers/fake-tmux.js";

let w: ReturnType<typeof fakeWorld>;
afterEach(() => w?.cleanup());

const HOUR = 3600_000;
const dir = () => join(w.root, "state", "sessions");
const put = (id: string, over: Parameters<typeof storedRecord>[1] = {}) => {
  const r = storedRecord(id, over);
  rewrite(r, dir());
  return r.session_name;
};
const ended = (name: string, at: string, code = 0) => writeEnd(name, { exit_code: code, signal: null, end_time: at, history_file: null }, dir());

describe("sweep", () => {
  test("a session gone without an end is marked detached once, with its reason and the sweep's time", async () => {
    w = fakeWorld();
    const name = put("gone");
    // The server that made it still runs (it answers with another session): the session was killed.
    w.tmux.panes.set("someone-elses", [pane("someone-elses", { paneId: "%40" })]);
    const [s] = await w.m.sweep();
    assert.equal(s!.status, "detached");
    const end = JSON.parse(readFileSync(join(dir(), `${name}.end.json`), "utf8"));
    assert.equal(end.detached_reason, "session-killed");
    assert.equal(Date.parse(end.detached_at), w.clock.now);
    // A second sweep an hour later keeps the first time.
    w.clock.now += 10 * 60_000;
    await w.m.sweep();
    assert.equal(JSON.parse(readFileSync(join(dir(), `${name}.end.json`), "utf8")).detached_at, end.detached_at);
    assert.deepEqual(w.tmux.killed(), []);
  });

  test("a detached mark a live pane contradicts is removed; the running session is untouched", async () => {
    w = fakeWorld();
    const name = put("slow");
    writeEnd(name, { exit_code: null, signal: null, end_time: null, history_file: null, detached_at: "2026-01-01T11:00:00.000+00:00", detached_reason: "server-exited" }, dir());
    w.tmux.panes.set(name, [pane(name, { gwqId: "slow" })]);
    const [s] = await w.m.sweep();
    assert.equal(s!.status, "running");
    assert.equal(existsSync(join(dir(), `${name}.end.json`)), false);
    assert.deepEqual(w.tmux.killed(), []);
  });

  test("expiry removes finished records past session_timeout and kills their panes; never a running one, never a foreign session", async () => {
    w = fakeWorld({ session_timeout: HOUR });
    const old = put("old");
    ended(old, "2026-01-01T10:00:00.000+00:00");
    w.tmux.panes.set(old, [pane(old, { gwqId: "old", dead: true, deadStatus: 0 })]);
    const fresh = put("fresh");
    ended(fresh, "2026-01-01T11:30:00.000+00:00");
    const running = put("running", { start_time: "2025-12-01T00:00:00.000+00:00" });
    w.tmux.panes.set(running, [pane(running, { gwqId: "running" })]);
    // A same-named session someone else made: not ours, never killed.
    const foreign = put("foreign");
    ended(foreign, "2026-01-01T09:00:00.000+00:00");
    w.tmux.panes.set(foreign, [pane(foreign, { gwqId: "not-gwq", paneId: "%77" })]);
    const kept = (await w.m.sweep()).map((s) => s.session_name).sort();
    assert.deepEqual(kept, [fresh, running].sort());
    assert.deepEqual(w.tmux.killed(), [old]);
    assert.equal(existsSync(join(dir(), `${old}.json`)), false);
    assert.equal(existsSync(join(dir(), `${foreign}.json`)), false);
    assert.ok(w.tmux.panes.has(foreign), "the foreign session is still there");
  });

  test("expiry never ends a session whose only copy of its output is in tmux: it saves it first", async () => {
    w = fakeWorld({ session_timeout: HOUR });
    const hist = join(w.root, "history");
    const name = put("lost", { output: { raw: join(hist, "gwq-run-lost-20260101120000.raw"), max_bytes: 1 << 20 } });
    ended(name, "2026-01-01T10:00:00.000+00:00");
    w.tmux.panes.set(name, [pane(name, { gwqId: "lost", dead: true, deadStatus: 0, paneId: "%5" })]);
    w.tmux.screens.set("%5", ["only-in-tmux"]);
    await w.m.sweep();
    assert.deepEqual(w.tmux.killed(), [name]);
    assert.match(readFileSync(join(hist, `${name}.log`), "utf8"), /only-in-tmux/);
  });

  test("...and keeps the session, with a warning, when the copy cannot be saved", async () => {
    const warnings: string[] = [];
    w = fakeWorld({ session_timeout: HOUR });
    const blocked = join(w.root, "blocked");
    writeFileSync(blocked, "a file where the history directory should be");
    const { SessionManager } = await import("../../src/sessions/manager.js");
    const m = new SessionManager({ tmux: w.tmux, now: () => w.clock.now, stateDir: join(w.root, "state"), env: { HOME: w.root }, warn: (x) => warnings.push(x), config: { history_save_dir: join(blocked, "h"), session_timeout: HOUR } });
    const name = put("stuck", { output: { raw: join(blocked, "h", "x.raw"), max_bytes: 1 << 20 } });
    ended(name, "2026-01-01T10:00:00.000+00:00");
    w.tmux.panes.set(name, [pane(name, { gwqId: "stuck", dead: true, deadStatus: 0, paneId: "%6" })]);
    w.tmux.screens.set("%6", ["precious"]);
    const kept = await m.sweep();
    assert.deepEqual(kept.map((s) => s.session_name), [name]);
    assert.deepEqual(w.tmux.killed(), []);
    assert.match(warnings.join("\n"), /past tmux.session_timeout but kept/);
  });

  test("leftover files without a record are removed; a record's own files stay", async () => {
    w = fakeWorld();
    const name = put("live");
    w.tmux.panes.set(name, [pane(name, { gwqId: "live" })]);
    mkdirSync(dir(), { recursive: true });
    for (const f of ["orphan.end.json", "orphan.state.json", "orphan.activity.json", "orphan.restarts.json", "orphan.env", `${name}.state.json`]) writeFileSync(join(dir(), f), "{}");
    await w.m.sweep();
    for (const f of ["orphan.end.json", "orphan.state.json", "orphan.activity.json", "orphan.restarts.json", "orphan.env"]) assert.equal(existsSync(join(dir(), f)), false, f);
    assert.ok(existsSync(join(dir(), `${name}.state.json`)));
  });

  test("listing is pure: nothing written, nothing killed, whatever it sees", async () => {
    w = fakeWorld({ session_timeout: HOUR });
    const gone = put("gone");
    const old = put("old");
    ended(old, "2026-01-01T09:00:00.000+00:00");
    w.tmux.panes.set(old, [pane(old, { gwqId: "old", dead: true, deadStatus: 0 })]);
    writeFileSync(join(dir(), "orphan.env"), "x");
    const before = readFileSync(join(dir(), `${old}.end.json`), "utf8");
    const list = await w.m.listSessions();
    assert.equal(list.find((s) => s.session_name === gone)!.status, "detached");
    assert.equal(existsSync(join(dir(), `${gone}.end.json`)), false);
    assert.ok(existsSync(join(dir(), "orphan.env")));
    assert.equal(readFileSync(join(dir(), `${old}.end.json`), "utf8"), before);
    assert.deepEqual(w.tmux.killed(), []);
  });
});
