// The agents gwq knows. Adding one: a file like claude.ts, and a line in AGENTS.
import { claude } from "./claude.js";
import { codex } from "./codex.js";
import { gemini } from "./gemini.js";
import { beforeProgram } from "./resume.js";
import type { AgentSpec } from "./types.js";

export const AGENTS: Record<string, AgentSpec> = {
  claude,
  codex,
  gemini,
  // Known by name (their sessions get the activity fallback), no hooks yet.
  aider: { kind: "aider", title: "aider" },
  opencode: { kind: "opencode", title: "opencode" },
};

export const AGENT_KINDS = Object.keys(AGENTS);

/** Agents with hooks gwq can install. */
export const HOOK_AGENTS = AGENT_KINDS.filter((k) => AGENTS[k]!.settings);

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/, "$2");
}

/**
 * Which agent a session runs: the flag when given; else the basename of the command's program
 * when it is a known agent (`claude`, `/usr/local/bin/codex --full-auto`, `FOO=1 gemini`); else
 * the context when it names one; else null.
 */
export function agentOf(command: string | string[], context: string | null, flag?: string | null): string | null {
  if (flag) return flag;
  const words = Array.isArray(command) ? command : command.trim().split(/\s+/);
  for (const raw of words) {
    const word = unquote(raw);
    if (!word || beforeProgram(word)) continue;
    const base = word.slice(word.lastIndexOf("/") + 1);
    if (AGENTS[base]) return base;
    break;
  }
  return context && AGENTS[context] ? context : null;
}
