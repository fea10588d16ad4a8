// Gemini API (`POST /v1beta/models/<model>:streamGenerateContent?alt=sse`, and the unstreamed
// `:generateContent` Gemini CLI uses for side questions), answered the way Gemini CLI reads it:
// each event a GenerateContentResponse with candidates, the last one with a finishReason.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply, Turn } from "./script.js";
import { sendJson, sse, type Handled } from "./server.js";

type Part = { text?: string; functionCall?: unknown; functionResponse?: unknown };
type Content = { role?: string; parts?: Part[] };

function textOf(parts: Part[] | undefined): string {
  return (parts ?? []).map((p) => p.text ?? (p.functionResponse ? JSON.stringify(p.functionResponse) : "")).join("\n");
}

export function turnOf(body: { contents?: Content[]; tools?: { functionDeclarations?: unknown[] }[] }): Turn {
  const contents = body.contents ?? [];
  const last = [...contents].reverse().find((c) => c.role === "user");
  const toolResult = (last?.parts ?? []).some((p) => p.functionResponse);
  return {
    text: toolResult ? "" : textOf(last?.parts),
    toolResult,
    hasTools: (body.tools ?? []).some((t) => (t.functionDeclarations?.length ?? 0) > 0),
    all: contents.map((c) => textOf(c.parts)).join("\n"),
  };
}

const usage = { promptTokenCount: 100, candidatesTokenCount: 10, totalTokenCount: 110 };

export function handleGemini(req: IncomingMessage, res: ServerResponse, path: string, body: any, pick: (t: Turn) => Reply): Handled {
  const m = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(\w+)$/.exec(path);
  if (req.method !== "POST" || !m) return null;
  const method = m[2];
  if (method === "countTokens") return sendJson(res, 200, { totalTokens: 100 }), "countTokens";
  if (method !== "streamGenerateContent" && method !== "generateContent") return null;
  const reply = pick(turnOf(body ?? {}));
  if (reply.kind === "error") {
    sendJson(res, reply.status, { error: { code: reply.status, message: reply.message, status: "INVALID_ARGUMENT" } });
    return `${method} error`;
  }
  const parts: Part[] =
    reply.kind === "command"
      ? [{ functionCall: { name: "run_shell_command", args: { command: reply.command, description: "Create the proof file" } } }]
      : [{ text: reply.kind === "text" ? reply.text : "" }];
  const response = { candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }], usageMetadata: usage, modelVersion: m[1] };
  if (method === "generateContent") {
    // Side questions (is the next speaker the user? …) expect JSON text when they ask for it.
    if (body?.generationConfig?.responseMimeType === "application/json" || body?.generationConfig?.responseJsonSchema || body?.generationConfig?.responseSchema) {
      response.candidates[0]!.content.parts = [{ text: JSON.stringify({ next_speaker: "user", reasoning: "mock" }) }];
    }
    sendJson(res, 200, response);
    return `${method} ${reply.kind}`;
  }
  const events = sse(res);
  if (reply.kind === "hang") {
    events.send(null, { candidates: [{ content: { role: "model", parts: [{ text: "Thinking" }] }, index: 0 }] });
    events.hang();
    return `${method} hang`;
  }
  events.send(null, response);
  events.end();
  return `${method} ${reply.kind}`;
}
