// Hardening (docs/guarantees.md): no hang, no crash, no raw control characters — each reproduced
// before the fix.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { CLI, eventually, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

async function run(args: string[]): Promise<Rec> {
  return sb.runSession<Rec>(args);
}

describe("the state dir holds something that is not a file", () => {
  test("a FIFO and a link to /dev/zero named like records: list, kill and wait neither hang nor crash", async () => {
    const s = await run(["--id", "ok", "sleep 300"]);
    const dir = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
    execFileSync("mkfifo", [join(dir, "gwq-run-fifo-20240101000000.json")]);
    execFileSync("mkfifo", [join(dir, `${s.session_name}.state.json`)]);
    symlinkSync("/dev/zero", join(dir, "gwq-run-zero-20240101000000.json"));
    symlinkSync("/dev/zero", join(dir, `${s.session_name}.end.json`));
    const l = await sb.gwq(["tmux", "list", "--json"], { timeoutMs: 15000 });
    assert.equal(l.code, 0, l.stderr);
    assert.deepEqual((JSON.parse(l.stdout) as Rec[]).map((x) => [x.session_name, x.status]), [[s.session_name, "running"]]);
    assert.match(l.stderr, /skipping a damaged session record: .*fifo/);
    const w = await sb.gwq(["tmux", "wait", "ok", "--timeout", "1s"], { timeoutMs: 15000 });
    assert.equal(w.code, 124, w.stderr);
    const k = await sb.gwq(["tmux", "kill", "ok"], { timeoutMs: 15000 });
    assert.equal(k.code, 0, k.stderr);
  });
});

describe("rough edges", () => {
  test("tmux_command that is not tmux (/bin/true): run fails in one line and leaves no ghost record", async () => {
    sb.writeConfig('[tmux]\ntmux_command = "/bin/true"\n');
    const r = await sb.gwq(["tmux", "run", "sleep 30"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: \/bin\/true did not start the session/m);
    const dir = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".json")), []);
  });

  test("a deleted current directory: one clear line, exit 1, no 'unexpected error'", async () => {
    const gone = sb.path("gone");
    mkdirSync(gone);
    // The directory is removed while the shell that runs gwq is inside it.
    const out = execFileSync("sh", ["-c", `cd "$1" && rmdir "$1" && "$2" "$3" tmux list; echo "exit=$?"`, "sh", gone, process.execPath, CLI], { env: sb.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.match(out, /exit=1/);
    const err = execFileSync("sh", ["-c", `mkdir -p "$1" && cd "$1" && rmdir "$1" && "$2" "$3" list 2>&1; true`, "sh", gone, process.execPath, CLI], { env: sb.env, encoding: "utf8" });
    assert.equal(err, "gwq: the current directory no longer exists (it was deleted or moved): cd somewhere else\n");
  });

  test("control characters in an identifier or command never reach the terminal raw in list", async () => {
    await run(["--id", "evil\x1b]0;pwned\x07id", "printf 'x\\033[2J'; sleep 300 # \x1b[31mred"]);
    const r = await sb.gwq(["tmux", "list", "-v"]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f]/);
    assert.match(r.stdout, /evil\^\[\]0;pwned\^Gid/);
  });

  test("listing while the server closes its last session is an empty list, not an error", async () => {
    // "no current target" is what tmux answers in that moment (docs/tmux-facts.md): many listings
    // race one exit.
    await run(["--id", "last", "sleep 0.5"]);
    sb.writeConfig("[tmux]\nauto_cleanup_completed = true\n");
    const results = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 150));
      return sb.gwq(["tmux", "logs", "last"]);
    }));
    for (const r of results) assert.doesNotMatch(r.stderr, /no current target|unexpected/);
    await eventually(async () => (await sb.gwq(["tmux", "list", "--json"])).stdout.includes("completed"), 15000, "completed");
  });
});
