// Hardening (docs/guarantees.md): which session a pattern names, commands that do what they say,
// and output that fits the terminal. Real git, a private real tmux server, real terminals.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bashCompletion, eventually, makeRepo } from "../helpers/sandbox.js";
import { Terminal, gwqCommand, terminalSandbox } from "../helpers/terminal.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

async function run(args: string[], opts: { cwd?: string } = {}): Promise<Rec> {
  return sb.runSession<Rec>(args, { cwd: opts.cwd });
}

async function list(): Promise<Rec[]> {
  return sb.sessions<Rec>();
}

/** Wait for the end mark the recorder writes (not a listing, which may expire what it waits for). */
async function ended(name: string): Promise<void> {
  const mark = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions", `${name}.end.json`);
  await eventually(() => existsSync(mark) && JSON.parse(readFileSync(mark, "utf8")).history_file, 15000, `${name} ended`);
}

/** Make the start times of consecutive runs differ (names stay distinct anyway). */
const tick = () => new Promise((r) => setTimeout(r, 20));

describe("which session a pattern names (item 6)", () => {
  test("an exact identifier names that session even when it is detached: attach api never takes api-v2", async () => {
    const api = await run(["--id", "api", "sleep 300"]);
    const v2 = await run(["--id", "api-v2", "sleep 300"]);
    sb.tmux("kill-session", "-t", `=${api.session_name}`);
    const r = await sb.gwq(["tmux", "attach", "api"]);
    assert.equal(r.code, 1);
    assert.ok(!r.stderr.includes(v2.session_name), r.stderr);
    assert.match(r.stderr, new RegExp(`^gwq: ${api.session_name} is detached \\(session-killed\\): tmux no longer has it`));
  });

  test("a reused identifier names its newest session for logs, save and wait", async () => {
    const first = await run(["--id", "tests", "echo first-run; exit 3"]);
    await ended(first.session_name);
    await tick();
    const second = await run(["--id", "tests", "echo second-run; exit 5"]);
    await ended(second.session_name);
    const logs = await sb.gwq(["tmux", "logs", "tests"]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, "second-run\n");
    const out = sb.path("saved.log");
    const save = await sb.gwq(["tmux", "save", "tests", out]);
    assert.equal(save.code, 0, save.stderr);
    assert.equal(readFileSync(out, "utf8"), "second-run\n");
    assert.equal((await sb.gwq(["tmux", "wait", "tests"])).code, 5);
    // Its session name still names the older one.
    assert.equal((await sb.gwq(["tmux", "logs", first.session_name])).stdout, "first-run\n");
  });

  test("attach prefers the newest session tmux still has over a newer finished one", async () => {
    const live = await run(["--id", "tests", "sleep 300"]);
    await tick();
    const done = await run(["--id", "tests", "true"]);
    await ended(done.session_name);
    await eventually(() => !sb.tmuxSessions().includes(done.session_name), 15000, "the completed session cleaned up");
    const r = await sb.gwq(["tmux", "attach", "tests"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `gwq: attaching to ${live.session_name} needs a terminal\n`);
  });

  test("a finished record does not block auto_create_session: attach makes a shell in the worktree", async () => {
    const repo = makeRepo(sb);
    const wt = sb.path("wt-auth");
    sb.git(repo, "worktree", "add", "-q", "-b", "feature/auth", wt);
    const done = await run(["-w", "feature/auth", "true"], { cwd: repo });
    assert.equal(done.identifier, "feature/auth");
    await ended(done.session_name);
    await eventually(() => !sb.tmuxSessions().includes(done.session_name), 15000, "the completed session cleaned up");
    const r = await sb.gwq(["tmux", "attach", "feature/auth"], { cwd: repo });
    assert.match(r.stderr, /needs a terminal/);
    const shell = (await list()).find((s) => s.context === "shell");
    assert.ok(shell, "a shell session was created");
    assert.equal(shell.identifier, "feature/auth");
    assert.ok(sb.tmuxSessions().includes(shell.session_name));
  });

  test("the attach finder offers only sessions tmux still has", async () => {
    const alive = await run(["--id", "alive-one", "sleep 300"]);
    const done = await run(["--id", "done-one", "true"]);
    const gone = await run(["--id", "gone-one", "sleep 300"]);
    await ended(done.session_name);
    await eventually(() => !sb.tmuxSessions().includes(done.session_name), 15000, "the completed session cleaned up");
    sb.tmux("kill-session", "-t", `=${gone.session_name}`);
    term = Terminal.start(sb, `${gwqCommand("tmux", "attach")}; echo "[exit $?]"`, { cols: 120, rows: 20 });
    const screen = await term.waitFor(/1\/1/);
    assert.match(screen, /alive-one/);
    assert.doesNotMatch(screen, /done-one|gone-one/);
    term.send("Escape");
    await term.waitFor(/\[exit 130\]/);
    assert.ok(alive.session_name);
  });
});

describe("commands that do what they say (item 7)", () => {
  test("run ls -la: options after the command's first word belong to the command", async () => {
    writeFileSync(sb.path(".hidden-file"), "");
    const s = await run(["--id", "listing", "ls", "-la"]);
    assert.equal(s.command, "ls -la");
    await ended(s.session_name);
    const out = (await sb.gwq(["tmux", "logs", "listing"])).stdout;
    assert.match(out, /^total \d+$/m);
    assert.match(out, /\.hidden-file/);
    // gwq's own flags still work before the command, and `--` still gives an exact argv.
    const argv = await run(["--id", "argv", "--", "printf", "%s|", "a b", "-c"]);
    await ended(argv.session_name);
    assert.equal((await sb.gwq(["tmux", "logs", "argv"])).stdout, "a b|-c|\n");
  });

  test("kill <pattern> --all --force ends every session the pattern occurs in, and only those", async () => {
    const a = await run(["--id", "api", "sleep 300"]);
    const b = await run(["--id", "api-v2", "sleep 300"]);
    const other = await run(["--id", "web", "sleep 300"]);
    // Without --all an ambiguous pattern needs a choice: refused without a terminal, saying how.
    const amb = await sb.gwq(["tmux", "kill", "api-", "--force"]);
    assert.equal(amb.code, 1);
    assert.match(amb.stderr, /add --all to end every one/);
    // --all without --force and without a terminal asks, so it refuses.
    const ask = await sb.gwq(["tmux", "kill", "api", "--all"]);
    assert.equal(ask.code, 1);
    assert.match(ask.stderr, /--force/);
    const r = await sb.gwq(["tmux", "kill", "api", "--all", "--force"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n").sort(), [`killed ${a.session_name}`, `killed ${b.session_name}`].sort());
    assert.deepEqual(sb.tmuxSessions(), [other.session_name]);
    assert.deepEqual((await list()).map((s) => s.identifier), ["web"]);
  });

  test("wait --timeout takes bare seconds", async () => {
    await run(["--id", "slow", "sleep 300"]);
    const started = Date.now();
    const r = await sb.gwq(["tmux", "wait", "slow", "--timeout", "1"]);
    assert.equal(r.code, 124, r.stderr);
    assert.ok(Date.now() - started >= 1000);
    await run(["--id", "quick", "exit 4"]);
    assert.equal((await sb.gwq(["tmux", "wait", "quick", "--timeout", "30"])).code, 4);
    const bad = await sb.gwq(["tmux", "wait", "quick", "--timeout", "soon"]);
    assert.equal(bad.code, 2);
  });

  test("gwq help tmux run shows run's help", async () => {
    const r = await sb.gwq(["help", "tmux", "run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: gwq tmux run /);
    assert.match(r.stdout, /--worktree/);
    assert.equal((await sb.gwq(["help", "tmux"])).stdout.split("\n")[0], "Usage: gwq tmux [options] [command]");
  });

  test("rm refuses a worktree where a session runs, naming it; --force removes it; a finished one does not block", async () => {
    const repo = makeRepo(sb);
    const wt = sb.path("wt-busy");
    const idle = sb.path("wt-idle");
    sb.git(repo, "worktree", "add", "-q", "-b", "busy", wt);
    sb.git(repo, "worktree", "add", "-q", "-b", "idle", idle);
    mkdirSync(join(wt, "sub"));
    const s = await run(["--id", "server", "sleep 300"], { cwd: join(wt, "sub") });
    const done = await run(["-w", "idle", "true"], { cwd: repo });
    await ended(done.session_name);
    const r = await sb.gwq(["rm", "busy"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`has a running gwq session: ${s.session_name}; end it with "gwq tmux kill ${s.session_name}", or use --force`));
    assert.ok(existsSync(wt), "nothing removed");
    const dry = await sb.gwq(["rm", "--dry-run", "busy"], { cwd: repo });
    assert.equal(dry.code, 1);
    assert.match(dry.stderr, new RegExp(s.session_name));
    const ok = await sb.gwq(["rm", "idle"], { cwd: repo });
    assert.equal(ok.code, 0, ok.stderr);
    const forced = await sb.gwq(["rm", "--force", "busy"], { cwd: repo });
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(!existsSync(wt));
  });
});

describe("output (item 9)", () => {
  test("config list and get show every naming.sanitize_chars entry, \"/\" included, as TOML", async () => {
    const list = await sb.gwq(["config", "list"]);
    assert.match(list.stdout, /^naming\.sanitize_chars = \{ "\/" = "-", ":" = "-" \}$/m);
    assert.equal((await sb.gwq(["config", "get", "naming.sanitize_chars"])).stdout, '{ "/" = "-", ":" = "-" }\n');
    sb.writeConfig('[naming.sanitize_chars]\n"/" = "_"\n" " = "+"\n"a = b" = "c"\n');
    assert.equal((await sb.gwq(["config", "get", "naming.sanitize_chars"])).stdout, '{ "/" = "_", " " = "+", "a = b" = "c" }\n');
  });

  test("list -v fits a 120-column terminal: the command is shortened, no row wraps", async () => {
    const long = `echo ${"a-rather-long-argument ".repeat(8)}; sleep 300`;
    await run(["--id", "feature-auth-refactor", long]);
    await run(["--context", "verylongcontext", "--id", "x", long]);
    await run(["--id", "short", "sleep 300"]);
    term = Terminal.start(sb, `${gwqCommand("tmux", "list", "-v")}; echo "[exit $?]"`, { cols: 120, rows: 20 });
    const screen = await term.waitFor(/\[exit 0\]/);
    const lines = screen.split("\n");
    // Header, three rows, the exit line: a wrapped row would add lines.
    assert.equal(lines.length, 5, screen);
    assert.match(lines[0]!, /^\s+CONTEXT\s+IDENTIFIER\s+STATUS\s+DURATION\s+SESSION\s+PID\s+EXIT\s+WORKTREE\s+STARTED\s+COMMAND$/);
    for (const l of lines) assert.ok([...l].length <= 120, `${[...l].length}: ${l}`);
    assert.match(lines[1]!, /  echo a-\S*…$/, "the command is shortened, not dropped");
    // Piped, nothing is cut.
    assert.ok((await sb.gwq(["tmux", "list", "-v"])).stdout.includes(long));
  });

  test("status words are coloured on a terminal (failed red, completed green), never with NO_COLOR or in a pipe", async () => {
    sb.writeConfig("[tmux]\nauto_cleanup_completed = false\n");
    const ok = await run(["--id", "good", "true"]);
    const bad = await run(["--id", "bad", "exit 2"]);
    await ended(ok.session_name);
    await ended(bad.session_name);
    term = Terminal.start(sb, `${gwqCommand("tmux", "list")}; echo "[exit $?]"`, { cols: 120, rows: 20 });
    await term.waitFor(/\[exit 0\]/);
    const coloured = term.screen({ escapes: true });
    assert.match(coloured, /\x1b\[32mcompleted\x1b\[39m/);
    assert.match(coloured, /\x1b\[31mfailed\x1b\[39m/);
    term.close();
    term = Terminal.start(sb, `${gwqCommand("tmux", "list")}; echo "[exit $?]"`, { cols: 120, rows: 20, env: { NO_COLOR: "1" } });
    await term.waitFor(/\[exit 0\]/);
    assert.doesNotMatch(term.screen({ escapes: true }), /\x1b\[3[12]m/);
    assert.doesNotMatch((await sb.gwq(["tmux", "list"])).stdout, /\x1b/);
  });

  test("bash completion offers worktrees after tmux run -w", async () => {
    const repo = makeRepo(sb);
    sb.git(repo, "worktree", "add", "-q", "-b", "feature/login", sb.path("wt-login"));
    const { complete } = await bashCompletion(sb, repo);
    assert.deepEqual(complete("gwq tmux run -w fea"), ["feature/login"]);
    assert.deepEqual(complete("gwq tmux run --worktree fea"), ["feature/login"]);
    assert.ok(complete("gwq tmux run --").includes("--worktree"));
  });
});
