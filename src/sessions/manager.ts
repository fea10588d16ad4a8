// SessionManager: the library API for long-running commands in tmux sessions, and what every
// `gwq tmux` command uses. A session is a tmux pane plus a few files any process can read
// (store.ts, session-store.ts); the end of a command is recorded by the recorder in its own pane
// (recorder.ts, end.ts), so no gwq process stays resident per session (README "How sessions work").
// Reads are pure: listing never writes or kills. What a listing learns is acted on by sweep()
// (sweep.ts). The parts: creation (create.ts), the sweep, output (output.ts), removal (remove.ts),
// all over one Core (core.ts) holding the settings, the store, tmux and the clock. Each part is
// imported when first used: a listing loads only the snapshot and the sweep.
import type { TmuxConfig } from "../config/schema.js";
import { join } from "node:path";
import { loadConfig } from "../config/load.js";
import { GwqError } from "../errors.js";
import { stateDir as defaultStateDir } from "../paths.js";
import { Servers } from "../tmux/servers.js";
import { Tmux } from "../tmux/tmux.js";
import { snapshot, sorted, tmuxOf, type Core } from "./core.js";
import { matchSessions } from "./match.js";
import { completeConfig, optionsFrom, type SessionManagerOptions } from "./options.js";
import type { FollowOptions } from "./output.js";
import { lastLines } from "./history.js";
import { findSavedOutputs, type SavedOutput } from "./saved.js";
import { SessionStore } from "./session-store.js";
import { DEFAULT_HOOK_STALE_MS, type Observed } from "./status.js";
import { runSweep } from "./sweep.js";
import type { Session, SessionOptions } from "./types.js";
import type { ScreenWatch } from "../agents/screen-watch.js";

export type { SessionManagerOptions } from "./options.js";
export type { FollowOptions } from "./output.js";
export type { SavedOutput } from "./saved.js";

/** What resurrect did with one detached session (`session` null: a dry run). */
export type Resurrected = { old: Session; session: Session | null; resumed: boolean };

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Time between listings while no event arrives (at least 1 s; default 2 s; sessions/wait.ts). */
  pollMs?: number;
}

const output = () => import("./output.js");
const remove = () => import("./remove.js");

export class SessionManager {
  readonly config: TmuxConfig;
  readonly env: NodeJS.ProcessEnv;
  /** Where the records are. */
  readonly dir: string;
  readonly stateDir: string;
  private readonly core: Core;
  /** Sessions whose pane tmux had at the last listing (what attach can reach). */
  private withPane = new Set<string>();
  /** Looks at agents' screens (agents/screen-watch.ts); loaded once a session has a state mark. */
  private screens: ScreenWatch | null = null;

  constructor(opts: SessionManagerOptions = {}) {
    const env = opts.env ?? process.env;
    const config = completeConfig(opts.config, env, opts.cwd ?? process.cwd());
    const stateDir = opts.stateDir ?? defaultStateDir(env);
    const tmux = opts.tmux ?? new Tmux({ command: config.tmux_command, env });
    const warned = new Set<string>();
    this.config = config;
    this.env = env;
    this.stateDir = stateDir;
    this.core = {
      config,
      env,
      stateDir,
      store: new SessionStore(join(stateDir, "sessions")),
      tmux,
      servers: new Servers(tmux),
      hookStaleMs: opts.hookStaleMs ?? DEFAULT_HOOK_STALE_MS,
      quietAfterMs: opts.quietAfterMs,
      notify: opts.notify ?? null,
      now: opts.now ?? Date.now,
      // Each message once.
      warn: (message) => void (!warned.has(message) && (warned.add(message), opts.warn?.(message))),
    };
    this.dir = this.core.store.dir;
  }

  /**
   * For scripts: a manager set up as the CLI's is, from the user's config (global file, then
   * `cwd`'s .gwq.toml) in `env` (default: this process's environment and directory).
   */
  static fromUserConfig(opts: { env?: NodeJS.ProcessEnv; cwd?: string; stateDir?: string; warn?: (message: string) => void } = {}): SessionManager {
    const env = opts.env ?? process.env;
    const { config } = loadConfig({ cwd: opts.cwd, env });
    return new SessionManager({ ...optionsFrom(config, env, opts.cwd, opts.warn), stateDir: opts.stateDir });
  }

  private ensureEnabled(): void {
    if (!this.config.enabled) throw new GwqError("tmux integration is disabled (tmux.enabled = false in the config)");
  }

  /** Start a command in a new detached tmux session (create.ts). */
  async createSession(opts: SessionOptions): Promise<Session> {
    this.ensureEnabled();
    const { createSession } = await import("./create.js");
    return createSession(this.core, opts);
  }

  private async snapshot() {
    const snap = await snapshot(this.core);
    // Agents' states judged from what their screens show (agents/quiet.ts): one capture per server.
    // Only a session with a state mark is ever looked at (quiet.ts worthALook).
    if (!this.screens && snap.observed.some((o) => o.entry.state)) this.screens = new (await import("../agents/screen-watch.js")).ScreenWatch();
    await this.screens?.look(snap.observed, (o) => tmuxOf(this.core, o), this.dir, { hookStaleMs: this.core.hookStaleMs, quietAfterMs: this.core.quietAfterMs });
    this.withPane = new Set(snap.observed.filter((o) => o.pane).map((o) => o.session.session_name));
    return snap;
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

  /** Act once on what a listing shows (sweep.ts); returns the sessions as they are afterwards. */
  async sweep(): Promise<Session[]> {
    this.ensureEnabled();
    const snap = await this.snapshot();
    this.screens?.save(this.dir); // what the look saw, written down for the next process
    return sorted(await runSweep(this.core, snap));
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

  /** The output as lines (or its last `lines`), from the best copy there is (history.ts). */
  async captureHistory(nameOrId: string, lines?: number): Promise<string[]> {
    return lastLines(await (await output()).linesOf(this.core, await this.require(nameOrId)), lines);
  }

  /** The visible screen of a live session (what a person attached would see), else its last lines. */
  async captureScreen(nameOrId: string, rows: number): Promise<string[]> {
    return (await output()).screenOf(this.core, await this.require(nameOrId), rows);
  }

  /**
   * Every session and the screen of one of them (as captureScreen), from one snapshot: one tmux
   * listing and at most one capture, for a view that refreshes (the dashboard). `choose` sees the
   * fresh listing and names the session to capture (null: none). `screen` is null when none was
   * captured; `error` says why its output is unreadable. Pure, as listSessions().
   */
  async listWithScreen(choose: (sessions: Session[]) => string | null, rows: number): Promise<{ sessions: Session[]; screen: string[] | null; error: string | null }> {
    this.ensureEnabled();
    const { observed } = await this.snapshot();
    const sessions = sorted(observed);
    return { sessions, ...(await (await output()).chosenScreen(this.core, observed, choose(sessions), rows)) };
  }

  /** The bytes as the program wrote them (escapes kept), from the durable copy. */
  async rawOutput(nameOrId: string): Promise<Buffer> {
    return (await output()).rawOutput(await this.require(nameOrId));
  }

  /** Write the output to `file` (default: history_save_dir/<name>.log), mode 0600. */
  async saveHistory(nameOrId: string, file?: string): Promise<string> {
    return (await output()).saveHistory(this.core, await this.require(nameOrId), file);
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
    await (await remove()).removeSessions(this.core, [await this.require(nameOrId)], true, "killed");
  }

  /** Kill several: one listing, one capture call and one kill call for all of them. */
  async killSessions(sessions: Session[]): Promise<void> {
    const names = new Set(sessions.map((s) => s.session_name));
    await (await remove()).removeSessions(this.core, (await this.snapshot()).observed.filter((o) => names.has(o.session.session_name)), true, "killed");
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
    const [{ checkStartable }, { removeSessions }] = await Promise.all([import("./preflight.js"), remove()]);
    checkStartable(next, this.config);
    await removeSessions(this.core, [o], true, "restarted");
    return this.createSession(next);
  }

  /**
   * Start again every detached session (they were running when tmux vanished: a reboot,
   * kill-server) that the pattern matches; agents resume their conversation where its id is
   * known. Finished sessions never. With `dryRun`, only says what it would do.
   */
  async resurrect(pattern?: string, opts: { dryRun?: boolean } = {}): Promise<Resurrected[]> {
    await this.sweep();
    const { observed } = await this.snapshot();
    const chosen = new Set(matchSessions(observed.filter((o) => o.session.status === "detached").map((o) => o.session), pattern).map((s) => s.session_name));
    const out: Resurrected[] = [];
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
    return tmuxOf(this.core, o).attach(o.session.session_name, this.env);
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
    await tmuxOf(this.core, o).sendText(o.pane.paneId, text, enter);
    return o.session;
  }

  /**
   * Resolve when the session has ended (or vanished); reject on timeout, abort or removal. Pure.
   * The same wait as `gwq tmux wait` (wait.ts): events as they are appended, a listing now and then.
   */
  async waitSession(nameOrId: string, opts: WaitOptions = {}): Promise<Session> {
    const o = await this.require(nameOrId);
    const name = o.session.session_name;
    const { waitFor } = await import("./wait.js");
    const r = await waitFor({ sessions: [o.session], mode: "one", until: "ended", list: () => this.listSessions(), stateDir: this.stateDir, timeoutMs: opts.timeoutMs, signal: opts.signal, listEveryMs: opts.pollMs });
    if (r.timedOut) throw new WaitTimeout(name);
    if (!r.met[0]) throw new GwqError(`${name} was removed while waiting`);
    // An event says it ended; the listing has every field as it is now.
    return (await this.getSession(name)) ?? r.met[0];
  }

  /** Print new output as it arrives until the session ends (follow.ts). */
  async followHistory(nameOrId: string, write: (text: string) => void, opts: FollowOptions = {}): Promise<Session> {
    const o = await this.require(nameOrId);
    return (await output()).followOutput(this.core, o, () => this.getSession(o.session.session_name), write, opts);
  }

  /** Path of a session's record, for tools that watch the state dir. */
  recordFile(name: string): string {
    return this.core.store.recordPath(name);
  }
}

export class WaitTimeout extends GwqError {
  constructor(name: string) {
    super(`timed out waiting for ${name}`, 124);
  }
}
