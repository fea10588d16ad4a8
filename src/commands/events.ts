// gwq events [pattern] [-f|--follow] [--since <seq|duration>] [--json]
// The event log as a table (TIME SESSION EVENT DETAIL) or as JSON lines. `--follow` streams what
// is appended until Ctrl-C (exit 0); without `--since` it starts from now, like `docker events`.
// While following, the session core's sweep runs now and then, so changes nobody else reports
// (activity-derived states, sessions that vanished) are observed, logged and shown.
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { events } from "./_specs-sessions.js";
import { stdoutColumns, writeErr, writeOut } from "../output.js";
import { warn } from "../context.js";
import { stateDir } from "../paths.js";
import { followEvents } from "../events/follow.js";
import { EventStream, renderEvents } from "../events/format.js";
import { colourEnabled } from "../ui/color.js";
import { eventMatcher, isAfter, parseSince, readEvents, type Since } from "../events/read.js";
import type { GwqEvent } from "../events/types.js";
import { whileStdinOpen } from "../stdin-watch.js";


/** How often `--follow` runs the sweep (one tmux call each time). */
const SWEEP_MS = 2000;

export default async function run(ctx: CliContext, { args: { pattern }, flags }: Invocation<typeof events>): Promise<void> {
  const since: Since | undefined = flags.since !== undefined ? parseSince(flags.since) : undefined;
  const dir = stateDir();
  const { events: all, damaged } = readEvents(dir);
  if (damaged) writeErr(`gwq: warning: skipped ${damaged} damaged line${damaged === 1 ? "" : "s"} in ${dir}/events.jsonl\n`);
  const matches = eventMatcher(pattern, all);
  // Following without --since starts from now: the past is `gwq events`.
  const backlog = flags.follow && !since ? [] : all.filter((e) => matches(e) && isAfter(e, since));
  const width = stdoutColumns();

  if (flags.allHosts) return (await import("../ssh/events-all-hosts.js")).eventsAllHostsCommand(ctx, { pattern, since: flags.since, follow: !!flags.follow, json: !!flags.json }, backlog, width, all.length ? all[all.length - 1]!.seq : 0, (e) => matches(e), () => startSweeper(ctx));

  if (!flags.follow) {
    if (flags.json) writeOut(backlog.map((e) => JSON.stringify(e) + "\n").join(""));
    else if (backlog.length) writeOut(renderEvents(backlog, width, colourEnabled()).join("\n") + "\n");
    else writeErr("no events\n");
    return;
  }

  const stream = new EventStream(backlog, width, colourEnabled());
  const print = (e: GwqEvent) => writeOut((flags.json ? JSON.stringify(e) : stream.row(e)) + "\n");
  if (!flags.json) writeOut(stream.header() + "\n");
  for (const e of backlog) print(e);
  const last = all.length ? all[all.length - 1]!.seq : 0;

  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const sweeper = await startSweeper(ctx);
  // A follower started over ssh by another machine learns that its reader is gone only when it
  // next writes; on a quiet host that is never. Its stdin closes with the connection, though.
  const letGo = flags.whileStdinOpen ? whileStdinOpen(stop) : null;
  try {
    await followEvents(dir, (e) => matches(e) && print(e), { after: last, signal: ac.signal });
  } finally {
    letGo?.();
    sweeper?.();
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/**
 * Run the session core's sweep every SWEEP_MS while following: it appends the events for the
 * changes it discovers (sessions that vanished, ends nobody recorded), and the follower prints
 * them like any other. Returns a stopper, or null when tmux sessions are disabled.
 */
export async function startSweeper(ctx: CliContext): Promise<(() => void) | null> {
  if (!ctx.config.tmux.enabled) return null;
  const { sessionManager } = await import("../sessions/from-context.js");
  const m = sessionManager(ctx, { warn });
  let busy = false;
  const tick = async () => {
    if (busy) return; // a slow tmux: never two sweeps at once
    busy = true;
    try {
      await m.sweep();
    } catch {
      // no tmux, or it failed this time: the log is still followed
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(tick, SWEEP_MS);
  return () => clearInterval(timer);
}
