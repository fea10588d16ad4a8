// `--all-hosts`: the same question to every configured host at once, each bounded by its own
// timeout. A host that does not answer is one line with ssh's reason; it never hides the others,
// and this machine's answer always counts (README "Sessions on other machines").
import type { Host, SshSetup } from "./argv.js";
import { hostGwq, HostUnreachable } from "./ssh.js";

export interface HostAnswer<T> {
  host: string;
  value: T | null;
  /** `unreachable: <ssh's reason>`, or what the far gwq said when it failed. */
  error: string | null;
}

/** Ask one host `gwq <args>` (JSON on stdout), bounded by its timeout; never throws. */
export async function askHost<T>(setup: SshSetup, h: Host, args: readonly string[]): Promise<HostAnswer<T>> {
  try {
    const r = await hostGwq(setup, h, args);
    if (r.code !== 0) return { host: h.name, value: null, error: r.stderr.trim().split("\n").pop() || `gwq exited ${r.code}` };
    return { host: h.name, value: JSON.parse(r.stdout) as T, error: null };
  } catch (e) {
    if (e instanceof HostUnreachable) return { host: h.name, value: null, error: `unreachable: ${e.reason}` };
    return { host: h.name, value: null, error: (e as Error).message.split("\n")[0]! };
  }
}

/** Ask every host `gwq <args>` (JSON on stdout) in parallel. */
export function askHosts<T>(setup: SshSetup, hosts: readonly Host[], args: readonly string[]): Promise<HostAnswer<T>[]> {
  return Promise.all(hosts.map((h) => askHost<T>(setup, h, args)));
}
