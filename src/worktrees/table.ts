// The `gwq list` table: BRANCH PATH, and with -v COMMIT CREATED TYPE (the Go gwq's columns).
// `●` marks the worktree holding the current directory (as status does); `*` with ui.icons off.
import type { Config } from "../config/schema.js";
import { renderTable } from "../ui/table.js";
import { tildify } from "../paths.js";
import type { Worktree } from "./discover.js";
import { worktreeHolding, worktreeLabel } from "./resolve.js";

/** `3 minutes ago`, `5 hours ago`, `2 days ago`, else the date (as the Go gwq shows it). */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return "unknown";
  const t = Date.parse(iso);
  const diff = Math.max(0, now - t);
  const min = Math.floor(diff / 60_000);
  if (min < 60) return `${min} minutes ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} hours ago`;
  const d = Math.floor(h / 24);
  if (d < 7) return `${d} days ago`;
  return iso.slice(0, 10);
}

export function renderWorktreeTable(worktrees: Worktree[], opts: { verbose: boolean; global: boolean; ui: Config["ui"]; cwd: string }): string {
  const ui = opts.ui;
  const current = worktreeHolding(opts.cwd, worktrees);
  const showPath = (p: string) => (ui.tilde_home ? tildify(p) : p);
  const rows = worktrees.map((w) => {
    const path = showPath(w.path) + (w.prunable ? " (missing: run gwq prune)" : "");
    const branch = worktreeLabel(w, opts.global);
    if (!opts.verbose) return [branch, path];
    return [branch, path, w.commit_hash.slice(0, 8), ago(w.created_at), w.is_main ? "main" : "worktree"];
  });
  const header = opts.verbose ? ["BRANCH", "PATH", "COMMIT", "CREATED", "TYPE"] : ["BRANCH", "PATH"];
  const lines = renderTable(header, rows, { marked: worktrees.map((w) => w === current), marker: ui.icons ? "●" : "*" });
  return lines.join("\n") + "\n";
}
