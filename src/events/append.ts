// Appending to the event log, `<stateDir>/events.jsonl` (docs/events.md). Synchronous and fast: the
// recorder, hooks and `gwq tmux state` call it and must return at once.
//
// Under the lock (lock.ts): read the last line's seq (one read of the file's tail), rotate when
// the file is past MAX_BYTES, write the new line with a single O_APPEND write. The lock is what
// makes seq rise by exactly one per event across processes; O_APPEND and one write per line are
// what keep a reader from ever seeing two lines interleaved. Rotation keeps one older file,
// events.jsonl.1; seq carries on across it (read from the old file before it moves), and readers
// read both.
//
// The notifier, when the session's policy asks for one, is spawned after the lock is released and
// never waited for (notify.ts).
import { closeSync, constants, fstatSync, mkdirSync, readSync, renameSync, writeSync } from "node:fs";
import { NotRegularFile, openRegular } from "../fsx.js";
import { join } from "node:path";
import { GwqError } from "../errors.js";
import { isoLocal } from "../sessions/naming.js";
import { acquire, LockTimeout, release } from "./lock.js";
import { notify } from "./notify.js";
import type { EventInput, GwqEvent, NotifyPolicy } from "./types.js";

export const EVENTS_FILE = "events.jsonl";
/** Past this size the log is rotated (docs/events.md: bounded). */
export const MAX_BYTES = 10 * 1024 * 1024;

export function eventsPath(stateDir: string): string {
  return join(stateDir, EVENTS_FILE);
}

/** The one older file kept by rotation. */
export function rotatedPath(stateDir: string): string {
  return `${eventsPath(stateDir)}.1`;
}

export function lockPath(stateDir: string): string {
  return join(stateDir, "events.lock");
}

/** A line of the log as an event, or null when it is damaged (half-written, edited by hand). */
export function parseEvent(line: string): GwqEvent | null {
  if (!line.trim()) return null;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const e = v as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return null;
  if (typeof e.type !== "string" || typeof e.session !== "string" || typeof e.time !== "string") return null;
  return e as unknown as GwqEvent;
}

interface Tail {
  /** seq of the last well-formed line; null when there is none. */
  seq: number | null;
  size: number;
  /** The file is empty or its last byte is a newline (else the next line must start with one). */
  endsWithNewline: boolean;
}

/**
 * Open a log file for reading, or null when there is none. Only a regular file counts, opened
 * without blocking: a FIFO planted at its name is never waited on.
 */
export function openLog(path: string): number | null {
  try {
    return openRegular(path, constants.O_RDONLY);
  } catch (e) {
    if (e instanceof NotRegularFile) return null;
    const code = (e as NodeJS.ErrnoException).code;
    // No log yet, or no state dir at all (a file in its way): no events.
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new GwqError(`cannot read the event log ${path} (${code ?? (e as Error).message})`);
  }
}

/** The last well-formed line's seq, reading the file backwards in chunks (normally one read). */
export function tailOf(path: string): Tail {
  const fd = openLog(path);
  if (fd === null) return { seq: null, size: 0, endsWithNewline: true };
  try {
    const size = fstatSync(fd).size;
    const tail: Tail = { seq: null, size, endsWithNewline: true };
    let end = size;
    let carry = Buffer.alloc(0);
    const CHUNK = 16 * 1024;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const buf = Buffer.alloc(end - start);
      readSync(fd, buf, 0, buf.length, start);
      if (end === size) tail.endsWithNewline = buf[buf.length - 1] === 0x0a;
      const data = carry.length ? Buffer.concat([buf, carry]) : buf;
      const lines = data.toString("utf8").split("\n");
      // The first piece may begin before `start`: keep it for the next (earlier) chunk.
      const first = start > 0 ? 1 : 0;
      for (let i = lines.length - 1; i >= first; i--) {
        const ev = parseEvent(lines[i]!);
        if (ev) {
          tail.seq = ev.seq;
          return tail;
        }
      }
      carry = start > 0 ? data.subarray(0, data.indexOf(0x0a) < 0 ? data.length : data.indexOf(0x0a)) : Buffer.alloc(0);
      end = start;
    }
    return tail;
  } finally {
    closeSync(fd);
  }
}

/** What a check says: false, nothing to append; true, append; an object, append with this detail too. */
export type Check = boolean | Record<string, unknown>;

export interface AppendOptions {
  /** Rotate past this many bytes (tests use a small value). */
  maxBytes?: number;
}

function failure(stateDir: string, e: unknown): GwqError {
  if (e instanceof GwqError) return e;
  if (e instanceof LockTimeout) return new GwqError(`cannot append to the event log: ${e.message}`);
  if (e instanceof NotRegularFile) return new GwqError(`cannot append to the event log ${eventsPath(stateDir)} (${e.kind} is in its place)`);
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new GwqError(`cannot append to the event log ${eventsPath(stateDir)} (${code})`);
}

/**
 * Append one event: seq and time are assigned under the lock. When `check` is given it runs under
 * the same lock first, and nothing is appended unless it returns true (or detail to add, such as
 * a state's `from`, read under the lock): a writer can test and write its fact and log the event
 * as one step no other writer can cut into (two sweeps that both see a session vanish append one
 * `detached`, not two).
 */
function write(stateDir: string, ev: EventInput, opts: AppendOptions, check?: () => Check): GwqEvent | null {
  let held;
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    held = acquire(lockPath(stateDir));
  } catch (e) {
    throw failure(stateDir, e);
  }
  try {
    const verdict = check ? check() : true;
    if (!verdict) return null;
    if (typeof verdict === "object") ev = { ...ev, ...verdict };
    const path = eventsPath(stateDir);
    let tail = tailOf(path);
    // An empty (just rotated) or wholly damaged file: seq continues from the older one.
    const last = tail.seq ?? tailOf(rotatedPath(stateDir)).seq ?? 0;
    if (tail.size >= (opts.maxBytes ?? MAX_BYTES)) {
      renameSync(path, rotatedPath(stateDir));
      tail = { seq: null, size: 0, endsWithNewline: true };
    }
    const { type, session, id, identifier, context, worktree, ...detail } = ev;
    delete detail.seq;
    delete detail.time;
    const event: GwqEvent = { seq: last + 1, time: isoLocal(new Date()), type, session, id, identifier, context, worktree: worktree ?? null, ...detail };
    // A damaged last line without its newline must not swallow ours.
    const line = (tail.endsWithNewline ? "" : "\n") + JSON.stringify(event) + "\n";
    // Never through a link planted at its name, never waiting on a FIFO planted there.
    const fd = openRegular(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW);
    try {
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
    return event;
  } catch (e) {
    throw failure(stateDir, e);
  } finally {
    release(held);
  }
}

/** Append one event to `<stateDir>/events.jsonl`; then notify (detached) when `policy` asks. */
export function appendEvent(stateDir: string, ev: EventInput, policy?: NotifyPolicy | null, opts: AppendOptions = {}): GwqEvent {
  const event = write(stateDir, ev, opts)!;
  if (policy) notify(event, policy);
  return event;
}

/**
 * Append only if `check()`, run under the log's lock, says so (it may write the fact the event
 * reports, and return detail to add). Returns the event, or null when nothing was appended.
 */
export function appendEventIf(stateDir: string, ev: EventInput, check: () => Check, policy?: NotifyPolicy | null, opts: AppendOptions = {}): GwqEvent | null {
  const event = write(stateDir, ev, opts, check);
  if (event && policy) notify(event, policy);
  return event;
}
