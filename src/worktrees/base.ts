// A branch's base: the ref `gwq spawn` made it from, which `gwq diff` and `gwq merge` compare
// and merge against. Kept where git keeps facts about branches, `branch.<name>.gwqBase` in the
// repository's config: it survives gwq, `git config -l` shows it, and `git branch -d`/`-m` delete
// or carry it with the branch's own section.
import { gitCode } from "../git/git.js";
import { GwqError } from "../errors.js";

const key = (branch: string) => `branch.${branch}.gwqBase`;

export async function recordBase(repoDir: string, branch: string, base: string): Promise<void> {
  const r = await gitCode(["config", key(branch), base], { cwd: repoDir });
  if (r.code !== 0) throw new GwqError(`cannot record the base of "${branch}": ${r.stderr.trim().split("\n").pop() ?? ""}`);
}

/** The recorded base of a branch, or null when none was recorded. */
export async function readBase(repoDir: string, branch: string): Promise<string | null> {
  const r = await gitCode(["config", "--get", key(branch)], { cwd: repoDir });
  const v = r.stdout.trim();
  return r.code === 0 && v ? v : null;
}

/** Every recorded base of a repository in one git call: branch -> base. */
export async function readAllBases(repoDir: string): Promise<Map<string, string>> {
  const r = await gitCode(["config", "-z", "--get-regexp", "^branch\\..*\\.gwqbase$"], { cwd: repoDir });
  return parseBases(r.code === 0 ? r.stdout : "");
}

/** `git config -z --get-regexp` output: `key\nvalue\0` per entry; the key is lowercased only in
 *  its section and variable parts, the branch name (the subsection) keeps its case. */
export function parseBases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of text.split("\0")) {
    const nl = entry.indexOf("\n");
    if (nl < 0) continue;
    const k = entry.slice(0, nl);
    const m = /^branch\.(.+)\.gwqbase$/i.exec(k);
    const v = entry.slice(nl + 1);
    if (m && v) out.set(m[1]!, v);
  }
  return out;
}

export async function forgetBase(repoDir: string, branch: string): Promise<void> {
  await gitCode(["config", "--unset-all", key(branch)], { cwd: repoDir });
}
