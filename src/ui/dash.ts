// `gwq dash`: the terminal loop. The state and what each key does are dash-state.ts (pure); the
// frame is dash-view.ts (pure); the effects on sessions are dash-actions.ts; this file owns the
// timers, the terminal and the order of calls (README "The dashboard: `gwq dash`").
//
// Cost: about one refresh a second, each ONE call of the manager's listWithScreen(): one tmux
// listing and one capture of the selected session's screen, whatever the number of sessions. A
// finished session's output no longer changes: once captured it is not captured again. Moving the
// selection refreshes at once (after a moment of quiet, preview.ts). Every manager call goes
// through one queue: calls never overlap, and attach, the pager and kill run between refreshes.
//
// Hosts: each configured host is asked on its own (dash-hosts.ts), never in that queue, so this
// machine's rows draw first and a slow or dead host costs only its own line.
//
// Drawing: the shared screen writer (screen.ts) rewrites only the rows that changed. Leaving: q,
// Esc, Ctrl-C, SIGINT/SIGTERM/SIGHUP give the terminal back as it was (term.ts) and resolve.
import type { ReadStream, WriteStream } from "node:tty";
import * as act from "./dash-actions.js";
import type { DashHosts, DashLoop, DashManager } from "./dash-actions.js";
import { groupSessions, keyOf } from "./dash-groups.js";
import { finalKey, findSession, initialDash, reduceDash, say, select, withPlace, type DashEffect, type DashState, type Step } from "./dash-state.js";
import { startHostPollers } from "./dash-hosts.js";
import { renderDash, type PreviewState } from "./dash-view.js";
import { parseKeys } from "./keys.js";
import { PreviewCache, Settle } from "./preview.js";
import { createScreen, type Screen } from "./screen.js";
import { openTerminal, type Term } from "./term.js";

export type { DashHosts, DashLoop, DashManager };

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
  /** `d` and `m`, and the bases beside each worktree. */
  loop?: DashLoop;
  /** The configured hosts: one group each, below this machine's. */
  hosts?: DashHosts;
}

/** The bases cost git calls per worktree: read them at most this often, beside the refreshes. */
const BASES_MS = 5000;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;

export async function runDash(opts: DashOptions): Promise<void> {
  const m = opts.manager;
  const out = opts.out ?? (process.stdout as WriteStream);
  const env = opts.env ?? process.env;
  const interval = opts.intervalMs ?? 1000;

  let state: DashState = initialDash(opts.hosts?.names ?? [], !!opts.loop);
  let offset = 0;
  let previewRows = 0;
  /** The latest capture of each session seen, and whether it is final (the session had ended). */
  const captures = new PreviewCache<string, { preview: PreviewState; final: string | null }>();
  const settle = new Settle();
  let term: Term | null = null;
  let screen: Screen | null = null;
  let stopped = false;
  let firstFrameDone = false;
  let timer: NodeJS.Timeout | undefined;
  let refreshQueued = false;
  let inListing = false;
  let chain: Promise<void> = Promise.resolve();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let bases = new Map<string, string>();
  let basesAt = 0;
  let basesBusy = false;

  const tell = (text: string, error = false) => (state = say(state, text, Date.now(), error));

  const draw = () => {
    if (!term || !screen || stopped) return;
    const now = Date.now();
    const sel = state.selected;
    const frame = renderDash({
      width: term.columns(),
      height: term.rows(),
      now,
      places: state.places,
      filter: state.filter,
      mode: state.mode,
      selected: sel,
      offset,
      preview: sel === null ? undefined : captures.get(sel)?.preview,
      message: state.message && state.message.until > now ? state.message : null,
      home: opts.home,
      bases,
    });
    offset = frame.offset;
    previewRows = frame.layout.previewRows;
    state = { ...state, listRows: frame.layout.listRows };
    screen.draw(frame.lines);
  };

  /** Run manager calls one at a time; a failure becomes a message, never a crash. */
  const enqueue = (job: () => Promise<void>) => {
    chain = chain.then(async () => {
      if (stopped) return;
      try {
        await job();
      } catch (e) {
        tell(errorText(e), true);
        draw();
      }
    });
    return chain;
  };

  /** Re-read the worktrees' standing against their bases now and then, never blocking a refresh. */
  const refreshBases = () => {
    const read = opts.loop?.bases;
    const local = state.places[0]!.sessions;
    if (!read || basesBusy || !local || Date.now() - basesAt < BASES_MS) return;
    basesBusy = true;
    basesAt = Date.now();
    read([...new Set(groupSessions(local).map((g) => g.dir))])
      .then((b) => ((bases = b), draw()))
      .catch(() => {})
      .finally(() => (basesBusy = false));
  };

  const apply = (step: Step) => {
    state = step.state;
    for (const e of step.effects) run(e);
  };

  /** One listing, and the screen of the selection as it stands after that listing. */
  const refresh = async () => {
    let target: string | null = null;
    let final: string | null = null;
    try {
      const r = await m.listWithScreen((list) => {
        inListing = true;
        try {
          apply(withPlace(state, { host: null, sessions: list, error: null }));
        } finally {
          inListing = false;
        }
        const s = findSession(state, state.selected);
        if (!s || s.host) return null;
        final = finalKey(s);
        if (final !== null && captures.get(s.session_name)?.final === final) return null;
        return (target = s.session_name);
      }, Math.max(previewRows, term?.rows() ?? 0));
      if (target !== null) captures.set(target, { preview: r.error !== null ? { name: target, error: r.error } : { name: target, lines: r.screen ?? [] }, final });
    } catch (e) {
      tell(errorText(e), true);
      if (!state.places[0]!.sessions) apply(withPlace(state, { host: null, sessions: [], error: null }));
    }
    const warnings = opts.warnings;
    if (warnings?.length) {
      tell(warnings[warnings.length - 1]!);
      warnings.length = 0;
    }
    const live = new Set(state.places.flatMap((p) => (p.sessions ?? []).map(keyOf)));
    captures.retain((k) => live.has(k));
    draw();
    refreshBases();
    if (!firstFrameDone) {
      firstFrameDone = true;
      if (opts.exitAfterFirstFrame) return quit();
      // The sweep acts once on what a listing shows (detached marks, expiry), as every
      // `gwq tmux` command that looks at sessions does; after the first frame, not before it.
      void enqueue(async () => void (await m.sweep()));
    }
  };

  const refreshNow = () => {
    clearTimeout(timer);
    settle.cancel();
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

  const hosts = opts.hosts
    ? startHostPollers(opts.hosts, interval, {
        selected: () => findSession(state, state.selected),
        cached: (key) => captures.get(key),
        answered: (place) => (apply(withPlace(state, place)), draw()),
        preview: (key, preview, final) => (captures.set(key, { preview, final }), draw()),
      })
    : null;

  const open = () => {
    term = openTerminal({ out, input: opts.input, altScreen: true, hideCursor: true, onData, onResize: () => (screen?.invalidate(), draw(), settle.schedule(refreshNow)), onSignal: quit });
    screen = createScreen(term);
  };

  const ctx: act.ActionContext = {
    manager: m,
    hosts: opts.hosts,
    loop: opts.loop,
    env,
    out,
    say: (text, error) => (tell(text, error), draw()),
    selectKey: (key) => apply(select(state, key)),
    refreshNow: () => ((basesAt = 0), refreshNow()),
    /** Hand the terminal to another program (tmux attach, the pager) and take it back after. */
    suspended: async (fn) => {
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
    },
  };

  function run(e: DashEffect): void {
    switch (e.kind) {
      case "quit":
        return quit();
      case "redraw":
        return screen?.invalidate();
      case "selected":
        // A listing in progress captures the new selection itself; a host's is asked by its poller.
        if (inListing) return;
        if (findSession(state, state.selected)?.host) return hosts?.wake();
        return settle.schedule(refreshNow);
      case "attach":
        return void enqueue(() => act.attach(ctx, e.session));
      case "logs":
        return void enqueue(() => act.logs(ctx, e.session));
      case "kill":
        return void enqueue(() => act.kill(ctx, e.session));
      case "restart":
        return void enqueue(() => act.restart(ctx, e.session, e.force));
      case "diff":
        return void enqueue(() => act.diff(ctx, e.session));
      case "merge":
        return void enqueue(() => act.merge(ctx, e.session));
    }
  }

  function quit(): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    settle.cancel();
    hosts?.stop();
    term?.restore();
    term = null;
    finish();
  }

  function onData(data: string): void {
    for (const k of parseKeys(data)) {
      if (stopped || !term) return;
      apply(reduceDash(state, k, Date.now()));
    }
    draw();
  }

  open();
  draw();
  refreshNow();
  await done;
}
