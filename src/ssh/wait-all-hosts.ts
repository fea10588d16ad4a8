// `gwq tmux wait --any|--all --all-hosts`: the sessions of this machine and of every host in one
// wait. This machine's are watched as always (its event log, its listings); a host's come from
// its gwq's `tmux list --json` at each listing, asked at once. A far session is known to the wait
// as `host:session_name` (tmux allows no ':' in a session name, so it never collides with one of
// this machine's) and is shown with its `host`. A host that cannot be reached when the wait
// begins is one line and is left out; one that goes away during the wait ends it (exit 1, the
// line), since what its sessions do can no longer be known.
import type { Session } from "../sessions/types.js";
import type { Context } from "../context.js";
import { configuredHosts, askHost } from "./all-hosts.js";
import { HostUnreachable } from "./ssh.js";
import { GwqError } from "../errors.js";
import { writeErr } from "../output.js";

export type HostSession = Session & { host: string | null };

export interface CrossHostList {
  /** One listing of every host still watched (this machine's sessions keep their names). */
  list: () => Promise<Session[]>;
  /** A session as the user sees it: its own name, and its host. */
  shown: (s: Session) => HostSession;
}

export async function crossHostList(ctx: Context, local: () => Promise<Session[]>): Promise<CrossHostList> {
  const { hosts, setup } = await configuredHosts(ctx);
  const far = new Map<string, { name: string; host: string }>();
  let watched = hosts;
  const key = (host: string, s: Session) => {
    const k = `${host}:${s.session_name}`;
    far.set(k, { name: s.session_name, host });
    return { ...s, session_name: k };
  };
  let first = true;
  const list = async (): Promise<Session[]> => {
    const [mine, answers] = await Promise.all([local(), setup ? Promise.all(watched.map((h) => askHost<Session[]>(setup, h, ["tmux", "list", "--json"]))) : []]);
    const out = [...mine];
    for (const a of answers) {
      if (a.error && first) writeErr(`gwq: ${a.host}: ${a.error}\n`);
      else if (a.error) throw a.error.startsWith("unreachable: ") ? new HostUnreachable(a.host, a.error.slice(13)) : new GwqError(`${a.host}: ${a.error}`);
      else out.push(...a.value!.map((s) => key(a.host, s)));
    }
    if (first) watched = watched.filter((h) => !answers.some((a) => a.host === h.name && a.error));
    first = false;
    return out;
  };
  const shown = (s: Session): HostSession => {
    const f = far.get(s.session_name);
    return f ? { ...s, session_name: f.name, host: f.host } : { ...s, host: null };
  };
  return { list, shown };
}
