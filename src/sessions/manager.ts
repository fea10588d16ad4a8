// SessionManager: the library API for long-running commands in tmux sessions, and what every
// `gwq tmux` command uses. State lives in records any process can read (store.ts); the end of a
// command is recorded by tmux's pane-died hook running `gwq __session-ended` (ended.ts), so
// nothing stays resident per session.
import { accessSync, constants, statSync } from "node:fs";
import { basename, join } from "node:path";
import { loadConfig } from "../config/load.js";
import type { TmuxConfig } from "../config/schema.js";
import { GwqError, ProcessError } from "../errors.js";
import { gitCode } from "../git/git.js";
import { createCommands, forwardedEnv, hookCommand, LIST_FORMAT, parsePanes, recorderArgv, type PaneInfo } from "../tmux/sessions.js";
import { exactSession, exactTarget, isNoServer, isNoSuchSession, Tmux } from "../tmux/tmux.js";
import { capturePane, historyPath, readHistoryFile, saveLines } from "./history.js";
import { matchSessions } from "./match.js";
import { isoLocal, newId, sessionName } from "./naming.js";
import { cliPath, nodePath } from "./runtime.js";
import { endedAt, observe, type Observed } from "./status.js";
import {
  ensureHistoryDir,
  readAll,
  readEnd,
  recordPath,
  removeRecord,
  reserve,
  rewrite,
  sessionsDir,
  writeEnd,
  type StoredSession,
} from "./store.js";
import type { Session, SessionOptions } from "./types.js";
import { compareTime } from "../compare.js";

export interface SessionManagerOptions {
  /** The `[tmux]` settings; default: the user's config (global + ./.gwq.toml). */
  config?: Partial<TmuxConfig>;
  /** Environment for tmux and for the commands run (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** gwq's state directory (default: $XDG_STATE_HOME/gwq); records live in its sessions/. */
  stateDir?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  pollMs?: number;
}

/** The argv that runs a shell command line exactly: no quoting, no re-parsing. */
export function commandArgv(shell: string, command: string): string[] {
  return [shell, "-c", command];
}

/** Run a user's argv as is: a constant script execs its positional arguments. */
export function execArgv(shell: string, argv: string[]): string[] {
  return [shell, "-c", 'exec "$0" "$@"', ...argv];
}

function displayArgv(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

export class SessionManager {
  readonly config: TmuxConfig;
  readonly tmux: Tmux;
  readonly env: NodeJS.ProcessEnv;
  /** Problems met while reading state (damaged records, ...): callers may print them. */
  readonly warnings: string[] = [];
  /** Where the records are. */
  readonly dir: string;

  constructor(opts: SessionManagerOptions = {}) {
    const base = opts.config && isComplete(opts.config) ? opts.config : { ...loadConfig().config.tmux, ...(opts.config ?? {}) };
    this.config = base as TmuxConfig;
    this.env = opts.env ?? process.env;
    this.tmux = new Tmux({ command: this.config.tmux_command, env: this.env });
    this.dir = opts.stateDir ? join(opts.stateDir, "sessions") : sessionsDir();
  }

  private ensureEnabled(): void {
    if (!this.config.enabled) throw new GwqError("tmux integration is disabled (tmux.enabled = false in the config)");
  }

  /** Start `command` in a new detached tmux session; the record exists before tmux is asked. */
  async createSession(opts: SessionOptions): Promise<Session> {
    this.ensureEnabled();
    const workingDir = opts.workingDir;
    let st;
    try {
      st = statSync(workingDir);
    } catch {
      throw new GwqError(`working directory does not exist: ${workingDir}`);
    }
    if (!st.isDirectory()) throw new GwqError(`not a directory: ${workingDir}`);
    const shell = this.config.default_shell;
    try {
      accessSync(shell, constants.X_OK);
    } catch {
      throw new GwqError(`tmux.default_shell is not an executable program: ${shell}`);
    }
    if (opts.command === undefined && (!opts.argv || opts.argv.length === 0)) throw new GwqError("no command to run");
    if (opts.command !== undefined && opts.command.trim() === "") throw new GwqError("no command to run (the command is empty)");
    // An empty identifier or context names nothing a user could match or read in a listing.
    if (typeof opts.identifier !== "string" || opts.identifier.trim() === "") throw new GwqError("a session needs a non-empty identifier");
    if (opts.context !== undefined && opts.context.trim() === "") throw new GwqError("a session's context must not be empty");
    // Checked before anything exists: a history that cannot be saved is found out now, not at the end.
    if (this.config.history_auto_save) ensureHistoryDir(this.config.history_save_dir);
    const command = opts.command ?? displayArgv(opts.argv!);
    const argv = opts.command !== undefined ? commandArgv(shell, opts.command) : execArgv(shell, opts.argv!);
    const context = opts.context ?? "run";
    const worktree = opts.worktree !== undefined ? opts.worktree : await branchHolding(workingDir);
    const dir = this.dir;
    const at = new Date();

    let reducedEnv = false;
    for (let attempt = 1; attempt <= 50; attempt++) {
      const record: StoredSession = {
        version: 1,
        id: newId(),
        session_name: sessionName(context, opts.identifier, at, attempt),
        context,
        identifier: opts.identifier,
        working_dir: workingDir,
        command,
        pid: null,
        pane_id: null,
        start_time: isoLocal(at),
        worktree,
        history_size: this.config.history_limit,
        metadata: { ...(opts.metadata ?? {}) },
        policy: {
          auto_cleanup: opts.autoCleanup ?? this.config.auto_cleanup_completed,
          keep_alive: this.config.keep_alive,
          history_auto_save: this.config.history_auto_save,
          history_save_dir: this.config.history_save_dir,
          tmux_command: this.config.tmux_command,
        },
      };
      if (!reserve(record, dir)) continue; // same second, same name: take the next suffix
      const name = record.session_name;
      const spec = {
        name,
        argv: recorderArgv({ node: nodePath(), cli: cliPath(), sessionsDir: dir, name, argv }),
        historyLimit: this.config.history_limit,
        // tmux takes at most ~16 KiB of arguments per call: a huge environment falls back to the
        // server's own, plus what gwq promises (a warning says so).
        env: forwardedEnv(reducedEnv ? {} : this.env, { GWQ_SESSION_ID: record.id, GWQ_SESSION_NAME: name }),
        hook: hookCommand(nodePath(), cliPath(), dir, name),
      };
      let out: string;
      try {
        out = await this.tmux.exec(createCommands(spec), { cwd: workingDir });
      } catch (e) {
        removeRecord(name, dir);
        // A tmux session of that name that gwq did not make: leave it alone, take the next name.
        if (e instanceof ProcessError && /duplicate session/.test(e.stderr)) continue;
        // new-session may have worked before a later step failed: remove what we made.
        await this.tmux.exec([["kill-session", "-t", exactSession(name)]]).catch(() => {});
        if (e instanceof ProcessError && /command too long/.test(e.stderr)) {
          if (!reducedEnv) {
            reducedEnv = true;
            this.warnings.push("your environment is too large to pass through tmux (about 16 KiB in all): the command gets the tmux server's environment");
            attempt--;
            continue;
          }
          throw new GwqError("the command is too long for tmux (about 16 KiB in all)");
        }
        throw e;
      }
      const [pid, paneId] = out.trim().split(/\s+/);
      record.pid = pid && /^\d+$/.test(pid) ? Number(pid) : null;
      record.pane_id = paneId ?? null;
      try {
        rewrite(record, dir);
      } catch (e) {
        await this.tmux.exec([["kill-session", "-t", exactSession(name)]]).catch(() => {});
        removeRecord(name, dir);
        throw e;
      }
      // What we just made, without listing everything again (bulk creation stays linear).
      const pane: PaneInfo = { session: name, paneId: record.pane_id ?? "", pid: record.pid, dead: false, deadStatus: null, deadSignal: null, attached: false };
      return observe({ record, end: readEnd(name, dir) }, [pane], Date.now()).session;
    }
    throw new GwqError("could not find a free session name (50 sessions started this second?)");
  }

  /** Every pane of every tmux session, in one call; an empty map when no server runs. */
  private async panes(): Promise<Map<string, PaneInfo[]>> {
    try {
      return parsePanes(await this.tmux.exec([["list-panes", "-a", "-F", LIST_FORMAT]]));
    } catch (e) {
      if (isNoServer(e)) return new Map();
      throw e;
    }
  }

  /**
   * Everything gwq knows: one tmux query plus the state dir, whatever the number of sessions.
   * Also applies session_timeout and persists newly detached sessions.
   */
  private async observeAll(): Promise<Observed[]> {
    // tmux first, records second: a session that ends in between is read with its end mark.
    let panes = await this.panes();
    const { entries, warnings, orphanEnds } = readAll(this.dir);
    this.warnings.push(...warnings);
    const now = Date.now();
    // A session created between the tmux query and the read looks vanished: before calling
    // anything detached, ask tmux once more (only then: a steady listing stays one call).
    if (entries.some((e) => observe(e, panes.get(e.record.session_name), now).newlyDetached)) panes = await this.panes();
    const expired: Observed[] = [];
    const result: Observed[] = [];
    for (const entry of entries) {
      const o = observe(entry, panes.get(entry.record.session_name), now);
      const ended = o.newlyDetached ? now : endedAt(entry);
      if (this.config.session_timeout > 0 && ended !== null && now - ended > this.config.session_timeout && o.session.status !== "running") {
        expired.push(o);
        continue;
      }
      if (o.newlyDetached) {
        try {
          writeEnd(entry.record.session_name, { exit_code: null, signal: null, end_time: null, history_file: null, detached_at: isoLocal(new Date(now)) }, this.dir);
        } catch {
          // read-only state dir: still shown as detached
        }
      }
      result.push(o);
    }
    if (expired.length) await this.expire(expired);
    // Backstop: a command that ended with neither the recorder nor the hook writing it down
    // (the recorder was killed, the hook did not fire) is recorded now, history and all.
    const unrecorded = result.filter((o) => o.pane?.dead && !o.session.end_time && o.session.exit_code !== null);
    if (unrecorded.length) {
      const { recordEnd } = await import("./ended.js");
      for (const o of unrecorded) {
        await recordEnd(this.dir, o.session.session_name, o.pane!.paneId, o.pane!.deadStatus, o.pane!.deadSignal).catch(() => {});
      }
    }
    for (const name of orphanEnds) {
      try {
        removeRecord(name, this.dir);
      } catch {
        // best effort
      }
    }
    return result;
  }

  private async expire(list: Observed[]): Promise<void> {
    await this.closeTmuxSessions(list);
    for (const o of list) {
      try {
        removeRecord(o.session.session_name, this.dir);
      } catch {
        // another gwq removed it first
      }
    }
  }

  /**
   * End the tmux sessions of these records, each by its exact name and only while it still holds
   * our pane (a same-named session is not ours). One call per session: in a single tmux call the
   * first session that vanished meanwhile would stop the rest.
   */
  private async closeTmuxSessions(list: Observed[]): Promise<void> {
    for (const o of list.filter((x) => x.inTmux)) {
      await this.tmux.exec([["kill-session", "-t", exactSession(o.session.session_name)]]).catch((e) => {
        if (!isNoSuchSession(e)) throw e;
      });
    }
  }

  /** All gwq sessions, oldest first. */
  async listSessions(): Promise<Session[]> {
    this.ensureEnabled();
    const all = await this.observeAll();
    return all.map((o) => o.session).sort((a, b) => compareTime(a.start_time, b.start_time));
  }

  /** A session by exact name or id. */
  async getSession(nameOrId: string): Promise<Session | null> {
    const all = await this.listSessions();
    return all.find((s) => s.session_name === nameOrId || s.id === nameOrId) ?? null;
  }

  /** Sessions a pattern means (exact name/id/identifier first, then substrings). */
  async findSessions(pattern?: string): Promise<Session[]> {
    return matchSessions(await this.listSessions(), pattern);
  }

  private async require(nameOrId: string): Promise<Observed> {
    this.ensureEnabled();
    const o = (await this.observeAll()).find((x) => x.session.session_name === nameOrId || x.session.id === nameOrId);
    if (!o) throw new GwqError(`no gwq session named "${nameOrId}"`);
    return o;
  }

  /** The whole history (or its last `lines`): from tmux while it has the pane, else the saved file. */
  async captureHistory(nameOrId: string, lines?: number): Promise<string[]> {
    const o = await this.require(nameOrId);
    let all: string[];
    if (o.pane) all = await capturePane(this.tmux, o.pane.paneId, o.pane.dead);
    else if (o.session.history_file) all = readHistoryFile(o.session.history_file);
    else throw new GwqError(`no history for ${o.session.session_name}: tmux no longer has it and none was saved`);
    return lines !== undefined && lines >= 0 ? all.slice(Math.max(0, all.length - lines)) : all;
  }

  /** Write the history to `file` (default: history_save_dir/<name>.log), mode 0600. */
  async saveHistory(nameOrId: string, file?: string): Promise<string> {
    const o = await this.require(nameOrId);
    const lines = await this.captureHistory(o.session.session_name);
    const path = file ?? historyPath(this.config.history_save_dir, o.session.session_name);
    const { dirname } = await import("node:path");
    saveLines(path, file ? dirname(path) : this.config.history_save_dir, lines);
    return path;
  }

  /** End a session gwq created and remove its record, saving its history first when configured. */
  async killSession(nameOrId: string): Promise<void> {
    const o = await this.require(nameOrId);
    await this.killObserved([o]);
  }

  /** Kill several: one listing for all, then a capture (when saving) and a kill per session. */
  async killSessions(sessions: Session[]): Promise<void> {
    const names = new Set(sessions.map((s) => s.session_name));
    const all = (await this.observeAll()).filter((o) => names.has(o.session.session_name));
    await this.killObserved(all);
  }

  private async killObserved(list: Observed[]): Promise<void> {
    for (const o of list) {
      if (this.config.history_auto_save && o.pane) {
        const lines = await capturePane(this.tmux, o.pane.paneId, o.pane.dead).catch(() => null);
        if (lines) saveLines(historyPath(this.config.history_save_dir, o.session.session_name), this.config.history_save_dir, lines);
      }
    }
    await this.closeTmuxSessions(list);
    for (const o of list) removeRecord(o.session.session_name, this.dir);
  }

  /** Attach (or switch the client, inside tmux). Resolves with tmux's exit code. */
  async attachSession(nameOrId: string): Promise<number> {
    const o = await this.require(nameOrId);
    if (!o.inTmux) throw new GwqError(`${o.session.session_name} is ${o.session.status}: tmux no longer has it (see "gwq tmux logs")`);
    const target = exactTarget(o.session.session_name);
    if (this.env.TMUX) return this.tmux.interactive([["switch-client", "-t", target]]);
    return this.tmux.interactive([["attach-session", "-t", target]]);
  }

  /** Resolve when the session has ended (or vanished); reject on timeout or abort. */
  async waitSession(nameOrId: string, opts: WaitOptions = {}): Promise<Session> {
    const o = await this.require(nameOrId);
    const name = o.session.session_name;
    const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : Infinity;
    const poll = opts.pollMs ?? 200;
    let s = o.session;
    let checks = 0;
    for (;;) {
      if (s.status !== "running") return s;
      if (opts.signal?.aborted) throw new GwqError("wait cancelled", 130);
      if (Date.now() >= deadline) throw new WaitTimeout(name);
      await new Promise((r) => setTimeout(r, poll));
      // The end mark is a file: cheap to look for. Ask tmux only now and then, for vanished sessions.
      const end = readEnd(name, this.dir);
      if ((end && (end.exit_code !== null || end.detached_at)) || ++checks % 5 === 0) {
        const again = await this.getSession(name);
        if (!again) throw new GwqError(`${name} was removed while waiting`);
        s = again;
      }
    }
  }

  /** Path of a session's record, for tools that watch the state dir. */
  recordFile(name: string): string {
    return recordPath(name, this.dir);
  }

  /** Pane id and state of a live session (for following its output). */
  async paneOf(nameOrId: string): Promise<{ session: Session; pane: PaneInfo | null }> {
    const o = await this.require(nameOrId);
    return { session: o.session, pane: o.pane };
  }
}

export class WaitTimeout extends GwqError {
  constructor(name: string) {
    super(`timed out waiting for ${name}`, 124);
  }
}

function isComplete(c: Partial<TmuxConfig>): c is TmuxConfig {
  const keys: (keyof TmuxConfig)[] = [
    "enabled",
    "auto_create_session",
    "detach_on_create",
    "auto_cleanup_completed",
    "tmux_command",
    "default_shell",
    "session_timeout",
    "keep_alive",
    "history_limit",
    "history_auto_save",
    "history_save_dir",
  ];
  return keys.every((k) => c[k] !== undefined);
}

/** Branch of the worktree holding `dir` (null outside a repository; "HEAD" stays for detached). */
async function branchHolding(dir: string): Promise<string | null> {
  const r = await gitCode(["rev-parse", "--abbrev-ref", "HEAD"], { cwd: dir }).catch(() => null);
  if (!r || r.code !== 0) return null;
  const b = r.stdout.trim();
  return b || null;
}

/** Default identifier: first word of the command and the directory name. */
export function defaultIdentifier(command: string | string[], workingDir: string): string {
  const first = Array.isArray(command) ? basename(command[0] ?? "") : (command.trim().split(/\s+/)[0] ?? "");
  const dirName = basename(workingDir);
  return [basename(first), dirName].filter(Boolean).join("-");
}
