// gwq spawn <branch>... [--agent <kind>] [--prompt <text> | --prompt-file <file>] [--base <ref>]
//           [--attach] [--json] [-- <argv...>]
// Per branch: a worktree as `gwq add -b` makes it (from the base), the base recorded in the
// repository's config, and a session running the agent there. A branch that fails is reported
// and undone alone (no worktree without its session, no session without its worktree); the
// others go on, and the exit code says whether any failed.
import { readFileSync } from "node:fs";
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { spawn } from "./_specs-worktrees.js";
import { GwqError, UsageError } from "../errors.js";
import { writeErr, writeOut } from "../output.js";
import { argvAfterSeparator, SPAWN_AGENTS, spawnPlan } from "../worktrees/spawn-plan.js";

interface Spawned {
  branch: string;
  path: string;
  base: string;
  session: string;
}

async function readPrompt(flags: Invocation<typeof spawn>["flags"]): Promise<string | undefined> {
  if (flags.promptFile === undefined) return flags.prompt;
  try {
    return readFileSync(flags.promptFile, "utf8").replace(/\n+$/, "");
  } catch (e) {
    throw new GwqError(`cannot read the prompt file ${flags.promptFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export default async function run(ctx: CliContext, { args, flags, words }: Invocation<typeof spawn>): Promise<void> {
  const argv = argvAfterSeparator(words, ["--agent", "--prompt", "--prompt-file", "--base"]);
  const branches = argv ? args.branch.slice(0, args.branch.length - argv.length) : args.branch;
  if (branches.length === 0) throw new UsageError("spawn needs at least one branch name: gwq spawn <branch>... [--prompt text]");
  if (argv && argv.length === 0) throw new UsageError("nothing after --: give the program to run, or leave out the --");
  if (flags.agent !== undefined) {
    const { AGENT_KINDS } = await import("../agents/index.js");
    const valid = argv ? AGENT_KINDS : SPAWN_AGENTS;
    if (!valid.includes(flags.agent)) throw new UsageError(`invalid --agent "${flags.agent}" (valid: ${valid.join(", ")}${argv ? "" : "; others with -- <argv>"})`);
  }
  const prompt = await readPrompt(flags);
  const seen = new Set<string>();
  for (const b of branches) {
    if (b.trim() === "" || b.startsWith("-")) throw new UsageError(`invalid branch name "${b}"`);
    if (seen.has(b)) throw new UsageError(`branch "${b}" is given twice`);
    seen.add(b);
  }

  const { warn } = await import("../context.js");
  const { currentRepository } = await import("../worktrees/discover.js");
  const repo = await currentRepository(ctx.cwd);
  if (!repo) throw new GwqError(`spawn works inside a git repository, and ${ctx.cwd} is not in one`);
  const main = repo.worktrees[0];
  const base = flags.base ?? (main && !main.detached && main.branch !== "(bare)" ? main.branch : undefined);
  if (base === undefined) throw new GwqError("the main worktree has no branch checked out: give --base <ref>");
  const { revParse } = await import("../git/merge.js");
  if (!(await revParse(repo.root, base))) throw new GwqError(`--base "${base}" is not a branch or commit in this repository`);
  const { manager } = await import("./tmux/_shared.js");
  const m = manager(ctx);

  const done: Spawned[] = [];
  let failures = 0;
  for (const branch of branches) {
    try {
      const plan = spawnPlan({ branch, agent: flags.agent, prompt, argv: argv ?? undefined });
      done.push(await spawnOne(branch, base, repo.root, plan, m, ctx));
    } catch (e) {
      failures++;
      writeErr(`gwq: ${branch}: ${(e as Error).message}\n`);
    }
  }
  if (flags.json) writeOut(JSON.stringify(done, null, 2) + "\n");
  else for (const s of done) writeOut(`${s.branch} -> ${s.session}\n`);
  if (flags.attach && done.length) {
    if (!ctx.interactive()) warn("not attaching: no terminal (the sessions keep running)");
    else {
      if (done.length > 1) writeErr(`attaching to ${done[0]!.session}; the others keep running\n`);
      process.exitCode = await m.attachSession(done[0]!.session);
    }
  }
  if (failures) throw new GwqError(failures === branches.length ? "nothing spawned" : `${failures} of ${branches.length} branches not spawned`);
}

async function spawnOne(
  branch: string,
  base: string,
  repoRoot: string,
  plan: ReturnType<typeof spawnPlan>,
  m: import("../sessions/manager.js").SessionManager,
  ctx: import("../context.js").Context,
): Promise<Spawned> {
  const { localBranchExists } = await import("../git/branch.js");
  if (await localBranchExists(repoRoot, branch)) throw new GwqError(`branch "${branch}" already exists (gwq add ${branch} checks it out; gwq tmux run -w ${branch} starts an agent there)`);
  const { addWorktree } = await import("../worktrees/create.js");
  const wt = await addWorktree({ ctx, cwd: repoRoot, branch, createBranch: true, from: base, interactive: false, force: false });
  const { recordBase } = await import("../worktrees/base.js");
  let session;
  try {
    await recordBase(repoRoot, branch, base);
    session = await m.createSession({ context: plan.context, identifier: branch, workingDir: wt.path, argv: plan.argv, worktree: branch, agent: plan.agent });
  } catch (e) {
    await undoWorktree(repoRoot, wt.path, branch);
    throw e;
  }
  const { logWorktreeEvent } = await import("../worktrees/events.js");
  logWorktreeEvent("spawned", { branch, base, session: session.session_name, path: wt.path }, ctx.warn);
  return { branch, path: wt.path, base, session: session.session_name };
}

/** Take back a worktree made a moment ago: its directory, and its branch (no commit of anyone's yet). */
async function undoWorktree(repoRoot: string, path: string, branch: string): Promise<void> {
  const { gitCode } = await import("../git/git.js");
  const { forgetBase } = await import("../worktrees/base.js");
  await gitCode(["worktree", "remove", "--force", "--force", path], { cwd: repoRoot });
  await gitCode(["branch", "-D", branch], { cwd: repoRoot });
  await forgetBase(repoRoot, branch);
}
