// Moving the user into a worktree. With cd.launch_shell (the default) a new interactive shell
// there ($SHELL); with it off, the path on stdout for the shell-integration wrapper (printed by
// `gwq completion`) to cd into. Under the wrapper our stdout is captured, so a launched shell
// writes to stderr (the terminal) instead and stdout stays empty: the wrapper then does not cd.
import type { SpawnOptions } from "node:child_process";
import { runInteractive } from "../process.js";
import { tildify } from "../paths.js";
import { writeErr, writeOut } from "../output.js";

/** Set by the wrapper function `gwq completion <shell>` prints (the Go gwq's variable). */
export function inShellWrapper(): boolean {
  return process.env.__GWQ_CD_SHIM === "1";
}

/** Start $SHELL (else /bin/sh) in `dir` on the user's terminal; resolves with its exit code. */
export async function launchShell(dir: string): Promise<number> {
  const shell = process.env.SHELL || "/bin/sh";
  writeErr(`Launching shell in: ${tildify(dir)}\nType 'exit' to return to the original directory\n`);
  const stdio: SpawnOptions["stdio"] = inShellWrapper() ? ["inherit", 2, 2] : "inherit";
  return runInteractive(shell, [], { cwd: dir, stdio, notFound: `${shell}: not found (check $SHELL)` });
}

/** Take the user to `dir`: a shell, or the path for the wrapper (cd.launch_shell = false). */
export async function goTo(dir: string, launch: boolean): Promise<number> {
  if (!launch) {
    writeOut(dir + "\n");
    return 0;
  }
  return launchShell(dir);
}
