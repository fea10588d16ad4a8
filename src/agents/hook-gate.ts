// `gwq __hook <agent> …` before any hook code loads: run by a coding agent's hooks (gwq agent
// hooks install) on every event, through either entry — `cli.js __hook` (and the binary), or the
// CommonJS `hook.cjs` that `agent hooks install` writes under Node (an ES-module entry alone costs
// Node a fifth of its start-up: docs/benchmarks.md).
//
// Outside a gwq session there is nothing to record: exit at once, loading nothing — unless this
// is Codex's notify wrapping the user's own program (`-- <argv>`), which is still called, or a
// Codex hook (Codex runs them from a daemon that may carry no session's environment). The
// payload the agent pipes in is drained first, for a second at most: a big one (a file being
// written) left unread would fail the agent's write (Codex reports "failed to write hook
// stdin"), and a writer that never closes its end must not hold the agent.
import type { fstatSync as FstatSync, read as Read } from "node:fs";

type Fs = { fstatSync: typeof FstatSync; read: typeof Read };

/** `argv`: the words after the program (`__hook`, the agent, …); `load`: the hook's code. */
export function hookGate(
  argv: string[],
  load: () => Promise<{ hookProcess(args: string[], payload?: Promise<string>): void }>,
  fs: () => Promise<Fs>,
  stdin?: () => Promise<{ readStdin(): Promise<string> }>,
): void {
  if (process.env.GWQ_SESSION_NAME || argv[2] === "--" || argv[1] === "codex") {
    // The payload's read starts first, to go on while the hook's code loads (no arguments after
    // the agent: the payload is on stdin, not Codex's notify argument). The reader's chunk is
    // loaded alone, before the hook's: bun evaluates a second import in flight before the first
    // one's callback runs.
    if (stdin && argv.length === 2) {
      void stdin().then((m) => {
        const payload = m.readStdin();
        return load().then((h) => h.hookProcess(argv.slice(1), payload));
      });
    } else void load().then((m) => m.hookProcess(argv.slice(1)));
  }
  else void fs().then((f) => drain(f));
}

function drain({ fstatSync, read }: Fs): void {
  try {
    const st = fstatSync(0);
    if (!st.isFIFO() && !st.isSocket()) return;
  } catch {
    return;
  }
  setTimeout(() => process.exit(0), 1000);
  if (process.versions.bun) {
    // bun: fs.read, whose pending read does not hold bun's exit (process.stdin costs bun 10 ms).
    const buf = Buffer.allocUnsafe(64 * 1024);
    const next = (): void => read(0, buf, 0, buf.length, null, (err, n) => (err || !n ? process.exit(0) : next()));
    next();
  }
  // Node: process.stdin, not fs.read: a read pending in libuv's thread pool would hold the exit.
  else process.stdin.on("end", () => process.exit(0)).on("error", () => process.exit(0)).resume();
}
