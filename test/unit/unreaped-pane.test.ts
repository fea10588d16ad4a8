// A pane tmux 3.3a has not reaped (dead, no exit status): never detached, and the server is nudged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { observe } from "../../src/sessions/status.js";
import type { StoredSession } from "../../src/sessions/store.js";
import type { PaneInfo } from "../../src/tmux/sessions.js";
import { nudgeUnreaped, unreapedServers } from "../../src/tmux/servers.js";

const record = { version: 1, id: "abcd", session_name: "gwq-run-x-1", context: "run", identifier: "x", working_dir: "/tmp", command: "true", pid: 10, pane_id: "%1", start_time: "2025-01-01T00:00:00.000+00:00", worktree: null, history_size: 10, metadata: {}, policy: { auto_cleanup: false, keep_alive: true, history_auto_save: false, history_save_dir: "/tmp", tmux_command: "tmux" }, server: "1:1" } as StoredSession;

function pane(over: Partial<PaneInfo>): PaneInfo {
  return { session: "gwq-run-x-1", paneId: "%1", pid: 10, dead: false, deadStatus: null, deadSignal: null, attached: false, activity: null, gwqId: "abcd", server: "1:1", historySize: 0, historyLimit: 10, height: 24, alternate: false, socket: null, ...over };
}

const world = { server: "1:1", bootId: () => null, now: Date.now() };

test("a dead pane without an exit status is not detached; with one, it has ended", () => {
  const unreaped = observe({ record, end: null }, [pane({ dead: true })], world);
  assert.equal(unreaped.session.status, "running");
  assert.equal(unreaped.newlyDetached, false);
  const killed = observe({ record, end: null }, [pane({ dead: true, deadSignal: 9 })], world);
  assert.equal(killed.session.status, "failed");
  assert.equal(killed.session.exit_code, 137);
});

test("the servers to nudge: those holding a dead pane without a status, each once", () => {
  const panes = [pane({ dead: true, server: "100:1" }), pane({ dead: true, server: "100:1", paneId: "%2" }), pane({ dead: true, deadStatus: 0, server: "200:1" }), pane({ dead: true, deadSignal: 9, server: "300:1" }), pane({ server: "400:1" }), pane({ dead: true, server: null }), null];
  assert.deepEqual(unreapedServers(panes), [100]);
});

test("a nudged server gets a SIGCHLD", async () => {
  // A stand-in server that says when it gets one.
  const child = spawn(process.execPath, ["-e", "process.on('SIGCHLD',()=>console.log('chld'));console.log('ready');setInterval(()=>{},1000)"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
  try {
    const until = async (what: string) => {
      const end = Date.now() + 10000;
      while (!out.includes(what)) {
        if (Date.now() > end) throw new Error(`no "${what}" in ${JSON.stringify(out)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until("ready");
    nudgeUnreaped([pane({ dead: true, server: `${child.pid}:1` })]);
    await until("chld");
  } finally {
    child.kill("SIGKILL");
  }
});
