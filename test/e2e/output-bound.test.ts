// The durable output through gwq itself: tmux.log_max_size bounds the disk and keeps the newest
// output whole; a history_save_dir full of tmux format and strftime syntax still gets the output
// (tmux expands pipe-pane's command before the shell sees it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { eventually, sandboxEach } from "../helpers/sandbox.js";
import { readRaw } from "../../src/sessions/rawlog.js";

const sb = sandboxEach();

async function run(args: string[]): Promise<{ session_name: string }> {
  return sb.runSession(args);
}

const status = async (name: string) => {
  const r = await sb.gwq(["tmux", "list", "--json"]);
  return (JSON.parse(r.stdout) as { session_name: string; status: string }[]).find((s) => s.session_name === name)?.status;
};

test("past a small log_max_size the files stay under it and logs gives the newest lines whole and in order", async () => {
  const hist = sb.path("hist");
  sb.writeConfig(`[tmux]\nlog_max_size = "100KB"\nhistory_save_dir = "${hist}"\nhistory_limit = 1000000\n`);
  const s = await run(["--id", "big", "seq 1 200000; sleep 300"]);
  // The command sleeps on: wait until the pipe has written the last line, then stop tmux (what
  // tmux still held for the pipe would die with it).
  await eventually(() => readRaw(join(hist, `${s.session_name}.raw`)).toString().endsWith("200000\r\n"), 30000, "the last line in the raw log");
  await sb.killServer();
  const raw = readdirSync(hist).filter((f) => f.startsWith(s.session_name) && /\.raw(\.1)?$/.test(f));
  const size = raw.reduce((n, f) => n + statSync(join(hist, f)).size, 0);
  assert.ok(size <= 100 * 1024, `raw output on disk: ${size} bytes in ${raw.join(", ")}`);
  const r = await sb.gwq(["tmux", "logs", "big"], { timeoutMs: 60000 });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n").slice(0, -1);
  const first = Number(lines[0]);
  assert.ok(first > 1 && lines.length > 5000, `kept ${lines.length} lines from ${lines[0]}`);
  // Every line whole (the one the bound cut is left out) and consecutive up to the last.
  assert.deepEqual(lines, Array.from({ length: 200000 - first + 1 }, (_, i) => String(first + i)));
  assert.equal(await status(s.session_name), "detached");
});

test("a history_save_dir with #{…}, %H, quotes and spaces: the output is kept there and read back after kill-server", async () => {
  const hist = sb.path(`hist #{session_name} %H 'q' ##[x]`);
  sb.writeConfig(`[tmux]\nhistory_save_dir = '''${hist}'''\n`);
  const s = await run(["--id", "odd", "echo out; sleep 300"]);
  await eventually(async () => (await sb.gwq(["tmux", "logs", "odd"])).stdout === "out\n", 15000, "output");
  await sb.killServer();
  assert.ok(readdirSync(hist).includes(`${s.session_name}.raw`), readdirSync(hist).join(", "));
  const r = await sb.gwq(["tmux", "logs", "odd"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "out\n");
});

test("logs -f through rotations of a small log_max_size: whole lines, in order, to the last", async () => {
  sb.writeConfig(`[tmux]\nlog_max_size = "4KB"\nhistory_save_dir = "${sb.path("hist")}"\n`);
  // Bursts bigger than the bound between two polls of the follower, then quiet spells.
  await run(["--id", "bursts", "i=0; while [ $i -lt 20 ]; do seq $((i*1000+1)) $((i*1000+1000)); i=$((i+1)); sleep 0.05; done; sleep 1"]);
  const r = await sb.gwq(["tmux", "logs", "-f", "bursts"], { timeoutMs: 60000 });
  assert.equal(r.code, 0, r.stderr);
  const nums = r.stdout.split("\n").filter(Boolean).map(Number);
  assert.equal(nums.at(-1), 20000, r.stdout.slice(-200));
  // Lines may be missing (dropped from disk before they were read), never repeated, reordered or
  // glued: every line is a number greater than the one before — except the start of a line that
  // was on screen when the rest of it was dropped, which stays as it was shown, before the jump.
  let last = nums[0]!;
  for (let i = 1; i < nums.length; i++) {
    const n = nums[i]!;
    if (n > last) {
      last = n;
      continue;
    }
    const cutHead = String(last + 1).startsWith(String(n)) && (nums[i + 1] ?? Infinity) > last + 1;
    assert.ok(cutHead, `line ${i}: ${last} then ${n} then ${nums[i + 1]}`);
  }
});
