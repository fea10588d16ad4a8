// The one pattern resolver (get, cd, exec, remove, tmux run -w, tmux attach). An exact branch,
// path or `repository:branch` wins; then a unique case-insensitive substring of the branch, the
// path or `repository:branch`; several matches, or no pattern, open the finder when there is a
// terminal, and without one fail listing the candidates on one line. Never waits for input that
// cannot come.
import { realpathOr } from "../fsx.js";
import { basename, resolve, sep } from "node:path";
import { GwqError } from "../errors.js";
import { expandHome, tildify } from "../paths.js";
import { discoverWorktrees, type Worktree } from "./discover.js";
import type { Context } from "../context.js";

export interface ResolveOptions {
  ctx: Context;
  global?: boolean;
  cwd?: string;
  /** Let the finder mark several (remove). */
  multi?: boolean;
  /** What the choice is for, shown in the finder prompt, e.g. "remove". */
  purpose?: string;
  /** Only these worktrees are candidates (remove leaves out the main worktree). */
  candidates?: (w: Worktree) => boolean;
}

/** Finder preview: where it is and its latest commits (only computed for the item shown). */
async function preview(w: Worktree): Promise<string> {
  const head = `${w.repository}  ${w.branch}${w.is_main ? "  (main worktree)" : ""}\n${w.path}\n\n`;
  if (w.prunable) return head + "(directory is gone: run gwq prune)";
  const { gitCode } = await import("../git/git.js");
  const r = await gitCode(["log", "--oneline", "--decorate", "-n", "15"], { cwd: w.path }).catch(() => null);
  return head + (r?.stdout ?? "");
}

/** The last part of a repository id: `myapp` for github.com/acme/myapp. */
export function repoName(w: Worktree): string {
  return basename(w.repository);
}

/** How a worktree is named in lists and the finder: `branch`, or `repo:branch` across repositories. */
export function worktreeLabel(w: Worktree, global: boolean): string {
  const name = w.detached ? `HEAD (detached at ${w.commit_hash.slice(0, 8)})` : w.branch;
  return global ? `${repoName(w)}:${name}` : name;
}


/** Exact matches: branch, path (as given, ~ expanded, relative to cwd), repo:branch, or a detached commit. */
export function exactMatches(pattern: string, worktrees: Worktree[], cwd: string): Worktree[] {
  const asPath = realpathOr(expandHome(pattern, cwd));
  const hexPrefix = /^[0-9a-f]{7,40}$/i.test(pattern) ? pattern.toLowerCase() : null;
  return worktrees.filter(
    (w) =>
      w.branch === pattern ||
      w.path === pattern ||
      w.path === asPath ||
      `${repoName(w)}:${w.branch}` === pattern ||
      `${w.repository}:${w.branch}` === pattern ||
      (w.detached && hexPrefix !== null && w.commit_hash.startsWith(hexPrefix)),
  );
}

/** Case-insensitive substring of the branch, the path, or `repository:branch`. */
export function substringMatches(pattern: string, worktrees: Worktree[]): Worktree[] {
  const p = pattern.toLowerCase();
  return worktrees.filter(
    (w) =>
      w.branch.toLowerCase().includes(p) ||
      w.path.toLowerCase().includes(p) ||
      `${repoName(w)}:${w.branch}`.toLowerCase().includes(p) ||
      `${w.repository}:${w.branch}`.toLowerCase().includes(p),
  );
}

/** The matches for a pattern: the exact ones when there are any, else the substring ones. */
export function matchWorktrees(pattern: string, worktrees: Worktree[], cwd: string): Worktree[] {
  const exact = exactMatches(pattern, worktrees, cwd);
  return exact.length ? exact : substringMatches(pattern, worktrees);
}

/**
 * Resolve a pattern to worktrees (one, or several with `multi` when the user marks several).
 * Throws GwqError (exit 1) for no match or a needed choice without a terminal, CancelledError
 * (130) when the user cancels the finder.
 */
export async function resolveWorktree(pattern: string | undefined, opts: ResolveOptions): Promise<Worktree[]> {
  const cwd = opts.cwd ?? opts.ctx.cwd;
  const found = await discoverWorktrees({ global: opts.global, cwd, ctx: opts.ctx });
  const all = opts.candidates ? found.worktrees.filter(opts.candidates) : found.worktrees;
  const label = (w: Worktree) => `${worktreeLabel(w, found.global)}  ${tildify(w.path)}`;
  const prompt = opts.purpose ? `${opts.purpose}> ` : "worktree> ";

  if (pattern === undefined || pattern === "") {
    if (all.length === 0) throw new GwqError(found.global ? "no worktrees found" : "no worktrees to choose from in this repository");
    const { pick } = await import("../ui/finder.js");
    return pick(all, { label, noun: "worktrees", multi: opts.multi, prompt, preview, showPreview: opts.ctx.config.finder.preview, reason: "no pattern given, and choosing a worktree needs a terminal" });
  }
  const matches = matchWorktrees(pattern, all, cwd);
  if (matches.length === 1) return matches;
  if (matches.length === 0) throw new GwqError(`no worktree matches "${pattern}"`);
  // The finder (and its terminal code) loads only when a choice is needed.
  const { pick } = await import("../ui/finder.js");
  return pick(matches, {
    label,
    noun: "worktrees",
    multi: opts.multi,
    prompt,
    preview,
    showPreview: opts.ctx.config.finder.preview,
    reason: `"${pattern}" matches ${matches.length} worktrees`,
  });
}

/**
 * The worktree a pattern names without asking anything: an exact match, else a unique
 * substring match; null when there is none or it is ambiguous (tmux attach's auto-create).
 */
export async function findWorktreeExact(pattern: string, opts: { global?: boolean; cwd?: string; ctx: Context }): Promise<Worktree | null> {
  const cwd = opts.cwd ?? opts.ctx.cwd;
  const { worktrees } = await discoverWorktrees({ global: opts.global, cwd, ctx: opts.ctx });
  const exact = exactMatches(pattern, worktrees, cwd);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) return null;
  const sub = substringMatches(pattern, worktrees);
  return sub.length === 1 ? sub[0]! : null;
}

/** The worktree whose directory holds `dir` (the longest path prefix), or null. */
export function worktreeHolding(dir: string, worktrees: Worktree[]): Worktree | null {
  const candidates = [...new Set([resolve(dir), realpathOr(resolve(dir))])];
  let best: Worktree | null = null;
  for (const w of worktrees) {
    for (const d of candidates) {
      if ((d === w.path || d.startsWith(w.path.endsWith(sep) ? w.path : w.path + sep)) && (!best || w.path.length > best.path.length)) {
        best = w;
      }
    }
  }
  return best;
}
