// Node's heavier built-in modules, loaded on first use. Imported at the top of a module they
// would load with every command (the CLI is one bundle), and an agent's hook: node:crypto is
// about twenty modules in Node and 5 ms in bun, for what only `.gwq.toml` trust checks and
// worktree paths' hashes need; node:os costs bun 0.6-0.9 ms, for a home directory that $HOME
// nearly always gives and a signal table only a command that ends by a signal reads
// (docs/benchmarks.md). Random names use randomHex().
import { createRequire } from "node:module";

let cryptoMod: typeof import("node:crypto") | null = null;
let osMod: typeof import("node:os") | null = null;

export function crypto(): typeof import("node:crypto") {
  cryptoMod ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return cryptoMod;
}

export function os(): typeof import("node:os") {
  osMod ??= createRequire(import.meta.url)("node:os") as typeof import("node:os");
  return osMod;
}

/**
 * `bytes` random bytes as hex, from the Web Crypto API every runtime has built in: in the
 * standalone binary it costs 0.5 ms where loading node:crypto costs 5 ms (Node: 5 vs 7 ms).
 */
export function randomHex(bytes: number): string {
  const b = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(b);
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}
