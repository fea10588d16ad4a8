// SessionManager: the library API for long-running commands in tmux sessions, and what every
// `gwq tmux` command uses. A session is a tmux pane plus a few files any process can read
// (store.ts); the end of a command is recorded by the recorder in its own pane (recorder.ts,
// end.ts), so no gwq process stays resident per session.
// Reads are pure: listing never writes or kills. What a listing learns (a session gone without an
// end, an end nobody recorded, records past session_timeout) is acted on by sweep(), run once
// per `gwq tmux` command that looks at sessions.
import { existsSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { loadConfig } from "../config/load.js";
import { KEYS, type TmuxConfig } from "../config/schema.js";
import { GwqError, ProcessError } from "../errors.js";
import { atomicWrite } from "../fsx.js";
import { gitCode } from "../git/git.js";
import { stateDir as defaultStateDir } from "../paths.js";
import { Tmux } from "../tmux/tmux.js";
import { shellQuote } from "../tmux/args.js";
import { hookCommand, type PaneInfo } from "../tmux/sessions.js";
import { nudgeUnreaped, Servers } from "../tmux/servers.js";
import { checkStartable } from "./preflight.js";
import { bestLines, historyPath, lastLines, metaPath, pipeCommand, rawBytes, rawExists, rawPath, saveLines, tmuxHasAll } from "./history.js";
import { matchSessions } from "./match.js";
import { isoLocal, newId, sessionName } from "./naming.js";
import { envFileText, forwardedEnv, recorderArgv } from "./recorder.js";
import { selfArgv } from "./runtime.js";
import { DEFAULT_HOOK_STALE_MS, endedAt, observe, type Observed, type World } from "./status.js";
import {
  endPath,
  envPath,
  readAll,
  readEnd,
  recordPath,
  removeRecord,
  reserve,
  restartsPath,
  rewrite,
  writeEnd,
  writeEnvFile,
  type StoredSession,
} from "./store.js";
import type { Session, SessionOptions } from "./types.js";
import { compareTime } from "../compare.js";
import { findSavedOutputs, type SavedOutput } from "./saved.js";
export type { SavedOutput } from "./saved.js";
import { bootId } from "./boot.js";
import { inferAgent } from "./agent-kind.js";
import { recordEvent, type RecordLike } from "../events/record.js";
import type { NotifyPolicy } from "../events/types.js";
import { notifyPolicy } from "../events/notify.js";
import { logObservedState } from "../events/observed.js";
import { ScreenWatch } from "../agents/screen-watch.js"; // gwq-agents: screen looks (agents/quiet.ts)

export interface SessionManagerOptions {
  /** The `[tmux]` settings; default: the user's config (global + ./.gwq.toml). */
  config?: Partial<TmuxConfig>;
  /** Environment for tmux and for the commands run (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** gwq's state directory (default: $XDG_STATE_HOME/gwq); records live in its sessions/. */
  stateDir?: string;
  /** Told about problems met on the way (a damaged record, ...); default: ignored. */
  warn?: (message: string) => void;
  /** agent.hook_stale in ms (default 2m): how long a hook's or report's state is trusted. */
  hookStaleMs?: number;
  /** agent.quiet_after in ms (default 10s): pane silence that contradicts a hook's "working". */
  quietAfterMs?: number;
  /** `[notify]` for the sessions created (snapshotted into each record); default: the user's config. */
  notify?: NotifyPolicy | null;
}

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  pollMs?: number;
}

export interface FollowOptions {
  /** Print only the last N lines of what is there already. */
  lines?: number;
  signal?: AbortSignal;
  pollMs?: number;
  /** Told when output was skipped (follow.ts). */
  notice?: (message: string) => void;
}

/** The argv that runs a shell command line exactly: no quoting, no re-parsing. */
export function commandArgv(shell: string, command: string): string[] {
  return [shell, "-c", command];
}

/** Run a user's argv as is: a constant script execs its positional arguments. */
export function execArgv(shell: string, argv: string[]): string[] {
  return [shell, "-c", 'exec "$0" "$@"', ...argv];
}

/** How an argv reads as one command line (shown in listings; never run through a shell). */
function displayArgv(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : shellQuote(a))).join(" ");
}

/** Every `[tmux]` key the schema knows: a config given without one of them is completed. */
const TMUX_KEYS = Object.keys(KEYS).filter((k) => k.startsWith("tmux.")).map((k) => k.slice(5) as keyof TmuxConfig);

function isComplete(c: Partial<TmuxConfig>): c is TmuxConfig {
  return TMUX_KEYS.every((k) => c[k] !== undefined);
}

export class SessionManager {
  readonly config: TmuxConfig;
  readonly env: NodeJS.ProcessEnv;
  /** Where the records are. */
  readonly dir: string;
  readonly stateDir: string;
  private readonly tmux: Tmux;
  /** The server each session lives on (tmux/servers.ts). */
  private readonly servers: Servers;
  private readonly warnFn: (message: string) => void;
  private readonly warned = new Set<string>();
  private readonly hookStaleMs: number;
  private readonly quietAfterMs: number | undefined;
  private notify: NotifyPolicy | null | undefined;
  /** Sessions whose pane tmux had at the last listing (what attach can reach). */
  private withPane = new Set<string>();
  /** gwq-agents: looks at agents' screens (agents/screen-watch.ts). */
  private readonly screens = new ScreenWatch();

  constructor(opts: SessionManagerOptions = {}) {
    this.config = completeConfig(opts.config);
    this.env = opts.env ?? process.env;
    this.tmux = new Tmux({ command: this.config.tmux_command, env: this.env });
    this.servers = new Servers(this.tmux);
    this.stateDir = opts.stateDir ?? defaultStateDir();
    this.dir = join(this.stateDir, "sessions");
    this.warnFn = opts.warn ?? (() => {});
    this.hookStaleMs = opts.hookStaleMs ?? DEFAULT_HOOK_STALE_MS;
    this.quietAfterMs = opts.quietAfterMs;
    // Given, or else the user's `[notify]` when the user's config is used at all (a caller that
    // gave every [tmux] key chose its settings: no notifications unless it asks).
    this.notify = opts.notify !== undefined ? opts.notify : opts.config && isComplete(opts.config) ? null : undefined;
  }

  /** Append an event about a session (events/record.ts); a log that cannot be written is a warning. */
  private logEvent(record: RecordLike, type: Parameters<typeof recordEvent>[2], detail: Record<string, unknown>, fact?: () => boolean): boolean {
    const r = recordEvent(this.dir, record, type, detail, fact);
    if (r.error) this.warn(r.error.message);
    return r.written;
  }

  /** The `[notify]` snapshot for new records: as given, else the user's config (read once). */
  private notifyPolicy(): NotifyPolicy | null {
    if (this.notify === undefined) {
      try {
        this.notify = { ...notifyPolicy(loadConfig().config), shell: this.config.default_shell };
      } catch {
        this.notify = null;
      }
    }
    return this.notify;
  }

  private warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warnFn(message);
  }

  private ensureEnabled(): void {
    if (!this.config.enabled) throw new GwqError("tmux integration is disabled (tmux.enabled = false in the config)");
  }

  /** Start `command` in a new detached tmux session; the record exists before tmux is asked. */
  async createSession(opts: SessionOptions): Promise<Session> {
    this.ensureEnabled();
    checkStartable(opts, this.config);
    const workingDir = opts.workingDir;
    const shell = this.config.default_shell;
    const save = this.config.history_auto_save;
    const saveDir = this.config.history_save_dir;
    const command = opts.command ?? displayArgv(opts.argv!);
    const argv = opts.command !== undefined ? commandArgv(shell, opts.command) : execArgv(shell, opts.argv!);
    const context = opts.context ?? "run";
    const worktree = opts.worktree !== undefined ? opts.worktree : await branchHolding(workingDir);
    const agent = opts.agent !== undefined ? opts.agent : inferAgent(opts.command ?? opts.argv!, context);
    const dir = this.dir;
    const at = new Date();
    const self = selfArgv();

    for (let attempt = 1; attempt <= 50; attempt++) {
      const id = newId();
      const name = sessionName(context, opts.identifier, at, attempt);
      // A name whose output is still kept (a restart in the same second) is taken too.
      if (save && (existsSync(metaPath(saveDir, name)) || existsSync(rawPath(saveDir, name)))) continue;
      const record: StoredSession = {
        version: 1,
        id,
        session_name: name,
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
          history_auto_save: save,
          history_save_dir: saveDir,
          tmux_command: this.config.tmux_command,
          notify: this.notifyPolicy(),
        },
        agent,
        server: null,
        boot_id: bootId(),
        output: save ? { raw: rawPath(saveDir, name), max_bytes: this.config.log_max_size } : null,
        ...(opts.command === undefined ? { argv: [...opts.argv!] } : {}),
        ...(opts.restart && opts.restart.mode !== "no" ? { restart: opts.restart } : {}),
        ...(opts.agentSessionId ? { agent_session_id: opts.agentSessionId } : {}),
      };
      if (!reserve(record, dir)) continue; // same second, same name: take the next suffix
      // Logged before tmux starts the command, so it comes before the command's own `ended`.
      this.logEvent(record, "created", { command });
      const cleanUp = () => {
        removeRecord(name, dir);
        if (save) removeQuietly(metaPath(saveDir, name));
        this.logEvent(record, "removed", { reason: "not-started" });
      };
      const env = forwardedEnv(this.env, { GWQ_SESSION_ID: id, GWQ_SESSION_NAME: name, GWQ_STATE_DIR: this.stateDir });
      let created;
      try {
        const envFile = writeEnvFile(name, envFileText(env), dir);
        if (save) atomicWrite(metaPath(saveDir, name), JSON.stringify(record, null, 2) + "\n");
        created = await this.tmux.createSession(
          {
            name,
            id,
            argv: recorderArgv({ self, envFile, sessionsDir: dir, name, argv, restart: record.restart }),
            historyLimit: this.config.history_limit,
            pipe: record.output ? pipeCommand(record.output) : null,
            hook: hookCommand(self, dir, name),
          },
          workingDir,
        );
      } catch (e) {
        cleanUp();
        // A tmux session of that name that gwq did not make: leave it alone, take the next name.
        if (e instanceof ProcessError && /duplicate session/.test(e.stderr)) continue;
        // new-session may have worked before a later step failed: remove what we made.
        await this.tmux.killSessions([name]).catch(() => {});
        if (e instanceof ProcessError && /command too long/.test(e.stderr)) {
          throw new GwqError("the command is too long for tmux (about 16 KiB in all)");
        }
        throw e;
      }
      if (!created.paneId) {
        // tmux said nothing it would say on success (tmux_command is not tmux?): nothing runs.
        cleanUp();
        throw new GwqError(`${this.config.tmux_command} did not start the session (is tmux.tmux_command a tmux?)`);
      }
      // `kill --all` may have removed the record while tmux was busy: then the session goes too,
      // rather than coming back as a detached record.
      if (!readRecordExists(name, dir)) {
        await this.tmux.killSessions([name]).catch(() => {});
        throw new GwqError(`${name} was killed while it was starting`);
      }
      record.pid = created.pid;
      record.pane_id = created.paneId;
      record.server = created.server;
      record.socket = created.socket;
      try {
        // The copy beside the output (written before tmux was asked) needs no pane: it is only read
        // to find a removed session's output by name or identifier.
        rewrite(record, dir);
      } catch (e) {
        await this.tmux.killSessions([name]).catch(() => {});
        cleanUp();
        throw e;
      }
      // What we just made, without listing everything again (bulk creation stays linear).
      const pane = createdPane(name, id, created);
      return observe({ record, end: readEnd(name, dir) }, [pane], this.world(created.server)).session;
    }
    throw new GwqError("could not find a free session name (50 sessions started this second?)");
  }

  private world(server: string | null): World {
    return { server, bootId: bootId(), now: Date.now(), hookStaleMs: this.hookStaleMs, quietAfterMs: this.quietAfterMs };
  }

  /**
   * Everything gwq knows: one tmux query plus the state dir, whatever the number of sessions.
   * Pure: nothing is written.
   */
  private async snapshot(): Promise<{ observed: Observed[]; orphans: string[] }> {
    // The records are read while tmux answers (the query is started first; reading takes less
    // than tmux's answer). A session that ends in between must still be read with its end mark:
    // for each one tmux shows ended or gone, the end mark is read again after the answer.
    const asked = this.tmux.listPanes();
    asked.catch(() => {}); // awaited below; unless reading the records throws first
    const { entries, warnings, orphanEnds } = readAll(this.dir);
    // Sessions made on another server (another TMUX_TMPDIR, -L, TMUX) are looked for there.
    const sockets = entries.map((e) => e.record.socket);
    let view = await this.servers.view(await asked, sockets);
    for (const e of entries) {
      const ps = view.panes(e.record.socket).get(e.record.session_name);
      if (!e.end && (!ps || ps.some((p) => p.dead))) e.end = readEnd(e.record.session_name, this.dir);
    }
    for (const w of warnings) this.warn(w);
    const see = (v: typeof view) => entries.map((e) => observe(e, v.panes(e.record.socket).get(e.record.session_name), this.world(v.server(e.record.socket))));
    let observed = see(view);
    // A session created between the tmux query and the read looks vanished: before calling
    // anything detached, ask tmux once more (only then: a steady listing stays one call).
    if (observed.some((o) => o.newlyDetached)) {
      view = await this.servers.view(await this.tmux.listPanes(), sockets);
      observed = see(view);
    }
    nudgeUnreaped(observed.map((o) => o.pane));
    // gwq-agents: a state the agent's screen may contradict is judged from its content (one capture call per server).
    await this.screens.look(observed, (o) => this.tmuxOf(o), this.dir, { hookStaleMs: this.hookStaleMs, quietAfterMs: this.quietAfterMs });
    this.withPane = new Set(observed.filter((o) => o.pane).map((o) => o.session.session_name));
    return { observed, orphans: orphanEnds };
  }

  /** Whether tmux still had this session (so attach can reach it) at the last listing or sweep. */
  canAttach(session: Session): boolean {
    return this.withPane.has(session.session_name);
  }

  /** All gwq sessions, oldest first. Pure: reads only. */
  async listSessions(): Promise<Session[]> {
    this.ensureEnabled();
    return sorted((await this.snapshot()).observed);
  }

  /**
   * Act on what a listing shows, once: persist "seen detached" (its clock stops there, with the
   * reason), drop detached marks a live pane contradicts, record ends nobody wrote down (the
   * recorder was killed and the hook did not fire), expire records past session_timeout (never a
   * running one; their output stays on disk), and remove leftover files. Returns the sessions
   * as they are afterwards.
   */
  async sweep(): Promise<Session[]> {
    this.ensureEnabled();
    const { observed, orphans } = await this.snapshot();
    this.screens.save(this.dir); // gwq-agents: what the look saw, written down for the next process
    const now = Date.now();
    const kept: Observed[] = [];
    const expired: Observed[] = [];
    for (const o of observed) {
      const name = o.session.session_name;
      if (o.staleDetached) removeQuietly(endPath(name, this.dir));
      if (o.newlyDetached) {
        const at = isoLocal(new Date(now));
        const reason = o.session.detached_reason ?? "server-exited";
        try {
          // Once, whoever sweeps at the same time: the mark and its event under the log's lock.
          this.logEvent(o.entry.record, "detached", { reason }, () => {
            if (readEnd(name, this.dir)) return false;
            writeEnd(name, { exit_code: null, signal: null, end_time: null, history_file: null, detached_at: at, detached_reason: reason }, this.dir);
            return true;
          });
          o.session.end_time = at;
        } catch {
          // read-only state dir: still shown as detached
        }
      }
      // A state only the pane's activity shows (no fresh hook or report): logged when it changes.
      if (o.session.status === "running" && o.session.state_source === "activity" && o.session.state) logObservedState(this.dir, o.entry.record, o.session.state, new Date(), o.entry.state?.at ?? null);
      const ended = o.newlyDetached ? now : endedAt(o.entry);
      const timeout = this.config.session_timeout;
      if (timeout > 0 && ended !== null && now - ended > timeout && o.session.status !== "running") expired.push(o);
      else kept.push(o);
    }
    if (expired.length) await this.remove(expired, false);
    // Only an end tmux knows the status of (a pane it has not reaped yet is nudged, not guessed).
    const unrecorded = kept.filter((o) => o.pane?.dead && (o.pane.deadStatus !== null || o.pane.deadSignal !== null) && (o.entry.end?.exit_code ?? null) === null);
    if (unrecorded.length) {
      const { recordEnd } = await import("./end.js");
      for (const o of unrecorded) {
        await recordEnd(this.dir, o.session.session_name, o.pane!.paneId, o.pane!.deadStatus, o.pane!.deadSignal, this.tmuxOf(o)).catch(() => {});
      }
    }
    for (const name of orphans) {
      // A record being created writes its record before anything else: files without one are leftovers.
      for (const p of [endPath(name, this.dir), join(this.dir, `${name}.state.json`), join(this.dir, `${name}.activity.json`), restartsPath(name, this.dir), envPath(name, this.dir)]) removeQuietly(p);
    }
    return sorted(kept);
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
    const o = (await this.snapshot()).observed.find((x) => x.session.session_name === nameOrId || x.session.id === nameOrId);
    if (!o) throw new GwqError(`no gwq session named "${nameOrId}"`);
    return o;
  }

  private async linesOf(o: Observed): Promise<string[]> {
    const name = o.session.session_name;
    // The end mark is read again: a session that ended since the listing may have saved its lines.
    const historyFile = o.session.history_file ?? readEnd(name, this.dir)?.history_file ?? null;
    const lines = await bestLines(this.tmuxOf(o), o.pane, o.entry.record.output, historyFile);
    if (!lines) throw new GwqError(`no output kept for ${o.session.session_name}: tmux no longer has it and none was saved`);
    return lastLines(lines, o.entry.record.history_size);
  }

  /** The output as lines (or its last `lines`), from the best copy there is (history.ts). */
  async captureHistory(nameOrId: string, lines?: number): Promise<string[]> {
    return lastLines(await this.linesOf(await this.require(nameOrId)), lines);
  }

  /** The visible screen of a live session (what a person attached would see), else its last lines. */
  async captureScreen(nameOrId: string, rows: number): Promise<string[]> {
    return this.screenOf(await this.require(nameOrId), rows);
  }

  private async screenOf(o: Observed, rows: number): Promise<string[]> {
    if (o.pane) return this.tmuxOf(o).capture(o.pane.paneId, o.pane.dead, { screen: true });
    return lastLines(await this.linesOf(o), rows);
  }

  /**
   * Every session and the screen of one of them (as captureScreen), from one snapshot: one tmux
   * listing and at most one capture, for a view that refreshes (the dashboard). `choose` sees the
   * fresh listing and names the session to capture (null: none). `screen` is null when none was
   * captured; `error` says why its output is unreadable. Pure, as listSessions().
   */
  async listWithScreen(
    choose: (sessions: Session[]) => string | null,
    rows: number,
  ): Promise<{ sessions: Session[]; screen: string[] | null; error: string | null }> {
    this.ensureEnabled();
    const { observed } = await this.snapshot();
    const sessions = sorted(observed);
    const name = choose(sessions);
    const o = name === null ? undefined : observed.find((x) => x.session.session_name === name);
    let screen: string[] | null = null;
    let error: string | null = null;
    if (o) {
      try {
        screen = await this.screenOf(o, rows);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    return { sessions, screen, error };
  }

  /** The bytes as the program wrote them (escapes kept), from the durable copy. */
  async rawOutput(nameOrId: string): Promise<Buffer> {
    const o = await this.require(nameOrId);
    const out = o.entry.record.output;
    if (!rawExists(out)) throw new GwqError(`no raw output kept for ${o.session.session_name} (tmux.history_auto_save is off, or it was started by an older gwq)`);
    return rawBytes(out);
  }

  /** Write the output to `file` (default: history_save_dir/<name>.log), mode 0600. */
  async saveHistory(nameOrId: string, file?: string): Promise<string> {
    const o = await this.require(nameOrId);
    const lines = await this.linesOf(o);
    const path = file ?? historyPath(this.config.history_save_dir, o.session.session_name);
    // history_save_dir is ours to create; a directory the user names must exist.
    saveLines(path, file ? dirname(path) : this.config.history_save_dir, lines, !file);
    return path;
  }

  /**
   * Outputs kept for sessions whose records are gone (killed, expired), newest first: an exact
   * session name or identifier first, else a substring of either.
   */
  savedOutputs(pattern: string, opts: { nameOnly?: boolean } = {}): SavedOutput[] {
    return findSavedOutputs(this.config.history_save_dir, pattern, opts);
  }

  /** End a session gwq created and remove its record, saving its history first when configured. */
  async killSession(nameOrId: string): Promise<void> {
    await this.remove([await this.require(nameOrId)], true);
  }

  /** Kill several: one listing, one capture call and one kill call for all of them. */
  async killSessions(sessions: Session[]): Promise<void> {
    const names = new Set(sessions.map((s) => s.session_name));
    await this.remove((await this.snapshot()).observed.filter((o) => names.has(o.session.session_name)), true);
  }

  /**
   * Close the tmux sessions of these records (only those still holding our pane: a same-named
   * session is not ours) and remove the records. Their output stays on disk: the durable copy,
   * and (`save`) the lines tmux holds now, captured for all of them in one call.
   */
  private async remove(list: Observed[], save: boolean, why: "killed" | "expired" | "restarted" = save ? "killed" : "expired"): Promise<void> {
    // One capture call and one kill call per server the sessions live on.
    const bySocket = new Map<string | undefined, Observed[]>();
    for (const o of list) {
      const k = o.entry.record.socket ?? undefined;
      bySocket.set(k, [...(bySocket.get(k) ?? []), o]);
    }
    for (const group of bySocket.values()) await this.closeOn(this.tmuxOf(group[0]!), group, save);
    for (const o of list) {
      const name = o.session.session_name;
      // Once, even when two kills race: the removal and its event under the log's lock.
      this.logEvent(o.entry.record, "removed", { reason: why }, () => {
        if (!existsSync(recordPath(name, this.dir))) return false;
        removeRecord(name, this.dir);
        return true;
      });
    }
  }

  /** The tmux server a session lives on (tmux/servers.ts). */
  private tmuxOf(o: Observed): Tmux {
    return this.servers.for(o.entry.record.socket);
  }

  /** Close these sessions of one server, keeping (`save`) what tmux holds of their output first. */
  private async closeOn(tmux: Tmux, list: Observed[], save: boolean): Promise<void> {
    const live = list.filter((o) => o.pane);
    if (save && this.config.history_auto_save) {
      // What tmux holds, where it is the best copy (history.ts) and nothing was saved at the end.
      const wanted = live.filter((o) => !o.session.history_file && (tmuxHasAll(o.pane!) || !rawExists(o.entry.record.output)));
      const captured = await tmux.captureMany(wanted.map((o) => o.pane!)).catch(() => null);
      // A history that cannot be written stops the kill: ending the session would lose it.
      wanted.forEach((o, i) => {
        const lines = captured?.[i];
        if (lines) saveLines(historyPath(this.config.history_save_dir, o.session.session_name), this.config.history_save_dir, lines);
      });
    }
    await tmux.killSessions(live.map((o) => o.session.session_name));
  }

  /**
   * Start a session again as a new one with everything the old one had (restart.ts); the old
   * record goes, its output stays. A running session needs `force` (it is killed first).
   */
  async restartSession(nameOrId: string, opts: { resume?: boolean; force?: boolean } = {}): Promise<{ old: Session; session: Session }> {
    const o = await this.require(nameOrId);
    return { old: o.session, session: await this.relaunch(o, opts) };
  }

  private async relaunch(o: Observed, opts: { resume?: boolean; force?: boolean }): Promise<Session> {
    if (o.session.status === "running" && !opts.force) {
      throw new GwqError(`${o.session.session_name} is running: add --force to end it and start it again`);
    }
    const { relaunchOptions } = await import("./restart.js");
    const next = relaunchOptions(o.entry.record, o.session, !!opts.resume);
    // Everything that can fail is checked before the old session is touched.
    checkStartable(next, this.config);
    await this.remove([o], true, "restarted");
    return this.createSession(next);
  }

  /**
   * Start again every detached session (they were running when tmux vanished: a reboot,
   * kill-server) that the pattern matches; agents resume their conversation where its id is
   * known. Finished sessions never. With `dryRun`, only says what it would do.
   */
  async resurrect(pattern?: string, opts: { dryRun?: boolean } = {}): Promise<{ old: Session; session: Session | null; resumed: boolean }[]> {
    await this.sweep();
    const { observed } = await this.snapshot();
    const chosen = new Set(matchSessions(observed.filter((o) => o.session.status === "detached").map((o) => o.session), pattern).map((s) => s.session_name));
    const out: { old: Session; session: Session | null; resumed: boolean }[] = [];
    const { claimResurrect } = await import("./claim.js");
    for (const o of observed.filter((x) => chosen.has(x.session.session_name))) {
      const resumed = !!(o.session.agent && o.session.agent_session_id);
      if (opts.dryRun) {
        out.push({ old: o.session, session: null, resumed });
        continue;
      }
      // Another resurrect running at the same time starts it, or has started it already.
      const giveBack = claimResurrect(this.dir, o.session.session_name);
      if (!giveBack) continue;
      try {
        out.push({ old: o.session, session: await this.relaunch(o, { resume: resumed }), resumed });
      } finally {
        giveBack();
      }
    }
    return out;
  }

  /** Attach (or switch the client, inside tmux). Resolves with tmux's exit code. */
  async attachSession(nameOrId: string): Promise<number> {
    const o = await this.require(nameOrId);
    if (!o.pane) throw new GwqError(`${o.session.session_name} is ${o.session.status}: tmux no longer has it (see "gwq tmux logs")`);
    return this.tmuxOf(o).attach(o.session.session_name, this.env);
  }

  /**
   * Type `text` into a running session's pane exactly as given (no key names), then Enter unless
   * `enter` is false: answer a waiting agent without attaching.
   */
  async sendText(nameOrId: string, text: string, enter = true): Promise<Session> {
    const o = await this.require(nameOrId);
    if (o.session.status !== "running" || !o.pane || o.pane.dead) {
      throw new GwqError(`${o.session.session_name} is ${o.session.status}: there is no running command to type into`);
    }
    await this.tmuxOf(o).sendText(o.pane.paneId, text, enter);
    return o.session;
  }

  /** Resolve when the session has ended (or vanished); reject on timeout or abort. Pure. */
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

  /** Print new output as it arrives until the session ends (follow.ts). */
  async followHistory(nameOrId: string, write: (text: string) => void, opts: FollowOptions = {}): Promise<Session> {
    const o = await this.require(nameOrId);
    const { follow } = await import("./follow.js");
    return follow(
      {
        session: o.session,
        pane: o.pane,
        output: o.entry.record.output ?? null,
        tmux: this.tmuxOf(o),
        lines: () => this.linesOf(o),
        ended: () => {
          const end = readEnd(o.session.session_name, this.dir);
          return !!end && (end.exit_code !== null || !!end.detached_at);
        },
        current: () => this.getSession(o.session.session_name),
      },
      write,
      opts,
    );
  }

  /** Path of a session's record, for tools that watch the state dir. */
  recordFile(name: string): string {
    return recordPath(name, this.dir);
  }
}

export class WaitTimeout extends GwqError {
  constructor(name: string) {
    super(`timed out waiting for ${name}`, 124);
  }
}

function completeConfig(given: Partial<TmuxConfig> | undefined): TmuxConfig {
  if (given && isComplete(given)) return given;
  // A library caller without (all of) the config: the user's, with what was given on top.
  return { ...loadConfig().config.tmux, ...(given ?? {}) };
}

function sorted(list: Observed[]): Session[] {
  return list.map((o) => o.session).sort((a, b) => compareTime(a.start_time, b.start_time));
}

function createdPane(name: string, id: string, c: { pid: number | null; paneId: string | null; server: string | null; socket: string | null }): PaneInfo {
  return {
    session: name, paneId: c.paneId ?? "", pid: c.pid, dead: false, deadStatus: null, deadSignal: null, attached: false,
    activity: null, gwqId: id, server: c.server, historySize: 0, historyLimit: null, height: null, alternate: false, socket: c.socket,
  };
}

function readRecordExists(name: string, dir: string): boolean {
  try {
    statSync(recordPath(name, dir));
    return true;
  } catch {
    return false;
  }
}

function removeQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // already gone
  }
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
