// gwq tmux run [flags] <command>   |   gwq tmux run [flags] -- <argv...>
import { Option, type Command } from "commander";
import { config, interactive, warn } from "../../context.js";
import { UsageError } from "../../errors.js";
import { defaultIdentifier } from "../../sessions/manager.js";
import { RESTART_MODES, type RestartMode } from "../../sessions/recorder.js";
import { manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";

interface RunFlags {
  worktree?: string;
  id?: string;
  context: string;
  attach?: boolean;
  detach?: boolean;
  autoCleanup?: boolean;
  meta: string[];
  json?: boolean;
  restart: string;
  maxRestarts: string;
  agent?: string;
}

function parseMeta(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf("=");
    if (i <= 0) throw new UsageError(`--meta expects key=value, got "${p}"`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

function parseRestart(mode: string, max: string): { mode: RestartMode; max: number } {
  if (!(RESTART_MODES as string[]).includes(mode)) throw new UsageError(`invalid --restart "${mode}" (valid: ${RESTART_MODES.join(", ")})`);
  if (!/^\d+$/.test(max)) throw new UsageError(`invalid --max-restarts "${max}" (a whole number)`);
  return { mode: mode as RestartMode, max: Number(max) };
}

export default function define(cmd: Command, rest: string[]): void {
  // Options after the command's first word belong to the command, as with `docker run`:
  // `gwq tmux run ls -la` runs `ls -la`. `--` before the command means "this argv, exactly": it is
  // exec'd without a shell. (A `--` after the first word is the command's own.) Commander drops a
  // leading `--` and keeps the rest as given, so the words are then exactly what follows it.
  const dash = rest.indexOf("--");
  const isArgvForm = (words: string[]) =>
    dash >= 0 && words.length === rest.length - dash - 1 && words.every((w, i) => w === rest[dash + 1 + i]);
  cmd
    .passThroughOptions()
    .usage("[flags] <command>  |  [flags] -- <argv...>")
    .argument("<command...>", 'a shell command line ("npm run dev"), or an argv after --')
    .option("-w, --worktree <pattern>", "run in that worktree (as gwq get resolves a pattern)")
    .option("--id <identifier>", "identifier (default: the worktree's branch, else the command's first word and the directory name)")
    .option("--context <name>", "context, e.g. task, claude, test", "run")
    .option("--attach", "attach once created (overrides tmux.detach_on_create)")
    .addOption(new Option("--no-detach", "same as --attach"))
    .option("--auto-cleanup", "close the tmux session once the command exits 0")
    .option("--meta <key=value>", "metadata (repeatable)", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option("--agent <kind>", "the coding agent it runs (default: from the command, else the context): claude, codex, gemini, aider, opencode")
    .option("--json", "print the session record as JSON")
    .option("--restart <policy>", "run the command again: no, on-failure or always", "no")
    .option("--max-restarts <n>", "at most this many restarts", "5")
    .action(async (words: string[], flags: RunFlags) => {
      const argvForm = isArgvForm(words);
      const metadata = parseMeta(flags.meta);
      const restart = parseRestart(flags.restart, flags.maxRestarts);
      if (flags.id !== undefined && flags.id.trim() === "") throw new UsageError("--id must not be empty");
      if (flags.context.trim() === "") throw new UsageError("--context must not be empty");
      if (flags.agent !== undefined) {
        const { AGENT_KINDS } = await import("../../agents/index.js");
        if (!AGENT_KINDS.includes(flags.agent)) throw new UsageError(`invalid --agent "${flags.agent}" (valid: ${AGENT_KINDS.join(", ")})`);
      }
      if (!argvForm && words.join(" ").trim() === "") throw new UsageError("no command to run (the command is empty)");
      const cfg = config().tmux;
      const m = manager();
      let workingDir = process.cwd();
      let worktree: string | null | undefined;
      if (flags.worktree !== undefined) {
        const { resolveWorktree } = await import("../../worktrees/resolve.js");
        const [w] = await resolveWorktree(flags.worktree, { purpose: "run in" });
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
        if (!interactive()) warn("not attaching: no terminal (the session keeps running)");
        else process.exitCode = await m.attachSession(session.session_name);
      }
    });
}
