// Creating a session: check it can start, take a free name (the record is created exclusively, so
// two runs in the same second never share one), write the record, the private env file and the
// copy beside the output, then one tmux call; anything that fails on the way is cleaned up so no
// half-made session stays (README "How sessions work").
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { GwqError, ProcessError } from "../errors.js";
import { atomicWrite } from "../fsx.js";
import { gitCode } from "../git/git.js";
import { words } from "../shell.js";
import { hookCommand, type PaneInfo } from "../tmux/sessions.js";
import { isServerExiting } from "../tmux/tmux.js";
import { inferAgent } from "./agent-kind.js";
import { bootId } from "./boot.js";
import { logEvent, world, type Core } from "./core.js";
import { metaPath, pipeCommand, rawPath } from "./history.js";
import { isoLocal, newId, sessionName } from "./naming.js";
import { checkStartable } from "./preflight.js";
import { envFileText, forwardedEnv, recorderArgv } from "./recorder.js";
import { selfArgv } from "./runtime.js";
import { removeQuietly } from "./session-store.js";
import { observe } from "./status.js";
import type { StoredSession } from "./store.js";
import type { Session, SessionOptions } from "./types.js";

/** How often creation asks again when the server it reached was exiting (a new one starts). */
const CREATE_TRIES = 3;

/** How many names one second may take (`<name>`, `<name>-2`, ...) before creation gives up. */
export const MAX_ATTEMPTS = 50;

/** The argv that runs a shell command line exactly: no quoting, no re-parsing. */
export function commandArgv(shell: string, command: string): string[] {
  return [shell, "-c", command];
}

/** Run a user's argv as is: a constant script execs its positional arguments. */
export function execArgv(shell: string, argv: string[]): string[] {
  return [shell, "-c", 'exec "$0" "$@"', ...argv];
}

/** Default identifier: first word of the command and the directory name. */
export function defaultIdentifier(command: string | string[], workingDir: string): string {
  const first = Array.isArray(command) ? basename(command[0] ?? "") : (command.trim().split(/\s+/)[0] ?? "");
  const dirName = basename(workingDir);
  return [basename(first), dirName].filter(Boolean).join("-");
}

/** Start `opts` in a new detached tmux session; the record exists before tmux is asked. */
export async function createSession(core: Core, opts: SessionOptions): Promise<Session> {
  const { config, store } = core;
  checkStartable(opts, config);
  const save = config.history_auto_save;
  const saveDir = config.history_save_dir;
  // How an argv reads as one command line (shown in listings; never run through a shell).
  const command = opts.command ?? words(opts.argv!);
  const argv = opts.command !== undefined ? commandArgv(config.default_shell, opts.command) : execArgv(config.default_shell, opts.argv!);
  const context = opts.context ?? "run";
  const worktree = opts.worktree !== undefined ? opts.worktree : await branchHolding(opts.workingDir);
  const agent = opts.agent !== undefined ? opts.agent : inferAgent(opts.command ?? opts.argv!, context);
  const at = new Date(core.now());
  const self = selfArgv();

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
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
      working_dir: opts.workingDir,
      command,
      pid: null,
      pane_id: null,
      start_time: isoLocal(at),
      worktree,
      history_size: config.history_limit,
      metadata: { ...(opts.metadata ?? {}) },
      policy: {
        auto_cleanup: opts.autoCleanup ?? config.auto_cleanup_completed,
        keep_alive: config.keep_alive,
        history_auto_save: save,
        history_save_dir: saveDir,
        tmux_command: config.tmux_command,
        notify: core.notify,
      },
      agent,
      server: null,
      boot_id: bootId(),
      output: save ? { raw: rawPath(saveDir, name), max_bytes: config.log_max_size } : null,
      ...(opts.command === undefined ? { argv: [...opts.argv!] } : {}),
      ...(opts.restart && opts.restart.mode !== "no" ? { restart: opts.restart } : {}),
      ...(opts.agentSessionId ? { agent_session_id: opts.agentSessionId } : {}),
    };
    if (!store.reserve(record)) continue; // same second, same name: take the next suffix
    // Logged before tmux starts the command, so it comes before the command's own `ended`.
    logEvent(core, record, "created", { command });
    const cleanUp = () => {
      store.remove(name);
      if (save) removeQuietly(metaPath(saveDir, name));
      logEvent(core, record, "removed", { reason: "not-started" });
    };
    const env = forwardedEnv(core.env, { GWQ_SESSION_ID: id, GWQ_SESSION_NAME: name, GWQ_STATE_DIR: core.stateDir });
    let created;
    try {
      if (save) atomicWrite(metaPath(saveDir, name), JSON.stringify(record, null, 2) + "\n");
      for (let attempt = 1; ; attempt++) {
        // Written on each try: a recorder that started before its server died has removed it.
        const envFile = store.writeEnvFile(name, envFileText(env));
        try {
          created = await core.tmux.createSession(
            {
              name,
              id,
              argv: recorderArgv({ self, envFile, sessionsDir: store.dir, name, argv, restart: record.restart }),
              historyLimit: config.history_limit,
              pipe: record.output ? pipeCommand(record.output) : null,
              hook: hookCommand(self, store.dir, name),
            },
            opts.workingDir,
          );
          break;
        } catch (e) {
          // The server was exiting (its last session just closed) as we connected: it is gone
          // with nothing of ours in it, and the next call starts a new one (docs/tmux-facts.md).
          if (attempt < CREATE_TRIES && isServerExiting(e)) continue;
          throw e;
        }
      }
    } catch (e) {
      cleanUp();
      // A tmux session of that name that gwq did not make: leave it alone, take the next name.
      if (e instanceof ProcessError && /duplicate session/.test(e.stderr)) continue;
      // new-session may have worked before a later step failed: remove what we made.
      await core.tmux.killSessions([name]).catch(() => {});
      if (e instanceof ProcessError && /command too long/.test(e.stderr)) {
        throw new GwqError("the command is too long for tmux (about 16 KiB in all)");
      }
      throw e;
    }
    if (!created.paneId) {
      // tmux said nothing it would say on success (tmux_command is not tmux?): nothing runs.
      cleanUp();
      throw new GwqError(`${config.tmux_command} did not start the session (is tmux.tmux_command a tmux?)`);
    }
    // `kill --all` may have removed the record while tmux was busy: then the session goes too,
    // rather than coming back as a detached record.
    if (!store.has(name)) {
      await core.tmux.killSessions([name]).catch(() => {});
      throw new GwqError(`${name} was killed while it was starting`);
    }
    record.pid = created.pid;
    record.pane_id = created.paneId;
    record.server = created.server;
    record.socket = created.socket;
    try {
      // The copy beside the output (written before tmux was asked) needs no pane: it is only read
      // to find a removed session's output by name or identifier.
      store.rewrite(record);
    } catch (e) {
      await core.tmux.killSessions([name]).catch(() => {});
      cleanUp();
      throw e;
    }
    // What we just made, without listing everything again (bulk creation stays linear).
    const pane = createdPane(name, id, created);
    return observe({ record, end: store.readEnd(name) }, [pane], world(core, created.server)).session;
  }
  throw new GwqError(`could not find a free session name (${MAX_ATTEMPTS} sessions started this second?)`);
}

function createdPane(name: string, id: string, c: { pid: number | null; paneId: string | null; server: string | null; socket: string | null }): PaneInfo {
  return {
    session: name, paneId: c.paneId ?? "", pid: c.pid, dead: false, deadStatus: null, deadSignal: null, attached: false,
    activity: null, gwqId: id, server: c.server, historySize: 0, historyLimit: null, height: null, alternate: false, socket: c.socket,
  };
}

/** Branch of the worktree holding `dir` (null outside a repository; "HEAD" stays for detached). */
async function branchHolding(dir: string): Promise<string | null> {
  const r = await gitCode(["rev-parse", "--abbrev-ref", "HEAD"], { cwd: dir }).catch(() => null);
  if (!r || r.code !== 0) return null;
  const b = r.stdout.trim();
  return b || null;
}
