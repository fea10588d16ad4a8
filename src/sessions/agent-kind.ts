// Which agent a session runs (CONTRACT §4): the agents' own table decides (src/agents/index.ts,
// agentOf): the basename of the command's program when it is a known agent, else the context
// when it is one of them, else null.
import { agentOf, AGENT_KINDS } from "../agents/index.js";

export { AGENT_KINDS };

export function inferAgent(command: string | string[], context: string): string | null {
  return agentOf(command, context);
}

/** The argv that resumes an agent's conversation, or null when gwq does not know one. */
export function resumeArgv(agent: string, id: string): string[] | null {
  switch (agent) {
    case "claude":
      return ["claude", "--resume", id];
    case "codex":
      return ["codex", "resume", id];
    case "gemini":
      return ["gemini", "--resume", id];
    default:
      return null;
  }
}
