// `gwq status --all-hosts` and `gwq events --all-hosts` (without -f): this machine's answer and
// every host's, asked at once. JSON records carry `host` (null for this machine), and so does a
// CSV (empty for this machine); a table shows this machine first, then one group per host; a
// host that fails is one line and hides nothing.
import type { GwqEvent } from "../events/types.js";
import type { Context } from "../context.js";
import { askAllHosts, jsonLines, tagHost } from "./all-hosts.js";

interface StatusJson {
  summary: Record<string, number>;
  worktrees: object[];
}

function sumSummaries(all: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of all) for (const [k, v] of Object.entries(s)) if (typeof v === "number") out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The far gwq's words for `status --all-hosts` (its own view of its worktrees, never --watch). */
export function statusFarArgs(f: { verbose?: boolean; global?: boolean; filter?: string; sort?: string; staleDays: number; showProcesses?: boolean }): string[] {
  return [
    ...(f.verbose ? ["--verbose"] : []),
    ...(f.global ? ["--global"] : []),
    ...(f.filter !== undefined ? ["--filter", f.filter] : []),
    ...(f.sort !== undefined ? ["--sort", f.sort] : []),
    "--stale-days",
    String(f.staleDays),
    ...(f.showProcesses ? ["--show-processes"] : []),
  ];
}

/**
 * status over every host. `local` renders this machine's status in a format; `farArgs` are the
 * words the far gwq gets (the user's, without --all-hosts). JSON and CSV report a host that
 * fails as one line on stderr; a table shows it in its place.
 */
export async function statusAllHosts(ctx: Context, local: (format: "json" | "csv" | "table") => Promise<string>, farArgs: string[], format: "json" | "csv" | "table"): Promise<string> {
  if (format === "csv") {
    const [mine, answers] = await Promise.all([local("csv"), askAllHosts<string>(ctx, ["status", "--csv", ...farArgs], (s) => s)]);
    const { mergeStatusCsv } = await import("./all-hosts-csv.js");
    return mergeStatusCsv(mine, answers.flatMap((a) => (a.value === null ? [] : [{ host: a.host, csv: a.value }])));
  }
  if (format === "json") {
    const [mine, answers] = await Promise.all([local("json"), askAllHosts<StatusJson>(ctx, ["status", "--json", ...farArgs])]);
    const here = JSON.parse(mine) as StatusJson;
    const ok = answers.filter((a) => a.value);
    return (
      JSON.stringify(
        {
          summary: sumSummaries([here.summary, ...ok.map((a) => a.value!.summary)]),
          worktrees: [...tagHost(here.worktrees, null), ...ok.flatMap((a) => tagHost(a.value!.worktrees, a.host))],
        },
        null,
        2,
      ) + "\n"
    );
  }
  const [mine, answers] = await Promise.all([local("table"), askAllHosts<string>(ctx, ["status", ...farArgs], (s) => s, true)]);
  const parts = [mine];
  for (const a of answers) parts.push(a.error ? `${a.host}: ${a.error}\n` : `${a.host}:\n${a.value}`);
  return parts.join("\n");
}

export type HostEvent = GwqEvent & { host: string | null };

/** The event logs of every host, merged by time with this machine's. */
export async function eventsAllHosts(ctx: Context, local: GwqEvent[], farArgs: string[]): Promise<HostEvent[]> {
  const answers = await askAllHosts<GwqEvent[]>(ctx, ["events", "--json", ...farArgs], jsonLines);
  const all: HostEvent[] = [...tagHost(local, null), ...answers.flatMap((a) => tagHost(a.value ?? [], a.host))];
  // Stable: each host's own order (by seq) is kept among events of the same instant.
  return all.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** An event as a table row shows it: a far session named `host:session`. */
export function shownEvent(e: HostEvent): GwqEvent {
  return e.host ? { ...e, session: `${e.host}:${e.session}` } : e;
}
