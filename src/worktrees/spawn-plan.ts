// What `gwq spawn` starts in each worktree, worked out without touching anything: the agent's
// argv with the prompt as its own argument (never through a shell), `{branch}` replaced.
import { basename } from "node:path";

/** The agents gwq knows how to hand a first prompt to, and how. */
export const PROMPT_ARGV: Record<string, (prompt: string) => string[]> = {
  claude: (p) => [p],
  codex: (p) => [p],
  gemini: (p) => ["-i", p],
};

export const SPAWN_AGENTS = Object.keys(PROMPT_ARGV);

export interface SpawnPlanInput {
  branch: string;
  /** --agent (default claude). */
  agent?: string;
  prompt?: string;
  /** The argv after `--`, when given: run instead of the agent. */
  argv?: string[];
}

export interface SpawnPlan {
  argv: string[];
  /** The session's context: the agent's kind (or the program's name for a plain argv). */
  context: string;
  /** The agent kind recorded with the session; null lets the session layer infer it. */
  agent: string | null;
}

export const withBranch = (text: string, branch: string) => text.split("{branch}").join(branch);

export function spawnPlan(input: SpawnPlanInput): SpawnPlan {
  const prompt = input.prompt === undefined || input.prompt === "" ? null : withBranch(input.prompt, input.branch);
  if (input.argv && input.argv.length) {
    // A program of the user's: `{branch}` in its words too, the prompt as one last argument.
    const argv = input.argv.map((w) => withBranch(w, input.branch));
    if (prompt !== null) argv.push(...(input.agent && PROMPT_ARGV[input.agent] ? PROMPT_ARGV[input.agent]!(prompt) : [prompt]));
    const context = input.agent ?? (basename(argv[0]!) || "run");
    return { argv, context, agent: input.agent ?? null };
  }
  const agent = input.agent ?? "claude";
  const toPrompt = PROMPT_ARGV[agent];
  if (!toPrompt) throw new Error(`no prompt form for ${agent}`);
  return { argv: [agent, ...(prompt !== null ? toPrompt(prompt) : [])], context: agent, agent };
}

/**
 * The words after `--` in a command line (the program to run), or null without one. A `--` that
 * is the value of a flag (`--prompt --`) is not the separator.
 */
export function argvAfterSeparator(words: string[], valueFlags: string[]): string[] | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === "--") return words.slice(i + 1);
    if (valueFlags.includes(w)) i++;
  }
  return null;
}
