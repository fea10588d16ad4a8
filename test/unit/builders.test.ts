// The pure builders every session command relies on: name sanitising, matching, CSV, and the tmux
// argument vectors (escaping, exact targets). Each assertion would fail if the rule it guards broke.
import { sessionRecord } from "../helpers/session-record.js";
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { sanitizePart, sessionName, stamp } from "../../src/sessions/naming.js";
import { matchOne, matchSessions, newestFirst, substringMatches } from "../../src/sessions/match.js";
import { csv } from "../../src/sessions/format.js";
import { durationMs } from "../../src/sessions/present.js";
import { escapeArg, exactSession, exactTarget, sequence } from "../../src/tmux/args.js";
import { createCommands, killCommands } from "../../src/tmux/sessions.js";
import type { Session } from "../../src/sessions/types.js";

function session(over: Partial<Session>): Session {
  return sessionRecord({ id: "00000000", session_name: "gwq-run-x-20260101000000", start_time: "2026-01-01T00:00:00.000+00:00", ...over });
}

describe("session names", () => {
  test("parts reduced to [A-Za-z0-9_-]: others become -, runs collapse, ends trimmed, fallback when empty", () => {
    assert.equal(sanitizePart("feature/auth", "s"), "feature-auth");
    assert.equal(sanitizePart("a.b:c d", "s"), "a-b-c-d");
    assert.equal(sanitizePart("--x//y--", "s"), "x-y");
    assert.equal(sanitizePart("日本語", "session"), "session");
    assert.equal(sanitizePart("", "run"), "run");
    assert.equal(sanitizePart("under_score-ok", "s"), "under_score-ok");
  });

  test("parts are cut to 60 characters without a trailing dash", () => {
    const cut = sanitizePart("a".repeat(59) + "-bbbb", "s");
    assert.equal(cut, "a".repeat(59));
    assert.ok(sanitizePart("x".repeat(200), "s").length <= 60);
  });

  test("gwq-{context}-{identifier}-{stamp}, then -2, -3 for twins; tmux never rewrites it", () => {
    const at = new Date(2026, 0, 2, 3, 4, 5);
    assert.equal(stamp(at), "20260102030405");
    assert.equal(sessionName("task", "feature/x.y", at, 1), "gwq-task-feature-x-y-20260102030405");
    assert.equal(sessionName("task", "x", at, 3), "gwq-task-x-20260102030405-3");
    for (const weird of ["a.b", "c:d", "e f", "g'h", "i\nj", "#{x}"]) assert.match(sessionName(weird, weird, at, 1), /^[A-Za-z0-9_-]+$/);
  });
});

describe("matching", () => {
  const api = session({ id: "aaaa1111", session_name: "gwq-run-api-20260101000000", identifier: "api", start_time: "2026-01-01T00:00:00.000+00:00" });
  const apiV2 = session({ id: "bbbb2222", session_name: "gwq-run-api-v2-20260101000000", identifier: "api-v2", start_time: "2026-01-01T01:00:00.000+00:00" });
  const tests1 = session({ id: "cccc3333", session_name: "gwq-test-tests-20260101000000", context: "test", identifier: "tests", start_time: "2026-01-01T02:00:00.000+00:00", status: "completed" });
  const tests2 = session({ id: "dddd4444", session_name: "gwq-test-tests-20260102000000", context: "test", identifier: "tests", start_time: "2026-01-02T00:00:00.000+00:00", status: "detached" });
  const auth = session({ id: "eeee5555", session_name: "gwq-run-feature-auth-20260101000000", identifier: "feature/auth", worktree: "feature/auth" });
  const all = [api, apiV2, tests1, tests2, auth];

  test("an exact name, id or identifier wins over substrings", () => {
    assert.deepEqual(matchSessions(all, "api"), [api]);
    assert.deepEqual(matchSessions(all, "bbbb2222"), [apiV2]);
    assert.deepEqual(matchSessions(all, apiV2.session_name), [apiV2]);
  });

  test("otherwise a case-insensitive substring of name, identifier, context or worktree", () => {
    assert.deepEqual(matchSessions(all, "API-V"), [apiV2]);
    assert.deepEqual(matchSessions(all, "TEST"), [tests1, tests2]);
    assert.deepEqual(matchSessions(all, "auth"), [auth]);
    assert.deepEqual(matchSessions(all, "nothing"), []);
    assert.deepEqual(matchSessions(all, undefined), all);
  });

  test("an exact identifier names its session even when that one is detached, never a longer one", () => {
    const detachedApi = { ...api, status: "detached" as const };
    assert.deepEqual(matchOne([detachedApi, apiV2], "api"), { matches: [detachedApi], exact: true });
  });

  test("a reused identifier names its newest session; a preference picks the newest it accepts", () => {
    assert.deepEqual(matchOne(all, "tests").matches, [tests2]);
    assert.deepEqual(matchOne([tests2, tests1], "tests").matches, [tests2], "order of the records does not matter");
    assert.deepEqual(matchOne(all, "tests", (s) => s.status !== "detached").matches, [tests1]);
    assert.deepEqual(matchOne(all, "tests", () => false).matches, [tests2], "none accepted: still the newest");
    assert.deepEqual(matchOne(all, tests1.session_name).matches, [tests1], "a name is that session, old or not");
    assert.deepEqual(matchOne(all, "api-v").matches, [apiV2]);
    assert.deepEqual(matchOne(all, "run"), { matches: [api, apiV2, auth], exact: false });
  });

  test("substring matching (kill --all with a pattern) ignores exactness, and takes an id", () => {
    assert.deepEqual(substringMatches(all, "api"), [api, apiV2]);
    assert.deepEqual(substringMatches(all, "aaaa1111"), [api]);
  });

  test("newest first by start time, later record first on a tie", () => {
    const twin = { ...tests2, id: "ffff6666" };
    assert.deepEqual(newestFirst([api, tests2, apiV2, twin]).map((s) => s.id), ["ffff6666", "dddd4444", "bbbb2222", "aaaa1111"]);
  });
});

describe("CSV", () => {
  test("RFC 4180: header of field names, CRLF, quoting of , \" and line breaks, metadata k=v;k=v", () => {
    const s = session({ command: 'echo "a, b"\nnext', metadata: { pr: "12", owner: "me" }, exit_code: 0, end_time: "2026-01-01T00:00:01.000+00:00", status: "completed" });
    const text = csv([s]);
    const [header, row, end] = text.split("\r\n");
    assert.ok(header!.startsWith("id,session_name,context,identifier,working_dir,command,pid,start_time,end_time,status,exit_code,attached,worktree,history_size,history_file,metadata"), header);
    const fields = header!.split(",");
    assert.ok(row!.startsWith(`00000000,gwq-run-x-20260101000000,run,x,/tmp,"echo ""a, b""\nnext",,2026-01-01T00:00:00.000+00:00,2026-01-01T00:00:01.000+00:00,completed,0,false,,50000,,pr=12;owner=me`), row);
    // Every further field is the record's own, empty for null.
    const tail = row!.slice(row!.indexOf("pr=12;owner=me") + "pr=12;owner=me".length).split(",").slice(1);
    assert.deepEqual(tail, fields.slice(16).map((f) => String((s as unknown as Record<string, unknown>)[f] ?? "")));
    assert.equal(end, "");
  });

  test("no sessions: the header alone", () => {
    assert.equal(csv([]).split("\r\n").length, 2);
  });

  test("a running session's duration counts to now, an ended one's to its end", () => {
    const start = Date.parse("2026-01-01T00:00:00.000+00:00");
    assert.equal(durationMs(session({}), start + 5000), 5000);
    assert.equal(durationMs(session({ end_time: "2026-01-01T00:00:02.000+00:00", status: "failed" }), start + 5000), 2000);
  });
});

describe("tmux argument vectors", () => {
  test("a trailing ; is escaped (tmux would read it as a separator); nothing else changes", () => {
    assert.equal(escapeArg("echo hi;"), "echo hi\\;");
    assert.equal(escapeArg("a;b"), "a;b");
    assert.equal(escapeArg(";"), "\\;");
    assert.deepEqual(sequence([["a", "x;"], ["b"]]), ["a", "x\\;", ";", "b"]);
  });

  test("exact targets start with = (a bare name is a prefix match in tmux)", () => {
    assert.equal(exactTarget("gwq-run-x-1"), "=gwq-run-x-1:");
    assert.equal(exactTarget("gwq-run-x-1", "0"), "=gwq-run-x-1:0");
    assert.equal(exactSession("gwq-run-x-1"), "=gwq-run-x-1");
  });

  test("every -t in the creating call and in kill is exact", () => {
    const cmds = [
      ...createCommands({ name: "gwq-run-x-1", id: "abcd", argv: ["sh", "-c", "true"], historyLimit: 10, pipe: "cat", hook: "run-shell true" }),
      ...killCommands(["gwq-run-x-1", "gwq-run-y-2"]),
    ];
    const targets = cmds.flatMap((c) => c.flatMap((a, i) => (a === "-t" ? [c[i + 1]!] : [])));
    assert.ok(targets.length >= 9, `found ${targets.length} targets`);
    for (const t of targets) assert.match(t, /^=gwq-run-[xy]-[12]:?$/);
    // new-session names the session it makes (-s): never a pattern, and no -t before it exists.
    assert.deepEqual(cmds[0]!.slice(0, 4), ["new-session", "-d", "-s", "gwq-run-x-1"]);
  });
});
