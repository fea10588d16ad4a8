// INTERIM (replaced by the render module of issue 14): raw pane bytes to lines.
import { readFileSync } from "node:fs";

export function readRaw(raw: string): Buffer {
  const parts: Buffer[] = [];
  for (const p of [`${raw}.1`, raw]) {
    try {
      parts.push(readFileSync(p));
    } catch {
      // missing segment
    }
  }
  return Buffer.concat(parts);
}

export function renderOutput(buf: Buffer): string[] {
  const text = buf.toString("utf8").replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/\x1b\][^\x07]*\x07/g, "");
  const out = text.split(/\r*\n/).map((l) => {
    const i = l.lastIndexOf("\r");
    return i >= 0 ? l.slice(i + 1) : l;
  });
  if (out.length && out[out.length - 1] === "") out.pop();
  return out;
}

export class LineRenderer {
  private rest = "";
  private decoder = new TextDecoder("utf-8");
  push(chunk: Buffer): string[] {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    this.rest = parts.pop() ?? "";
    return parts.map((l) => renderOutput(Buffer.from(l.replace(/\r+$/, "")))[0] ?? "");
  }
  partial(): string {
    return renderOutput(Buffer.from(this.rest.replace(/\r+$/, "")))[0] ?? "";
  }
}
