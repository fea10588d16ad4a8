// Trust for local .gwq.toml files: a file may choose programs to run only after the user said
// `gwq config trust` for exactly that path and content. Stored in the state dir, not in the
// repository, so cloning a repository can never trust itself.
import { crypto } from "../builtins-lazy.js";
import { resolve } from "node:path";
import { readStateTable, writeStateTable } from "../state-file.js";

type Env = NodeJS.ProcessEnv;

/** trusted.json: the trusted files' paths and their contents' hashes (src/state-file.ts). */
const FILE = "trusted.json";

export function contentHash(content: string | Buffer): string {
  return crypto().createHash("sha256").update(content).digest("hex");
}

export type TrustState = "trusted" | "untrusted" | "changed";

/** Whether `path` with `content` is trusted, in the state directory of `env`. */
export function trustState(path: string, content: string | Buffer, env: Env = process.env): TrustState {
  const known = readStateTable<string>(FILE, "files", env)[resolve(path)];
  if (!known) return "untrusted";
  return known === contentHash(content) ? "trusted" : "changed";
}

export function trustFile(path: string, content: string | Buffer, env: Env = process.env): void {
  const files = readStateTable<string>(FILE, "files", env);
  files[resolve(path)] = contentHash(content);
  writeStateTable(FILE, "files", files, env);
}
