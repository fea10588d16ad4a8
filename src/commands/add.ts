// gwq add [-b] [-i] [-f] [-s] [--expires <d>] [branch] [path]
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { writeErr, writeOut } from "../output.js";

interface AddFlags {
  branch?: boolean;
  interactive?: boolean;
  force?: boolean;
  stay?: boolean;
  expires?: string;
}

/** --expires: a Go duration or Nd, strictly positive; checked before anything is created. */
async function parseExpires(text: string | undefined): Promise<number | undefined> {
  if (text === undefined) return undefined;
  const { parseDuration } = await import("../config/duration.js");
  const ms = parseDuration(text);
  if (ms === null) throw new UsageError(`--expires: expected a duration like 1h, 90m, 7d or 1h30m, got "${text}"`);
  if (ms <= 0) throw new UsageError(`--expires: must be more than zero, got "${text}"`);
  return ms;
}

export default function define(cmd: Command): void {
  cmd
    .description("Create a worktree for a branch (at the layout path unless a path is given)")
    .argument("[branch]", "the branch to check out (or create with -b)")
    .argument("[path]", "where to create it (default: worktree.basedir + naming.template)")
    .option("-b, --branch", "create the branch (from HEAD)")
    .option("-i, --interactive", "choose the branch in the finder")
    .option("-f, --force", "use an existing empty or registered-but-missing path; check out a branch used elsewhere")
    .option("-s, --stay", "open a shell in the new worktree")
    .option("--expires <duration>", "remove it with `gwq prune --expired` after this long (1h, 90m, 7d)")
    .action(async (branch: string | undefined, path: string | undefined, flags: AddFlags) => {
      const expiresMs = await parseExpires(flags.expires);
      const { addWorktree } = await import("../worktrees/create.js");
      const { config } = await import("../context.js");
      const { inShellWrapper, goTo } = await import("../worktrees/shell.js");
      const { tildify } = await import("../paths.js");
      const r = await addWorktree({
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
      if (flags.stay || (wrapper && config().cd.auto_cd_on_add)) {
        process.exitCode = await goTo(r.path, config().cd.launch_shell);
      }
    });
}
