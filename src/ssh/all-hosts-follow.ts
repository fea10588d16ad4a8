// `gwq events -f --all-hosts`: this machine's log followed here, and each host's followed by its
// own gwq over one ssh call each (`events -f --json`), the lines merged as they arrive, each
// tagged with its host. A host that cannot be reached, or goes away while followed (ssh's
// keep-alives end the call), is reported once as `gwq: box: unreachable: …` on stderr and the
// other streams go on: a follower over several machines is not ended by one of them. Ctrl-C
// ends it all (exit 0). See README "Sessions on other machines".
import { createRequire } from "node:module";
import type { GwqEvent } from "../events/types.js";
import { writeErr } from "../output.js";
import { remoteGwq, sshArgv, type Host, type SshSetup } from "./argv.js";
import type { Context } from "../context.js";
import { configuredHosts } from "./all-hosts.js";

/** ssh's own failures (cannot connect, connection lost) exit 255; the far gwq never does. */
const SSH_FAILED = 255;

const childProcess = () => createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");

/**
 * Follow one host: each JSON line of the far `gwq events -f --json` goes to `onEvent`. Resolves
 * when the stream ends (the host went away, the far gwq failed, or `signal` aborted it), having
 * said why on stderr unless it was aborted.
 */
export function followHost(setup: SshSetup, host: Host, args: readonly string[], onEvent: (e: GwqEvent) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // stdin is a pipe never written: when this side ends, ssh ends, and the far follower
    // (`--while-stdin-open`) sees its stdin close and ends too, however quiet its log is.
    const child = childProcess().spawn(setup.program, sshArgv(setup, host, remoteGwq(host, args), { shared: false }), { stdio: ["pipe", "pipe", "pipe"] });
    child.stdin!.on("error", () => {});
    let partial = "";
    let err = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
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
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err = (err + d).slice(-4000)));
    const stop = () => child.kill("SIGTERM");
    signal.addEventListener("abort", stop);
    let finished = false;
    const finish = (code: number | null, why?: string) => {
      if (finished) return;
      finished = true;
      signal.removeEventListener("abort", stop);
      child.stdin!.destroy();
      child.stdout!.destroy();
      child.stderr!.destroy();
      if (!signal.aborted) {
        const last = err.trim().split("\n").filter(Boolean).pop()?.replace(/^gwq: /, "");
        const line = why ?? (code === SSH_FAILED ? `unreachable: ${last ?? "the connection was lost"}` : last ?? `gwq exited ${code}`);
        writeErr(`gwq: ${host.name}: ${line}; still following the others\n`);
      }
      resolve();
    };
    child.on("error", (e: Error) => finish(null, `${setup.program}: ${e.message}`));
    child.on("close", (code) => finish(code));
    // Whoever else holds the pipes (nobody should) cannot keep this stream open past ssh's end.
    child.on("exit", (code) => setTimeout(() => finish(code), 500).unref());
  });
}

/** Follow every configured host until `signal` aborts; resolves when every stream has ended. */
export async function followAllHosts(ctx: Context, args: readonly string[], onEvent: (host: string, e: GwqEvent) => void, signal: AbortSignal): Promise<void> {
  const { hosts, setup } = await configuredHosts(ctx);
  if (!setup) return;
  await Promise.all(hosts.map((h) => followHost(setup, h, ["events", "-f", "--json", "--while-stdin-open", ...args], (e) => onEvent(h.name, e), signal)));
}
