// Writing to stdout and stderr without creating process.stdout / process.stderr. Those streams
// are built on first use, and building one is most of what a short command costs in the
// standalone binary (about 10 ms in bun, against a few ms for the whole of `gwq get`); a
// synchronous write to the file descriptor costs microseconds in either runtime. Interactive
// code (the finder, watch mode) keeps using the streams: it needs their TTY methods.
import { writeSync } from "node:fs";
import { createRequire } from "node:module";

/** Write all of `text` to a descriptor; a closed reader (`gwq list | head`) ends gwq quietly. */
function writeAll(fd: 1 | 2, data: string | Uint8Array): void {
  const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A descriptor another process left non-blocking: wait for the reader, briefly.
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    }
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
