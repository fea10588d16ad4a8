#!/usr/bin/env node
// Entry point. `--version` is answered before anything else is loaded; everything else goes
// through main.ts, whose commands are imported only when run.
import { hookGate } from "./agents/hook-gate.js";

declare const __GWQ_VERSION__: string | undefined;
declare const __GWQ_COMPILED__: boolean | undefined;

const VERSION = typeof __GWQ_VERSION__ === "string" ? __GWQ_VERSION__ : "0.0.0-dev";
/** The standalone binary (bun), not the Node bundle. */
const COMPILED = typeof __GWQ_COMPILED__ === "boolean" && __GWQ_COMPILED__;

/**
 * A line to stdout, without building process.stdout (most of a start-up, in either runtime): in
 * the binary bun's own console.log (importing node:fs costs bun about 2 ms, a third of its whole
 * start-up: docs/benchmarks.md), in the bundle node's writeSync (node:fs is loaded by node anyway).
 */
async function print(line: string): Promise<void> {
  if (COMPILED) console.log(line);
  else {
    // process.getBuiltinModule: node 20.16 and later; an import before.
    const fs = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.("node:fs") as typeof import("node:fs") | undefined;
    (fs ?? (await import("node:fs"))).writeSync(1, `${line}\n`);
  }
}

const argv = process.argv.slice(2);
const first = argv[0];
if (argv.length === 1 && (first === "--version" || first === "-v" || first === "version")) {
  void print(`gwq version ${VERSION}`);
} else if (first === "__hook") {
  // A coding agent's hook (src/agents/hook-gate.ts): its code loads only inside a session.
  // In the binary the payload's read starts before the hook's code loads (hook-gate.ts); the
  // Node entries run the hook's code at once (hook.cjs) and read it there.
  hookGate(argv, () => import("./agents/hook.js"), () => import("node:fs"), COMPILED ? () => import("./agents/hook-stdin.js") : undefined);
} else if (first === "__session-ended") {
  // Run by the recorder in a session's pane when its command ends (tmux's pane-died hook is the
  // backstop): record how it ended (src/sessions/ended.ts).
  import("./sessions/ended.js").then((m) => m.hookMain(argv.slice(1)));
} else if (first === "__session-restarted") {
  import("./sessions/ended.js").then((m) => m.restartedMain(argv.slice(1)));
} else {
  loadMain().then((m) => m.main(argv, VERSION));
}

/**
 * The commands, once the command's one git or tmux call has started (early.ts: it works while
 * they load). In the binary, bun's own chunks of them; under Node, dist/main.cjs run from V8's
 * code cache (code-cache.ts): compiling the commands' one file is most of a command's cost
 * beyond Node's own start. Neither loads for --version or a hook.
 */
async function loadMain(): Promise<typeof import("./main.js")> {
  if (COMPILED) {
    // The early chunk alone first: the call starts before the commands' chunks (and node:fs)
    // load, not after (a second import in flight is evaluated before the first one's callback).
    (await import("./early.js")).startEarly(argv);
    return import("./main.js");
  }
  // Through require (dist/early.cjs, dist/code-cache.cjs): a builtin module costs an ES module
  // more to import than a CommonJS one.
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const { createRequire } = (get?.("node:module") ?? (await import("node:module"))) as typeof import("node:module");
  const require = createRequire(import.meta.url);
  (require("./early.cjs") as typeof import("./early.js")).startEarly(argv);
  const { requireCached } = require("./code-cache.cjs") as typeof import("./code-cache.js");
  const { fileURLToPath } = require("node:url") as typeof import("node:url");
  const { dirname, join } = require("node:path") as typeof import("node:path");
  // Kept per command (`tmux list`, `get`): each runs functions of its own.
  const key = argv[0] === "tmux" || argv[0] === "agent" || argv[0] === "host" || argv[0] === "config" ? argv.slice(0, 2).join("-") : (argv[0] ?? "");
  return requireCached(join(dirname(fileURLToPath(import.meta.url)), "main.cjs"), key.startsWith("-") ? "" : key) as typeof import("./main.js");
}
