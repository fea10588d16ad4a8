// `npm run test:agents`: gwq with the real coding agents. Installs the pinned Claude Code, Codex CLI
// and Gemini CLI from the npm registry into a cache directory (never into this project's
// node_modules), then runs test/agents/*.agent.ts, which drive each program through gwq against
// mock model APIs on 127.0.0.1 (test/agents/mock/). Not part of `npm test`.
//
//   node scripts/test-agents.mjs [filter...]   only the test files whose path contains a filter
//
// The cache is $GWQ_TEST_AGENTS_DIR, else ~/.cache/gwq-test-agents, one directory per
// <package>@<version>. With no registry and nothing cached it says so and skips (exit 0).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

// The versions docs/guarantees.md and README.md name; test/agents/helpers/world.ts keeps the same list.
const PINNED = [
  { pkg: "@anthropic-ai/claude-code", version: "2.1.197", bin: "claude" },
  { pkg: "@openai/codex", version: "0.171.0", bin: "codex" },
  { pkg: "@google/gemini-cli", version: "0.61.0", bin: "gemini" },
];

const cache = process.env.GWQ_TEST_AGENTS_DIR || join(homedir(), ".cache", "gwq-test-agents");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const dirOf = (p) => join(cache, `${p.pkg.replace("/", "+")}@${p.version}`);
const binOf = (p) => join(dirOf(p), "node_modules", ".bin", p.bin);
const say = (line) => console.log(`test:agents: ${line}`);

function npmRun(args, timeoutMs) {
  return spawnSync(npm, args, { encoding: "utf8", timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: "false" } });
}

let unreachable = null;

/** Install one pinned CLI unless it is there already; a reason when it cannot be. */
function install(p) {
  if (existsSync(binOf(p))) return null;
  if (unreachable) return unreachable;
  const view = npmRun(["view", `${p.pkg}@${p.version}`, "version", "--fetch-retries=1", "--fetch-timeout=30000"], 120_000);
  const err = `${view.stderr || ""} ${view.error?.message || ""}`;
  const lastLine = err.trim().split("\n").find((l) => /code|ERR|error/.test(l)) ?? err.trim().split("\n")[0] ?? "no answer";
  if (view.status !== 0 || view.error) {
    if (/E404|404 Not Found|No matching version|ETARGET/i.test(err)) return `${p.pkg}@${p.version} is not on the npm registry (${lastLine.trim()})`;
    unreachable = `the npm registry cannot be reached (${lastLine.trim()})`;
    return unreachable;
  }
  if (view.stdout.trim() !== p.version) return `${p.pkg}@${p.version} is not on the npm registry (npm view says ${view.stdout.trim() || "nothing"})`;
  say(`installing ${p.pkg}@${p.version} into ${dirOf(p)}`);
  mkdirSync(dirOf(p), { recursive: true });
  // A package.json of its own, so npm installs here and not into an enclosing project.
  writeFileSync(join(dirOf(p), "package.json"), '{ "private": true }\n');
  const r = npmRun(["install", "--prefix", dirOf(p), "--no-save", "--no-audit", "--no-fund", `${p.pkg}@${p.version}`], 600_000);
  if (r.status !== 0 || !existsSync(binOf(p))) {
    rmSync(dirOf(p), { recursive: true, force: true });
    return `npm install ${p.pkg}@${p.version} failed: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(-3).join(" ")}`;
  }
  return null;
}

const filters = process.argv.slice(2);
const files = readdirSync("test/agents")
  .filter((f) => f.endsWith(".agent.ts"))
  .map((f) => join("test", "agents", f))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error(`test:agents: no test file matches ${filters.join(", ")}`);
  process.exit(1);
}

const missing = [];
for (const p of PINNED) {
  if (!files.some((f) => f.includes(p.bin))) continue;
  const why = install(p);
  if (why) {
    missing.push(p);
    say(`SKIP ${p.bin}: ${why}`);
  } else {
    say(`${p.pkg}@${p.version}: ${binOf(p)}`);
  }
}
const runnable = files.filter((f) => !missing.some((p) => f.includes(p.bin)));
if (!runnable.length) {
  say("SKIP: no agent could be installed, no agent test ran");
  process.exit(0);
}

const r = spawnSync(
  process.execPath,
  // One at a time: each file starts real agents that need most of a small machine to start in time.
  ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...runnable],
  { stdio: "inherit", env: { ...process.env, GWQ_TEST: "1", GWQ_TEST_AGENTS_DIR: cache } },
);
if (missing.length) say(`SKIPPED (not installed): ${missing.map((p) => `${p.pkg}@${p.version}`).join(", ")}`);
process.exit(r.status ?? 1);
