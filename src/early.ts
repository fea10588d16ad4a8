// A command's one outside call, started by the entry (cli.ts) before the rest of gwq loads.
//
// `gwq get x` is one `git worktree list`; `gwq tmux list` is one `tmux list-panes`. Each waits
// for that call, and before the call can even start the runtime has to load the command's code
// (a few milliseconds: as long as the call itself). So the entry looks at the command line,
// starts the call it is sure to come to (earlyCall, a pure plan), and the code loads while git
// or tmux works. run() (process.ts) takes the early call when the very same call is asked for —
// same program, arguments, directory and environment, no stdin — and judges it as any other
// (exit codes, timeout, trace count). A call nobody asks for was only a read; it is killed when a
// different one is asked for in its place, and shown as unused in GWQ_TRACE_CALLS output.
// docs/benchmarks.md measures what it saves.
import { isWaiting, leaveEarly, type EarlyStarted } from "./early-take.js";
import { collect } from "./process-raw.js";
import { sequence } from "./tmux/args.js";
import { LIST_FORMAT } from "./tmux/list-format.js";

export interface EarlyCall {
  command: string;
  args: string[];
}

/** Flags (and whether each takes a value) after which a command still makes its usual call. */
const WORKTREE_FLAGS: Record<string, boolean> = { "-0": false, "--null": false, "-v": false, "--verbose": false, "--json": false };
const TMUX_LIST_FLAGS: Record<string, boolean> = { "--json": false, "--csv": false, "-v": false, "--verbose": false, "--filter": true, "-s": true, "--sort": true };

/** Only these flags, at most `positionals` other arguments, nothing after `--`. */
function plain(args: string[], flags: Record<string, boolean>, positionals: number): boolean {
  let n = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("-")) {
      const name = a.startsWith("--") && a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
      if (!(name in flags)) return false;
      if (flags[name] && name === a) i++;
    } else if (++n > positionals) return false;
  }
  return true;
}

/** The call a command line is sure to make first, or null when it is not one of these. */
export function earlyCall(argv: string[]): EarlyCall | null {
  const [cmd, sub, ...rest] = argv;
  if ((cmd === "get" || cmd === "list" || cmd === "ls") && plain(argv.slice(1), WORKTREE_FLAGS, cmd === "get" ? 1 : 0)) {
    return { command: "git", args: ["worktree", "list", "--porcelain", "-z"] };
  }
  if (cmd === "tmux" && (sub === "list" || sub === "ls") && plain(rest, TMUX_LIST_FLAGS, 0)) {
    return { command: "tmux", args: sequence([["list-panes", "-a", "-F", LIST_FORMAT]]) };
  }
  return null;
}

/** Start the call `argv` is sure to make (nothing when there is none). */
export function startEarly(argv: string[]): void {
  const call = earlyCall(argv);
  if (!call) return;
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return; // the directory is gone: main.ts says so
  }
  const env = process.env;
  const started: EarlyStarted = { ...call, cwd, env, running: collect(call.command, call.args, { cwd, env }) };
  leaveEarly(started);
  if (env.GWQ_TRACE_CALLS) {
    process.on("exit", () => {
      if (isWaiting(started)) process.stderr.write(`gwq-trace: ${call.command} (started early, not used)\n`);
    });
  }
}
