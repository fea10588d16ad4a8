// Session names tmux never rewrites: gwq-{context}-{identifier}-{YYYYMMDDhhmmss}[-N].
import { randomHex } from "../crypto-lazy.js";

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

/** Local time as YYYYMMDDhhmmss. */
export function stamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** ISO 8601 in local time with its offset, e.g. 2026-11-25T10:30:45.123+01:00. */
export function isoLocal(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const abs = Math.abs(off);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${pad(d.getMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Candidate names for a session, in order: the plain one, then -2, -3, … for same-second twins. */
export function sessionName(context: string, identifier: string, at: Date, attempt: number): string {
  const base = `gwq-${sanitizePart(context, "run")}-${sanitizePart(identifier, "session")}-${stamp(at)}`;
  return attempt <= 1 ? base : `${base}-${attempt}`;
}

export function newId(): string {
  return randomHex(4);
}
