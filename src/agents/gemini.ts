// Gemini CLI (checked against google-gemini/gemini-cli docs/hooks/index.md and reference.md, and
// packages/core/src/hooks/hookRunner.ts). Hooks live in settings.json under `hooks`, grouped by
// event like Claude's; each gets JSON on stdin with `session_id`, `hook_event_name` and
// `timestamp`. Exit 0 with an empty stdout is a success with no output.
import type { AgentSpec, Payload, StateFromHook } from "./types.js";
import { str } from "./types.js";

function fromHook(p: Payload): StateFromHook | null {
  const id = str(p.session_id);
  switch (p.hook_event_name) {
    case "SessionStart":
      return { state: "idle", agent_session_id: id, begins: true };
    case "BeforeAgent":
      return { state: "working", agent_session_id: id, begins: true };
    case "BeforeTool":
    case "AfterTool":
      return { state: "working", agent_session_id: id };
    case "Notification":
      // The one documented type is ToolPermission: a confirmation the user must give.
      if (p.notification_type !== undefined && p.notification_type !== "ToolPermission") return null;
      return { state: "waiting", reason: str(p.message) ?? "permission requested", agent_session_id: id };
    case "AfterAgent":
      return { state: "idle", agent_session_id: id };
    default:
      return null;
  }
}

export const gemini: AgentSpec = {
  kind: "gemini",
  title: "Gemini CLI",
  fromHook,
  settings: [
    {
      format: "json-hooks",
      path: ({ home, project }) => `${project ?? home}/.gemini/settings.json`,
      events: [
        { event: "SessionStart" },
        { event: "BeforeAgent" },
        { event: "BeforeTool", matcher: "*" },
        { event: "AfterTool", matcher: "*" },
        { event: "Notification" },
        { event: "AfterAgent" },
      ],
      // Milliseconds (Gemini's unit); `name` is what /hooks enable|disable refers to.
      extra: { name: "gwq-state", timeout: 10000 },
    },
  ],
  installNote:
    "Gemini CLI skips every settings hook in a folder it does not trust: with folder trust on (security.folderTrust.enabled), trust the worktrees you run it in (`gwq agent hooks status` names an untrusted one).",
  resume: {
    program: /(^|\/)gemini$|(^|\/)@google\/gemini-cli(@[^/]*)?$|\/gemini-cli\/dist\/index\.m?js$/,
    args: (id) => ["--resume", id],
    withValue: [
      "-m", "--model", "--approval-mode", "-e", "--extensions", "--include-directories", "--allowed-tools",
      "--allowed-mcp-server-names", "-o", "--output-format", "--proxy", "--telemetry-target", "--telemetry-otlp-endpoint",
      "--telemetry-outfile", "--policy",
    ],
    dropWithValue: ["-i", "--prompt-interactive", "-p", "--prompt", "--delete-session"],
    drop: ["--list-sessions"],
    optionalValue: ["--resume", "-r"],
  },
};
