// OpenAI Responses API (`POST /v1/responses`), streamed as server-sent events the way Codex reads
// them: response.created, output items (a message, or a function call to its shell tool), then
// response.completed with the usage. Codex 0.171 calls nothing else here.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply, Turn } from "./script.js";
import { sendJson, sse, type Handled } from "./server.js";

type Item = { type?: string; role?: string; content?: unknown; output?: unknown; name?: string };
type Tool = { type?: string; name?: string };

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((c: { text?: string }) => c.text ?? "").join("\n");
  return "";
}

export function turnOf(body: { input?: Item[]; tools?: Tool[] }): Turn {
  const items = body.input ?? [];
  const last = items[items.length - 1];
  const lastUser = [...items].reverse().find((i) => i.role === "user");
  return {
    text: last?.type === "function_call_output" ? "" : textOf(lastUser?.content),
    toolResult: last?.type === "function_call_output",
    hasTools: (body.tools?.length ?? 0) > 0,
    all: items.map((i) => textOf(i.content) + (typeof i.output === "string" ? i.output : "")).join("\n"),
  };
}

/** The shell tool this Codex offers, and the arguments it takes (the names changed over versions). */
function shellCall(tools: Tool[], command: string): { name: string; args: unknown } {
  const names = new Set(tools.map((t) => t.name));
  // Escalated, so that Codex asks the user first (a plain command in the workspace runs at once).
  if (names.has("exec_command")) return { name: "exec_command", args: { cmd: command, sandbox_permissions: "require_escalated", justification: "Create the proof file" } };
  if (names.has("shell_command")) return { name: "shell_command", args: { command } };
  return { name: "shell", args: { command: ["bash", "-lc", command] } };
}

let counter = 0;

export function handleOpenAi(req: IncomingMessage, res: ServerResponse, path: string, body: any, pick: (t: Turn) => Reply): Handled {
  if (req.method !== "POST" || path !== "/v1/responses") return null;
  const reply = pick(turnOf(body));
  if (reply.kind === "error") {
    sendJson(res, reply.status, { error: { message: reply.message, type: "invalid_request_error", code: null, param: null } });
    return `responses ${reply.kind}`;
  }
  const id = `resp_mock_${++counter}`;
  const base = { id, object: "response", created_at: Math.floor(Date.now() / 1000), model: body.model ?? "mock", status: "in_progress", output: [] as unknown[] };
  const events = sse(res);
  let seq = 0;
  const send = (type: string, data: Record<string, unknown>) => events.send(type, { type, sequence_number: seq++, ...data });
  send("response.created", { response: base });
  if (reply.kind === "hang") {
    send("response.in_progress", { response: base });
    events.hang();
    return "responses hang";
  }
  let item: Record<string, unknown>;
  if (reply.kind === "command") {
    const call = shellCall(body.tools ?? [], reply.command);
    item = { type: "function_call", id: `fc_mock_${counter}`, call_id: `call_mock_${counter}`, name: call.name, arguments: JSON.stringify(call.args), status: "completed" };
  } else {
    item = { type: "message", id: `msg_mock_${counter}`, role: "assistant", status: "completed", content: [{ type: "output_text", text: reply.text, annotations: [] }] };
    send("response.output_item.added", { output_index: 0, item: { ...item, content: [] } });
    send("response.output_text.delta", { item_id: item.id, output_index: 0, content_index: 0, delta: reply.text });
  }
  send("response.output_item.done", { output_index: 0, item });
  const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 110 };
  send("response.completed", { response: { ...base, status: "completed", output: [item], usage } });
  events.end();
  return `responses ${reply.kind}`;
}
