// The gwq the far sides of the hosts tests run: this build's binary, put once in the sandbox
// where every far user can run it (a hard link when it can, else a copy), named by a host's
// `gwq` key. `host add --install` itself is tested in test/e2e/hosts.test.ts.
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { GWQ_ARGV, ROOT, type Sandbox } from "./sandbox.js";

export const BINARY = join(ROOT, "dist", "bin", "gwq");

export function farGwq(sb: Sandbox): string {
  const dir = sb.path("gwqbin");
  const bin = join(dir, "gwq");
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  try {
    linkSync(BINARY, bin);
  } catch {
    copyFileSync(BINARY, bin);
    chmodSync(bin, 0o755);
  }
  return bin;
}

/** A far gwq that says it started (a file in its HOME) and answers only after `seconds`. */
export function slowFarGwq(sb: Sandbox, seconds: number): string {
  const script = sb.path("gwqbin", "slow-gwq");
  writeFileSync(script, `#!/bin/sh\n: > "$HOME/started"\nsleep ${seconds}\nexec ${farGwq(sb)} "$@"\n`, { mode: 0o755 });
  return script;
}

/**
 * The followers (`events -f`, `tmux logs -f`) still running on a far side: processes whose HOME
 * is that far side's (both ends of the ssh link are on this machine; root reads any process's
 * environment, and without root the far user is this one).
 */
const isFollower = (argv: string[]) => (argv.includes("events") || argv.includes("logs")) && (argv.includes("-f") || argv.includes("--follow"));
/** A far `gwq tmux wait`. */
export const isWaiter = (argv: string[]) => argv.includes("tmux") && argv.includes("wait");

export function farFollowers(farHome: string, is: (argv: string[]) => boolean = isFollower): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`HOME=${farHome}`)) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (is(argv)) found.push(`${pid}: ${argv.join(" ")}`);
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/**
 * A gwq left running (a follower, a wait), its output collected as it comes. `within(ms)`: its
 * exit code once its stdout and stderr are closed (by the ssh it started too), or "hung".
 */
export function followGwq(sb: Sandbox, args: string[]) {
  const child = spawn(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), ...args], { env: sb.env, cwd: sb.root, stdio: ["ignore", "pipe", "pipe"] });
  const io = { out: "", err: "" };
  child.stdout.setEncoding("utf8").on("data", (d: string) => (io.out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (io.err += d));
  const ended = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  const within = (ms: number) => Promise.race([ended, new Promise<"hung">((r) => setTimeout(() => r("hung"), ms).unref())]);
  return { child, io, within };
}
