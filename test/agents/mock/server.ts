// One HTTP server on 127.0.0.1 that plays the model API of every agent under test. Each request is
// logged (method, path, parsed body, what was answered) so tests can check what an agent sent;
// anything it does not know gets a 404 and is logged as refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAnthropic } from "./anthropic.js";
import { handleGemini } from "./gemini.js";
import { handleOpenAi } from "./openai.js";
import { decide, type Reply, type Turn } from "./script.js";

/** What a handler answered (for the log), or null when the request is not its. */
export type Handled = string | null;

export interface LoggedRequest {
  method: string;
  path: string;
  body: any;
  answered: string;
  headers: Record<string, string | string[] | undefined>;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** How many hanging replies the client has given up on (an agent interrupted by Esc closes it). */
let hangsClosed = 0;
export const closedHangs = (): number => hangsClosed;

/** A server-sent-event stream. `hang` keeps it open (until the client closes it or the server stops). */
export function sse(res: ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  return {
    send(event: string | null, data: unknown) {
      res.write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      res.end();
    },
    hang() {
      const keepAlive = setInterval(() => res.write(": still thinking\n\n"), 1000);
      res.on("close", () => {
        clearInterval(keepAlive);
        hangsClosed++;
      });
    },
  };
}

export class MockModels {
  readonly requests: LoggedRequest[] = [];
  /** The reply policy: the shared script unless a test replaces it. */
  pick: (turn: Turn) => Reply = decide;
  private server: Server | null = null;
  private open = new Set<ServerResponse>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const r of this.open) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The logged model calls (the main loop's, not side requests) whose answer starts with `what`. */
  answered(what: string): LoggedRequest[] {
    return this.requests.filter((r) => r.answered.startsWith(what));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.open.add(res);
    res.on("close", () => this.open.delete(res));
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: any = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const entry: LoggedRequest = { method: req.method ?? "", path: url.pathname + url.search, body, answered: "", headers: req.headers };
    this.requests.push(entry);
    const pick = (t: Turn) => this.pick(t);
    try {
      const handled =
        handleAnthropic(req, res, url.pathname, body, pick) ??
        handleOpenAi(req, res, url.pathname, body, pick) ??
        handleGemini(req, res, url.pathname, body, pick);
      if (handled) {
        entry.answered = handled;
        return;
      }
    } catch (e) {
      entry.answered = `crashed: ${(e as Error).message}`;
      if (!res.headersSent) sendJson(res, 500, { error: { message: entry.answered } });
      return;
    }
    entry.answered = "refused";
    sendJson(res, 404, { error: { message: `mock: no ${req.method} ${url.pathname}` } });
  }
}
