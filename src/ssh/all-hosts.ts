// `--all-hosts`: the same question to every configured host at once, each bounded by its own
// timeout. A host that does not answer is one line with ssh's reason; it never hides the others,
// and this machine's answer always counts (README "Sessions on other machines").
import type { Context } from "../context.js";
import type { Host, SshSetup } from "./argv.js";
import { hostGwq, HostUnreachable } from "./ssh.js";
import { writeErr } from "../output.js";

export interface HostAnswer<T> {
  host: string;
  value: T | null;
  /** `unreachable: <ssh's reason>`, or what the far gwq said when it failed. */
  error: string | null;
}

/** The configured hosts and how to reach them (no ssh setup when there are none). */
export async function configuredHosts(ctx: Context): Promise<{ hosts: Host[]; setup: SshSetup | null }> {
  const { hosts } = ctx.config;
  if (!hosts.length) return { hosts, setup: null };
  const { sshSetup } = await import("../commands/host.js");
  return { hosts, setup: sshSetup(ctx) };
}

/** What a failed call says, in one line: ssh's reason, or the far gwq's last line. */
export function failureLine(e: unknown): string {
  if (e instanceof HostUnreachable) return `unreachable: ${e.reason}`;
  return (e as Error).message.split("\n")[0]!;
}

/** Ask one host `gwq <args>`; `parse` reads its stdout (JSON by default). */
export async function askHost<T>(setup: SshSetup, h: Host, args: readonly string[], parse: (stdout: string) => T = (s) => JSON.parse(s) as T): Promise<HostAnswer<T>> {
  try {
    const r = await hostGwq(setup, h, args);
    // The far gwq's own last line, without its `gwq: ` (the host's name comes first here).
    if (r.code !== 0) return { host: h.name, value: null, error: (r.stderr.trim().split("\n").pop() || `gwq exited ${r.code}`).replace(/^gwq: /, "") };
    return { host: h.name, value: parse(r.stdout), error: null };
  } catch (e) {
    return { host: h.name, value: null, error: failureLine(e) };
  }
}

/** Ask every host `gwq <args>` (JSON on stdout) in parallel. */
export function askHosts<T>(setup: SshSetup, hosts: readonly Host[], args: readonly string[], parse?: (stdout: string) => T): Promise<HostAnswer<T>[]> {
  return Promise.all(hosts.map((h) => askHost<T>(setup, h, args, parse)));
}

/**
 * Every configured host asked at once; each failure is one line on stderr (`box: unreachable: …`)
 * unless `inline` (a table that shows it in its place instead).
 */
export async function askAllHosts<T>(ctx: Context, args: readonly string[], parse?: (stdout: string) => T, inline = false): Promise<HostAnswer<T>[]> {
  const { hosts, setup } = await configuredHosts(ctx);
  if (!setup) return [];
  const answers = await askHosts<T>(setup, hosts, args, parse);
  if (!inline) for (const a of answers) if (a.error) writeErr(`gwq: ${a.host}: ${a.error}\n`);
  return answers;
}

/** Records with the host they came from (`null`: this machine). */
export function tagHost<T extends object>(records: readonly T[], host: string | null): (T & { host: string | null })[] {
  return records.map((r) => ({ ...r, host }));
}

/** One JSON value per line (what `events --json` prints). */
export function jsonLines<T>(text: string): T[] {
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as T);
}
