// `gwq dash`: the terminal loop around dash-view.ts. It owns the state (selection, filter, mode),
// asks the session manager for facts, and draws.
//
// Cost: about one refresh a second, each ONE call of the manager's listWithScreen(): one tmux
// listing and one capture of the selected session's screen, whatever the number of sessions. A
// finished session's output no longer changes: once captured it is not captured again. Moving the
// selection refreshes at once (after 30 ms of quiet, so holding a key is not a refresh per row).
// Every manager call goes through one queue: calls never overlap, and attach, the pager and kill
// run between refreshes, never during one.
//
// Drawing: on the alternate screen, cursor hidden, line wrapping off; only rows whose text changed
// are rewritten (cursor to the row, the text, clear-to-end-of-line when shorter), so a steady
// screen writes nothing and nothing flickers. A resize, or the return from attach or the pager,
// redraws every row.
//
// Leaving: q, Esc, Ctrl-C, SIGINT/SIGTERM/SIGHUP all give the terminal back as it was (term.ts)
// and resolve: the caller exits 0.
import { createRequire } from "node:module";
import type { ReadStream, WriteStream } from "node:tty";
import type { Session } from "../sessions/types.js";
import { displayOrder, groupSessions, renderDash, type DashModel, type Mode, type PreviewState } from "./dash-view.js";
import { parseKeys, type Key } from "./keys.js";
import { ESC, openTerminal, type Term } from "./term.js";
import { stringWidth } from "./width.js";

/** What the dashboard needs of SessionManager (its public API, nothing else). */
export interface DashManager {
  listWithScreen(choose: (sessions: Session[]) => string | null, rows: number): Promise<{ sessions: Session[]; screen: string[] | null; error: string | null }>;
  captureHistory(nameOrId: string, lines?: number): Promise<string[]>;
  killSession(nameOrId: string): Promise<void>;
  attachSession(nameOrId: string): Promise<number>;
  /** Acts once on what a listing shows (detached marks, expiry): run once, after the first frame. */
  sweep?: () => Promise<unknown>;
  /** Present where `gwq tmux restart` is available (the CLI passes it). Resolves with the new
   *  session (as `{ session }`, a Session, or its name). */
  restartSession?: (nameOrId: string, opts?: { force?: boolean }) => Promise<unknown>;
}

export interface DashOptions {
  manager: DashManager;
  out?: WriteStream;
  input?: ReadStream;
  /** Between refreshes; default 1000. */
  intervalMs?: number;
  /** The environment: TMUX (attach switches the client) and PAGER. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Shown as `~` in directories. */
  home?: string;
  /** Quit once the first complete frame (list and preview) is on the screen: `npm run bench`. */
  exitAfterFirstFrame?: boolean;
  /** The manager's warnings land here (never on stderr, which is the screen): shown, then emptied. */
  warnings?: string[];
  /** `d` and `m`: the selected session's worktree diff (on the terminal, in git's pager) and
   *  merge. The first resolves with an error to show, or null; the second with what was done. */
  loop?: {
    diff(s: Session): Promise<() => Promise<string | null>>;
    merge(s: Session): Promise<string>;
    /** Per worktree directory, where its branch stands against its recorded base. */
    bases?(dirs: string[]): Promise<Map<string, string>>;
  };
}

const PREVIEW_DELAY_MS = 30;
/** The bases cost git calls per worktree: read them at most this often, beside the refreshes. */
const BASES_MS = 5000;
const MESSAGE_MS = 5000;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;

export async function runDash(opts: DashOptions): Promise<void> {
  const m = opts.manager;
  const out = opts.out ?? (process.stdout as WriteStream);
  const env = opts.env ?? process.env;
  const interval = opts.intervalMs ?? 1000;

  let sessions: Session[] | null = null;
  let filter = "";
  let mode: Mode = { kind: "normal" };
  let selected: string | null = null;
  /** Index of the selection in display order, to land near it when its session goes away. */
  let selectedIndex = 0;
  let offset = 0;
  let previewRows = 0;
  let listRows = 1;
  let preview: PreviewState | undefined;
  /** The latest capture of each session seen, so moving back shows something at once; `final`
   *  marks one taken after the session ended (its output no longer changes). */
  const captures = new Map<string, { preview: PreviewState; final: string | null }>();
  let message: { text: string; error?: boolean; until: number } | null = null;

  let term: Term | null = null;
  /** Rows on the screen now; null forces a full redraw. */
  let drawn: string[] | null = null;
  let stopped = false;
  let firstFrameDone = false;
  let timer: NodeJS.Timeout | undefined;
  let refreshQueued = false;
  let inChooser = false;
  let chain: Promise<void> = Promise.resolve();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));

  let bases = new Map<string, string>();
  let basesAt = 0;
  let basesBusy = false;
  /** Re-read the worktrees' standing against their bases now and then, never blocking a refresh. */
  const refreshBases = () => {
    const read = opts.loop?.bases;
    if (!read || basesBusy || !sessions || Date.now() - basesAt < BASES_MS) return;
    basesBusy = true;
    basesAt = Date.now();
    read([...new Set(groupSessions(sessions).map((g) => g.dir))])
      .then((m) => {
        bases = m;
        draw();
      })
      .catch(() => {})
      .finally(() => (basesBusy = false));
  };

  const say = (text: string, error = false) => (message = { text, error, until: Date.now() + MESSAGE_MS });

  /** Run manager calls one at a time; a failure becomes a message, never a crash. */
  const enqueue = (job: () => Promise<void>) => {
    chain = chain.then(async () => {
      if (stopped) return;
      try {
        await job();
      } catch (e) {
        say(errorText(e), true);
        draw();
      }
    });
    return chain;
  };

  const order = () => (sessions ? displayOrder(sessions, filter) : []);
  const current = (): Session | undefined => sessions?.find((s) => s.session_name === selected);

  /** Keep the selection on the same session across refreshes; when it is gone, on its neighbour. */
  const reconcile = () => {
    const list = order();
    const i = list.findIndex((s) => s.session_name === selected);
    if (i >= 0) selectedIndex = i;
    else if (list.length === 0) select(null);
    else {
      selectedIndex = Math.min(selectedIndex, list.length - 1);
      select(list[selectedIndex]!.session_name);
    }
  };

  const select = (name: string | null) => {
    if (name === selected) return;
    selected = name;
    preview = name ? captures.get(name)?.preview : undefined;
    // A refresh captures the new selection soon (inside a refresh, that very one does).
    if (name && !inChooser) soon();
  };

  const model = (width: number, height: number): DashModel => ({
    width,
    height,
    now: Date.now(),
    sessions,
    filter,
    mode,
    selected,
    offset,
    preview,
    message: message && message.until > Date.now() ? message : null,
    home: opts.home,
    bases,
  });

  const draw = () => {
    if (!term || stopped) return;
    const width = term.columns();
    const height = term.rows();
    const frame = renderDash(model(width, height));
    offset = frame.offset;
    previewRows = frame.layout.previewRows;
    listRows = frame.layout.listRows;
    let data = drawn === null ? ESC.wrapOff + ESC.hideCursor : "";
    frame.lines.forEach((line, row) => {
      if (drawn !== null && drawn[row] === line) return;
      // A line that fills the width leaves the cursor on its last cell: clearing would erase it.
      data += ESC.moveTo(row, 0) + line + (stringWidth(line) < width ? ESC.clearLine : "");
    });
    if (drawn === null && frame.lines.length < height) data += ESC.moveTo(frame.lines.length, 0) + ESC.clearDown;
    drawn = frame.lines;
    if (data) term.write(data);
  };

  /** What identifies an ended session's final output; null while it runs (its output changes). */
  const finalKey = (s: Session) => (s.status === "running" ? null : `${s.status}|${s.end_time}|${s.exit_code}`);

  /** One listing, and the screen of the selection as it stands after that listing. */
  const refresh = async () => {
    let target = null as string | null;
    let final = null as string | null;
    try {
      const r = await m.listWithScreen(
        (list) => {
          sessions = list;
          inChooser = true;
          try {
            reconcile();
          } finally {
            inChooser = false;
          }
          const s = current();
          if (!s) return null;
          final = finalKey(s);
          if (final !== null && captures.get(s.session_name)?.final === final) return null;
          target = s.session_name;
          return target;
        },
        // Enough lines for any preview; a live session gives its whole screen anyway.
        Math.max(previewRows, term?.rows() ?? 0),
      );
      if (target !== null) {
        const p: PreviewState = r.error !== null ? { name: target, error: r.error } : { name: target, lines: r.screen ?? [] };
        captures.delete(target);
        captures.set(target, { preview: p, final });
        if (selected === target) preview = p;
      }
    } catch (e) {
      say(errorText(e), true);
      sessions ??= [];
    }
    const warnings = opts.warnings;
    if (warnings?.length) {
      say(warnings[warnings.length - 1]!);
      warnings.length = 0;
    }
    const live = new Set(sessions!.map((s) => s.session_name));
    for (const k of captures.keys()) if (!live.has(k)) captures.delete(k);
    while (captures.size > 64) captures.delete(captures.keys().next().value!);
    draw();
    refreshBases();
    if (!firstFrameDone) {
      firstFrameDone = true;
      if (opts.exitAfterFirstFrame) return quit();
      // The sweep acts once on what a listing shows (detached marks, expiry), as every
      // `gwq tmux` command that looks at sessions does; after the first frame, not before it.
      const sweep = m.sweep;
      if (sweep) void enqueue(async () => void (await sweep.call(m)));
    }
  };

  const refreshNow = () => {
    clearTimeout(timer);
    if (refreshQueued || stopped) return;
    refreshQueued = true;
    void enqueue(async () => {
      refreshQueued = false;
      await refresh();
    }).then(() => {
      if (!stopped && term && !refreshQueued) {
        clearTimeout(timer);
        timer = setTimeout(refreshNow, interval);
      }
    });
  };

  /** Refresh after a moment of quiet (a held key moves many rows, then asks once). */
  function soon(): void {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(refreshNow, PREVIEW_DELAY_MS);
  }

  const open = () => {
    term = openTerminal({
      out,
      input: opts.input,
      altScreen: true,
      hideCursor: true,
      onData,
      onResize: () => {
        drawn = null;
        draw();
        soon();
      },
      onSignal: quit,
    });
    drawn = null;
  };

  /** Hand the terminal to another program (tmux attach, the pager) and take it back after. */
  const suspended = async (fn: () => Promise<void>) => {
    clearTimeout(timer);
    term?.restore();
    term = null;
    try {
      await fn();
    } finally {
      if (!stopped) {
        open();
        draw();
        refreshNow();
      }
    }
  };

  function quit(): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    term?.restore();
    term = null;
    finish();
  }

  const move = (by: number) => {
    const list = order();
    if (list.length === 0) return;
    const i = Math.max(0, Math.min(list.length - 1, Math.max(0, list.findIndex((s) => s.session_name === selected)) + by));
    selectedIndex = i;
    select(list[i]!.session_name);
  };

  const attach = (name: string) =>
    enqueue(async () => {
      if (env.TMUX) {
        // Inside tmux: the client switches; the dashboard keeps running in its own pane.
        const code = await m.attachSession(name);
        say(code === 0 ? `switched to ${name}` : `tmux switch-client failed (exit ${code})`, code !== 0);
        draw();
        return;
      }
      const s = current();
      if (s && s.status === "detached") throw new Error(`${name} is detached: tmux no longer has it (l shows its logs)`);
      let code = 0;
      await suspended(async () => {
        code = await m.attachSession(name);
        // tmux prints one line as it leaves ("[detached (from session …)]"): take it off the
        // user's screen, which must stay as it was.
        out.write("\x1b[1A\r\x1b[2K");
      });
      if (code !== 0) say(`tmux attach failed (exit ${code})`, true);
    });

  const logs = (name: string) =>
    enqueue(async () => {
      const lines = await m.captureHistory(name);
      let failure: string | null = null;
      await suspended(async () => {
        failure = await page(lines.join("\n") + (lines.length ? "\n" : ""), env);
      });
      if (failure) say(failure, true);
    });

  const kill = (name: string) =>
    enqueue(async () => {
      await m.killSession(name);
      say(`killed ${name}`);
      refreshNow();
    });

  const restart = (name: string, force: boolean) =>
    enqueue(async () => {
      const next = restartedName(await m.restartSession!.call(m, name, force ? { force: true } : {}));
      if (next) select(next);
      say(`restarted ${name}${next ? ` as ${next}` : ""}`);
      refreshNow();
    });

  const diff = (s: Session) =>
    enqueue(async () => {
      // Worked out first, so that a refusal (no recorded base) is a message, not a flicker.
      const show = await opts.loop!.diff(s);
      let failure: string | null = null;
      await suspended(async () => {
        failure = await show();
      });
      if (failure) say(failure, true);
    });

  const merge = (name: string) =>
    enqueue(async () => {
      const s = sessions?.find((x) => x.session_name === name);
      if (!s) throw new Error(`${name} is gone`);
      say(await opts.loop!.merge(s));
      basesAt = 0;
      refreshNow();
    });

  const onKey = (k: Key) => {
    if (k.name === "ctrl-c") return quit();
    if (mode.kind === "confirm") {
      const { action, name } = mode;
      mode = { kind: "normal" };
      if (k.ch === "y" || k.ch === "Y") {
        if (action === "kill") void kill(name);
        else if (action === "merge") void merge(name);
        else void restart(name, true);
      } else say(`${action} cancelled`);
      return;
    }
    if (mode.kind === "filter") {
      switch (k.name) {
        case "char":
          filter += k.ch;
          return reconcile();
        case "backspace":
          filter = Array.from(filter).slice(0, -1).join("");
          return reconcile();
        case "ctrl-u":
          filter = "";
          return reconcile();
        case "enter":
          mode = { kind: "normal" };
          return;
        case "escape":
          filter = "";
          mode = { kind: "normal" };
          return reconcile();
        case "up":
          return move(-1);
        case "down":
          return move(1);
      }
      return;
    }
    message = null;
    const name = selected;
    const ch = k.name === "char" ? k.ch : undefined;
    if (k.name === "escape" || ch === "q") return quit();
    if (k.name === "up" || ch === "k" || k.name === "ctrl-p") return move(-1);
    if (k.name === "down" || ch === "j" || k.name === "ctrl-n") return move(1);
    if (k.name === "home" || ch === "g") return move(-Infinity);
    if (k.name === "end" || ch === "G") return move(Infinity);
    if (k.name === "pageup") return move(-Math.max(1, listRows - 1));
    if (k.name === "pagedown") return move(Math.max(1, listRows - 1));
    if (k.name === "ctrl-l") {
      drawn = null;
      return;
    }
    if (ch === "/") {
      mode = { kind: "filter" };
      return;
    }
    if (!name) return;
    if (k.name === "enter") void attach(name);
    else if (ch === "l") void logs(name);
    else if (ch === "x") mode = { kind: "confirm", action: "kill", name };
    else if ((ch === "d" || ch === "m") && !opts.loop) say("diff and merge are not available here", true);
    else if (ch === "d") {
      const s = current();
      if (s) void diff(s);
    }
    else if (ch === "m") mode = { kind: "confirm", action: "merge", name };
    else if (ch === "r") {
      if (typeof m.restartSession !== "function") say("restart not available (gwq tmux restart is not in this build)", true);
      else if (current()?.status === "running") mode = { kind: "confirm", action: "restart", name };
      else void restart(name, false);
    }
  };

  function onData(data: string): void {
    for (const k of parseKeys(data)) {
      if (stopped || !term) return;
      onKey(k);
    }
    draw();
  }

  open();
  draw();
  refreshNow();
  await done;
}

/** The new session's name from what restartSession resolved with. */
function restartedName(r: unknown): string | null {
  if (typeof r === "string") return r;
  const o = r as { session_name?: unknown; session?: { session_name?: unknown } } | null;
  const name = o?.session?.session_name ?? o?.session_name;
  return typeof name === "string" ? name : null;
}

/**
 * Show `text` in $PAGER (default `less -R`), split on spaces: a pager is a program and its
 * flags, never a shell line. Resolves with a message when it could not run, else null.
 */
function page(text: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const words = (env.PAGER ?? "").trim().split(/\s+/).filter(Boolean);
  const [cmd, ...args] = words.length ? words : ["less", "-R"];
  return new Promise((resolve) => {
    // The pager owns the terminal: Ctrl-C there must not end the dashboard.
    const ignore = () => {};
    process.on("SIGINT", ignore);
    // Required here, not imported: in the one-file CLI bundle a top-level import would load
    // node:child_process (7 ms in Node) for every gwq command.
    const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
    const child = spawn(cmd!, args, { stdio: ["pipe", "inherit", "inherit"], env });
    const end = (r: string | null) => {
      process.off("SIGINT", ignore);
      resolve(r);
    };
    child.on("error", (e: NodeJS.ErrnoException) => end(e.code === "ENOENT" ? `pager not found: ${cmd} (set PAGER)` : `${cmd}: ${e.message}`));
    child.on("close", () => end(null));
    // A pager quit before reading everything closes the pipe: not an error.
    child.stdin.on("error", () => {});
    child.stdin.end(text);
  });
}
