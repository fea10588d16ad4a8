// File-system habits every writer and reader of gwq's state shares, in one place:
// - writes go to a temp file created exclusively (never following a link someone planted at a
//   predictable name) and renamed into place; a failed write leaves no temp file behind;
// - reads open regular files only, without blocking: a FIFO or a link to /dev/zero in the state
//   dir is skipped, never waited on or read forever.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { randomHex } from "./crypto-lazy.js";
import { basename, dirname, join } from "node:path";

/** Write `content` to `path` atomically (temp file + rename), the temp file created exclusively. */
export function atomicWrite(path: string, content: string | Buffer, mode = 0o600): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomHex(4)}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    try {
      const buf = typeof content === "string" ? Buffer.from(content) : content;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/** Create `path` with `content` only if nothing is there (no link followed). False when taken. */
export function createExclusive(path: string, content: string, mode = 0o600): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    const buf = Buffer.from(content);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
    throw e;
  }
  closeSync(fd);
  return true;
}

export class NotRegularFile extends Error {
  constructor(path: string) {
    super(`not a regular file: ${path}`);
  }
}

/**
 * Read a regular file (a link to one is followed), or null when it does not exist. Anything else
 * (FIFO, device, directory) throws NotRegularFile without blocking. `max` caps what is read.
 */
export function readRegular(path: string, max = 64 * 1024 * 1024): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotRegularFile(path);
    const size = Math.min(st.size, max);
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** The canonical path, or the path itself when it cannot be resolved (e.g. it is gone). */
export function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
