// A program whose output streams while it runs (a follower over ssh): the streaming part of the
// one place that starts programs (process.ts, whose counting and start errors it shares).
import { GwqError } from "./errors.js";
import { childProcess, countCall, startError } from "./process.js";

export interface StreamOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** What to say when the program itself is missing. */
  notFound?: string;
  /** Each piece of its stdout as it comes (UTF-8, never a character cut); without it, stdout is ours. */
  onStdout?: (text: string) => void;
  /** The same for stderr. */
  onStderr?: (text: string) => void;
  /** Ends the program (SIGTERM) when aborted. */
  signal?: AbortSignal;
}

export interface StreamEnd {
  /** Its exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Start a program whose output streams while it runs (a follower over ssh) and resolve when it
 * ends. Its stdin is a pipe this process holds and never writes: the pipe closes when this
 * process ends, however it ends (a SIGKILL too), so a program that watches its stdin ends with
 * us — ssh does, and passes the end on to the far side (README "Sessions on other machines").
 * Rejects, in one line, only when the program cannot be started.
 */
export function stream(command: string, args: string[], opts: StreamOptions = {}): Promise<StreamEnd> {
  countCall(command, args);
  const { spawn } = childProcess();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["pipe", opts.onStdout ? "pipe" : "inherit", opts.onStderr ? "pipe" : "inherit"],
    });
    child.stdin!.on("error", () => {});
    if (opts.onStdout) child.stdout!.setEncoding("utf8").on("data", opts.onStdout);
    if (opts.onStderr) child.stderr!.setEncoding("utf8").on("data", opts.onStderr);
    const stop = () => child.kill("SIGTERM");
    if (opts.signal?.aborted) stop();
    opts.signal?.addEventListener("abort", stop);
    let finished = false;
    const finish = (end: StreamEnd | GwqError) => {
      if (finished) return;
      finished = true;
      opts.signal?.removeEventListener("abort", stop);
      for (const s of [child.stdin, child.stdout, child.stderr]) s?.destroy();
      if (end instanceof GwqError) reject(end);
      else resolve(end);
    };
    child.on("error", (e: NodeJS.ErrnoException) => finish(startError(command, e, opts)));
    child.on("close", (code, signal) => finish({ code, signal }));
    // Whoever else holds its pipes (a child of its own) cannot keep the stream open past its end.
    child.on("exit", (code, signal) => setTimeout(() => finish({ code, signal }), 500).unref());
  });
}
