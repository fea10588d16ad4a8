// Session records in the state dir, readable by any gwq process from any directory.
//   sessions/<name>.json      the session as created; written only by the process that created it
//   sessions/<name>.end.json  how it ended; written by the pane-died hook (or a listing that saw
//                             the session vanish without an end)
// Two files, two writers: no read-modify-write race between a creator and a fast-ending hook.
// Every write is temp file + rename (atomic); creation is temp file + link (atomic and exclusive),
// so concurrent runs can never take the same name or leave a half-written record.
import { accessSync, chmodSync, constants, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GwqError } from "../errors.js";
import { stateDir } from "../paths.js";
import { newId } from "./naming.js";

export interface Policy {
  auto_cleanup: boolean;
  keep_alive: boolean;
  history_auto_save: boolean;
  history_save_dir: string;
  tmux_command: string;
}

export interface StoredSession {
  version: 1;
  id: string;
  session_name: string;
  context: string;
  identifier: string;
  working_dir: string;
  command: string;
  pid: number | null;
  pane_id: string | null;
  start_time: string;
  worktree: string | null;
  history_size: number;
  metadata: Record<string, string>;
  /** What happens at the end, fixed when the session is created (the hook has no config). */
  policy: Policy;
}

export interface EndMark {
  exit_code: number | null;
  /** Signal number when the command died of one. */
  signal: number | null;
  end_time: string | null;
  history_file: string | null;
  /** Set when the session vanished without an end being seen. */
  detached_at?: string;
}

export interface Entry {
  record: StoredSession;
  end: EndMark | null;
}

export function sessionsDir(): string {
  return join(stateDir(), "sessions");
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

function writeTemp(dir: string, data: unknown): string {
  const tmp = join(dir, `.tmp-${process.pid}-${newId()}`);
  try {
    writeFileSync(tmp, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
  } catch (e) {
    throw new GwqError(`cannot write to the state directory ${dir} (${(e as NodeJS.ErrnoException).code})`);
  }
  return tmp;
}

/** Create a record under a name nobody holds yet. False when the name is taken. */
export function reserve(record: StoredSession, dir = sessionsDir()): boolean {
  ensureDir(dir);
  const tmp = writeTemp(dir, record);
  try {
    linkSync(tmp, recordPath(record.session_name, dir));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new GwqError(`cannot write to the state directory ${dir} (${(e as NodeJS.ErrnoException).code})`);
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
  ensureDir(dir);
  renameSync(writeTemp(dir, record), recordPath(record.session_name, dir));
}

export function writeEnd(name: string, end: EndMark, dir = sessionsDir()): void {
  ensureDir(dir);
  renameSync(writeTemp(dir, end), endPath(name, dir));
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export function readRecord(name: string, dir = sessionsDir()): StoredSession | null {
  try {
    const r = readJson<unknown>(recordPath(name, dir));
    return isRecord(r) ? r : null;
  } catch {
    return null;
  }
}

export function readEnd(name: string, dir = sessionsDir()): EndMark | null {
  try {
    const e = readJson<unknown>(endPath(name, dir));
    return isEnd(e) ? e : null;
  } catch {
    return null;
  }
}

const isStr = (v: unknown): v is string => typeof v === "string";
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const strOrNull = (v: unknown) => v === null || isStr(v);
const numOrNull = (v: unknown) => v === null || isNum(v);

/**
 * Every field the listing, matching, sorting and the end hook read, with its type: a record
 * damaged by hand or by a crash (wrong types, missing fields) is skipped, never trusted to crash
 * the listing later (e.g. `start_time: 5` once broke every sort).
 */
function isRecord(x: unknown): x is StoredSession {
  if (!isObj(x)) return false;
  const r = x as Record<string, unknown>;
  const p = r.policy;
  return (
    isStr(r.session_name) && isStr(r.id) && isStr(r.command) && isStr(r.working_dir) &&
    isStr(r.context) && isStr(r.identifier) && isStr(r.start_time) && !Number.isNaN(Date.parse(r.start_time)) &&
    numOrNull(r.pid) && strOrNull(r.pane_id) && strOrNull(r.worktree) && isNum(r.history_size) &&
    isObj(r.metadata) && Object.values(r.metadata).every(isStr) &&
    isObj(p) && typeof p.auto_cleanup === "boolean" && typeof p.keep_alive === "boolean" &&
    typeof p.history_auto_save === "boolean" && isStr(p.history_save_dir) && isStr(p.tmux_command)
  );
}

/** An end mark as written by writeEnd; anything else is damaged. */
function isEnd(x: unknown): x is EndMark {
  if (!isObj(x)) return false;
  return (
    numOrNull(x.exit_code) && numOrNull(x.signal) && strOrNull(x.end_time) && strOrNull(x.history_file) &&
    (x.detached_at === undefined || isStr(x.detached_at))
  );
}

/**
 * Every record with its end. Damaged or stray files are skipped with a warning, never fatal:
 * one bad file must not hide every other session.
 */
export function readAll(dir = sessionsDir()): { entries: Entry[]; warnings: string[]; orphanEnds: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], warnings: [], orphanEnds: [] };
    throw new GwqError(`cannot read the state directory ${dir} (${(e as NodeJS.ErrnoException).code})`);
  }
  const warnings: string[] = [];
  const entries: Entry[] = [];
  const set = new Set(names);
  const orphanEnds: string[] = [];
  for (const f of names) {
    if (f.startsWith(".tmp-")) continue;
    if (f.endsWith(".end.json")) {
      if (!set.has(f.slice(0, -".end.json".length) + ".json")) orphanEnds.push(f.slice(0, -".end.json".length));
      continue;
    }
    if (!f.endsWith(".json")) {
      warnings.push(`ignoring a stray file in the state directory: ${join(dir, f)}`);
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(readFileSync(join(dir, f), "utf8"));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // removed meanwhile
      warnings.push(`skipping a damaged session record: ${join(dir, f)}`);
      continue;
    }
    if (!isRecord(record) || `${record.session_name}.json` !== f) {
      warnings.push(`skipping a damaged session record: ${join(dir, f)}`);
      continue;
    }
    let end: EndMark | null = null;
    if (set.has(`${record.session_name}.end.json`)) {
      try {
        const e = readJson<unknown>(endPath(record.session_name, dir));
        if (e !== null && !isEnd(e)) throw new Error("damaged");
        end = e;
      } catch {
        warnings.push(`skipping a damaged end record: ${endPath(record.session_name, dir)}`);
      }
    }
    entries.push({ record, end });
  }
  return { entries, warnings, orphanEnds };
}

/** Remove a record and its end mark; already gone is fine. */
export function removeRecord(name: string, dir = sessionsDir()): void {
  for (const p of [recordPath(name, dir), endPath(name, dir)]) {
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
 */
export function writePrivateFile(path: string, dir: string, content: string): void {
  try {
    if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dir, 0o700);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, content, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    throw new GwqError(`cannot write ${path} (${reason(e)})`);
  }
}
