// Waiting for sessions (docs/events.md "Waiting"): one session, the first of several (`any`),
// or every one (`all`), until each has ended or reached a state.
//
// Event-driven where it can be: the event log is followed, and an `ended`, `state`, `detached` or
// `removed` event about a watched session is applied the moment it is appended. A listing (tmux
// calls that only read) runs every 2 s at most and is the truth for what no event reports:
// states derived from pane activity, sessions that vanished. Waiting writes nothing and changes
// nothing: it only reads the log, the records and tmux.
//
// Having met the condition sticks: a session that reached `waiting` counts for `--all` even if it
// is working again by the time the others get there.
import { CancelledError } from "../errors.js";
import { EventFollower } from "../events/follow.js";
import type { GwqEvent } from "../events/types.js";
import type { AgentState, Session, SessionStatus, StateSource } from "./types.js";

export type Until = "ended" | "waiting" | "idle" | "working";
export const UNTIL: Until[] = ["ended", "waiting", "idle", "working"];
export type WaitMode = "one" | "any" | "all";


export interface WaitSpec {
  /** The sessions to wait for, as a listing just showed them. */
  sessions: Session[];
  mode: WaitMode;
  until: Until;
  /** A listing with no side effects (one tmux call). */
  list: () => Promise<Session[]>;
  /** gwq's state dir, whose events.jsonl is followed; null: listings only. */
  stateDir: string | null;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Time between listings (default 2 s, never less than 1 s). A listing is one tmux call, or two
   * when it sees a session vanish (it asks again before believing it), and a wait does not sweep
   * such sessions away: 2 s keeps it to one call a second even then.
   */
  listEveryMs?: number;
}

export interface WaitResult {
  /** The sessions that met the condition, in the order they did. */
  met: Session[];
  /** All the sessions waited for, as last seen. */
  all: Session[];
  exitCode: number;
  timedOut: boolean;
  /** Why the wait ended without success, in one line; null otherwise. */
  failure: string | null;
}

type Verdict = "met" | "never" | "pending";

interface Tracked {
  session: Session;
  gone: boolean;
  verdict: Verdict;
}

export function judge(s: Session, until: Until): Verdict {
  if (until === "ended") return s.status === "running" ? "pending" : "met";
  // An ended session will never reach a state.
  if (s.status !== "running") return "never";
  return s.state === until ? "met" : "pending";
}

const STATUSES: SessionStatus[] = ["running", "completed", "failed", "detached"];

/** A session as an event says it now is. */
export function applyEvent(s: Session, ev: GwqEvent): Session {
  switch (ev.type) {
    case "ended":
      return {
        ...s,
        status: STATUSES.includes(ev.status as SessionStatus) && ev.status !== "running" ? (ev.status as SessionStatus) : "failed",
        exit_code: typeof ev.exit_code === "number" ? ev.exit_code : null,
        end_time: ev.time,
      };
    case "state":
      return {
        ...s,
        state: typeof ev.to === "string" ? (ev.to as AgentState) : null,
        state_source: typeof ev.source === "string" ? (ev.source as StateSource) : null,
        state_reason: typeof ev.reason === "string" ? ev.reason : null,
        state_since: ev.time,
      };
    case "detached":
      return { ...s, status: "detached" };
    case "restarted":
      return { ...s, status: "running", exit_code: null, end_time: null };
    default:
      return s;
  }
}

export async function waitFor(spec: WaitSpec): Promise<WaitResult> {
  const tracked = new Map<string, Tracked>();
  const metOrder: string[] = [];
  const update = (name: string) => {
    const t = tracked.get(name)!;
    if (t.verdict === "met") return;
    t.verdict = t.gone ? "never" : judge(t.session, spec.until);
    if (t.verdict === "met") metOrder.push(name);
  };
  for (const s of spec.sessions) {
    tracked.set(s.session_name, { session: s, gone: false, verdict: "pending" });
    update(s.session_name);
  }

  const done = (): boolean => {
    const all = [...tracked.values()];
    if (spec.mode === "all") return all.every((t) => t.verdict !== "pending");
    return metOrder.length > 0 || all.every((t) => t.verdict === "never");
  };

  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const follower = spec.stateDir
    ? new EventFollower(spec.stateDir, (ev) => {
        const t = tracked.get(ev.session);
        if (!t) return;
        if (ev.type === "removed") t.gone = true;
        else t.session = applyEvent(t.session, ev);
        update(ev.session);
        poke();
      }).start()
    : null;
  spec.signal?.addEventListener("abort", poke);

  const every = Math.max(1000, spec.listEveryMs ?? 2000);
  const deadline = spec.timeoutMs !== undefined ? Date.now() + spec.timeoutMs : Infinity;
  let lastList = Date.now();
  let timedOut = false;
  try {
    while (!done()) {
      if (spec.signal?.aborted) throw new CancelledError("wait cancelled");
      const now = Date.now();
      if (now >= deadline) {
        timedOut = true;
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => poke(), Math.max(0, Math.min(lastList + every, deadline) - now));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (done() || spec.signal?.aborted || Date.now() < lastList + every) continue;
      const listed = new Map((await spec.list()).map((s) => [s.session_name, s]));
      lastList = Date.now();
      for (const [name, t] of tracked) {
        const s = listed.get(name);
        if (s) t.session = s;
        else t.gone = true;
        update(name);
      }
    }
  } finally {
    follower?.close();
    spec.signal?.removeEventListener("abort", poke);
  }
  return result(spec, tracked, metOrder, timedOut);
}

function result(spec: WaitSpec, tracked: Map<string, Tracked>, metOrder: string[], timedOut: boolean): WaitResult {
  const all = [...tracked.values()].map((t) => t.session);
  const met = metOrder.map((n) => tracked.get(n)!.session);
  const names = (list: Session[]) => list.map((s) => s.session_name).join(", ");
  if (timedOut) {
    return { met, all, exitCode: 124, timedOut, failure: `timed out waiting for ${spec.mode === "one" ? names(all) : `${spec.mode === "all" ? "all" : "any"} of ${all.length} sessions`}` };
  }
  const never = [...tracked.values()].filter((t) => t.verdict === "never").map((t) => t.session);
  const neverText = (list: Session[]) =>
    list.map((s) => `${s.session_name} ${tracked.get(s.session_name)!.gone ? "was removed" : `ended (${s.status})`}`).join("; ");
  if (spec.mode === "all") {
    if (never.length) return { met, all, exitCode: 1, timedOut, failure: `${never.length} of ${all.length} never reached ${spec.until}: ${neverText(never)}` };
    if (spec.until === "ended") {
      const bad = met.filter((s) => s.status !== "completed");
      const detail = bad.map((s) => `${s.session_name} ${s.status}${s.exit_code !== null ? ` (exit ${s.exit_code})` : ""}`).join("; ");
      return { met, all, exitCode: bad.length ? 1 : 0, timedOut, failure: bad.length ? `${bad.length} of ${all.length} did not complete: ${detail}` : null };
    }
    return { met, all, exitCode: 0, timedOut, failure: null };
  }
  const first = met[0];
  if (!first) {
    const what = spec.mode === "one" ? neverText(never) : `none of the ${all.length} sessions can reach ${spec.until}: ${neverText(never)}`;
    return { met, all, exitCode: 1, timedOut, failure: spec.mode === "one" ? `${what} before reaching ${spec.until}` : what };
  }
  if (spec.until !== "ended") return { met, all, exitCode: 0, timedOut, failure: null };
  if (first.status === "detached") return { met, all, exitCode: 1, timedOut, failure: `${first.session_name} ended without a recorded exit (detached)` };
  return { met, all, exitCode: first.exit_code ?? 1, timedOut, failure: null };
}
