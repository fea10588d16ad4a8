// The dashboard's state and what each key does to it: pure. `reduceDash(state, key)` returns the
// next state and the effects the loop (dash.ts) must carry out — attach, logs, kill, restart, diff,
// merge, quit — so every key's meaning is unit-tested without a terminal. The keys are listed in
// the README ("The dashboard: `gwq dash`").
import type { ShownSession } from "../sessions/present.js";
import { displayOrder, keyOf, type Place } from "./dash-groups.js";
import type { Mode } from "./dash-view.js";
import type { Key } from "./keys.js";

/** How long a message stays on the bottom line. */
export const MESSAGE_MS = 5000;

export interface DashState {
  /** This machine first, then each configured host. */
  places: readonly Place[];
  filter: string;
  mode: Mode;
  /** Key of the selected session (dash-groups.ts keyOf). */
  selected: string | null;
  /** Index of the selection in display order, to land near it when its session goes away. */
  selectedIndex: number;
  /** Rows the list had on the last frame (PageUp/PageDown move by this). */
  listRows: number;
  message: { text: string; error?: boolean; until: number } | null;
  /** `d` and `m` are wired (the worktree loop is there). */
  loop: boolean;
}

export type DashEffect =
  | { kind: "quit" }
  /** The selection changed: its preview is wanted soon. */
  | { kind: "selected" }
  /** Ctrl-L: write every row again. */
  | { kind: "redraw" }
  | { kind: "attach" | "logs" | "diff" | "kill" | "merge"; session: ShownSession }
  | { kind: "restart"; session: ShownSession; force: boolean };

export interface Step {
  state: DashState;
  effects: DashEffect[];
}

export function initialDash(hosts: readonly string[], loop: boolean): DashState {
  const places: Place[] = [{ host: null, sessions: null, error: null }, ...hosts.map((host) => ({ host, sessions: null, error: null }))];
  return { places, filter: "", mode: { kind: "normal" }, selected: null, selectedIndex: 0, listRows: 1, message: null, loop };
}

/** What identifies an ended session's final output; null while it runs (its output changes). */
export const finalKey = (s: ShownSession): string | null => (s.status === "running" ? null : `${s.status}|${s.end_time}|${s.exit_code}`);

export const say = (s: DashState, text: string, now: number, error = false): DashState => ({ ...s, message: { text, error, until: now + MESSAGE_MS } });

export const findSession = (s: DashState, key: string | null): ShownSession | undefined =>
  key === null ? undefined : displayOrder(s.places).find((x) => keyOf(x) === key) ?? s.places.flatMap((p) => p.sessions ?? []).find((x) => keyOf(x) === key);

/** Keep the selection on the same session; when it is gone, on its neighbour in display order. */
export function reconcile(s: DashState): Step {
  const list = displayOrder(s.places, s.filter);
  const i = list.findIndex((x) => keyOf(x) === s.selected);
  if (i >= 0) return { state: i === s.selectedIndex ? s : { ...s, selectedIndex: i }, effects: [] };
  const selectedIndex = Math.min(s.selectedIndex, Math.max(0, list.length - 1));
  return select({ ...s, selectedIndex }, list[selectedIndex] ? keyOf(list[selectedIndex]) : null);
}

export function select(s: DashState, key: string | null): Step {
  if (key === s.selected) return { state: s, effects: [] };
  return { state: { ...s, selected: key }, effects: key === null ? [] : [{ kind: "selected" }] };
}

/** A place answered (this machine's listing, or a host's answer or failure). */
export function withPlace(s: DashState, place: Place): Step {
  return reconcile({ ...s, places: s.places.map((p) => (p.host === place.host ? place : p)) });
}

function move(s: DashState, by: number): Step {
  const list = displayOrder(s.places, s.filter);
  if (list.length === 0) return { state: s, effects: [] };
  const at = Math.max(0, list.findIndex((x) => keyOf(x) === s.selected));
  const i = Math.max(0, Math.min(list.length - 1, at + by));
  return select({ ...s, selectedIndex: i }, keyOf(list[i]!));
}

const label = (x: ShownSession) => (x.host ? `${x.session_name} on ${x.host}` : x.session_name);

function onConfirm(s: DashState, k: Key, now: number): Step {
  if (s.mode.kind !== "confirm") return { state: s, effects: [] };
  const { action, key, name } = s.mode;
  const normal: DashState = { ...s, mode: { kind: "normal" } };
  if (k.ch !== "y" && k.ch !== "Y") return { state: say(normal, `${action} cancelled`, now), effects: [] };
  const session = findSession(s, key);
  if (!session) return { state: say(normal, `${name} is gone`, now, true), effects: [] };
  if (action === "restart") return { state: normal, effects: [{ kind: "restart", session, force: true }] };
  return { state: normal, effects: [{ kind: action, session }] };
}

function onFilter(s: DashState, k: Key): Step {
  const refilter = (filter: string) => reconcile({ ...s, filter });
  switch (k.name) {
    case "char":
      return refilter(s.filter + k.ch);
    case "backspace":
      return refilter(Array.from(s.filter).slice(0, -1).join(""));
    case "ctrl-u":
      return refilter("");
    case "enter":
      return { state: { ...s, mode: { kind: "normal" } }, effects: [] };
    case "escape":
      return reconcile({ ...s, filter: "", mode: { kind: "normal" } });
    case "up":
      return move(s, -1);
    case "down":
      return move(s, 1);
  }
  return { state: s, effects: [] };
}

/** What `key` does in state `s` at time `now`. */
export function reduceDash(s: DashState, k: Key, now: number): Step {
  if (k.name === "ctrl-c") return { state: s, effects: [{ kind: "quit" }] };
  if (s.mode.kind === "confirm") return onConfirm(s, k, now);
  if (s.mode.kind === "filter") return onFilter(s, k);
  const st: DashState = { ...s, message: null };
  const ch = k.name === "char" ? k.ch : undefined;
  const page = Math.max(1, s.listRows - 1);
  if (k.name === "escape" || ch === "q") return { state: st, effects: [{ kind: "quit" }] };
  if (k.name === "up" || ch === "k" || k.name === "ctrl-p") return move(st, -1);
  if (k.name === "down" || ch === "j" || k.name === "ctrl-n") return move(st, 1);
  if (k.name === "home" || ch === "g") return move(st, -Infinity);
  if (k.name === "end" || ch === "G") return move(st, Infinity);
  if (k.name === "pageup") return move(st, -page);
  if (k.name === "pagedown") return move(st, page);
  if (k.name === "ctrl-l") return { state: st, effects: [{ kind: "redraw" }] };
  if (ch === "/") return { state: { ...st, mode: { kind: "filter" } }, effects: [] };
  const session = findSession(s, s.selected);
  if (!session) return { state: st, effects: [] };
  const confirm = (action: "kill" | "restart" | "merge"): Step => ({ state: { ...st, mode: { kind: "confirm", action, key: keyOf(session), name: label(session) } }, effects: [] });
  if (k.name === "enter") return { state: st, effects: [{ kind: "attach", session }] };
  if (ch === "l") return { state: st, effects: [{ kind: "logs", session }] };
  if (ch === "x") return confirm("kill");
  if (ch === "d" || ch === "m") {
    if (session.host) return { state: say(st, `${ch === "d" ? "diff" : "merge"} works on this machine's worktrees (on ${session.host}: gwq ${ch === "d" ? "diff" : "merge"} --host ${session.host})`, now, true), effects: [] };
    if (!s.loop) return { state: say(st, "diff and merge are not available here", now, true), effects: [] };
    return ch === "d" ? { state: st, effects: [{ kind: "diff", session }] } : confirm("merge");
  }
  if (ch === "r") return session.status === "running" ? confirm("restart") : { state: st, effects: [{ kind: "restart", session, force: false }] };
  return { state: st, effects: [] };
}
