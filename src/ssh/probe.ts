// What `gwq host add` learns about a host before it writes the entry: the OS and CPU, tmux, git
// and gwq (its version), from one constant shell script; and whether this gwq can be copied there.

/** One line per fact, "none" when missing; run by the far side's `sh -c`. */
export const PROBE = [
  "uname -s",
  "uname -m",
  "tmux -V 2>/dev/null || echo none",
  "git --version 2>/dev/null || echo none",
  'if command -v gwq >/dev/null 2>&1; then gwq --version; elif [ -x "$HOME/.local/bin/gwq" ]; then "$HOME/.local/bin/gwq" --version; else echo none; fi',
].join("; ");

export interface Probe {
  os: string;
  arch: string;
  tmux: string | null;
  git: string | null;
  gwq: string | null;
}

const version = (line: string | undefined, re: RegExp): string | null => (line && line !== "none" ? (re.exec(line)?.[1] ?? line.trim()) : null);

export function parseProbe(stdout: string): Probe {
  const l = stdout.split("\n");
  return {
    os: (l[0] ?? "").trim() || "unknown",
    arch: (l[1] ?? "").trim() || "unknown",
    tmux: version(l[2], /^tmux (\S+)/),
    git: version(l[3], /^git version (\S+)/),
    gwq: version(l[4], /^gwq version (\S+)/),
  };
}

/** `uname -s`/`uname -m` as Node names them. */
const OS: Record<string, string> = { Linux: "linux", Darwin: "darwin" };
const ARCH: Record<string, string> = { x86_64: "x64", amd64: "x64", aarch64: "arm64", arm64: "arm64" };

/** -1, 0, 1 for dotted numeric versions (a pre-release suffix is ignored). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

export type InstallPlan = { kind: "install" } | { kind: "current" } | { kind: "cannot"; reason: string };

/** Copy this gwq only where it can run and where the host's own is missing or older. */
export function installPlan(p: Probe, ours: string, platform: string, arch: string): InstallPlan {
  if (p.gwq && compareVersions(p.gwq, ours) >= 0) return { kind: "current" };
  if (OS[p.os] !== platform || ARCH[p.arch] !== arch)
    return { kind: "cannot", reason: `the host is ${p.os} ${p.arch} and this gwq is built for ${platform} ${arch}: build the binary there (npm run build:bin) and put it on its PATH` };
  return { kind: "install" };
}
