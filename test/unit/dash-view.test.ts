// The dashboard's frame (src/ui/dash-view.ts) and what it lists (src/ui/dash-groups.ts): grouping,
// ordering, marks, layout and fitting, host groups, without a terminal. The terminal loop is tested end to end in test/e2e/dash.test.ts.
import { sessionRecord } from "../helpers/session-record.js";
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { fitPreview, layout, renderDash, type DashModel } from "../../src/ui/dash-view.js";
import { displayOrder as orderOf, groupSessions, localOnly, matchesFilter } from "../../src/ui/dash-groups.js";
import { statusWord } from "../../src/sessions/present.js";
import type { Session } from "../../src/sessions/types.js";
import { stringWidth, stripAnsi } from "../../src/ui/width.js";

const NOW = Date.parse("2025-01-01T12:00:00Z");

function session(over: Partial<Session> & Record<string, unknown> & { identifier: string }): Session {
  return sessionRecord({
    id: over.identifier,
    session_name: `gwq-run-${over.identifier}-20250101110000`,
    working_dir: "/home/u/src/app",
    command: `run ${over.identifier}`,
    pid: 1,
    start_time: "2025-01-01T11:00:00Z",
    worktree: "main",
    ...over,
  } as Partial<Session>);
}

function model(over: Partial<DashModel> & { sessions?: Session[] | null } = {}): DashModel {
  const { sessions, ...rest } = over;
  return { width: 80, height: 24, now: NOW, places: localOnly(sessions === undefined ? [] : sessions), filter: "", mode: { kind: "normal" }, selected: null, offset: 0, ...rest };
}
const displayOrder = (sessions: Session[], filter = "") => orderOf(localOnly(sessions), filter);
const plain = (lines: string[]) => lines.map((l) => stripAnsi(l).trimEnd());

// Three sessions in two worktrees; the newest one waits for its user.
const api = session({ identifier: "api", worktree: "main", start_time: "2025-01-01T11:00:00Z" });
const web = session({ identifier: "web", worktree: "main", start_time: "2025-01-01T11:10:00Z" });
const login = session({
  identifier: "login",
  context: "claude",
  worktree: "feature-login",
  working_dir: "/home/u/worktrees/app/feature-login",
  start_time: "2025-01-01T11:30:00Z",
  command: "claude",
  agent: "claude",
  state: "waiting",
  state_source: "hook",
  state_reason: "Allow Bash(rm -rf dist)?",
});
const unit = session({ identifier: "unit", worktree: "main", status: "failed", exit_code: 3, end_time: "2025-01-01T11:05:00Z" });

describe("ordering and grouping", () => {
  test("sessions are grouped by worktree, groups by branch", () => {
    const groups = groupSessions([web, api, unit]);
    assert.deepEqual(groups.map((g) => g.branch), ["main"]);
    assert.deepEqual(groups[0]!.sessions.map((s) => s.identifier), ["api", "unit", "web"], "oldest first within a group");
  });

  test("a waiting session comes first, and its worktree first", () => {
    const feat = session({ identifier: "later", worktree: "feature-login", working_dir: "/home/u/worktrees/app/feature-login", start_time: "2025-01-01T11:00:00Z" });
    const order = displayOrder([api, web, feat, login]);
    assert.deepEqual(order.map((s) => s.identifier), ["login", "later", "api", "web"]);
    // Without a waiting session, groups are in branch order.
    assert.deepEqual(displayOrder([api, web, feat]).map((s) => s.identifier), ["later", "api", "web"]);
  });

  test("the same branch in two repositories is two groups; a subdirectory joins its worktree", () => {
    const other = session({ identifier: "other", worktree: "main", working_dir: "/home/u/src/lib" });
    const sub = session({ identifier: "sub", worktree: "main", working_dir: "/home/u/src/app/packages/ui" });
    const groups = groupSessions([api, other, sub]);
    assert.deepEqual(
      groups.map((g) => [g.branch, g.dir, g.sessions.map((s) => s.identifier)]),
      [
        ["main", "/home/u/src/app", ["api", "sub"]],
        ["main", "/home/u/src/lib", ["other"]],
      ],
    );
  });

  test("sessions outside any worktree come last", () => {
    const loose = session({ identifier: "loose", worktree: null, working_dir: "/tmp" });
    assert.deepEqual(groupSessions([loose, api]).map((g) => g.branch), ["main", null]);
  });

  test("state: a running session's agent state, else its status", () => {
    assert.equal(statusWord(login), "waiting");
    assert.equal(statusWord(api), "running");
    assert.equal(statusWord(unit), "failed");
    // An ended session's leftover state does not hide its status.
    assert.equal(statusWord({ ...login, status: "completed" } as Session), "completed");
  });

  test("the filter: every word a substring of one of the session's words, any case", () => {
    assert.ok(matchesFilter(login, "CLAUDE feature"));
    assert.ok(matchesFilter(login, "wait"));
    assert.ok(!matchesFilter(login, "claude main"));
    assert.ok(matchesFilter(api, ""));
    assert.deepEqual(displayOrder([api, web, login], "we").map((s) => s.identifier), ["web"]);
  });
});

describe("the frame", () => {
  test("title, groups, a marked waiting session first, the rule, the preview, the keys", () => {
    const f = renderDash(
      model({
        sessions: [api, web, login, unit],
        selected: login.session_name,
        preview: { name: login.session_name, lines: ["", "Do you want to proceed?", "❯ 1. Yes", "  2. No", "", ""] },
        home: "/home/u",
      }),
    );
    const lines = plain(f.lines);
    assert.equal(lines.length, 24);
    assert.equal(lines[0], "gwq dash  4 sessions · 1 waiting · 1 failed");
    assert.match(lines[1]!, /^feature-login {2}~\/worktrees\/app\/feature-login$/);
    assert.match(lines[2]!, /^> ! claude {2}login {2}waiting {2}30m {2}claude$/);
    assert.match(lines[3]!, /^main {2}~\/src\/app$/);
    assert.match(lines[4]!, /^ {4}run {5}api {4}running {3}1h {2}run api$/);
    assert.match(lines[5]!, /^ {4}run {5}unit {3}failed {4}5m {2}run unit$/);
    assert.match(lines[6]!, /^ {4}run {5}web {4}running {2}50m {2}run web$/);
    assert.match(lines[7]!, /^── gwq-run-login-20250101110000 · waiting: Allow Bash\(rm -rf dist\)\? ─+$/);
    assert.deepEqual(lines.slice(8, 12), ["", "Do you want to proceed?", "❯ 1. Yes", "  2. No"]);
    assert.match(lines[23]!, /^↑↓ move {2}⏎ attach {2}l logs {2}d diff {2}m merge {2}x kill {2}r restart {2}\/ filter {2}q quit$/);
    // Colour (one table, src/sessions/present.ts): waiting yellow, failed red.
    assert.match(f.lines[2]!, /\x1b\[33mwaiting/);
    assert.match(f.lines[5]!, /\x1b\[31mfailed/);
  });

  test("every line fits, at 60x15 and smaller, wide characters included", () => {
    const wide = session({ identifier: "日本語のブランチ名がとても長い", command: "echo " + "長い".repeat(60), worktree: "機能/とても長いブランチ名".repeat(3) });
    for (const [width, height] of [[60, 15], [80, 24], [30, 8], [12, 4], [1, 1]] as const) {
      const f = renderDash(
        model({ width, height, sessions: [api, web, login, unit, wide], selected: wide.session_name, preview: { name: wide.session_name, lines: ["x".repeat(200), "\x1b[31m色\x1b[0m\ttab"] } }),
      );
      assert.equal(f.lines.length, height, `${width}x${height}`);
      for (const l of f.lines) assert.ok(stringWidth(l) <= width, `${width}x${height}: ${l}`);
    }
  });

  test("60x15: the list and a preview of its latest lines both fit", () => {
    const out = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    const f = renderDash(model({ width: 60, height: 15, sessions: [api, web, login], selected: api.session_name, preview: { name: api.session_name, lines: out } }));
    const lines = plain(f.lines);
    assert.deepEqual(f.layout, { listRows: 5, previewRows: 7 });
    assert.match(lines[4]!, /^> {3}run {5}api/);
    assert.deepEqual(lines.slice(7, 14), ["line 34", "line 35", "line 36", "line 37", "line 38", "line 39", "line 40"]);
  });

  test("a long list scrolls to keep the selection in view, with its group's header", () => {
    const many = Array.from({ length: 30 }, (_, i) => session({ identifier: `s${String(i).padStart(2, "0")}`, start_time: new Date(NOW - 3600_000 + i * 1000).toISOString() }));
    const last = many[29]!;
    let f = renderDash(model({ width: 60, height: 15, sessions: many, selected: last.session_name }));
    assert.match(plain(f.lines)[f.layout.listRows]!, /^> {3}run {2}s29/);
    f = renderDash(model({ width: 60, height: 15, sessions: many, selected: many[0]!.session_name, offset: f.offset }));
    assert.equal(f.offset, 0);
    assert.match(plain(f.lines)[1]!, /^main/, "the first session's header shows with it");
  });

  test("modes on the bottom line: filter field, confirmation, message", () => {
    const base = { sessions: [api, web], selected: api.session_name };
    let lines = plain(renderDash(model({ ...base, mode: { kind: "filter" }, filter: "we" })).lines);
    assert.match(lines[23]!, /^\/we {2}/);
    assert.deepEqual(lines.slice(1, 3), ["main  /home/u/src/app", "    run  web  running  50m  run web"]);
    lines = plain(renderDash(model({ ...base, mode: { kind: "confirm", action: "kill", key: api.session_name, name: api.session_name } })).lines);
    assert.equal(lines[23], `Kill ${api.session_name}? [y/N]`);
    lines = plain(renderDash(model({ ...base, message: { text: "restart not available", error: true } })).lines);
    assert.equal(lines[23], "restart not available");
    lines = plain(renderDash(model({ ...base, filter: "zzz" })).lines);
    assert.equal(lines[0], "gwq dash  2 sessions  /zzz (0 shown)");
    assert.equal(lines[1], "no session matches /zzz");
  });

  test("before the first listing, and with no sessions", () => {
    assert.equal(plain(renderDash(model({ sessions: null })).lines)[0], "gwq dash  loading…");
    const lines = plain(renderDash(model({ sessions: [] })).lines);
    assert.equal(lines[0], "gwq dash  0 sessions");
    assert.match(lines[1]!, /^no gwq sessions/);
  });

  test("preview: loading, errors, and the latest lines cleaned", () => {
    const base = { sessions: [api], selected: api.session_name };
    assert.equal(plain(renderDash(model(base)).lines)[4], "loading…");
    assert.equal(plain(renderDash(model({ ...base, preview: { name: "other", lines: ["x"] } })).lines)[4], "loading…", "another session's output is never shown");
    assert.equal(plain(renderDash(model({ ...base, preview: { name: api.session_name, error: "no history" } })).lines)[4], "(no output: no history)");
    assert.deepEqual(fitPreview(["a", "\x1b[31mred\x1b[0m", "b\tc\r", "", "  "], 10, 5), ["a", "red", "b    c"]);
    assert.deepEqual(fitPreview(["1", "2", "3", "4"], 10, 2), ["3", "4"]);
    assert.deepEqual(fitPreview(["0123456789abc"], 5, 2), ["0123…"]);
  });

  test("layout: the list takes what it needs up to half, the preview the rest", () => {
    assert.deepEqual(layout(15, 5), { listRows: 5, previewRows: 7 });
    assert.deepEqual(layout(15, 40), { listRows: 6, previewRows: 6 });
    assert.deepEqual(layout(24, 3), { listRows: 3, previewRows: 18 });
    assert.deepEqual(layout(5, 3), { listRows: 3, previewRows: 0 });
  });
});
