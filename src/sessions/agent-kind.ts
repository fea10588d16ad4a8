// Which agent a session runs (CONTRACT §4): the basename of the command's first word when it is a
// known agent, else the context when it is one of them, else null.
import { basename } from "node:path";

export const AGENT_KINDS = ["claude", "codex", "gemini", "aider", "opencode"] as const;

export function inferAgent(command: string | string[], context: string): string | null {
  const first = Array.isArray(command) ? (command[0] ?? "") : (command.trim().split(/\s+/)[0] ?? "");
  const known = AGENT_KINDS as readonly string[];
  const word = basename(first);
  if (known.includes(word)) return word;
  if (known.includes(context)) return context;
  return null;
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
