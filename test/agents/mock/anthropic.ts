// Anthropic Messages API (`POST /v1/messages`), streamed as server-sent events the way Claude Code
// reads them: message_start, content blocks with deltas, message_delta with the stop reason.
// Claude Code 2.1.197 also sends `HEAD /` at start (refused: it carries on) and a side request
// with no tools per prompt.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply, Turn } from "./script.js";
import { sendJson, sse, type Handled } from "./server.js";

type Block = { type: string; text?: string; content?: unknown };
type Message = { role: string; content: string | Block[] };

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((b: Block) => (b.type === "text" ? (b.text ?? "") : b.type === "tool_result" ? textOf(b.content) : "")).join("\n");
  return "";
}

export function turnOf(body: { messages?: Message[]; tools?: unknown[] }): Turn {
  const msgs = body.messages ?? [];
  const last = [...msgs].reverse().find((m) => m.role === "user");
  const blocks = Array.isArray(last?.content) ? last.content : [];
  return {
    text: textOf(last?.content),
    toolResult: blocks.some((b) => b.type === "tool_result"),
    hasTools: (body.tools?.length ?? 0) > 0,
    all: msgs.map((m) => textOf(m.content)).join("\n"),
  };
}

let counter = 0;

export function handleAnthropic(req: IncomingMessage, res: ServerResponse, path: string, body: any, pick: (t: Turn) => Reply): Handled {
  if (req.method !== "POST") return null;
  if (path === "/v1/messages/count_tokens") return sendJson(res, 200, { input_tokens: 100 }), "count_tokens";
  if (path !== "/v1/messages") return null;
  const turn = turnOf(body);
  const reply = pick(turn);
  const model = String(body.model ?? "claude-mock");
  const id = `msg_mock_${++counter}`;
  if (reply.kind === "error") {
    sendJson(res, reply.status, { type: "error", error: { type: "invalid_request_error", message: reply.message } });
    return `messages ${reply.kind}`;
  }
  const content =
    reply.kind === "command"
      ? [{ type: "tool_use", id: `toolu_mock_${counter}`, name: "Bash", input: { command: reply.command, description: "Create the proof file" } }]
      : [{ type: "text", text: reply.kind === "text" ? reply.text : "" }];
  const stop = reply.kind === "command" ? "tool_use" : "end_turn";
  const usage = { input_tokens: 100, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  if (!body.stream) {
    sendJson(res, 200, { id, type: "message", role: "assistant", model, content, stop_reason: stop, stop_sequence: null, usage });
    return `messages ${reply.kind}`;
  }
  const events = sse(res);
  events.send("message_start", { type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage } });
  if (reply.kind === "hang") {
    events.send("ping", { type: "ping" });
    events.hang();
    return "messages hang";
  }
  const block = content[0]!;
  if (block.type === "tool_use") {
    events.send("content_block_start", { type: "content_block_start", index: 0, content_block: { ...block, input: {} } });
    events.send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify((block as { input: unknown }).input) } });
  } else {
    events.send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    events.send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: (block as { text: string }).text } });
  }
  events.send("content_block_stop", { type: "content_block_stop", index: 0 });
  events.send("message_delta", { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 10 } });
  events.send("message_stop", { type: "message_stop" });
  events.end();
  return `messages ${reply.kind}`;
}
