// File-system habits every writer and reader of gwq's state shares, in one place:
// - writes go to a temp file created exclusively (never following a link someone planted at a
//   predictable name) and renamed into place; a failed write leaves no temp file behind;
// - reads and appends open regular files only, without blocking (openRegular): a FIFO or a link to
//   /dev/zero in the state dir or a repository is refused, never waited on or read forever.
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, realpathSync, renameSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * A temp file's random part. Math.random, not crypto: the name only has to be hard to foresee
 * (creating it exclusively, never through a link, is what makes it safe), and in Node the Web
 * Crypto API costs about 1 ms to set up (5 ms cold): more than an agent's hook may spend.
 */
function tempSuffix(): string {
  return Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
}

/** Write `content` to `path` atomically (temp file + rename), the temp file created exclusively. */
export function atomicWrite(path: string, content: string | Buffer, mode = 0o600): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${tempSuffix()}.tmp`);
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
  constructor(
    path: string,
    /** What is there instead, to follow "is": "a FIFO", "a device", "a directory"… */
    readonly kind = "something other than a regular file",
  ) {
    super(`not a regular file (${kind}): ${path}`);
  }
}

export class FileTooLarge extends Error {
  constructor(
    path: string,
    readonly max: number,
  ) {
    super(`larger than ${max} bytes: ${path}`);
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isDirectory()) return "a directory";
  if (st.isSocket()) return "a socket";
  return "something other than a regular file";
}

/**
 * Open `path` (a link to a regular file is followed unless O_NOFOLLOW is in `flags`) and make sure
 * it is a regular file, without ever blocking: O_NONBLOCK makes opening a FIFO return at once
 * (a FIFO opened for writing with no reader fails with ENXIO), and fstat on the descriptor tells
 * what was really opened. Anything else throws NotRegularFile, the descriptor closed. Every read or
 * append of a file a user or a repository could replace goes through here.
 */
export function openRegular(path: string, flags: number, mode = 0o600): number {
  return openRegularStat(path, flags, mode).fd;
}

/** openRegular, with what fstat said of the file (its size, for a read). */
function openRegularStat(path: string, flags: number, mode = 0o600): { fd: number; st: Stats } {
  let fd: number;
  try {
    fd = openSync(path, flags | constants.O_NONBLOCK, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENXIO") throw new NotRegularFile(path, "a FIFO");
    throw e;
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new NotRegularFile(path, kindOf(st));
  }
  return { fd, st };
}

/**
 * Read a regular file (a link to one is followed), or null when it does not exist. Anything else
 * (FIFO, device, directory) throws NotRegularFile without blocking. `max` caps what is read: past
 * it the content is cut, or with `oversize: "refuse"` FileTooLarge is thrown.
 */
export function readRegular(path: string, max = 64 * 1024 * 1024, oversize: "cut" | "refuse" = "cut"): Buffer | null {
  let fd: number;
  let st: Stats;
  try {
    ({ fd, st } = openRegularStat(path, constants.O_RDONLY));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    if (st.size > max && oversize === "refuse") throw new FileTooLarge(path, max);
    return readUpTo(fd, Math.min(st.size, max));
  } finally {
    closeSync(fd);
  }
}

/**
 * A file a directory listing showed as a regular file, read in one call (the runtime opens,
 * sizes and reads it natively: a listing reads a hundred records). Never follows a link nor waits
 * on a FIFO that took the file's place since the listing: O_NOFOLLOW, O_NONBLOCK.
 */
export function readListedFile(path: string): string {
  const flag = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  // Both runtimes take open(2) flags as a number here; the type only admits "r"-style strings.
  return readFileSync(path, { encoding: "utf8", flag: flag as unknown as string });
}

/** The first `size` bytes of an open file (fewer when it is shorter by now). */
export function readUpTo(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  while (off < size) {
    const n = readSync(fd, buf, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return off === size ? buf : buf.subarray(0, off);
}

/** A JSON object from a regular file of at most `max` bytes; null when missing, damaged or not an object. */
export function readJsonObject(path: string, max: number): Record<string, unknown> | null {
  try {
    const buf = readRegular(path, max);
    const v = buf ? (JSON.parse(buf.toString("utf8")) as unknown) : null;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
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
