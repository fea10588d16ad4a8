// The finder in a real terminal (test/helpers/terminal.ts): a tmux pane of the test's own server
// runs test/fixtures/pick.ts, keys go in with send-keys, the screen comes back with capture-pane.
// The command is wrapped so its output and exit status stay on the screen after it ends.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runProcess, ROOT } from "../helpers/sandbox.js";
import { Terminal, fixtureCommand, shellQuote, terminalSandbox } from "../helpers/terminal.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

/** Run the pick fixture in a pane; after it ends the screen shows its output and `[exit N]`. */
function startPick(args: string[], size = { cols: 80, rows: 24 }): Terminal {
  term = Terminal.start(sb, `${fixtureCommand("pick", ...args)}; echo "[exit $?]"`, size);
  return term;
}

const finished = (t: Terminal) => t.waitFor(/\[exit \d+\]/);

describe("finder in a terminal", () => {
  test("typing part of a name filters, highlights, and Enter picks it", async () => {
    const t = startPick(["--items", "alpha-api,beta-web,gamma-db,delta-api-docs"]);
    await t.waitFor(/thing>/);
    await t.waitFor(/4\/4/);
    t.type("gdb");
    const screen = await t.waitFor(/1\/4/);
    assert.match(screen, /> gamma-db/);
    assert.doesNotMatch(screen, /alpha-api/);
    // The matched characters are highlighted (green, as tmux re-encodes it), the others are not.
    const colored = t.screen({ escapes: true });
    assert.match(colored, /\x1b\[32mg\x1b\[39mamma-\x1b\[32mdb/);
    t.send("Enter");
    const out = await finished(t);
    assert.match(out, /picked: gamma-db\n\[exit 0\]/);
    assert.equal(await t.exitCode(), 0);
  });

  test("ranking puts the best match first: word starts and shorter names", async () => {
    const t = startPick(["--items", "xapixx-long-name,my-api,api"]);
    await t.waitFor(/3\/3/);
    t.type("api");
    // 3/3 is on screen before the query too: wait for the typed query to be drawn.
    const screen = await t.waitFor((text: string) => /thing> api/.test(text) && /3\/3 ─/.test(text));
    const order = screen.split("\n").filter((l) => /^[> ] \S/.test(l) && !l.includes("─")).map((l) => l.slice(2).trim());
    assert.deepEqual(order, ["api", "my-api", "xapixx-long-name"]);
    t.send("Enter");
    assert.match(await finished(t), /picked: api\n/);
  });

  test("Up/Down and Ctrl-N/Ctrl-P move the selection", async () => {
    const t = startPick(["--items", "one,two,three"]);
    await t.waitFor(/> one/);
    t.send("Down", "Down");
    await t.waitFor(/> three/);
    t.send("C-p");
    await t.waitFor(/> two/);
    t.send("C-n", "Up");
    await t.waitFor(/> two/);
    t.send("Enter");
    assert.match(await finished(t), /picked: two\n\[exit 0\]/);
  });

  test("Esc cancels with exit 130 and prints nothing; the terminal is restored", async () => {
    const t = startPick(["--items", "one,two"]);
    await t.waitFor(/> one/);
    t.send("Escape");
    const out = await finished(t);
    assert.match(out, /\[exit 130\]/);
    assert.doesNotMatch(out, /picked/);
    assert.match(out, /gwq: cancelled/);
    const st = t.state();
    assert.equal(st.alternate, false, "left the alternate screen");
    assert.equal(st.cursorVisible, true, "cursor shown");
  });

  test("Ctrl-C cancels with exit 130", async () => {
    const t = startPick(["--items", "one,two"]);
    await t.waitFor(/> one/);
    t.type("tw");
    await t.waitFor(/1\/2/);
    t.send("C-c");
    const out = await finished(t);
    assert.match(out, /\[exit 130\]/);
    assert.doesNotMatch(out, /picked/);
  });

  test("SIGTERM while open cancels with exit 130 and restores the terminal", async () => {
    const pidFile = sb.path("pid");
    // The inner shell records its pid, then becomes the fixture (a background job would lose the tty).
    const inner = `echo $$ > ${pidFile}; exec ${fixtureCommand("pick", "--items", "one,two")}`;
    term = Terminal.start(sb, `${shellQuote(["sh", "-c", inner])}; echo "[exit $?]"`);
    const t = term;
    await t.waitFor(/> one/);
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGTERM");
    const out = await finished(t);
    assert.equal(out, "gwq: cancelled\n[exit 130]");
    assert.equal(t.state().alternate, false);
    assert.equal(t.state().cursorVisible, true);
  });

  test("with stdout captured (cd $(gwq get)), it draws on stderr and the answer is captured", async () => {
    term = Terminal.start(sb, `x=$(${fixtureCommand("pick", "--items", "alpha,beta")}); echo "got [$x] $?"`);
    const t = term;
    await t.waitFor(/> alpha/);
    t.type("bet");
    await t.waitFor(/1\/2/);
    t.send("Enter");
    assert.equal(await t.waitFor(/got/), "got [picked: beta] 0");
  });

  test("Backspace and Ctrl-U edit the query", async () => {
    const t = startPick(["--items", "alpha,beta,gamma"]);
    await t.waitFor(/3\/3/);
    t.type("bx");
    await t.waitFor(/0\/3/);
    t.send("BSpace");
    await t.waitFor(/1\/3/);
    t.send("C-u");
    await t.waitFor(/3\/3/);
    t.type("gam");
    await t.waitFor(/1\/3/);
    t.send("Enter");
    assert.match(await finished(t), /picked: gamma\n/);
  });

  test("Enter with nothing matching does nothing", async () => {
    const t = startPick(["--items", "alpha,beta"]);
    await t.waitFor(/2\/2/);
    t.type("zzz");
    await t.waitFor(/0\/2/);
    t.send("Enter");
    t.send("C-u");
    await t.waitFor(/2\/2/);
    assert.equal(t.state().ended, false);
    t.send("Enter");
    assert.match(await finished(t), /picked: alpha\n/);
  });

  test("Tab marks several with multi; Enter returns exactly the marked ones", async () => {
    const t = startPick(["--multi", "--items", "s1,s2,s3,s4,s5"]);
    await t.waitFor(/5\/5/);
    t.send("Tab", "Down", "Tab", "Down", "Tab"); // marks s1, s3, s5
    let screen = await t.waitFor(/\(3\)/);
    assert.match(screen, /^ \* s1$/m);
    assert.match(screen, /^ {2} s2$/m);
    // Unmark s3 from a filtered list; marks on hidden items stay.
    t.type("s3");
    await t.waitFor(/1\/5/);
    t.send("Tab");
    screen = await t.waitFor(/\(2\)/);
    t.send("C-u");
    await t.waitFor(/5\/5/);
    t.send("Enter");
    const out = await finished(t);
    assert.match(out, /^picked: s1\npicked: s5\n\[exit 0\]/m);
  });

  test("Enter without marks picks the current item in multi mode", async () => {
    const t = startPick(["--multi", "--items", "s1,s2"]);
    await t.waitFor(/2\/2/);
    t.send("Down", "Enter");
    assert.match(await finished(t), /^picked: s2\n\[exit 0\]/m);
  });

  test("a long list scrolls with the selection", async () => {
    const t = startPick(["--count", "100"], { cols: 60, rows: 12 });
    await t.waitFor(/100\/100/);
    assert.doesNotMatch(t.screen(), /item-050/);
    for (let i = 0; i < 49; i++) t.send("Down");
    const screen = await t.waitFor(/> item-050/);
    assert.doesNotMatch(screen, /item-001/);
    assert.ok(screen.split("\n").length <= 12);
    t.send("Enter");
    assert.match(await finished(t), /picked: item-050\n/);
  });

  test("the preview pane shows the current item's preview, and follows the selection", async () => {
    const t = startPick(["--preview", "--items", "alpha,beta"], { cols: 100, rows: 20 });
    await t.waitFor(/PREVIEW OF alpha/);
    assert.match(t.screen(), /│ line two/);
    t.send("Down");
    await t.waitFor(/PREVIEW OF beta/);
    t.send("Escape");
    assert.match(await finished(t), /\[exit 130\]/);
  });

  test("the preview goes below the list in a narrow terminal", async () => {
    const t = startPick(["--preview", "--items", "alpha,beta"], { cols: 60, rows: 20 });
    const screen = await t.waitFor(/PREVIEW OF alpha/);
    const lines = screen.split("\n");
    const at = lines.findIndex((l) => l.startsWith("PREVIEW OF alpha"));
    assert.ok(at > lines.findIndex((l) => l.includes("beta")), screen);
    t.send("Escape");
    await finished(t);
  });

  test("a slow preview never blocks typing", async () => {
    const t = startPick(["--slow-preview", "--items", "alpha,beta,gamma"], { cols: 100, rows: 20 });
    await t.waitFor(/loading…/);
    t.type("gam");
    await t.waitFor(/1\/3/);
    t.send("Enter");
    assert.match(await finished(t), /picked: gamma\n/);
  });

  test("finder.preview (default true) shows the preview pane", async () => {
    term = Terminal.start(sb, `${fixtureCommand("pick", "--items", "alpha,beta", "--preview-by-config")}; echo "[exit $?]"`, { cols: 100, rows: 20 });
    await term.waitFor(/PREVIEW OF alpha/);
    term.send("Enter");
    await finished(term);
  });

  test("finder.preview = false hides the preview pane", async () => {
    sb.writeConfig("[finder]\npreview = false\n");
    term = Terminal.start(sb, `${fixtureCommand("pick", "--items", "alpha,beta", "--preview-by-config")}; echo "[exit $?]"`, { cols: 100, rows: 20 });
    await term.waitFor(/2\/2/);
    assert.doesNotMatch(term.screen(), /PREVIEW|│/);
    term.send("Enter");
    await finished(term);
  });

  test("a resize redraws the frame to the new size", async () => {
    const t = startPick(["--count", "50"], { cols: 80, rows: 24 });
    await t.waitFor(/50\/50 ─+$/m);
    const wide = t.screen().split("\n")[1]!;
    t.resize(40, 10);
    const screen = await t.waitFor((s) => s.split("\n").length <= 10 && /50\/50 ─/.test(s) && s.split("\n")[1]!.length < wide.length);
    assert.ok(screen.split("\n")[1]!.length <= 40, screen);
    assert.match(screen, /item-008/);
    assert.doesNotMatch(screen, /item-009/);
    t.send("Enter");
    assert.match(await finished(t), /picked: item-001\n/);
  });
});

describe("finder without a terminal", () => {
  test("fails at once, exit 1, naming every candidate", async () => {
    const r = await runProcess(process.execPath, ["--import", "tsx", "test/fixtures/pick.ts", "--items", "api-one,api-two"], {
      cwd: ROOT,
      env: sb.env,
      timeoutMs: 20000,
    });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^gwq: choosing among things needs a terminal: api-one, api-two /);
  });
});
