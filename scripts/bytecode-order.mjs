// The start-up profile of the standalone binary (scripts/build-bin.mjs): run a first build the
// ways gwq starts most often, each with BUN_BYTECODE_ORDER_OUT, so that the final build lays out
// the bytecode those runs used together at the front of the file (bun's --bytecode-order: fewer
// pages to touch at start-up; measured in docs/benchmarks.md). The runs happen in a private
// world built like the tests' (temp HOME and XDG dirs, its own git config, its own tmux server,
// TMUX unset), removed at the end whatever happens. A run that cannot happen here (no tmux) is
// left out with a warning; the profile only orders, so any part of it is still correct.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

/** Record the profile of `binary`; returns the order files, most common start first. */
export function recordOrder(binary) {
  const world = realpathSync(mkdtempSync(join(os.tmpdir(), "gwq-o-")));
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: join(world, "home"),
    XDG_CONFIG_HOME: join(world, "config"),
    XDG_STATE_HOME: join(world, "state"),
    XDG_DATA_HOME: join(world, "data"),
    XDG_CACHE_HOME: join(world, "cache"),
    TMUX_TMPDIR: join(world, "tmux"),
    GIT_CONFIG_GLOBAL: join(world, "home", ".gitconfig"),
    GIT_CONFIG_NOSYSTEM: "1",
    LANG: "C.UTF-8",
  };
  for (const d of ["home", "config", "state", "data", "cache", "tmux", "out"]) mkdirSync(join(world, d), { recursive: true });
  writeFileSync(env.GIT_CONFIG_GLOBAL, "[user]\n\tname = gwq build\n\temail = build@example.com\n[init]\n\tdefaultBranch = main\n");
  const repo = join(world, "repo");
  const files = [];
  const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { env, cwd: repo, stdio: ["ignore", "ignore", "pipe"], ...opts });
  /** One run of the binary, its profile kept when it ran to the end. */
  const profile = (name, args, extra = {}) => {
    const out = join(world, "out", `${name}.txt`);
    const r = spawnSync(binary, args, { cwd: repo, stdio: [extra.input === undefined ? "ignore" : "pipe", "ignore", "pipe"], input: extra.input, env: { ...env, ...extra.env, BUN_BYTECODE_ORDER_OUT: out } });
    if (r.status === 0 && existsSync(out)) files.push(out);
    else process.stderr.write(`build-bin: no start-up profile of \`gwq ${args.join(" ")}\` (${r.error?.message ?? `exit ${r.status}: ${String(r.stderr).trim().split("\n")[0]}`})\n`);
  };
  const tmux = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
  try {
    mkdirSync(repo);
    sh("git", ["init", "-q"]);
    sh("git", ["commit", "-q", "--allow-empty", "-m", "init"]);
    sh("git", ["worktree", "add", "-q", "-b", "feature-a", join(world, "wt-a")]);
    if (tmux) for (let i = 0; i < 3; i++) sh(binary, ["tmux", "run", "--id", `o${i}`, "--", "sleep", "600"]);
    // An agent's hook inside a session: a record whose pane process is this build, the hook's parent.
    const name = "gwq-build-order-20260101000000";
    const state = join(world, "hook-state");
    mkdirSync(join(state, "sessions"), { recursive: true });
    writeFileSync(join(state, "sessions", `${name}.json`), JSON.stringify({ session_name: name, agent: "claude", pid: process.pid, working_dir: repo }) + "\n");
    const payload = JSON.stringify({ session_id: "order", transcript_path: "/tmp/t.jsonl", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "npm test" } });
    profile("get", ["get", "feature-a"]);
    profile("hook", ["__hook", "claude"], { input: payload, env: { GWQ_SESSION_NAME: name, GWQ_STATE_DIR: state } });
    profile("hook-outside", ["__hook", "claude"], { input: payload });
    if (tmux) profile("tmux-list", ["tmux", "list", "--json"]);
    profile("list", ["list", "--json"]);
    profile("version", ["--version"]);
  } catch (e) {
    process.stderr.write(`build-bin: the start-up profile stopped: ${e.message.split("\n")[0]}\n`);
  } finally {
    if (tmux) spawnSync("tmux", ["kill-server"], { env, stdio: "ignore" });
  }
  return { files, done: () => rmSync(world, { recursive: true, force: true }) };
}
