// `gwq status` internals on real repositories: the porcelain v2 parser, the collector (changes,
// staged, untracked, conflicts, ahead/behind against a local bare origin, stale, unknown), the
// bounded concurrency, filters, sorts and the three output formats.
import { sessionRecord } from "../helpers/session-record.js";
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Sandbox, makeRepo, makeConflict } from "../helpers/sandbox.js";
import { parsePorcelainV2 } from "../../src/worktrees/status-parse.js";
import { classify, collectStatuses, mapLimit, holder, assignSessions, type WorktreeStatus } from "../../src/worktrees/status.js";
import { matches, parseFilter, parseSort, sortStatuses, summarize } from "../../src/worktrees/status-query.js";
import { csvField, formatChanges, relativeTime, renderStatusTable, toCsv, toJson } from "../../src/worktrees/status-format.js";
import { UsageError } from "../../src/errors.js";
import type { StatusSession } from "../../src/sessions/status-link.js";

let sb: Sandbox;
let repo: string;
const wt = (name: string) => sb.path("wt", name);
const savedEnv = { ...process.env };

/**
 * main: one commit ahead of origin/main and one behind; feature-mod: a modified file and two
 * untracked; feature-staged: a staged new file and a staged deletion; feature-conflict: a merge
 * conflict; clean: nothing; old: nothing for 30 days.
 */
before(() => {
  sb = new Sandbox();
  // The collector runs git in this process: give it the sandbox's identity and config.
  Object.assign(process.env, sb.env);
  const bare = sb.path("origin.git");
  sb.sh("git", ["init", "-q", "--bare", "-b", "main", bare]);
  repo = makeRepo(sb, { origin: bare });
  sb.git(repo, "push", "-q", "-u", "origin", "main");
  // Someone else pushes: main is then one behind after a fetch.
  const other = sb.path("other");
  sb.sh("git", ["clone", "-q", bare, other]);
  writeFileSync(join(other, "theirs.txt"), "theirs\n");
  sb.git(other, "add", ".");
  sb.git(other, "commit", "-q", "-m", "theirs");
  sb.git(other, "push", "-q");
  sb.git(repo, "fetch", "-q");
  writeFileSync(join(repo, "ours.txt"), "ours\n");
  sb.git(repo, "add", ".");
  sb.git(repo, "commit", "-q", "-m", "ours");

  mkdirSync(sb.path("wt"));
  for (const b of ["feature-mod", "feature-staged", "feature-conflict", "clean", "old"]) {
    sb.git(repo, "worktree", "add", "-q", "-b", b, wt(b));
  }
  writeFileSync(join(wt("feature-mod"), "README.md"), "changed\n");
  mkdirSync(join(wt("feature-mod"), "new dir"));
  writeFileSync(join(wt("feature-mod"), "new dir", "a, \"b\".txt"), "x\n");
  writeFileSync(join(wt("feature-mod"), "c.txt"), "x\n");

  writeFileSync(join(wt("feature-staged"), "added.txt"), "x\n");
  sb.git(wt("feature-staged"), "add", "added.txt");
  sb.git(wt("feature-staged"), "rm", "-q", "ours.txt");

  const c = wt("feature-conflict");
  makeConflict(sb, c, "feature-conflict");

  const past = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  utimesSync(join(repo, ".git", "worktrees", "old", "logs", "HEAD"), past, past);
});
after(() => {
  sb.cleanup();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

const targets = () =>
  [repo, ...["feature-mod", "feature-staged", "feature-conflict", "clean", "old"].map(wt)].map((path, i) => ({
    path,
    branch: i === 0 ? "main" : path.split("/").pop()!,
    repository: "github.com/acme/myapp",
  }));

async function collect(extra: Partial<Parameters<typeof collectStatuses>[1]> = {}): Promise<Map<string, WorktreeStatus>> {
  const list = await collectStatuses(targets(), { cwd: wt("clean"), staleDays: 14, sessions: [], ...extra });
  return new Map(list.map((w) => [w.branch, w]));
}

describe("porcelain v2 parser", () => {
  test("reads counts, branch, upstream and ahead/behind from real git output", () => {
    const out = sb.git(repo, "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all");
    const p = parsePorcelainV2(out);
    assert.equal(p.branch, "main");
    assert.equal(p.upstream, "origin/main");
    assert.equal(p.counts.ahead, 1);
    assert.equal(p.counts.behind, 1);
  });

  test("renames, paths with spaces, detached HEAD, conflicts", () => {
    const p = parsePorcelainV2(
      [
        "# branch.oid 1234",
        "# branch.head (detached)",
        "2 R. N... 100644 100644 100644 aaa aaa R100 new name.txt",
        "old name.txt",
        "u UU N... 100644 100644 100644 100644 a b c con flict.txt",
        "1 MD N... 100644 100644 000000 a b gone.txt",
        "? dir/untracked file",
        "",
      ].join("\0"),
    );
    assert.equal(p.branch, null);
    assert.deepEqual(p.counts, { modified: 1, added: 0, deleted: 1, untracked: 1, staged: 2, ahead: 0, behind: 0, conflicts: 1 });
    assert.deepEqual(p.paths, ["new name.txt", "con flict.txt", "dir/untracked file"]);
    assert.deepEqual(p.deletedPaths, ["gone.txt"]);
  });

  test("a repository before its first commit", () => {
    const p = parsePorcelainV2("# branch.oid (initial)\0# branch.head main\0");
    assert.equal(p.oid, null);
    assert.equal(p.branch, "main");
    assert.equal(classify(p.counts), "clean");
  });
});

describe("collector", () => {
  test("each worktree's state from real changes", async () => {
    const s = await collect();
    const main = s.get("main")!;
    assert.equal(main.status, "clean");
    assert.equal(main.hasUpstream, true);
    assert.deepEqual([main.git_status.ahead, main.git_status.behind], [1, 1]);

    const mod = s.get("feature-mod")!;
    assert.equal(mod.status, "modified");
    assert.deepEqual(mod.git_status, { modified: 1, added: 0, deleted: 0, untracked: 2, staged: 0, ahead: 0, behind: 0, conflicts: 0 });
    assert.equal(mod.hasUpstream, false);

    const staged = s.get("feature-staged")!;
    assert.equal(staged.status, "staged");
    assert.equal(staged.git_status.added, 1);
    assert.equal(staged.git_status.deleted, 1);
    assert.equal(staged.git_status.staged, 2);

    const conflict = s.get("feature-conflict")!;
    assert.equal(conflict.status, "conflict");
    assert.equal(conflict.git_status.conflicts, 1);

    assert.equal(s.get("clean")!.status, "clean");
    assert.equal(s.get("clean")!.isCurrent, true);
    assert.equal([...s.values()].filter((w) => w.isCurrent).length, 1);

    const old = s.get("old")!;
    assert.equal(old.status, "stale");
    assert.ok(Date.now() - old.lastActivity! > 29 * 24 * 3600 * 1000);
    assert.ok(Date.now() - s.get("clean")!.lastActivity! < 3600 * 1000);
  });

  test("--stale-days moves the line; 0 turns staleness off", async () => {
    assert.equal((await collect({ staleDays: 31 })).get("old")!.status, "clean");
    assert.equal((await collect({ staleDays: 0 })).get("old")!.status, "clean");
    assert.equal((await collect({ staleDays: 1 })).get("old")!.status, "stale");
  });

  test("the current worktree is the innermost one holding cwd", async () => {
    const s = await collect({ cwd: join(wt("feature-mod"), "new dir") });
    assert.deepEqual([...s.values()].filter((w) => w.isCurrent).map((w) => w.branch), ["feature-mod"]);
    const t = await collect({ cwd: sb.path("elsewhere") });
    assert.equal([...t.values()].filter((w) => w.isCurrent).length, 0);
  });

  test("a worktree deleted by hand is unknown, not an error", async () => {
    const gone = sb.path("gone-wt");
    sb.git(repo, "worktree", "add", "-q", "-b", "gone", gone);
    rmSync(gone, { recursive: true, force: true });
    const list = await collectStatuses([{ path: gone, branch: "gone", repository: "r" }], { cwd: repo, staleDays: 14, sessions: null });
    assert.equal(list[0]!.status, "unknown");
    sb.git(repo, "worktree", "prune");
  });

  test("sessions go to the worktree holding their directory", async () => {
    const sessions = [
      session("a", join(wt("feature-mod"), "new dir"), "running"),
      session("b", wt("feature-mod"), "running"),
      session("c", wt("feature-mod"), "completed"),
      session("d", repo, "running"),
      session("e", sb.path("outside"), "running"),
    ];
    const s = await collect({ sessions });
    assert.deepEqual(s.get("feature-mod")!.sessions.map((x) => x.id), ["a", "b", "c"]);
    assert.deepEqual(s.get("main")!.sessions.map((x) => x.id), ["d"]);
    assert.equal(s.get("clean")!.sessions.length, 0);
    assert.ok(matches(s.get("feature-mod")!, "has-session"));
    assert.ok(matches(s.get("clean")!, "no-session"));
  });
});

function session(id: string, working_dir: string, status: StatusSession["status"]): StatusSession {
  return sessionRecord({ id, identifier: id, working_dir, command: "sleep 1", start_time: "2025-01-01T00:00:00+00:00", status });
}

describe("helpers", () => {
  test("mapLimit keeps order and never runs more than the bound at once", async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([...Array(30).keys()], 8, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return i * 2;
    });
    assert.deepEqual(out, [...Array(30).keys()].map((i) => i * 2));
    assert.equal(most, 8);
    assert.deepEqual(await mapLimit([], 8, async () => 1), []);
  });

  test("holder picks the longest path prefix, not a name prefix", () => {
    const ws = [{ path: "/a/repo" }, { path: "/a/repo/wt/x" }, { path: "/a/repo2" }];
    assert.equal(holder("/a/repo/wt/x/src", ws)?.path, "/a/repo/wt/x");
    assert.equal(holder("/a/repo2/src", ws)?.path, "/a/repo2");
    assert.equal(holder("/a/repo", ws)?.path, "/a/repo");
    assert.equal(holder("/a/rep", ws), undefined);
    assert.equal(assignSessions([session("x", "/b", "running")], ws).size, 0);
  });
});

describe("filters and sorts", () => {
  test("every alias, case-insensitive; a bad value names the valid ones", () => {
    const f: Record<string, string> = {
      modified: "changed", changed: "changed", clean: "clean", "up to date": "clean", "Up To Date": "clean",
      stale: "stale", inactive: "stale", staged: "staged", conflict: "conflict", conflicted: "conflict",
      "has-session": "has-session", "no-session": "no-session", MODIFIED: "changed",
    };
    for (const [k, v] of Object.entries(f)) assert.equal(parseFilter(k), v, k);
    const s: Record<string, string> = {
      branch: "branch", name: "branch", status: "status", modified: "changes", changes: "changes",
      activity: "activity", time: "activity", ahead: "ahead", behind: "behind", Branch: "branch", TIME: "activity",
    };
    for (const [k, v] of Object.entries(s)) assert.equal(parseSort(k), v, k);
    assert.throws(() => parseFilter("dirty"), (e: Error) => e instanceof UsageError && /valid values: .*up to date.*no-session/.test(e.message));
    assert.throws(() => parseSort("size"), (e: Error) => e instanceof UsageError && /valid values: branch, name/.test(e.message));
  });

  test("filters select by state, sorts order with branch as tie-break", async () => {
    const list = [...(await collect()).values()];
    const pick = (f: string) => list.filter((w) => matches(w, parseFilter(f))).map((w) => w.branch).sort();
    assert.deepEqual(pick("changed"), ["feature-conflict", "feature-mod", "feature-staged"]);
    assert.deepEqual(pick("clean"), ["clean", "main"]);
    assert.deepEqual(pick("inactive"), ["old"]);
    assert.deepEqual(pick("staged"), ["feature-staged"]);
    assert.deepEqual(pick("conflicted"), ["feature-conflict"]);
    assert.deepEqual(pick("has-session"), []);
    assert.equal(pick("no-session").length, 6);
    const order = (s: string) => sortStatuses(list, parseSort(s)).map((w) => w.branch);
    assert.deepEqual(order("name"), ["clean", "feature-conflict", "feature-mod", "feature-staged", "main", "old"]);
    assert.deepEqual(order("status"), ["feature-conflict", "feature-staged", "feature-mod", "clean", "main", "old"]);
    assert.deepEqual(order("changes").slice(0, 3), ["feature-mod", "feature-staged", "feature-conflict"]);
    assert.equal(order("activity").at(-1), "old");
    assert.equal(order("ahead")[0], "main");
    assert.equal(order("behind")[0], "main");
    assert.deepEqual(summarize(list), { total: 6, changed: 3, up_to_date: 2, inactive: 1 });
  });
});

describe("output", () => {
  test("relative times in words", () => {
    const now = Date.UTC(2025, 0, 31);
    const ago = (ms: number) => relativeTime(now - ms, now);
    const m = 60_000, h = 60 * m, d = 24 * h;
    assert.equal(relativeTime(null), "unknown");
    assert.equal(ago(30_000), "just now");
    assert.equal(ago(m), "1 minute ago");
    assert.equal(ago(5 * m), "5 minutes ago");
    assert.equal(ago(2 * h), "2 hours ago");
    assert.equal(ago(d), "1 day ago");
    assert.equal(ago(14 * d), "2 weeks ago");
    assert.equal(ago(60 * d), "2 months ago");
    assert.equal(ago(800 * d), "2 years ago");
  });

  test("table, JSON and CSV", async () => {
    const s = await collect();
    const list = [s.get("main")!, s.get("feature-mod")!, s.get("clean")!];
    const t = renderStatusTable(list, { verbose: true }).split("\n");
    assert.match(t[0]!, /^ {2}BRANCH +STATUS +CHANGES +AHEAD\/BEHIND +ACTIVITY +SESSIONS$/);
    assert.match(t[1]!, /^ {2}main +up to date +- +↑1 ↓1 +just now +-$/);
    assert.match(t[2]!, /^ {2}feature-mod +changed +1 modified, 2 untracked +- +just now +-$/);
    assert.match(t[3]!, /^● clean +up to date/);
    assert.equal(formatChanges(s.get("feature-staged")!), "1 added, 1 deleted");
    assert.match(renderStatusTable(list, { icons: false }), /\n\* clean/);

    const j = JSON.parse(toJson(list));
    assert.deepEqual(Object.keys(j), ["summary", "worktrees"]);
    assert.deepEqual(j.summary, { total: 3, changed: 1, up_to_date: 2, inactive: 0 });
    assert.deepEqual(Object.keys(j.worktrees[0]), ["path", "branch", "repository", "status", "git_status", "last_activity", "is_current", "sessions"]);
    assert.deepEqual(Object.keys(j.worktrees[0].git_status), ["modified", "added", "deleted", "untracked", "staged", "ahead", "behind", "conflicts"]);
    assert.match(j.worktrees[0].last_activity, /^\d{4}-\d\d-\d\dT/);

    const csv = toCsv([{ ...list[1]!, branch: 'we,ird "name"' }]).split("\n");
    assert.equal(csv[0], "branch,status,modified,added,deleted,untracked,staged,ahead,behind,conflicts,last_activity,is_current,active_sessions,repository,path");
    assert.match(csv[1]!, /^"we,ird ""name""",modified,1,0,0,2,0,0,0,0,\d{4}-[^,]+,false,0,github.com\/acme\/myapp,\//);
    assert.equal(csvField("a\nb"), '"a\nb"');
    assert.equal(csvField("plain"), "plain");
  });
});
