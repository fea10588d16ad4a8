// The dashboard's hosts: each configured host is asked on its own, about once per refresh
// interval and never twice at once, outside the queue of this machine's calls — so this
// machine's rows draw first, each host's group fills in as it answers, and a host that does not
// answer costs its own line (`box: unreachable: <ssh's reason>`) and nothing else. The selected
// session's preview, when it is on a host, is its last lines of output, asked after that host's
// listing (README "The dashboard: `gwq dash`").
import type { ShownSession } from "../sessions/present.js";
import type { DashHosts } from "./dash-actions.js";
import { keyOf, type Place } from "./dash-groups.js";
import { finalKey } from "./dash-state.js";
import type { PreviewState } from "./dash-view.js";
import { Settle } from "./preview.js";

/** Lines of a remote session's output asked for its preview. */
const PREVIEW_LINES = 200;

export interface HostCallbacks {
  /** The selected session now (it may be on a host). */
  selected(): ShownSession | undefined;
  /** The cached preview of a session, to skip one already final. */
  cached(key: string): { final: string | null } | undefined;
  answered(place: Place): void;
  preview(key: string, preview: PreviewState, final: string | null): void;
}

export interface HostPollers {
  /** The selection moved to a session on a host: ask that host soon. */
  wake(): void;
  stop(): void;
}

export function startHostPollers(hosts: DashHosts, intervalMs: number, cb: HostCallbacks): HostPollers {
  let stopped = false;
  const busy = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settle = new Settle();

  const previewOf = async (host: string) => {
    const sel = cb.selected();
    if (!sel || sel.host !== host) return;
    const key = keyOf(sel);
    const final = finalKey(sel);
    if (final !== null && cb.cached(key)?.final === final) return;
    try {
      cb.preview(key, { name: key, lines: await hosts.output(host, sel.session_name, PREVIEW_LINES) }, final);
    } catch (e) {
      cb.preview(key, { name: key, error: (e as Error).message.split("\n")[0]! }, null);
    }
  };

  const poll = (host: string) => {
    if (stopped || busy.has(host)) return;
    clearTimeout(timers.get(host));
    busy.add(host);
    hosts
      .list(host)
      .then(async (r) => {
        if (stopped) return;
        const sessions = r.sessions ? r.sessions.map((s) => ({ ...s, host })) : null;
        cb.answered({ host, sessions: r.error === null ? (sessions ?? []) : null, error: r.error });
        if (r.error === null) await previewOf(host);
      })
      .catch((e: Error) => {
        if (!stopped) cb.answered({ host, sessions: null, error: e.message.split("\n")[0]! });
      })
      .finally(() => {
        busy.delete(host);
        if (!stopped) timers.set(host, setTimeout(() => poll(host), intervalMs));
      });
  };

  // All at once: each host's answer draws as it comes.
  for (const h of hosts.names) poll(h);
  return {
    wake() {
      const host = cb.selected()?.host;
      if (host) settle.schedule(() => poll(host));
    },
    stop() {
      stopped = true;
      settle.cancel();
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}
