// What the mock models answer, decided from the conversation alone so one script serves all three
// wire formats. The test's prompt carries a keyword; the mock turns it into one kind of reply.
export type Reply =
  | { kind: "text"; text: string }
  | { kind: "command"; command: string }
  | { kind: "error"; status: number; message: string }
  /** Headers and a first chunk, then nothing until the client goes away: a model still thinking. */
  | { kind: "hang" };

export interface Turn {
  /** Text of the latest user message (empty when it is a tool result). */
  text: string;
  /** The latest user message answers a tool call. */
  toolResult: boolean;
  /** The request offers tools: it is the agent's main loop, not a side request (title, summary). */
  hasTools: boolean;
  /** Every text of the whole request, for checks that a resumed conversation carries its past. */
  all: string;
}

/** The file the scripted command creates: it proves the command ran only after approval. */
export const COMMAND_PROOF = "approved-proof.txt";

export function decide(turn: Turn): Reply {
  if (!turn.hasTools) return { kind: "text", text: "Mock side reply" };
  if (turn.toolResult) return { kind: "text", text: "The command ran. MOCK-TURN-DONE" };
  const t = turn.text.toLowerCase();
  if (t.includes("run-command")) return { kind: "command", command: `touch ${COMMAND_PROOF}` };
  if (t.includes("api-error")) return { kind: "error", status: 400, message: "mock: this request is refused" };
  if (t.includes("slow-reply")) return { kind: "hang" };
  return { kind: "text", text: "Hello from the mock model. MOCK-TURN-DONE" };
}
