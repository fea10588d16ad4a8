// gwq's interactive flows in a real terminal (README "Commands"): the built CLI runs in a pane of
// the test's own tmux server (test/helpers/terminal.ts), and talks to the sandbox's default-socket
// server, where its sessions live.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { eventually, makeRepo } from "../helpers/sandbox.js";
import { Terminal, gwqCommand, terminalSandbox } from "../helpers/terminal.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

/** Start sessions with `gwq tmux run`; returns their names by identifier. */
async function run(sessions: Record<string, string>): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const [id, command] of Object.entries(sessions)) {
    const r = await sb.gwq(["tmux", "run", "--id", id, "--json", command]);
    assert.equal(r.code, 0, r.stderr);
    names[id] = JSON.parse(r.stdout).session_name;
  }
  return names;
}

function start(args: string[], size = { cols: 120, rows: 20 }): Terminal {
  term = Terminal.start(sb, `${gwqCommand(...args)}; echo "[exit $?]"`, size);
  return term;
}

describe("gwq in a terminal", () => {
  test("attach: typing part of a name and Enter attaches to that session", async () => {
    const names = await run({ api: "echo api-output-here; sleep 300", web: "echo web-output; sleep 300" });
    const t = start(["tmux", "attach"]);
    await t.waitFor(/2\/2/);
    t.type("web");
    await t.waitFor(/1\/2/);
    t.send("Enter");
    await t.waitFor(/web-output/);
    const clients = await eventually(() => sb.tmux("list-clients", "-F", "#{session_name}").trim(), 10000, "a client");
    assert.equal(clients, names.web);
  });

  test("the session finder shows its preview, or not with finder.preview = false (passed down in the context)", async () => {
    // The output is not in the command line (which the list shows): only a preview shows it.
    await run({ api: "printf 'api-%s\\n' shown-in-preview; sleep 300", web: "printf 'web-%s\\n' shown-in-preview; sleep 300" });
    const t = start(["tmux", "attach"]);
    await t.waitFor(/-shown-in-preview/);
    t.send("Escape");
    await t.waitFor(/\[exit \d+\]/);
    t.close();
    sb.writeConfig("[finder]\npreview = false\n");
    const u = start(["tmux", "attach"]);
    await u.waitFor(/2\/2/);
    assert.doesNotMatch(u.screen(), /-shown-in-preview|│/);
    u.send("Escape");
    await u.waitFor(/\[exit \d+\]/);
  });

  test("attach: Esc cancels with exit 130 and attaches nothing", async () => {
    await run({ api: "sleep 300", web: "sleep 300" });
    const t = start(["tmux", "attach"]);
    await t.waitFor(/2\/2/);
    t.send("Escape");
    const screen = await t.waitFor(/\[exit \d+\]/);
    assert.match(screen, /\[exit 130\]$/);
    assert.equal(sb.tmux("list-clients").trim(), "");
    assert.equal(t.state().alternate, false);
  });

  test("the preview shows a session's output", async () => {
    await run({ api: "echo hello-from-api; sleep 300", web: "echo hello-from-web; sleep 300" });
    const t = start(["tmux", "attach"], { cols: 120, rows: 20 });
    await t.waitFor(/│ hello-from-api/);
    t.type("web");
    await t.waitFor(/│ hello-from-web/);
    t.send("Escape");
    await t.waitFor(/\[exit 130\]/);
  });

  test("kill -i: Tab marks several, y confirms, exactly the marked sessions end", async () => {
    // Names no query below matches as a subsequence of another session's line.
    const names = await run({ xylo: "sleep 300", bravo: "sleep 300", mint: "sleep 300" });
    const t = start(["tmux", "kill", "-i"]);
    await t.waitFor(/3\/3/);
    t.type("xylo");
    await t.waitFor(/1\/3/);
    t.send("Tab", "C-u");
    t.type("mint");
    await t.waitFor(/1\/3 \(1\)/);
    t.send("Tab", "Enter");
    await t.waitFor(/End these 2 sessions\? \[y\/N\]/);
    t.type("y");
    t.send("Enter");
    const screen = await t.waitFor(/\[exit \d+\]/);
    assert.match(screen, /\[exit 0\]$/);
    assert.deepEqual(sb.tmuxSessions(), [names.bravo]);
  });

  test("kill -i: answering no to the confirmation exits 130 and ends nothing", async () => {
    await run({ one: "sleep 300", two: "sleep 300" });
    const t = start(["tmux", "kill", "-i"]);
    await t.waitFor(/2\/2/);
    t.send("Tab", "Tab", "Enter");
    await t.waitFor(/\[y\/N\]/);
    t.send("Enter");
    assert.match(await t.waitFor(/\[exit \d+\]/), /\[exit 130\]$/);
    assert.equal(sb.tmuxSessions().length, 2);
  });

  test("tmux list --watch updates when a session ends, and Ctrl-C leaves a clean prompt", async () => {
    const stop = sb.path("stop-web");
    await run({ api: "sleep 300", web: `while [ ! -e ${stop} ]; do sleep 0.1; done; exit 3` });
    term = Terminal.start(sb, `echo before; ${gwqCommand("tmux", "list", "--watch", "--interval", "1")}; echo "[exit $?]"`, { cols: 100, rows: 12 });
    const t = term;
    await t.waitFor(/web +running/);
    writeFileSync(stop, "");
    await t.waitFor(/web +failed/, 15000);
    assert.match(t.screen(), /api +running/);
    t.send("C-c");
    const screen = await t.waitFor(/\[exit \d+\]/);
    assert.equal(screen, "before\n[exit 0]");
    assert.equal(t.screen({ escapes: true }), screen, "no attributes left on");
    const st = t.state();
    assert.deepEqual([st.alternate, st.cursorVisible, st.cursorX, st.cursorY], [false, true, 0, 2]);
  });
});

describe("gwq without a terminal", () => {
  test("an ambiguous attach exits 1 naming the candidates", async () => {
    const names = await run({ "api-one": "sleep 300", "api-two": "sleep 300" });
    const r = await sb.gwq(["tmux", "attach", "api"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: "api" matches 2 sessions: /);
    assert.ok(r.stderr.includes(names["api-one"]!) && r.stderr.includes(names["api-two"]!), r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  });

  test("an ambiguous get exits 1 naming the candidates", async () => {
    const repo = makeRepo(sb, { branches: ["feature-a", "feature-b"] });
    for (const b of ["feature-a", "feature-b"]) assert.equal((await sb.gwq(["add", b], { cwd: repo })).code, 0);
    const r = await sb.gwq(["get", "feature"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: "feature" matches 2 worktrees: .*feature-a.*feature-b/);
  });
});

describe("attach inside tmux, and auto-created shell sessions", () => {
  test("from inside tmux, attach switches the client instead of nesting", async () => {
    const names = await run({ target: "echo inside-target-output; sleep 300" });
    // A plain tmux session on gwq's server, with a real client attached from the terminal.
    sb.tmux("new-session", "-d", "-s", "home", "-x", "120", "-y", "20", "sh");
    term = Terminal.start(sb, "tmux attach -t home", { cols: 120, rows: 20 });
    await eventually(() => sb.tmux("list-clients", "-F", "#{session_name}").trim() === "home", 10000, "client on home");
    // Inside "home" TMUX is set: run gwq there, as a user would.
    sb.tmux("send-keys", "-t", "=home:", "-l", `${gwqCommand("tmux", "attach", "target")}; echo "[attach exit $?]"`);
    sb.tmux("send-keys", "-t", "=home:", "Enter");
    await term.waitFor(/inside-target-output/);
    // One client, now on the target session: switched, not nested.
    const clients = sb.tmux("list-clients", "-F", "#{session_name}").trim().split("\n");
    assert.deepEqual(clients, [names.target]);
    assert.match(sb.tmux("capture-pane", "-p", "-t", "=home:"), /\[attach exit 0\]/);
  });

  test("attach with no session but a worktree of that name creates a shell session there", async () => {
    const repo = makeRepo(sb, { branches: ["feature/shell"] });
    assert.equal((await sb.gwq(["add", "feature/shell"], { cwd: repo })).code, 0);
    const t = Terminal.start(sb, `${gwqCommand("tmux", "attach", "feature/shell")}; echo "[exit $?]"`, { cols: 120, rows: 20, cwd: repo });
    term = t;
    const rec = await eventually(async () => {
      const r = await sb.gwq(["tmux", "list", "--json"]);
      return (JSON.parse(r.stdout) as Array<{ context: string; identifier: string; working_dir: string; attached: boolean }>).find((s) => s.attached);
    }, 15000, "an attached shell session");
    assert.equal(rec.context, "shell");
    assert.equal(rec.identifier, "feature/shell");
    assert.match(rec.working_dir, /feature-shell$/);
    // It is a shell in the worktree: type into it.
    t.type("pwd");
    t.send("Enter");
    await t.waitFor(/feature-shell\n/);
  });
});

describe("a session that ends or is killed while a client looks at it", () => {
  test("the last screen stays while attached; auto-cleanup happens when the client leaves", async () => {
    const names = await run({ brief: "seq 1 5; echo last-screen-here; sleep 2" });
    const t = start(["tmux", "attach", "brief"]);
    await t.waitFor(/last-screen-here/);
    const completed = async () => {
      const r = await sb.gwq(["tmux", "list", "--json"]);
      return (JSON.parse(r.stdout) as Array<{ identifier: string; status: string }>).find((x) => x.identifier === "brief")?.status === "completed";
    };
    await eventually(completed, 15000, "completed");
    // Ended and auto-cleaned up, but a person is looking: the session and its screen stay.
    assert.ok(sb.tmuxOk("has-session", "-t", `=${names.brief}`), "kept while attached");
    assert.match(t.screen(), /last-screen-here/);
    t.send("C-b", "d");
    await eventually(() => !sb.tmuxOk("has-session", "-t", `=${names.brief}`), 15000, "closed once the client left");
  });

  test("a client that switched in goes back to the user's session when gwq kills it", async () => {
    const names = await run({ target: "echo switched-in; sleep 300" });
    sb.tmux("new-session", "-d", "-s", "home", "-x", "120", "-y", "20", "sh");
    term = Terminal.start(sb, "tmux attach -t home", { cols: 120, rows: 20 });
    await eventually(() => sb.tmux("list-clients", "-F", "#{session_name}").trim() === "home", 10000, "client on home");
    sb.tmux("send-keys", "-t", "=home:", "-l", gwqCommand("tmux", "attach", "target"));
    sb.tmux("send-keys", "-t", "=home:", "Enter");
    await eventually(() => sb.tmux("list-clients", "-F", "#{session_name}").trim() === names.target, 10000, "client on target");
    const k = await sb.gwq(["tmux", "kill", "target"]);
    assert.equal(k.code, 0, k.stderr);
    await eventually(() => sb.tmux("list-clients", "-F", "#{session_name}").trim() === "home", 10000, "the client back on home");
  });
});
