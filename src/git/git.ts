// The one road to git. Argument arrays only; a failure carries git's command, code and stderr.
import { run, type RunOptions } from "../process.js";

export const GIT_NOT_FOUND = 'git not found: install git 2.5 or later (e.g. "apt-get install git")';

/** Run git and return stdout. */
export async function git(args: string[], opts: RunOptions = {}): Promise<string> {
  const r = await run("git", args, { notFound: GIT_NOT_FOUND, ...opts });
  return r.stdout;
}

/** Run git; resolve with the exit code instead of throwing on failure. */
export async function gitCode(args: string[], opts: RunOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run("git", args, { notFound: GIT_NOT_FOUND, ...opts });
    return r;
  } catch (e) {
    const pe = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof pe.code === "number") return { code: pe.code, stdout: pe.stdout ?? "", stderr: pe.stderr ?? "" };
    throw e;
  }
}
