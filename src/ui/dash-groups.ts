// What the dashboard lists, in what order: places (this machine, then each configured host), in
// each its sessions grouped by worktree. Pure, so ordering is unit-tested without a terminal
// (README "The dashboard: `gwq dash`").
//
// Within a place: waiting sessions come first (their worktree first, then they first within it)
// and carry a `!`; then worktrees by branch, sessions outside any worktree last, oldest session
// first within one. Places keep their order: this machine first, then hosts as configured.
import { compareText, compareTime } from "../compare.js";
import { isWaiting, shownState, statusWord, type ShownSession } from "../sessions/present.js";
import type { Session } from "../sessions/types.js";

/** This machine (`host` null) or a host, with what it last answered. */
export interface Place {
  host: string | null;
  /** null until its first answer. */
  sessions: readonly ShownSession[] | null;
  /** A host that did not answer: `unreachable: <ssh's reason>`, or what its gwq said. */
  error: string | null;
}

/** Identifies a session across places: its name here, `host:name` on a host. */
export const keyOf = (s: ShownSession): string => (s.host ? `${s.host}:${s.session_name}` : s.session_name);

/** Every whitespace-separated term of `filter` is a case-insensitive substring of one of the
 *  session's words (name, context, identifier, worktree, status or state, agent, command, host). */
export function matchesFilter(s: ShownSession, filter: string): boolean {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const hay = [s.session_name, s.context, s.identifier, s.worktree ?? "", s.status, shownState(s) ?? "", statusWord(s), s.agent ?? "", s.command, s.host ?? ""].join("\n").toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export interface Group {
  /** The worktree's branch, or null for sessions outside any worktree. */
  branch: string | null;
  /** Where the group's sessions run (the shortest of their working dirs). */
  dir: string;
  sessions: ShownSession[];
}

const isUnder = (p: string, root: string) => p === root || p.startsWith(root.endsWith("/") ? root : root + "/");

/**
 * One place's sessions grouped by worktree, in display order. Two worktrees of different
 * repositories can share a branch name (`main`), so sessions of one branch are one group only
 * when one's directory holds the other's.
 */
export function groupSessions(sessions: readonly ShownSession[], filter = ""): Group[] {
  const visible = sessions.filter((s) => matchesFilter(s, filter));
  const groups: Group[] = [];
  // Shortest directories first, so a group's dir is its root and deeper ones join it.
  const byDepth = [...visible].sort((a, b) => a.working_dir.length - b.working_dir.length);
  for (const s of byDepth) {
    const g = groups.find((x) => x.branch === s.worktree && (s.worktree === null ? x.dir === s.working_dir : isUnder(s.working_dir, x.dir)));
    if (g) g.sessions.push(s);
    else groups.push({ branch: s.worktree, dir: s.working_dir, sessions: [s] });
  }
  const byStart = (a: Session, b: Session) => compareTime(a.start_time, b.start_time) || compareText(a.session_name, b.session_name);
  for (const g of groups) g.sessions.sort((a, b) => Number(isWaiting(b)) - Number(isWaiting(a)) || byStart(a, b));
  const waits = (g: Group) => Number(g.sessions.some(isWaiting));
  return groups.sort(
    (a, b) =>
      waits(b) - waits(a) ||
      Number(a.branch === null) - Number(b.branch === null) ||
      compareText(a.branch ?? "", b.branch ?? "") ||
      compareText(a.dir, b.dir),
  );
}

/** One row of the list: a host's header (only when hosts are configured), a worktree, a session. */
export type Row = { kind: "place"; place: Place } | { kind: "group"; group: Group; host: string | null } | { kind: "session"; session: ShownSession };

/** The list's rows, in order. With one place (no hosts configured) there is no place header. */
export function listRows(places: readonly Place[], filter = ""): Row[] {
  const rows: Row[] = [];
  for (const p of places) {
    if (places.length > 1) rows.push({ kind: "place", place: p });
    for (const g of groupSessions(p.sessions ?? [], filter)) {
      rows.push({ kind: "group", group: g, host: p.host });
      for (const s of g.sessions) rows.push({ kind: "session", session: s });
    }
  }
  return rows;
}

/** The sessions in display order (what Up/Down walk through). */
export function displayOrder(places: readonly Place[], filter = ""): ShownSession[] {
  return listRows(places, filter).flatMap((r) => (r.kind === "session" ? [r.session] : []));
}

/** Every session of every place that has answered. */
export const allSessions = (places: readonly Place[]): ShownSession[] => places.flatMap((p) => p.sessions ?? []);

/** This machine alone, with `sessions` (null: not listed yet). */
export const localOnly = (sessions: readonly Session[] | null): Place[] => [{ host: null, sessions, error: null }];
