// node:crypto, loaded on first use. Imported at the top of a module it would load with every
// command (the CLI is one bundle): about twenty modules in Node, a millisecond or more in bun,
// for what only session creation and `.gwq.toml` trust checks need.
import { createRequire } from "node:module";

let mod: typeof import("node:crypto") | null = null;

export function crypto(): typeof import("node:crypto") {
  mod ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return mod;
}
