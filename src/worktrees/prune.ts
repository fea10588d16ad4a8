// `gwq prune`: forget worktrees whose directories were deleted by hand (git worktree prune, per
// repository), and with --expired remove worktrees whose `add --expires` deadline has passed:
// never the main worktree, never a dirty one without --force.
import { existsSync } from "node:fs";
import { git } from "../git/git.js";
import { isDirty } from "../git/status.js";
import { readRepository, type Discovery, type Worktree } from "./discover.js";
import { expiredEntries, forgetExpiries, type ExpiryEntry } from "./expiry.js";
import { removeWorktree, runningSessionsIn } from "./remove.js";

export interface PruneReport {
  lines: string[];
  failed: number;
}

/** Prune git's records of deleted worktrees in every repository of `found`. */
export async function pruneStale(found: Discovery, dryRun: boolean): Promise<PruneReport> {
  const lines: string[] = [];
  const stale = found.worktrees.filter((w) => w.prunable && !w.is_main);
  const roots = [...new Set(found.worktrees.map((w) => w.repo_root))].filter((r) => existsSync(r));
  for (const w of stale) lines.push(`${dryRun ? "Would prune" : "Pruned"}: ${w.branch} (${w.path})`);
  if (!dryRun) {
    await Promise.all(roots.map((root) => git(["worktree", "prune"], { cwd: root })));
    forgetExpiries(stale.map((w) => w.path));
  }
  if (stale.length === 0) lines.push("No stale worktrees to prune");
  return { lines, failed: 0 };
}

/** Remove worktrees whose deadline passed. One worktree list per repository involved. */
export async function pruneExpired(opts: { dryRun: boolean; force: boolean; now?: number; sessions?: { status: string; working_dir: string; session_name: string }[] }): Promise<PruneReport> {
  const expired = expiredEntries(opts.now);
  const lines: string[] = [];
  if (expired.length === 0) return { lines: ["No expired worktrees found"], failed: 0 };

  // What git knows now, per repository: the entry's worktree may be gone or even be the main one.
  const byRoot = new Map<string, Worktree[] | null>();
  for (const root of new Set(expired.map((e) => e.repo_root))) {
    byRoot.set(root, existsSync(root) ? (await readRepository(root).catch(() => null))?.worktrees ?? null : null);
  }
  let removed = 0;
  let skipped = 0;
  let failed = 0;
  const forget: string[] = [];
  for (const e of expired) {
    const wt = byRoot.get(e.repo_root)?.find((w) => w.path === e.path) ?? null;
    if (!wt) {
      // Removed some other way already: just drop the deadline.
      lines.push(`${opts.dryRun ? "Would forget" : "Forgot"} (already removed): ${e.path}`);
      forget.push(e.path);
      continue;
    }
    if (wt.is_main) {
      lines.push(`${opts.dryRun ? "Would skip" : "Skipped"} (main worktree): ${e.path}`);
      skipped++;
      continue;
    }
    // As `gwq remove`: a worktree where a gwq session runs keeps its directory unless forced.
    const running = opts.force ? [] : runningSessionsIn(wt, opts.sessions ?? []);
    if (running.length) {
      lines.push(`${opts.dryRun ? "Would skip" : "Skipped"} (running gwq session: ${running.map((s) => s.session_name).join(", ")}): ${e.path}${opts.dryRun ? "" : " (use --force to remove it anyway)"}`);
      skipped++;
      continue;
    }
    if (!opts.force && !wt.prunable) {
      const dirty = await isDirty(wt.path);
      if (dirty !== false) {
        const why = dirty === null ? "could not read its status" : "uncommitted changes";
        lines.push(`${opts.dryRun ? "Would skip" : "Skipped"} (${why}): ${e.path}${opts.dryRun ? "" : " (use --force to remove it anyway)"}`);
        skipped++;
        continue;
      }
    }
    if (opts.dryRun) {
      lines.push(`Would remove: ${e.path} (branch: ${e.branch}, expired ${e.expires_at})`);
      removed++;
      continue;
    }
    try {
      await removeWorktree(wt, { force: opts.force, deleteBranch: false, forceDeleteBranch: false });
      lines.push(`Removed: ${e.path} (branch: ${e.branch})`);
      removed++;
    } catch (err) {
      lines.push(`Failed: ${(err as Error).message}`);
      failed++;
    }
  }
  if (!opts.dryRun) forgetExpiries(forget);
  lines.push(
    opts.dryRun
      ? `Dry run: would remove ${removed} worktree(s), skip ${skipped}`
      : `Removed ${removed} expired worktree(s), skipped ${skipped}`,
  );
  return { lines, failed };
}

export type { ExpiryEntry };
