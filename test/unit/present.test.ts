// The one presenter (src/sessions/present.ts): the word, colour, duration and state every view
// shows for a session — and a check that `gwq tmux list` and `gwq dash` show the same thing.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { sessionRecord } from "../helpers/session-record.js";
import { durationMs, durationText, isWaiting, outcome, sessionLabel, shownState, statusColour, statusWord } from "../../src/sessions/present.js";
import { arrange, endFooter } from "../../src/sessions/format.js";
import { table } from "../../src/sessions/format-table.js";
import { renderDash } from "../../src/ui/dash-view.js";
import { localOnly } from "../../src/ui/dash-groups.js";
import type { Session } from "../../src/sessions/types.js";
import { stripAnsi } from "../../src/ui/width.js";

const START = "2025-01-01T11:00:00Z";
const NOW = Date.parse("2025-01-01T12:00:00Z");
const s = (over: Partial<Session>) => sessionRecord({ start_time: START, ...over });
const ended = (status: "completed" | "failed", exit_code: number) => s({ status, exit_code, end_time: "2025-01-01T11:05:00Z" });

describe("the presenter", () => {
  // [what, session, word, shown state, waiting, colour]
  const rows: [string, Session, string, string | null, boolean, string | null][] = [
    ["a plain running session", s({}), "running", null, false, null],
    ["an agent at work", s({ agent: "claude", state: "working" }), "working", "working", false, null],
    ["an agent waiting", s({ agent: "claude", state: "waiting" }), "waiting", "waiting", true, "yellow"],
    ["an agent idle", s({ agent: "claude", state: "idle" }), "idle", "idle", false, "cyan"],
    ["an agent nobody heard from", s({ agent: "claude", state: "unknown" }), "unknown", "unknown", false, null],
    ["completed, a leftover state ignored", { ...ended("completed", 0), state: "waiting" }, "completed", null, false, "green"],
    ["failed", ended("failed", 3), "failed", null, false, "red"],
    ["detached", s({ status: "detached", detached_reason: "server-exited" }), "detached", null, false, "magenta"],
  ];
  for (const [what, session, word, state, waiting, colour] of rows) {
    test(`${what}: ${word}`, () => {
      assert.equal(statusWord(session), word);
      assert.equal(shownState(session), state);
      assert.equal(isWaiting(session), waiting);
      assert.equal(statusColour(word), colour);
    });
  }

  test("duration: up to now while running, up to the end once ended; never negative", () => {
    assert.equal(durationMs(s({}), NOW), 3600_000);
    assert.equal(durationText(s({}), NOW), "1h");
    assert.equal(durationMs(ended("failed", 3), NOW), 300_000);
    assert.equal(durationMs(s({ start_time: "2025-01-01T13:00:00Z" }), NOW), 0);
  });

  test("outcome: how it ended, as logs' footer says it", () => {
    assert.equal(outcome(s({})), null);
    assert.equal(outcome(ended("failed", 3)), "failed, exit 3");
    assert.equal(outcome(s({ status: "detached", detached_reason: null })), "detached (server-exited)");
    assert.equal(endFooter(ended("completed", 0), NOW), "[gwq] completed, exit 0, after 5m");
  });

  test("the finder's label shows the same word", () => {
    assert.match(sessionLabel(s({ agent: "claude", state: "waiting", identifier: "auth" })), /^run {2}auth {2}waiting {2}/);
  });
});

describe("list and dash agree", () => {
  const sessions = [
    s({ identifier: "plain", worktree: "main" }),
    s({ identifier: "agent", worktree: "main", agent: "claude", state: "unknown" }),
    s({ identifier: "asks", worktree: "main", agent: "claude", state: "waiting" }),
    { ...ended("completed", 0), identifier: "done", session_name: "gwq-run-done-1", worktree: "main" },
    { ...ended("failed", 2), identifier: "broke", session_name: "gwq-run-broke-1", worktree: "main" },
  ].map((x) => ({ ...x, session_name: `gwq-run-${x.identifier}-1`, working_dir: "/src/app" }));

  test("the same word, duration and colour for every session", () => {
    const listed = stripAnsi(table(arrange(sessions, null, "started", NOW), false, 200, NOW, true)).split("\n");
    const dash = renderDash({ width: 200, height: 20, now: NOW, places: localOnly(sessions), filter: "", mode: { kind: "normal" }, selected: null, offset: 0 }).lines;
    const colouredList = table(sessions, false, 200, NOW, true);
    for (const x of sessions) {
      const word = statusWord(x);
      const dur = durationText(x, NOW);
      const inList = listed.find((l) => l.includes(` ${x.identifier} `))!;
      const inDash = stripAnsi(dash.find((l) => stripAnsi(l).includes(` ${x.identifier} `))!);
      for (const [where, line] of [["list", inList], ["dash", inDash]] as const) {
        assert.match(line, new RegExp(`\\b${word}\\s+${dur}\\b`), `${where}: ${x.identifier} shows ${word} ${dur}: ${line}`);
      }
      const colour = statusColour(word);
      const sgr = colour === null ? null : { red: "31", green: "32", yellow: "33", cyan: "36", magenta: "35", dim: "2" }[colour];
      if (sgr) {
        assert.ok(colouredList.includes(`\x1b[${sgr}m${word}`), `list paints ${word} with ${sgr}`);
        assert.ok(dash.some((l) => l.includes(`\x1b[${sgr}m${word}`)), `dash paints ${word} with ${sgr}`);
      }
    }
    // `unknown` is shown by both, in place of `running` (README "Using gwq with coding agents").
    assert.ok(inBoth("unknown", listed, dash));
  });

  test("--filter and the dash filter select by the same word", () => {
    const byList = arrange(sessions, ["unknown", "waiting"], "started", NOW).map((x) => x.identifier).sort();
    assert.deepEqual(byList, ["agent", "asks"]);
  });
});

describe("arrange", () => {
  const at = (identifier: string, start: string, context = "run") => s({ identifier, context, start_time: start });
  const list = [
    at("b", "2025-01-01T11:30:00Z"),
    at("a", "2025-01-01T11:10:00+01:00"), // 10:10Z: the earliest, written with an offset
    at("c", "2025-01-01T11:20:00Z", "agent"),
    at("a", "2025-01-01T11:00:00Z", "agent"),
  ];
  for (const [sort, want] of [
    ["started", ["a@10:10", "a@11:00", "c@11:20", "b@11:30"]],
    ["identifier", ["a@10:10", "a@11:00", "b@11:30", "c@11:20"]],
    ["context", ["a@11:00", "c@11:20", "a@10:10", "b@11:30"]],
    ["duration", ["a@10:10", "a@11:00", "c@11:20", "b@11:30"]],
  ] as const) {
    test(`by ${sort}, then by start time`, () => {
      const got = arrange(list, null, sort, NOW).map((x) => `${x.identifier}@${new Date(x.start_time).toISOString().slice(11, 16)}`);
      assert.deepEqual(got, want);
    });
  }
});

function inBoth(word: string, list: string[], dash: string[]): boolean {
  return list.some((l) => l.includes(word)) && dash.some((l) => stripAnsi(l).includes(word));
}

describe("events use the same colours", () => {
  test("an end's status and a state's new state are painted; nothing else", async () => {
    const { paintDetail, renderEvents, EventStream } = await import("../../src/events/format.js");
    const base = { seq: 1, time: "2025-01-01T11:00:00Z", session: "gwq-run-a-1", id: "a", identifier: "a", context: "run", worktree: null };
    const ended = { ...base, type: "ended", status: "failed", exit_code: 2 } as never;
    const state = { ...base, type: "state", from: "working", to: "waiting", source: "hook" } as never;
    assert.equal(paintDetail(ended, "failed (exit 2)"), "\x1b[31mfailed\x1b[39m (exit 2)");
    assert.equal(paintDetail(state, "working → waiting (hook)"), "working → \x1b[33mwaiting\x1b[39m (hook)");
    assert.equal(paintDetail({ ...base, type: "created", command: "failed" } as never, "$ failed"), "$ failed");
    assert.ok(renderEvents([ended], 200, true).some((l) => l.includes("\x1b[31mfailed")));
    assert.ok(!renderEvents([ended], 200).some((l) => l.includes("\x1b[")));
    assert.match(new EventStream([], 200, true).row(state), /→ \x1b\[33mwaiting/);
  });
});
