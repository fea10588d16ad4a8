// Following the event log as it grows: `gwq events -f` and `gwq tmux wait`. No busy loop: the
// state directory is watched (fs.watch: inotify, FSEvents), and a slow poll (1 s) is the safety
// net for file systems where watching does not work or events are missed. Each wake-up reads only
// the bytes appended since the last one. A rotation (events.jsonl renamed to events.jsonl.1) is
// noticed by the path's inode changing: the old file is read to its end through the descriptor
// already open, then the new file from its start, so no event is lost or repeated across it.
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
      if (this.fd !== null) this.offset = fstatSync(this.fd).size;
      // Whatever comes next is new, even if the log was reset and seq starts again at 1.
      this.lastSeq = 0;
    } else {
      // The backlog: the rotated file whole, then the current one through our descriptor.
      const backlog = readEvents(this.stateDir).events.filter((e) => e.seq > after);
      this.lastSeq = after;
      for (const ev of backlog) this.emit(ev);
      // Skip what was just emitted (by seq) when reading the open file from the start.
      this.drain();
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
  }

  private emit(ev: GwqEvent): void {
    if (this.closed || ev.seq <= this.lastSeq) return;
    this.lastSeq = ev.seq;
    this.onEvent(ev);
  }

  /** Read what was appended; follow a rotation to the new file. */
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
      // Rotated (or removed): our descriptor's file has been read to its end.
      closeSync(this.fd!);
      this.fd = null;
      if (ino === null) return;
    }
  }

  private readNew(): void {
    const fd = this.fd!;
    const size = fstatSync(fd).size;
    if (size < this.offset) {
      // Truncated by hand: start again from its beginning.
      this.offset = 0;
      this.partial = Buffer.alloc(0);
    }
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
    for (const ev of parseLines(data.subarray(0, nl).toString("utf8")).events) this.emit(ev);
  }
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

