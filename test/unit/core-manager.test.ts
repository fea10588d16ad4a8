// The library's reads (getSession, findSessions) and waitSession against a fake tmux: the calls the
// README's example makes.
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { rewrite, writeEnd } from "../../src/sessions/store.js";
import { WaitTimeout } from "../../src/sessions/manager.js";
import { fakeWorld, pane, storedRecord } from "../helpers/fake-tmux.js";

let w: ReturnType<typeof fakeWorld>;
afterEach(() => w?.cleanup());

const dir = () => join(w.root, "state", "sessions");
function live(id: string, over: Parameters<typeof storedRecord>[1] = {}): string {
  const r = storedRecord(id, over);
  rewrite(r, dir());
  w.tmux.panes.set(r.session_name, [pane(r.session_name, { gwqId: id, paneId: `%${id}` })]);
  return r.session_name;
}

describe("getSession and findSessions", () => {
  test("by exact name or id; null for anything else; one tmux listing each", async () => {
    w = fakeWorld();
    const a = live("aaaa", { identifier: "api" });
    live("bbbb", { identifier: "api-v2" });
    assert.equal((await w.m.getSession(a))!.id, "aaaa");
    assert.equal((await w.m.getSession("aaaa"))!.session_name, a);
    assert.equal(await w.m.getSession("api"), null, "an identifier is not a name");
    assert.equal(await w.m.getSession("gwq-run-aaaa"), null, "a prefix is not a name");
    assert.equal(w.tmux.calls.filter((c) => c[0] === "list-panes").length, 4);
  });

  test("a pattern: the exact identifier first, then substrings; no pattern is everything, oldest first", async () => {
    w = fakeWorld();
    const a = live("aaaa", { identifier: "api", start_time: "2026-01-01T11:00:00.000+00:00" });
    const b = live("bbbb", { identifier: "api-v2", start_time: "2026-01-01T10:00:00.000+00:00" });
    live("cccc", { identifier: "web" });
    assert.deepEqual((await w.m.findSessions("api")).map((s) => s.session_name), [a]);
    assert.deepEqual((await w.m.findSessions("v2")).map((s) => s.session_name), [b]);
    assert.deepEqual((await w.m.findSessions()).map((s) => s.identifier), ["api-v2", "api", "web"]);
    assert.deepEqual(await w.m.findSessions("nothing-like-it"), []);
  });
});

describe("waitSession", () => {
  test("resolves with the session as it ended", async () => {
    w = fakeWorld();
    const name = live("wait");
    const done = w.m.waitSession(name, { timeoutMs: 30_000, pollMs: 1000 });
    writeEnd(name, { exit_code: 4, signal: null, end_time: "2026-01-01T12:00:05.000+00:00", history_file: null }, dir());
    w.tmux.panes.set(name, [pane(name, { gwqId: "wait", paneId: "%wait", dead: true, deadStatus: 4 })]);
    const s = await done;
    assert.equal(s.status, "failed");
    assert.equal(s.exit_code, 4);
  });

  test("an ended session resolves at once; an unknown one is an error", async () => {
    w = fakeWorld();
    const name = live("over");
    writeEnd(name, { exit_code: 0, signal: null, end_time: "2026-01-01T12:00:05.000+00:00", history_file: null }, dir());
    assert.equal((await w.m.waitSession(name)).status, "completed");
    await assert.rejects(w.m.waitSession("no-such"), /no gwq session named "no-such"/);
  });

  test("times out with exit code 124; abort is 130; removal is said", async () => {
    w = fakeWorld();
    const name = live("slow");
    await assert.rejects(w.m.waitSession(name, { timeoutMs: 100 }), (e: unknown) => e instanceof WaitTimeout && e.exitCode === 124);
    const ac = new AbortController();
    const p = w.m.waitSession(name, { signal: ac.signal });
    ac.abort();
    await assert.rejects(p, (e: unknown) => (e as { exitCode?: number }).exitCode === 130);
    const gone = w.m.waitSession(name, { timeoutMs: 30_000, pollMs: 1000 });
    rmSync(join(dir(), `${name}.json`));
    await assert.rejects(gone, /was removed while waiting/);
  });
});
