// Pure builders for ssh: the one place gwq writes an ssh argv or a command line for the far
// side. The far side's login shell parses what ssh sends, so every word of ours and the user's
// goes through `remoteLine` — src/shell.ts's one quoting rule, tested with hostile values
// (test/unit/ssh-argv.test.ts). Nothing here runs a program; src/ssh/ssh.ts does.
import { sh } from "../shell.js";

/** A host's name in `[hosts.<name>]` and `--host <name>`. */
export const HOST_NAME = /^[a-z0-9][a-z0-9-]*$/;

export interface Host {
  name: string;
  /** What ssh connects to: `user@host`, `host` or an alias of the user's ssh config. */
  destination: string;
  /** The gwq program on the far side; null: `gwq` on its PATH, then ~/.local/bin/gwq. */
  gwq: string | null;
  /** Milliseconds one call may take before the host counts as unreachable. */
  timeoutMs: number;
  /** Names of this machine's variables whose values a session started there receives. */
  env: string[];
}

export interface SshSetup {
  /** The ssh program (`ssh.program`). */
  program: string;
  /** `ssh.config`: an ssh config file given with -F; null for ssh's own default. */
  config: string | null;
  /** Private (0700) directory of the shared connections' sockets. */
  controlDir: string;
}

/** One word per argument, every byte literal, for a POSIX login shell on the far side. */
export function remoteLine(argv: readonly string[]): string {
  return sh`${argv}`;
}

// Run the far side's gwq: the configured program, else `gwq` from PATH, else the copy that
// `host add --install` puts in ~/.local/bin (a non-login ssh command often lacks it on PATH).
// The script is constant; the user's words arrive as its positional parameters.
// Neither: one line that says so, and 127 as a shell's "not found".
const FIND_GWQ =
  'if command -v gwq >/dev/null 2>&1; then exec gwq "$@"; fi; ' +
  'if [ -x "$HOME/.local/bin/gwq" ]; then exec "$HOME/.local/bin/gwq" "$@"; fi; ' +
  'echo "gwq: no gwq on this host (not on its PATH, not in ~/.local/bin): gwq host add --install puts it there" >&2; exit 127';

// `--cwd <dir>`: change to that directory first (relative to the far HOME; a leading `~/` means
// that HOME), or fail with one line. The directory, like every word, is a positional parameter.
const CD_FIRST =
  'd=$1; shift; case $d in /*) ;; "~") d=$HOME;; "~/"*) d=$HOME/${d#"~/"};; *) d=$HOME/$d;; esac; ' +
  'cd -- "$d" 2>/dev/null || { printf "gwq: --cwd: no directory %s there\\n" "$d" >&2; exit 1; }; ';

/** The command line that runs `gwq <args>` on the far side (in `cwd` there when given). */
export function remoteGwq(host: Host, args: readonly string[], cwd?: string): string {
  if (cwd !== undefined) {
    if (host.gwq) return remoteLine(["sh", "-c", CD_FIRST + 'exec "$@"', "gwq", cwd, host.gwq, ...args]);
    return remoteLine(["sh", "-c", CD_FIRST + FIND_GWQ, "gwq", cwd, ...args]);
  }
  if (host.gwq) return remoteLine([host.gwq, ...args]);
  return remoteLine(["sh", "-c", FIND_GWQ, "gwq", ...args]);
}

export interface SshCall {
  /** Allocate a terminal (attach); otherwise none, and never a password prompt. */
  tty?: boolean;
  /**
   * false: a connection of its own, not the shared one. For a stream this side may end (a
   * follower over several hosts): a shared master would keep the stream's pipes, so ending the
   * client would end nothing.
   */
  shared?: boolean;
}

/** `ssh [options] -- <destination> <remote line>`: shared connection, bounded connect time. */
export function sshArgv(setup: SshSetup, host: Host, remote: string, call: SshCall = {}): string[] {
  if (host.destination.startsWith("-")) throw new Error(`ssh destination must not start with "-": ${host.destination}`);
  const seconds = Math.max(1, Math.ceil(host.timeoutMs / 1000));
  const argv: string[] = [];
  if (setup.config) argv.push("-F", setup.config);
  if (call.shared === false) argv.push("-o", "ControlMaster=no", "-o", "ControlPath=none");
  else argv.push("-o", "ControlMaster=auto", "-o", `ControlPath=${setup.controlDir}/%C`, "-o", "ControlPersist=60s");
  argv.push(
    "-o", `ConnectTimeout=${seconds}`,
    // A far side that stops answering mid-stream (logs -f, events -f) ends the call.
    "-o", `ServerAliveInterval=${seconds}`,
    "-o", "ServerAliveCountMax=2",
  );
  // Never a prompt that cannot be answered: a password or a new host key fails the call instead.
  // Host key checking itself is ssh's own (StrictHostKeyChecking is never turned off here).
  if (!call.tty) argv.push("-o", "BatchMode=yes", "-T");
  else argv.push("-t");
  argv.push("--", host.destination, remote);
  return argv;
}
