// Reading a session's files: every read takes regular files only and never blocks (a FIFO or a
// link to /dev/zero named like a record is skipped), and a damaged file is a warning, never fatal.
// The files themselves are described in store.ts.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { GwqError } from "../errors.js";
import { readListedFile, readRegular } from "../fsx.js";
import { readState, statePath } from "./state.js";
import { endPath, FACT_FILE, recordPath, restartsPath, sessionsDir, type EndMark, type Entry, type RestartMark, type StoredSession } from "./store.js";

export function readJson<T>(path: string): T | null {
  const buf = readRegular(path, 1024 * 1024);
  return buf === null ? null : (JSON.parse(buf.toString("utf8")) as T);
}

/** A file of `path` that passes `check`; null when it is missing, damaged or not of that shape. */
function readChecked<T>(path: string, check: (x: unknown) => x is T): T | null {
  try {
    const x = readJson<unknown>(path);
    return check(x) ? x : null;
  } catch {
    return null;
  }
}

export function readRecord(name: string, dir = sessionsDir()): StoredSession | null {
  return readChecked(recordPath(name, dir), isRecord);
}

export function readEnd(name: string, dir = sessionsDir()): EndMark | null {
  return readChecked(endPath(name, dir), isEnd);
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
  let dirents: import("node:fs").Dirent[];
  try {
    dirents = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], warnings: [], orphanEnds: [] };
    throw new GwqError(`cannot read the state directory ${dir} (${(e as NodeJS.ErrnoException).code})`);
  }
  const warnings: string[] = [];
  const entries: Entry[] = [];
  const names: string[] = [];
  // Only regular files are ours: a FIFO or a link (to /dev/zero, say) is never opened.
  const regular = new Set<string>();
  for (const d of dirents) {
    names.push(d.name);
    if (d.isFile()) regular.add(d.name);
  }
  const set = new Set(names);
  const orphanEnds: string[] = [];
  for (const f of names) {
    if (f.startsWith(".")) continue;
    if (FACT_FILE.test(f)) {
      const base = f.replace(FACT_FILE, "");
      if (!set.has(base + ".json") && !orphanEnds.includes(base)) orphanEnds.push(base);
      continue;
    }
    if (!f.endsWith(".json")) {
      warnings.push(`ignoring a stray file in the state directory: ${join(dir, f)}`);
      continue;
    }
    if (!regular.has(f)) {
      warnings.push(`skipping a damaged session record: ${join(dir, f)}`);
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(readListedFile(join(dir, f)));
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
    if (regular.has(`${record.session_name}.end.json`)) {
      try {
        const e = readJson<unknown>(endPath(record.session_name, dir));
        if (e !== null && !isEnd(e)) throw new Error("damaged");
        end = e;
      } catch {
        warnings.push(`skipping a damaged end record: ${endPath(record.session_name, dir)}`);
      }
    }
    let restarts: RestartMark | null = null;
    if (regular.has(`${record.session_name}.restarts.json`)) {
      try {
        const r = readJson<RestartMark>(restartsPath(record.session_name, dir));
        if (r && isNum(r.restarts)) restarts = r;
      } catch {
        // damaged: counted as none
      }
    }
    const state = regular.has(basename(statePath(record.session_name, dir))) ? readState(record.session_name, dir) : null;
    entries.push({ record, end, restarts, state });
  }
  return { entries, warnings, orphanEnds };
}

