// Reliability, bad input (docs/guarantees.md "Bad input and faults"): strange identifiers,
// contexts, branches and paths; broken config files; damaged state. Each gets correct behaviour or
// one clear line (`gwq: ...`), exit 1 for a failure and 2 for a usage error, and never a stack
// trace. (Quoting hazards in commands, and / . : and spaces in identifiers, are proven in
// sessions.test.ts.)
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, makeRepo, type RunResult, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

/** A failure as docs/sessions.md "Ground rules" says: the exit code, one `gwq: ` line, no trace. */
function assertClean(r: RunResult, code: number, what: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  assert.doesNotMatch(r.stderr, /unexpected error/, "a known error, not a bug");
  const lines = r.stderr.trim().split("\n").filter((l) => !l.startsWith("gwq: warning: "));
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, /^gwq: /);
  assert.match(lines[0]!, what);
}

async function run(args: string[], cwd = sb.root): Promise<Rec> {
  return sb.runSession<Rec>(args, { cwd });
}

async function list(): Promise<{ recs: Rec[]; stderr: string }> {
  const r = await sb.gwq(["tmux", "list", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  return { recs: JSON.parse(r.stdout) as Rec[], stderr: r.stderr };
}

describe("strange identifiers, contexts, branches and paths", () => {
  test("non-ASCII, 300 characters, only punctuation: names tmux keeps, the text kept in the record, lookups work", async () => {
    const long = "x".repeat(299) + "ü";
    const cases = [
      { id: "日本語 ünïcødé", ctx: "ctx.ü:1" },
      { id: long, ctx: "c".repeat(300) },
      { id: "...:::///", ctx: "run" },
      { id: "-leading-dash", ctx: "task" },
    ];
    for (const c of cases) {
      // `--id=VALUE`: a value that starts with "-" must be attached (as with any option parser).
      const s = await run([`--id=${c.id}`, "--context", c.ctx, "sleep 60"]);
      assert.equal(s.identifier, c.id);
      assert.equal(s.context, c.ctx);
      assert.match(s.session_name, /^gwq-[A-Za-z0-9_-]+-[A-Za-z0-9_-]+-\d{14}(-\d+)?$/, s.session_name);
      assert.ok(s.session_name.length <= 160, `bounded name length: ${s.session_name.length}`);
      assert.ok(sb.tmuxSessions().includes(s.session_name), `tmux has ${s.session_name} under that exact name`);
      // The exact identifier finds it, whatever its characters.
      const w = await sb.gwq(["tmux", "logs", "--", c.id]);
      assert.equal(w.code, 0, w.stderr);
    }
    const { recs } = await list();
    assert.deepEqual(recs.map((r) => r.identifier).sort(), cases.map((c) => c.id).sort());
    assert.ok(recs.every((r) => r.status === "running"));
    // The table and CSV cope with them too.
    for (const args of [["tmux", "list"], ["tmux", "list", "-v"], ["tmux", "list", "--csv"]]) {
      const r = await sb.gwq(args);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes("日本語 ünïcødé"), args.join(" "));
    }
    const k = await sb.gwq(["tmux", "kill", long]);
    assert.equal(k.code, 0, k.stderr);
    assert.equal((await list()).recs.length, cases.length - 1);
  });

  test("an empty --id, --context or command is a usage error (exit 2) and creates nothing", async () => {
    for (const args of [
      ["--id", "", "sleep 5"],
      ["--id", "   ", "sleep 5"],
      ["--context", "", "sleep 5"],
      [""],
      ["  "],
    ]) {
      const r = await sb.gwq(["tmux", "run", ...args]);
      assertClean(r, 2, /empty/);
    }
    assert.deepEqual(sb.tmuxSessions(), []);
    assert.ok(!existsSync(sb.sessionsDir()) || readdirSync(sb.sessionsDir()).length === 0);
  });

  test("branches with / . and non-ASCII in a repository path with spaces: -w runs there", async () => {
    const repo = makeRepo(sb, { dir: sb.path("src dir", "my app ü") });
    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("work trees ü")}"\n`);
    const branch = "feature/ünï.v1.2";
    const add = await sb.gwq(["add", "-b", branch], { cwd: repo });
    assert.equal(add.code, 0, add.stderr);
    const s = await run(["-w", branch, "pwd; sleep 60"], repo);
    assert.equal(s.identifier, branch);
    assert.equal(s.worktree, branch);
    assert.ok(s.working_dir.startsWith(sb.path("work trees ü")), s.working_dir);
    assert.match(s.session_name, /^gwq-run-feature-n-v1-2-\d{14}$/);
    await eventually(async () => (await sb.gwq(["tmux", "logs", branch])).stdout === `${s.working_dir}\n`, 10000, "pwd output");
    // Part of the branch name finds the worktree too (as gwq get resolves a pattern).
    const again = await run(["-w", "ünï.v1", "--id", "second", "true"], repo);
    assert.equal(again.working_dir, s.working_dir);
  });

  test("-w from a directory that is no repository, or naming no worktree: one line, exit 1, nothing created", async () => {
    const plain = sb.path("not-a-repo");
    mkdirSync(plain);
    assertClean(await sb.gwq(["tmux", "run", "-w", "x", "sleep 5"], { cwd: plain }), 1, /worktree/);
    const repo = makeRepo(sb);
    assertClean(await sb.gwq(["tmux", "run", "-w", "no-such-branch", "sleep 5"], { cwd: repo }), 1, /no-such-branch/);
    assert.deepEqual(sb.tmuxSessions(), []);
    assert.ok(!existsSync(sb.sessionsDir()) || readdirSync(sb.sessionsDir()).length === 0);
  });
});

describe("configuration files", () => {
  test("wrong types, out-of-range values, invalid TOML, a directory in place of the file: one line naming file and key", async () => {
    const cases: { toml: string; key: RegExp }[] = [
      { toml: '[tmux]\nhistory_limit = "lots"\n', key: /tmux\.history_limit: expected an integer/ },
      { toml: "[tmux]\nhistory_limit = 0\n", key: /tmux\.history_limit: expected an integer of at least 1/ },
      // Past tmux's own limit: refused here, not by tmux halfway through creating a session.
      { toml: "[tmux]\nhistory_limit = 1e99\n", key: /tmux\.history_limit: expected an integer of at most/ },
      { toml: "[tmux]\nhistory_limit = 3000000000\n", key: /tmux\.history_limit: expected an integer of at most/ },
      { toml: '[tmux]\nenabled = "yes"\n', key: /tmux\.enabled: expected true or false/ },
      { toml: '[tmux]\nsession_timeout = "forever"\n', key: /tmux\.session_timeout: expected a duration/ },
      { toml: "[tmux]\nsession_timeout = -5\n", key: /tmux\.session_timeout/ },
      { toml: "[tmux]\nhistory_save_dir = 5\n", key: /tmux\.history_save_dir: expected a path/ },
      { toml: '[tmux]\ntmux_command = ""\n', key: /tmux\.tmux_command: expected a program/ },
      { toml: '[tmux]\nhistory_save_dir = ""\n', key: /tmux\.history_save_dir: expected a path, got an empty string/ },
      { toml: '[worktree]\nbasedir = " "\n', key: /worktree\.basedir: expected a path/ },
      { toml: "tmux = 5\n", key: /tmux: expected a table/ },
      { toml: "[[repository_settings]]\nrepository = 5\n", key: /repository_settings\[0\]\.repository/ },
      { toml: "repository_settings = 5\n", key: /repository_settings/ },
      { toml: "[tmux\n", key: /:1:\d+: invalid TOML/ },
      { toml: "[tmux]\nkeep_alive = true\nkeep_alive = false\n", key: /invalid TOML/ },
      { toml: "\xff\xfe[tmux]", key: /invalid TOML/ },
    ];
    for (const c of cases) {
      const p = sb.writeConfig(c.toml);
      for (const args of [["tmux", "list"], ["tmux", "run", "true"], ["list"]]) {
        const r = await sb.gwq(args);
        assertClean(r, 1, c.key);
        assert.ok(r.stderr.includes(p), `names the file: ${r.stderr}`);
      }
    }
    // A directory where the file should be (chmod 000 would not stop root).
    const p = sb.writeConfig("");
    sb.sh("rm", [p]);
    mkdirSync(p);
    const r = await sb.gwq(["tmux", "list"]);
    assertClean(r, 1, /is a directory/);
    assert.ok(r.stderr.includes(p));
    assert.deepEqual(sb.tmuxSessions(), []);
  });

  test("unknown keys are warnings; everything else keeps working", async () => {
    sb.writeConfig("[tmux]\nbogus = 1\nhistory_limit = 3000\n[nope]\nx = 1\n");
    const s = await run(["--id", "k", "sleep 30"]);
    assert.equal(s.status, "running");
    const r = await sb.gwq(["tmux", "list"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*unknown key "tmux\.bogus"/);
    assert.match(r.stderr, /warning: .*unknown key "nope\.x"/);
    assert.equal(sb.tmux("display-message", "-p", "-t", `=${s.session_name}:`, "#{history_limit}").trim(), "3000");
  });

  test("a broken local .gwq.toml fails with the local file's name", async () => {
    const dir = sb.path("proj");
    mkdirSync(dir);
    writeFileSync(join(dir, ".gwq.toml"), "[tmux]\nkeep_alive = 3\n");
    const r = await sb.gwq(["tmux", "run", "true"], { cwd: dir });
    assertClean(r, 1, /tmux\.keep_alive: expected true or false/);
    assert.ok(r.stderr.includes(join(dir, ".gwq.toml")));
  });
});

describe("damaged state", () => {
  test("damaged, truncated, empty and stray files are skipped with a warning; every command keeps working", async () => {
    const good = await run(["--id", "good", "echo good-output; sleep 60"]);
    // A user's own tmux session named like a damaged record's: never ours to touch.
    sb.tmux("new-session", "-d", "-s", "gwq-run-bad-20240101000000", "sleep 300");
    const d = sb.sessionsDir();
    const base = { id: "abcd1234", context: "run", identifier: "bad", working_dir: "/", command: "x", pid: null, pane_id: null, worktree: null, history_size: 1, metadata: {} };
    const bad: Record<string, string> = {
      "empty.json": "",
      "truncated.json": JSON.stringify({ ...base, session_name: "truncated" }).slice(0, 40),
      "null.json": "null",
      "array.json": "[1, 2]",
      "string.json": '"text"',
      "binary.json": "\x00\x01\x02\xff",
      // Parses, but with wrong types: once crashed every sort ("localeCompare is not a function").
      "gwq-run-bad-20240101000000.json": JSON.stringify({ ...base, session_name: "gwq-run-bad-20240101000000", start_time: 5 }),
      // No policy: the end hook would crash on it.
      "gwq-run-nopolicy-20240101000000.json": JSON.stringify({ ...base, session_name: "gwq-run-nopolicy-20240101000000", start_time: "2024-01-01T00:00:00.000+00:00" }),
      // A name that does not match its file.
      "mismatch.json": JSON.stringify({ ...base, session_name: "other", start_time: "2024-01-01T00:00:00.000+00:00" }),
      "stray.txt": "hello",
      ".hidden-editor-swap": "x",
      "orphan.end.json": "garbage",
    };
    for (const [f, content] of Object.entries(bad)) writeFileSync(join(d, f), content);
    mkdirSync(join(d, "a-directory.json"));
    mkdirSync(join(d, "subdir"));
    // The good session's end mark, damaged with wrong types (history_file a number).
    writeFileSync(join(d, `${good.session_name}.end.json`), JSON.stringify({ exit_code: "0", signal: null, end_time: null, history_file: 5 }));

    const { recs, stderr } = await list();
    assert.deepEqual(recs.map((r) => r.session_name), [good.session_name]);
    assert.equal(recs[0]!.status, "running", "a damaged end mark is not believed");
    for (const f of ["empty.json", "truncated.json", "null.json", "array.json", "binary.json", "gwq-run-bad-20240101000000.json", "gwq-run-nopolicy-20240101000000.json", "mismatch.json", "a-directory.json"])
      assert.ok(stderr.includes(`skipping a damaged session record: ${join(d, f)}`), `${f}: ${stderr}`);
    assert.ok(stderr.includes(`stray file in the state directory: ${join(d, "stray.txt")}`), stderr);
    assert.match(stderr, /skipping a damaged end record/);

    for (const args of [
      ["tmux", "list"],
      ["tmux", "list", "-v", "--sort", "duration"],
      ["tmux", "list", "--csv"],
      ["tmux", "list", "--sort", "identifier", "--filter", "running,detached"],
      ["tmux", "logs", "good"],
      ["tmux", "save", "good", sb.path("saved.log")],
      ["status"],
    ]) {
      const r = await sb.gwq(args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at |unexpected error/);
    }
    assert.equal((await sb.gwq(["tmux", "logs", "good"])).stdout, "good-output\n");
    const k = await sb.gwq(["tmux", "kill", "--all", "--force"]);
    assert.equal(k.code, 0, k.stderr);
    assert.equal(k.stdout, `killed ${good.session_name}\n`);
    assert.deepEqual(sb.tmuxSessions(), ["gwq-run-bad-20240101000000"], "only gwq's session was ended");
  });

  test("a stray file where the state directory should be: one line, exit 1, no tmux session made", async () => {
    mkdirSync(join(sb.env.XDG_STATE_HOME!, "gwq"), { recursive: true });
    writeFileSync(sb.sessionsDir(), "not a directory");
    assertClean(await sb.gwq(["tmux", "run", "sleep 30"]), 1, /state directory/);
    assertClean(await sb.gwq(["tmux", "list"]), 1, /state directory/);
    assert.deepEqual(sb.tmuxSessions(), []);
  });
});
