// Which sessions a pattern means (CONTRACT §1 "Matching"): an exact session name, id or
// identifier wins; otherwise a case-insensitive substring of the name, identifier, context or
// worktree branch.
import type { Session } from "./types.js";

export function matchSessions(sessions: Session[], pattern: string | undefined): Session[] {
  if (pattern === undefined || pattern === "") return sessions;
  const exact = sessions.filter((s) => s.session_name === pattern || s.id === pattern || s.identifier === pattern);
  if (exact.length) return exact;
  const p = pattern.toLowerCase();
  return sessions.filter((s) =>
    [s.session_name, s.identifier, s.context, s.worktree ?? ""].some((field) => field.toLowerCase().includes(p)),
  );
}
