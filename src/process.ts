// The one place gwq starts another program and waits for it. git/ and tmux/ build argument
// arrays and call this; nothing here ever goes through a shell.
import { spawn, type SpawnOptions } from "node:child_process";
import { constants } from "node:os";
import { GwqError, ProcessError } from "./errors.js";

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** Accept these exit codes as success (default: only 0). */
  okCodes?: number[];
  /** What to say when the program itself is missing. */
  notFound?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Counts every program gwq starts, so tests and the benchmark can assert call counts. */
export const callCounts: Record<string, number> = {};

function countCall(command: string, args: string[]): void {
  callCounts[command] = (callCounts[command] ?? 0) + 1;
  const trace = process.env.GWQ_TRACE_CALLS;
  if (trace) {
    // GWQ_TRACE_CALLS=args adds what was asked: the subcommands of a tmux call, a git verb.
    const what = trace === "args" ? ` ${args.filter((a, i) => i === 0 || args[i - 1] === ";").join(" ")}` : "";
    process.stderr.write(`gwq-trace: ${command}${what}\n`);
  }
}

export function run(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  countCall(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") {
        reject(new GwqError(opts.notFound ?? `${command}: not found`));
      } else if (e.code === "EACCES") {
        reject(new GwqError(`${command}: not executable (${e.message})`));
      } else {
        reject(new GwqError(`${command}: ${e.message}`));
      }
    });
    if (opts.input !== undefined) {
      child.stdin!.on("error", () => {});
      child.stdin!.end(opts.input);
    }
    child.on("close", (code, signal) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      const ok = opts.okCodes ?? [0];
      if (code !== null && ok.includes(code)) {
        resolve({ stdout, stderr, code });
      } else {
        reject(new ProcessError({ command, args, code, signal, stdout, stderr }));
      }
    });
  });
}

/**
 * Run a program on the user's terminal (stdio inherited) and resolve with its exit code:
 * 128+N when it died of signal N, like a shell reports it.
 */
export function runInteractive(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; notFound?: string; stdio?: SpawnOptions["stdio"] } = {},
): Promise<number> {
  countCall(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: opts.stdio ?? "inherit" });
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
  return (constants.signals as Record<string, number>)[signal] ?? 0;
}
