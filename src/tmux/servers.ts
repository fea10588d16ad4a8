// Which tmux server a session lives on. tmux picks its server from `-S`/`-L`, from `TMUX` (inside
// a pane) or from `TMUX_TMPDIR`, so two gwq processes with different environments talk to
// different servers. A session's record keeps the socket path of the server it was created on;
// every later call about that session goes to that server (`tmux -S <path>`), so a session is
// never called gone because it was looked for on another server. Records without a socket (made
// by an older gwq) are looked for on the server tmux picks, as before.
//
// Cost: the listing of the server tmux picks, plus one listing per other server that records
// name — never one call per session. A server whose socket file is gone is not asked: nothing
// answers there.
import { existsSync, realpathSync } from "node:fs";
import type { PaneInfo } from "./sessions.js";
import { Tmux } from "./tmux.js";

/** `<pid>:<start time>` of the server that gave this listing, null when none answered. */
export function serverOf(panes: Map<string, PaneInfo[]>): string | null {
  for (const list of panes.values()) for (const p of list) if (p.server) return p.server;
  return null;
}

function socketOf(panes: Map<string, PaneInfo[]>): string | null {
  for (const list of panes.values()) for (const p of list) if (p.socket) return p.socket;
  return null;
}

/**
 * The socket tmux would pick with this environment when it cannot be asked (no server answers):
 * `TMUX`'s first field inside a pane, else `$TMUX_TMPDIR/tmux-<uid>/default` (so a record
 * made on the server tmux picks costs no extra call while no server runs).
 */
export function defaultSocket(env: NodeJS.ProcessEnv): string | null {
  const inside = env.TMUX?.split(",")[0];
  if (inside) return inside;
  const uid = process.getuid?.();
  if (uid === undefined) return null;
  // tmux resolves the directory (realpath) before it names the socket.
  let dir = env.TMUX_TMPDIR || "/tmp";
  try {
    dir = realpathSync(dir);
  } catch {
    // missing: tmux would fail there too; compare the path as given
  }
  return `${dir.replace(/\/+$/, "")}/tmux-${uid}/default`;
}

/**
 * Dead panes whose exit status tmux does not know: tmux 3.3a (built with utempter, as Debian's)
 * loses a pane process's SIGCHLD when it arrives while tmux runs the utempter helper for the
 * closing pane (fixed in tmux 3.6), and then never reaps it, never fires pane-died, until some
 * other child of the server exits. A SIGCHLD sent to the server makes it reap: the status
 * appears and the pane-died hook runs. Nothing else is touched.
 */
export function nudgeUnreaped(panes: Iterable<PaneInfo | null>): void {
  for (const pid of unreapedServers(panes)) {
    try {
      process.kill(pid, "SIGCHLD");
    } catch {
      // gone, or not ours: nothing to nudge
    }
  }
}

/** The pids of the servers holding a dead pane without an exit status, each once. */
export function unreapedServers(panes: Iterable<PaneInfo | null>): number[] {
  const servers = new Set<number>();
  for (const p of panes) {
    if (!p || !p.dead || p.deadStatus !== null || p.deadSignal !== null) continue;
    const pid = Number(p.server?.split(":")[0]);
    if (Number.isInteger(pid) && pid > 1) servers.add(pid);
  }
  return [...servers];
}

/** What every server that matters shows now. */
export interface ServerView {
  /** Panes of the server a record with this socket lives on (none: the server tmux picks). */
  panes(socket: string | null | undefined): Map<string, PaneInfo[]>;
  /** That server's `<pid>:<start time>`, null when it did not answer. */
  server(socket: string | null | undefined): string | null;
}

export class Servers {
  private readonly others = new Map<string, Tmux>();

  constructor(readonly base: Tmux) {}

  /** The tmux to talk to about a session created on `socket` (none: the server tmux picks). */
  for(socket: string | null | undefined): Tmux {
    if (!socket) return this.base;
    let t = this.others.get(socket);
    if (!t) {
      t = new Tmux({ command: this.base.command, env: this.base.env, socket });
      this.others.set(socket, t);
    }
    return t;
  }

  /**
   * Given the listing of the server tmux picks (`current`), list each other server these
   * sockets name, once each, in parallel.
   */
  async view(current: Map<string, PaneInfo[]>, sockets: Iterable<string | null | undefined>): Promise<ServerView> {
    const here = socketOf(current) ?? defaultSocket(this.base.env);
    const listings = new Map<string, Map<string, PaneInfo[]>>();
    const wanted = [...new Set([...sockets].filter((s): s is string => !!s && s !== here))];
    await Promise.all(
      wanted.map(async (s) => {
        listings.set(s, existsSync(s) ? await this.for(s).listPanes() : new Map());
      }),
    );
    const panes = (socket: string | null | undefined) => (socket && socket !== here ? listings.get(socket) ?? new Map() : current);
    return { panes, server: (socket) => serverOf(panes(socket)) };
  }
}
