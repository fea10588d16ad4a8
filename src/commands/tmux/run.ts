// gwq tmux run [flags] <command>   |   gwq tmux run [flags] -- <argv...>
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxRun } from "../_specs-sessions.js";
import { warn } from "../../context.js";
import { UsageError } from "../../errors.js";
import { defaultIdentifier } from "../../sessions/create.js";
import { manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";


function parseMeta(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf("=");
    if (i <= 0) throw new UsageError(`--meta expects key=value, got "${p}"`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

export default async function run(ctx: CliContext, { args, flags, dashdash }: Invocation<typeof tmuxRun>): Promise<void> {
  // Flags go before the command (the manifest declares tmux run's flags positional, as with
  // `docker run`): `gwq tmux run ls -la` runs `ls -la`. A `--` before the command means "this
  // argv, exactly": it is exec'd without a shell; a `--` after the first word is the command's own.
  const words = args.command;
  const argvForm = dashdash;
  const metadata = parseMeta(flags.meta);
  // --restart (one of the recorder's policies) and --max-restarts (within its bound): the parser.
  const restart = { mode: flags.restart, max: flags.maxRestarts };
  if (flags.agent !== undefined) {
    const { AGENT_KINDS } = await import("../../agents/index.js");
    if (!AGENT_KINDS.includes(flags.agent)) throw new UsageError(`invalid --agent "${flags.agent}" (valid: ${AGENT_KINDS.join(", ")})`);
  }
  if (!argvForm && words.join(" ").trim() === "") throw new UsageError("no command to run (the command is empty)");
  const cfg = ctx.config.tmux;
  // Variables sent by another machine's `gwq tmux run --host <this> --env NAME` (src/ssh/forward.ts).
  const m = manager(ctx, flags.envStdin ? await (await import("../../ssh/env-stdin.js")).readEnvFromStdin() : undefined);
  let workingDir = ctx.cwd;
  let worktree: string | null | undefined;
  if (flags.worktree !== undefined) {
    const { resolveWorktree } = await import("../../worktrees/resolve.js");
    const [w] = await resolveWorktree(flags.worktree, { ctx, purpose: "run in" });
    workingDir = w!.path;
    worktree = w!.branch;
  } else {
    // The branch from the files git keeps: no `git rev-parse` per session (undefined: the
    // manager asks git).
    const { branchAt } = await import("../../git/head.js");
    worktree = branchAt(workingDir);
  }
  const command = argvForm ? undefined : words.join(" ");
  const identifier = flags.id ?? (flags.worktree !== undefined && worktree ? worktree : defaultIdentifier(argvForm ? words : command!, workingDir));
  const session = await m.createSession({
    context: flags.context,
    identifier,
    workingDir,
    command,
    argv: argvForm ? words : undefined,
    metadata,
    autoCleanup: flags.autoCleanup ? true : undefined,
    worktree,
    restart,
    agent: flags.agent,
  });
  if (flags.json) writeOut(JSON.stringify(session, null, 2) + "\n");
  else {
    writeOut(`${session.session_name}\n`);
    writeErr(`attach with: gwq tmux attach ${session.session_name}\n`);
  }
  const attach = flags.attach || flags.detach === false || !cfg.detach_on_create;
  if (attach) {
    if (!ctx.interactive()) warn("not attaching: no terminal (the session keeps running)");
    else process.exitCode = await m.attachSession(session.session_name);
  }
}
