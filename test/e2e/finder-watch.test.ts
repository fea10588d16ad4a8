// watchLoop() in a real terminal: redraws in place, follows resizes, and Ctrl-C gives the
// terminal back as it was.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { ROOT } from "../helpers/sandbox.js";
import { Terminal, fixtureCommand, terminalSandbox } from "../helpers/terminal.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

describe("watch mode in a terminal", () => {
  test("updates in place, and Ctrl-C leaves the terminal as it was", async () => {
    const file = sb.path("content.txt");
    writeFileSync(file, "state: alpha\n");
    term = Terminal.start(sb, `echo before; ${fixtureCommand("watch", "--file", file)}; echo "[exit $?]"`);
    const t = term;
    let screen = await t.waitFor(/state: alpha/);
    assert.match(screen, /^tick \d+ 80x24\nstate: alpha$/, "drawn from the top of the screen, nothing else");
    assert.equal(t.state().alternate, true);
    assert.equal(t.state().cursorVisible, false, "cursor hidden while watching");

    writeFileSync(file, "state: beta\nsecond line\n");
    screen = await t.waitFor(/state: beta/);
    assert.match(screen, /^tick \d+ 80x24\nstate: beta\nsecond line$/);

    writeFileSync(file, "state: gamma\n");
    screen = await t.waitFor(/state: gamma/);
    assert.match(screen, /^tick \d+ 80x24\nstate: gamma$/, "a shorter frame leaves no stale lines");

    t.send("C-c");
    screen = await t.waitFor(/\[exit \d+\]/);
    assert.equal(screen, "before\nwatch ended\n[exit 0]");
    const st = t.state();
    assert.equal(st.alternate, false, "main screen back");
    assert.equal(st.cursorVisible, true, "cursor shown");
    assert.deepEqual([st.cursorX, st.cursorY], [0, 3], "cursor at the start of the line after the output");
    // No colours or attributes left on: the screen with escapes is the same text.
    assert.equal(t.screen({ escapes: true }), screen);
  });

  test("a resize redraws at the new size, cutting long lines instead of wrapping", async () => {
    const file = sb.path("content.txt");
    writeFileSync(file, "x".repeat(70) + "END\n" + Array.from({ length: 30 }, (_, i) => `row ${i}`).join("\n"));
    term = Terminal.start(sb, fixtureCommand("watch", "--file", file, "--interval", "60000"), { cols: 80, rows: 24 });
    const t = term;
    let screen = await t.waitFor(/tick 1 80x24/);
    assert.match(screen, /xEND$/m);
    assert.equal(screen.split("\n").length, 24);
    t.resize(50, 10);
    // The interval is a minute: only the resize can cause this redraw.
    screen = await t.waitFor(/tick 2 50x10/);
    const lines = screen.split("\n");
    assert.equal(lines.length, 10);
    assert.ok(lines.every((l) => l.length <= 50), screen);
    assert.doesNotMatch(screen, /END/);
    assert.match(lines[9]!, /^row 7$/);
    t.send("q");
    assert.equal(await t.exitCode(), 0);
  });

  test("SIGTERM also ends it cleanly", async () => {
    term = Terminal.start(sb, `${fixtureCommand("watch")} & echo $! > ${sb.path("pid")}; wait $!; echo "[exit $?]"`);
    const t = term;
    await t.waitFor(/tick \d+ 80x24/);
    const { readFileSync } = await import("node:fs");
    process.kill(Number(readFileSync(sb.path("pid"), "utf8")), "SIGTERM");
    const screen = await t.waitFor(/\[exit \d+\]/);
    assert.equal(screen, "watch ended\n[exit 0]");
    assert.equal(t.state().cursorVisible, true);
    assert.equal(t.state().alternate, false);
  });
});

describe("watch mode without a terminal", () => {
  test("prints plain frames, no escape codes, until SIGINT", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/watch.ts", "--interval", "50"], { cwd: ROOT, env: sb.env });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frames: ${out}`)), 20000);
      child.stdout.on("data", () => {
        if (/tick 3/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill("SIGINT");
    const code = await new Promise((r) => child.on("close", r));
    assert.equal(code, 0);
    assert.doesNotMatch(out, /\x1b/);
    assert.match(out, /^tick 1 undefinedxundefined\n\ntick 2 /);
    assert.match(out, /watch ended\n$/);
  });
});
