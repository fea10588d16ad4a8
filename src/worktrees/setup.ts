// After `gwq add`: repository_settings copy_files (globs, relative to the main worktree) and
// setup_commands. Setup commands are configuration the user wrote (an untrusted .gwq.toml cannot
// supply them), so they run with `sh -c` in the new worktree. Template variables in them are
// inserted quoted for where they stand (unquoted, '...' or "..."), so a branch name is always one
// literal word and never shell syntax. Problems are reported and skipped: the worktree exists.
import { copyFileSync, lstatSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { runInteractive } from "../process.js";
import { globToRegExp, hasGlob, TEMPLATE_VARIABLE } from "./layout.js";
import { writeErr } from "../output.js";

function report(message: string): void {
  writeErr(`gwq: error: ${message}\n`);
}

// ---- copy_files ------------------------------------------------------------------------------

/** Paths (relative to `root`) matching a glob, walked one segment at a time; `.git` is never entered. */
export function globFiles(root: string, pattern: string): string[] {
  const segments = pattern.split("/").filter((s) => s && s !== ".");
  const found = new Set<string>();
  const walk = (rel: string, i: number): void => {
    if (i === segments.length) {
      if (rel) found.add(rel);
      return;
    }
    const seg = segments[i]!;
    const abs = join(root, rel);
    if (seg === "**") {
      walk(rel, i + 1); // zero directories
      for (const e of listDir(abs)) if (e.isDirectory() && e.name !== ".git") walk(join(rel, e.name), i);
      return;
    }
    if (!hasGlob(seg)) {
      if (seg === ".git") return;
      try {
        lstatSync(join(abs, seg));
        walk(join(rel, seg), i + 1);
      } catch {
        // no such file: the pattern matches nothing here
      }
      return;
    }
    const re = globToRegExp(seg);
    for (const e of listDir(abs)) if (e.name !== ".git" && re.test(e.name)) walk(join(rel, e.name), i + 1);
  };
  walk("", 0);
  return [...found].sort();
}

function listDir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function copyTree(src: string, dst: string, stopAt: string): void {
  const st = statSync(src); // follows symlinks: a linked file is copied as a file
  if (st.isDirectory()) {
    if (src === stopAt) return; // never copy the new worktree into itself
    mkdirSync(dst, { recursive: true });
    for (const e of readdirSync(src)) if (e !== ".git") copyTree(join(src, e), join(dst, e), stopAt);
    return;
  }
  mkdirSync(dirname(dst), { recursive: true });
  copyFileSync(src, dst);
}

/** Copy what copy_files names from the main worktree into the new one. Returns how many failed. */
export function copyFiles(fromRoot: string, toRoot: string, patterns: string[]): number {
  let failed = 0;
  for (const pattern of patterns) {
    // A ".." would read outside the repository and write outside the new worktree (copy_files is
    // honoured even from an untrusted .gwq.toml, so it must not reach either).
    if (pattern.split(/[/\\]/).includes("..")) {
      failed++;
      report(`copy_files: "${pattern}" leaves the repository; skipped`);
      continue;
    }
    for (const rel of globFiles(fromRoot, pattern)) {
      try {
        copyTree(join(fromRoot, rel), join(toRoot, rel), toRoot);
      } catch (e) {
        failed++;
        report(`copy_files: cannot copy ${relative(fromRoot, join(fromRoot, rel))}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
  }
  return failed;
}

// ---- setup_commands --------------------------------------------------------------------------

export type SetupVars = Record<"Host" | "Owner" | "Repository" | "Branch" | "Hash" | "Path", string>;

/** `value` as it must be written at a point of a shell word where the quoting state is `state`. */
function quoteFor(value: string, state: "none" | "single" | "double"): string {
  if (state === "double") return value.replace(/[\\$`"]/g, "\\$&");
  if (state === "single") return value.replace(/'/g, `'\\''`);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Fill a setup command's `{{.Var}}`s. Returns the command, or an error message naming the first
 * unknown variable (that command is then skipped).
 */
export function renderSetupCommand(command: string, vars: SetupVars): { command: string } | { error: string } {
  let out = "";
  let state: "none" | "single" | "double" = "none";
  const re = new RegExp(TEMPLATE_VARIABLE.source, "y");
  for (let i = 0; i < command.length; ) {
    re.lastIndex = i;
    const m = re.exec(command);
    if (m) {
      const name = m[1]!;
      if (!(name in vars)) {
        return { error: `unknown variable ${m[0]} in setup command "${command}" (known: ${Object.keys(vars).map((k) => `{{.${k}}}`).join(", ")}); skipped it` };
      }
      out += quoteFor(vars[name as keyof SetupVars], state);
      i += m[0].length;
      continue;
    }
    const c = command[i]!;
    if (state === "none") {
      if (c === "'") state = "single";
      else if (c === '"') state = "double";
      else if (c === "\\" && i + 1 < command.length) {
        out += c + command[i + 1];
        i += 2;
        continue;
      }
    } else if (state === "single") {
      if (c === "'") state = "none";
    } else {
      if (c === '"') state = "none";
      else if (c === "\\" && i + 1 < command.length) {
        out += c + command[i + 1];
        i += 2;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { command: out };
}

/** Run setup commands one by one in `cwd`; their output goes to stderr. Returns how many failed. */
export async function runSetupCommands(commands: string[], vars: SetupVars, cwd: string): Promise<number> {
  let failed = 0;
  for (const source of commands) {
    if (!source.trim()) continue;
    const r = renderSetupCommand(source, vars);
    if ("error" in r) {
      failed++;
      report(r.error);
      continue;
    }
    writeErr(`gwq: running setup command: ${source}\n`);
    // stdout goes to our stderr so `gwq add`'s own stdout stays clean for the shell wrapper.
    const code = await runInteractive("sh", ["-c", r.command], {
      cwd,
      stdio: ["ignore", 2, 2],
      env: { ...process.env, GWQ_WORKTREE_PATH: vars.Path, GWQ_BRANCH: vars.Branch },
    });
    if (code !== 0) {
      failed++;
      report(`setup command failed (exit code ${code}): ${source}`);
    }
  }
  return failed;
}
