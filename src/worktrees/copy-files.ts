// copy_files after `gwq add`: globs relative to the main worktree, copied into the new one.
//
// The new worktree holds whatever its branch committed, links included, so neither side of a copy
// may follow a link out of its worktree: a branch where `sub` is a link to ~/.ssh must not turn
// copy_files = ["sub/authorized_keys"] into a write of ~/.ssh/authorized_keys. So:
// - a source is read only when its real path is inside the main worktree, and only a regular file;
// - each directory on the way to a destination is checked one component at a time (a link that
//   leads out of the new worktree is refused), missing ones are made without following anything;
// - the file is written under a fresh temp name (created exclusively, so nothing planted there is
//   followed) and renamed over the final name: a link planted at that name is replaced, never
//   written through.
// Anything refused is reported and skipped; the worktree itself stays.
import { constants, copyFileSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, sep } from "node:path";
import { randomHex } from "../builtins-lazy.js";
import { writeErr } from "../output.js";
import { globToRegExp, hasGlob } from "./layout.js";

function report(message: string): void {
  writeErr(`gwq: error: ${message}\n`);
}

/** A copy that would leave a worktree, or read something that is not a file. */
class Refused extends Error {}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

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
      // Dirent types do not follow links: `**` never descends through one.
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

/** The real path of `root/rel` (root already real); refused when a link takes it out of root. */
function sourceInside(root: string, rel: string): string {
  const real = realpathSync(join(root, rel));
  if (!isInside(root, real)) throw new Refused(`${rel} is a link that leads out of the repository`);
  return real;
}

/**
 * The directory `root/relDir` (root already real), made where missing, as a real path. Each
 * existing component is looked at without following it; a link is accepted only when it resolves
 * inside root. mkdir never follows a link at its own name (it fails with EEXIST).
 */
function destinationDir(root: string, relDir: string): string {
  let cur = root;
  for (const seg of relDir.split(sep).filter((s) => s && s !== ".")) {
    let next = join(cur, seg);
    let st;
    try {
      st = lstatSync(next);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      mkdirSync(next);
      cur = next;
      continue;
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(next);
      } catch {
        throw new Refused(`${relDir} in the new worktree passes through a broken link (${seg})`);
      }
      if (!isInside(root, real)) throw new Refused(`${relDir} in the new worktree passes through a link that leads out of it (${seg})`);
      next = real;
      st = statSync(next);
    }
    if (!st.isDirectory()) throw new Refused(`${relDir} in the new worktree is not a directory`);
    cur = next;
  }
  return cur;
}

/** Copy one regular file (its real path) to `dir/name` through an exclusive temp file and a rename. */
function copyRegular(src: string, dir: string, name: string): void {
  const tmp = join(dir, `.${name}.gwq-${process.pid}-${randomHex(4)}.tmp`);
  // COPYFILE_EXCL: the temp name is created with O_EXCL, so nothing at it is followed.
  copyFileSync(src, tmp, constants.COPYFILE_EXCL);
  try {
    renameSync(tmp, join(dir, name));
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

interface Roots {
  from: string;
  to: string;
}

/** Copy `rel` (a file or a whole directory); returns how many entries failed (each reported). */
function copyEntry(roots: Roots, rel: string, onPath: Set<string>): number {
  try {
    const src = sourceInside(roots.from, rel);
    const st = statSync(src);
    if (st.isDirectory()) {
      // The new worktree inside the main one is never copied into itself; a link loop ends here.
      if (src === roots.to || onPath.has(src)) return 0;
      destinationDir(roots.to, rel);
      onPath.add(src);
      let failed = 0;
      for (const e of readdirSync(src)) if (e !== ".git") failed += copyEntry(roots, join(rel, e), onPath);
      onPath.delete(src);
      return failed;
    }
    // A FIFO or device in the main worktree is never opened (copying it would block or never end).
    if (!st.isFile()) throw new Refused("not a regular file");
    copyRegular(src, destinationDir(roots.to, dirname(rel)), basename(rel));
    return 0;
  } catch (e) {
    const why = e instanceof Refused ? e.message : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
    report(`copy_files: cannot copy ${rel}: ${why}; skipped`);
    return 1;
  }
}

/** Copy what copy_files names from the main worktree into the new one. Returns how many failed. */
export function copyFiles(fromRoot: string, toRoot: string, patterns: string[]): number {
  let failed = 0;
  const roots = { from: realpathSync(fromRoot), to: realpathSync(toRoot) };
  for (const pattern of patterns) {
    // A ".." would read outside the repository and write outside the new worktree.
    if (pattern.split(/[/\\]/).includes("..")) {
      failed++;
      report(`copy_files: "${pattern}" leaves the repository; skipped`);
      continue;
    }
    for (const rel of globFiles(roots.from, pattern)) failed += copyEntry(roots, rel, new Set());
  }
  return failed;
}
