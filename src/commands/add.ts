// gwq add [-b] [-i] [-f] [-s] [--expires <d>] [branch] [path]
import type { Invocation } from "./_cli.js";
import type { add } from "./_manifest.js";
import { UsageError } from "../errors.js";
import { writeErr, writeOut } from "../output.js";


/** --expires: a Go duration or Nd, strictly positive; checked before anything is created. */
async function parseExpires(text: string | undefined): Promise<number | undefined> {
  if (text === undefined) return undefined;
  const { parseDuration } = await import("../config/duration.js");
  const ms = parseDuration(text);
  if (ms === null) throw new UsageError(`--expires: expected a duration like 1h, 90m, 7d or 1h30m, got "${text}"`);
  if (ms <= 0) throw new UsageError(`--expires: must be more than zero, got "${text}"`);
  return ms;
}

export default async function run({ args, flags }: Invocation<typeof add>): Promise<void> {
  const { branch, path } = args;
  const expiresMs = await parseExpires(flags.expires);
  const { addWorktree } = await import("../worktrees/create.js");
  const { cliContext } = await import("../context.js");
  const ctx = cliContext();
  const { inShellWrapper, goTo } = await import("../worktrees/shell.js");
  const { tildify } = await import("../paths.js");
  const r = await addWorktree({
    ctx,
    branch,
    path,
    createBranch: !!flags.branch,
    interactive: !!flags.interactive,
    force: !!flags.force,
    expiresMs,
  });
  // Under the shell wrapper stdout carries only a path to cd into; messages go to stderr.
  const wrapper = inShellWrapper();
  const say = (line: string) => (wrapper ? writeErr : writeOut)(line + "\n");
  say(`Created worktree for branch '${r.branch}' at ${tildify(r.path)}`);
  if (r.expiresAt) say(`Worktree expires at ${r.expiresAt}`);
  // -s always moves there; cd.auto_cd_on_add only under the wrapper (as in the Go gwq).
  if (flags.stay || (wrapper && ctx.config.cd.auto_cd_on_add)) {
    process.exitCode = await goTo(r.path, ctx.config.cd.launch_shell);
  }
}
