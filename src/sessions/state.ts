// An agent session's state (docs/agents.md): the state mark any process may write, and the one pure
// function every view uses to turn the mark and tmux's activity time into what users see.
//
//   sessions/<name>.state.json   {state, source, reason, since, agent_session_id, at}
//
// Written by whoever learns a state: an agent's hook (`gwq __hook`) or a report (`gwq tmux
// state`). Last write wins; every write is a temp file created exclusively, then renamed, so a
// reader sees the old mark or the new one, never half of one. `since` is when the state began
// (kept while the same state is reported again); `at` is when it was last confirmed, which is
// what freshness is measured from.
//
// This module is loaded by the hook on every agent event: it imports nothing but the file-system
// habits every state writer shares (../fsx.js) and the event log's writer (../events/), so the
// hook stays a fast start.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { atomicWrite, readRegular } from "../fsx.js";
import { lastShown } from "../events/observed.js";
import { recordEvent, type RecordLike } from "../events/record.js";
import { isoLocal } from "./naming.js";

export { isoLocal };

import type { AgentState as ShownState, ReportedState, StateSource } from "./types.js";
export type { ShownState, StateSource };
/** A reported state (never `unknown`); the one definition is in types.ts. */
export type AgentState = ReportedState;

export const AGENT_STATES: AgentState[] = ["working", "waiting", "idle"];

export interface StateMark {
  state: AgentState;
  source: "hook" | "report";
  /** The permission asked for, the question; null when there is nothing to say. */
  reason: string | null;
  /** When this state began (ISO with offset). */
  since: string;
  /** The agent's own conversation id (Claude's session_id, Codex's thread-id, ...). */
  agent_session_id: string | null;
  /** When the state was last reported (ISO with offset): freshness is measured from here. */
  at: string;
}

export interface StateReport {
  state: AgentState;
  source: "hook" | "report";
  reason?: string | null;
  agent_session_id?: string | null;
  /**
   * The reason is a vaguer restatement of a question already asked (Claude's "Claude needs your
   * permission" after its precise PermissionRequest): within one waiting spell it never replaces
   * the reason already shown.
   */
  vague?: boolean;
}

export interface WriteResult {
  mark: StateMark;
  previous: StateMark | null;
  /** The state itself differs from the previous mark: an event (and a notification) is due. */
  changed: boolean;
  /** The state or its reason differs (a waiting agent asking something else). */
  updated: boolean;
  /** The event log could not be written (the mark was): for the caller to report. */
  eventError?: Error;
}

/** What the views show, computed from the mark and the pane's activity. */
export interface ResolvedState {
  state: ShownState | null;
  state_source: StateSource | null;
  state_reason: string | null;
  state_since: string | null;
}

/** Output more recent than this counts as working, for the activity fallback. */
export const ACTIVE_WITHIN_MS = 5_000;
/**
 * How long after a mark the agent's own redraw may still come: a hook runs just before the agent
 * draws what it reported (the permission dialog follows the PermissionRequest hook).
 */
export const REDRAW_GRACE_MS = 5_000;
/**
 * Output this long after a hook's "waiting" is no longer the dialog being drawn (the agent draws
 * it right after the hook returns): the user answered it without a hook firing ("No", Esc).
 */
export const WAITING_REDRAW_MS = 3_000;
/** agent.quiet_after's default: a "working" agent redraws its spinner every second or so. */
export const DEFAULT_QUIET_AFTER_MS = 10_000;
/** Reasons are one line for a table cell and a notification, never a whole file. */
export const MAX_REASON = 300;

export function statePath(name: string, dir: string): string {
  return join(dir, `${name}.state.json`);
}

/** One line, at most MAX_REASON characters; empty is null. */
export function cleanReason(text: unknown): string | null {
  if (typeof text !== "string") return null;
  const one = text.replace(/\s+/g, " ").trim();
  if (!one) return null;
  return one.length > MAX_REASON ? `${one.slice(0, MAX_REASON - 1)}…` : one;
}

const isStr = (v: unknown): v is string => typeof v === "string";
const strOrNull = (v: unknown) => v === null || isStr(v);

function isMark(x: unknown): x is StateMark {
  if (!x || typeof x !== "object" || Array.isArray(x)) return false;
  const m = x as Record<string, unknown>;
  return (
    (AGENT_STATES as unknown[]).includes(m.state) &&
    (m.source === "hook" || m.source === "report") &&
    strOrNull(m.reason) &&
    strOrNull(m.agent_session_id) &&
    isStr(m.since) && !Number.isNaN(Date.parse(m.since)) &&
    isStr(m.at) && !Number.isNaN(Date.parse(m.at))
  );
}

/**
 * The mark, or null when there is none or it is damaged (a damaged mark is no state, never a
 * crash; a FIFO planted in its place is never waited on).
 */
export function readState(name: string, dir: string): StateMark | null {
  try {
    const buf = readRegular(statePath(name, dir), 64 * 1024);
    const m = buf ? (JSON.parse(buf.toString("utf8")) as unknown) : null;
    return isMark(m) ? m : null;
  } catch {
    return null;
  }
}

/**
 * Record a state for session `name`. The same state again keeps its `since` and refreshes `at`; an
 * agent session id the report does not carry is kept from the previous mark.
 */
export function writeState(name: string, dir: string, report: StateReport, now = new Date()): WriteResult {
  const previous = readState(name, dir);
  const at = isoLocal(now);
  const same = previous?.state === report.state;
  const keepReason = same && report.state === "waiting" && report.vague && previous!.reason;
  const reason = keepReason ? previous!.reason : cleanReason(report.reason);
  const mark: StateMark = {
    state: report.state,
    source: report.source,
    reason,
    since: same ? previous!.since : at,
    agent_session_id: cleanId(report.agent_session_id) ?? previous?.agent_session_id ?? null,
    at,
  };
  atomicWrite(statePath(name, dir), JSON.stringify(mark) + "\n");
  return { mark, previous, changed: !same, updated: !same || previous!.reason !== reason };
}

function cleanId(id: unknown): string | null {
  return typeof id === "string" && id.trim() ? id.trim().slice(0, 200) : null;
}

/**
 * What the pane shows of its own changes: tmux's activity time (below), or, for an agent's state
 * its pane may contradict, its screen's content (agents/quiet.ts: an agent's animation moves tmux's
 * activity time without changing a character).
 */
export interface PaneEvidence {
  /** When the pane last showed something new, at the latest (ms since the epoch). */
  lastChange: number;
  /** Whether the pane surely showed something new after `t` (ms since the epoch). */
  changedAfter(t: number): boolean;
  /** The `at` of a hook's mark this pane was already seen to contradict (it stays contradicted). */
  gone?: string | null;
  /** How long after a hook's "waiting" a change is still the dialog being drawn (default WAITING_REDRAW_MS). */
  dialogMs?: number;
}

/** tmux's #{window_activity} (seconds since the epoch, rounded down) as evidence; null when unknown. */
export function activityEvidence(activitySec: number | null): PaneEvidence | null {
  if (activitySec === null) return null;
  const lastOutput = activitySec * 1000;
  return { lastChange: lastOutput, changedAfter: (t) => lastOutput > t };
}

/**
 * What a session shows. Pure: the same facts give the same answer in every view.
 * - A hook or report wins while fresh: reported within `hookStaleMs` (0: never stale).
 * - Past that, a waiting or idle mark still holds while the pane has shown nothing since it was
 *   written: nothing happened, so what it said is still true (a permission dialog can wait for an
 *   hour; hooks are silent meanwhile because nothing happens). Working is never held that way: a
 *   hook that went silent on Esc or a crash must not leave an agent "working" for ever.
 * - Otherwise an agent session (or one that reported once) takes its state from activity: output
 *   within ACTIVE_WITHIN_MS is working, quiet is idle — never waiting, which only the agent or a
 *   report can say.
 * - A hook's state the pane contradicts gives way to activity at once, fresh or not: "working"
 *   with no output for `quietAfterMs` (the agent redraws its spinner while it works: Esc stopped
 *   it, no hook said so), "waiting" with output after the dialog was drawn and no hook since (the
 *   user answered "No", which fires no hook).
 * - A session that is no agent and never reported has no state.
 * `activitySec` is tmux's #{window_activity} (seconds since the epoch) or null when unknown;
 * `evidence`, when given, is what the pane's screen says instead (agents/quiet.ts).
 */
export function resolveState(
  agent: string | null,
  mark: StateMark | null,
  activitySec: number | null,
  nowMs: number,
  hookStaleMs: number,
  quietAfterMs = DEFAULT_QUIET_AFTER_MS,
  evidence?: PaneEvidence | null,
): ResolvedState {
  const e = evidence ?? activityEvidence(activitySec);
  if (mark) {
    const at = Date.parse(mark.at);
    const fresh = hookStaleMs <= 0 || nowMs - at <= hookStaleMs;
    const quietSince = e !== null && !e.changedAfter(at + REDRAW_GRACE_MS);
    if ((fresh || (mark.state !== "working" && quietSince)) && !contradicted(mark, e, nowMs, quietAfterMs)) {
      return { state: mark.state, state_source: mark.source, state_reason: mark.reason, state_since: mark.since };
    }
  }
  if (!agent && !mark) return { state: null, state_source: null, state_reason: null, state_since: null };
  if (e === null) return { state: "unknown", state_source: null, state_reason: null, state_since: null };
  const lastOutput = e.lastChange;
  if (nowMs - lastOutput <= ACTIVE_WITHIN_MS) {
    // When it started working is not known from activity alone; a stale hook that said so knows.
    const since = mark?.state === "working" ? mark.since : null;
    return { state: "working", state_source: "activity", state_reason: null, state_since: since };
  }
  return { state: "idle", state_source: "activity", state_reason: null, state_since: isoLocal(new Date(lastOutput)) };
}

/** Whether the pane shows that a hook's state is over although no hook said so. */
export function contradicted(mark: StateMark, e: PaneEvidence | null, nowMs: number, quietAfterMs: number): boolean {
  if (mark.source !== "hook" || e === null) return false;
  if (e.gone === mark.at) return true;
  const at = Date.parse(mark.at);
  // tmux counts activity in whole seconds (rounded down): output in the same second as the mark
  // may be older or newer; the quiet measure starts at whichever is later.
  if (mark.state === "working") return quietAfterMs > 0 && nowMs - Math.max(e.lastChange, at) >= quietAfterMs;
  if (mark.state === "waiting") return e.changedAfter(at + (e.dialogMs ?? WAITING_REDRAW_MS));
  return false;
}

/** A session name as gwq makes them: nothing that could climb out of the sessions directory. */
export function isSessionName(name: string | undefined): name is string {
  return !!name && /^[A-Za-z0-9_-]{1,200}$/.test(name);
}

/**
 * Record a reported state for a session gwq holds a record of (nothing is written for one it
 * does not: a removed session must not grow a stray mark). Null when there is no such session.
 */
export function recordState(sessionsDir: string, name: string, report: StateReport, now = new Date()): WriteResult | null {
  if (!isSessionName(name) || !existsSync(join(sessionsDir, `${name}.json`))) return null;
  let record: RecordLike | null = null;
  try {
    record = JSON.parse(readRegular(join(sessionsDir, `${name}.json`), 1024 * 1024)?.toString("utf8") ?? "null") as RecordLike | null;
  } catch {
    record = null;
  }
  if (!record || typeof record.session_name !== "string") return writeState(name, sessionsDir, report, now);
  // The mark and its `state` event in one step, under the event log's lock: only a change of what
  // was shown (the mark, or the state the activity gave since) is an event and a notification;
  // the same state reported again, or by two hooks at once, is one.
  let written: WriteResult | null = null;
  const ev = { from: null, to: report.state, source: report.source, reason: cleanReason(report.reason) };
  const r = recordEvent(sessionsDir, record, "state", ev, () => {
    const from = lastShown(name, sessionsDir);
    written = writeState(name, sessionsDir, report, now);
    return from === report.state ? false : { from };
  });
  const result = written as WriteResult | null;
  if (result && r.error) result.eventError = r.error;
  return result;
}
