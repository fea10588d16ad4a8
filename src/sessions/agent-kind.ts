// Which agent a session runs (CONTRACT §4), and how to resume its conversation: the agents' own
// table decides (src/agents/index.ts): the basename of the command's program when it is a known
// agent, else the context when it is one of them, else null.
import { agentOf, AGENT_KINDS, AGENTS } from "../agents/index.js";

export { AGENT_KINDS };

export function inferAgent(command: string | string[], context: string): string | null {
  return agentOf(command, context);
}

/** The argv that resumes an agent's conversation (its own file says how), or null. */
export function resumeArgv(agent: string, id: string): string[] | null {
  return AGENTS[agent]?.resumeArgv?.(id) ?? null;
}
