// `gwq add --expires` deadlines, kept in gwq's own state (not in the repository, not in a
// registry of worktrees): one JSON file keyed by worktree path (src/state-file.ts).
import { readStateTable, writeStateTable } from "../state-file.js";

export interface ExpiryEntry {
  path: string;
  branch: string;
  repository: string;
  /** Main worktree of its repository, where git is asked to remove it. */
  repo_root: string;
  /** ISO 8601. */
  expires_at: string;
}

/** expiry.json: the deadlines by worktree path (src/state-file.ts). */
const FILE = "expiry.json";
const read = () => readStateTable<ExpiryEntry>(FILE, "worktrees");
const write = (table: Record<string, ExpiryEntry>) => writeStateTable(FILE, "worktrees", table);

export function readExpiries(): ExpiryEntry[] {
  return Object.values(read());
}

export function recordExpiry(entry: ExpiryEntry): void {
  const table = read();
  table[entry.path] = entry;
  write(table);
}

/** Drop deadlines for these paths (removed worktrees); writes only when something changed. */
export function forgetExpiries(paths: string[]): void {
  const table = read();
  let changed = false;
  for (const p of paths) {
    if (table[p]) {
      delete table[p];
      changed = true;
    }
  }
  if (changed) write(table);
}

export function expiredEntries(now = Date.now()): ExpiryEntry[] {
  return readExpiries().filter((e) => Date.parse(e.expires_at) <= now);
}
