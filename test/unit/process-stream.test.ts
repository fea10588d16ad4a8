// process.ts's run with a timeout, and its stream: output as it comes; the child's stdin is a pipe held and never written,
// which closes when the caller ends, however it ends (what makes ssh end a far follower); an
// abort ends the child; a missing program is one line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run, TimeoutError } from "../../src/process.js";
import { stream } from "../../src/process-stream.js";
import { eventually } from "../helpers/sandbox.js";

test("stream: stdout and stderr as they come; the exit code", async () => {
  let out = "";
  let err = "";
  const end = await stream("sh", ["-c", "printf 'a\\n'; printf 'é\\n' >&2; exit 3"], { onStdout: (d) => (out += d), onStderr: (d) => (err += d) });
  assert.deepEqual(end, { code: 3, signal: null });
  assert.equal(out, "a\n");
  assert.equal(err, "é\n");
});

test("stream: the child's stdin stays open while we run, and closes when we are killed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gwq-stream-"));
  try {
    const mark = join(dir, "stdin-closed");
    const processTs = resolve(import.meta.dirname, "../../src/process-stream.ts");
    // A caller of stream() whose child reports when its stdin closes.
    const code = `import { stream } from ${JSON.stringify(processTs)}; await stream("sh", ["-c", 'echo ready; cat; echo closed > "$1"', "sh", ${JSON.stringify(mark)}], { onStdout: (d) => process.stdout.write(d) });`;
    const caller = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    caller.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    await eventually(() => out.includes("ready"), 20000, "the child to start");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(existsSync(mark), false, "stdin still open while the caller runs");
    caller.kill("SIGKILL");
    await eventually(() => existsSync(mark), 20000, "the child to see its stdin close");
    assert.equal(readFileSync(mark, "utf8"), "closed\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("stream: an abort ends the child (SIGTERM); a missing program is one line", async () => {
  const ac = new AbortController();
  let out = "";
  const ended = stream("sh", ["-c", "echo up; exec sleep 60"], { onStdout: (d) => (out += d), signal: ac.signal });
  await eventually(() => out.includes("up"), 20000, "the child to start");
  ac.abort();
  assert.deepEqual(await ended, { code: null, signal: "SIGTERM" });
  await assert.rejects(stream("/nonexistent/gwq-no-such", [], { notFound: "no such thing here" }), /no such thing here/);
});

test("run: a timeout fails at once, even while another process still holds the pipes", async () => {
  // What ssh over a shared connection does: its master keeps the pipes after the client is killed.
  const t = Date.now();
  await assert.rejects(run("sh", ["-c", "sleep 8 & exec sleep 8"], { timeoutMs: 300 }), TimeoutError);
  assert.ok(Date.now() - t < 5000, `took ${Date.now() - t} ms`);
});
