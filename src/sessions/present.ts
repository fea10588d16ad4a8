// How a session is shown to a person: the word in the STATUS column, its colour, the duration,
// what an agent is doing. One definition for every view — `gwq tmux list`, `gwq status`,
// `gwq dash`, the finder and `gwq events` — so they never disagree (README "Session statuses and
// the record", "The dashboard").
//
// The word: a running session shows its agent's state (`working`, `waiting`, `idle`, or
// `unknown` when an agent has said nothing and tmux gives no activity) in place of `running`;
// an ended one its status. A session that is no agent and never reported shows `running`.
import { formatDuration } from "../config/duration.js";
import type { Colour } from "../ui/color.js";
import type { AgentState, Session } from "./types.js";

/** Every state a running session can show, for `--filter`. */
export const STATES: readonly AgentState[] = ["working", "waiting", "idle", "unknown"];

/** A session as a view may hold it: from this machine (`host` null or absent) or from a host. */
export type ShownSession = Session & { host?: string | null };

/** The agent state a running session shows, or null (not running, or nothing reported). */
export function shownState(s: Session): AgentState | null {
  return s.status === "running" && s.state !== null && (STATES as readonly string[]).includes(s.state) ? s.state : null;
}

/** The word in the STATUS column. */
export function statusWord(s: Session): string {
  return shownState(s) ?? s.status;
}

/** A running session whose agent (or program) waits for the user. */
export const isWaiting = (s: Session): boolean => shownState(s) === "waiting";

/** The colour of a status or state word, everywhere it is shown; null: the terminal's own. */
export function statusColour(word: string): Colour | null {
  switch (word) {
    case "waiting":
      return "yellow";
    case "failed":
      return "red";
    case "completed":
      return "green";
    case "idle":
      return "cyan";
    case "detached":
      return "magenta";
    default:
      return null; // running, working, unknown
  }
}

/** How long it ran, or has run until `now` when it has not ended. */
export function durationMs(s: Pick<Session, "start_time" | "end_time">, now = Date.now()): number {
  const end = s.end_time ? Date.parse(s.end_time) : now;
  return Math.max(0, end - Date.parse(s.start_time)) || 0;
}

/** The DURATION column: `45s`, `12m`, `3h`. */
export const durationText = (s: Pick<Session, "start_time" | "end_time">, now = Date.now()): string => formatDuration(durationMs(s, now));

/** How an ended session ended: `failed, exit 3`, `detached (server-exited)`; null while it runs. */
export function outcome(s: Pick<Session, "status" | "exit_code" | "detached_reason">): string | null {
  if (s.status === "running") return null;
  if (s.status === "detached") return `detached (${s.detached_reason ?? "server-exited"})`;
  return `${s.status}, exit ${s.exit_code ?? "?"}`;
}

/** A command on one line: line breaks shown as ` ⏎ `. */
export const oneLineCommand = (command: string): string => command.replace(/\s*\n\s*/g, " ⏎ ");

/** The finder's line for a session (attach, kill -i, logs without a name). */
export function sessionLabel(s: Session): string {
  return `${s.context}  ${s.identifier}  ${statusWord(s)}  ${durationText(s)}  ${s.command.replace(/\s+/g, " ")}  (${s.session_name})`;
}

/** The top of the finder's preview for a session: name, word and exit, directory, command. */
export function sessionHeader(s: Session): string {
  const exit = s.exit_code !== null ? ` (exit ${s.exit_code})` : "";
  return `${s.session_name}\n${statusWord(s)}${exit}  ${s.working_dir}\n$ ${s.command}\n\n`;
}
