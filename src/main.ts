// The command line and the one error boundary: known errors print `gwq: <message>` and exit with
// their code; anything else is a bug and shows its stack only with --debug or GWQ_DEBUG=1.
import { GwqError } from "./errors.js";
import { parseCommandLine } from "./commands/_cli.js";
import { gwq, ROOT_FLAGS } from "./commands/_manifest.js";
import { createContext } from "./context.js";
import { writeErr, writeOut } from "./output.js";

export function report(e: unknown, debug: boolean): number {
  if (e instanceof GwqError) {
    const message = e.message.split("\n")[0];
    writeErr(`gwq: ${message}\n`);
    if (debug && e.stack) writeErr(e.stack + "\n");
    return e.exitCode;
  }
  const err = e as Error;
  writeErr(`gwq: ${err?.message ?? String(e)}\n`);
  if (debug && err?.stack) writeErr(err.stack + "\n");
  else writeErr("gwq: (an unexpected error; run with --debug for details)\n");
  return 1;
}

/** Bun's call that sets the JIT's tier-up policy back (the binary starts with it delayed). */
type BunUnsafe = { unsafe?: { setJITPolicy?: (scale: number) => void } };

export async function main(argv: string[], version: string): Promise<void> {
  // The standalone binary starts with the JIT held back, for start-up (scripts/build-bin.mjs): a
  // command still running after a second (dash, logs -f, wait) gets the normal JIT back.
  const unsafe = (globalThis as { Bun?: BunUnsafe }).Bun?.unsafe;
  if (unsafe?.setJITPolicy) setTimeout(() => unsafe.setJITPolicy?.(1), 1000).unref();
  // Commands write through output.ts, which ends quietly when the reader went away (`gwq list |
  // head`); process.stdout is never built unless a command needs a terminal.
  let debug = !!process.env.GWQ_DEBUG && process.env.GWQ_DEBUG !== "0";
  try {
    // Every command resolves paths against it: say so plainly when it was deleted under us.
    try {
      process.cwd();
    } catch {
      throw new GwqError("the current directory no longer exists (it was deleted or moved): cd somewhere else");
    }
    const parsed = parseCommandLine(gwq, argv);
    debug ||= parsed.debug;
    if (parsed.kind === "version") writeOut(`gwq version ${version}\n`);
    else if (parsed.kind === "help") writeOut((await import("./commands/_help.js")).renderHelp(parsed.path, parsed.spec ?? gwq, ROOT_FLAGS));
    else {
      // One context per invocation, handed to the command (its config is read on first use).
      const ctx = createContext(process.env);
      if (typeof (parsed.invocation.flags as { host?: unknown }).host === "string") await (await import("./ssh/forward.js")).forward(ctx, parsed.path, parsed.spec, parsed.invocation);
      else if (typeof (parsed.invocation.flags as { cwd?: unknown }).cwd === "string") throw new GwqError("--cwd goes with --host: it names a directory on that host", 2);
      else {
        if (!parsed.spec.load) throw new Error(`no code for the command "${parsed.path.join(" ")}"`);
        await (await parsed.spec.load()).default(ctx, parsed.invocation as never);
      }
    }
  } catch (e) {
    process.exitCode = report(e, debug);
  }
}
