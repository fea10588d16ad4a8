// docs/sessions.md "Restart and resurrect": restart, restart policies run by the recorder in the
// pane, resurrect.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { eventually, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

async function run(args: string[], cwd = sb.root): Promise<Rec> {
  return sb.runSession<Rec>(args, { cwd });
}

async function list(): Promise<Rec[]> {
  return sb.sessions<Rec>();
}

const byId = async (id: string) => (await list()).filter((x) => x.identifier === id);
const statusOf = async (id: string) => (await byId(id))[0]?.status;

describe("gwq tmux restart", () => {
  test("a failed session starts again with the same identifier, working_dir and metadata; logs of the old name still work", async () => {
    const dir = sb.path("work");
    mkdirSync(dir);
    const flag = sb.path("flag");
    const old = await run(["--id", "svc", "--context", "task", "--meta", "team=core", `echo run-$(test -e ${flag} && echo two || echo one); test -e ${flag} && sleep 300; exit 3`], dir);
    await eventually(async () => (await statusOf("svc")) === "failed", 15000, "failed");
    writeFileSync(flag, "");
    const r = await sb.gwq(["tmux", "restart", "svc"]);
    assert.equal(r.code, 0, r.stderr);
    const name = r.stdout.trim();
    assert.notEqual(name, old.session_name);
    const [now, ...more] = await byId("svc");
    assert.equal(more.length, 0, "the old record is gone");
    assert.equal(now!.session_name, name);
    assert.equal(now!.status, "running");
    assert.equal(now!.working_dir, dir);
    assert.equal(now!.context, "task");
    assert.deepEqual(now!.metadata, { team: "core" });
    const oldLogs = await sb.gwq(["tmux", "logs", old.session_name]);
    assert.equal(oldLogs.code, 0, oldLogs.stderr);
    assert.equal(oldLogs.stdout, "run-one\n");
    await eventually(async () => (await sb.gwq(["tmux", "logs", name])).stdout === "run-two\n", 15000, "the new run's output");
  });

  test("a running session is restarted only with --force; an argv stays an argv", async () => {
    await run(["--id", "live", "--", "sh", "-c", 'echo "argv: $1"; sleep 300', "sh", "a  b"]);
    const r = await sb.gwq(["tmux", "restart", "live"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: .* is running: add --force/);
    assert.equal((await byId("live")).length, 1);
    const f = await sb.gwq(["tmux", "restart", "--force", "live"]);
    assert.equal(f.code, 0, f.stderr);
    const [now] = await byId("live");
    assert.equal(now!.session_name, f.stdout.trim());
    await eventually(async () => (await sb.gwq(["tmux", "logs", now!.session_name])).stdout === "argv: a  b\n", 15000, "the same argv");
  });

  test("--resume without a known conversation id is an error that changes nothing", async () => {
    await run(["--id", "plain", "exit 1"]);
    await eventually(async () => (await statusOf("plain")) === "failed", 15000, "failed");
    const r = await sb.gwq(["tmux", "restart", "--resume", "plain"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: .*nothing to resume/);
    assert.equal(await statusOf("plain"), "failed");
  });
});

describe("restart policies", () => {
  test("--restart on-failure --max-restarts 2 of `echo x; exit 3`: failed, restarts 2, x three times", async () => {
    await run(["--id", "flaky", "--restart", "on-failure", "--max-restarts", "2", "echo x; exit 3"]);
    const rec = await eventually(async () => {
      const [r] = await byId("flaky");
      return r?.status === "failed" ? r : undefined;
    }, 30000, "failed after its restarts");
    assert.equal(rec.exit_code, 3);
    assert.equal(rec.restarts, 2);
    const logs = await sb.gwq(["tmux", "logs", "flaky"]);
    assert.equal(logs.stdout, "x\nx\nx\n");
  });

  test("--restart on-failure does not restart a success", async () => {
    await run(["--id", "fine", "--restart", "on-failure", "echo once"]);
    await eventually(async () => (await statusOf("fine")) === "completed", 15000, "completed");
    assert.equal((await byId("fine"))[0]!.restarts, 0);
  });

  test("--restart always runs again after a success, and kill stops it for good", async () => {
    const s = await run(["--id", "loop", "--restart", "always", "--max-restarts", "100", "echo tick"]);
    await eventually(async () => ((await byId("loop"))[0]?.restarts ?? 0) >= 1, 15000, "a restart");
    const k = await sb.gwq(["tmux", "kill", "loop"]);
    assert.equal(k.code, 0, k.stderr);
    assert.equal(sb.tmuxOk("has-session", "-t", `=${s.session_name}`), false);
    // Nothing of it runs on: no process left whose command line names the session (the
    // recorder's loop carries it), so nothing can start the command again.
    await eventually(() => processesNaming(s.session_name).length === 0, 15000, "the loop gone");
    assert.deepEqual(await list(), []);
  });

  test("an unknown policy is a usage error naming the valid ones", async () => {
    const r = await sb.gwq(["tmux", "run", "--restart", "sometimes", "true"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /valid: no, on-failure, always/);
  });
});

describe("gwq tmux resurrect", () => {
  test("after kill-server, exactly the sessions that were running come back; --dry-run changes nothing", async () => {
    sb.writeConfig("[tmux]\nauto_cleanup_completed = false\n");
    await run(["--id", "web", "echo web; sleep 300"]);
    await run(["--id", "worker", "echo worker; sleep 300"]);
    await run(["--id", "done", "true"]);
    await eventually(async () => (await statusOf("done")) === "completed", 15000, "completed");
    await sb.killServer();
    const dry = await sb.gwq(["tmux", "resurrect", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout.trim().split("\n").length, 2, dry.stdout);
    assert.match(dry.stdout, /gwq-run-web-\d+ -> \(dry run\)/);
    assert.deepEqual((await list()).map((x) => `${x.identifier} ${x.status}`).sort(), ["done completed", "web detached", "worker detached"]);
    const r = await sb.gwq(["tmux", "resurrect"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split("\n").length, 2, r.stdout);
    assert.deepEqual((await list()).map((x) => `${x.identifier} ${x.status}`).sort(), ["done completed", "web running", "worker running"]);
    const again = await sb.gwq(["tmux", "resurrect"]);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /nothing to resurrect/);
  });
});

function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text)) found.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
