// The one place gwq starts another program: waits for it (run, runInteractive), streams its
// output while it runs (stream), or starts it and forgets it (launch, startDetached). git/, tmux/
// and ssh/ build argument arrays and call this; nothing here ever goes through a shell.
import type { SpawnOptions } from "node:child_process";
import { closeSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { GwqError, ProcessError } from "./errors.js";
import { writeErr } from "./output.js";
import { childProcess, collect, type Collecting, type Ended } from "./process-raw.js";
import { takeEarly } from "./early-take.js";
import { os } from "./builtins-lazy.js";

export { childProcess };

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Uint8Array;
  /** Accept these exit codes as success (default: only 0). */
  okCodes?: number[];
  /** What to say when the program itself is missing. */
  notFound?: string;
  /** Kill the program (SIGKILL) after this long and fail at once with a TimeoutError. */
  timeoutMs?: number;
}

/** Kill a child once `ms` pass (none without `ms`); done() stops the clock and says whether it fired. */
function killAfter(ms: number | undefined, kill: () => void): { done(): boolean } {
  let fired = false;
  const timer = ms ? setTimeout(() => ((fired = true), kill()), ms) : null;
  return {
    done() {
      if (timer) clearTimeout(timer);
      return fired;
    },
  };
}

// A program killed for its timeout fails at once, without waiting for its pipes to close: they
// may outlive it. ssh over a shared connection hands its stdout and stderr to the connection's
// master, which keeps them until the far command ends, however long that takes.

/** A program that did not finish within its RunOptions.timeoutMs. */
export class TimeoutError extends GwqError {
  constructor(command: string, ms: number) {
    super(`${command}: no answer within ${ms >= 1000 ? `${+(ms / 1000).toFixed(1)}s` : `${ms}ms`}`);
    this.name = "TimeoutError";
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Counts every program gwq starts, so tests and the benchmark can assert call counts. */
export const callCounts: Record<string, number> = {};

export function countCall(command: string, args: string[]): void {
  callCounts[command] = (callCounts[command] ?? 0) + 1;
  const trace = process.env.GWQ_TRACE_CALLS;
  if (trace) {
    // GWQ_TRACE_CALLS=args adds what was asked: the subcommands of a tmux call, a git verb.
    const what = trace === "args" ? ` ${args.filter((a, i) => i === 0 || args[i - 1] === ";").join(" ")}` : "";
    writeErr(`gwq-trace: ${command}${what}\n`);
  }
}

export function run(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  countCall(command, args);
  return finish(command, args, opts, takeEarly(command, args, opts) ?? collect(command, args, opts));
}

/** Why a program could not be started, in gwq's words (the same under either runtime). */
export function startError(command: string, e: NodeJS.ErrnoException, opts: RunOptions): GwqError {
  if (e.code === "ENOENT") return new GwqError(opts.notFound ?? `${command}: not found`);
  if (e.code === "EACCES") return new GwqError(`${command}: not executable (${e.message})`);
  return new GwqError(`${command}: ${e.message}`);
}

function settle(command: string, args: string[], opts: RunOptions, code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): RunResult {
  const ok = opts.okCodes ?? [0];
  if (code !== null && ok.includes(code)) return { stdout, stderr, code };
  throw new ProcessError({ command, args, code, signal, stdout, stderr });
}

/** Wait for a started program within its timeout, and judge how it ended. */
async function finish(command: string, args: string[], opts: RunOptions, started: Collecting): Promise<RunResult> {
  let timedOut!: (v: null) => void;
  const timeout = new Promise<null>((r) => (timedOut = r));
  const deadline = killAfter(opts.timeoutMs, () => {
    started.kill();
    timedOut(null);
  });
  let ended: Ended | null;
  try {
    ended = await (opts.timeoutMs ? Promise.race([started.ended, timeout]) : started.ended);
  } catch (e) {
    deadline.done();
    throw startError(command, e as NodeJS.ErrnoException, opts);
  }
  if (deadline.done() || ended === null) throw new TimeoutError(command, opts.timeoutMs!);
  return settle(command, args, opts, ended.code, ended.signal, ended.stdout, ended.stderr);
}

/**
 * Start a program and let it go: detached, no stdio, never waited for (a Codex notify hands its
 * argument on to the user's own notify program this way). One that cannot start is ignored: it
 * is the user's to fix, and the caller must not fail for it.
 */
export function startDetached(command: string, args: string[]): void {
  countCall(command, args);
  try {
    const child = childProcess().spawn(command, args, { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
  } catch {
    // not startable
  }
}

/**
 * Run a program on the user's terminal (stdio inherited) and resolve with its exit code:
 * 128+N when it died of signal N, like a shell reports it. With `input`, that text is its stdin
 * instead (a pager reading what to show; one that quits early closes the pipe: not an error).
 */
export async function runInteractive(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; notFound?: string; stdio?: SpawnOptions["stdio"]; input?: string } = {},
): Promise<number> {
  countCall(command, args);
  const { spawn } = childProcess();
  return new Promise((resolve, reject) => {
    const stdio: SpawnOptions["stdio"] = opts.input !== undefined ? ["pipe", "inherit", "inherit"] : (opts.stdio ?? "inherit");
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio });
    if (opts.input !== undefined) {
      child.stdin!.on("error", () => {});
      child.stdin!.end(opts.input);
    }
    // The child owns the terminal now: a Ctrl-C reaches it directly; we only wait.
    const ignore = () => {};
    process.on("SIGINT", ignore);
    child.on("error", (e: NodeJS.ErrnoException) => {
      process.off("SIGINT", ignore);
      reject(new GwqError(e.code === "ENOENT" ? (opts.notFound ?? `${command}: not found`) : `${command}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", ignore);
      if (signal) {
        const n = signalNumber(signal);
        resolve(128 + n);
      } else {
        resolve(code ?? 1);
      }
    });
  });
}

export function signalNumber(signal: NodeJS.Signals): number {
  return (os().constants.signals as Record<string, number>)[signal] ?? 0;
}

/** A file descriptor reading `input` from its start; the file itself is already unlinked. */
function inputFd(input: string): number {
  const path = join(os().tmpdir(), `gwq-input-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const w = openSync(path, "wx", 0o600);
  try {
    writeSync(w, input, null, "utf8");
  } finally {
    closeSync(w);
  }
  try {
    return openSync(path, "r");
  } finally {
    unlinkSync(path);
  }
}

/**
 * Start a program and forget it: detached (a session of its own, so a Ctrl-C or a closing pane
 * does not reach it), output nowhere, never waited for. `input` is its stdin as a file — written,
 * opened and unlinked before the start, so it is all there however soon this process exits (a
 * pipe written after the start is empty when the caller exits at once, as the standalone
 * binary's hook does). Never throws: false when the program could not be started.
 */
export function launch(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): boolean {
  countCall(command, args);
  try {
    const stdin = opts.input === undefined ? null : inputFd(opts.input);
    let child;
    try {
      child = childProcess().spawn(command, args, { detached: true, stdio: [stdin ?? "ignore", "ignore", "ignore"], env: opts.env ?? process.env, cwd: opts.cwd });
    } finally {
      if (stdin !== null) closeSync(stdin);
    }
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
