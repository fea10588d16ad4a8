// `gwq events --all-hosts [-f]`: the events of this machine and of every host. JSON lines carry
// `host` (null for this machine); a table names a far session `host:session`.
import { followEvents } from "../events/follow.js";
import { EventStream, renderEvents } from "../events/format.js";
import type { GwqEvent } from "../events/types.js";
import { writeErr, writeOut } from "../output.js";
import { stateDir } from "../paths.js";
import type { Context } from "../context.js";
import { followAllHosts } from "./all-hosts-follow.js";
import { eventsAllHosts, shownEvent, type HostEvent } from "./all-hosts-views.js";

export interface EventsQuery {
  pattern: string | undefined;
  since: string | undefined;
  follow: boolean;
  json: boolean;
}

export async function eventsAllHostsCommand(
  ctx: Context,
  q: EventsQuery,
  backlog: GwqEvent[],
  width: number | undefined,
  lastSeq: number,
  matches: (e: GwqEvent) => boolean,
  startSweeper: () => Promise<(() => void) | null>,
): Promise<void> {
  const farArgs = [...(q.since !== undefined ? ["--since", q.since] : []), ...(q.pattern !== undefined ? ["--", q.pattern] : [])];
  if (!q.follow) {
    const all = await eventsAllHosts(ctx, backlog, farArgs);
    if (q.json) writeOut(all.map((e) => JSON.stringify(e) + "\n").join(""));
    else if (all.length) writeOut(renderEvents(all.map(shownEvent), width).join("\n") + "\n");
    else writeErr("no events\n");
    return;
  }
  // The backlog (with --since) comes from every host first, merged; then the live streams.
  const first = q.since !== undefined ? await eventsAllHosts(ctx, backlog, farArgs) : [];
  const stream = new EventStream(first.map(shownEvent), width);
  const print = (e: HostEvent) => writeOut((q.json ? JSON.stringify(e) : stream.row(shownEvent(e))) + "\n");
  if (!q.json) writeOut(stream.header() + "\n");
  for (const e of first) print(e);

  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const sweeper = await startSweeper();
  // The far followers start from now: their backlog was printed above.
  const farFollow = [...(q.pattern !== undefined ? ["--", q.pattern] : [])];
  try {
    await Promise.all([
      followEvents(stateDir(), (e) => matches(e) && print({ ...e, host: null }), { after: lastSeq, signal: ac.signal }),
      followAllHosts(ctx, farFollow, (host, e) => print({ ...e, host }), ac.signal),
    ]);
  } finally {
    sweeper?.();
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
