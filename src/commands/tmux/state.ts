// gwq tmux state <working|waiting|idle> [--reason <text>] [--session <pattern>]: any script or
// program reports its state (docs/agents.md), shown by list, status and dash with source "report".
// From inside a session it needs neither the config nor tmux: GWQ_SESSION_NAME says which one.
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxState } from "../_specs-sessions.js";
import { join } from "node:path";
import { GwqError, UsageError } from "../../errors.js";
import { stateDir } from "../../paths.js";
import { AGENT_STATES, recordState, type AgentState } from "../../sessions/state.js";
import { writeErr } from "../../output.js";

export default async function run(ctx: CliContext, { args: { state }, flags }: Invocation<typeof tmuxState>): Promise<void> {
  if (!(AGENT_STATES as string[]).includes(state)) throw new UsageError(`invalid state "${state}" (valid: ${AGENT_STATES.join(", ")})`);
  let dir: string;
  let name: string;
  if (flags.session !== undefined) {
    const { chooseSessions, manager } = await import("./_shared.js");
    const m = manager(ctx);
    const [s] = await chooseSessions(ctx, m, flags.session, { purpose: "set the state of" });
    if (s!.status !== "running") throw new GwqError(`${s!.session_name} is ${s!.status}: only a running session has a state`);
    dir = m.dir;
    name = s!.session_name;
  } else {
    const env = process.env.GWQ_SESSION_NAME;
    if (!env) throw new GwqError("not inside a gwq session (GWQ_SESSION_NAME is not set): name one with --session <pattern>");
    name = env;
    dir = join(process.env.GWQ_STATE_DIR || stateDir(), "sessions");
  }
  const written = recordState(dir, name, { state: state as AgentState, source: "report", reason: flags.reason ?? null });
  if (!written) throw new GwqError(`no gwq session named "${name}"`);
  if (written.eventError) writeErr(`gwq: warning: ${written.eventError.message}\n`);
}
