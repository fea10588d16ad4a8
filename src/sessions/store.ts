// Session records in the state dir, readable by any gwq process from any directory. A session is
// a few small facts, each with one writer:
//   sessions/<name>.json        the session as created; written only by the process that created it
//   sessions/<name>.end.json    how it ended (the recorder in the pane, or the sweep that saw the
//                               session vanish without an end)
//   sessions/<name>.state.json  what an agent is doing (a hook or `gwq tmux state`)
//   sessions/<name>.activity.json  the activity-derived state the sweep last logged (events/observed.ts)
//   sessions/<name>.env         the caller's environment, read and removed by the recorder
// No read-modify-write race between writers. Every write is temp file + rename (atomic);
// creation is temp file + link (atomic and exclusive), so concurrent runs can never take the same
// name or leave a half-written record. Reads take regular files only and never block.
import { accessSync, constants, linkSync, lstatSync, mkdirSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { GwqError } from "../errors.js";
import { atomicWrite, createExclusive } from "../fsx.js";
import { stateDir } from "../paths.js";
import { newId } from "./naming.js";
import { statePath, type StateMark } from "./state.js";
import { activityPath } from "../events/observed.js";
import type { NotifyPolicy } from "../events/types.js";
import type { RestartPolicy, SessionFacts } from "./types.js";

export interface Policy {
  auto_cleanup: boolean;
  keep_alive: boolean;
  history_auto_save: boolean;
  history_save_dir: string;
  tmux_command: string;
  /** `[notify]` at creation (events/notify.ts), so the recorder and hooks never load config. Absent in older records. */
  notify?: NotifyPolicy | null;
}

/** Where a session's output is kept outside tmux, and its bound. */
export interface OutputSpec {
  /** The raw byte stream tmux's pipe-pane appends to (an older segment may sit at `<raw>.1`). */
  raw: string;
  max_bytes: number;
}

export interface StoredSession extends SessionFacts {
  version: 1;
  pane_id: string | null;
  /** What happens at the end, fixed when the session is created (the hook has no config). */
  policy: Policy;
  /** The agent running in the session (claude, codex, ...), or null. Absent in older records. */
  agent?: string | null;
  /** The tmux server the session was made on (`<pid>:<start time>`), to tell why it vanished. */
  server?: string | null;
  /**
   * The socket path of that server: every later tmux call about the session goes there
   * (tmux/servers.ts). Absent in older records: the server tmux picks is asked.
   */
  socket?: string | null;
  /** The machine's boot id when the session was made (Linux), to tell a reboot. */
  boot_id?: string | null;
  /** The durable copy of its output; null when history_auto_save is off. */
  output?: OutputSpec | null;
  /** The argv as given after `--` (run again as is on restart); absent for a command line. */
  argv?: string[];
  /** The conversation a resumed agent run continues (restart --resume): kept if that run fails. */
  agent_session_id?: string;
  /** Restart policy, run by the recorder in the pane. */
  restart?: RestartPolicy;
}

export interface EndMark {
  exit_code: number | null;
  /** Signal number when the command died of one. */
  signal: number | null;
  end_time: string | null;
  history_file: string | null;
  /** Set when the session vanished without an end being seen. */
  detached_at?: string;
  detached_reason?: DetachedReason;
}

export type DetachedReason = "server-exited" | "session-killed" | "rebooted";

/** Written by the recorder each time a restart policy runs the command again. */
export interface RestartMark {
  restarts: number;
  last_exit: number | null;
  at: string;
}

export interface Entry {
  record: StoredSession;
  end: EndMark | null;
  restarts?: RestartMark | null;
  /** The state mark (state.ts): what a hook or `gwq tmux state` last reported. */
  state?: StateMark | null;
}

/** Where the records are, for the environment given (default: this process's). */
export function sessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), "sessions");
}

/** Why a file operation failed, in words: EEXIST/ENOTDIR from mkdir mean a file is in the way. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EEXIST" || code === "ENOTDIR") return "a file is in the way of a directory";
  return code ?? (e as Error).message;
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new GwqError(`cannot create the state directory ${dir} (${reason(e)})`);
  }
}

/**
 * Make sure histories can be saved, before a session is started: found out only when the command
 * ends, the problem would cost its output. Creates the directory (0700) when missing.
 */
export function ensureHistoryDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new GwqError(`cannot save histories in ${dir} (${reason(e)}): fix it, or set tmux.history_save_dir or tmux.history_auto_save = false`);
  }
}

export function recordPath(name: string, dir = sessionsDir()): string {
  return join(dir, `${name}.json`);
}

export function endPath(name: string, dir = sessionsDir()): string {
  return join(dir, `${name}.end.json`);
}

function failWrite(dir: string, e: unknown): never {
  throw new GwqError(`cannot write to the state directory ${dir} (${reason(e)})`);
}

function json(data: unknown): string {
  return JSON.stringify(data, null, 2) + "\n";
}

/** Write one of a session's JSON files (atomic); a failure names the state directory. */
function writeJson(path: string, data: unknown, dir: string): void {
  ensureDir(dir);
  try {
    atomicWrite(path, json(data));
  } catch (e) {
    failWrite(dir, e);
  }
}

/** Create a record under a name nobody holds yet. False when the name is taken. */
export function reserve(record: StoredSession, dir = sessionsDir()): boolean {
  ensureDir(dir);
  const tmp = join(dir, `.tmp-${process.pid}-${newId()}`);
  try {
    if (!createExclusive(tmp, json(record))) failWrite(dir, Object.assign(new Error("exists"), { code: "EEXIST" }));
    linkSync(tmp, recordPath(record.session_name, dir));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    if (e instanceof GwqError) throw e;
    return failWrite(dir, e);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/** Replace a record we created (atomic). */
export function rewrite(record: StoredSession, dir = sessionsDir()): void {
  writeJson(recordPath(record.session_name, dir), record, dir);
}

export function writeEnd(name: string, end: EndMark, dir = sessionsDir()): void {
  writeJson(endPath(name, dir), end, dir);
}

export function restartsPath(name: string, dir = sessionsDir()): string {
  return join(dir, `${name}.restarts.json`);
}

export function writeRestarts(name: string, mark: RestartMark, dir = sessionsDir()): void {
  writeJson(restartsPath(name, dir), mark, dir);
}

export function envPath(name: string, dir = sessionsDir()): string {
  return join(dir, `${name}.env`);
}

/** The caller's environment for the recorder: 0600, created exclusively, removed once read. */
export function writeEnvFile(name: string, text: string, dir = sessionsDir()): string {
  ensureDir(dir);
  const p = envPath(name, dir);
  try {
    if (!createExclusive(p, text)) {
      unlinkSync(p); // a leftover of an interrupted run of this very name
      if (!createExclusive(p, text)) throw Object.assign(new Error("exists"), { code: "EEXIST" });
    }
  } catch (e) {
    failWrite(dir, e);
  }
  return p;
}


/** Every file of a session: its record first, then each fact beside it (the list above). */
export function sessionFiles(name: string, dir = sessionsDir()): string[] {
  return [recordPath(name, dir), endPath(name, dir), statePath(name, dir), activityPath(name, dir), restartsPath(name, dir), envPath(name, dir)];
}

/** The names of the facts beside a record (anything else ending in .json is a record). */
export const FACT_FILE = /\.(end\.json|state\.json|activity\.json|restarts\.json|env)$/;

/** Remove a record and every fact beside it; already gone is fine. */
export function removeRecord(name: string, dir = sessionsDir()): void {
  for (const p of sessionFiles(name, dir)) {
    try {
      unlinkSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new GwqError(`cannot remove ${p} (${(e as NodeJS.ErrnoException).code})`);
    }
  }
}

/**
 * Write a history file (0600) in its directory. A directory gwq creates is made 0700; one that
 * already existed keeps its mode: it is the user's (`gwq tmux save x /tmp/x.log` once turned /tmp
 * into 0700, and a history_save_dir from an untrusted .gwq.toml could name any directory).
 * `create`: make the directory when missing (history_save_dir); false for a path the user gave.
 */
export function writePrivateFile(path: string, dir: string, content: string, create = true): void {
  try {
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    else if (!statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    // The file itself must not be a link planted to make us write elsewhere.
    try {
      if (lstatSync(path).isSymbolicLink()) throw Object.assign(new Error("a symbolic link is in the way"), { code: "ELOOP" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    atomicWrite(path, content);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GwqError(`cannot write ${path}: the directory ${dir} does not exist`);
    throw new GwqError(`cannot write ${path} (${code === "ELOOP" ? "a symbolic link is in the way" : reason(e)})`);
  }
}
