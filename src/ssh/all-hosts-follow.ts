// `gwq events -f --all-hosts`: this machine's log followed here, and each host's followed by its
// own gwq over one ssh call each (`events -f --json`), the lines merged as they arrive, each
// tagged with its host. A host that cannot be reached, or goes away while followed (ssh's
// keep-alives end the call), is reported once as `gwq: box: unreachable: …` on stderr and the
// other streams go on: a follower over several machines is not ended by one of them. Ctrl-C
// ends it all (exit 0). See README "Sessions on other machines".
import type { GwqEvent } from "../events/types.js";
import { writeErr } from "../output.js";
import { remoteGwq, type Host, type SshSetup } from "./argv.js";
import type { Context } from "../context.js";
import { configuredHosts } from "./all-hosts.js";
import { streamRemote, SSH_FAILED } from "./ssh.js";

/**
 * Follow one host: each JSON line of the far `gwq events -f --json` goes to `onEvent`. Resolves
 * when the stream ends (the host went away, the far gwq failed, or `signal` aborted it), having
 * said why on stderr unless it was aborted.
 */
export async function followHost(setup: SshSetup, host: Host, args: readonly string[], onEvent: (e: GwqEvent) => void, signal: AbortSignal): Promise<void> {
  let partial = "";
  let err = "";
  const onStdout = (d: string) => {
    const lines = (partial + d).split("\n");
    partial = lines.pop()!;
    for (const l of lines) {
      if (!l.trim()) continue;
      try {
        onEvent(JSON.parse(l) as GwqEvent);
      } catch {
        // not an event (a far gwq too old to follow as JSON): skipped
      }
    }
  };
  let line: string;
  try {
    const end = await streamRemote(setup, host, remoteGwq(host, args), { onStdout, onStderr: (d) => (err = (err + d).slice(-4000)), signal });
    const last = err.trim().split("\n").filter(Boolean).pop()?.replace(/^gwq: /, "");
    line = end.code === SSH_FAILED ? `unreachable: ${last ?? "the connection was lost"}` : last ?? `gwq exited ${end.code ?? end.signal}`;
  } catch (e) {
    line = (e as Error).message;
  }
  if (!signal.aborted) writeErr(`gwq: ${host.name}: ${line}; still following the others\n`);
}

/** Follow every configured host until `signal` aborts; resolves when every stream has ended. */
export async function followAllHosts(ctx: Context, args: readonly string[], onEvent: (host: string, e: GwqEvent) => void, signal: AbortSignal): Promise<void> {
  const { hosts, setup } = await configuredHosts(ctx);
  if (!setup) return;
  await Promise.all(hosts.map((h) => followHost(setup, h, ["events", "-f", "--json", "--while-stdin-open", ...args], (e) => onEvent(h.name, e), signal)));
}
