// Parser for `git status --porcelain=v2 --branch -z`: one pass over the NUL-separated records,
// counting files by kind and reading the branch headers (name, upstream, ahead/behind).
// Only the counts and the changed paths are kept; the paths let last activity stat them.

/** The counts of `status --json`'s `git_status`, named as the Go gwq names them. */
export interface GitCounts {
  modified: number;
  added: number;
  deleted: number;
  untracked: number;
  staged: number;
  ahead: number;
  behind: number;
  conflicts: number;
}

export interface ParsedStatus {
  counts: GitCounts;
  /** `# branch.head`: the branch name, or null when HEAD is detached. */
  branch: string | null;
  /** `# branch.oid`: the HEAD commit, or null before the first commit. */
  oid: string | null;
  /** `# branch.upstream`, when the branch tracks one. */
  upstream: string | null;
  /** Paths (relative to the worktree) that are changed, untracked or conflicted. */
  paths: string[];
  /** Paths git reports as deleted: they cannot be stat'ed, their directory can. */
  deletedPaths: string[];
}

export function emptyCounts(): GitCounts {
  return { modified: 0, added: 0, deleted: 0, untracked: 0, staged: 0, ahead: 0, behind: 0, conflicts: 0 };
}

/**
 * Each changed file is counted once as added, deleted or modified (by what happened to it,
 * staged or not), and separately as staged when the index differs from HEAD. Untracked and
 * conflicted files are counted on their own. So a newly staged file is "1 added" and "1 staged".
 */
export function parsePorcelainV2(out: string): ParsedStatus {
  const r: ParsedStatus = {
    counts: emptyCounts(),
    branch: null,
    oid: null,
    upstream: null,
    paths: [],
    deletedPaths: [],
  };
  const c = r.counts;
  // With -z every record ends in NUL; a rename record ("2 ...") is followed by its original path.
  const records = out.split("\0");
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (rec === "") continue;
    switch (rec[0]) {
      case "#":
        header(rec, r);
        break;
      case "1":
      case "2": {
        // "1 XY sub mH mI mW hH hI path" / "2 XY sub mH mI mW hH hI Xscore path" + NUL origPath
        const fields = rec.split(" ");
        const xy = fields[1] ?? "..";
        const path = fields.slice(rec[0] === "1" ? 8 : 9).join(" ");
        if (rec[0] === "2") i++; // skip the original path
        const x = xy[0]!;
        const y = xy[1]!;
        if (x !== ".") c.staged++;
        if (x === "A" || y === "A") c.added++;
        else if (x === "D" || y === "D") c.deleted++;
        else c.modified++;
        if (y === "D" || (x === "D" && y === ".")) r.deletedPaths.push(path);
        else r.paths.push(path);
        break;
      }
      case "u": {
        // "u XY sub m1 m2 m3 mW h1 h2 h3 path"
        c.conflicts++;
        r.paths.push(rec.split(" ").slice(10).join(" "));
        break;
      }
      case "?":
        c.untracked++;
        r.paths.push(rec.slice(2));
        break;
      default:
        // "!" (ignored) only appears with --ignored; anything else is from a newer git: skip it.
        break;
    }
  }
  return r;
}

function header(rec: string, r: ParsedStatus): void {
  const [, key, ...rest] = rec.split(" ");
  const value = rest.join(" ");
  switch (key) {
    case "branch.oid":
      r.oid = value === "(initial)" ? null : value;
      break;
    case "branch.head":
      r.branch = value === "(detached)" ? null : value;
      break;
    case "branch.upstream":
      r.upstream = value;
      break;
    case "branch.ab": {
      const m = /^\+(\d+) -(\d+)$/.exec(value);
      if (m) {
        r.counts.ahead = Number(m[1]);
        r.counts.behind = Number(m[2]);
      }
      break;
    }
  }
}
