// The CommonJS entry an agent's hook runs under Node (dist/hook.cjs, built by scripts/build.mjs):
// `node hook.cjs __hook <agent> …`, the same words as `gwq __hook <agent> …`. CommonJS: Node starts
// it as fast as `node -e 0`, an ES module about a fifth slower (docs/benchmarks.md), and a hook
// runs on every event of every agent. Outside a session it loads nothing more (hook-gate.ts);
// inside one, the hook's code (dist/hook-code.cjs) runs from V8's code cache (code-cache.ts).
import { hookGate } from "./agents/hook-gate.js";
import { requireCached } from "./code-cache.js";
import * as fs from "node:fs";
import { join } from "node:path";

type HookCode = typeof import("./hook-code.js");

hookGate(process.argv.slice(2), async () => requireCached(join(__dirname, "hook-code.cjs"), "hook") as HookCode, async () => fs);
