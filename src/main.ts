// Argument parsing and the one error boundary: known errors print `gwq: <message>` and exit with
// their code; anything else is a bug and shows its stack only with --debug or GWQ_DEBUG=1.
import { Command } from "commander";
import { GwqError } from "./errors.js";
import { conventions, declareLazy, isCommanderError, translateCommanderError } from "./commands/_program.js";
import { commands } from "./commands/_registry.js";
import { writeErr } from "./output.js";

function debugOn(argv: string[]): boolean {
  return argv.includes("--debug") || (!!process.env.GWQ_DEBUG && process.env.GWQ_DEBUG !== "0");
}

export function report(e: unknown, debug: boolean): number {
  if (isCommanderError(e)) {
    const t = translateCommanderError(e);
    if (typeof t === "number") return t;
    e = t;
  }
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

export async function main(argv: string[], version: string): Promise<void> {
  // Commands write through output.ts, which ends quietly when the reader went away (`gwq list |
  // head`); process.stdout is never built unless a command needs a terminal.
  const debug = debugOn(argv);
  let args = argv.filter((a) => a !== "--debug");
  // `gwq help tmux run` is `gwq tmux run --help` (commander's help command takes one name only,
  // so it would show the group's help).
  if (args[0] === "help" && args.length > 2) args = [...args.slice(1), "--help"];
  try {
    // Every command resolves paths against it: say so plainly when it was deleted under us.
    try {
      process.cwd();
    } catch {
      throw new GwqError("the current directory no longer exists (it was deleted or moved): cd somewhere else");
    }
    const program = conventions(new Command("gwq"));
    program
      .description("Git worktrees, and long-running commands in tmux sessions that remember how they ended")
      .version(`gwq version ${version}`, "-v, --version", "print the version")
      .option("--debug", "show stack traces for errors")
      // Root flags only before the command: `gwq tmux list -v` is list's --verbose, not --version.
      .enablePositionalOptions()
      .addHelpText("after", '\nRun "gwq <command> --help" for a command\'s flags.');
    await declareLazy(program, commands, args);
    if (args.length === 0) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(args, { from: "user" });
  } catch (e) {
    process.exitCode = report(e, debug);
  }
}
