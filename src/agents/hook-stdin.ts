// How an agent's hook (hook.ts) reads the payload the agent pipes in: at once, never held by a
// writer that keeps its end open, and loading as little as it can — a pipe is read without a
// stream (Node's process.stdin alone costs about as much as the rest of the hook).
import { closeSync, constants, fstatSync, openSync, read, readFileSync, readSync } from "node:fs";

/** Bytes of payload kept: more than any event we read needs (a Write tool's input can be huge). */
const KEEP_BYTES = 1 << 20;
/** Longest wait for the agent to finish writing stdin. */
const STDIN_TIMEOUT_MS = 1000;

/** What came on stdin: the first KEEP_BYTES kept, and whether that is a whole JSON object yet. */
class Incoming {
  private chunks: Buffer[] = [];
  private kept = 0;
  keep(b: Buffer): void {
    if (this.kept >= KEEP_BYTES) return; // read on to the end even past what we keep
    const take = Math.min(b.length, KEEP_BYTES - this.kept);
    this.chunks.push(b.subarray(0, take));
    this.kept += take;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
  whole(): boolean {
    if (this.kept >= KEEP_BYTES) return false;
    const t = this.text().trimEnd();
    if (!t.endsWith("}")) return false;
    try {
      JSON.parse(t);
      return true;
    } catch {
      return false;
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A pipe read without blocking and without a stream: through a second descriptor of it, opened
 * with O_NONBLOCK (Linux's /proc/self/fd/0; a socket cannot be opened so), polled until the end,
 * a whole payload or the deadline. Null when the pipe cannot be opened so.
 */
function readPipe(p: Incoming, deadline: number): string | null {
  let fd: number;
  try {
    fd = openSync("/proc/self/fd/0", constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    let wait = 0.1;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code !== "EAGAIN" && code !== "EWOULDBLOCK") || Date.now() >= deadline) break;
        // Nothing yet, the writer's end still open: wait a little (up to 4 ms) and look again.
        Atomics.wait(sleeper, 0, 0, wait);
        wait = Math.min(4, wait * 2);
        continue;
      }
      if (n === 0) break;
      wait = 0.1;
      p.keep(Buffer.from(buf.subarray(0, n)));
      if (p.whole() || Date.now() >= deadline) break;
    }
  } finally {
    closeSync(fd);
  }
  return p.text();
}

/**
 * In bun (the standalone binary), fs.read: a read left pending does not hold bun's process.exit
 * (it does Node's), and it costs a fraction of process.stdin's stream, or even of Bun.stdin's.
 */
function readAsync(p: Incoming, deadline: number): Promise<string> {
  return new Promise((resolve) => {
    const buf = Buffer.allocUnsafe(64 * 1024);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(p.text());
    };
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
    const next = (): void =>
      read(0, buf, 0, buf.length, null, (err, n) => {
        if (done) return;
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === "EAGAIN" || code === "EWOULDBLOCK") setTimeout(next, 2);
          else finish();
          return;
        }
        if (n === 0) return finish();
        p.keep(Buffer.from(buf.subarray(0, n)));
        if (p.whole()) finish();
        else next();
      });
    next();
  });
}

/** In Node, process.stdin (an event-loop handle): a read left pending in libuv's thread pool would hold process.exit. */
function readStream(p: Incoming, deadline: number): Promise<string> {
  return new Promise((resolve) => {
    const input = process.stdin;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      input.pause();
      resolve(p.text());
    };
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
    input.on("data", (b: Buffer) => {
      p.keep(b);
      if (p.whole()) finish();
    });
    input.on("end", finish);
    input.on("error", finish);
  });
}

/**
 * Read the payload from stdin, keeping the first KEEP_BYTES. The agents write it at once and
 * close their end; reading stops as soon as what came is a whole JSON object (only what is
 * needed is read), at the end of the input, or after STDIN_TIMEOUT_MS, so a writer that keeps
 * its end open holds the agent no longer than that. A larger payload is read on to its end (the
 * agent's write must not fail), within the same bound. A pipe is read without blocking (readPipe);
 * a socket (what Node-based agents give their hooks) in bun by fs.read, in Node by process.stdin.
 */
export function readStdin(): Promise<string> {
  let st;
  try {
    st = fstatSync(0);
  } catch {
    return Promise.resolve("");
  }
  // A terminal (someone running the hook by hand) has no payload to wait for.
  if (st.isCharacterDevice()) return Promise.resolve("");
  if (st.isFile()) {
    try {
      return Promise.resolve(readFileSync(0).subarray(0, KEEP_BYTES).toString("utf8"));
    } catch {
      return Promise.resolve("");
    }
  }
  const p = new Incoming();
  const deadline = Date.now() + STDIN_TIMEOUT_MS;
  const piped = st.isFIFO() ? readPipe(p, deadline) : null;
  if (piped !== null) return Promise.resolve(piped);
  return process.versions.bun ? readAsync(p, deadline) : readStream(p, deadline);
}
