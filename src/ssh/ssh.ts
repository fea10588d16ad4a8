// The one module that runs ssh (as src/tmux/tmux.ts runs tmux): a host's gwq, called with an
// argument array that src/ssh/argv.ts quotes, over a shared connection whose socket lives in a
// private 0700 directory. A host that does not answer within its timeout costs that timeout and
// no more, and comes back as HostUnreachable with ssh's own reason.
import { lstatSync, mkdirSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { GwqError, ProcessError } from "../errors.js";
import { run, runInteractive, signalNumber, TimeoutError, type RunResult } from "../process.js";
import { stream, type StreamEnd, type StreamOptions } from "../process-stream.js";
import { remoteGwq, remoteLine, sshArgv, type Host, type SshSetup } from "./argv.js";

/** ssh's own failures (cannot connect, host key refused) exit 255; the far gwq never does. */
export const SSH_FAILED = 255;

const notFound = (setup: SshSetup) => `${setup.program}: not found (install OpenSSH's client, or set ssh.program)`;

/** The host could not be reached, or did not answer in time: one line, with ssh's reason. */
export class HostUnreachable extends GwqError {
  readonly host: string;
  readonly reason: string;
  constructor(host: string, reason: string) {
    super(`${host}: unreachable: ${reason}`);
    this.name = "HostUnreachable";
    this.host = host;
    this.reason = reason;
  }
}

/**
 * The directory of the shared connections' sockets: made 0700 when missing; refused when it is
 * a link or another user's, since whoever can reach a master socket can run commands as us.
 */
export function controlDir(stateDir: string): string {
  const dir = join(stateDir, "ssh");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) throw new GwqError(`${dir}: not a directory of this user's: refusing to share ssh connections there`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

export interface SshOptions {
  /** Written to ssh's stdin (variables' values travel this way, never on a command line). */
  input?: string | Uint8Array;
  /** Override the host's timeout (a long `wait` has its own deadline). 0: none. */
  timeoutMs?: number;
  /** The far directory to run in (`--cwd`); default its HOME. */
  cwd?: string;
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter(Boolean).pop() ?? "no reason given";
}

/** Run a command line on the far side; its exit code is returned, ssh's own failures thrown. */
async function runRemote(setup: SshSetup, host: Host, remote: string, opts: SshOptions): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? host.timeoutMs;
  try {
    const r = await run(setup.program, sshArgv(setup, host, remote), {
      input: opts.input,
      timeoutMs: timeoutMs || undefined,
      okCodes: Array.from({ length: 255 }, (_, i) => i),
      notFound: notFound(setup),
    });
    return r;
  } catch (e) {
    if (e instanceof TimeoutError) throw new HostUnreachable(host.name, `no answer within ${+(timeoutMs / 1000).toFixed(1)}s`);
    if (e instanceof ProcessError && e.code === SSH_FAILED) throw new HostUnreachable(host.name, lastLine(e.stderr));
    if (e instanceof ProcessError && e.signal) throw new HostUnreachable(host.name, `ssh ended by ${e.signal}`);
    throw e;
  }
}

/** `gwq <args>` on the host: stdout, stderr and the far gwq's exit code. */
export function hostGwq(setup: SshSetup, host: Host, args: readonly string[], opts: SshOptions = {}): Promise<RunResult> {
  return runRemote(setup, host, remoteGwq(host, args, opts.cwd), opts);
}

/** A plain program on the host (`host add` looks at tmux, git and the OS before gwq exists). */
export function hostRun(setup: SshSetup, host: Host, argv: readonly string[], opts: SshOptions = {}): Promise<RunResult> {
  return runRemote(setup, host, remoteLine(argv), opts);
}

/**
 * `gwq <args>` on the host with this terminal (attach; any command gwq does not read the answer
 * of): output as it comes; resolves with the far gwq's exit code. ssh's own failure (255) is
 * reported as the host gone (ServerAlive ends a call whose host stops answering).
 */
export async function hostGwqInteractive(setup: SshSetup, host: Host, args: readonly string[], tty: boolean, cwd?: string): Promise<number> {
  const code = await runInteractive(setup.program, sshArgv(setup, host, remoteGwq(host, args, cwd), { tty }), {
    notFound: notFound(setup),
    stdio: tty ? "inherit" : ["ignore", "inherit", "inherit"],
  });
  if (code === SSH_FAILED) throw new HostUnreachable(host.name, "the connection failed or was lost (ssh exit 255)");
  return code;
}

/**
 * A command line on the host whose output streams (a follower), over a connection of its own:
 * ending this ssh must end the far command, which a shared master would outlive. ssh's stdin is
 * a pipe never written (process.ts's stream), so when this side ends, however it ends, ssh sends
 * the far side an end of input: a far `gwq … --while-stdin-open` ends with it.
 */
export function streamRemote(setup: SshSetup, host: Host, remote: string, opts: Omit<StreamOptions, "notFound"> = {}): Promise<StreamEnd> {
  return stream(setup.program, sshArgv(setup, host, remote, { shared: false }), { ...opts, notFound: notFound(setup) });
}

/**
 * `gwq <args>` followed on the host (`events -f`, `tmux logs -f`, `tmux wait`; the caller adds
 * `--while-stdin-open`): its output is this terminal's as it comes. Ctrl-C (or SIGTERM) ends it
 * here and there with `stopped`; otherwise the far gwq's own exit code; ssh's failure (the host
 * gone: its keep-alives end the call) is HostUnreachable.
 */
export async function hostGwqFollow(setup: SshSetup, host: Host, args: readonly string[], cwd?: string, stopped = 0): Promise<number> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    const end = await streamRemote(setup, host, remoteGwq(host, args, cwd), { signal: ac.signal });
    if (ac.signal.aborted) return stopped;
    if (end.code === SSH_FAILED) throw new HostUnreachable(host.name, "the connection failed or was lost (ssh exit 255)");
    return end.code ?? 128 + signalNumber(end.signal!);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
