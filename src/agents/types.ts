// What gwq knows about one coding agent. Each agent is one file (claude.ts, codex.ts, ...) that
// exports an AgentSpec; index.ts holds the table. The hook (`gwq __hook <agent>`) loads these
// files on every agent event, so they are pure data and small functions: no I/O, no imports but
// types and the helpers below.
import type { AgentState } from "../sessions/state.js";

export type Payload = Record<string, unknown>;

/** What one hook payload means; null when it says nothing about the state. */
export interface StateFromHook {
  state: AgentState;
  reason?: string | null;
  agent_session_id?: string | null;
  /**
   * The event starts (or switches to) a conversation: a new conversation id from it becomes the
   * session's. Any other event carrying another conversation's id than the session's is a side
   * conversation (Codex's title generation) and changes nothing.
   */
  begins?: boolean;
  /** A vaguer restatement of what a waiting agent asks (never replaces the precise reason). */
  vague?: boolean;
}

/** One hook gwq installs into a JSON settings file: the agent's event, and its matcher if any. */
export interface HookEvent {
  event: string;
  matcher?: string;
}

/**
 * A settings file gwq merges its hooks into. `json-hooks`: the `hooks` object shared by Claude
 * Code, Codex's hooks.json and Gemini CLI (`{hooks: {Event: [{matcher?, hooks: [{type,
 * command}]}]}}`). `toml-notify`: Codex's top-level `notify = [argv...]`.
 */
export type SettingsTarget =
  | {
      format: "json-hooks";
      /** Absolute path, from the home directory, or the project directory with --project. */
      path: (where: { home: string; project: string | null; env: NodeJS.ProcessEnv }) => string;
      events: HookEvent[];
      /** Extra fields of each hook entry (a timeout in the agent's own unit). */
      extra?: Record<string, unknown>;
    }
  | {
      format: "toml-notify";
      path: (where: { home: string; project: string | null; env: NodeJS.ProcessEnv }) => string;
    };

export interface AgentSpec {
  kind: string;
  /** The agent's own name, for messages. */
  title: string;
  /** Map one hook payload (stdin JSON, or Codex's notify argument) to a state. */
  fromHook?: (payload: Payload) => StateFromHook | null;
  /** Where `gwq agent hooks install` writes; absent for agents without hooks. */
  settings?: SettingsTarget[];
  /** A note printed after install (a switch the agent needs that gwq does not flip for you). */
  installNote?: string;
  /**
   * The agent may run its hooks outside the session's process tree, from a daemon that keeps
   * the environment of whichever session started it (Codex's app-server): an inherited
   * GWQ_SESSION_NAME proves nothing, and a hook without one may still be a gwq session's.
   */
  hooksFromDaemon?: boolean;
  /** How to resume a conversation in the user's own command line (src/agents/resume.ts). */
  resume?: ResumeSpec;
  /**
   * The part of its screen where the agent shows that it works (its spinner, its dialogs), which
   * the quiet rule judges (src/agents/quiet.ts); default: the whole screen.
   */
  workArea?: (lines: string[]) => string[];
}

/**
 * The agent's command-line grammar, as much as resuming needs: the resume arguments, and which
 * of its options take a value (so that a prompt given as an argument is told from an option's
 * value and left out: it was the first prompt, already in the conversation).
 */
export interface ResumeSpec {
  /** The program word: a basename, or an npm package / script path that runs the agent. */
  program: RegExp;
  /** Arguments added after the user's own (`--resume <id>`; Codex: the `resume <id>` subcommand). */
  args: (id: string) => string[];
  /** Options that take the next word as their value. */
  withValue: string[];
  /** Options dropped with their value (a previous resume, a prompt, a fixed session id). */
  dropWithValue: string[];
  /** Options dropped alone. */
  drop: string[];
  /** Options whose value is optional (taken when the next word is no option). */
  optionalValue?: string[];
}

export const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** "Bash: npm test" from a tool name and its input: what a permission prompt is about. */
export function toolSummary(tool: unknown, input: unknown): string | null {
  const name = str(tool);
  if (!name) return null;
  const i = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  const detail = str(i.command) ?? str(i.file_path) ?? str(i.path) ?? str(i.url) ?? str(i.pattern);
  return detail ? `${name}: ${detail}` : name;
}

/**
 * The events of Claude Code's hook protocol that gwq listens to, as Codex's hooks.json takes them
 * too; each agent adds its own after these (Claude's Notification, both agents' Stop).
 */
export const CLAUDE_STYLE_EVENTS: readonly HookEvent[] = [
  { event: "SessionStart" },
  { event: "UserPromptSubmit" },
  { event: "PreToolUse", matcher: "*" },
  { event: "PostToolUse", matcher: "*" },
  { event: "PermissionRequest", matcher: "*" },
];

/** What the turn's events of that protocol mean, alike for Claude Code and Codex; null for any other. */
export function claudeStyleTurn(event: unknown, id: string | null): StateFromHook | null {
  switch (event) {
    case "UserPromptSubmit":
      return { state: "working", agent_session_id: id, begins: true };
    case "PreToolUse":
    case "PostToolUse":
      return { state: "working", agent_session_id: id };
    case "Stop":
      return { state: "idle", agent_session_id: id };
    default:
      return null;
  }
}
