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
// is still the current one. Recent previews are cached.
import type { WriteStream } from "node:tty";
import { CancelledError, GwqError } from "../errors.js";
import { geometry, renderFrame, scrollTo } from "./finder-view.js";
import { rank, type Ranked } from "./fuzzy.js";
import { parseKeys, type Key } from "./keys.js";
import { ESC, frameSequence, openTerminal, type Term } from "./term.js";
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


const PREVIEW_DELAY_MS = 30; // let fast scrolling settle before asking for a preview
const PREVIEW_CACHE = 64;

/** Let the user choose one item (or several with `multi`). Throws CancelledError on Esc/Ctrl-C. */
export async function pick<T>(items: T[], opts: PickOptions<T>): Promise<T[]> {
  if (!canPick()) throw noTerminalError(items, opts);
  if (items.length === 0) throw new GwqError(`no ${opts.noun} to choose from`);
  const out = (process.stderr.isTTY ? process.stderr : process.stdout) as WriteStream;
  const labels = items.map((it) => stripAnsi(opts.label(it)).replace(/[\x00-\x08\x0a-\x1f\x7f]/g, " "));
  const indices = items.map((_, i) => i);
  const withPreview = !!opts.preview && (opts.showPreview ?? true);
  const prompt = opts.prompt ?? "> ";

  let query = opts.query ?? "";
  let cursor = query.length;
  let ranked: Ranked<number>[] = rank(indices, query, (i) => labels[i]!);
  let current = 0;
  let offset = 0;
  const marked = new Set<number>();
  const previews = new Map<number, string>();
  let previewTimer: NodeJS.Timeout | undefined;
  let previewWanted = -1;

  return new Promise<T[]>((resolve, reject) => {
    let term: Term | null = null;
    let finished = false;
    const finish = (then: () => void) => {
      if (finished) return;
      finished = true;
      clearTimeout(previewTimer);
      term?.restore();
      then();
    };
    const cancel = () => finish(() => reject(new CancelledError()));

    const listRows = () => (term ? geometry(term.columns(), term.rows(), withPreview).listRows : 1);

    const draw = () => {
      if (!term || finished) return;
      const width = term.columns();
      const height = term.rows();
      offset = scrollTo(current, offset, listRows(), ranked.length);
      const currentIndex = ranked[current]?.index;
      const frame = renderFrame({
        width,
        height,
        prompt,
        query,
        cursor,
        items: ranked.map((r) => ({ text: labels[r.index]!, positions: r.positions, marked: marked.has(r.index) })),
        current,
        offset,
        total: items.length,
        multi: !!opts.multi,
        markedCount: marked.size,
        preview: !withPreview ? undefined : currentIndex === undefined ? "" : (previews.get(currentIndex) ?? null),
        previewHeader: opts.previewHeader,
      });
      const f = frameSequence(frame.lines, width, height);
      term.write(ESC.hideCursor + ESC.wrapOff + f.data + ESC.moveTo(frame.cursorRow, frame.cursorCol) + ESC.showCursor);
    };

    const loadPreview = () => {
      if (!withPreview) return;
      const idx = ranked[current]?.index;
      if (idx === undefined || previews.has(idx) || idx === previewWanted) return;
      previewWanted = idx;
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => {
        Promise.resolve()
          .then(() => opts.preview!(items[idx]!))
          .then(
            (text) => String(text),
            (e: unknown) => `(no preview: ${e instanceof Error ? e.message : String(e)})`,
          )
          .then((text) => {
            if (finished) return;
            previews.set(idx, text);
            if (previews.size > PREVIEW_CACHE) previews.delete(previews.keys().next().value!);
            if (previewWanted === idx) previewWanted = -1;
            if (ranked[current]?.index === idx) draw();
          });
      }, PREVIEW_DELAY_MS);
    };

    const requery = (q: string, c: number) => {
      query = q;
      cursor = c;
      ranked = rank(indices, query, (i) => labels[i]!);
      current = 0;
      offset = 0;
    };
    const move = (by: number) => {
      current = Math.max(0, Math.min(ranked.length - 1, current + by));
    };
    const toggleMark = () => {
      const r = ranked[current];
      if (!opts.multi || !r) return;
      if (marked.has(r.index)) marked.delete(r.index);
      else marked.add(r.index);
    };
    const choose = () => {
      const r = ranked[current];
      if (!r) return; // nothing matches: Enter does nothing, as in fzf
      const chosen = opts.multi && marked.size > 0 ? [...marked].sort((a, b) => a - b) : [r.index];
      finish(() => resolve(chosen.map((i) => items[i]!)));
    };

    const onKey = (k: Key) => {
      switch (k.name) {
        case "char":
          requery(query.slice(0, cursor) + k.ch + query.slice(cursor), cursor + k.ch!.length);
          break;
        case "backspace":
        case "ctrl-h":
          if (cursor > 0) {
            const before = Array.from(query.slice(0, cursor));
            before.pop();
            const b = before.join("");
            requery(b + query.slice(cursor), b.length);
          }
          break;
        case "delete":
        case "ctrl-d":
          if (cursor < query.length) {
            const after = Array.from(query.slice(cursor)).slice(1).join("");
            requery(query.slice(0, cursor) + after, cursor);
          }
          break;
        case "ctrl-u":
          requery(query.slice(cursor), 0);
          break;
        case "ctrl-w": {
          const b = query.slice(0, cursor).replace(/\S*\s*$/, "");
          requery(b + query.slice(cursor), b.length);
          break;
        }
        case "left":
        case "ctrl-b":
          cursor = Math.max(0, cursor - (Array.from(query.slice(0, cursor)).pop()?.length ?? 0));
          break;
        case "right":
        case "ctrl-f":
          cursor = Math.min(query.length, cursor + (Array.from(query.slice(cursor))[0]?.length ?? 0));
          break;
        case "ctrl-a":
          cursor = 0;
          break;
        case "ctrl-e":
          cursor = query.length;
          break;
        case "home":
          current = 0;
          break;
        case "end":
          current = Math.max(0, ranked.length - 1);
          break;
        case "up":
        case "ctrl-p":
        case "ctrl-k":
          move(-1);
          break;
        case "down":
        case "ctrl-n":
        case "ctrl-j":
          move(1);
          break;
        case "pageup":
          move(-listRows());
          break;
        case "pagedown":
          move(listRows());
          break;
        case "tab":
          toggleMark();
          move(1);
          break;
        case "backtab":
          toggleMark();
          move(-1);
          break;
        case "enter":
          choose();
          break;
        case "escape":
        case "ctrl-c":
        case "ctrl-g":
        case "ctrl-q":
          cancel();
          break;
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
        onResize: draw,
        onSignal: cancel,
      });
      draw();
      loadPreview();
    } catch (e) {
      finish(() => reject(e));
    }
  });
}
