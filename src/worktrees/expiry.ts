// `gwq add --expires` deadlines, kept in gwq's own state (not in the repository, not in a
// registry of worktrees): one JSON file keyed by worktree path, written atomically with mode 0600.
import { atomicWrite, readRegular } from "../fsx.js";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { stateDir } from "../paths.js";

export interface ExpiryEntry {
  path: string;
  branch: string;
  repository: string;
  /** Main worktree of its repository, where git is asked to remove it. */
  repo_root: string;
  /** ISO 8601. */
  expires_at: string;
}

interface ExpiryFile {
  worktrees: Record<string, ExpiryEntry>;
}

export function expiryPath(): string {
  return join(stateDir(), "expiry.json");
}

export function readExpiries(): ExpiryEntry[] {
  return Object.values(readFile().worktrees);
}

function readFile(): ExpiryFile {
  try {
    // A FIFO or device at its name holds no deadlines, and is never waited on.
    const parsed = JSON.parse(readRegular(expiryPath(), 16 * 1024 * 1024)?.toString("utf8") ?? "null");
    if (parsed && typeof parsed.worktrees === "object" && parsed.worktrees) return parsed as ExpiryFile;
  } catch {
    // missing or damaged: no deadlines
  }
  return { worktrees: {} };
}

function writeFile(data: ExpiryFile): void {
  const dir = stateDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = expiryPath();
  atomicWrite(path, JSON.stringify(data, null, 2) + "\n");
}

export function recordExpiry(entry: ExpiryEntry): void {
  const data = readFile();
  data.worktrees[entry.path] = entry;
  writeFile(data);
}

/** Drop deadlines for these paths (removed worktrees); writes only when something changed. */
export function forgetExpiries(paths: string[]): void {
  const data = readFile();
  let changed = false;
  for (const p of paths) {
    if (data.worktrees[p]) {
      delete data.worktrees[p];
      changed = true;
    }
  }
  if (changed) writeFile(data);
}

export function expiredEntries(now = Date.now()): ExpiryEntry[] {
  return readExpiries().filter((e) => Date.parse(e.expires_at) <= now);
}
