// Whether an agent's pane shows anything new, judged from its screen's content rather than from
// tmux's activity time (README, "Using gwq with coding agents"). tmux's #{window_activity} moves on
// every byte the program writes, and the real agents write bytes that change no character:
// Codex's approval dialog moves it every second while the screen stays byte for byte the same,
// and Claude Code redraws an identical frame about 9 s after Esc. A hook's "waiting" that output
// seems to contradict, or a "working" whose quiet an identical redraw seems to break, is judged
// from the screen instead: the visible text, hashed, and when looks saw it change.
//
// A look (screen-watch.ts) captures the screen and keeps, per session, what it saw: the hash,
// when a look first saw it (the screen changed to it at or before then), the last look before
// that which saw another screen (the change came after it), and the last look that saw it. The
// sweep writes that down; pure views only read it. Pure functions only, here.
import { ACTIVE_WITHIN_MS, contradicted, type PaneEvidence, type StateMark } from "../sessions/state.js";

export interface ScreenSeen {
  /** Hash of the visible screen's text. */
  hash: string;
  /** When a look first saw this screen (ms since the epoch): it changed to it at or before then. */
  since: number;
  /** The last look before `since` that saw another screen (ms); null: none known. */
  after: number | null;
  /** The last look that saw this screen (ms). */
  checked: number;
  /** The `at` of a hook's mark this screen was seen to contradict: it stays contradicted. */
  gone: string | null;
}

/**
 * Without a look that saw another screen after the moment in question, tmux's activity time
 * decides, but only once output after it has been followed by this much quiet: an animation
 * (Codex's approval dialog) keeps the activity time moving and so never counts.
 */
export const SETTLED_MS = ACTIVE_WITHIN_MS;

/**
 * A change this long after a hook's "waiting" is no longer the dialog being drawn (the agent draws
 * it as soon as the hook returns). Shorter than tmux activity's grace (state.ts): a changed
 * screen is surer evidence than a moved activity time, and a program answering the dialog (an
 * orchestrator's `gwq tmux send`) may do so within two seconds.
 */
export const DIALOG_DRAWN_MS = 1_500;

/** A cheap 53-bit hash of the screen's text (FNV-1a, two lanes): no crypto module to load. */
export function screenHash(lines: string[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const line of lines) {
    for (let i = 0; i <= line.length; i++) {
      const c = i < line.length ? line.charCodeAt(i) : 10;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
  }
  return (a >>> 0).toString(16).padStart(8, "0") + ((b >>> 0) & 0x1fffff).toString(16).padStart(6, "0");
}

/**
 * What is known after a look at `now` saw `hash`. `prev` is what earlier looks saw (null: none);
 * `lastOutputMs` is tmux's activity time, which dates a screen seen for the first time (it has
 * shown nothing new since then).
 */
export function nextSeen(prev: ScreenSeen | null, hash: string, now: number, lastOutputMs: number | null): ScreenSeen {
  if (prev && prev.hash === hash) return { ...prev, checked: Math.max(prev.checked, now) };
  if (prev) return { hash, since: now, after: prev.checked, checked: now, gone: prev.gone };
  const since = lastOutputMs === null ? now : Math.min(now, lastOutputMs + 999);
  return { hash, since, after: null, checked: now, gone: null };
}

/** The screen's evidence for state.ts's rules, after a look that left `seen`. */
export function screenEvidence(seen: ScreenSeen, now: number, activitySec: number | null): PaneEvidence {
  return {
    lastChange: seen.since,
    changedAfter(t) {
      // Another screen was seen at or after t, and this one since: it surely changed after t.
      if (seen.after !== null && seen.after >= t) return true;
      // This very screen was already there at t (as far as looks tell): nothing new since.
      if (seen.since <= t) return false;
      // No look tells: output after t followed by quiet (an animation never settles).
      if (activitySec === null) return false;
      const out = activitySec * 1000;
      return out > t && now - out >= SETTLED_MS;
    },
    gone: seen.gone,
    dialogMs: DIALOG_DRAWN_MS,
  };
}

/** `seen`, marked when the screen contradicts the hook's mark (so it stays contradicted). */
export function latch(seen: ScreenSeen, mark: StateMark | null, e: PaneEvidence, now: number, quietAfterMs: number): ScreenSeen {
  if (!mark || mark.source !== "hook" || seen.gone === mark.at) return seen;
  return contradicted(mark, e, now, quietAfterMs) ? { ...seen, gone: mark.at } : seen;
}

/**
 * Whether a session's screen is worth a look: a hook's working or waiting (the pane may
 * contradict it), or any mark past `hookStaleMs` (it holds only while the pane shows nothing new).
 * A fresh idle, or a fresh report, is believed as it is.
 */
export function worthALook(mark: StateMark | null, now: number, hookStaleMs: number): boolean {
  if (!mark) return false;
  if (mark.source === "hook" && mark.state !== "idle") return true;
  return hookStaleMs > 0 && now - Date.parse(mark.at) > hookStaleMs;
}

/** A stored ScreenSeen, checked field by field (a damaged one is none). */
export function parseSeen(v: unknown): ScreenSeen | null {
  if (!v || typeof v !== "object") return null;
  const s = v as Record<string, unknown>;
  const num = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  if (typeof s.hash !== "string" || !num(s.since) || !num(s.checked) || !(s.after === null || num(s.after))) return null;
  const gone = typeof s.gone === "string" ? s.gone : null;
  return { hash: s.hash, since: s.since as number, after: s.after as number | null, checked: s.checked as number, gone };
}
