// gwq tmux list output: CSV (the table is format-table.ts), filters and sorts (docs/sessions.md
// "Listing"); the words and colours of a session come from present.ts.
import { UsageError } from "../errors.js";
import { STATUSES, type Session } from "./types.js";
import { compareText } from "../compare.js";
import { durationMs, durationText, outcome, shownState, STATES, statusWord } from "./present.js";

export const SORTS = ["duration", "started", "context", "identifier", "status", "task"] as const;
export type SortKey = (typeof SORTS)[number];

/** Statuses and states, comma-separated; a session matches by its status or its state. */
export function parseFilter(text: string | undefined): string[] | null {
  if (!text) return null;
  const wanted = text.split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
  const valid: string[] = [...STATUSES, ...STATES];
  for (const w of wanted) {
    if (!valid.includes(w)) throw new UsageError(`invalid --filter value "${w}" (valid: ${valid.join(", ")})`);
  }
  return wanted;
}

export function parseSort(text: string | undefined): SortKey {
  const k = (text ?? "started").toLowerCase();
  if (!(SORTS as readonly string[]).includes(k)) throw new UsageError(`invalid --sort value "${text}" (valid: ${SORTS.join(", ")})`);
  return k as SortKey;
}

export function arrange(sessions: Session[], filter: string[] | null, sort: SortKey, now = Date.now()): Session[] {
  const list = filter ? sessions.filter((s) => filter.includes(s.status) || filter.includes(shownState(s) ?? "")) : sessions.slice();
  const by: Record<SortKey, (a: Session, b: Session) => number> = {
    started: () => 0, // the tie-break below
    duration: (a, b) => durationMs(b, now) - durationMs(a, now),
    context: (a, b) => compareText(a.context, b.context),
    identifier: (a, b) => compareText(a.identifier, b.identifier),
    task: (a, b) => compareText(a.identifier, b.identifier),
    status: (a, b) => compareText(statusWord(a), statusWord(b)),
  };
  // Start times parsed once each, not twice per comparison: every listing sorts.
  const keyed = list.map((s) => ({ s, t: Date.parse(s.start_time) }));
  return keyed.sort((a, b) => by[sort](a.s, b.s) || a.t - b.t).map((k) => k.s);
}

const CSV_FIELDS: (keyof Session)[] = [
  "id",
  "session_name",
  "context",
  "identifier",
  "working_dir",
  "command",
  "pid",
  "start_time",
  "end_time",
  "status",
  "exit_code",
  "attached",
  "worktree",
  "history_size",
  "history_file",
  "metadata",
  "agent",
  "state",
  "state_source",
  "state_reason",
  "state_since",
  "agent_session_id",
  "detached_reason",
  "restarts",
];

function csvCell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = "";
  else if (typeof v === "object") s = Object.entries(v as Record<string, string>).map(([k, x]) => `${k}=${x}`).join(";");
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180: CRLF line ends, fields with , " or line breaks quoted. */
export function csv(sessions: Session[]): string {
  const lines = [CSV_FIELDS.join(",")];
  for (const s of sessions) lines.push(CSV_FIELDS.map((f) => csvCell(s[f])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** The line `logs` ends with for an ended session: `[gwq] failed, exit 3, after 12s`. */
export function endFooter(s: Session, now = Date.now()): string | null {
  const how = outcome(s);
  return how === null ? null : `[gwq] ${how}, after ${durationText(s, now)}`;
}
