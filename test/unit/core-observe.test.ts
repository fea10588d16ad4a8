// observe() (src/sessions/status.ts), the one function every view computes a session with: a table
// of record, end mark, state mark, restart mark and pane, against a fixed world.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { observe, type World } from "../../src/sessions/status.js";
import type { EndMark, Entry, RestartMark } from "../../src/sessions/store.js";
import type { StateMark } from "../../src/sessions/state.js";
import { pane, SERVER, storedRecord } from "../helpers/fake-tmux.js";

const NOW = Date.parse("2026-01-01T13:00:00Z");
const world: World = { server: SERVER, bootId: () => "boot-a", now: NOW, hookStaleMs: 120_000 };
const NAME = "gwq-run-a-20260101120000";

const ends: Record<string, EndMark | null> = {
  none: null,
  ok: { exit_code: 0, signal: null, end_time: "2026-01-01T12:30:00.000+00:00", history_file: null },
  fail: { exit_code: 3, signal: null, end_time: "2026-01-01T12:30:00.000+00:00", history_file: "/h/x.log" },
  detached: { exit_code: null, signal: null, end_time: null, history_file: null, detached_at: "2026-01-01T12:40:00.000+00:00", detached_reason: "rebooted" },
};
const panes = {
  none: undefined,
  live: [pane(NAME, { gwqId: "a", activity: NOW / 1000 - 1 })],
  dead0: [pane(NAME, { gwqId: "a", dead: true, deadStatus: 0 })],
  dead7: [pane(NAME, { gwqId: "a", dead: true, deadStatus: 7 })],
  killed: [pane(NAME, { gwqId: "a", dead: true, deadSignal: 9 })],
  unreaped: [pane(NAME, { gwqId: "a", dead: true })],
  foreign: [pane(NAME, { gwqId: "someone-else", paneId: "%9" })],
};
const states: Record<string, StateMark | null> = {
  none: null,
  waiting: { state: "waiting", source: "hook", reason: "permission", since: new Date(NOW - 1000).toISOString(), at: new Date(NOW - 1000).toISOString(), agent_session_id: "conv-1" },
};
const restarts: Record<string, RestartMark | null> = { none: null, two: { restarts: 2, last_exit: 1, at: "2026-01-01T12:20:00.000+00:00" } };

// record: "made" (pane known, an hour old), "young" (no pane yet, seconds old), "old" (no pane, an hour old).
const records = {
  made: storedRecord("a", { agent: "claude" }),
  young: storedRecord("a", { agent: "claude", pane_id: null, pid: null, start_time: new Date(NOW - 5000).toISOString() }),
  old: storedRecord("a", { agent: "claude", pane_id: null, pid: null, server: "2:other", boot_id: "boot-a" }),
};

type Row = [record: keyof typeof records, end: keyof typeof ends, pane: keyof typeof panes, status: string, exit: number | null, flags: string];
// flags: n = newly detached, s = stale detached mark, p = our pane found
const table: Row[] = [
  ["made", "none", "live", "running", null, "p"],
  ["made", "none", "dead0", "completed", 0, "p"],
  ["made", "none", "dead7", "failed", 7, "p"],
  ["made", "none", "killed", "failed", 137, "p"],
  ["made", "none", "unreaped", "running", null, "p"],
  ["made", "none", "none", "detached", null, "n"],
  ["made", "none", "foreign", "detached", null, "n"],
  ["made", "ok", "none", "completed", 0, ""],
  ["made", "ok", "live", "completed", 0, "p"],
  ["made", "fail", "dead0", "failed", 3, "p"],
  ["made", "detached", "none", "detached", null, ""],
  ["made", "detached", "live", "running", null, "ps"],
  ["young", "none", "none", "running", null, ""],
  ["old", "none", "none", "detached", null, "n"],
  ["old", "ok", "none", "completed", 0, ""],
];

describe("observe(): record × end mark × pane", () => {
  for (const [rec, end, p, status, exit, flags] of table) {
    for (const st of Object.keys(states)) {
      for (const rs of Object.keys(restarts)) {
        test(`${rec} record, ${end} end, ${p} pane, ${st} state, ${rs} restarts → ${status}`, () => {
          const entry: Entry = { record: structuredClone(records[rec]), end: structuredClone(ends[end]), state: states[st], restarts: restarts[rs] };
          const o = observe(entry, structuredClone(panes[p]), world);
          assert.equal(o.session.status, status);
          assert.equal(o.session.exit_code, exit);
          assert.equal(o.newlyDetached, flags.includes("n"), "newlyDetached");
          assert.equal(o.staleDetached, flags.includes("s"), "staleDetached");
          assert.equal(o.pane !== null, flags.includes("p"), "pane found");
          assert.equal(o.session.restarts, rs === "two" ? 2 : 0);
          // The conversation is kept after the end: restart --resume needs it.
          assert.equal(o.session.agent_session_id, st === "waiting" ? "conv-1" : null);
          // A state only while running; a fresh hook's word wins.
          if (status !== "running") assert.equal(o.session.state, null);
          else if (st === "waiting") assert.equal(o.session.state, "waiting");
          if (status === "detached") {
            const why = end === "detached" ? "rebooted" : rec === "old" ? "server-exited" : "session-killed";
            assert.equal(o.session.detached_reason, why);
          } else assert.equal(o.session.detached_reason, null);
          if (end === "detached" && status === "detached") assert.equal(o.session.end_time, ends.detached!.detached_at);
          assert.equal(o.session.history_file, end === "fail" ? "/h/x.log" : null);
        });
      }
    }
  }

  test("a reboot is told from a server restart", () => {
    const entry: Entry = { record: storedRecord("a", { boot_id: "boot-old" }), end: null };
    assert.equal(observe(entry, undefined, world).session.detached_reason, "rebooted");
  });
});
