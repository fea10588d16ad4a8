// A session's raw output on disk, bounded, written by tmux's pipe-pane with no gwq process per
// session. The pane's bytes go to a tiny sh loop that appends them to `<raw>` and, once `<raw>`
// holds half the bound and more output comes, renames it to `<raw>.1` (replacing the older half)
// and starts a new `<raw>`: at most `maxBytes` on disk, the newest half at least always kept, the oldest dropped
// first. `<raw>.dropped` marks that an older segment was replaced (the kept output then starts
// mid-stream, so its first line may be cut).
//
// The copying is done by `stdbuf -o0 head -c N`: GNU head reads no more than N bytes from the
// pipe (so nothing is lost at a rotation) but writes through stdio, which holds output back
// until 4 KiB or exit (checked with strace) — a prompt without a newline would never reach the
// file while it waits. `stdbuf -o0` makes it write each read at once. Where stdbuf is missing
// (not GNU coreutils: macOS, BusyBox) the loop falls back to `cat >>`, unbounded but live and
// lossless, rather than risk a head that over-reads or buffers.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { GwqError } from "../errors.js";
import { tmuxSh } from "../shell.js";


/**
 * The shell command for `tmux pipe-pane -o <command>`: appends the pane's bytes to `rawPath`,
 * keeping at most `maxBytes` across `rawPath` and `rawPath.1`. Built only from our own path and
 * number. New files are 0600 (umask 077). The loop ends at EOF (the pane closed or the pipe was
 * stopped), leaving nothing running.
 */
export function pipeCommand(rawPath: string, maxBytes: number): string {
  if (!rawPath.startsWith("/") || rawPath.includes("\0")) {
    throw new GwqError(`cannot log output to ${JSON.stringify(rawPath)}: expected an absolute path`);
  }
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 2) throw new GwqError(`log size bound must be at least 2 bytes, got ${maxBytes}`);
  const half = Math.floor(maxBytes / 2);
  return [
    "umask 077",
    // tmux applies strftime and its format expander to this text first (docs/tmux-facts.md).
    tmuxSh`f=${rawPath}`,
    tmuxSh`h=${half}`,
    ': >>"$f"',
    // stdbuf present and working (it needs its preload library).
    "if stdbuf -o0 true 2>/dev/null; then",
    's=$(($(wc -c <"$f")))',
    "while :; do",
    'if [ "$s" -lt "$h" ]; then stdbuf -o0 head -c $((h - s)) >>"$f" || exit 1; fi',
    // The segment is full, or the input is over: the next byte tells which. Rotate only when it
    // comes, so output that fits the bound is never dropped early. (No size check needed: head
    // stops short of its count only at EOF, and then this read gets nothing either.)
    'head -c 1 >"$f.n" || exit 1',
    '[ -s "$f.n" ] || { rm -f "$f.n"; exit 0; }',
    '[ -e "$f.1" ] && : >>"$f.dropped"',
    'mv -f "$f" "$f.1" && mv -f "$f.n" "$f" || exit 1',
    "s=1",
    "done",
    "fi",
    'exec cat >>"$f"',
  ].join("\n");
}

/** The files of one raw log: the segments, the first byte of the next one while it rotates, the marker. */
export function rawFiles(rawPath: string): { older: string; current: string; next: string; dropped: string } {
  return { older: `${rawPath}.1`, current: rawPath, next: `${rawPath}.n`, dropped: `${rawPath}.dropped` };
}

/** Open a regular file for reading without ever blocking (a FIFO planted there would hang). */
function openRegular(path: string): { fd: number; st: Stats } | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ELOOP") throw new GwqError(`${path}: is a symbolic link, expected a log file`);
    throw new GwqError(`cannot read ${path} (${code})`);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new GwqError(`${path}: not a regular file`);
  }
  return { fd, st };
}

/** Read from `pos` to the end of an open file. */
function readFrom(fd: number, pos: number): Buffer {
  const chunks: Buffer[] = [];
  for (;;) {
    const size = Math.max(65536, fstatSync(fd).size - pos);
    const buf = Buffer.allocUnsafe(Math.min(size, 16 << 20));
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    pos += n;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function readWhole(path: string): Buffer | null {
  const f = openRegular(path);
  if (!f) return null;
  try {
    return readFrom(f.fd, 0);
  } finally {
    closeSync(f.fd);
  }
}

/** The kept raw output: the older segment, then the current one. Empty when there is none. */
export function readRaw(rawPath: string): Buffer {
  const { older, current } = rawFiles(rawPath);
  const parts = [readWhole(older), readWhole(current)].filter((b): b is Buffer => b !== null && b.length > 0);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Bytes kept on disk for this raw log. */
export function rawSize(rawPath: string): number {
  let total = 0;
  for (const p of [rawFiles(rawPath).older, rawPath]) {
    try {
      const st = statSync(p);
      if (st.isFile()) total += st.size;
    } catch {
      // missing segment: nothing kept there
    }
  }
  return total;
}

/** True when older output was dropped to stay within the bound (the kept part starts mid-stream). */
export function rawDropped(rawPath: string): boolean {
  try {
    return statSync(rawFiles(rawPath).dropped).isFile();
  } catch {
    return false;
  }
}

/** Bytes read by a follower; `afterGap`: output between the previous part and this one was dropped. */
export interface RawPart {
  bytes: Buffer;
  afterGap: boolean;
}

/**
 * Follow a raw log as it grows, across rotations, for `logs -f`: the first read returns what is
 * kept so far, each later one the bytes written since. A rotation is seen as the path naming
 * another file; the file held (now `.1`) is read to its end before the next one is started.
 *
 * A reader that falls behind by two rotations finds a segment deleted before it was read: the
 * part after it says so (`afterGap`), so no line is glued from two halves. Continuity is proven,
 * never assumed, and only ever from files held open (a closed file's inode number can be reused
 * at once): having opened the file X the path names, and only then seen that `.1` is the file
 * held, X is the very next segment (the writer renames the full segment to `.1` before it puts
 * the next one in place).
 */
export class RawFollower {
  private fd: number | null = null;
  private ino = -1;
  private pos = 0;
  private started = false;
  private gap = false;

  constructor(private readonly rawPath: string) {}

  /** New bytes, gaps ignored. */
  read(): Buffer {
    const parts = this.readParts().map((p) => p.bytes);
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  readParts(): RawPart[] {
    const parts: RawPart[] = [];
    const add = (bytes: Buffer) => {
      if (bytes.length === 0) return;
      parts.push({ bytes, afterGap: this.gap });
      this.gap = false;
    };
    if (!this.started) {
      // Until a file is held (the log may not exist yet), every read starts from what is kept.
      if (!this.hold(openRegular(this.rawPath))) return parts;
      this.started = true;
      // What is kept starts mid-stream when older output was dropped (a first read that came late,
      // after rotations): its first line may be cut, so it counts as after a gap.
      if (rawDropped(this.rawPath)) this.gap = true;
      // The older segment, unless a rotation came in between: then the file under the older name
      // is the very file we hold, or one newer than it (two rotations), and reading it first would
      // put newer output before older. Only when the current name still holds our file was
      // there no rotation since we took it; otherwise the older output is skipped, as a gap.
      const older = openRegular(rawFiles(this.rawPath).older);
      if (older) {
        try {
          if (older.st.ino !== this.ino && this.currentIno() === this.ino) add(readFrom(older.fd, 0));
          else if (older.st.ino !== this.ino) this.gap = true;
        } finally {
          closeSync(older.fd);
        }
      }
    }
    for (let hops = 0; hops < 8; hops++) {
      if (this.fd === null) break; // closed by the caller
      add(this.readHeld());
      const next = openRegular(this.rawPath);
      if (!next) break; // between the two renames of a rotation: next time
      if (next.st.ino === this.ino) {
        closeSync(next.fd);
        break;
      }
      // Rotated: the writer is done with our file; take what it got since the read above.
      add(this.readHeld());
      const continuous = this.olderIno() === this.ino;
      this.close();
      this.hold(next);
      if (!continuous) this.gap = true;
    }
    return parts;
  }

  /** How many bytes of the file it holds have been read (a full segment: a rotation is due). */
  heldBytes(): number {
    return this.pos;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.ino = -1;
    this.pos = 0;
  }

  private readHeld(): Buffer {
    const got = readFrom(this.fd!, this.pos);
    this.pos += got.length;
    return got;
  }

  private currentIno(): number {
    try {
      return statSync(this.rawPath).ino;
    } catch {
      return -1;
    }
  }

  private olderIno(): number {
    try {
      return statSync(rawFiles(this.rawPath).older).ino;
    } catch {
      return -1;
    }
  }

  private hold(f: { fd: number; st: Stats } | null): boolean {
    if (!f) return false;
    this.fd = f.fd;
    this.ino = f.st.ino;
    this.pos = 0;
    return true;
  }
}
