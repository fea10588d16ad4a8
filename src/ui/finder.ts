// The one fuzzy finder, used wherever gwq needs a choice (attach, kill -i, get/cd/remove with
// several matches, add -i). Feels like fzf: type to filter (fuzzy.ts ranks and highlights),
// Up/Down or Ctrl-P/Ctrl-N (also Ctrl-K/Ctrl-J, PageUp/PageDown) to move, Enter to choose, Tab /
// Shift-Tab to mark several when `multi`, Esc / Ctrl-C / Ctrl-G to cancel (CancelledError, exit
// 130, nothing changed). Editing: Backspace, Delete, Ctrl-U, Ctrl-W, Left/Right, Ctrl-A/Ctrl-E.
//
// Where it draws: on stderr, on the alternate screen — as fzf does. stdout carries the answer
// (`cd $(gwq get)` captures it), while stderr stays on the terminal; if stderr is redirected but
// stdout is a terminal, it draws on stdout. Keys are read from stdin in raw mode.
//
// Without a terminal (stdin not a TTY, or neither stderr nor stdout a TTY) it never waits: it
// throws noTerminalError, exit 1 naming every candidate.
//
// The preview pane (when `preview` is given and `finder.preview` is on) loads asynchronously: a
// keystroke redraws at once with "loading…", and the text replaces it when it arrives, if that item
// is still the current one. Recent previews are cached (preview.ts, shared with the dashboard).
//
// The state and what each key does are finder-state.ts (pure); the frame is finder-view.ts; this
// file owns the terminal, drawn through the shared screen writer (screen.ts).
import type { WriteStream } from "node:tty";
import { CancelledError, GwqError } from "../errors.js";
import { initialFinder, reduceFinder, type FinderState } from "./finder-state.js";
import { geometry, renderFrame, scrollTo } from "./finder-view.js";
import { parseKeys, type Key } from "./keys.js";
import { PreviewCache, Settle } from "./preview.js";
import { createScreen, type Screen } from "./screen.js";
import { openTerminal, type Term } from "./term.js";
import { stripAnsi } from "./width.js";

export interface PickOptions<T> {
  /** The line shown (and matched) for an item. */
  label: (item: T) => string;
  /** Allow marking several with Tab (kill, remove). */
  multi?: boolean;
  /** Text for the preview pane, when finder.preview is on. Called after the selection settles,
   *  never blocking keys while its promise is pending (a synchronous function still blocks while
   *  it runs: prefer async). Long text shows its top, unless `previewHeader` is set. */
  preview?: (item: T) => string | Promise<string>;
  /** The first N lines of the preview stay on top and the rest shows its END when it does not fit:
   *  for a session, a few lines about it, then its latest output. */
  previewHeader?: number;
  /** Prompt text, e.g. "session> ". */
  prompt?: string;
  /** Typed into the query at start. */
  query?: string;
  /** What is being chosen, for the no-terminal error: "sessions", "worktrees". */
  noun: string;
  /** Why a choice is needed, for the no-terminal error, e.g. `"api" matches several sessions`. */
  reason?: string;
  /** Show the preview pane regardless of `finder.preview` (tests, callers with their own flag). */
  showPreview?: boolean;
}

/** Keys come from stdin; the finder draws on stderr, or stdout when only that is a terminal. */
export function canPick(): boolean {
  return !!process.stdin.isTTY && (!!process.stderr.isTTY || !!process.stdout.isTTY);
}

/** Error for a choice that needs a terminal: one line naming every candidate. */
export function noTerminalError<T>(items: T[], opts: PickOptions<T>): GwqError {
  const why = opts.reason ?? `choosing among ${opts.noun} needs a terminal`;
  return new GwqError(`${why}: ${items.map(opts.label).join(", ")} (give an exact name, or run in a terminal)`);
}


/** Let the user choose one item (or several with `multi`). Throws CancelledError on Esc/Ctrl-C. */
export async function pick<T>(items: T[], opts: PickOptions<T>): Promise<T[]> {
  if (!canPick()) throw noTerminalError(items, opts);
  if (items.length === 0) throw new GwqError(`no ${opts.noun} to choose from`);
  const out = (process.stderr.isTTY ? process.stderr : process.stdout) as WriteStream;
  const labels = items.map((it) => stripAnsi(opts.label(it)).replace(/[\x00-\x08\x0a-\x1f\x7f]/g, " "));
  const withPreview = !!opts.preview && (opts.showPreview ?? true);
  const prompt = opts.prompt ?? "> ";

  let state: FinderState = initialFinder(labels, opts.query ?? "", !!opts.multi);
  let offset = 0;
  const previews = new PreviewCache<number, string>();
  const settle = new Settle();
  let previewWanted = -1;

  return new Promise<T[]>((resolve, reject) => {
    let term: Term | null = null;
    let screen: Screen | null = null;
    let finished = false;
    const finish = (then: () => void) => {
      if (finished) return;
      finished = true;
      settle.cancel();
      term?.restore();
      then();
    };
    const cancel = () => finish(() => reject(new CancelledError()));
    const listRows = () => (term ? geometry(term.columns(), term.rows(), withPreview).listRows : 1);

    const draw = () => {
      if (!term || !screen || finished) return;
      offset = scrollTo(state.current, offset, listRows(), state.ranked.length);
      const currentIndex = state.ranked[state.current]?.index;
      const frame = renderFrame({
        width: term.columns(),
        height: term.rows(),
        prompt,
        query: state.query,
        cursor: state.cursor,
        items: state.ranked.map((r) => ({ text: labels[r.index]!, positions: r.positions, marked: state.marked.has(r.index) })),
        current: state.current,
        offset,
        total: items.length,
        multi: !!opts.multi,
        markedCount: state.marked.size,
        preview: !withPreview ? undefined : currentIndex === undefined ? "" : (previews.get(currentIndex) ?? null),
        previewHeader: opts.previewHeader,
      });
      screen.draw(frame.lines, { row: frame.cursorRow, col: frame.cursorCol });
    };

    /** Ask for the current item's preview after a moment of quiet; draw it if still current. */
    const loadPreview = () => {
      if (!withPreview) return;
      const idx = state.ranked[state.current]?.index;
      if (idx === undefined || previews.has(idx) || idx === previewWanted) return;
      previewWanted = idx;
      settle.schedule(() => {
        Promise.resolve()
          .then(() => opts.preview!(items[idx]!))
          .then(
            (text) => String(text),
            (e: unknown) => `(no preview: ${e instanceof Error ? e.message : String(e)})`,
          )
          .then((text) => {
            if (finished) return;
            previews.set(idx, text);
            if (previewWanted === idx) previewWanted = -1;
            if (state.ranked[state.current]?.index === idx) draw();
          });
      });
    };

    const onKey = (k: Key) => {
      const step = reduceFinder(state, k, listRows());
      state = step.state;
      for (const e of step.effects) {
        if (e.kind === "cancel") cancel();
        else finish(() => resolve(e.indices.map((i) => items[i]!)));
      }
    };

    try {
      term = openTerminal({
        out,
        altScreen: true,
        onData: (data) => {
          try {
            for (const k of parseKeys(data)) {
              if (finished) return;
              onKey(k);
            }
            draw();
            loadPreview();
          } catch (e) {
            finish(() => reject(e));
          }
        },
        onResize: () => (screen?.invalidate(), draw()),
        onSignal: cancel,
      });
      screen = createScreen(term);
      draw();
      loadPreview();
    } catch (e) {
      finish(() => reject(e));
    }
  });
}
