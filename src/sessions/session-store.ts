// SessionStore: the one owner of a session's files in a sessions directory — their paths (one list,
// store.ts), reading them (regular files only, never blocking: store-read.ts), writing and removal.
// The file layout and who writes what is described at the top of store.ts.
import { readdirSync, statSync, unlinkSync } from "node:fs";
import type { EndMark, Entry, StoredSession } from "./store.js";
import {
  endPath,
  envPath,
  FACT_FILE,
  recordPath,
  removeRecord,
  reserve,
  restartsPath,
  rewrite,
  sessionFiles,
  sessionsDir,
  writeEnd,
  writeEnvFile,
} from "./store.js";
import { statePath } from "./state.js";
import { readAll, readEnd, readRecord } from "./store-read.js";

export class SessionStore {
  constructor(readonly dir: string) {}

  /** The store of the state dir `env` names (default: this process's environment). */
  static forEnv(env: NodeJS.ProcessEnv = process.env): SessionStore {
    return new SessionStore(sessionsDir(env));
  }

  recordPath(name: string): string {
    return recordPath(name, this.dir);
  }
  endPath(name: string): string {
    return endPath(name, this.dir);
  }
  statePath(name: string): string {
    return statePath(name, this.dir);
  }
  restartsPath(name: string): string {
    return restartsPath(name, this.dir);
  }
  envPath(name: string): string {
    return envPath(name, this.dir);
  }
  /** Every file a session has: its record first. */
  files(name: string): string[] {
    return sessionFiles(name, this.dir);
  }

  /** Whether the record is there (a session being removed loses it first). */
  has(name: string): boolean {
    try {
      statSync(this.recordPath(name));
      return true;
    } catch {
      return false;
    }
  }

  readAll(): { entries: Entry[]; warnings: string[]; orphanEnds: string[] } {
    return readAll(this.dir);
  }
  readRecord(name: string): StoredSession | null {
    return readRecord(name, this.dir);
  }
  readEnd(name: string): EndMark | null {
    return readEnd(name, this.dir);
  }

  /** Every readable record, by file name order; damaged ones and other files are skipped silently. */
  records(): StoredSession[] {
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: StoredSession[] = [];
    for (const f of files.sort()) {
      if (f.startsWith(".") || !f.endsWith(".json") || FACT_FILE.test(f)) continue;
      const name = f.slice(0, -".json".length);
      const r = readRecord(name, this.dir);
      if (r && r.session_name === name) out.push(r);
    }
    return out;
  }

  /** Create a record under a name nobody holds yet; false when the name is taken. */
  reserve(record: StoredSession): boolean {
    return reserve(record, this.dir);
  }
  rewrite(record: StoredSession): void {
    rewrite(record, this.dir);
  }
  writeEnd(name: string, end: EndMark): void {
    writeEnd(name, end, this.dir);
  }
  writeEnvFile(name: string, text: string): string {
    return writeEnvFile(name, text, this.dir);
  }

  /** Remove the record and every fact beside it (a failure to remove one is an error). */
  remove(name: string): void {
    removeRecord(name, this.dir);
  }

  /** Remove whatever is left of a session whose record is gone; errors are ignored. */
  removeLeftovers(name: string): void {
    for (const p of this.files(name).slice(1)) removeQuietly(p);
  }

  /** Remove one file of a session (the end mark a live pane contradicts); already gone is fine. */
  removeFile(path: string): void {
    removeQuietly(path);
  }
}

export function removeQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // already gone
  }
}
