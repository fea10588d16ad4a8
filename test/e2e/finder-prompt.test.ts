// confirm() in a real terminal (test/helpers/terminal.ts), and without one.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { runProcess, ROOT } from "../helpers/sandbox.js";
import { Terminal, fixtureCommand, terminalSandbox } from "../helpers/terminal.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

function startConfirm(...args: string[]): Terminal {
  term = Terminal.start(sb, `${fixtureCommand("confirm", ...args)}; echo "[exit $?]"`);
  return term;
}

describe("confirm in a terminal", () => {
  test("y then Enter goes ahead", async () => {
    const t = startConfirm();
    await t.waitFor(/Kill 2 sessions\? \[y\/N\]/);
    t.type("y");
    await t.waitFor(/\[y\/N\] y$/m);
    t.send("Enter");
    const out = await t.waitFor(/\[exit \d+\]/);
    assert.match(out, /^Kill 2 sessions\? \[y\/N\] y\nconfirmed\n\[exit 0\]$/);
    assert.equal(await t.exitCode(), 0);
  });

  test("yes, with a typo fixed by Backspace, goes ahead", async () => {
    const t = startConfirm();
    await t.waitFor(/\[y\/N\]/);
    t.type("yex");
    await t.waitFor(/yex$/m);
    t.send("BSpace");
    t.type("s");
    await t.waitFor(/\[y\/N\] yes$/m);
    t.send("Enter");
    assert.match(await t.waitFor(/\[exit \d+\]/), /confirmed\n\[exit 0\]/);
  });

  test("n, or just Enter, declines with exit 130", async () => {
    for (const keys of [["n", "Enter"], ["Enter"]]) {
      const t = startConfirm();
      await t.waitFor(/\[y\/N\]/);
      t.send(...keys);
      const out = await t.waitFor(/\[exit \d+\]/);
      assert.match(out, /\[exit 130\]/);
      assert.doesNotMatch(out, /confirmed/);
      t.close();
    }
  });

  test("Esc and Ctrl-C decline with exit 130, leaving a clean line", async () => {
    for (const key of ["Escape", "C-c"]) {
      const t = startConfirm();
      await t.waitFor(/\[y\/N\]/);
      t.send(key);
      const out = await t.waitFor(/\[exit \d+\]/);
      assert.match(out, /^Kill 2 sessions\? \[y\/N\]\ngwq: cancelled\n\[exit 130\]$/);
      t.close();
    }
  });

  test("--force does not ask", async () => {
    const t = startConfirm("--force");
    const out = await t.waitFor(/\[exit \d+\]/);
    assert.match(out, /^confirmed\n\[exit 0\]$/);
  });
});

describe("confirm without a terminal", () => {
  test("refuses at once with exit 1 unless forced", async () => {
    const fixture = ["--import", "tsx", "test/fixtures/confirm.ts"];
    let r = await runProcess(process.execPath, fixture, { cwd: ROOT, env: sb.env, timeoutMs: 20000 });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "gwq: refusing to kill 2 sessions without a terminal (use --force)\n");
    assert.equal(r.stdout, "");
    r = await runProcess(process.execPath, [...fixture, "--force"], { cwd: ROOT, env: sb.env, timeoutMs: 20000 });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "confirmed\n");
  });
});
