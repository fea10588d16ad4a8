// gwq's own small JSON files in its state directory (trusted config files, worktree deadlines):
// one table of entries under one key, `{"<key>": {"<name>": entry, ...}}`. A missing or damaged
// file is an empty table, and a FIFO or device at its name is never waited on; a write is atomic,
// mode 0600 in a 0700 directory.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { atomicWrite, readRegular } from "./fsx.js";
import { stateDir } from "./paths.js";

type Env = NodeJS.ProcessEnv;

/** The table under `key` in the state file `file` of `env`'s state directory. */
export function readStateTable<T>(file: string, key: string, env: Env = process.env): Record<string, T> {
  try {
    const parsed = JSON.parse(readRegular(join(stateDir(env), file), 16 * 1024 * 1024)?.toString("utf8") ?? "null");
    const table = parsed && typeof parsed === "object" ? parsed[key] : null;
    if (table && typeof table === "object" && !Array.isArray(table)) return table as Record<string, T>;
  } catch {
    // missing or damaged: an empty table
  }
  return {};
}

export function writeStateTable<T>(file: string, key: string, table: Record<string, T>, env: Env = process.env): void {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  atomicWrite(join(dir, file), JSON.stringify({ [key]: table }, null, 2) + "\n");
}
