// OpenAI Codex CLI (checked against openai/codex docs/config.md "notify" and codex-rs/hooks:
// legacy_notify.rs, schema/generated/*.input.schema.json, engine/discovery.rs).
// - `notify = [argv...]` in config.toml: Codex runs the program with one more argument, a JSON
//   object `{"type": "agent-turn-complete", "thread-id", "turn-id", "cwd", "input-messages",
//   "last-assistant-message"}`, at the end of every turn (stdin, stdout, stderr are /dev/null).
//   gwq's notify wraps the user's previous one, which keeps being called with the same argument.
// - hooks.json next to config.toml (Codex 0.114+, behind `[features] codex_hooks` where that is
//   not on by default): Claude-like events with `session_id` and `hook_event_name` on stdin.
import type { AgentSpec, Payload, StateFromHook } from "./types.js";
import { CLAUDE_STYLE_EVENTS, claudeStyleTurn, str } from "./types.js";

function fromHook(p: Payload): StateFromHook | null {
  // Also sent by side conversations (the title-generation turn) with their own thread id: the
  // hook keeps those from the session (src/agents/attribute.ts).
  if (p.type === "agent-turn-complete") {
    // The title-generation turn (Codex 0.171 sends it during the first real turn): not the
    // session's conversation, whatever else gwq knows of it.
    const first = Array.isArray(p["input-messages"]) ? p["input-messages"][0] : null;
    if (typeof first === "string" && /^Generate a concise, single-line task title/.test(first)) return null;
    return { state: "idle", agent_session_id: str(p["thread-id"]) };
  }
  if (typeof p.type === "string") return null; // a notification type this gwq does not know
  const id = str(p.session_id);
  switch (p.hook_event_name) {
    case "SessionStart":
      return { state: "idle", agent_session_id: id, begins: true };
    case "PermissionRequest": {
      const input = p.tool_input && typeof p.tool_input === "object" ? (p.tool_input as Record<string, unknown>) : {};
      const command = str(input.command);
      const tool = str(p.tool_name);
      const reason = command ? `permission to run: ${command}` : tool ? `permission to use ${tool}` : "permission requested";
      return { state: "waiting", reason, agent_session_id: id };
    }
    default:
      return claudeStyleTurn(p.hook_event_name, id);
  }
}

const codexHome = (home: string, project: string | null, env: NodeJS.ProcessEnv) =>
  project ? `${project}/.codex` : env.CODEX_HOME || `${home}/.codex`;

export const codex: AgentSpec = {
  kind: "codex",
  title: "Codex CLI",
  fromHook,
  settings: [
    { format: "toml-notify", path: ({ home, project, env }) => `${codexHome(home, project, env)}/config.toml` },
    {
      format: "json-hooks",
      path: ({ home, project, env }) => `${codexHome(home, project, env)}/hooks.json`,
      events: [...CLAUDE_STYLE_EVENTS, { event: "Stop" }],
    },
  ],
  installNote:
    "Codex runs no hook from a changed hooks.json until you review it: start codex once and accept the hooks it shows (`gwq agent hooks status` says when this is still needed). The notify program (idle) runs without review.",
  hooksFromDaemon: true,
  resume: {
    program: /(^|\/)codex$|(^|\/)@openai\/codex(@[^/]*)?$|\/codex\/bin\/codex\.m?js$/,
    args: (id) => ["resume", id],
    withValue: [
      "-c", "--config", "-m", "--model", "-p", "--profile", "-s", "--sandbox", "-a", "--ask-for-approval", "-C", "--cd",
      "-i", "--image", "--add-dir", "--local-provider", "--enable", "--disable", "--remote",
    ],
    dropWithValue: [],
    drop: ["--last", "--all"],
  },
};
