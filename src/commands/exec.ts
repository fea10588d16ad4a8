// gwq exec [-g] [-s] [pattern] -- command [args...]: run a program in a worktree and exit with its
// exit code. The parser gives the command exactly the words after `--` (its spec declares them
// so, and requires the `--`), so a command's own flags can never be mistaken for gwq's.
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { exec } from "./_specs-worktrees.js";
import { GwqError } from "../errors.js";

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof exec>): Promise<void> {
  const { resolveWorktree } = await import("../worktrees/resolve.js");
  const { runInteractive } = await import("../process.js");
  const [wt] = await resolveWorktree(args.pattern, { ctx, global: flags.global, purpose: "exec" });
  const [program, ...rest] = args.command;
  let code: number;
  try {
    code = await runInteractive(program!, rest, { cwd: wt!.path, notFound: `${program}: command not found` });
  } catch (e) {
    // A shell says 127 for a missing command; scripts may rely on it.
    if (e instanceof GwqError && /not found/.test(e.message)) throw new GwqError(e.message, 127);
    throw new GwqError((e as Error).message, 126);
  }
  if (flags.stay) {
    const { launchShell } = await import("../worktrees/shell.js");
    await launchShell(wt!.path);
  }
  process.exitCode = code;
}
