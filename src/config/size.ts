// Sizes as the config writes them: `50MB`, `512KB`, `1.5GB`, `2048B`, or a plain number of bytes.
// Units are binary, as `ls -h`, `du -h` and tmux's own buffers count: 1 KB = 1024 bytes,
// 1 MB = 1024 KB, 1 GB = 1024 MB. Case and a space before the unit do not matter.
import { GwqError } from "../errors.js";

const UNIT: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Smallest size accepted: a bound below it would keep nothing worth reading. */
export const MIN_SIZE = 1024;
/** Largest: far beyond any log, and still exact in shell arithmetic and JavaScript numbers. */
export const MAX_SIZE = 1024 ** 4;

/** Bytes, or null when `v` is not a size in [MIN_SIZE, MAX_SIZE]. */
export function parseSize(v: unknown): number | null {
  let bytes: number;
  if (typeof v === "number" || typeof v === "bigint") {
    bytes = Number(v);
  } else if (typeof v === "string") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(v);
    if (!m) return null;
    bytes = Number(m[1]) * UNIT[(m[2] ?? "b").toLowerCase()]!;
  } else {
    return null;
  }
  if (!Number.isFinite(bytes)) return null;
  bytes = Math.floor(bytes);
  return bytes >= MIN_SIZE && bytes <= MAX_SIZE ? bytes : null;
}

export function mustParseSize(v: unknown, what: string): number {
  const bytes = parseSize(v);
  if (bytes === null) throw new GwqError(`${what}: ${SIZE_EXPECTED}, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  return bytes;
}

export const SIZE_EXPECTED = 'expected a size like "50MB", "512KB" or "1GB" (1 KB = 1024 bytes), from 1KB to 1024GB';
