// A short-lived exclusive lock between processes, synchronous (hooks call it and must return at
// once). Node has no flock(), so the lock is a file created with O_EXCL ("wx"): creating it is
// taking it, removing it is giving it back. The holder writes "<pid> <host>" into it.
//
// A holder keeps the lock for microseconds (read a few KB, write one line), so a lock that stays
// longer belongs to a process that died or was stopped while holding it. It is broken when its
// holder's pid is gone (same host), or when it is older than STALE_MS whatever the pid says (a pid
// may have been reused, or the state dir shared between hosts). Breaking is itself guarded: a
// breaker takes a second O_EXCL file, checks again that the lock is still the stale one, and only
// then removes it, so two breakers can never remove a lock a live process has just taken.
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { readRegular } from "../fsx.js";

let host: string | undefined;
/**
 * This machine's name, as os.hostname() gives it: on Linux read from /proc (the kernel's own
 * copy), so an agent's hook does not load node:os for it.
 */
function hostname(): string {
  if (host === undefined) {
    try {
      host = readFileSync("/proc/sys/kernel/hostname", "utf8").trim();
    } catch {
      host = "";
    }
    host ||= (createRequire(import.meta.url)("node:os") as typeof import("node:os")).hostname();
  }
  return host;
}

export const STALE_MS = 10_000;
/** Give up after this long: only a lock held by a stopped process for STALE_MS can take that. */
const GIVE_UP_MS = 30_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

export class LockTimeout extends Error {}

export interface Held {
  path: string;
  fd: number;
  /** Inode and mtime of the file we created: how release() knows the lock is still ours. */
  ino: number;
  mtimeMs: number;
}

function tryCreate(path: string): Held | null {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return null;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid} ${hostname()}\n`);
  } catch {
    // the content only helps others judge staleness; an empty lock still locks
  }
  const st = fstatSync(fd);
  return { path, fd, ino: st.ino, mtimeMs: st.mtimeMs };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is someone else's.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock file's inode when it is stale, else null (absent, fresh, or held by a live process). */
function staleIno(path: string, now: number): number | null {
  let st;
  let text: string;
  try {
    st = lstatSync(path);
    // Only a regular file is a lock: anything else put at its name (a FIFO, which reading would
    // wait on forever; a link) was never taken by gwq, so it is removed at once.
    if (!st.isFile()) return st.ino;
    text = readRegular(path, 4096)?.toString("utf8") ?? "";
  } catch {
    return null;
  }
  if (now - st.mtimeMs > STALE_MS) return st.ino;
  const m = /^(\d+) (\S+)/.exec(text);
  // Empty: its creator is between open and write. Another host: only age can tell.
  if (!m || m[2] !== hostname()) return null;
  const pid = Number(m[1]);
  if (pid === process.pid) return null;
  return pidAlive(pid) ? null : st.ino;
}

/** Remove the lock at `path` if it is stale, under a guard so breakers never race each other. */
function breakIfStale(path: string): void {
  const now = Date.now();
  if (staleIno(path, now) === null) return;
  const guardPath = `${path}.break`;
  const guard = tryCreate(guardPath);
  if (!guard) {
    // Another process is breaking it right now (microseconds), or died doing so.
    try {
      if (now - statSync(guardPath).mtimeMs > STALE_MS) unlinkSync(guardPath);
    } catch {
      // gone already
    }
    return;
  }
  try {
    // Checked again under the guard: the lock judged stale may have been broken and retaken.
    const ino = staleIno(path, Date.now());
    if (ino !== null) {
      try {
        unlinkSync(path);
      } catch {
        // gone already
      }
    }
  } finally {
    release(guard);
  }
}

/** Take the lock at `path`, waiting (synchronously) while another process holds it. */
export function acquire(path: string): Held {
  const start = Date.now();
  let delay = 0.05;
  for (let attempt = 0; ; attempt++) {
    const held = tryCreate(path);
    if (held) return held;
    // Cheap to check, but not on every spin: most waits last a few microseconds.
    if (attempt % 8 === 7) breakIfStale(path);
    if (Date.now() - start > GIVE_UP_MS) throw new LockTimeout(`could not take the lock ${path} in ${GIVE_UP_MS / 1000}s`);
    // Jittered backoff from 50µs to 5ms: many waiters do not wake in step.
    sleepMs(delay * (0.5 + Math.random()));
    delay = Math.min(5, delay * 2);
  }
}

/** Give the lock back: remove the file only while it is still ours (it may have been broken). */
export function release(held: Held): void {
  try {
    const st = statSync(held.path);
    if (st.ino === held.ino && st.mtimeMs === held.mtimeMs) unlinkSync(held.path);
  } catch {
    // already removed (broken as stale): nothing of ours to remove
  } finally {
    try {
      closeSync(held.fd);
    } catch {
      // closed already
    }
  }
}
