// Claude Code (checked against the hooks reference, code.claude.com/docs/en/hooks, 2025-11/12
// revisions). Hooks live in settings.json under `hooks`; each gets the event as JSON on stdin
// with `session_id` and `hook_event_name`. Exit 0 with nothing on stdout is a silent success
// (stdout of UserPromptSubmit and SessionStart would be added to Claude's context: we print
// nothing).
import type { AgentSpec, Payload, StateFromHook } from "./types.js";
import { str, toolSummary } from "./types.js";

function fromHook(p: Payload): StateFromHook | null {
  const id = str(p.session_id);
  switch (p.hook_event_name) {
    case "SessionStart":
      // After an automatic compaction Claude carries on with the turn: not a new state.
      return p.source === "compact" ? null : { state: "idle", agent_session_id: id };
    case "UserPromptSubmit":
    case "PreToolUse":
    case "PostToolUse":
      return { state: "working", agent_session_id: id };
    case "PermissionRequest": {
      const what = toolSummary(p.tool_name, p.tool_input);
      return { state: "waiting", reason: what ? `permission to use ${what}` : "permission requested", agent_session_id: id };
    }
    case "Notification": {
      const type = str(p.notification_type);
      const message = str(p.message);
      if (type === "permission_prompt" || type === "elicitation_dialog") return { state: "waiting", reason: message, agent_session_id: id };
      if (type === "idle_prompt") return { state: "idle", agent_session_id: id };
      // Versions before notification_type: the message is all there is.
      if (!type && message && /permission/i.test(message)) return { state: "waiting", reason: message, agent_session_id: id };
      if (!type && message && /waiting for your input/i.test(message)) return { state: "idle", agent_session_id: id };
      return null;
    }
    case "Stop":
      return { state: "idle", agent_session_id: id };
    default:
      return null;
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
      events: [
        { event: "SessionStart" },
        { event: "UserPromptSubmit" },
        { event: "PreToolUse", matcher: "*" },
        { event: "PostToolUse", matcher: "*" },
        { event: "PermissionRequest", matcher: "*" },
        { event: "Notification" },
        { event: "Stop" },
      ],
      // Seconds. The hook returns in milliseconds; this only bounds a machine in trouble.
      extra: { timeout: 10 },
    },
  ],
  resumeArgv: (id) => ["claude", "--resume", id],
};
