// Reads are pure (docs/sessions.md, invariant 3): reading never changes state. `gwq status` and
// `gwq tmux wait` make no write to the state dir and no tmux call but reads, even when there is
// work a sweep would do (a record past session_timeout, a session killed behind gwq's back, a
// leftover file); `gwq tmux list` then does that work, once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[p] = `${st.mtimeMs} ${readFileSync(p, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}

const READS = /^gwq-trace: tmux (list-panes|display-message|capture-pane)( (list-panes|display-message|capture-pane))*$/;

test("status and wait only read; the sweep of the next gwq tmux command does the work", async () => {
  sb.writeConfig('[tmux]\nsession_timeout = "1s"\nauto_cleanup_completed = false\n');
  const run = async (...args: string[]) => {
    const r = await sb.gwq(["tmux", "run", "--json", ...args]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { session_name: string };
  };
  const done = await run("--id", "done", "true");
  const victim = await run("--id", "victim", "sleep 300");
  const alive = await run("--id", "alive", "sleep 300");
  const state = join(sb.env.XDG_STATE_HOME!, "gwq");
  await eventually(() => readdirSync(join(state, "sessions")).includes(`${done.session_name}.end.json`), 15000, "the end recorded");
  sb.tmux("kill-session", "-t", `=${victim.session_name}`);
  writeFileSync(join(state, "sessions", "gwq-run-orphan-20240101000000.end.json"), "{}");
  // Past session_timeout for the finished one: wait on its recorded end time, not a fixed sleep.
  const endMark = join(state, "sessions", `${done.session_name}.end.json`);
  await eventually(() => Date.now() - Date.parse(JSON.parse(readFileSync(endMark, "utf8")).end_time) > 1200, 15000, "past session_timeout");
  const before = snapshot(state);
  const tmuxBefore = sb.tmux("list-sessions", "-F", "#{session_name}");

  const env = { GWQ_TRACE_CALLS: "args" };
  const st = await sb.gwq(["status", "--json", "-g"], { env });
  assert.equal(st.code, 0, st.stderr);
  const w = await sb.gwq(["tmux", "wait", "alive", "--timeout", "1s"], { env });
  assert.equal(w.code, 124, w.stderr);
  for (const r of [st, w]) {
    const calls = r.stderr.split("\n").filter((l) => l.startsWith("gwq-trace: tmux"));
    assert.ok(calls.length > 0 || r === st);
    for (const c of calls) assert.match(c, READS);
  }
  assert.deepEqual(snapshot(state), before, "no write to the state dir");
  assert.equal(sb.tmux("list-sessions", "-F", "#{session_name}"), tmuxBefore, "no tmux session touched");

  // The proof can fail: a gwq tmux command's sweep does the work.
  const l = await sb.gwq(["tmux", "list", "--json"]);
  assert.equal(l.code, 0, l.stderr);
  const names = (JSON.parse(l.stdout) as { session_name: string; status: string }[]).map((x) => `${x.session_name} ${x.status}`);
  assert.deepEqual(names, [`${victim.session_name} detached`, `${alive.session_name} running`]);
  assert.notDeepEqual(snapshot(state), before);
  assert.equal(readdirSync(join(state, "sessions")).includes("gwq-run-orphan-20240101000000.end.json"), false);
});
