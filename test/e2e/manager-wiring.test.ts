// One way to build the session manager (src/sessions/from-context.ts): every command gets the same
// settings, and the README's library example runs as written.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, eventually, makeRepo } from "../helpers/sandbox.js";
import { Terminal, gwqCommand, terminalSandbox } from "../helpers/terminal.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

const LONG = 20000;
const recordOf = (name: string) => JSON.parse(readFileSync(join(sb.env.XDG_STATE_HOME!, "gwq", "sessions", `${name}.json`), "utf8"));

describe("the manager every command builds", () => {
  test("a session restarted with r in the dashboard keeps its notifications", async () => {
    sb.writeConfig('[notify]\non = ["failed", "waiting"]\ncommand = "true"\n');
    const main = makeRepo(sb);
    const r = await sb.gwq(["tmux", "run", "--id", "api", "--json", "echo done''-already"], { cwd: main });
    assert.equal(r.code, 0, r.stderr);
    const done = JSON.parse(r.stdout).session_name as string;
    await eventually(async () => (JSON.parse((await sb.gwq(["tmux", "list", "--json"])).stdout) as { session_name: string; status: string }[]).some((s) => s.session_name === done && s.status === "completed"), LONG, "api to complete");
    const before = recordOf(done).policy.notify;
    assert.deepEqual(before.on, ["failed", "waiting"]);
    term = Terminal.start(sb, `${gwqCommand("dash")}; echo "[exit $?]"`, { cols: 100, rows: 30 });
    await term.waitFor((s) => /completed/.test(s), LONG);
    term.send("r");
    const screen = await term.waitFor(new RegExp(`restarted ${done} as gwq-run-api-`), LONG);
    const fresh = new RegExp(`restarted ${done} as (gwq-run-api-\\d{14}(?:-\\d+)?)`).exec(screen)![1]!;
    // Built without the config's [notify], the dashboard once gave the new session none.
    assert.deepEqual(recordOf(fresh).policy.notify, before);
    term.send("q");
    assert.equal(await term.exitCode(), 0);
  });

  test("the README's library example runs as written", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /### The library\n+```ts\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, "the README has the example");
    const work = sb.path("work");
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, "Makefile"), "test:\n\t@echo all-tests-passed\n");
    // The example as written; only its placeholder directory points at a real one.
    const code = block[1]!.replace('"/path/to/worktree"', JSON.stringify(work));
    const dir = sb.path("script");
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(ROOT, join(dir, "node_modules", "gwq"));
    writeFileSync(join(dir, "example.mjs"), code);
    const { stdout } = await promisify(execFile)(process.execPath, ["example.mjs"], { cwd: dir, env: sb.env, timeout: 60000 });
    assert.match(stdout, /completed 0 \[[\s\S]*'all-tests-passed'/);
  });
});
