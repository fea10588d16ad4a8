// A private world per test: temp HOME and XDG dirs, a git identity, and a tmux server of its own
// (its own TMUX_TMPDIR, no TMUX variable), so no test touches the developer's config or server.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, beforeEach } from "node:test";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
/** The built CLI under test; GWQ_TEST_CLI points elsewhere when building into another dir. */
export const CLI = process.env.GWQ_TEST_CLI || join(ROOT, "dist", "cli.js");
/** The standalone binary under test (scripts/test.mjs --bin sets it): run directly, no node. */
export const BIN = process.env.GWQ_TEST_BIN ? resolve(process.env.GWQ_TEST_BIN) : null;
/** The argv that starts the gwq under test: the binary when selected, else node and the CLI. */
export const GWQ_ARGV: readonly string[] = BIN ? [BIN] : [process.execPath, CLI];

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOpts {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

export class Sandbox {
  readonly root: string;
  readonly home: string;
  readonly env: Record<string, string>;

  constructor() {
    // Short base path: tmux socket paths must stay under ~100 bytes.
    this.root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-t-")));
    this.home = join(this.root, "home");
    for (const d of ["home", "config", "state", "data", "tmux", "cache"]) mkdirSync(join(this.root, d), { recursive: true });
    writeFileSync(
      join(this.home, ".gitconfig"),
      "[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
    );
    this.env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.root, "config"),
      XDG_STATE_HOME: join(this.root, "state"),
      XDG_DATA_HOME: join(this.root, "data"),
      XDG_CACHE_HOME: join(this.root, "cache"),
      TMUX_TMPDIR: join(this.root, "tmux"),
      GIT_CONFIG_GLOBAL: join(this.home, ".gitconfig"),
      GIT_CONFIG_NOSYSTEM: "1",
      LANG: "C.UTF-8",
      TERM: "xterm-256color",
      SHELL: "/bin/sh",
      // Interactive shells in test sessions must not write a history file into HOME on exit.
      HISTFILE: "/dev/null",
      TZ: process.env.TZ ?? "UTC",
    };
  }

  /** Path inside the sandbox root. */
  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** Run the built gwq; never inherits a terminal, so prompts must not hang. */
  gwq(args: string[], opts: RunOpts = {}): Promise<RunResult> {
    return runProcess(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), ...args], {
      ...opts,
      env: { ...this.env, ...(opts.env ?? {}) },
      cwd: opts.cwd ?? this.root,
    });
  }

  /** `gwq tmux run --json ...`: the new session's record; a non-zero exit fails the test. */
  async runSession<T = Record<string, unknown>>(args: string[], opts: RunOpts = {}): Promise<T> {
    const r = await this.gwq(["tmux", "run", "--json", ...args], opts);
    if (r.code !== 0) throw new Error(`gwq tmux run ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  /** `gwq tmux list --json`: every session's record; a non-zero exit fails the test. */
  async sessions<T = Record<string, unknown>>(opts: RunOpts = {}): Promise<T[]> {
    const r = await this.gwq(["tmux", "list", "--json"], opts);
    if (r.code !== 0) throw new Error(`gwq tmux list exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T[];
  }

  /** Run a program in the sandbox's environment, synchronously; returns stdout. */
  sh(command: string, args: string[], cwd = this.root): string {
    return execFileSync(command, args, { cwd, env: this.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  git(cwd: string, ...args: string[]): string {
    return this.sh("git", args, cwd);
  }

  /** Whether a git command succeeds in `cwd`. */
  gitOk(cwd: string, ...args: string[]): boolean {
    try {
      this.git(cwd, ...args);
      return true;
    } catch {
      return false;
    }
  }

  /** The sandbox's own tmux server. */
  tmux(...args: string[]): string {
    return this.sh("tmux", args);
  }

  /** The sessions on the sandbox's tmux server, by name, sorted; none when it does not run. */
  tmuxSessions(): string[] {
    try {
      return this.tmux("list-sessions", "-F", "#{session_name}").split("\n").filter(Boolean).sort();
    } catch {
      return [];
    }
  }

  /** Where gwq keeps the session records. */
  sessionsDir(): string {
    return join(this.env.XDG_STATE_HOME!, "gwq", "sessions");
  }

  tmuxOk(...args: string[]): boolean {
    try {
      this.tmux(...args);
      return true;
    } catch {
      return false;
    }
  }

  /** Kill the sandbox's tmux server and wait until it is gone: only then does a new server start
   *  cleanly (a call in between can fail with "server exited unexpectedly"). */
  async killServer(): Promise<void> {
    this.tmux("kill-server");
    await eventually(() => {
      try {
        this.tmux("list-sessions");
        return false;
      } catch (e) {
        return /no server running|error connecting/.test(String((e as { stderr?: string }).stderr));
      }
    }, 10000, "the old tmux server gone");
  }

  writeConfig(toml: string): string {
    const p = join(this.env.XDG_CONFIG_HOME!, "gwq", "config.toml");
    mkdirSync(join(this.env.XDG_CONFIG_HOME!, "gwq"), { recursive: true });
    writeFileSync(p, toml);
    return p;
  }

  cleanup(): void {
    try {
      execFileSync("tmux", ["kill-server"], { env: this.env, stdio: "ignore" });
    } catch {
      // no server: nothing to stop
    }
    // Processes of the killed server may still be writing on their way out (a shell saving its
    // history on SIGHUP): remove the whole tree again while it keeps changing.
    for (let attempt = 0; ; attempt++) {
      try {
        rmSync(this.root, { recursive: true, force: true });
        return;
      } catch (e) {
        if (attempt >= 30 || (e as NodeJS.ErrnoException).code !== "ENOTEMPTY") throw e;
        execFileSync("sleep", ["0.1"]);
      }
    }
  }
}

/**
 * A fresh Sandbox for every test of the file, cleaned up after it: the value returned stands for
 * the current test's one (`const sb = sandboxEach();` at the top of a file, then `sb.gwq(…)` in
 * each test). `beforeCleanup` runs after each test first (stop what the test started in it).
 */
export function sandboxEach(beforeCleanup?: () => void): Sandbox {
  let current: Sandbox | null = null;
  beforeEach(() => {
    current = new Sandbox();
  });
  afterEach(() => {
    try {
      beforeCleanup?.();
    } finally {
      current?.cleanup();
      current = null;
    }
  });
  const now = (): Sandbox => {
    if (!current) throw new Error("the sandbox exists only while a test runs");
    return current;
  };
  return new Proxy(Object.create(Sandbox.prototype) as Sandbox, {
    get: (_, key) => {
      const sb = now();
      const v = Reflect.get(sb, key, sb) as unknown;
      return typeof v === "function" ? v.bind(sb) : v;
    },
    set: (_, key, value) => Reflect.set(now(), key, value),
    has: (_, key) => Reflect.has(now(), key),
  });
}

/** Leave the worktree `dir` (on `branch`) in a merge conflict over README.md, as git reports one. */
export function makeConflict(sb: Sandbox, dir: string, branch: string): void {
  writeFileSync(join(dir, "README.md"), "left\n");
  sb.git(dir, "commit", "-q", "-am", "left");
  sb.git(dir, "checkout", "-q", "-b", "right", "HEAD~1");
  writeFileSync(join(dir, "README.md"), "right\n");
  sb.git(dir, "commit", "-q", "-am", "right");
  sb.git(dir, "checkout", "-q", branch);
  if (sb.gitOk(dir, "merge", "-q", "right")) throw new Error("the merge was expected to conflict");
}

/**
 * gwq's bash completion as a user has it: the gwq under test on a PATH of its own (`env`), the
 * script from `gwq completion bash` in a file (`script`), and `complete(line)`, what bash offers
 * for the last word of `line` (`gwq tmux run -w fea`) in `cwd`.
 */
export async function bashCompletion(sb: Sandbox, cwd: string): Promise<{ complete: (line: string) => string[]; script: string; env: Record<string, string> }> {
  const bin = sb.path("bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "gwq"), `#!/bin/sh\nexec ${GWQ_ARGV.map((a) => `"${a}"`).join(" ")} "$@"\n`, { mode: 0o755 });
  const script = sb.path("c.bash");
  writeFileSync(script, (await sb.gwq(["completion", "bash"])).stdout);
  const env = { ...sb.env, PATH: `${bin}:${sb.env.PATH}` };
  const complete = (line: string) =>
    execFileSync("bash", ["-c", `source "${script}"; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _gwq; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd, env, encoding: "utf8" })
      .trim()
      .split("\n");
  return { complete, script, env };
}

export function runProcess(command: string, args: string[], opts: RunOpts = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) env[k] = v;
    const child = spawn(command, args, { cwd: opts.cwd, env, stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out after ${opts.timeoutMs ?? 30000}ms: ${args.join(" ")}\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/**
 * A real repository: one commit on main, an origin URL (no network needed to set one), and
 * optionally more branches. Returns its path.
 */
export function makeRepo(
  sb: Sandbox,
  opts: { name?: string; origin?: string | null; branches?: string[]; dir?: string } = {},
): string {
  const name = opts.name ?? "myapp";
  const dir = opts.dir ?? sb.path("src", name);
  mkdirSync(dir, { recursive: true });
  sb.git(dir, "init", "-q", "-b", "main");
  writeFileSync(join(dir, "README.md"), `# ${name}\n`);
  sb.git(dir, "add", "README.md");
  sb.git(dir, "commit", "-q", "-m", "initial commit");
  const origin = opts.origin === undefined ? `https://github.com/acme/${name}.git` : opts.origin;
  if (origin) sb.git(dir, "remote", "add", "origin", origin);
  for (const b of opts.branches ?? []) sb.git(dir, "branch", b);
  return dir;
}

/** Poll until `check` returns a truthy value, or fail after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10000, what = "condition"): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
