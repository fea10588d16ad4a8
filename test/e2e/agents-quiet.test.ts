// The quiet rule judged from the screen's content (src/agents/quiet.ts), through gwq: a listing
// looks at the screens of every agent session a hook says works or waits in one tmux call, a pure
// read writes nothing, the sweep writes down what it saw, and a program that keeps writing bytes
// that change nothing on its screen (moving tmux's activity time) is still seen to be quiet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, sandboxEach } from "../helpers/sandbox.js";
import type { Session as Rec } from "../../src/sessions/types.js";

const sb = sandboxEach();

/** A screen that never changes, redrawn every 0.3 s: tmux's activity time keeps moving. */
const REDRAWS = 'printf "\\033[2J\\033[Hthe same frame"; while :; do sleep 0.3; printf "\\033[Hthe same frame"; done';

function hookMark(sessions: string, name: string, state: "working" | "waiting"): void {
  const at = new Date().toISOString();
  writeFileSync(join(sessions, `${name}.state.json`), JSON.stringify({ state, source: "hook", reason: null, since: at, agent_session_id: null, at }) + "\n");
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir)) out[f] = `${statSync(join(dir, f)).mtimeMs} ${readFileSync(join(dir, f), "utf8")}`;
  return out;
}

test("one capture call for every agent session that may be contradicted; pure reads write nothing; the sweep writes what it saw", async () => {
  const sessions = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
  const names: string[] = [];
  for (const id of ["a1", "a2", "a3"]) names.push((await sb.runSession<Rec>(["--agent", "claude", "--id", id, "--", "sh", "-c", REDRAWS])).session_name);
  const plain = (await sb.runSession<Rec>(["--id", "plain", "--", "sh", "-c", REDRAWS])).session_name;
  for (const n of names) hookMark(sessions, n, "working");

  const env = { GWQ_TRACE_CALLS: "args" };
  const before = files(sessions);
  const st = await sb.gwq(["status", "--json", "-g"], { env });
  assert.equal(st.code, 0, st.stderr);
  // One listing call, and one call capturing the three screens (tmux prints a marker between them).
  const calls = st.stderr.split("\n").filter((l) => l.startsWith("gwq-trace: tmux"));
  assert.equal(calls.length, 2, calls.join("\n"));
  assert.match(calls[0]!, /list-panes/);
  assert.equal(calls[1]!.split(" ").filter((w) => w === "display-message").length, 2, calls[1]);
  assert.deepEqual(files(sessions), before, "a pure read wrote nothing");

  const l = await sb.gwq(["tmux", "list", "--json"]);
  assert.equal(l.code, 0, l.stderr);
  for (const n of names) assert.ok(JSON.parse(readFileSync(join(sessions, `${n}.activity.json`), "utf8")).screen?.hash, `${n}: the look written down`);
  assert.ok(!readdirSync(sessions).includes(`${plain}.activity.json`), "no look at a session with no hook state");
});

test("a hook's working whose screen stays the same gives way though tmux's activity time moves", async () => {
  sb.writeConfig('[agent]\nquiet_after = "3s"\n');
  const sessions = join(sb.env.XDG_STATE_HOME!, "gwq", "sessions");
  const s = (await sb.runSession<Rec>(["--agent", "claude", "--id", "busy", "--", "sh", "-c", REDRAWS])).session_name;
  await eventually(() => sb.tmux("capture-pane", "-p", "-t", `=${s}:`).includes("the same frame"), 15_000, "the frame drawn");
  hookMark(sessions, s, "working");
  const seen = async () => ((await sb.sessions<Rec>()).find((r) => r.session_name === s))!;
  assert.deepEqual([(await seen()).state, (await seen()).state_source], ["working", "hook"]);
  const t0 = Date.now();
  const after = await eventually(async () => {
    const r = await seen();
    return r.state === "idle" ? r : null;
  }, 20_000, "idle").catch((e) => {
    throw new Error(`${(e as Error).message}\n${readFileSync(join(sessions, `${s}.activity.json`), "utf8")}\n${readFileSync(join(sessions, `${s}.state.json`), "utf8")}\nnow ${Date.now()}`);
  });
  assert.equal(after.state_source, "activity", "the screen has not changed: idle, although tmux saw output a moment ago");
  assert.ok(Date.now() - t0 < 15_000);
  const activity = Number(sb.tmux("display-message", "-p", "-t", `=${s}:`, "#{window_activity}").trim());
  assert.ok(Date.now() / 1000 - activity < 3, "the premise: tmux's activity time kept moving");
});
