// Commander set-up shared by the root and by command groups (`gwq tmux ...`): usage errors exit
// 2 with one line naming the valid values; subcommands are stubs until the one run is loaded.
import { Command, CommanderError } from "commander";
import { UsageError } from "../errors.js";
import { writeErr, writeOut } from "../output.js";
import { resolveCommand, type CommandEntry } from "./_registry.js";

/** Apply gwq's error and output conventions to a command and (recursively) its subcommands. */
export function conventions(cmd: Command): Command {
  cmd.exitOverride();
  cmd.showSuggestionAfterError(true);
  cmd.configureOutput({
    // Help goes out as everything else does (output.ts), not through process.stdout.
    writeOut,
    writeErr,
    // Commander reports usage errors itself; we turn them into UsageError at the boundary.
    outputError: () => {},
  });
  cmd.helpOption("-h, --help", "show help");
  return cmd;
}

/**
 * Declare `table` as subcommands of `parent`, loading only the one named in `argv` (the args
 * after `parent`). Unknown names become a usage error listing the valid ones.
 */
export async function declareLazy(parent: Command, table: Record<string, CommandEntry>, argv: string[]): Promise<void> {
  const first = argv.find((a) => !a.startsWith("-"));
  // `gwq help add` shows add's real flags: load the command help names.
  const helpFor = first === "help" ? argv[argv.indexOf(first) + 1] : undefined;
  const wanted = first === undefined ? undefined : resolveCommand(table, helpFor ?? first);
  const valid = Object.keys(table).join(", ");
  if (first !== undefined && !wanted && first !== "help") {
    const scope = parent.parent ? `${parent.name()} ` : "";
    throw new UsageError(`unknown command '${scope}${first}' (valid commands: ${valid})`);
  }
  for (const [name, entry] of Object.entries(table)) {
    const sub = conventions(new Command(name)).description(entry.summary);
    if (entry.aliases) sub.aliases(entry.aliases);
    if (wanted && wanted[0] === name) {
      const mod = await entry.load();
      await mod.default(sub, helpFor !== undefined ? [] : argv.slice(argv.indexOf(first!) + 1));
    }
    parent.addCommand(sub);
  }
}

/** Commander's errors as ours: help and version are success, everything else a usage error. */
export function translateCommanderError(e: CommanderError): number | UsageError {
  if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
  const message = e.message.replace(/^error: /, "").split("\n")[0]!;
  return new UsageError(message);
}

export function isCommanderError(e: unknown): e is CommanderError {
  return e instanceof CommanderError;
}
