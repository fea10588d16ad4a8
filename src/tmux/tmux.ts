// The one road to tmux. Every call is an argument array; several tmux commands can go in one
// call (one round trip, and atomic with respect to the server's event loop, which the session
// core relies on). The argv builders live in sessions.ts (pure, tested as arrays); this class is
// the only thing that runs them.
import { run, runInteractive } from "../process.js";
import { ProcessError } from "../errors.js";
import { exactTarget, sequence } from "./args.js";
import { sendTextCalls } from "./keys.js";
import {
  captureArgs,
  cleanCapture,
  createCommands,
  killCommands,
  LIST_FORMAT,
  PANE_STATE_FORMAT,
  parseCreated,
  parsePanes,
  type CreateSpec,
  type Created,
  type PaneInfo,
} from "./sessions.js";

export { escapeArg, exactSession, exactTarget, sequence } from "./args.js";

export const NOT_FOUND = (command: string) =>
  `${command} not found: install tmux 3.2 or later (e.g. "apt-get install tmux" or "brew install tmux"), or set tmux.tmux_command`;

/** tmux's own message when no server is running (or its socket is gone). */
export function isNoServer(e: unknown): boolean {
  if (!(e instanceof ProcessError)) return false;
  // "no current target": asked while the server closes its last session (docs/tmux-facts.md).
  return /no server running|error connecting to|No such file or directory|server exited unexpectedly|no current target/i.test(e.stderr);
}

/**
 * The server tmux connected to exited before it answered: tmux 3.3a says so when a client
 * reaches a server that is closing its last session (measured: docs/tmux-facts.md).
 */
export function isServerExiting(e: unknown): boolean {
  return e instanceof ProcessError && /server exited unexpectedly|lost server/i.test(e.stderr);
}

export function isNoSuchSession(e: unknown): boolean {
  if (!(e instanceof ProcessError)) return false;
  return /can't find session|can't find window|can't find pane|session not found/i.test(e.stderr) || isNoServer(e);
}

export interface TmuxOptions {
  command?: string;
  env?: NodeJS.ProcessEnv;
  /** Talk to the server at this socket path (`tmux -S`) instead of the one tmux would pick. */
  socket?: string | null;
}

export class Tmux {
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
  readonly socket: string | null;

  constructor(opts: TmuxOptions = {}) {
    this.command = opts.command ?? "tmux";
    this.env = opts.env ?? process.env;
    this.socket = opts.socket ?? null;
  }

  private argv(commands: string[][]): string[] {
    return this.socket ? ["-S", this.socket, ...sequence(commands)] : sequence(commands);
  }

  /** Run one or more tmux commands in one tmux call; resolves with stdout. */
  async exec(commands: string[][], opts: { cwd?: string } = {}): Promise<string> {
    const r = await run(this.command, this.argv(commands), {
      cwd: opts.cwd,
      env: this.env,
      notFound: NOT_FOUND(this.command),
    });
    return r.stdout;
  }

  /** Hand the terminal to tmux (attach-session / switch-client); resolves with tmux's exit code. */
  interactive(commands: string[][]): Promise<number> {
    return runInteractive(this.command, this.argv(commands), { env: this.env, notFound: NOT_FOUND(this.command) });
  }

  /** Every pane of every tmux session, in one call; an empty map when no server runs. */
  async listPanes(): Promise<Map<string, PaneInfo[]>> {
    try {
      return parsePanes(await this.exec([["list-panes", "-a", "-F", LIST_FORMAT]]));
    } catch (e) {
      if (isNoServer(e)) return new Map();
      throw e;
    }
  }

  /**
   * Type `text` into a pane exactly (keys.ts): in chunks under tmux's limit on one call, one call
   * each, in order; then Enter unless `enter` is false.
   */
  async sendText(paneId: string, text: string, enter: boolean): Promise<void> {
    for (const call of sendTextCalls(paneId, text, enter)) await this.exec(call);
  }

  /** Create a session running a command (see createCommands), in one call. */
  async createSession(spec: CreateSpec, cwd: string): Promise<Created> {
    return parseCreated(await this.exec(createCommands(spec), { cwd }));
  }

  /** A pane's whole history (or its visible screen), cleaned into lines. */
  async capture(paneId: string, dead: boolean, opts: { screen?: boolean } = {}): Promise<string[]> {
    return cleanCapture(await this.exec([captureArgs(paneId, opts)]), dead);
  }

  /** One pane, as a listing would show it; null when it is gone. */
  async pane(paneId: string): Promise<PaneInfo | null> {
    try {
      const m = parsePanes(await this.exec([["display-message", "-p", "-t", paneId, LIST_FORMAT]]));
      return [...m.values()][0]?.[0] ?? null;
    } catch (e) {
      if (isNoSuchSession(e)) return null;
      throw e;
    }
  }

  /**
   * Capture several panes in one call: a marker line printed by tmux between the captures splits
   * them. When a pane vanished meanwhile (which stops tmux's sequence), one call each. `screen`:
   * only what each pane shows (else its whole history).
   */
  async captureMany(panes: { paneId: string; dead: boolean }[], opts: { screen?: boolean } = {}): Promise<(string[] | null)[]> {
    if (panes.length === 0) return [];
    // No leading dash: tmux would read the marker as flags ("invalid flag --") and fail the call.
    const marker = `gwq-capture-${process.pid}-${Date.now()}-marker`;
    const cmds: string[][] = [];
    panes.forEach((p, i) => {
      if (i > 0) cmds.push(["display-message", "-p", marker]);
      cmds.push(captureArgs(p.paneId, opts));
    });
    try {
      const parts = (await this.exec(cmds)).split(`${marker}\n`);
      if (parts.length === panes.length) return parts.map((text, i) => cleanCapture(text, panes[i]!.dead));
    } catch (e) {
      if (!isNoSuchSession(e)) throw e;
    }
    return Promise.all(panes.map((p) => this.capture(p.paneId, p.dead, opts).catch(() => null)));
  }

  /** `session history-size cursor-y dead` of a pane, or "" when it is gone. */
  async paneState(paneId: string): Promise<string> {
    try {
      return (await this.exec([["display-message", "-p", "-t", paneId, PANE_STATE_FORMAT]])).trim();
    } catch {
      return "";
    }
  }

  /**
   * End these sessions by their exact names: one call for all; when one vanished meanwhile
   * (which stops tmux's sequence), the rest one by one. Sessions already gone are fine.
   */
  async killSessions(names: string[]): Promise<void> {
    if (names.length === 0) return;
    try {
      await this.exec(killCommands(names));
      return;
    } catch (e) {
      if (!isNoSuchSession(e)) throw e;
      if (isNoServer(e) && !/can't find/.test((e as ProcessError).stderr)) return;
    }
    for (const n of names) {
      await this.exec(killCommands([n])).catch((e) => {
        if (!isNoSuchSession(e)) throw e;
      });
    }
  }

  /**
   * Attach to a session, or switch this client to it when the caller is inside tmux on this same
   * server. A client that switched here goes back to one of the user's sessions when this one is
   * closed, rather than being thrown out of tmux (detach-on-destroy, on our session only). Inside
   * a pane of another server a client cannot switch across: it attaches, nested.
   */
  attach(name: string, callerEnv: NodeJS.ProcessEnv): Promise<number> {
    const target = exactTarget(name);
    const callerSocket = callerEnv.TMUX?.split(",")[0] ?? null;
    const sameServer = !!callerEnv.TMUX && (this.socket === null || callerSocket === this.socket);
    if (!sameServer) {
      // tmux refuses to nest while TMUX is set ("sessions should be nested with care").
      const env = { ...this.env };
      delete env.TMUX;
      const t = callerEnv.TMUX ? new Tmux({ command: this.command, env, socket: this.socket }) : this;
      return t.interactive([["attach-session", "-t", target]]);
    }
    return this.interactive([["set-option", "-t", target, "detach-on-destroy", "off"], ["switch-client", "-t", target]]);
  }

  /**
   * Close a finished session: at once when nobody looks at it; while a client is attached, when
   * the last one leaves (destroy-unattached on our session), so its last screen stays in view.
   */
  async closeSession(name: string, attached: boolean): Promise<void> {
    if (!attached) return this.killSessions([name]);
    await this.exec([["set-option", "-t", exactTarget(name), "destroy-unattached", "on"]]).catch((e) => {
      if (!isNoSuchSession(e)) throw e;
    });
  }
}
