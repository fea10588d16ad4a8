// What the parts of the session core share (create.ts, sweep.ts, output.ts, remove.ts and the
// manager that delegates to them): the settings, the store, the tmux to talk to, the clock, and the
// snapshot every read starts from. tmux and the clock are given by whoever builds the core, so the
// core runs against a fake tmux and a fixed clock in unit tests (test/unit/core-*.test.ts).
import type { TmuxConfig } from "../config/schema.js";
import { recordEvent, type RecordLike } from "../events/record.js";
import type { NotifyPolicy } from "../events/types.js";
import { nudgeUnreaped, type Servers } from "../tmux/servers.js";
import type { Tmux } from "../tmux/tmux.js";
import { bootId } from "./boot.js";
import type { SessionStore } from "./session-store.js";
import { observe, type Observed, type World } from "./status.js";
import type { Session } from "./types.js";

export interface Core {
  readonly config: TmuxConfig;
  /** Environment for tmux and for the commands run. */
  readonly env: NodeJS.ProcessEnv;
  readonly stateDir: string;
  readonly store: SessionStore;
  /** The server tmux picks with `env`. */
  readonly tmux: Tmux;
  /** The server each session lives on (tmux/servers.ts). */
  readonly servers: Servers;
  readonly hookStaleMs: number;
  readonly quietAfterMs: number | undefined;
  /** `[notify]` snapshotted into each new record. */
  readonly notify: NotifyPolicy | null;
  /** The clock, ms since the epoch. */
  now(): number;
  /** Told once per distinct message. */
  warn(message: string): void;
}

/** Append an event about a session (events/record.ts); a log that cannot be written is a warning. */
export function logEvent(core: Core, record: RecordLike, type: Parameters<typeof recordEvent>[2], detail: Record<string, unknown>, fact?: () => boolean): boolean {
  const r = recordEvent(core.store.dir, record, type, detail, fact);
  if (r.error) core.warn(r.error.message);
  return r.written;
}

export function world(core: Core, server: string | null): World {
  return { server, bootId, now: core.now(), hookStaleMs: core.hookStaleMs, quietAfterMs: core.quietAfterMs };
}

/** The tmux server a session lives on (tmux/servers.ts). */
export function tmuxOf(core: Core, o: Observed): Tmux {
  return core.servers.for(o.entry.record.socket);
}

export function sorted(list: Observed[]): Session[] {
  // Each start time parsed once, not twice per comparison (a listing sorts on every run).
  const keyed = list.map((o) => ({ s: o.session, t: Date.parse(o.session.start_time) }));
  return keyed.sort((a, b) => a.t - b.t).map((k) => k.s);
}

export interface Snapshot {
  observed: Observed[];
  /** Names with facts but no record: leftovers the sweep removes. */
  orphans: string[];
}

/**
 * Everything gwq knows: one tmux query plus the state dir, whatever the number of sessions.
 * Pure: nothing is written (README "How sessions work").
 */
export async function snapshot(core: Core): Promise<Snapshot> {
  // The records are read while tmux answers (the query is started first; reading takes less
  // than tmux's answer). A session that ends in between must still be read with its end mark:
  // for each one tmux shows ended or gone, the end mark is read again after the answer.
  const asked = core.tmux.listPanes();
  asked.catch(() => {}); // awaited below; unless reading the records throws first
  const { entries, warnings, orphanEnds } = core.store.readAll();
  // Sessions made on another server (another TMUX_TMPDIR, -L, TMUX) are looked for there.
  const sockets = entries.map((e) => e.record.socket);
  let view = await core.servers.view(await asked, sockets);
  for (const e of entries) {
    const ps = view.panes(e.record.socket).get(e.record.session_name);
    if (!e.end && (!ps || ps.some((p) => p.dead))) e.end = core.store.readEnd(e.record.session_name);
  }
  for (const w of warnings) core.warn(w);
  const see = (v: typeof view) => entries.map((e) => observe(e, v.panes(e.record.socket).get(e.record.session_name), world(core, v.server(e.record.socket))));
  let observed = see(view);
  // A session created between the tmux query and the read looks vanished: before calling
  // anything detached, ask tmux once more (only then: a steady listing stays one call).
  if (observed.some((o) => o.newlyDetached)) {
    view = await core.servers.view(await core.tmux.listPanes(), sockets);
    observed = see(view);
  }
  nudgeUnreaped(observed.map((o) => o.pane));
  return { observed, orphans: orphanEnds };
}
