// The taking side of the early call (early.ts starts it): run() (process.ts) asks here before it
// starts a program. Apart from early.ts, so that what imports process.ts (an agent's hook) does
// not load the command-line plan.
import type { Collecting } from "./process-raw.js";

export interface EarlyStarted {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  running: Collecting;
}

// On globalThis: the Node package loads the entry and the rest of gwq as two bundles, each with
// its own copy of this module.
const SLOT = Symbol.for("gwq.early-call");
const slot = globalThis as { [SLOT]?: EarlyStarted | null };

/** Leave a started call for run() to take. */
export function leaveEarly(started: EarlyStarted): void {
  slot[SLOT] = started;
}

/** Whether this call is still waiting to be taken. */
export function isWaiting(started: EarlyStarted): boolean {
  return slot[SLOT] === started;
}

/** The early call when it is this very call (taken once), else null; a different call ends it. */
export function takeEarly(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: unknown }): Collecting | null {
  const e = slot[SLOT];
  if (!e) return null;
  slot[SLOT] = null;
  if (
    e.command === command &&
    opts.input === undefined &&
    e.args.length === args.length &&
    e.args.every((a, i) => a === args[i]) &&
    (opts.cwd ?? process.cwd()) === e.cwd &&
    sameEnv(opts.env ?? process.env, e.env)
  ) {
    return e.running;
  }
  e.running.kill();
  if (process.env.GWQ_TRACE_CALLS) process.stderr.write(`gwq-trace: ${e.command} (started early, not used)\n`);
  return null;
}

function sameEnv(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): boolean {
  if (a === b) return true;
  // A plain loop: this runs on every listing, before any JIT has warmed up (docs/benchmarks.md).
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k] || !(k in b)) return false;
    n++;
  }
  return n === Object.keys(b).length;
}
