#!/usr/bin/env node
// Entry point. `--version` is answered before anything else is loaded; everything else goes
// through main.ts, whose commands are imported only when run.
import { hookGate } from "./agents/hook-gate.js";
import { startEarly } from "./early.js";

declare const __GWQ_VERSION__: string | undefined;
declare const __GWQ_COMPILED__: boolean | undefined;

const VERSION = typeof __GWQ_VERSION__ === "string" ? __GWQ_VERSION__ : "0.0.0-dev";

/**
 * A line to stdout, without building process.stdout (most of a start-up, in either runtime): in
 * the binary bun's own console.log (importing node:fs costs bun about 2 ms, a third of its whole
 * start-up: docs/benchmarks.md), in the bundle node's writeSync (node:fs is loaded by node anyway).
 */
async function print(line: string): Promise<void> {
  if (typeof __GWQ_COMPILED__ === "boolean" && __GWQ_COMPILED__) console.log(line);
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
  hookGate(argv, () => import("./agents/hook.js"), () => import("node:fs"));
} else if (first === "__session-ended") {
  // Run by the recorder in a session's pane when its command ends (tmux's pane-died hook is the
  // backstop): record how it ended (src/sessions/ended.ts).
  import("./sessions/ended.js").then((m) => m.hookMain(argv.slice(1)));
} else if (first === "__session-restarted") {
  import("./sessions/ended.js").then((m) => m.restartedMain(argv.slice(1)));
} else {
  // The command's one git or tmux call starts now and works while its code loads (early.ts).
  startEarly(argv);
  import("./main.js").then((m) => m.main(argv, VERSION));
}
