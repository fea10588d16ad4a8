// A real terminal for end-to-end tests of interactive parts: a pane of a tmux server that belongs
// to this Terminal alone, driven with `send-keys` and read with `capture-pane`.
//
// Isolation: the server runs with the sandbox's environment (its TMUX_TMPDIR, so its socket lives
// inside the sandbox) on its own socket name (`tmux -L term-…`), with no config but ours. That is a
// different server from the sandbox's default-socket one, which gwq itself talks to; by default the
// pane's command runs with TMUX and TMUX_PANE removed, so gwq in the pane reaches that default
// server, exactly as it would from a plain terminal. The developer's server is never touched.
//
//   const term = Terminal.start(sb, gwqCommand("tmux", "attach"), { cols: 100, rows: 30 });
//   await term.waitFor(/session>/);
//   term.type("api");
//   term.send("Enter");
//   assert.equal(await term.exitCode(), 0);
//   term.close();
//
// The pane stays after its command ends, so the final screen and the exit status can still be
// read: the shell records `$?` in a file and then sleeps. (Not tmux's remain-on-exit: tmux 3.3
// scrolls the screen by a line to print "Pane is dead", losing the top line of the output.) A
// command that `exec`s replaces that shell, and its status is then not recorded.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { words as shellQuote } from "../../src/shell.js";
import { GWQ_ARGV, ROOT, sandboxEach, type Sandbox } from "./sandbox.js";

export interface TerminalOptions {
  cols?: number;
  rows?: number;
  cwd?: string;
  /** Added to the sandbox's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Keep TMUX/TMUX_PANE in the pane, pointing at the terminal's own server (default: removed). */
  keepTmuxEnv?: boolean;
}

export interface PaneState {
  cursorX: number;
  cursorY: number;
  cursorVisible: boolean;
  /** The alternate screen is active (a full-screen program is still drawing, or forgot to leave). */
  alternate: boolean;
  /** The command has ended. */
  ended: boolean;
}

/** Quote argv for `sh -c`: src/shell.ts's one rule. */
export { shellQuote };

/** A shell command running the gwq under test (`GWQ_ARGV`) with `args`. */
export function gwqCommand(...args: string[]): string {
  return shellQuote([...GWQ_ARGV, ...args]);
}

/** A shell command running `test/fixtures/<name>.ts` through tsx with `args`. */
export function fixtureCommand(name: string, ...args: string[]): string {
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "loader.mjs");
  return shellQuote([process.execPath, "--import", tsx, join(ROOT, "test", "fixtures", `${name}.ts`), ...args]);
}

const open = new Set<Terminal>();
// A test that throws before close() must not leave a server behind.
process.on("exit", () => {
  for (const t of open) t.close();
});

/**
 * sandboxEach() for tests that start terminals: every Terminal a test started is closed after it,
 * before its sandbox goes.
 */
export function terminalSandbox(): Sandbox {
  return sandboxEach(() => {
    for (const t of open) t.close();
  });
}

let serial = 0;
const TARGET = "term:0.0";

export class Terminal {
  private closed = false;

  private constructor(
    private readonly env: Record<string, string>,
    /** The -L socket name of this terminal's server. */
    readonly socket: string,
    private readonly conf: string,
    private readonly statusFile: string,
  ) {}

  /** Start a `cols` x `rows` pane (default 80x24) running `command` with `sh -c`. */
  static start(sb: Sandbox, command: string, opts: TerminalOptions = {}): Terminal {
    const env: Record<string, string> = { ...sb.env };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    delete env.TMUX;
    delete env.TMUX_PANE;
    const n = serial++;
    const conf = sb.path(`term-${n}.conf`);
    writeFileSync(conf, ["set -g status off", "set -g history-limit 10000", "set -s escape-time 0", ""].join("\n"));
    const statusFile = sb.path(`term-${n}.status`);
    const t = new Terminal(env, `term-${process.pid}-${n}`, conf, statusFile);
    open.add(t);
    const script = `${command}\nprintf %s "$?" > ${shellQuote([statusFile])}\nexec sleep 86400\n`;
    const argv = opts.keepTmuxEnv ? ["sh", "-c", script] : ["env", "-u", "TMUX", "-u", "TMUX_PANE", "sh", "-c", script];
    t.tmux("new-session", "-d", "-s", "term", "-x", String(opts.cols ?? 80), "-y", String(opts.rows ?? 24), "-c", opts.cwd ?? sb.root, "--", ...argv);
    return t;
  }

  /** Run a tmux command against this terminal's server; returns its stdout. */
  tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", this.socket, "-f", this.conf, ...args], { env: this.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  /** Press keys, by tmux name: "Enter", "Escape", "C-c", "Tab", "BTab", "Up", "Down", "BSpace", "C-u"… */
  send(...keys: string[]): void {
    this.tmux("send-keys", "-t", TARGET, ...keys);
  }

  /** Type text literally. */
  type(text: string): void {
    this.tmux("send-keys", "-t", TARGET, "-l", text);
  }

  /** The visible screen, trailing blank lines dropped. `escapes` keeps colours/attributes (-e). */
  screen(opts: { escapes?: boolean } = {}): string {
    const text = this.tmux("capture-pane", "-p", "-t", TARGET, ...(opts.escapes ? ["-e"] : []));
    return text.replace(/\s+$/, "");
  }

  /** Poll the screen until it matches; resolves with that screen, or fails showing the last one. */
  async waitFor(what: RegExp | string | ((screen: string) => boolean), timeoutMs = 10000): Promise<string> {
    const test = typeof what === "function" ? what : typeof what === "string" ? (s: string) => s.includes(what) : (s: string) => what.test(s);
    const end = Date.now() + timeoutMs;
    let screen = "";
    for (;;) {
      screen = this.screen();
      if (test(screen)) return screen;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs}ms waiting for ${String(what)}; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  state(): PaneState {
    const f = this.tmux("display-message", "-p", "-t", TARGET, "#{cursor_x} #{cursor_y} #{cursor_flag} #{alternate_on}").trim().split(" ");
    return { cursorX: Number(f[0]), cursorY: Number(f[1]), cursorVisible: f[2] === "1", alternate: f[3] === "1", ended: existsSync(this.statusFile) };
  }

  /** Wait for the command to end; its exit status (128+N when killed by signal N, as sh says). */
  async exitCode(timeoutMs = 10000): Promise<number> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const status = existsSync(this.statusFile) ? readFileSync(this.statusFile, "utf8") : "";
      if (status !== "") return Number(status);
      if (Date.now() > end) throw new Error(`command still running after ${timeoutMs}ms; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resize the pane (the program gets SIGWINCH). */
  resize(cols: number, rows: number): void {
    this.tmux("resize-window", "-t", "term", "-x", String(cols), "-y", String(rows));
  }

  /** Stop the terminal's server. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    try {
      this.tmux("kill-server");
    } catch {
      // already gone
    }
  }
}
