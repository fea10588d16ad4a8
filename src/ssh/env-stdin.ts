// The far side of `--env NAME`: the values arrive as one JSON object on stdin, so they are on no
// command line on either machine. Bounded in size and time: a sender that never closes the pipe
// cannot hold a session's start.
import { GwqError } from "../errors.js";

const MAX_BYTES = 1 << 20;
const MAX_WAIT_MS = 10_000;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function readEnvFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<Record<string, string>> {
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => done(new GwqError("--env-stdin: no end of input within 10s")), MAX_WAIT_MS);
    const done = (err: Error | null) => {
      clearTimeout(timer);
      stdin.removeAllListeners("data");
      stdin.removeAllListeners("end");
      if (typeof (stdin as { pause?: () => void }).pause === "function") stdin.pause();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    stdin.on("data", (b: Buffer) => {
      size += b.length;
      if (size > MAX_BYTES) return done(new GwqError("--env-stdin: more than 1 MB of input"));
      chunks.push(b);
    });
    stdin.on("end", () => done(null));
    stdin.on("error", (e: Error) => done(e));
  });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new GwqError("--env-stdin: expected a JSON object of variable names and values on stdin");
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new GwqError("--env-stdin: expected a JSON object");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!NAME.test(k) || typeof v !== "string") throw new GwqError(`--env-stdin: ${JSON.stringify(k)} is not a variable name with a string value`);
    out[k] = v;
  }
  return out;
}
