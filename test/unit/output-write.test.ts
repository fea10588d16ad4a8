// Writing to stdout without a stream (src/output.ts): every byte arrives, in order, when stdout
// is a full non-blocking pipe (a write is cut short or fails with EAGAIN, and the rest goes on
// from the byte it stopped at — inside a multibyte character too), and a reader that went away
// ends gwq quietly. A real child process writes; the test is its reader.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const OUTPUT = fileURLToPath(new URL("../../src/output.ts", import.meta.url));

// Texts of characters of 1, 2, 3 and 4 bytes. A pipe holds 64 KB: 1.4 MB meets a full pipe many
// times, at every offset within a character; 90 KB of 3-byte characters is 30,000 characters,
// fewer than the bytes its first write takes (a count of characters cannot tell it is done).
const TEXTS: [string, string, number][] = [
  ["1.4 MB, mixed widths", "a-é-✓-😀\n", 100_000],
  ["90 KB of 3-byte characters", "✓", 30_000],
];

/**
 * How the child's stdout is when writeOut starts: a blocking pipe; a non-blocking one (as another
 * process sharing the pipe can leave it: here a net.Socket on fd 1, for which libuv sets
 * O_NONBLOCK on the descriptor; nothing is written through it), empty — its first write is cut
 * short at the pipe's 64 KB — or filled to the brim with "#" first, so that writeOut meets a full
 * pipe at once.
 */
type Pipe = "blocking" | "non-blocking, empty" | "non-blocking, full";

/**
 * A child that writes `unit` × `times` through writeOut; it says on stderr how much filler went
 * first. Its stdout is a FIFO, so that nothing reads it until the test does (a child's pipe is
 * read by Node as soon as it exists): `read()` reads it all, from a descriptor of its own.
 */
function writer(unit: string, times: number, pipe: Pipe) {
  const script = [
    `import { writeOut } from ${JSON.stringify(OUTPUT)};`,
    `import { writeSync } from "node:fs";`,
    `import net from "node:net";`,
    pipe === "blocking" ? "" : `new net.Socket({ fd: 1, readable: false });`,
    `let filled = 0;`,
    pipe === "non-blocking, full"
      ? `for (const block = Buffer.alloc(4096, 35);;) {
           try { filled += writeSync(1, block); } catch (e) { if (e.code === "EAGAIN") break; throw e; }
         }`
      : "",
    `writeSync(2, "filled " + filled + "\\n");`,
    // A throw is reported and exits 3 (tsx, which runs this, would end it quietly with 0).
    `try { writeOut(${JSON.stringify(unit)}.repeat(${times})); } catch (e) { writeSync(2, "threw " + e.code + "\\n"); process.exit(3); }`,
  ].join("\n");
  const dir = mkdtempSync(join(tmpdir(), "gwq-out-"));
  const fifo = join(dir, "out");
  execFileSync("mkfifo", [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeEnd = openSync(fifo, constants.O_WRONLY);
  const c = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", writeEnd, "pipe"] });
  closeSync(writeEnd); // the child's is the only one: its exit is the end of the output
  rmSync(dir, { recursive: true, force: true });
  let stderr = "";
  let sawFilled: (n: number) => void;
  const filled = new Promise<number>((r) => (sawFilled = r));
  c.stderr!.on("data", (b) => {
    stderr += b;
    const m = /^filled (\d+)\n/.exec(stderr);
    if (m) sawFilled(Number(m[1]));
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((r) => c.on("close", (code) => r({ code, stderr })));
  /** Everything the child wrote, read from now until it has closed its stdout. */
  const read = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    const buf = Buffer.alloc(65536);
    try {
      for (;;) {
        let n: number;
        try {
          n = readSync(reader, buf, 0, buf.length, null);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
          await new Promise((r) => setTimeout(r, 2)); // nothing yet: the writer is between writes
          continue;
        }
        if (n === 0) return Buffer.concat(chunks);
        chunks.push(Buffer.from(buf.subarray(0, n)));
      }
    } finally {
      closeSync(reader);
    }
  };
  return { filled, exited, read, closeReader: () => closeSync(reader) };
}

for (const [label, unit, times] of TEXTS) {
  for (const pipe of ["blocking", "non-blocking, empty", "non-blocking, full"] as const) {
    test(`stdout a ${pipe} pipe, ${label}: every byte arrives, in order`, { timeout: 120_000 }, async () => {
      const { filled, exited, read } = writer(unit, times, pipe);
      // Nothing is read until the child is about to write (a full pipe: has filled it).
      const fill = await Promise.race([filled, exited.then((e) => assert.fail(`the writer ended first: ${e.code} ${e.stderr}`))]);
      const got = await read();
      const { code, stderr } = await exited;
      assert.equal(code, 0, stderr);
      if (pipe === "non-blocking, full") assert.ok(fill > 0, "the pipe was never full");
      assert.ok(got.subarray(0, fill).every((x) => x === 35), "the filler was damaged");
      const expected = Buffer.from(unit.repeat(times), "utf8");
      assert.equal(got.length - fill, expected.length);
      assert.ok(got.subarray(fill).equals(expected), "the bytes differ");
    });
  }
}

test("a reader that went away: the writer ends quietly with its exit code", { timeout: 120_000 }, async () => {
  const { filled, exited, closeReader } = writer("line\n", 100_000, "blocking");
  // The only reader closes as the writer is about to write: its write fails with EPIPE.
  await filled;
  closeReader();
  const { code, stderr } = await exited;
  assert.equal(code, 0);
  assert.equal(stderr, "filled 0\n");
});
