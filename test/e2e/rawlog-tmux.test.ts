// The raw log under a real private tmux server: pipe-pane in the same tmux call as new-session
// gets every byte, the file outlives the server, the bound holds for real output, the path
// survives tmux's format and strftime expansion, and nothing of the pipe outlives the pane.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { eventually, sandboxEach } from "../helpers/sandbox.js";
import { pipeCommand, rawDropped, rawSize, readRaw } from "../../src/sessions/rawlog.js";
import { renderLines, LineRenderer } from "../../src/sessions/render.js";

const sb = sandboxEach();

/** Create a session running `script` with the pipe opened in the same tmux call. */
function startSession(name: string, script: string, raw: string, max: number): void {
  sb.tmux("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", "--", "/bin/sh", "-c", script, ";", "pipe-pane", "-t", `=${name}:`, "-o", pipeCommand(raw, max));
}

/** Processes whose command line mentions `text` (the pipe's sh names the log path). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(text)) found.push(`${pid}: ${cmd.replace(/\0/g, " ").slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const seqLines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

test("every byte from the first, rendered as lines, after kill-server; a prompt shows at once; the pipe ends with the server", async () => {
  const raw = sb.path("logs", "s1.raw");
  mkdirSync(sb.path("logs"), { mode: 0o700 });
  startSession("s1", "seq 1 3000; printf '\\033[1;32mdone\\033[0m\\r\\nApply the patch? [y/N] '; sleep 60", raw, 50 * 1024 * 1024);
  await eventually(() => new LineRenderer().push(readRaw(raw)).length >= 3001, 15000, "3000 lines in the raw log");
  const r = new LineRenderer();
  const lines = r.push(readRaw(raw));
  assert.deepEqual(lines, [...seqLines(1, 3000), "done"]);
  await eventually(() => {
    const lr = new LineRenderer();
    lr.push(readRaw(raw));
    return lr.partial() === "Apply the patch? [y/N] ";
  }, 15000, "the prompt without a newline in the raw log");
  assert.equal(statSync(raw).mode & 0o777, 0o600);
  assert.ok(processesMentioning(raw).length > 0, "the pipe runs while the pane does");
  await sb.killServer();
  await eventually(() => processesMentioning(raw).length === 0, 15000, "the pipe gone with the server");
  assert.deepEqual(renderLines(readRaw(raw)), [...seqLines(1, 3000), "done", "Apply the patch? [y/N] "]);
});

test("a small bound: the file stays under it, the newest output is whole, the pipe ends with the command", async () => {
  const raw = sb.path("s2.raw");
  startSession("s2", "seq 1 200000", raw, 100 * 1024);
  await eventually(() => !sb.tmuxOk("has-session", "-t", "=s2"), 30000, "the command done");
  await eventually(() => processesMentioning(raw).length === 0, 15000, "the pipe gone");
  assert.ok(rawSize(raw) <= 100 * 1024, `kept ${rawSize(raw)} bytes`);
  assert.equal(rawDropped(raw), true);
  const lines = renderLines(readRaw(raw));
  // The first kept line may be cut (the oldest half went mid-line); every other is whole and in order.
  const whole = lines.slice(1);
  assert.equal(whole.at(-1), "200000");
  const first = Number(whole[0]);
  assert.ok(whole.length > 5000, `only ${whole.length} lines kept`);
  assert.deepEqual(whole, seqLines(first, 200000));
});

test("a path with #{…}, %H, spaces and quotes is the file written, not what tmux would expand it to", async () => {
  const dir = sb.path("odd #{session_name} %H '$x'");
  mkdirSync(dir);
  const raw = join(dir, "log ##[x].raw");
  // The pane stays until its output is in the file, as a gwq session's does (remain-on-exit):
  // a bare pane that exits at once is destroyed with its pipe, and on a busy machine tmux may not
  // have written the pipe by then. The path, not that race, is what this test is about.
  startSession("s3", "echo hello; exec sleep 300", raw, 1024 * 1024);
  await eventually(() => renderLines(readRaw(raw)).includes("hello"), 15000, "hello in the odd path");
  sb.tmux("kill-session", "-t", "=s3");
  // At the pane's end the loop makes `<raw>.n` for one read and removes it when that read is
  // empty: judge the directory once the loop has settled (the pipe's command line holds the path
  // escaped, so it cannot be found by the path).
  await eventually(() => readdirSync(dir).join("|") === "log ##[x].raw", 15000, `only the raw file (have ${readdirSync(dir).join(", ")})`);
});
