// One resurrect per detached session, however many run at once (two terminals opening at login,
// each running `gwq tmux resurrect` from the shell profile). Before starting a detached session
// again, a resurrect claims it: under the state dir's short lock (events/lock.ts), it checks the
// record is still there and nobody alive holds a claim, then writes its own. The claim is given
// back after the old record is removed, so a later claimer finds no record and starts nothing.
// A claim left by a process that died is taken over.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { os } from "../builtins-lazy.js";
import { join } from "node:path";
import { acquire, release } from "../events/lock.js";
import { recordPath } from "./store.js";

function claimPath(dir: string, name: string): string {
  // A leading dot: listings never read it as a record or a stray file.
  return join(dir, `.resurrect-${name}`);
}

function holderAlive(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return false;
  }
  const m = /^(\d+) (\S+)/.exec(text);
  if (!m) return false;
  if (m[2] !== os().hostname()) return true; // another host's: only it can tell
  try {
    process.kill(Number(m[1]), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Claim session `name` for resurrecting; a function giving it back, or null when not ours to start. */
export function claimResurrect(dir: string, name: string): (() => void) | null {
  const path = claimPath(dir, name);
  const lock = acquire(join(dir, ".resurrect.lock"));
  try {
    if (!existsSync(recordPath(name, dir))) return null; // another resurrect finished it
    if (holderAlive(path)) return null; // another resurrect is starting it now
    writeFileSync(path, `${process.pid} ${os().hostname()}\n`, { mode: 0o600 });
  } finally {
    release(lock);
  }
  return () => {
    try {
      unlinkSync(path);
    } catch {
      // gone already
    }
  };
}
