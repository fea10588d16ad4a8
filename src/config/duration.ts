// Durations as the config and flags write them: Go-style `1h30m`, `90m`, `45s`, `500ms`, plus
// days (`7d`), and `0`. Returned in milliseconds.
import { GwqError } from "../errors.js";

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parse a duration; returns null when it is not one. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (t === "0") return 0;
  // One pass of one sticky expression (every config load parses several durations).
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
  let total = 0;
  while (part.lastIndex < t.length) {
    const m = part.exec(t);
    if (!m) return null;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return t ? Math.round(total) : null;
}

export function mustParseDuration(text: string, what: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new GwqError(`${what}: expected a duration like 24h, 90m, 1h30m or 0, got "${text}"`);
  return ms;
}

/** `45s`, `12m`, `1h 25m`, `2d 3h` (docs/sessions.md "Listing"). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}
