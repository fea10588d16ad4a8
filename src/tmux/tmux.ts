// The one road to tmux. Every call is an argument array; several tmux commands can go in one
// call (one round trip, and atomic with respect to the server's event loop, which the session
// core relies on). Targets are always built with exactTarget() so a name never prefix-matches.
import { run, runInteractive } from "../process.js";
import { ProcessError } from "../errors.js";

export const NOT_FOUND = (command: string) =>
  `${command} not found: install tmux 3.2 or later (e.g. "apt-get install tmux" or "brew install tmux"), or set tmux.tmux_command`;

/**
 * tmux reads an argument that ends in ";" as a command separator (and "\;" as a literal ";"),
 * even in a single command. Escape so every byte of ours and the user's arrives as given.
 */
export function escapeArg(arg: string): string {
  return arg.endsWith(";") ? `${arg.slice(0, -1)}\\;` : arg;
}

/** Join tmux commands into one argv with separators; arguments are escaped. */
export function sequence(commands: string[][]): string[] {
  const argv: string[] = [];
  commands.forEach((c, i) => {
    if (i > 0) argv.push(";");
    for (const a of c) argv.push(escapeArg(a));
  });
  return argv;
}

/** `=name:` — exactly this session (never a prefix match), its current window. */
export function exactTarget(sessionName: string, window = ""): string {
  return `=${sessionName}:${window}`;
}

/** `=name` for commands that take a session target. */
export function exactSession(sessionName: string): string {
  return `=${sessionName}`;
}

/** tmux's own message when no server is running (or its socket is gone). */
export function isNoServer(e: unknown): boolean {
  if (!(e instanceof ProcessError)) return false;
  return /no server running|error connecting to|No such file or directory|server exited unexpectedly/i.test(e.stderr);
}

export function isNoSuchSession(e: unknown): boolean {
  if (!(e instanceof ProcessError)) return false;
  return /can't find session|can't find window|can't find pane|session not found/i.test(e.stderr) || isNoServer(e);
}

export interface TmuxOptions {
  command?: string;
  env?: NodeJS.ProcessEnv;
}

export class Tmux {
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(opts: TmuxOptions = {}) {
    this.command = opts.command ?? "tmux";
    this.env = opts.env ?? process.env;
  }

  /** Run one or more tmux commands in one tmux call; resolves with stdout. */
  async exec(commands: string[][], opts: { cwd?: string } = {}): Promise<string> {
    const r = await run(this.command, sequence(commands), {
      cwd: opts.cwd,
      env: this.env,
      notFound: NOT_FOUND(this.command),
    });
    return r.stdout;
  }

  /** Hand the terminal to tmux (attach-session / switch-client); resolves with tmux's exit code. */
  interactive(commands: string[][]): Promise<number> {
    return runInteractive(this.command, sequence(commands), { env: this.env, notFound: NOT_FOUND(this.command) });
  }
}
