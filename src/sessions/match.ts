// Which sessions a pattern means (docs/sessions.md "Matching"): an exact session name, id or
// identifier wins; otherwise a case-insensitive substring of the name, identifier, context or
// worktree branch.
//
// An identifier is often reused (`--id tests` run again, `run -w feature/auth` twice): for the
// commands that act on one session (attach, logs, save, wait) it names its newest session, so
// "the tests run" means the latest one rather than a question. An exact match always wins over
// substrings, even when the exact session is detached: `attach api` must never take `api-v2`
// because `api` was killed outside gwq.
import type { Session } from "./types.js";

function isExact(s: Session, pattern: string): boolean {
  return s.session_name === pattern || s.id === pattern || s.identifier === pattern;
}

/** Sessions whose name, identifier, context or worktree branch contains `pattern` (any case), or whose id it is. */
export function substringMatches(sessions: Session[], pattern: string): Session[] {
  const p = pattern.toLowerCase();
  return sessions.filter((s) => s.id === pattern || [s.session_name, s.identifier, s.context, s.worktree ?? ""].some((field) => field.toLowerCase().includes(p)));
}

/** Every session the pattern means: the exact ones if any, else the substring ones. */
export function matchSessions(sessions: Session[], pattern: string | undefined): Session[] {
  if (pattern === undefined || pattern === "") return sessions;
  const exact = sessions.filter((s) => isExact(s, pattern));
  if (exact.length) return exact;
  return substringMatches(sessions, pattern);
}

/** Newest first (by start time; a later record wins a tie). */
export function newestFirst(sessions: Session[]): Session[] {
  return sessions
    .map((s, i) => ({ s, i, t: Date.parse(s.start_time) }))
    .sort((a, b) => (b.t || 0) - (a.t || 0) || b.i - a.i)
    .map((x) => x.s);
}

/**
 * What a pattern names for a command that acts on one session: an exact session name or id is
 * that session; an exact identifier is its newest session — the newest one `usable` accepts when
 * there is one (attach: one tmux still has); otherwise the substring matches (several: the caller
 * asks which). `exact` tells whether the result came from an exact match.
 */
export function matchOne(
  sessions: Session[],
  pattern: string | undefined,
  usable?: (s: Session) => boolean,
): { matches: Session[]; exact: boolean } {
  if (pattern === undefined || pattern === "") return { matches: sessions, exact: false };
  const byName = sessions.find((s) => s.session_name === pattern || s.id === pattern);
  if (byName) return { matches: [byName], exact: true };
  const byIdentifier = newestFirst(sessions.filter((s) => s.identifier === pattern));
  if (byIdentifier.length) return { matches: [(usable && byIdentifier.find(usable)) || byIdentifier[0]!], exact: true };
  return { matches: substringMatches(sessions, pattern), exact: false };
}
