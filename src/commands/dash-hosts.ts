// The dashboard's road to the configured hosts: each call is the host's own gwq over ssh
// (src/ssh/), bounded by the host's timeout; the dashboard (src/ui/dash-hosts.ts) decides when
// to ask. Which keys work on a host's session: README "The dashboard: `gwq dash`".
import { GwqError } from "../errors.js";
import type { Session } from "../sessions/types.js";
import { askHost } from "../ssh/all-hosts.js";
import type { Host, SshSetup } from "../ssh/argv.js";
import { hostGwq, hostGwqInteractive } from "../ssh/ssh.js";
import type { DashHosts } from "../ui/dash-actions.js";

export function dashHosts(setup: SshSetup, hosts: readonly Host[]): DashHosts {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const host = (name: string) => byName.get(name)!;
  /** `gwq <args>` there; its stdout, or its last line of stderr as the error. */
  const call = async (name: string, args: string[]): Promise<string> => {
    const r = await hostGwq(setup, host(name), args);
    if (r.code !== 0) throw new GwqError(`${name}: ${r.stderr.trim().split("\n").pop() || `gwq exited ${r.code}`}`);
    return r.stdout;
  };
  return {
    names: hosts.map((h) => h.name),
    async list(name) {
      const a = await askHost<Session[]>(setup, host(name), ["tmux", "list", "--json"]);
      return { sessions: a.value, error: a.error };
    },
    async output(name, session, lines) {
      const text = await call(name, ["tmux", "logs", ...(lines === undefined ? [] : ["--lines", String(lines)]), "--", session]);
      return text.replace(/\n$/, "").split("\n");
    },
    attach: (name, session) => hostGwqInteractive(setup, host(name), ["tmux", "attach", "--", session], true),
    async kill(name, session) {
      await call(name, ["tmux", "kill", "--force", "--", session]);
    },
    async restart(name, session, force) {
      const out = await call(name, ["tmux", "restart", ...(force ? ["--force"] : []), "--", session]);
      return out.trim().split(/\s+/).pop() ?? session;
    },
  };
}
