// The screen-content rule (src/agents/quiet.ts) with a fixed clock: what a series of looks at an
// agent's screen makes of a hook's state, in the cases the real programs showed (test/agents).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { claude } from "../../src/agents/claude.js";
import { latch, nextSeen, parseSeen, screenEvidence, screenHash, worthALook, type ScreenSeen } from "../../src/agents/quiet.js";
import { isoLocal, resolveState, type AgentState, type StateMark } from "../../src/sessions/state.js";

const T = Date.parse("2026-01-01T12:00:00.000Z");
const s = (sec: number) => T + sec * 1000;
const MIN = 60_000;

function mark(state: AgentState, atSec: number, source: "hook" | "report" = "hook"): StateMark {
  const at = isoLocal(new Date(s(atSec)));
  return { state, source, reason: null, since: at, agent_session_id: null, at };
}

/** A look: at `t` (s after T) the screen shows `screen`, tmux's activity time is `act` (s after T). */
type Look = [t: number, screen: string, act: number];

/** The state after these looks, as the last one shows it (the latch kept as the sweep keeps it). */
function after(m: StateMark | null, looks: Look[], staleMs = 2 * MIN, quietMs = 10_000): { state: string | null; source: string | null; seen: ScreenSeen } {
  let seen: ScreenSeen | null = null;
  let out = { state: null as string | null, source: null as string | null };
  for (const [t, screen, act] of looks) {
    const now = s(t);
    const activitySec = Math.floor(s(act) / 1000);
    seen = nextSeen(seen, screenHash([screen]), now, activitySec * 1000);
    seen = latch(seen, m, screenEvidence(seen, now, activitySec), now, quietMs);
    const r = resolveState("codex", m, activitySec, now, staleMs, quietMs, screenEvidence(seen, now, activitySec));
    out = { state: r.state, source: r.state_source };
  }
  return { ...out, seen: seen! };
}

/** Looks every second from `from` to `to` (s) at one screen, tmux's activity moving with the clock (an animation). */
const animated = (from: number, to: number, screen: string): Look[] => Array.from({ length: to - from + 1 }, (_, i) => [from + i, screen, from + i]);
/** Looks every second at one still screen, last output at `act`. */
const still = (from: number, to: number, screen: string, act: number): Look[] => Array.from({ length: to - from + 1 }, (_, i) => [from + i, screen, act]);

describe("screen quiet: a hook's waiting", () => {
  test("Codex's animated approval dialog, byte for byte the same, stays waiting", () => {
    const r = after(mark("waiting", 0), [[0.5, "spinner", 0], ...animated(1, 60, "dialog")]);
    assert.deepEqual([r.state, r.source], ["waiting", "hook"]);
  });
  test("seen for the first time long after the hook, still animated: waiting", () => {
    assert.equal(after(mark("waiting", 0), animated(20, 40, "dialog")).state, "waiting");
  });
  test("past agent.hook_stale, an unchanged dialog still holds", () => {
    assert.equal(after(mark("waiting", 0), [[1, "dialog", 1], ...animated(600, 610, "dialog")]).state, "waiting");
  });
  const seenDialog: Look[] = [[0.5, "spinner", 0], ...animated(1, 10, "dialog")];
  const table: [string, Look[], string, string | null][] = [
    ["answered No after a look saw the dialog: the first look at the new screen", [...seenDialog, [11, "refused", 11]], "working", "activity"],
    ["answered No, 6 s later", [...seenDialog, ...still(11, 17, "refused", 11)], "idle", "activity"],
    ["answered No, then an identical redraw: still not waiting", [...seenDialog, ...still(11, 20, "refused", 11), ...still(21, 24, "refused", 20)], "idle", "activity"],
    ["answered within 3 s of the hook, after a look saw the dialog (an orchestrator's send)", [[0.8, "spinner", 0], [1.8, "dialog", 1], [2.9, "refused", 2]], "working", "activity"],
    ["the dialog drawn 1 s after the hook is no answer", [[0.5, "spinner", 0], [1.5, "dialog", 1], [2.5, "dialog", 2]], "waiting", "hook"],
    ["the answer, unseen before: not yet settled", [[20, "refused", 19]], "waiting", "hook"],
    ["the answer, unseen before: settled for 5 s", still(20, 25, "refused", 19), "idle", "activity"],
    ["the answer, unseen before: settled, then an identical redraw: stays given up (latched), idle", [...still(20, 25, "refused", 19), ...still(26, 27, "refused", 26)], "idle", "activity"],
  ];
  for (const [what, looks, state, source] of table) {
    test(what, () => {
      const r = after(mark("waiting", 0), looks);
      assert.deepEqual([r.state, r.source], [state, source]);
    });
  }
  test("a report is never second-guessed", () => {
    assert.equal(after(mark("waiting", 0, "report"), [...seenDialog, ...still(11, 20, "refused", 11)]).source, "report");
  });
});

describe("screen quiet: a hook's working", () => {
  const spinning: Look[] = Array.from({ length: 10 }, (_, i) => [i + 1, `spinner ${i}s`, i + 1]);
  const table: [string, Look[], string, string][] = [
    ["the spinner turns: working", spinning, "working", "hook"],
    ["Esc, 9 s of a still screen: working", [...spinning, ...still(11, 19, "interrupted", 10)], "working", "hook"],
    ["Esc, then an identical frame at 9 s: idle once the screen has been still for 10 s", [...spinning, ...still(11, 18, "interrupted", 10), ...still(19, 21, "interrupted", 19)], "idle", "activity"],
    ["Esc, 10 s of a still screen, then output that changes it: working, from the screen", [...spinning, ...still(11, 21, "interrupted", 10), [22, "new", 22]], "working", "activity"],
  ];
  for (const [what, looks, state, source] of table) {
    test(what, () => {
      const r = after(mark("working", 0), looks);
      assert.deepEqual([r.state, r.source], [state, source]);
    });
  }
  test("quiet_after 0: never contradicted", () => {
    assert.equal(after(mark("working", 0), still(1, 60, "still", 1), 2 * MIN, 0).source, "hook");
  });
});

describe("screen quiet: the looks", () => {
  test("the hash tells screens apart, and only by their text", () => {
    assert.equal(screenHash(["a", "b"]), screenHash(["a", "b"]));
    assert.notEqual(screenHash(["a", "b"]), screenHash(["a", "c"]));
    assert.notEqual(screenHash(["ab"]), screenHash(["a", "b"]));
  });
  test("a first look dates the screen from tmux's last output; later looks keep or move it", () => {
    const first = nextSeen(null, "h1", s(10), s(7));
    assert.deepEqual(first, { hash: "h1", since: s(7) + 999, after: null, checked: s(10), gone: null });
    const same = nextSeen({ ...first, gone: "x" }, "h1", s(12), s(12));
    assert.deepEqual([same.since, same.after, same.checked, same.gone], [s(7) + 999, null, s(12), "x"]);
    const other = nextSeen(same, "h2", s(13), s(13));
    assert.deepEqual([other.since, other.after, other.checked, other.gone], [s(13), s(12), s(13), "x"]);
  });
  test("what is worth a look: a hook's working or waiting, or a stale mark", () => {
    const rows: [StateMark | null, number, boolean][] = [
      [null, 0, false],
      [mark("working", 0), 1, true],
      [mark("waiting", 0), 1, true],
      [mark("idle", 0), 1, false],
      [mark("idle", 0), 200, true],
      [mark("waiting", 0, "report"), 1, false],
      [mark("waiting", 0, "report"), 200, true],
    ];
    for (const [m, at, want] of rows) assert.equal(worthALook(m, s(at), 2 * MIN), want, `${m?.source} ${m?.state} at ${at}s`);
  });
  test("a stored look is checked field by field", () => {
    assert.deepEqual(parseSeen({ hash: "h", since: 1, after: null, checked: 2 }), { hash: "h", since: 1, after: null, checked: 2, gone: null });
    for (const bad of [null, "x", { hash: 1, since: 1, after: null, checked: 2 }, { hash: "h", since: "1", after: null, checked: 2 }, { hash: "h", since: 1, checked: 2 }]) {
      assert.equal(parseSeen(bad), null, JSON.stringify(bad));
    }
  });
});

describe("screen quiet: Claude Code's work area", () => {
  const rule = "─".repeat(80);
  test("its footer under the input box is left out: tips come and go there", () => {
    const screen = ["● Hello", "", rule, "❯ slow-reply please", rule];
    assert.deepEqual(claude.workArea!([...screen, "  tmux focus-events off · add 'set -g focus-events on'"]), screen);
    assert.deepEqual(claude.workArea!([...screen, "  ? for shortcuts", "  ⏵⏵ accept edits on"]), screen);
    assert.deepEqual(claude.workArea!(screen), screen);
  });
  test("a dialog under the last rule is kept whole", () => {
    const dialog = ["● Bash(touch x)", rule, " Bash command", "   touch x", "", " Do you want to proceed?", " ❯ 1. Yes", "   2. Yes, and always", "   3. No", " Esc to cancel"];
    assert.deepEqual(claude.workArea!(dialog), dialog);
  });
});
