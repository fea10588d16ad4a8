// `gwq status` end to end on real repositories: a main worktree ahead of and behind a local bare
// origin, worktrees with modified, staged, untracked and conflicted files, one untouched for a
// month; every filter and sort alias, the table, JSON and CSV, usage errors, the global view,
// watch mode and the number of git processes.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, Sandbox, makeRepo, eventually, makeConflict } from "../helpers/sandbox.js";

let sb: Sandbox;
let repo: string;
const wt = (name: string) => sb.path("worktrees", name);

before(() => {
  sb = new Sandbox();
  sb.writeConfig(`[worktree]\nbasedir = "${sb.path("worktrees")}"\n`);
  const bare = sb.path("origin.git");
  sb.sh("git", ["init", "-q", "--bare", "-b", "main", bare]);
  repo = makeRepo(sb, { origin: bare });
  sb.git(repo, "push", "-q", "-u", "origin", "main");
  const other = sb.path("other");
  sb.sh("git", ["clone", "-q", bare, other]);
  writeFileSync(join(other, "theirs.txt"), "theirs\n");
  sb.git(other, "add", ".");
  sb.git(other, "commit", "-q", "-m", "theirs");
  sb.git(other, "push", "-q");
  rmSync(other, { recursive: true, force: true });
  sb.git(repo, "fetch", "-q");
  writeFileSync(join(repo, "ours.txt"), "ours\n");
  sb.git(repo, "add", ".");
  sb.git(repo, "commit", "-q", "-m", "ours");

  mkdirSync(sb.path("worktrees"));
  for (const b of ["feature/mod", "feature/staged", "conflict", "clean", "old"]) {
    sb.git(repo, "worktree", "add", "-q", "-b", b, wt(b.replace("/", "-")));
  }
  writeFileSync(join(wt("feature-mod"), "README.md"), "changed\n");
  writeFileSync(join(wt("feature-mod"), "new.txt"), "x\n");
  writeFileSync(join(wt("feature-staged"), "added.txt"), "x\n");
  sb.git(wt("feature-staged"), "add", "added.txt");
  const c = wt("conflict");
  makeConflict(sb, c, "conflict");
  const past = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  utimesSync(join(repo, ".git", "worktrees", "old", "logs", "HEAD"), past, past);
});
after(() => sb.cleanup());

interface JsonOut {
  summary: { total: number; changed: number; up_to_date: number; inactive: number };
  worktrees: Array<{
    path: string;
    branch: string;
    repository: string;
    status: string;
    git_status: Record<string, number>;
    last_activity: string | null;
    is_current: boolean;
    sessions: unknown[];
    processes?: Array<{ pid: number; command: string; cwd: string }>;
  }>;
}

async function json(args: string[] = [], cwd = repo): Promise<JsonOut> {
  const r = await sb.gwq(["status", "--json", ...args], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const branches = (j: JsonOut) => j.worktrees.map((w) => w.branch);
const ALL = ["main", "clean", "conflict", "feature/mod", "feature/staged", "old"];

describe("gwq status", () => {
  test("table: Go gwq labels, changes, ● on the worktree holding cwd", async () => {
    const r = await sb.gwq(["status"], { cwd: join(wt("feature-mod")) });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^ {2}BRANCH +STATUS +CHANGES +ACTIVITY$/);
    const row = (b: string) => lines.find((l) => l.slice(2).startsWith(b + " "))!;
    assert.match(row("main"), /^ {2}main +up to date +- +just now$/);
    assert.match(row("feature/mod"), /^● feature\/mod +changed +1 modified, 1 untracked +just now$/);
    assert.match(row("feature/staged"), /^ {2}feature\/staged +staged +1 added +/);
    assert.match(row("conflict"), /^ {2}conflict +conflicted +1 conflicted +/);
    assert.match(row("old"), /^ {2}old +inactive +- +1 month ago$/);
    assert.equal(lines.filter((l) => l.startsWith("●")).length, 1);
  });

  test("--verbose adds AHEAD/BEHIND against the upstream and SESSIONS", async () => {
    const r = await sb.gwq(["status", "--verbose"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^ {2}BRANCH +STATUS +CHANGES +AHEAD\/BEHIND +ACTIVITY +SESSIONS$/);
    assert.match(lines.find((l) => l.startsWith("● main"))!, /^● main +up to date +- +↑1 ↓1 +just now +-$/);
    assert.match(lines.find((l) => l.includes("clean"))!, / - +just now +-$/);
  });

  test("-v is --verbose", async () => {
    const r = await sb.gwq(["status", "-v"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /AHEAD\/BEHIND/);
  });

  test("--json has exactly the contract's shape", async () => {
    const j = await json([], wt("clean"));
    assert.deepEqual(Object.keys(j), ["summary", "worktrees"]);
    assert.deepEqual(j.summary, { total: 6, changed: 3, up_to_date: 2, inactive: 1 });
    assert.deepEqual(branches(j), ["main", "clean", "conflict", "feature/mod", "feature/staged", "old"]);
    for (const w of j.worktrees) {
      assert.deepEqual(Object.keys(w), ["path", "branch", "repository", "status", "git_status", "last_activity", "is_current", "sessions"]);
      assert.deepEqual(Object.keys(w.git_status), ["modified", "added", "deleted", "untracked", "staged", "ahead", "behind", "conflicts"]);
      assert.equal(w.repository, "myapp");
      assert.ok(!Number.isNaN(Date.parse(w.last_activity!)));
      assert.deepEqual(w.sessions, []);
    }
    const by = Object.fromEntries(j.worktrees.map((w) => [w.branch, w]));
    assert.deepEqual(
      Object.fromEntries(j.worktrees.map((w) => [w.branch, w.status])),
      { main: "clean", clean: "clean", conflict: "conflict", "feature/mod": "modified", "feature/staged": "staged", old: "stale" },
    );
    assert.equal(by.main!.path, repo);
    assert.deepEqual(by.main!.git_status, { modified: 0, added: 0, deleted: 0, untracked: 0, staged: 0, ahead: 1, behind: 1, conflicts: 0 });
    assert.deepEqual(by["feature/mod"]!.git_status, { modified: 1, added: 0, deleted: 0, untracked: 1, staged: 0, ahead: 0, behind: 0, conflicts: 0 });
    assert.equal(by["feature/staged"]!.git_status.staged, 1);
    assert.equal(by["feature/staged"]!.git_status.added, 1);
    assert.equal(by.conflict!.git_status.conflicts, 1);
    assert.deepEqual(j.worktrees.filter((w) => w.is_current).map((w) => w.branch), ["clean"]);
  });

  test("--csv: header row, RFC 4180 quoting", async () => {
    const odd = 'odd,"name"';
    sb.git(repo, "worktree", "add", "-q", "-b", odd, sb.path("worktrees", "odd"));
    try {
      const r = await sb.gwq(["status", "--csv", "--sort", "branch"], { cwd: repo });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split("\n");
      assert.equal(lines[0], "branch,status,modified,added,deleted,untracked,staged,ahead,behind,conflicts,last_activity,is_current,active_sessions,repository,path");
      assert.equal(lines.length, 8);
      assert.match(lines.find((l) => l.startsWith("main,"))!, /^main,clean,0,0,0,0,0,1,1,0,[^,]+,true,0,myapp,/);
      assert.match(lines.find((l) => l.startsWith('"odd'))!, /^"odd,""name""",clean,/);
    } finally {
      sb.git(repo, "worktree", "remove", "--force", sb.path("worktrees", "odd"));
      sb.git(repo, "branch", "-D", odd);
    }
  });

  test("every --filter value and alias, case-insensitive", async () => {
    const cases: Array<[string, string[]]> = [
      ["modified", ["conflict", "feature/mod", "feature/staged"]],
      ["changed", ["conflict", "feature/mod", "feature/staged"]],
      ["clean", ["main", "clean"]],
      ["up to date", ["main", "clean"]],
      ["Up To Date", ["main", "clean"]],
      ["stale", ["old"]],
      ["inactive", ["old"]],
      ["staged", ["feature/staged"]],
      ["conflict", ["conflict"]],
      ["CONFLICTED", ["conflict"]],
      ["has-session", []],
      ["no-session", ALL],
    ];
    for (const [f, want] of cases) {
      assert.deepEqual(branches(await json(["--filter", f])), want, f);
    }
    assert.deepEqual(branches(await json(["-f", "inactive"])), ["old"]);
    const t = await sb.gwq(["status", "--filter", "has-session"], { cwd: repo });
    assert.equal(t.stdout.trim().split("\n").length, 1, "header only");
  });

  test("every --sort value and alias, case-insensitive", async () => {
    const name = ["clean", "conflict", "feature/mod", "feature/staged", "main", "old"];
    const orders: Array<[string, (b: string[]) => void]> = [
      ["branch", (b) => assert.deepEqual(b, name)],
      ["NAME", (b) => assert.deepEqual(b, name)],
      ["status", (b) => assert.deepEqual(b, ["conflict", "feature/staged", "feature/mod", "clean", "main", "old"])],
      ["modified", (b) => assert.deepEqual(b.slice(0, 3), ["feature/mod", "conflict", "feature/staged"])],
      ["changes", (b) => assert.deepEqual(b.slice(0, 3), ["feature/mod", "conflict", "feature/staged"])],
      ["activity", (b) => assert.equal(b.at(-1), "old")],
      ["Time", (b) => assert.equal(b.at(-1), "old")],
      ["ahead", (b) => assert.equal(b[0], "main")],
      ["behind", (b) => assert.equal(b[0], "main")],
    ];
    for (const [s, check] of orders) check(branches(await json(["--sort", s])));
    assert.deepEqual(branches(await json(["-s", "name"])), name);
  });

  test("a bad value is a usage error naming the valid ones", async () => {
    let r = await sb.gwq(["status", "--filter", "dirty"], { cwd: repo });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^gwq: invalid --filter "dirty" \(valid values: modified, changed, clean, up to date, stale, inactive, staged, conflict, conflicted, has-session, no-session\)\n$/);
    r = await sb.gwq(["status", "-s", "size"], { cwd: repo });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /valid values: branch, name, status, modified, changes, activity, time, ahead, behind/);
    for (const args of [["--stale-days", "soon"], ["--interval", "0"], ["-i", "x"], ["--json", "--csv"], ["--bogus"]]) {
      r = await sb.gwq(["status", ...args], { cwd: repo });
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stderr.split("\n").length, 2, r.stderr);
    }
  });

  test("--stale-days sets the line; 0 never calls a worktree inactive", async () => {
    const status = async (days: string) => (await json(["--stale-days", days])).worktrees.find((w) => w.branch === "old")!.status;
    assert.equal(await status("31"), "clean");
    assert.equal(await status("29"), "stale");
    assert.equal(await status("0"), "clean");
  });

  test("--no-fetch and --show-processes are accepted", async () => {
    let r = await sb.gwq(["status", "--no-fetch"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    if (process.platform !== "linux") return;
    const child = spawn("sleep", ["30"], { cwd: wt("clean"), stdio: "ignore" });
    try {
      const j = await json(["--show-processes"]);
      const procs = j.worktrees.find((w) => w.branch === "clean")!.processes!;
      assert.ok(procs.some((p) => p.pid === child.pid && p.command === "sleep"), JSON.stringify(procs));
      assert.deepEqual(j.worktrees.find((w) => w.branch === "old")!.processes, []);
      r = await sb.gwq(["status", "--show-processes"], { cwd: repo });
      assert.match(r.stdout.split("\n")[0]!, /PROCESSES$/);
      assert.match(r.stdout, new RegExp(`clean .*sleep:${child.pid}`));
    } finally {
      child.kill();
    }
  });

  test("outside a repository, or with -g, every worktree under the base directory", async () => {
    const other = makeRepo(sb, { name: "otherapp", origin: "git@github.com:acme/otherapp.git" });
    sb.git(other, "worktree", "add", "-q", "-b", "topic", sb.path("worktrees", "otherapp-topic"));
    try {
      const outside = await json([], sb.root);
      assert.ok(outside.worktrees.some((w) => w.branch === "topic" && w.repository === "github.com/acme/otherapp"));
      assert.ok(outside.worktrees.some((w) => w.branch === "feature/mod"));
      const inside = await json([], repo);
      assert.ok(!inside.worktrees.some((w) => w.branch === "topic"));
      const global = await json(["-g"], repo);
      assert.deepEqual(branches(global).sort(), branches(outside).sort());
      const t = await sb.gwq(["status", "--global"], { cwd: repo });
      assert.match(t.stdout, /otherapp:topic/);
    } finally {
      sb.git(other, "worktree", "remove", "--force", sb.path("worktrees", "otherapp-topic"));
    }
  });

  test("a worktree deleted by hand shows as unknown", async () => {
    const gone = sb.path("worktrees", "gone");
    sb.git(repo, "worktree", "add", "-q", "-b", "gone", gone);
    rmSync(gone, { recursive: true, force: true });
    try {
      const j = await json();
      assert.equal(j.worktrees.find((w) => w.branch === "gone")!.status, "unknown");
      const r = await sb.gwq(["status"], { cwd: repo });
      assert.match(r.stdout, /gone +unknown/);
    } finally {
      sb.git(repo, "worktree", "prune");
    }
  });

  test("one git status per worktree, whatever their number", async () => {
    const count = async () => {
      const r = await sb.gwq(["status"], { cwd: repo, env: { GWQ_TRACE_CALLS: "1" } });
      assert.equal(r.code, 0, r.stderr);
      return r.stderr.split("\n").filter((l) => l === "gwq-trace: git").length;
    };
    const before = await count();
    const extra = ["x1", "x2", "x3"].map((n) => sb.path("worktrees", n));
    extra.forEach((p, i) => sb.git(repo, "worktree", "add", "-q", "-b", `x${i + 1}`, p));
    try {
      assert.equal((await count()) - before, 3);
    } finally {
      for (const p of extra) sb.git(repo, "worktree", "remove", "--force", p);
    }
  });

  test("--watch redraws until Ctrl-C, which ends it with exit 0", async () => {
    const child = spawn(process.execPath, [CLI, "status", "--watch", "--interval", "0.2"], { cwd: repo, env: sb.env });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    const done = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    await eventually(() => out.split("[Press Ctrl+C to exit]").length >= 3, 15000, "two frames");
    child.kill("SIGINT");
    assert.equal(await done, 0);
    assert.match(out, /^Worktrees Status - Updated: \d\d:\d\d:\d\d\nTotal: 6 \| Changed: 3 \| Up to date: 2 \| Inactive: 1\n\n {2}BRANCH/);
    assert.doesNotMatch(out, /\x1b/, "no escape codes without a terminal");
  });

  test("sessions: SESSIONS column, has-session/no-session, records in JSON", { skip: !hasTmux() && "tmux not installed" }, async () => {
    const run = await sb.gwq(["tmux", "run", "--id", "status-test", "--", "sleep", "60"], { cwd: join(wt("clean")) });
    assert.equal(run.code, 0, run.stderr);
    try {
      const t = await sb.gwq(["status", "-v"], { cwd: repo });
      assert.match(t.stdout.split("\n").find((l) => l.includes(" clean "))!, / 1 active$/);
      assert.match(t.stdout.split("\n").find((l) => l.includes(" main "))!, / -$/);
      assert.deepEqual(branches(await json(["--filter", "has-session"])), ["clean"]);
      assert.deepEqual(branches(await json(["--filter", "no-session"])), ALL.filter((b) => b !== "clean"));
      const j = await json();
      const rec = j.worktrees.find((w) => w.branch === "clean")!.sessions as Array<Record<string, unknown>>;
      assert.equal(rec.length, 1);
      assert.equal(rec[0]!.identifier, "status-test");
      assert.equal(rec[0]!.working_dir, wt("clean"));
      assert.equal(rec[0]!.status, "running");
      if (process.platform === "linux") {
        const p = await sb.gwq(["status", "--show-processes"], { cwd: repo });
        assert.match(p.stdout, new RegExp(`\\w+:${rec[0]!.pid} \\(${rec[0]!.session_name}\\)`));
      }
    } finally {
      await sb.gwq(["tmux", "kill", "--all", "--force"], { cwd: repo });
    }
    assert.deepEqual(branches(await json(["--filter", "has-session"])), []);
  });
});

function hasTmux(): boolean {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
