// Expiry never loses output: a finished session past tmux.session_timeout whose copies on disk were
// deleted (its history directory removed, the raw stream and the saved history with it) has its
// output saved from tmux before its tmux session is closed — or, when it cannot be saved, is kept
// with a warning.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, sandboxEach } from "../helpers/sandbox.js";
import { rewriteEnd } from "../helpers/session-record.js";

const sb = sandboxEach();

const history = () => join(sb.home, ".gwq", "history");
const endFile = (name: string) => join(sb.env.XDG_STATE_HOME!, "gwq", "sessions", `${name}.end.json`);

/** A session that printed `text` and ended; its tmux session stays (no auto clean-up). */
async function finished(text: string): Promise<string> {
  sb.writeConfig('[tmux]\nsession_timeout = "1h"\nauto_cleanup_completed = false\n');
  const r = await sb.gwq(["tmux", "run", "--id", "lost", "--json", `echo ${text}''-output`], { cwd: sb.home });
  assert.equal(r.code, 0, r.stderr);
  const name = JSON.parse(r.stdout).session_name as string;
  // The end is written twice: with its exit code, then with the history saved beside the output.
  await eventually(() => existsSync(endFile(name)) && JSON.parse(readFileSync(endFile(name), "utf8")).history_file !== null, 20000, "the end recorded");
  return name;
}

/** Move the session's end an hour and more into the past: it is then past session_timeout. */
function backdate(name: string): void {
  rewriteEnd(endFile(name), (end) => ({ ...end, end_time: "2000-01-01T00:00:00.000+00:00" }));
}

describe("expiry and the durable copy", () => {
  test("with the history directory gone, the output is saved from tmux before the session is closed", async () => {
    const name = await finished("precious");
    rmSync(history(), { recursive: true, force: true });
    backdate(name);
    const r = await sb.gwq(["tmux", "list", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [], "expired");
    assert.ok(!sb.tmuxOk("has-session", "-t", `=${name}`), "its tmux session is closed");
    assert.match(readFileSync(join(history(), `${name}.log`), "utf8"), /precious-output/);
  });

  test("when it cannot be saved, the session is kept and the user is told", async () => {
    const name = await finished("only-copy");
    rmSync(history(), { recursive: true, force: true });
    writeFileSync(history(), "a file where the history directory was");
    backdate(name);
    const r = await sb.gwq(["tmux", "list", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${name} is past tmux.session_timeout but kept`), `stdout: ${r.stdout} end: ${readFileSync(endFile(name), "utf8")} tmux: ${sb.tmuxOk("has-session", "-t", `=${name}`)}`);
    assert.deepEqual((JSON.parse(r.stdout) as { session_name: string }[]).map((s) => s.session_name), [name]);
    assert.ok(sb.tmuxOk("has-session", "-t", `=${name}`), "tmux still has it");
    const logs = await sb.gwq(["tmux", "logs", name]);
    assert.match(logs.stdout, /only-copy-output/);
  });
});
