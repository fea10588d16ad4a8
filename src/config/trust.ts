// Trust for local .gwq.toml files: a file may choose programs to run only after the user said
// `gwq config trust` for exactly that path and content. Stored in the state dir, not in the
// repository, so cloning a repository can never trust itself.
import { atomicWrite, readRegular } from "../fsx.js";
import { crypto } from "../crypto-lazy.js";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { stateDir } from "../paths.js";

interface TrustFile {
  files: Record<string, string>;
}

type Env = NodeJS.ProcessEnv;

function trustPath(env: Env): string {
  return join(stateDir(env), "trusted.json");
}

export function contentHash(content: string | Buffer): string {
  return crypto().createHash("sha256").update(content).digest("hex");
}

function readTrust(env: Env): TrustFile {
  try {
    // Never waited on: a FIFO or device at its name trusts nothing.
    const parsed = JSON.parse(readRegular(trustPath(env), 16 * 1024 * 1024)?.toString("utf8") ?? "null");
    if (parsed && typeof parsed.files === "object" && parsed.files) return parsed as TrustFile;
  } catch {
    // missing or damaged: nothing is trusted
  }
  return { files: {} };
}

export type TrustState = "trusted" | "untrusted" | "changed";

/** Whether `path` with `content` is trusted, in the state directory of `env`. */
export function trustState(path: string, content: string | Buffer, env: Env = process.env): TrustState {
  const known = readTrust(env).files[resolve(path)];
  if (!known) return "untrusted";
  return known === contentHash(content) ? "trusted" : "changed";
}

export function trustFile(path: string, content: string | Buffer, env: Env = process.env): void {
  const t = readTrust(env);
  t.files[resolve(path)] = contentHash(content);
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  atomicWrite(trustPath(env), JSON.stringify(t, null, 2) + "\n");
}
