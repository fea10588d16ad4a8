// The CommonJS entry an agent's hook runs under Node (dist/hook.cjs, built by scripts/build.mjs):
// `node hook.cjs __hook <agent> …`, the same words as `gwq __hook <agent> …`. One file with the
// hook's code in it: Node starts a CommonJS file as fast as `node -e 0`, an ES module about a
// fifth slower (docs/benchmarks.md), and a hook runs on every event of every agent.
import { hookGate } from "./agents/hook-gate.js";
import { hookProcess } from "./agents/hook.js";
import * as fs from "node:fs";

hookGate(process.argv.slice(2), async () => ({ hookProcess }), async () => fs);
