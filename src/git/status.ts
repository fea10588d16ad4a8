// Working-tree cleanliness for remove and prune --expired (the status command has its own, richer
// parser): any tracked change or untracked file counts as dirty.
import { gitCode } from "./git.js";

/** null when git cannot tell (e.g. the directory is gone or broken). */
export async function isDirty(cwd: string): Promise<boolean | null> {
  const r = await gitCode(["status", "--porcelain"], { cwd }).catch(() => null);
  if (!r || r.code !== 0) return null;
  return r.stdout.trim() !== "";
}
