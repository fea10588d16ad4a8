// For `gwq status` and the dashboard: where a branch made by `gwq spawn` stands against its
// recorded base — the base, commits ahead and behind, files its commits change. One config read
// per repository, two git calls per worktree that has a base; none for the others.
import { gitCode } from "../git/git.js";
import { readAllBases } from "./base.js";

export interface BaseInfo {
  name: string;
  ahead: number;
  behind: number;
  /** Files the branch's commits change since it left the base (uncommitted ones are in CHANGES). */
  files: number;
}

interface Target {
  path: string;
  branch: string;
  repo_root: string;
  detached?: boolean;
  is_main?: boolean;
}

/** Worktree path -> where it stands against its recorded base, for those that have one. */
export async function basesOf(worktrees: Target[]): Promise<Map<string, BaseInfo>> {
  const roots = [...new Set(worktrees.map((w) => w.repo_root))];
  const byRoot = new Map(await Promise.all(roots.map(async (r) => [r, await readAllBases(r).catch(() => new Map<string, string>())] as const)));
  const out = new Map<string, BaseInfo>();
  await Promise.all(
    worktrees.map(async (w) => {
      const base = w.detached ? undefined : byRoot.get(w.repo_root)?.get(w.branch);
      if (!base) return;
      const info = await standing(w.path, base);
      if (info) out.set(w.path, info);
    }),
  );
  return out;
}

async function standing(cwd: string, base: string): Promise<BaseInfo | null> {
  const [counts, names] = await Promise.all([
    gitCode(["rev-list", "--left-right", "--count", `${base}...HEAD`], { cwd }),
    gitCode(["diff", "--name-only", "-z", "--no-renames", `${base}...HEAD`], { cwd }),
  ]);
  // A base deleted or renamed since: nothing to say rather than an error in a listing.
  if (counts.code !== 0 || names.code !== 0) return null;
  const [behind, ahead] = counts.stdout.trim().split(/\s+/).map(Number);
  return { name: base, ahead: ahead ?? 0, behind: behind ?? 0, files: names.stdout.split("\0").filter(Boolean).length };
}

/** `main ↑2 ↓0, 3 files` */
export function formatBase(b: BaseInfo | undefined | null): string {
  if (!b) return "-";
  return `${b.name} ↑${b.ahead} ↓${b.behind}, ${b.files} ${b.files === 1 ? "file" : "files"}`;
}

