// The bottom of the one place gwq starts programs (process.ts): start a program, collect all its
// output, and tell how it ended. No other gwq module is imported here, so that the entry
// (cli.ts) can start a command's first call before the rest of gwq loads (early.ts).
import { createRequire } from "node:module";

/** How a program ended, with everything it wrote. */
export interface Ended {
  /** Its exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A program started by collect(). */
export interface Collecting {
  /** Resolves when it has ended and its pipes are closed; rejects when it could not start. */
  ended: Promise<Ended>;
  /** Kill it (SIGKILL) and stop reading its pipes (which may outlive it: ssh's master holds them). */
  kill(): void;
}

export interface CollectOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to its stdin, which is then closed; without it, stdin is /dev/null. */
  input?: string | Uint8Array;
}

/** Start a program (never through a shell) and collect its output. */
export function collect(command: string, args: string[], opts: CollectOptions): Collecting {
  return typeof Bun === "undefined" ? collectNode(command, args, opts) : collectBun(Bun, command, args, opts);
}

/**
 * In the standalone binary: bun's own spawn. Its node:child_process emulation costs bun more to
 * load (about 4 ms) than the tmux call it would run; its pipes are read with readers, which a
 * kill can cancel.
 */
function collectBun(bun: BunRuntime, command: string, args: string[], opts: CollectOptions): Collecting {
  let child: BunChild;
  try {
    child = bun.spawn({
      cmd: [command, ...args],
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdin: opts.input === undefined ? "ignore" : typeof opts.input === "string" ? Buffer.from(opts.input, "utf8") : opts.input,
      stdout: "pipe",
      stderr: "pipe",
    });
  } catch (e) {
    const ended = Promise.reject(e as Error);
    ended.catch(() => {}); // the caller's to handle, when it asks
    return { ended, kill() {} };
  }
  const readers = [child.stdout.getReader(), child.stderr.getReader()];
  const readAll = async (r: ReadableStreamDefaultReader<Uint8Array>) => {
    const chunks: Uint8Array[] = [];
    for (let c = await r.read(); !c.done; c = await r.read()) chunks.push(c.value);
    return Buffer.concat(chunks).toString("utf8");
  };
  const ended = Promise.all(readers.map(readAll)).then(async ([stdout, stderr]) => {
    await child.exited;
    return { code: child.signalCode ? null : child.exitCode, signal: child.signalCode, stdout: stdout!, stderr: stderr! };
  });
  ended.catch(() => {});
  return {
    ended,
    kill() {
      child.kill("SIGKILL");
      for (const r of readers) r.cancel().catch(() => {});
    },
  };
}

/** The little of bun's API used here (no @types/bun: the Node build never sees it). */
interface BunChild {
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  exited: Promise<number>;
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  kill(signal?: string): void;
}
interface BunRuntime {
  spawn(opts: { cmd: string[]; cwd?: string; env?: NodeJS.ProcessEnv; stdin: "ignore" | Uint8Array; stdout: "pipe"; stderr: "pipe" }): BunChild;
}
declare const Bun: BunRuntime | undefined;

/**
 * node:child_process, loaded when first needed (the binary's collect() never needs it), and
 * synchronously: collect() starts the program before it returns, so a caller can read files
 * while the program works (a listing reads the records while tmux answers).
 */
let cp: typeof import("node:child_process") | null = null;
export const childProcess = () => (cp ??= createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process"));

function collectNode(command: string, args: string[], opts: CollectOptions): Collecting {
  const child = childProcess().spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  const ended = new Promise<Ended>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
  ended.catch(() => {});
  if (opts.input !== undefined) {
    child.stdin!.on("error", () => {});
    child.stdin!.end(opts.input);
  }
  return {
    ended,
    kill() {
      child.kill("SIGKILL");
      for (const p of [child.stdin, child.stdout, child.stderr]) p?.destroy();
    },
  };
}
