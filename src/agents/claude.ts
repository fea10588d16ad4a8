// Claude Code (checked against the hooks reference, code.claude.com/docs/en/hooks, 2025-11/12
// revisions). Hooks live in settings.json under `hooks`; each gets the event as JSON on stdin
// with `session_id` and `hook_event_name`. Exit 0 with nothing on stdout is a silent success
// (stdout of UserPromptSubmit and SessionStart would be added to Claude's context: we print
// nothing).
import type { AgentSpec, Payload, StateFromHook } from "./types.js";
import { CLAUDE_STYLE_EVENTS, claudeStyleTurn, str, toolSummary } from "./types.js";

function fromHook(p: Payload): StateFromHook | null {
  const id = str(p.session_id);
  switch (p.hook_event_name) {
    case "SessionStart":
      // After an automatic compaction Claude carries on with the turn: not a new state.
      return p.source === "compact" ? null : { state: "idle", agent_session_id: id, begins: true };
    case "PermissionRequest": {
      const what = toolSummary(p.tool_name, p.tool_input);
      return { state: "waiting", reason: what ? `permission to use ${what}` : "permission requested", agent_session_id: id };
    }
    case "Notification": {
      const type = str(p.notification_type);
      const message = str(p.message);
      // ~6 s after the PermissionRequest, and vaguer ("Claude needs your permission to use Bash").
      if (type === "permission_prompt") return { state: "waiting", reason: message, agent_session_id: id, vague: true };
      if (type === "elicitation_dialog") return { state: "waiting", reason: message, agent_session_id: id };
      if (type === "idle_prompt") return { state: "idle", agent_session_id: id };
      // Versions before notification_type: the message is all there is.
      if (!type && message && /permission/i.test(message)) return { state: "waiting", reason: message, agent_session_id: id, vague: true };
      if (!type && message && /waiting for your input/i.test(message)) return { state: "idle", agent_session_id: id };
      return null;
    }
    case "StopFailure":
      // The turn ended on an API error (rate limit, overload, authentication): Claude waits for
      // a new prompt, and the error is worth showing. Claude 2.1 sends `error` (a type, often
      // "unknown"), `error_details` (often absent) and `last_assistant_message`: the error text
      // it shows ("API Error: 400 …").
      return { state: "idle", reason: str(p.error_details) ?? str(p.last_assistant_message) ?? str(p.error) ?? "the turn ended on an API error", agent_session_id: id };
    default:
      return claudeStyleTurn(p.hook_event_name, id);
  }
}

export const claude: AgentSpec = {
  kind: "claude",
  title: "Claude Code",
  fromHook,
  settings: [
    {
      format: "json-hooks",
      // Claude Code honours CLAUDE_CONFIG_DIR in place of ~/.claude.
      path: ({ home, project, env }) =>
        project ? `${project}/.claude/settings.local.json` : `${env.CLAUDE_CONFIG_DIR || `${home}/.claude`}/settings.json`,
      events: [...CLAUDE_STYLE_EVENTS, { event: "Notification" }, { event: "Stop" }, { event: "StopFailure" }],
      // Seconds. The hook returns in milliseconds; this only bounds a machine in trouble.
      extra: { timeout: 10 },
    },
  ],
  resume: {
    program: /(^|\/)claude$|(^|\/)@anthropic-ai\/claude-code(@[^/]*)?$|\/claude-code\/cli\.m?js$/,
    args: (id) => ["--resume", id],
    withValue: [
      "--add-dir", "--agent", "--agents", "--allowedTools", "--allowed-tools", "--append-system-prompt", "--append-system-prompt-file",
      "--betas", "--disallowedTools", "--disallowed-tools", "--fallback-model", "--input-format", "--json-schema", "--max-budget-usd",
      "--max-turns", "--mcp-config", "--model", "--output-format", "--permission-mode", "--permission-prompt-tool", "--plugin-dir",
      "--setting-sources", "--settings", "--system-prompt", "--system-prompt-file", "--tools",
    ],
    dropWithValue: ["--session-id"],
    drop: ["--continue", "-c", "--fork-session"],
    optionalValue: ["--resume", "-r"],
  },
  workArea,
};

/**
 * Claude Code's screen without its footer: the line or two under the input box's lower rule,
 * where tips and notices come and go while nothing happens (one appears about 8 s after Esc and
 * goes 7 s later). With a dialog open, more lines follow the last rule: all are kept.
 */
function workArea(lines: string[]): string[] {
  let i = lines.length - 1;
  while (i >= 0 && !/^─{20,}\s*$/.test(lines[i]!)) i--;
  return i >= 0 && lines.length - 1 - i <= 2 ? lines.slice(0, i + 1) : lines;
}
