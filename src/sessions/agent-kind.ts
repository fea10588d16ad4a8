// Which agent a session runs (docs/agents.md), and how to resume its conversation: the agents' own
// table decides (src/agents/index.ts): the basename of the command's program when it is a known
// agent, else the context when it is one of them, else null.
import { agentOf, AGENT_KINDS, AGENTS } from "../agents/index.js";
import { resumeCommand, type Relaunch } from "../agents/resume.js";

export { AGENT_KINDS };

export function inferAgent(command: string | string[], context: string): string | null {
  return agentOf(command, context);
}

/**
 * What resumes an agent's conversation: the old command (argv or command line) with the agent's
 * resume arguments (src/agents/resume.ts); null for an agent gwq cannot resume.
 */
export function resumeRelaunch(agent: string, id: string, old: { argv?: string[]; command: string }): Relaunch | null {
  const spec = AGENTS[agent]?.resume;
  return spec ? resumeCommand(agent, spec, id, old) : null;
}
