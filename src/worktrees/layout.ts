// Where a new worktree goes: <basedir>/<naming.template>, the Go gwq's layout. The branch is
// sanitized (naming.sanitize_chars, then characters no filesystem likes); a repository without a
// remote gets host "local" and its parent directory's name as owner.
import { realpathOr } from "../fsx.js";
import { crypto } from "../builtins-lazy.js";
import { basename, dirname, join } from "node:path";
import type { Config, RepositorySetting } from "../config/schema.js";
import { GwqError } from "../errors.js";
import type { RemoteInfo } from "../git/remote.js";

export interface LayoutVars {
  Host: string;
  Owner: string;
  Repository: string;
  /** The branch as given (sanitized only where it becomes a path). */
  Branch: string;
  /** 8 hex digits of sha256("host/owner/repo/branch"), as the Go gwq computes it. */
  Hash: string;
}

export const TEMPLATE_VARIABLE = /\{\{\s*\.(\w+)\s*\}\}/g;

export function shortHash(input: string): string {
  return crypto().createHash("sha256").update(input).digest("hex").slice(0, 8);
}

/** Host/Owner/Repository for a repository: from its remote, else local/<parent dir>/<dir>. */
export function repositoryParts(remote: RemoteInfo | null, root: string): { Host: string; Owner: string; Repository: string } {
  if (remote) return { Host: remote.host, Owner: remote.owner, Repository: remote.repo };
  return { Host: "local", Owner: basename(dirname(root)) || "local", Repository: basename(root) };
}

export function layoutVars(remote: RemoteInfo | null, root: string, branch: string): LayoutVars {
  const parts = repositoryParts(remote, root);
  return { ...parts, Branch: branch, Hash: shortHash(`${parts.Host}/${parts.Owner}/${parts.Repository}/${branch}`) };
}

/** Characters replaced in every generated branch segment, after naming.sanitize_chars. */
const FILESYSTEM_UNSAFE: Record<string, string> = { "/": "-", "\\": "-", ":": "-", "*": "-", "?": "-", '"': "-", "<": "-", ">": "-", "|": "-" };

export function sanitizeBranch(branch: string, sanitizeChars: Record<string, string>): string {
  let s = branch;
  for (const k of Object.keys(sanitizeChars).sort()) if (k) s = s.split(k).join(sanitizeChars[k]!);
  for (const [k, v] of Object.entries(FILESYSTEM_UNSAFE)) s = s.split(k).join(v);
  // "." or ".." as a whole segment would climb out of the layout.
  if (s === "." || s === "..") s = s.replace(/\./g, "-");
  return s;
}

/** Render naming.template; an unknown variable is an error naming it. */
export function renderNamingTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(TEMPLATE_VARIABLE, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      throw new GwqError(`naming.template: unknown variable ${whole} (known: ${Object.keys(vars).map((k) => `{{.${k}}}`).join(", ")})`);
    }
    return v;
  });
}

// ---- repository_settings --------------------------------------------------------------------

/** A glob as a regular expression over a whole path: `*` and `?` stay within one segment, `**` crosses them. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          re += "(?:.*/)?"; // `**/` also matches no directory at all
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}


/** The first repository_settings entry whose `repository` (a path or glob) names `root`. */
export function repositorySettingFor(settings: RepositorySetting[], root: string): RepositorySetting | null {
  const roots = [...new Set([root, realpathOr(root)])];
  for (const s of settings) {
    const pattern = s.repository.replace(/\/+$/, "");
    if (hasGlob(pattern)) {
      const re = globToRegExp(pattern);
      if (roots.some((r) => re.test(r))) return s;
    } else if (roots.includes(pattern) || roots.includes(realpathOr(pattern))) {
      return s;
    }
  }
  return null;
}

/** The path `gwq add <branch>` creates when no path is given. */
export function worktreePathFor(cfg: Config, remote: RemoteInfo | null, root: string, branch: string): string {
  const setting = repositorySettingFor(cfg.repository_settings, root);
  const base = setting?.basedir ?? cfg.worktree.basedir;
  const vars = layoutVars(remote, root, branch);
  const rel = renderNamingTemplate(cfg.naming.template, { ...vars, Branch: sanitizeBranch(branch, cfg.naming.sanitize_chars) });
  return join(base, rel);
}
