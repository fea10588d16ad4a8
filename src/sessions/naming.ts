// Session names tmux never rewrites: gwq-{context}-{identifier}-{YYYYMMDDhhmmss}[-N].
import { randomHex } from "../builtins-lazy.js";
import { localOffsetMinutes } from "../tz.js";

const MAX_PART = 60;

/** Reduce to [A-Za-z0-9_-]: anything else becomes "-", runs collapse, ends trimmed. */
export function sanitizePart(text: string, fallback: string): string {
  const s = text
    .replace(/[^A-Za-z0-9_-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_PART)
    .replace(/-+$/g, "");
  return s || fallback;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/**
 * A date's local wall time, read through the UTC getters of a date moved by the zone's offset
 * (../tz.ts: no runtime time-zone data loaded), or through the local getters when the zone file
 * cannot tell; both give the same fields.
 */
function local(d: Date): { y: number; mo: number; day: number; h: number; mi: number; s: number; ms: number; off: number } {
  const off = localOffsetMinutes(d.getTime());
  if (off === null) {
    return { y: d.getFullYear(), mo: d.getMonth() + 1, day: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds(), ms: d.getMilliseconds(), off: -d.getTimezoneOffset() };
  }
  const w = new Date(d.getTime() + off * 60_000);
  return { y: w.getUTCFullYear(), mo: w.getUTCMonth() + 1, day: w.getUTCDate(), h: w.getUTCHours(), mi: w.getUTCMinutes(), s: w.getUTCSeconds(), ms: w.getUTCMilliseconds(), off };
}

/** Local time as YYYYMMDDhhmmss. */
export function stamp(d: Date): string {
  const t = local(d);
  return `${t.y}${pad(t.mo)}${pad(t.day)}${pad(t.h)}${pad(t.mi)}${pad(t.s)}`;
}

/** ISO 8601 in local time with its offset, e.g. 2026-11-25T10:30:45.123+01:00. */
export function isoLocal(d: Date): string {
  const t = local(d);
  const sign = t.off >= 0 ? "+" : "-";
  const abs = Math.abs(t.off);
  return `${t.y}-${pad(t.mo)}-${pad(t.day)}T${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}.${pad(t.ms, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Candidate names for a session, in order: the plain one, then -2, -3, … for same-second twins. */
export function sessionName(context: string, identifier: string, at: Date, attempt: number): string {
  const base = `gwq-${sanitizePart(context, "run")}-${sanitizePart(identifier, "session")}-${stamp(at)}`;
  return attempt <= 1 ? base : `${base}-${attempt}`;
}

export function newId(): string {
  return randomHex(4);
}
