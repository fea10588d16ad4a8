// Following the event log as it grows: `gwq events -f` and `gwq tmux wait`. No busy loop: the
// state directory is watched (fs.watch: inotify, FSEvents), and a slow poll (1 s) is the safety
// net for file systems where watching does not work or events are missed. Each wake-up reads only
// the bytes appended since the last one. A rotation (events.jsonl renamed to events.jsonl.1) is
// noticed by the path's inode changing: the old file is read to its end through the descriptor
// already open, then the new file from its start, so no event is lost or repeated across it.
//
// A log deleted or truncated by hand starts again at seq 1. That is a reset, not a replay: it is
// noticed by the inode changing, the file shrinking, or (when it grew back past where we were
// before a wake-up) the line we read last no longer being where we read it, or a seq going
// backwards; the new content is then read from its start, every event in it new.
import { closeSync, fstatSync, readSync, statSync, watch, type FSWatcher } from "node:fs";
import { eventsPath, EVENTS_FILE, openLog } from "./append.js";
import { parseLines, readEvents } from "./read.js";
import type { GwqEvent } from "./types.js";

export interface FollowOptions {
  /** Emit the readable events after this seq first; "end" (default): only those appended from now. */
  after?: number | "end";
  /** The safety-net poll, in ms (default 1000). */
  pollMs?: number;
}

export class EventFollower {
  private fd: number | null = null;
  private ino = -1;
  private offset = 0;
  private partial: Buffer = Buffer.alloc(0);
  private lastSeq = 0;
  /** The last whole line read (newline included): how a rewrite of the file is noticed. */
  private lastLine: Buffer | null = null;
  /** While the start's backlog is read again through the descriptor, events already shown are skipped by seq. */
  private skipSeen = false;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly path: string;

  constructor(
    readonly stateDir: string,
    private readonly onEvent: (ev: GwqEvent) => void,
    private readonly opts: FollowOptions = {},
  ) {
    this.path = eventsPath(stateDir);
  }

  /** Position at the end (or emit the backlog after `after`), then watch. */
  start(): this {
    const after = this.opts.after ?? "end";
    this.openCurrent();
    if (after === "end") {
      if (this.fd !== null) {
        this.offset = fstatSync(this.fd).size;
        this.lastLine = lineEndingAt(this.fd, this.offset);
      }
      // Whatever comes next is new, even if the log was reset and seq starts again at 1.
      this.lastSeq = 0;
    } else {
      // The backlog: the rotated file whole, then the current one through our descriptor.
      const backlog = readEvents(this.stateDir).events.filter((e) => e.seq > after);
      this.lastSeq = after;
      for (const ev of backlog) this.emit(ev);
      // Skip what was just emitted (by seq) when reading the open file from the start.
      this.skipSeen = true;
      this.drain();
      this.skipSeen = false;
    }
    this.watchDir();
    this.timer = setInterval(() => {
      if (!this.watcher) this.watchDir();
      this.drain();
    }, this.opts.pollMs ?? 1000);
    return this;
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private watchDir(): void {
    if (this.closed) return;
    try {
      this.watcher = watch(this.stateDir, { persistent: true }, (_type, name) => {
        if (!name || String(name).startsWith(EVENTS_FILE)) this.drain();
      });
      this.watcher.on("error", () => {
        // e.g. the directory was removed: the poll carries on and watches again when it can
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null; // no directory yet, or no watches left: the poll does the work
    }
  }

  private openCurrent(): void {
    try {
      this.fd = openLog(this.path);
    } catch {
      this.fd = null;
    }
    if (this.fd === null) return;
    this.ino = fstatSync(this.fd).ino;
    this.offset = 0;
    this.partial = Buffer.alloc(0);
    this.lastLine = null;
  }

  private emit(ev: GwqEvent): void {
    if (this.closed || ev.seq <= this.lastSeq) return;
    this.lastSeq = ev.seq;
    this.onEvent(ev);
  }

  /** Read what was appended; follow a rotation or a reset to the new content. */
  drain(): void {
    for (let hops = 0; hops < 4 && !this.closed; hops++) {
      if (this.fd === null) {
        this.openCurrent();
        if (this.fd === null) return;
      }
      this.readNew();
      let ino: number | null;
      try {
        ino = statSync(this.path).ino;
      } catch {
        ino = null;
      }
      if (ino === this.ino || this.closed) return;
      // Rotated, removed or replaced: nothing more is written to our file once its name has moved
      // on (writers append under the lock, to the name), so what it got since the read above is
      // read now, then it is closed.
      this.readNew();
      closeSync(this.fd!);
      this.fd = null;
      // Every event in the next file is new: a rotation carries seq on, a reset starts it again.
      if (!this.skipSeen) this.lastSeq = 0;
      if (ino === null) return;
    }
  }

  /** Start this file again from its beginning: it was truncated or rewritten under us. */
  private restart(): void {
    this.offset = 0;
    this.partial = Buffer.alloc(0);
    this.lastLine = null;
    this.lastSeq = 0;
  }

  /** The line we read last is still where we read it (false: the file was rewritten). */
  private stillThere(fd: number): boolean {
    const line = this.lastLine;
    if (!line) return true;
    const end = this.offset - this.partial.length;
    if (end < line.length) return false;
    const buf = Buffer.alloc(line.length);
    return readSync(fd, buf, 0, buf.length, end - line.length) === buf.length && buf.equals(line);
  }

  private readNew(): void {
    const fd = this.fd!;
    const size = fstatSync(fd).size;
    if (size < this.offset || !this.stillThere(fd)) this.restart();
    const chunks: Buffer[] = [this.partial];
    while (this.offset < size) {
      const buf = Buffer.alloc(Math.min(size - this.offset, 1 << 20));
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      this.offset += n;
    }
    const data = chunks.length > 1 ? Buffer.concat(chunks) : this.partial;
    // Only whole lines: a line is one write, but a read may still land in the middle of it.
    const nl = data.lastIndexOf(0x0a);
    if (nl < 0) {
      this.partial = data;
      return;
    }
    this.partial = data.subarray(nl + 1);
    const start = data.lastIndexOf(0x0a, nl - 1) + 1;
    this.lastLine = Buffer.from(data.subarray(start, nl + 1));
    const { events } = parseLines(data.subarray(0, nl).toString("utf8"));
    // A seq at or below the last one, past the start's backlog, means the log began again with
    // this very read: take the whole file from its start.
    if (!this.skipSeen && this.lastSeq > 0 && events.some((e) => e.seq <= this.lastSeq)) {
      this.restart();
      this.readNew();
      return;
    }
    for (const ev of events) this.emit(ev);
  }
}

/** The whole line (newline included) that ends at `end`, or null (none, or longer than 64 KB). */
function lineEndingAt(fd: number, end: number): Buffer | null {
  const len = Math.min(end, 64 * 1024);
  if (len < 2) return null;
  const buf = Buffer.alloc(len);
  if (readSync(fd, buf, 0, len, end - len) !== len || buf[len - 1] !== 0x0a) return null;
  const start = buf.lastIndexOf(0x0a, len - 2) + 1;
  if (start === 0 && len < end) return null;
  return buf.subarray(start);
}

/** Call `onEvent` for each event as it is appended, until `signal` aborts. */
export function followEvents(stateDir: string, onEvent: (ev: GwqEvent) => void, opts: FollowOptions & { signal: AbortSignal }): Promise<void> {
  return new Promise((resolve) => {
    const f = new EventFollower(stateDir, onEvent, opts).start();
    const stop = () => {
      f.close();
      resolve();
    };
    if (opts.signal.aborted) stop();
    else opts.signal.addEventListener("abort", stop, { once: true });
  });
}

