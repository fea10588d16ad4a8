// Reliability, security (docs/guarantees.md "Security"): private files, an untrusted .gwq.toml that
// cannot run anything, a hook that survives hostile paths, and kill/cleanup that only ever touch
// sessions gwq created. (File modes of records and of an auto-saved history are proven in
// sessions.test.ts.)
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, makeRepo, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";
import { rewriteEnd } from "../helpers/session-record.js";

const sb = sandboxEach();

async function run(args: string[], env: Record<string, string> = {}, cwd = sb.root): Promise<Rec> {
  return sb.runSession<Rec>(args, { env, cwd });
}

async function list(env: Record<string, string> = {}): Promise<Rec[]> {
  return sb.sessions<Rec>({ env });
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe("private files", () => {
  test("state dir, trust file, kill-time and save-time histories: files 0600, dirs gwq made 0700", async () => {
    const proj = sb.path("proj");
    mkdirSync(proj);
    writeFileSync(join(proj, ".gwq.toml"), "[tmux]\nkeep_alive = true\n");
    assert.equal((await sb.gwq(["config", "trust"], { cwd: proj })).code, 0);
    const state = join(sb.env.XDG_STATE_HOME!, "gwq");
    assert.equal(mode(state), 0o700);
    assert.equal(mode(join(state, "trusted.json")), 0o600);

    const s = await run(["--id", "k", "echo secret; sleep 300"]);
    const hist = join(sb.home, ".gwq", "history");
    assert.equal(mode(join(sb.home, ".gwq")), 0o700);
    assert.equal(mode(hist), 0o700);
    await eventually(async () => (await sb.gwq(["tmux", "logs", "k"])).stdout === "secret\n", 10000, "output");
    // save to the default place and to a file of the user's choosing, then kill (saves again).
    const saved = (await sb.gwq(["tmux", "save", "k"])).stdout.trim();
    assert.equal(saved, join(hist, `${s.session_name}.log`));
    assert.equal(mode(saved), 0o600);
    const shared = sb.path("shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const mine = join(shared, "k.log");
    assert.equal((await sb.gwq(["tmux", "save", "k", mine])).code, 0);
    assert.equal(mode(mine), 0o600);
    assert.equal(statSync(shared).mode & 0o7777, 0o1777, "a directory that was the user's keeps its mode (it once became 0700)");
    writeFileSync(saved, "");
    assert.equal((await sb.gwq(["tmux", "kill", "k"])).code, 0);
    assert.equal(mode(saved), 0o600);
    assert.equal(readFileSync(saved, "utf8"), "secret\n");
  });
});

describe("an untrusted .gwq.toml", () => {
  test("cannot choose tmux_command, default_shell or setup_commands; after trust it can (the proof can fail)", async () => {
    const repo = makeRepo(sb);
    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("wt")}"\n`);
    const marker = (what: string) => sb.path(`marker-${what}`);
    // A would-be program: leaves a marker, then does the real job so gwq still works.
    const prog = (what: string, real: string) => {
      const p = sb.path(`evil-${what}`);
      writeFileSync(p, `#!/bin/sh\ntouch '${marker(what)}'\nexec ${real} "$@"\n`);
      chmodSync(p, 0o755);
      return p;
    };
    writeFileSync(
      join(repo, ".gwq.toml"),
      [
        "[tmux]",
        `tmux_command = "${prog("tmux", "tmux")}"`,
        `default_shell = "${prog("shell", "/bin/sh")}"`,
        "[[repository_settings]]",
        `repository = "${repo}"`,
        `setup_commands = ["touch '${marker("setup")}'"]`,
        "",
      ].join("\n"),
    );
    const r1 = await sb.gwq(["tmux", "run", "--id", "u", "true"], { cwd: repo });
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r1.stderr, /tmux\.tmux_command ignored/);
    assert.match(r1.stderr, /tmux\.default_shell ignored/);
    const r2 = await sb.gwq(["add", "-b", "feat"], { cwd: repo });
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stderr, /setup_commands ignored/);
    await sb.gwq(["tmux", "list"], { cwd: repo });
    for (const w of ["tmux", "shell", "setup"]) assert.ok(!existsSync(marker(w)), `untrusted ${w} must not run`);

    // The same file, trusted: every one of them runs — so the checks above can fail.
    assert.equal((await sb.gwq(["config", "trust"], { cwd: repo })).code, 0);
    const r3 = await sb.gwq(["tmux", "run", "--id", "t", "true"], { cwd: repo });
    assert.equal(r3.code, 0, r3.stderr);
    const r4 = await sb.gwq(["add", "-b", "feat2"], { cwd: repo });
    assert.equal(r4.code, 0, r4.stderr);
    await eventually(() => ["tmux", "shell", "setup"].every((w) => existsSync(marker(w))), 10000, "trusted programs ran");
  });

  test("copy_files cannot reach outside the repository", async () => {
    const repo = makeRepo(sb);
    sb.writeConfig(`[worktree]\nbasedir = "${sb.path("wt")}"\n`);
    writeFileSync(sb.path("secret.txt"), "secret\n");
    writeFileSync(join(repo, ".env"), "ok\n");
    writeFileSync(
      join(repo, ".gwq.toml"),
      `[[repository_settings]]\nrepository = "${repo}"\ncopy_files = [".env", "../../secret.txt", "../../../${sb.root.split("/").pop()}/secret.txt"]\n`,
    );
    // Untrusted, copy_files does not apply at all (test/e2e/hardening-files.test.ts); trusted, it
    // still cannot leave the repository.
    assert.equal((await sb.gwq(["config", "trust"], { cwd: repo })).code, 0);
    const r = await sb.gwq(["add", "-b", "feat"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /copy_files: "\.\.\/\.\.\/secret\.txt" leaves the repository; skipped/);
    const wt = (await sb.gwq(["get", "feat"], { cwd: repo })).stdout.trim();
    assert.equal(readFileSync(join(wt, ".env"), "utf8"), "ok\n", "inside the repository still copied");
    const found = sb.sh("find", [sb.root, "-name", "secret.txt"]).trim().split("\n");
    assert.deepEqual(found, [sb.path("secret.txt")], "no copy anywhere");
  });
});

describe("the end hook", () => {
  test("a state dir and history dir full of shell and tmux syntax: the pane-died hook still records the end", async () => {
    const weird = sb.path(`st a't "q" $HOME \`x\` #{pane_id} ; & |`);
    const hist = sb.path(`hi's $(touch ${sb.path("pwned")}) #{session_name}`);
    sb.writeConfig(`[tmux]\nhistory_save_dir = '''${hist}'''\nauto_cleanup_completed = false\n`);
    const env = { XDG_STATE_HOME: weird };
    const s = await run(["--id", "hook", "echo out; sleep 300"], env);
    // Kill the in-pane recorder and its command with SIGKILL: the recorder cannot write the end,
    // so only tmux's pane-died hook (run through run-shell, i.e. a shell) can.
    const panePid = Number(sb.tmux("display-message", "-p", "-t", `=${s.session_name}:`, "#{pane_pid}").trim());
    assert.ok(panePid > 0);
    await eventually(async () => (await sb.gwq(["tmux", "logs", "hook"], { env })).stdout === "out\n", 10000, "output");
    process.kill(-panePid, "SIGKILL");
    const end = join(weird, "gwq", "sessions", `${s.session_name}.end.json`);
    await eventually(() => existsSync(end) && JSON.parse(readFileSync(end, "utf8")).history_file, 15000, "end recorded by the hook");
    const mark = JSON.parse(readFileSync(end, "utf8"));
    assert.equal(mark.exit_code, 128 + 9);
    assert.equal(mark.history_file, join(hist, `${s.session_name}.log`));
    assert.equal(readFileSync(mark.history_file, "utf8"), "out\n");
    assert.ok(!existsSync(sb.path("pwned")), "no path was ever run as shell text");
    assert.ok(!existsSync(join(weird, "..", "hook-errors.log")));
  });
});

describe("only sessions gwq created", () => {
  test("a user's session named like gwq's survives kill, --all, --completed, --failed and session_timeout", async () => {
    sb.writeConfig("[tmux]\nauto_cleanup_completed = false\n");
    const mine = "gwq-run-x-20240101000000";
    sb.tmux("new-session", "-d", "-s", mine, "sleep 300");
    await run(["--id", "x", "sleep 300"]);
    const done = await run(["--id", "x-done", "true"]);
    const failed = await run(["--id", "x-failed", "exit 1"]);
    await eventually(async () => (await list()).filter((s) => s.history_file).length === 2, 15000, "two ends");
    for (const args of [["logs", mine], ["wait", mine], ["save", mine], ["attach", mine], ["kill", mine]]) {
      const r = await sb.gwq(["tmux", ...args]);
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /no gwq session matches/);
    }
    assert.equal((await sb.gwq(["tmux", "kill", "x"])).code, 0);
    assert.equal((await sb.gwq(["tmux", "kill", "--completed", "--failed", "--force"])).code, 0);
    assert.ok(sb.tmuxSessions().every((n) => n !== done.session_name && n !== failed.session_name));
    // session_timeout: a finished session past it is removed with its tmux session; never mine.
    sb.writeConfig('[tmux]\nauto_cleanup_completed = false\nsession_timeout = "1s"\n');
    const old = await run(["--id", "x-old", "true"]);
    // Wait on the end mark, not a listing: a listing past the timeout would expire what it waits for.
    const endMark = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions", `${old.session_name}.end.json`);
    await eventually(() => existsSync(endMark) && JSON.parse(readFileSync(endMark, "utf8")).history_file, 15000, "ended");
    await eventually(() => Date.now() - Date.parse(JSON.parse(readFileSync(endMark, "utf8")).end_time) > 1100, 15000, "past session_timeout");
    assert.deepEqual(await list(), []);
    assert.equal((await sb.gwq(["tmux", "kill", "--all", "--force"])).code, 0);
    assert.deepEqual(sb.tmuxSessions(), [mine]);
  });

  test("a same-named session on a later server (as tmux-resurrect restores them) is not gwq's", async () => {
    sb.writeConfig('[tmux]\nsession_timeout = "1h"\n');
    const s = await run(["--id", "resurrected", "sleep 300"]);
    const paneId = JSON.parse(readFileSync(join(sb.env.XDG_STATE_HOME!, "gwq", "sessions", `${s.session_name}.json`), "utf8")).pane_id as string;
    await sb.killServer();
    // A new server: the user's sessions come back under the same name, even with the same pane
    // id (pane ids start again from %0).
    const want = Number(paneId.slice(1));
    for (let i = 0; i < want; i++) sb.tmux("new-session", "-d", "-s", `filler${i}`, "sleep 300");
    sb.tmux("new-session", "-d", "-s", s.session_name, "sleep 300");
    assert.equal(sb.tmux("display-message", "-p", "-t", `=${s.session_name}:`, "#{pane_id}").trim(), paneId);
    const rec = (await list()).find((x) => x.session_name === s.session_name);
    assert.equal(rec?.status, "detached", "the restored session is not our command");
    const a = await sb.gwq(["tmux", "attach", s.session_name]);
    assert.equal(a.code, 1);
    // Expiry (detached for longer than session_timeout: its mark moved a day back) and kill --all
    // remove the record, never the session.
    const endFile = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions", `${s.session_name}.end.json`);
    rewriteEnd(endFile, (end) => ({ ...end, detached_at: new Date(Date.now() - 86_400_000).toISOString() }));
    assert.deepEqual(await list(), []);
    await run(["--id", "another", "sleep 300"]);
    assert.equal((await sb.gwq(["tmux", "kill", "--all", "--force"])).code, 0);
    assert.ok(sb.tmuxSessions().includes(s.session_name), "the user's session survived");
  });
});

// Secrets, pipes and paths (docs/guarantees.md "Hardening").
describe("no secret in any process's argv", () => {
  test("a variable's value never appears in a command line, though gwq started the tmux server; the command still gets it", async () => {
    const secret = `topsecret-${process.pid}-${Date.now()}`;
    const s = await run(["--id", "sec", 'echo "got=$GWQ_TEST_SECRET"; sleep 300'], { GWQ_TEST_SECRET: secret });
    const out = await eventually(async () => {
      const r = await sb.gwq(["tmux", "logs", "sec"]);
      return r.stdout.includes("got=") ? r.stdout : undefined;
    }, 15000, "the command's output");
    assert.equal(out, `got=${secret}\n`);
    const { readdirSync } = await import("node:fs");
    const leaks: string[] = [];
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (cmdline.includes(secret)) leaks.push(`${pid}: ${cmdline.replace(/\0/g, " ").slice(0, 200)}`);
      } catch {
        // gone meanwhile
      }
    }
    assert.deepEqual(leaks, []);
    // The file that carried it is gone once read.
    const dir = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
    assert.equal(existsSync(join(dir, `${s.session_name}.env`)), false);
  });
});

describe("a record whose creation was cut short", () => {
  test("claims no tmux session by its name: kill --all --force leaves a user's same-named session alone", async () => {
    const real = await run(["--id", "cut", "sleep 300"]);
    const dir = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
    const rec = JSON.parse(readFileSync(join(dir, `${real.session_name}.json`), "utf8"));
    // As `run` leaves it when interrupted before tmux answered: no pane, no pid, made long ago.
    const name = "gwq-run-cut-20240101000000";
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ ...rec, id: "cafe0001", session_name: name, pid: null, pane_id: null, start_time: "2024-01-01T00:00:00.000+00:00" }));
    sb.tmux("new-session", "-d", "-s", name, "sleep", "300"); // the user's own
    const k = await sb.gwq(["tmux", "kill", "--all", "--force"]);
    assert.equal(k.code, 0, k.stderr);
    assert.deepEqual(sb.tmuxSessions(), [name], "the user's session survives; ours is gone");
  });

  test("a creation slower than the grace period is not detached for good once its pane is there", async () => {
    const s = await run(["--id", "slow", "sleep 300"]);
    const dir = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
    // A sweep that ran while tmux was still creating it wrote a detached mark.
    writeFileSync(join(dir, `${s.session_name}.end.json`), JSON.stringify({ exit_code: null, signal: null, end_time: null, history_file: null, detached_at: "2024-01-01T00:00:00.000+00:00", detached_reason: "server-exited" }));
    assert.equal((await list())[0]!.status, "running");
    assert.equal(existsSync(join(dir, `${s.session_name}.end.json`)), false, "the sweep drops the stale mark");
  });
});

describe("an untrusted .gwq.toml changes nothing outside its directory", () => {
  test("session_timeout, keep_alive and history_save_dir from it are ignored with a warning; trusted, they apply", async () => {
    const done = await run(["--id", "old", "true"]);
    await eventually(async () => (await list())[0]?.status === "completed", 15000, "completed");
    const proj = sb.path("proj");
    mkdirSync(proj);
    writeFileSync(join(proj, ".gwq.toml"), `[tmux]\nsession_timeout = "1ms"\nkeep_alive = false\nhistory_save_dir = "${sb.path("elsewhere")}"\nhistory_limit = 123\n`);
    const r = await sb.gwq(["tmux", "list", "--json"], { cwd: proj });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as Rec[]).map((x) => x.session_name), [done.session_name], "nothing expired");
    for (const k of ["session_timeout", "keep_alive", "history_save_dir"]) assert.match(r.stderr, new RegExp(`tmux\\.${k} ignored \\(this \\.gwq\\.toml is not trusted`));
    assert.doesNotMatch(r.stderr, /history_limit ignored/, "a key whose effect stays local applies");
    const s = await run(["--id", "local", "sleep 300"], {}, proj);
    const listed = (await list()).find((x) => x.session_name === s.session_name) as Rec & { history_size: number };
    assert.equal(listed.history_size, 123);
    assert.equal(existsSync(sb.path("elsewhere")), false);
    const t = await sb.gwq(["config", "trust"], { cwd: proj });
    assert.equal(t.code, 0, t.stderr);
    const after = await sb.gwq(["tmux", "list", "--json"], { cwd: proj });
    assert.equal((JSON.parse(after.stdout) as Rec[]).some((x) => x.session_name === done.session_name), false, "trusted: its timeout applies");
  });
});

describe("temp files", () => {
  test("save never writes through a link planted at its path, and leaves no temp file behind", async () => {
    await run(["--id", "tmp", "echo data; sleep 300"]);
    await eventually(async () => (await sb.gwq(["tmux", "logs", "tmp"])).stdout === "data\n", 15000, "output");
    const victim = sb.path("victim.txt");
    writeFileSync(victim, "untouched\n");
    const out = sb.path("out");
    mkdirSync(out);
    const { symlinkSync, readdirSync } = await import("node:fs");
    symlinkSync(victim, join(out, "h.log"));
    const r = await sb.gwq(["tmux", "save", "tmp", join(out, "h.log")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: cannot write .*h\.log \(a symbolic link is in the way\)\n$/);
    assert.equal(readFileSync(victim, "utf8"), "untouched\n");
    // A write that fails after its temp file was made (here: a directory where the file goes).
    mkdirSync(join(out, "d.log"));
    writeFileSync(join(out, "d.log", "keep"), "x");
    const f = await sb.gwq(["tmux", "save", "tmp", join(out, "d.log")]);
    assert.equal(f.code, 1, f.stderr);
    assert.deepEqual(readdirSync(out).sort(), ["d.log", "h.log"], "no temp file left");
  });
});
