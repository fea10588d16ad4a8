// gwq exec [-g] [-s] [pattern] -- command [args...]: run a program in a worktree and exit with its
// exit code. Everything after `--` is the command's, untouched; the `--` is required so a
// command's own flags can never be mistaken for gwq's.
import type { Invocation } from "./_cli.js";
import { exec } from "./_manifest.js";
import { UsageError } from "../errors.js";
import { writeOut } from "../output.js";

interface ExecArgs {
  pattern?: string;
  global: boolean;
  stay: boolean;
  help: boolean;
  command: string[];
}

const SYNOPSIS = "gwq exec [pattern] -- command [args...]";

/** Parse the words after `exec` ourselves (the manifest marks exec raw): nothing after `--` is gwq's. */
export function parseExecArgs(words: string[]): ExecArgs {
  const result: ExecArgs = { global: false, stay: false, help: false, command: [] };
  const dd = words.indexOf("--");
  const before = dd < 0 ? words : words.slice(0, dd);
  for (const w of before) {
    if (w === "-g" || w === "--global") result.global = true;
    else if (w === "-s" || w === "--stay") result.stay = true;
    else if (w === "-h" || w === "--help") result.help = true;
    else if (/^-[gs]{2,}$/.test(w)) {
      if (w.includes("g")) result.global = true;
      if (w.includes("s")) result.stay = true;
    } else if (w.startsWith("-") && w !== "-") throw new UsageError(`unknown option '${w}' for exec (valid: -g/--global, -s/--stay; the command goes after --: ${SYNOPSIS})`);
    else if (result.pattern === undefined) result.pattern = w;
    else if (dd < 0) throw new UsageError(`exec needs the -- separator before the command: ${SYNOPSIS}`);
    else throw new UsageError(`exec takes one pattern before --, got "${result.pattern}" and "${w}"`);
  }
  if (result.help) return result;
  if (dd < 0) throw new UsageError(`exec needs the -- separator before the command: ${SYNOPSIS}`);
  result.command = words.slice(dd + 1);
  if (result.command.length === 0) throw new UsageError(`no command after --: ${SYNOPSIS}`);
  return result;
}

export default async function run({ words }: Invocation<typeof exec>): Promise<void> {
  const args = parseExecArgs(words);
  if (args.help) {
    const { renderHelp } = await import("./_cli.js");
    writeOut(renderHelp(["exec"], exec));
    return;
  }
  const { resolveWorktree } = await import("../worktrees/resolve.js");
  const { runInteractive } = await import("../process.js");
  const { GwqError } = await import("../errors.js");
  const { cliContext } = await import("../context.js");
  const [wt] = await resolveWorktree(args.pattern, { ctx: cliContext(), global: args.global, purpose: "exec" });
  const [program, ...rest] = args.command;
  let code: number;
  try {
    code = await runInteractive(program!, rest, { cwd: wt!.path, notFound: `${program}: command not found` });
  } catch (e) {
    // A shell says 127 for a missing command; scripts may rely on it.
    if (e instanceof GwqError && /not found/.test(e.message)) throw new GwqError(e.message, 127);
    throw new GwqError((e as Error).message, 126);
  }
  if (args.stay) {
    const { launchShell } = await import("../worktrees/shell.js");
    await launchShell(wt!.path);
  }
  process.exitCode = code;
}
