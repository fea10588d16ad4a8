// process.ts's launch: a program started and forgotten gets its whole input from a file that is
// already unlinked, runs in a session of its own, and a missing program never throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../src/process.js";

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("launch: the input is all there, from an unlinked file; the child has its own session", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gwq-launch-"));
  try {
    const input = "x".repeat(200_000) + "\nend\n";
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith(`gwq-input-${process.pid}-`)).length;
    const script = 'cat > "$1/in.tmp"; echo "$$ $(cut -d " " -f 6 /proc/$$/stat)" > "$1/sid"; mv "$1/in.tmp" "$1/in"';
    assert.equal(launch("/bin/sh", ["-c", script, "sh", dir], { cwd: "/", input }), true);
    // Unlinked before the start: nothing of it is left in the temp dir, even while the child reads.
    assert.equal(readdirSync(tmpdir()).filter((f) => f.startsWith(`gwq-input-${process.pid}-`)).length, before);
    await until(() => existsSync(join(dir, "in")), "the child to read its input");
    assert.equal(readFileSync(join(dir, "in"), "utf8"), input);
    const [pid, sid] = readFileSync(join(dir, "sid"), "utf8").trim().split(/\s+/);
    assert.equal(sid, pid, "the child leads a session of its own");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("launch: a missing program neither throws nor crashes the caller", async () => {
  assert.doesNotThrow(() => launch("/nonexistent/gwq-no-such-program", []));
  // The spawn error comes asynchronously: it must find its handler, not crash the test process.
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
});
