// Writing to stdout and stderr without creating process.stdout / process.stderr. Those streams
// are built on first use, and building one is most of what a short command costs in the
// standalone binary (about 10 ms in bun, against a few ms for the whole of `gwq get`); a
// synchronous write to the file descriptor costs microseconds in either runtime. Interactive
// code (the finder, watch mode) keeps using the streams: it needs their TTY methods.
import { writeSync } from "node:fs";
import { createRequire } from "node:module";

/** Write all of `text` to a descriptor; a closed reader (`gwq list | head`) ends gwq quietly. */
function writeAll(fd: 1 | 2, data: string | Uint8Array): void {
  let buf: Uint8Array;
  if (typeof data === "string") {
    // A string goes in one call, encoded by the runtime as it writes: a listing of 100 sessions
    // (66 KB) in 0.1 ms in bun, against 0.3 ms through a Buffer made first. Only a write cut
    // short (a non-blocking descriptor, a signal) goes on below, from the bytes written.
    const n = writeSome(fd, data);
    if (n >= data.length && n === Buffer.byteLength(data, "utf8")) return;
    buf = Buffer.from(data, "utf8").subarray(n);
  } else buf = data;
  let off = 0;
  while (off < buf.length) off += writeSome(fd, buf, off);
}

/** One write(2) of `data` from `off`: the bytes written, 0 when the descriptor would block. */
function writeSome(fd: 1 | 2, data: string | Uint8Array, off = 0): number {
  try {
    return typeof data === "string" ? writeSync(fd, data) : writeSync(fd, data, off, data.length - off);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A descriptor another process left non-blocking: wait for the reader, briefly.
    if (code === "EAGAIN") {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      return 0;
    }
    if (code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  }
}

export function writeOut(data: string | Uint8Array): void {
  writeAll(1, data);
}

export function writeErr(data: string | Uint8Array): void {
  writeAll(2, data);
}

/** The terminal's width when stdout is one (process.stdout is built only then). node:tty is
 *  required here, not imported: in bun, loading it builds the stream machinery (~4 ms). */
export function stdoutColumns(): number | undefined {
  const { isatty } = createRequire(import.meta.url)("node:tty") as typeof import("node:tty");
  return isatty(1) ? process.stdout.columns : undefined;
}
