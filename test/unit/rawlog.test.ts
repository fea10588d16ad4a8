// The bounded raw log, run by the real /bin/sh (as tmux's pipe-pane runs it): the bound holds,
// the newest bytes are kept whole and in order, output is written as it arrives (a prompt with no
// newline included), EOF ends everything, and reading never blocks on a planted FIFO.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeCommand, rawDropped, rawFiles, rawSize, readRaw, RawFollower, type RawPart } from "../../src/sessions/rawlog.js";
import { eventually } from "../helpers/sandbox.js";

let root: string;
let n = 0;
before(() => (root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-raw-")))));
after(() => rmSync(root, { recursive: true, force: true }));
// A failed test must not leave its pipe running (and the test process waiting on it).
const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
});
const fresh = (name = "out.raw") => {
  const dir = join(root, `t${++n}`);
  mkdirSync(dir);
  return join(dir, name);
};

/** The pipe command under sh, in a process group of its own (to prove nothing outlives it). */
function start(rawPath: string, max: number): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn("/bin/sh", ["-c", pipeCommand(rawPath, max)], { stdio: ["pipe", "ignore", "pipe"], detached: true });
  started.push(child);
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const done = new Promise<number | null>((res) => child.on("close", (code) => (err ? res(-1000) : res(code))));
  return { child, done };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Feed `data` in pieces of `piece` bytes, respecting backpressure. */
async function feed(child: ChildProcess, data: Buffer, piece = 4096): Promise<void> {
  for (let off = 0; off < data.length; off += piece) {
    if (!child.stdin!.write(data.subarray(off, off + piece))) await new Promise((r) => child.stdin!.once("drain", r));
  }
}

const numbered = (count: number) => Buffer.from(Array.from({ length: count }, (_, i) => `line ${i + 1} ${"x".repeat(i % 50)}\r\n`).join(""));

describe("pipeCommand under sh", () => {
  test("1 MB through a 100 KB bound: at most 100 KB kept, the newest bytes intact and in order, EOF ends it all", async () => {
    const raw = fresh();
    const input = Buffer.concat([numbered(20000), randomBytes(300_000)]);
    assert.ok(input.length > 1_000_000);
    const { child, done } = start(raw, 100_000);
    await feed(child, input);
    child.stdin!.end();
    assert.equal(await done, 0);
    const kept = readRaw(raw);
    assert.ok(rawSize(raw) <= 100_000, `kept ${rawSize(raw)} bytes`);
    assert.equal(kept.length, rawSize(raw));
    assert.ok(kept.length >= 50_000, `kept only ${kept.length} bytes`);
    assert.ok(kept.equals(input.subarray(input.length - kept.length)), "the kept bytes are the end of the input, in order");
    assert.equal(rawDropped(raw), true);
    for (const f of [raw, rawFiles(raw).older]) assert.equal(statSync(f).mode & 0o777, 0o600, f);
    assert.equal(groupAlive(child.pid!), false, "no process of the pipe left");
  });

  test("less than half the bound: one file, everything, nothing marked dropped", async () => {
    const raw = fresh();
    const input = numbered(300);
    const { child, done } = start(raw, 1_000_000);
    await feed(child, input);
    child.stdin!.end();
    assert.equal(await done, 0);
    assert.ok(readRaw(raw).equals(input));
    assert.equal(existsSync(rawFiles(raw).older), false);
    assert.equal(rawDropped(raw), false);
  });

  test("exactly one rotation keeps everything and marks nothing dropped", async () => {
    const raw = fresh();
    const input = randomBytes(3000);
    const { child, done } = start(raw, 4000);
    await feed(child, input, 512);
    child.stdin!.end();
    assert.equal(await done, 0);
    assert.ok(readRaw(raw).equals(input));
    assert.equal(rawDropped(raw), false);
  });

  test("exactly the bound: all kept, nothing dropped, and the loop still ends; one byte more drops the oldest half", async () => {
    for (const size of [2000, 2001]) {
      const raw = fresh();
      const input = randomBytes(size);
      const { child, done } = start(raw, 2000);
      await feed(child, input);
      child.stdin!.end();
      assert.equal(await done, 0);
      const kept = readRaw(raw);
      assert.ok(kept.equals(input.subarray(size === 2000 ? 0 : 1000)), `${size} bytes in: kept ${kept.length}`);
      assert.equal(rawDropped(raw), size === 2001);
      assert.equal(existsSync(rawFiles(raw).next), false);
      assert.equal(groupAlive(child.pid!), false);
    }
  });

  test("bytes reach the file as they are written: a prompt with no newline is there at once", async () => {
    const raw = fresh();
    const { child, done } = start(raw, 100_000);
    child.stdin!.write("working\r\nApply the patch? [y/N] ");
    await eventually(() => readRaw(raw).toString() === "working\r\nApply the patch? [y/N] ", 10000, "the prompt in the file");
    child.stdin!.write("y\r\n");
    await eventually(() => readRaw(raw).toString().endsWith("[y/N] y\r\n"), 10000, "the answer in the file");
    child.stdin!.end();
    assert.equal(await done, 0);
  });

  test("an existing log is appended to, its size counted against the bound", async () => {
    const raw = fresh();
    writeFileSync(raw, "before\n", { mode: 0o600 });
    const { child, done } = start(raw, 40);
    await feed(child, Buffer.from("0123456789"));
    child.stdin!.end();
    assert.equal(await done, 0);
    assert.equal(readRaw(raw).toString(), "before\n0123456789");
    assert.ok(rawSize(raw) <= 40);
  });

  test("a path with spaces, quotes, $, #, % and non-ASCII is used as it is", async () => {
    const dir = join(root, `odd ' " $HOME #{x} %H ## é\\n`);
    mkdirSync(dir);
    const raw = join(dir, "log #1.raw");
    const { child, done } = start(raw, 1000);
    await feed(child, Buffer.from("hello\r\n"));
    child.stdin!.end();
    assert.equal(await done, 0);
    assert.equal(readRaw(raw).toString(), "hello\r\n");
  });

  test("the command holds none of tmux's format or strftime characters, whatever the path", () => {
    const cmd = pipeCommand("/tmp/a #{session_name} %H ##[x] '\"$(x)`", 1000);
    // tmux's expansions take `#` and `%` only (a backtick in single quotes is a byte like any other).
    assert.doesNotMatch(cmd, /[#%]/);
    assert.throws(() => pipeCommand("relative/path", 1000), /absolute path/);
    assert.throws(() => pipeCommand("/tmp/x", 1), /at least 2 bytes/);
  });
});

describe("reading", () => {
  test("missing log: empty, size 0; a FIFO in its place is refused, not waited on", () => {
    const raw = fresh();
    assert.equal(readRaw(raw).length, 0);
    assert.equal(rawSize(raw), 0);
    execFileSync("mkfifo", [raw]);
    assert.throws(() => readRaw(raw), /not a regular file/);
  });

  test("a follower sees every byte in order across rotations", async () => {
    const raw = fresh();
    const { child, done } = start(raw, 1000);
    const follower = new RawFollower(raw);
    const input: Buffer[] = [];
    const seen: Buffer[] = [];
    let written = 0;
    // Steps smaller than a segment, each read after it reached the file: nothing is dropped
    // between two reads, so the follower must see the whole stream.
    for (let step = 0; step < 40; step++) {
      const piece = Buffer.from(`${step}:${"abcdefghij".repeat((step % 7) + 1)}|`);
      input.push(piece);
      written += piece.length;
      child.stdin!.write(piece);
      await eventually(() => {
        seen.push(follower.read());
        return Buffer.concat(seen).length >= written;
      }, 10000, `step ${step}`);
    }
    child.stdin!.end();
    assert.equal(await done, 0);
    seen.push(follower.read());
    follower.close();
    assert.equal(Buffer.concat(seen).toString(), Buffer.concat(input).toString());
    assert.ok(rawSize(raw) <= 1000);
  });

  test("a follower that falls two rotations behind says where output went unread, and never yields bytes out of order", async () => {
    const raw = fresh();
    const { child, done } = start(raw, 2000);
    const follower = new RawFollower(raw);
    const input = Buffer.from(Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join(""));
    const parts: RawPart[] = [...follower.readParts()];
    // 300 bytes, read; then 3,000 bytes (three segments of 1,000) before the next read.
    child.stdin!.write(input.subarray(0, 300));
    await eventually(() => (parts.push(...follower.readParts()), parts.reduce((n, p) => n + p.bytes.length, 0) >= 300), 10000, "the first 300 bytes");
    await feed(child, input.subarray(300, 3300));
    await eventually(() => readRaw(raw).toString().endsWith(input.subarray(0, 3300).toString().slice(-20)), 10000, "the burst written");
    parts.push(...follower.readParts());
    child.stdin!.end();
    assert.equal(await done, 0);
    parts.push(...follower.readParts());
    follower.close();
    // Every part is the input's next bytes, except right after a gap, where it is later bytes.
    let at = 0;
    let gaps = 0;
    for (const p of parts) {
      const where = input.indexOf(p.bytes, at);
      assert.ok(where >= at, "bytes in order, each part a piece of the input");
      if (p.afterGap) {
        gaps++;
        assert.ok(where > at, "a gap is flagged where bytes were skipped");
      } else assert.equal(where, at, "no gap flagged: nothing skipped");
      at = where + p.bytes.length;
    }
    assert.equal(at, 3300, "the follower reached the end");
    assert.equal(gaps, 1);
  });

  test("a follower racing a bursty writer: every run of parts is the input's next bytes, a new run only after a flagged gap", async () => {
    const input = Buffer.from(Array.from({ length: 12000 }, (_, i) => `${i + 1}\n`).join(""));
    for (let round = 0; round < 4; round++) {
      const raw = fresh();
      const follower = new RawFollower(raw); // made before the log exists, as logs -f may be
      const { child, done } = start(raw, 2000);
      let finished = false;
      void done.then(() => (finished = true));
      const writing = (async () => {
        for (let off = 0; off < input.length; ) {
          const n = Math.min(input.length - off, 50 + Math.floor(Math.random() * 3000));
          child.stdin!.write(input.subarray(off, off + n));
          off += n;
          await new Promise((r) => setTimeout(r, Math.random() * 5));
        }
        child.stdin!.end();
      })();
      const parts: RawPart[] = [];
      while (!finished) {
        parts.push(...follower.readParts());
        await new Promise((r) => setTimeout(r, Math.random() * 8));
      }
      await writing;
      assert.equal(await done, 0);
      parts.push(...follower.readParts());
      follower.close();
      // Consecutive parts without a gap between them must be contiguous: join them into runs.
      const runs: Buffer[] = [];
      for (const p of parts) {
        if (runs.length && !p.afterGap) runs[runs.length - 1] = Buffer.concat([runs[runs.length - 1]!, p.bytes]);
        else runs.push(p.bytes);
      }
      let at = 0;
      runs.forEach((run, i) => {
        const where = input.indexOf(run, at);
        // (The first run starts later than 0 only when the writer rotated twice before the first read.)
        assert.ok(where >= at, `run ${i} is not a later piece of the input`);
        at = where + run.length;
      });
      assert.equal(at, input.length, "the follower reached the end");
    }
  });
});

describe("a follower's first read", () => {
  const segments = (dropped: boolean) => {
    const raw = join(root, `first-${++n}.raw`);
    writeFileSync(rawFiles(raw).older, "stuvwxyz\nline-2\n");
    writeFileSync(raw, "line-3\n");
    if (dropped) writeFileSync(rawFiles(raw).dropped, "");
    return raw;
  };
  test("older output dropped: what is kept starts mid-line, so it comes after a gap (its cut line is never shown as a line)", () => {
    const parts = new RawFollower(segments(true)).readParts();
    assert.deepEqual(parts.map((p) => [p.bytes.toString(), p.afterGap]), [["stuvwxyz\nline-2\n", true], ["line-3\n", false]]);
  });
  test("nothing dropped: the older segment is the start of the output, read first, no gap", () => {
    const parts = new RawFollower(segments(false)).readParts();
    assert.deepEqual(parts.map((p) => [p.bytes.toString(), p.afterGap]), [["stuvwxyz\nline-2\n", false], ["line-3\n", false]]);
  });
});
