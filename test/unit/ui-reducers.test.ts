// The terminal views' reducers (src/ui/dash-state.ts, src/ui/finder-state.ts), the shared screen
// writer (src/ui/screen.ts) and the dashboard's host groups (src/ui/dash-view.ts): pure, one line
// per case. The loops around them are tested in a real terminal (test/e2e/dash*, finder*).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { sessionRecord } from "../helpers/session-record.js";
import { initialDash, reduceDash, withPlace, type DashEffect, type DashState } from "../../src/ui/dash-state.js";
import { initialFinder, reduceFinder, type FinderState } from "../../src/ui/finder-state.js";
import { displayOrder, keyOf } from "../../src/ui/dash-groups.js";
import { renderDash } from "../../src/ui/dash-view.js";
import { screenUpdate } from "../../src/ui/screen.js";
import type { Key } from "../../src/ui/keys.js";
import { stripAnsi } from "../../src/ui/width.js";
import type { Session } from "../../src/sessions/types.js";

const NOW = Date.parse("2025-01-01T12:00:00Z");
const sess = (identifier: string, over: Partial<Session> = {}) =>
  sessionRecord({ identifier, session_name: `gwq-run-${identifier}-1`, worktree: "main", working_dir: "/src/app", start_time: `2025-01-01T11:0${identifier.length}:00Z`, ...over });
const a = sess("a");
const bb = sess("bb", { status: "completed", exit_code: 0, end_time: "2025-01-01T11:30:00Z" });
const far = { ...sess("ccc"), host: "box" };

/** Local a and bb, box with ccc; a selected. */
function dash(over: Partial<DashState> = {}): DashState {
  let s = withPlace(initialDash(["box"], true), { host: null, sessions: [a, bb], error: null }).state;
  s = withPlace(s, { host: "box", sessions: [far], error: null }).state;
  return { ...s, ...over };
}
const words = (line: string) => stripAnsi(line).trim().replace(/\s+/g, " ");
const key = (k: string): Key => (k.length === 1 ? { name: "char", ch: k } : { name: k });
const kinds = (effects: DashEffect[]) => effects.map((e) => e.kind + ("session" in e ? `:${keyOf(e.session)}` : "") + ("force" in e ? `:${e.force}` : ""));

describe("dash: reduceDash(state, key)", () => {
  // [state, key, selected after, effects, mode after]
  const cases: [string, DashState, string, string | null, string[], string][] = [
    ["j moves down", dash(), "j", bb.session_name, ["selected"], "normal"],
    ["down into the host's group", dash({ selected: bb.session_name, selectedIndex: 1 }), "down", "box:gwq-run-ccc-1", ["selected"], "normal"],
    ["k at the top stays", dash(), "k", a.session_name, [], "normal"],
    ["G goes to the last", dash(), "G", "box:gwq-run-ccc-1", ["selected"], "normal"],
    ["q quits", dash(), "q", a.session_name, ["quit"], "normal"],
    ["ctrl-c quits", dash({ mode: { kind: "filter" } }), "ctrl-c", a.session_name, ["quit"], "filter"],
    ["Enter attaches", dash(), "enter", a.session_name, [`attach:${a.session_name}`], "normal"],
    ["l shows logs", dash(), "l", a.session_name, [`logs:${a.session_name}`], "normal"],
    ["x asks first", dash(), "x", a.session_name, [], "confirm"],
    ["y after x kills", dash({ mode: { kind: "confirm", action: "kill", key: a.session_name, name: a.session_name } }), "y", a.session_name, [`kill:${a.session_name}`], "normal"],
    ["n after x does not", dash({ mode: { kind: "confirm", action: "kill", key: a.session_name, name: a.session_name } }), "n", a.session_name, [], "normal"],
    ["r on a running one asks", dash(), "r", a.session_name, [], "confirm"],
    ["y after r restarts with force", dash({ mode: { kind: "confirm", action: "restart", key: a.session_name, name: a.session_name } }), "y", a.session_name, [`restart:${a.session_name}:true`], "normal"],
    ["r on an ended one restarts", dash({ selected: bb.session_name }), "r", bb.session_name, [`restart:${bb.session_name}:false`], "normal"],
    ["d shows the diff", dash(), "d", a.session_name, [`diff:${a.session_name}`], "normal"],
    ["m asks first", dash(), "m", a.session_name, [], "confirm"],
    ["d without the loop: a message", dash({ loop: false }), "d", a.session_name, [], "normal"],
    ["d on a remote row: a message", dash({ selected: "box:gwq-run-ccc-1" }), "d", "box:gwq-run-ccc-1", [], "normal"],
    ["x on a remote row asks, naming the host", dash({ selected: "box:gwq-run-ccc-1" }), "x", "box:gwq-run-ccc-1", [], "confirm"],
    ["Enter on a remote row attaches there", dash({ selected: "box:gwq-run-ccc-1" }), "enter", "box:gwq-run-ccc-1", ["attach:box:gwq-run-ccc-1"], "normal"],
    ["/ opens the filter", dash(), "/", a.session_name, [], "filter"],
    ["typing filters and moves to a match", dash({ mode: { kind: "filter" }, filter: "c" }), "c", "box:gwq-run-ccc-1", ["selected"], "filter"],
    ["Esc in the filter clears it", dash({ mode: { kind: "filter" }, filter: "zz" }), "escape", a.session_name, [], "normal"],
    ["ctrl-l redraws", dash(), "ctrl-l", a.session_name, ["redraw"], "normal"],
  ];
  for (const [what, state, k, selected, effects, mode] of cases) {
    test(what, () => {
      const r = reduceDash(state, key(k), NOW);
      assert.deepEqual([r.state.selected, kinds(r.effects), r.state.mode.kind], [selected, effects, mode]);
    });
  }

  test("messages: remote diff names the command; a confirmation names the host", () => {
    assert.match(reduceDash(dash({ selected: "box:gwq-run-ccc-1" }), key("d"), NOW).state.message!.text, /gwq diff --host box/);
    const m = reduceDash(dash({ selected: "box:gwq-run-ccc-1" }), key("x"), NOW).state.mode;
    assert.deepEqual(m, { kind: "confirm", action: "kill", key: "box:gwq-run-ccc-1", name: "gwq-run-ccc-1 on box" });
  });

  test("a listing without the selected session moves the selection to its neighbour", () => {
    const s = dash({ selected: bb.session_name, selectedIndex: 1 });
    assert.equal(withPlace(s, { host: null, sessions: [a], error: null }).state.selected, "box:gwq-run-ccc-1");
  });

  test("a host that fails keeps its place, shows one line, and its sessions leave the order", () => {
    const s = withPlace(dash(), { host: "box", sessions: null, error: "unreachable: Connection refused" }).state;
    assert.deepEqual(displayOrder(s.places).map(keyOf), [a.session_name, bb.session_name]);
    const lines = renderDash({ width: 80, height: 20, now: NOW, places: s.places, filter: "", mode: { kind: "normal" }, selected: a.session_name, offset: 0 }).lines.map(words);
    assert.deepEqual(lines.slice(1, 6), ["this machine", "main /src/app", "> run a running 59m true", "run bb completed 28m true", "box: unreachable: Connection refused"]);
  });

  test("a host not answered yet says so; hosts are never mixed into this machine's groups", () => {
    const s = initialDash(["box", "mute"], false);
    const placed = withPlace(withPlace(s, { host: null, sessions: [a], error: null }).state, { host: "box", sessions: [far], error: null }).state;
    const lines = renderDash({ width: 80, height: 20, now: NOW, places: placed.places, filter: "", mode: { kind: "normal" }, selected: placed.selected, offset: 0 }).lines.map(words);
    assert.deepEqual(lines.slice(1, 8), ["this machine", "main /src/app", "> run a running 59m true", "box", "main /src/app", "run ccc running 57m true", "mute: asking…"]);
  });
});

describe("finder: reduceFinder(state, key)", () => {
  const labels = ["api", "web", "api-docs"];
  const f = (over: Partial<FinderState> = {}) => ({ ...initialFinder(labels, "", true), ...over });
  const typed = (q: string) => initialFinder(labels, q, true);
  const step = (s: FinderState, k: string) => reduceFinder(s, key(k), 2);
  const shown = (s: FinderState) => s.ranked.map((r) => labels[r.index]);
  const cases: [string, FinderState, string, (s: FinderState) => unknown, unknown][] = [
    ["typing narrows", f(), "w", shown, ["web"]],
    ["backspace widens", typed("we"), "backspace", (s) => s.query, "w"],
    ["ctrl-u clears before the cursor", typed("api"), "ctrl-u", (s) => [s.query, s.cursor], ["", 0]],
    ["ctrl-w deletes a word", typed("api do"), "ctrl-w", (s) => s.query, "api "],
    ["left then typing inserts", step(typed("ap"), "left").state, "x", (s) => s.query, "axp"],
    ["down moves", f(), "down", (s) => s.current, 1],
    ["up at the top stays", f(), "up", (s) => s.current, 0],
    ["pagedown moves a page", f(), "pagedown", (s) => s.current, 2],
    ["tab marks and moves", f(), "tab", (s) => [[...s.marked], s.current], [[0], 1]],
    ["end goes last", f(), "end", (s) => s.current, 2],
  ];
  for (const [what, state, k, read, want] of cases) test(what, () => assert.deepEqual(read(step(state, k).state), want));

  test("Enter chooses the current one, or the marked ones; with nothing matching it does nothing", () => {
    assert.deepEqual(step(f({ current: 1 }), "enter").effects, [{ kind: "choose", indices: [1] }]);
    assert.deepEqual(step(f({ marked: new Set([2, 0]) }), "enter").effects, [{ kind: "choose", indices: [0, 2] }]);
    assert.deepEqual(step(typed("zzz"), "enter").effects, []);
  });

  test("Esc, Ctrl-C, Ctrl-G cancel", () => {
    for (const k of ["escape", "ctrl-c", "ctrl-g"]) assert.deepEqual(step(f(), k).effects, [{ kind: "cancel" }]);
  });
});

describe("the screen writer", () => {
  test("the first frame whole; then only the rows that changed; a steady frame sends nothing", () => {
    const first = screenUpdate(null, ["one", "two"], 10, 2);
    assert.equal(first.data, "\x1b[Hone\x1b[K\r\ntwo\x1b[K");
    assert.equal(screenUpdate(first.drawn, ["one", "2"], 10, 2).data, "\x1b[2;1H2\x1b[K");
    assert.equal(screenUpdate(first.drawn, ["one", "two"], 10, 2).data, "");
    // A different number of rows is a whole frame again; a full-width row is not cleared.
    assert.equal(screenUpdate(first.drawn, ["x"], 10, 2).data, "\x1b[Hx\x1b[K\r\n\x1b[J");
    assert.equal(screenUpdate(["a", "b"], ["a", "0123456789xyz"], 10, 2).data, "\x1b[2;1H0123456789");
  });
});
