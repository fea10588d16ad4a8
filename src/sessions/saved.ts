// Output kept for sessions whose records are gone (killed, expired, restarted): a copy of the
// record (`<name>.json`) sits beside the output in history_save_dir, so `logs <name or
// identifier>` still finds it. Read only when a live session does not answer the pattern.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareTime } from "../compare.js";
import { GwqError } from "../errors.js";
import { historyPath, lastLines, metaPath, rawBytes, rawExists, readHistoryFile, renderRaw } from "./history.js";
import type { StoredSession } from "./store.js";

/** A session whose record is gone but whose output was kept (found by name or identifier). */
export interface SavedOutput {
  record: StoredSession;
  lines: () => Promise<string[]>;
  raw: () => Promise<Buffer | null>;
}

/**
 * Outputs kept for sessions whose records are gone, newest first: an exact session name, id or
 * identifier first, else a substring of the name or identifier. `nameOnly`: by exact session name,
 * one file to look at rather than the whole directory.
 */
export function findSavedOutputs(saveDir: string, pattern: string, opts: { nameOnly?: boolean } = {}): SavedOutput[] {
  let names: string[];
  try {
    // By exact session name: one file to look at, not the whole directory.
    names = opts.nameOnly ? (/^gwq-[A-Za-z0-9_-]+$/.test(pattern) && existsSync(metaPath(saveDir, pattern)) ? [`${pattern}.json`] : []) : readdirSync(saveDir).filter((f) => f.startsWith("gwq-") && f.endsWith(".json"));
  } catch {
    return [];
  }
  const records: StoredSession[] = [];
  for (const f of names) {
    try {
      const r = JSON.parse(readFileSync(join(saveDir, f), "utf8")) as StoredSession;
      if (typeof r?.session_name === "string" && typeof r.identifier === "string" && `${r.session_name}.json` === f) records.push(r);
    } catch {
      // not one of ours
    }
  }
  const exact = records.filter((r) => r.session_name === pattern || r.identifier === pattern || r.id === pattern);
  const p = pattern.toLowerCase();
  const found = exact.length ? exact : records.filter((r) => r.session_name.toLowerCase().includes(p) || r.identifier.toLowerCase().includes(p));
  found.sort((a, b) => compareTime(b.start_time, a.start_time));
  return found.map((record) => {
    const log = historyPath(saveDir, record.session_name);
    return {
      record,
      lines: async () => {
        if (existsSync(log)) return lastLines(readHistoryFile(log), record.history_size);
        if (rawExists(record.output)) return lastLines(await renderRaw(record.output), record.history_size);
        throw new GwqError(`no output kept for ${record.session_name}`);
      },
      raw: async () => (rawExists(record.output) ? rawBytes(record.output) : null),
    };
  });
}
