// gwq tmux wait [pattern...] [--any|--all] [--until ended|waiting|idle|working] [--timeout d] [--json]
// One session (the default): exit with its exit code once it ends, or 0 once it reaches the state.
// --any: when the first matching session meets the condition (its exit code for `ended`, 0 for a
// state). --all: when every one has (0 when all completed or reached the state, else 1). A
// session that vanished without an end (detached) counts as ended without an exit code: 1.
// --timeout (a duration, or bare seconds): 124, like timeout(1). --json prints the sessions that
// met the condition, as a JSON array of records.
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxWait } from "../_specs-sessions.js";
import { GwqError, UsageError } from "../../errors.js";
import { stateDir } from "../../paths.js";
import { matchSessions } from "../../sessions/match.js";
import type { Session } from "../../sessions/types.js";
import { waitFor, type WaitMode } from "../../sessions/wait.js";
import { chooseSessions, manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";
import { whileStdinOpen } from "../../stdin-watch.js";


export default async function run(ctx: CliContext, { args: { pattern: patterns }, flags }: Invocation<typeof tmuxWait>): Promise<void> {
  const until = flags.until;
  const mode: WaitMode = flags.any ? "any" : flags.all ? "all" : "one";
  if (mode === "one" && patterns.length > 1) throw new UsageError("several patterns need --any or --all");
  const timeoutMs = flags.timeout;

  const m = manager(ctx);
  // Pure: a wait writes nothing and asks tmux only to list.
  let list = () => m.listSessions();
  let shown = (s: Session): Session => s;
  if (flags.allHosts) {
    if (mode === "one") throw new UsageError("--all-hosts waits with --any or --all");
    ({ list, shown } = await (await import("../../ssh/wait-all-hosts.js")).crossHostList(ctx, list));
  }
  let sessions: Session[];
  if (mode === "one") {
    sessions = await chooseSessions(ctx, m, patterns[0], { purpose: "wait for" });
  } else {
    const everything = await list();
    const chosen = new Map<string, Session>();
    for (const p of patterns.length ? patterns : [undefined]) for (const s of matchSessions(everything, p)) chosen.set(s.session_name, s);
    sessions = [...chosen.values()];
    if (sessions.length === 0) throw new GwqError(patterns.length ? `no gwq session matches ${patterns.map((p) => `"${p}"`).join(" or ")}` : "no gwq sessions");
  }

  const ac = new AbortController();
  const onInt = () => ac.abort();
  process.once("SIGINT", onInt);
  // --host's far wait: its ssh closing our stdin is the Ctrl-C of the side that asked.
  const letGo = flags.whileStdinOpen ? whileStdinOpen(onInt) : null;
  try {
    const r = await waitFor({ sessions, mode, until, list, stateDir: stateDir(), timeoutMs, signal: ac.signal });
    // --any: the one whose exit code this is (several may have met it before the wait began).
    const met = (mode === "any" ? r.met.slice(0, 1) : r.met).map(shown);
    if (flags.json) writeOut(JSON.stringify(met, null, 2) + "\n");
    else if (mode !== "one") for (const s of met) writeOut(`${(s as { host?: string | null }).host ? `${(s as { host?: string }).host}:` : ""}${s.session_name}\n`);
    if (r.failure) writeErr(`gwq: ${r.failure}\n`);
    process.exitCode = r.exitCode;
  } finally {
    process.off("SIGINT", onInt);
    letGo?.();
  }
}
