// The finder's state and what each key does to it: pure. `reduceFinder(state, key)` returns the
// next state and what the loop (finder.ts) must do — choose, cancel — so every key is unit-tested
// without a terminal. The keys are listed at the top of finder.ts.
import { rank, type Ranked } from "./fuzzy.js";
import type { Key } from "./keys.js";

export interface FinderState {
  /** The items' labels, as matched and shown. */
  labels: readonly string[];
  multi: boolean;
  query: string;
  /** Cursor position in `query`, in UTF-16 units. */
  cursor: number;
  ranked: Ranked<number>[];
  /** Index in `ranked` of the current line. */
  current: number;
  /** Item indices marked with Tab. */
  marked: ReadonlySet<number>;
}

export type FinderEffect = { kind: "choose"; indices: number[] } | { kind: "cancel" };

export interface FinderStep {
  state: FinderState;
  effects: FinderEffect[];
}

export function initialFinder(labels: readonly string[], query: string, multi: boolean): FinderState {
  return requery({ labels, multi, query, cursor: query.length, ranked: [], current: 0, marked: new Set() }, query, query.length);
}

function requery(s: FinderState, query: string, cursor: number): FinderState {
  const indices = s.labels.map((_, i) => i);
  return { ...s, query, cursor, ranked: rank(indices, query, (i) => s.labels[i]!), current: 0 };
}

const move = (s: FinderState, by: number): FinderState => ({ ...s, current: Math.max(0, Math.min(s.ranked.length - 1, s.current + by)) });

function toggleMark(s: FinderState): FinderState {
  const r = s.ranked[s.current];
  if (!s.multi || !r) return s;
  const marked = new Set(s.marked);
  if (marked.has(r.index)) marked.delete(r.index);
  else marked.add(r.index);
  return { ...s, marked };
}

function edit(s: FinderState, k: Key): FinderState | null {
  const { query: q, cursor: c } = s;
  switch (k.name) {
    case "char":
      return requery(s, q.slice(0, c) + k.ch + q.slice(c), c + k.ch!.length);
    case "backspace":
    case "ctrl-h": {
      if (c === 0) return s;
      const before = Array.from(q.slice(0, c));
      before.pop();
      const b = before.join("");
      return requery(s, b + q.slice(c), b.length);
    }
    case "delete":
    case "ctrl-d":
      return c < q.length ? requery(s, q.slice(0, c) + Array.from(q.slice(c)).slice(1).join(""), c) : s;
    case "ctrl-u":
      return requery(s, q.slice(c), 0);
    case "ctrl-w": {
      const b = q.slice(0, c).replace(/\S*\s*$/, "");
      return requery(s, b + q.slice(c), b.length);
    }
    case "left":
    case "ctrl-b":
      return { ...s, cursor: Math.max(0, c - (Array.from(q.slice(0, c)).pop()?.length ?? 0)) };
    case "right":
    case "ctrl-f":
      return { ...s, cursor: Math.min(q.length, c + (Array.from(q.slice(c))[0]?.length ?? 0)) };
    case "ctrl-a":
      return { ...s, cursor: 0 };
    case "ctrl-e":
      return { ...s, cursor: q.length };
  }
  return null;
}

/** What `key` does; `page` is the number of list rows on the screen (PageUp/PageDown). */
export function reduceFinder(s: FinderState, k: Key, page: number): FinderStep {
  const edited = edit(s, k);
  if (edited) return { state: edited, effects: [] };
  const next = (state: FinderState): FinderStep => ({ state, effects: [] });
  switch (k.name) {
    case "home":
      return next({ ...s, current: 0 });
    case "end":
      return next({ ...s, current: Math.max(0, s.ranked.length - 1) });
    case "up":
    case "ctrl-p":
    case "ctrl-k":
      return next(move(s, -1));
    case "down":
    case "ctrl-n":
    case "ctrl-j":
      return next(move(s, 1));
    case "pageup":
      return next(move(s, -page));
    case "pagedown":
      return next(move(s, page));
    case "tab":
      return next(move(toggleMark(s), 1));
    case "backtab":
      return next(move(toggleMark(s), -1));
    case "enter": {
      const r = s.ranked[s.current];
      if (!r) return next(s); // nothing matches: Enter does nothing, as in fzf
      const indices = s.multi && s.marked.size > 0 ? [...s.marked].sort((a, b) => a - b) : [r.index];
      return { state: s, effects: [{ kind: "choose", indices }] };
    }
    case "escape":
    case "ctrl-c":
    case "ctrl-g":
    case "ctrl-q":
      return { state: s, effects: [{ kind: "cancel" }] };
  }
  return next(s);
}
