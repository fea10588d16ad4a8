// `npm run bench`: how close gwq stays to the work it cannot avoid (starting a runtime, the one
// tmux or git call a command needs), for both ways gwq is installed: the Node bundle
// (dist/cli.js) and the standalone binary (dist/bin/gwq, `npm run build:bin`); and whether its
// cost grows with the number of sessions and worktrees. Everything runs in a private world built like the tests'
// (test/helpers/sandbox.ts): temp HOME and XDG dirs, a global git config of its own, its own
// TMUX_TMPDIR and no TMUX variable, so the user's tmux server and config are never touched. The
// world (tmux server included) is removed on exit, on error and on Ctrl-C.
//
//   node scripts/bench.mjs            full run; rewrites docs/benchmarks.md
//   node scripts/bench.mjs --quick    fewer repetitions and sizes; prints only
//   options: --reps N (timed repetitions per measurement), --no-write
//
// The binary's floor is an empty program compiled by the same bun with the same flags
// (scripts/build-bin.mjs --entry): bun's own start-up, measured in every row beside the binary.
//
// Timing: every command of a row (the bundle, the binary, the row's floor, `node -e 0` and the
// empty bun program) runs in turn in the same loop, the order rotating each round, after a warm-up; medians are compared. Process counts: one run with GWQ_TRACE_CALLS=1, counting
// its `gwq-trace: <program>` lines. Peak memory: a preloaded `--require` hook writes
// process.resourceUsage().maxRSS (the kernel's high-water mark, KiB) when the process exits.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "dist", "cli.js");
const INDEX = join(ROOT, "dist", "index.js");
const BIN = join(ROOT, "dist", "bin", "gwq");
const DOC = join(ROOT, "docs", "benchmarks.md");

// ---------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const repsArg = args.indexOf("--reps");
const REPS = repsArg >= 0 ? Math.max(1, Number(args[repsArg + 1]) || 1) : quick ? 5 : 21;
const WARMUP = quick ? 1 : 3;
/**
 * Repetitions of the start-up targets (`--version`, a hook, `get`, `tmux list` of 100 sessions):
 * commands of 7-25 ms, where one millisecond of a busy machine moves a ratio by 0.05-0.15, so
 * their medians take three times the samples (a few seconds more per row).
 */
const START_REPS = repsArg >= 0 || quick ? REPS : 3 * REPS;
const SESSION_SIZES = quick ? [10, 100] : [10, 100, 500];
const WORKTREE_SIZES = quick ? [1, 20] : [1, 20, 100];
/** How many sessions one creation batch starts, and how many batches per side. */
const CREATIONS = quick ? 20 : 100;
const CREATION_REPS = quick ? 1 : 3;
const WRITE = !quick && !args.includes("--no-write");
for (const a of args) {
  if (!["--quick", "--reps", "--no-write"].includes(a) && args[args.indexOf(a) - 1] !== "--reps") {
    console.error(`bench: unknown option ${a} (options: --quick, --reps N, --no-write)`);
    process.exit(2);
  }
}
if (!existsSync(CLI) || !existsSync(INDEX) || !existsSync(BIN)) {
  console.error("bench: dist/ is missing: run `npm run build && npm run build:bin` first (npm run bench does)");
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// The private world, and its removal whatever happens

// Short base path: tmux socket paths must stay under ~100 bytes.
const world = realpathSync(mkdtempSync(join(os.tmpdir(), "gwq-b-")));
for (const d of ["home", "config", "state", "data", "cache", "tmux", "work"]) mkdirSync(join(world, d), { recursive: true });
const HOME = join(world, "home");
writeFileSync(
  join(HOME, ".gitconfig"),
  "[user]\n\tname = Bench User\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
);
const env = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME,
  XDG_CONFIG_HOME: join(world, "config"),
  XDG_STATE_HOME: join(world, "state"),
  XDG_DATA_HOME: join(world, "data"),
  XDG_CACHE_HOME: join(world, "cache"),
  TMUX_TMPDIR: join(world, "tmux"),
  GIT_CONFIG_GLOBAL: join(HOME, ".gitconfig"),
  GIT_CONFIG_NOSYSTEM: "1",
  LANG: "C.UTF-8",
  TERM: "xterm-256color",
  SHELL: "/bin/sh",
  TZ: process.env.TZ ?? "UTC",
};

/** Children still running: stopped first on cleanup, so none starts a server after it. */
const live = new Set();
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of live) child.kill("SIGKILL");
  try {
    // TMUX_TMPDIR points into the world and TMUX is unset: this is our server, never the user's.
    execFileSync("tmux", ["kill-server"], { env, stdio: "ignore", timeout: 20000 });
  } catch {
    // no server: nothing to stop
  }
  rmSync(world, { recursive: true, force: true });
}
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    process.stderr.write(`\nbench: ${sig}: cleaning up\n`);
    cleanup();
    process.exit(128 + (os.constants.signals[sig] ?? 1));
  });
}

// Peak memory: written by the process itself as it exits (works for any node program).
const RSS_HOOK = join(world, "rss-hook.cjs");
writeFileSync(
  RSS_HOOK,
  'process.on("exit", () => { try { require("node:fs").writeFileSync(process.env.GWQ_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });\n',
);

// ---------------------------------------------------------------------------------------------
// Running and timing

// Asynchronous on purpose: while a synchronous child runs, node cannot run a signal handler, and
// Ctrl-C would leave the tmux server and the temp dirs behind.
function run(cmd, argv, { cwd = join(world, "work"), extraEnv = {}, check = true, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, env: { ...env, ...extraEnv }, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    live.add(child);
    if (input !== undefined) {
      child.stdin.on("error", () => {});
      child.stdin.end(input);
    }
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      live.delete(child);
      reject(e);
    });
    child.on("close", (status, signal) => {
      live.delete(child);
      const r = { status, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
      if (check && status !== 0) reject(new Error(`${cmd} ${argv.join(" ")} exited ${status ?? signal}\n${r.stderr}`));
      else resolve(r);
    });
  });
}

/** The two ways gwq is installed, as the user runs them. */
const bundle = (argv) => ({ cmd: process.execPath, argv: [CLI, ...argv] });
// What `agent hooks install` writes under Node: the CommonJS hook entry beside the CLI.
const bundleHook = (argv) => ({ cmd: process.execPath, argv: [join(ROOT, "dist", "hook.cjs"), ...argv] });
const binary = (argv) => ({ cmd: BIN, argv });
const bareNode = { cmd: process.execPath, argv: ["-e", "0"] };
/** The binary's floor: an empty file compiled as the binary is (built in main()). */
const EMPTY_BIN = join(world, "empty-bun");
const emptyBun = { cmd: EMPTY_BIN, argv: [] };
function buildEmptyBun() {
  const entry = join(world, "empty.ts");
  writeFileSync(entry, "");
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-bin.mjs"), "--entry", entry, "--outfile", EMPTY_BIN], { stdio: ["ignore", "ignore", "inherit"] });
}

/** Median wall time of each command, run in turn (the order rotating) so drift affects all alike. */
async function timeAll(cmds, { cwd, reps = REPS, warmup = WARMUP } = {}) {
  const times = cmds.map(() => []);
  for (let i = 0; i < warmup + reps; i++) {
    for (let k = 0; k < cmds.length; k++) {
      const j = (i + k) % cmds.length;
      const t0 = performance.now();
      await run(cmds[j].cmd, cmds[j].argv, { cwd, extraEnv: cmds[j].env, input: cmds[j].input });
      if (i >= warmup) times[j].push(performance.now() - t0);
    }
  }
  return times.map(median);
}

/**
 * Median CPU time (user + system, ms) of each command, run in turn like timeAll: what a command
 * costs the machine, which other work on a busy machine skews far less than wall time. Measured
 * by bash's `times` (its children's total, to the millisecond); null without bash.
 */
const BASH = existsSync("/bin/bash") ? "/bin/bash" : null;
async function cpuAll(cmds, { cwd, reps = REPS, warmup = WARMUP } = {}) {
  if (!BASH) return cmds.map(() => null);
  const cpu = cmds.map(() => []);
  const secs = (t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  for (let i = 0; i < warmup + reps; i++) {
    for (let k = 0; k < cmds.length; k++) {
      const j = (i + k) % cmds.length;
      const c = cmds[j];
      const r = await run(BASH, ["-c", '"$@" >/dev/null 2>&1; s=$?; times >&2; exit $s', "bash", c.cmd, ...c.argv], { cwd, extraEnv: c.env, input: c.input });
      const [user, sys] = r.stderr.trim().split("\n").pop().split(" ").map(secs);
      if (i >= warmup) cpu[j].push((user + sys) * 1000);
    }
  }
  return cpu.map(median);
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** How many processes of each program one gwq run starts. */
async function traceCalls(x, { cwd } = {}) {
  const r = await run(x.cmd, x.argv, { cwd, extraEnv: { GWQ_TRACE_CALLS: "1" } });
  const counts = { git: 0, tmux: 0, other: 0 };
  for (const line of r.stderr.split("\n")) {
    const m = /^gwq-trace: (.+)$/.exec(line);
    if (!m) continue;
    const prog = m[1].split("/").pop();
    if (prog === "git" || prog === "tmux") counts[prog]++;
    else counts.other++;
  }
  return { counts, stdout: r.stdout };
}

// /usr/bin/time reports the kernel's high-water mark of any program (the binary has no
// --require); absent on a minimal system, where the binary's memory is not measured.
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Median peak RSS (MiB) over a few runs; null when it cannot be measured. */
async function peakRss(x, { cwd, runs = quick ? 3 : 5 } = {}) {
  const file = join(world, "rss.out");
  const values = [];
  for (let i = 0; i < runs; i++) {
    rmSync(file, { force: true });
    if (x.cmd === process.execPath) {
      await run(x.cmd, ["--require", RSS_HOOK, ...x.argv], { cwd, extraEnv: { GWQ_BENCH_RSS_FILE: file } });
      values.push(Number(readFileSync(file, "utf8")) / 1024);
    } else {
      if (!TIME) return null;
      await run(TIME, ["-f", "%M", "-o", file, x.cmd, ...x.argv], { cwd });
      values.push(Number(readFileSync(file, "utf8").trim().split("\n").pop()) / 1024);
    }
  }
  return median(values);
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** gwq's one listing query (src/tmux/list-format.ts LIST_FORMAT), so the floor asks tmux for as much. */
function listFormat() {
  const src = readFileSync(join(ROOT, "src", "tmux", "list-format.ts"), "utf8");
  const m = /export const LIST_FORMAT = \[([^\]]*)\]\.join\("\\t"\)/.exec(src);
  const fields = m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
  if (fields.length < 8) throw new Error("bench: cannot read LIST_FORMAT from src/tmux/list-format.ts");
  return fields.join("\t");
}

async function git(cwd, ...a) {
  return (await run("git", a, { cwd })).stdout;
}

/** A repository with a little content, and a place for its worktrees. */
async function makeRepo() {
  const repo = join(world, "src", "app");
  mkdirSync(repo, { recursive: true });
  await git(repo, "init", "-q", "-b", "main");
  for (let d = 0; d < 5; d++) {
    mkdirSync(join(repo, `pkg${d}`), { recursive: true });
    for (let f = 0; f < 20; f++) writeFileSync(join(repo, `pkg${d}`, `file${f}.txt`), `package ${d} file ${f}\n`.repeat(20));
  }
  writeFileSync(join(repo, "README.md"), "# app\n");
  await git(repo, "add", "-A");
  await git(repo, "commit", "-q", "-m", "initial commit");
  await git(repo, "remote", "add", "origin", "https://github.com/acme/app.git");
  return repo;
}

/** Grow the repository to `total` worktrees (its main one included); some have changes. */
async function growWorktrees(repo, paths, total) {
  while (paths.length < total) {
    const i = paths.length;
    const p = join(world, "wt", `wt-${i}`);
    await git(repo, "worktree", "add", "-q", "-b", `feature-${i}`, p);
    if (i % 3 === 0) {
      writeFileSync(join(p, "pkg0", "file0.txt"), "changed\n");
      writeFileSync(join(p, `new-${i}.txt`), "untracked\n");
    }
    paths.push(p);
  }
}

/** Start sessions until the private server has `total`, through the library API, in parallel. */
async function growSessions(current, total) {
  const script = join(world, "make-sessions.mjs");
  writeFileSync(
    script,
    `import { SessionManager } from ${JSON.stringify(pathToFileURL(INDEX).href)};
const [from, to, width] = process.argv.slice(2).map(Number);
const m = new SessionManager();
let next = from;
async function worker() {
  while (next < to) {
    const i = next++;
    await m.createSession({ context: "bench", identifier: "s" + i, workingDir: process.cwd(), argv: ["sleep", "3600"], worktree: null });
  }
}
await Promise.all(Array.from({ length: width }, worker));
`,
  );
  const t0 = performance.now();
  await run(process.execPath, [script, String(current), String(total), "8"]);
  return (performance.now() - t0) / 1000;
}

/** Stop the private tmux server and forget every session record: a clean slate. */
async function resetSessions() {
  await run("tmux", ["kill-server"], { check: false });
  // kill-server returns before the server is gone: wait until a new one could start.
  for (let i = 0; i < 200; i++) {
    const r = await run("tmux", ["list-sessions"], { check: false });
    if (/no server running|error connecting/.test(r.stderr)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  rmSync(join(world, "state", "gwq", "sessions"), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// The dashboard (`gwq dash`) needs a terminal: both sides run under util-linux `script`, which
// gives them a pseudo-terminal (80x24 by default when its own stdin is not one), so the wrapper's
// cost is on both sides. GWQ_DASH_FIRST_FRAME=1 makes the dashboard quit as soon as its first
// complete frame (session list and the selected session's preview) is written.

const hasScript = (() => {
  try {
    return /util-linux/.test(execFileSync("script", ["--version"], { encoding: "utf8", env }));
  } catch {
    return false;
  }
})();
const shq = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
const inPty = (line) => ({ cmd: "script", argv: ["-qec", line, "/dev/null"] });
const lineOf = (x) => [x.cmd, ...x.argv].map(shq).join(" ");

async function benchDash(n, { timing, calls, judge, dashTmux }) {
  if (!hasScript) {
    if (n === SESSION_SIZES[0]) progress("gwq dash: skipped (needs util-linux `script` for a pseudo-terminal)");
    return;
  }
  progress(`gwq dash first frame with ${n} sessions vs gwq tmux list`);
  const dash = (g) => inPty(`GWQ_DASH_FIRST_FRAME=1 ${lineOf(g(["dash"]))}`);
  const list = (g) => inPty(lineOf(g(["tmux", "list"])));
  const [db, lb, dx, lx] = await timeAll([dash(bundle), list(bundle), dash(binary), list(binary)], { cwd: join(world, "work") });
  timing.push([`\`gwq dash\` first frame, ${n} sessions`, ms(db), ms(dx), `\`gwq tmux list\` (same install, both under \`script\`): ${ms(lb)} / ${ms(lx)}`, ratio(db / lb), ratio(dx / lx), "—", "—", "—"]);
  if (n === 100) judge("bundle `dash` first frame, 100 sessions, vs its `tmux list`", db / lb, 1.5, `(${ms(db)} vs ${ms(lb)})`);
  // The trace lines go to the pseudo-terminal, which `script` copies to its stdout.
  const d = dash(bundle);
  const out = (await run(d.cmd, [d.argv[0], `GWQ_TRACE_CALLS=1 ${d.argv[1]}`, d.argv[2]], { cwd: join(world, "work") })).stdout;
  if (!/gwq dash/.test(out)) throw new Error(`gwq dash drew no frame:\n${out.slice(0, 2000)}`);
  const tmux = (out.match(/gwq-trace: \S*tmux/g) ?? []).length;
  dashTmux.push(tmux);
  calls.push([`\`gwq dash\` first frame, ${n} sessions`, tmux, (out.match(/gwq-trace: \S*git/g) ?? []).length, "2 (a listing and a capture)", ""]);
}

// ---------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  const version = (cmd, a) => {
    try {
      return execFileSync(cmd, a, { encoding: "utf8", env }).trim();
    } catch {
      return `${cmd}: not found`;
    }
  };
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    bun: version(join(ROOT, "node_modules", ".bin", "bun"), ["--version"]),
    tmux: version("tmux", ["-V"]),
    git: version("git", ["--version"]),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

const ms = (x) => `${x.toFixed(1)} ms`;
const ratio = (x) => `${x.toFixed(2)}×`;
const mib = (x) => (x === null ? "n/a" : `${x.toFixed(1)} MiB`);
function mdTable(head, rows) {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}
const progress = (s) => process.stderr.write(`bench: ${s}\n`);

// ---------------------------------------------------------------------------------------------
// The run

async function main() {
  const started = performance.now();
  const loadStart = os.loadavg()[0];
  const m = machine();
  progress("compiling the empty bun program (the binary's floor)");
  buildEmptyBun();
  progress(`${m.cpu}, ${m.cores} cores, node ${m.node}, bun ${m.bun}, ${m.tmux}; ${REPS} repetitions after ${WARMUP} warm-up`);
  const timing = [];
  const calls = [];
  const memory = [];
  const verdicts = [];
  /** CPU time of the start-up targets against the runtime's floor (cpuAll). */
  const cpuRows = [];
  async function cpuRow(label, cmds, opts = {}) {
    // cmds: [gwq (bundle or binary), the runtime's floor (empty bun program or node -e 0), the call?]
    const t = await cpuAll(cmds, opts);
    if (t[0] === null) return null;
    const floor = t.slice(1).reduce((a, b) => a + b, 0);
    cpuRows.push([label, ms(t[0]), t.slice(1).map(ms).join(" + "), ratio(t[0] / floor)]);
    return t[0] / floor;
  }
  const judgeCpu = (target, value, limit) => value !== null && judge(`${target} (CPU time)`, value, limit, "");
  const work = join(world, "work");
  /** A target: `value` must be at most `limit`. */
  const judge = (target, value, limit, how) => {
    const pass = value <= limit;
    verdicts.push([target, `≤ ${limit.toFixed(2)}×`, `${ratio(value)} ${how}`, pass ? "PASS" : "MISS"]);
    return pass;
  };

  /**
   * One timing row: the bundle, the binary, the floor (what the command cannot avoid) and
   * `node -e 0`, measured together; ratios to the floor and, for the bundle, to bare node.
   */
  async function row(label, args, floor, opts = {}) {
    const cmds = [bundle(args), binary(args), bareNode, emptyBun];
    if (floor) cmds.push(floor.cmd);
    const [tb, tx, tn, te, tf] = await timeAll(cmds, opts);
    // The binary's own floor: bun starting an empty program, plus the command's one call.
    const r = { bundle: tb, binary: tx, node: tn, floor: tf, bun: te, binFloor: te + (floor ? tf : 0) };
    timing.push([
      label,
      ms(tb),
      ms(tx),
      floor ? `${floor.label}: ${ms(tf)}` : "—",
      floor ? ratio(tb / tf) : "—",
      floor ? ratio(tx / tf) : "—",
      ratio(tb / tn),
      ratio(tx / tn),
      `${ratio(tx / r.binFloor)} (${ms(te)}${floor ? " + floor" : ""})`,
    ]);
    return r;
  }
  const node0 = "`node -e 0`";

  // 1. Start-up.
  progress("--version");
  {
    const r = await row("`gwq --version`", ["--version"], null, { reps: START_REPS });
    judge("binary `--version` vs the empty bun program", r.binary / r.bun, 1.15, `(${ms(r.binary)} vs ${ms(r.bun)})`);
    judgeCpu("binary `--version` vs the empty bun program", await cpuRow("binary `gwq --version` / empty bun program", [binary(["--version"]), emptyBun], { reps: START_REPS }), 1.15);
    judge("binary `--version` vs `node -e 0`", r.binary / r.node, 0.2, `(${ms(r.binary)} vs ${ms(r.node)})`);
    judge("bundle `--version` vs `node -e 0`", r.bundle / r.node, 1.2, `(${ms(r.bundle)} vs ${ms(r.node)})`);
    const c = (await traceCalls(bundle(["--version"]))).counts;
    calls.push(["`gwq --version`", c.tmux, c.git, "0 / 0", c.tmux + c.git + c.other === 0 ? "PASS" : "MISS"]);
    memory.push(["`gwq --version`", mib(await peakRss(bundle(["--version"]))), mib(await peakRss(binary(["--version"])))]);
  }

  // An agent's hook (`gwq __hook claude`, run by Claude Code on every event): outside a gwq
  // session it must return at once; inside, it reads the payload and writes the state mark. The
  // bundle's row runs what `agent hooks install` writes under Node (`node hook.cjs __hook …`).
  {
    const hookState = join(world, "hook-state");
    mkdirSync(join(hookState, "sessions"), { recursive: true });
    // A session whose pane process is this bench: the hook, run below it, proves it is that
    // session's by its ancestry (src/agents/attribute.ts), the fast path of a real session.
    const benchRecord = { session_name: "gwq-bench-hook-20260101000000", agent: "claude", pid: process.pid, working_dir: work };
    writeFileSync(join(hookState, "sessions", "gwq-bench-hook-20260101000000.json"), JSON.stringify(benchRecord) + "\n");
    const payload = JSON.stringify({ session_id: "bench", transcript_path: "/tmp/t.jsonl", cwd: work, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "npm test" } });
    const insideEnv = { GWQ_SESSION_NAME: "gwq-bench-hook-20260101000000", GWQ_STATE_DIR: hookState };
    for (const [label, extra] of [["`gwq __hook claude` outside a session", {}], ["`gwq __hook claude` inside a session (writes the state mark)", insideEnv]]) {
      progress(`${label}`);
      const args = ["__hook", "claude"];
      const [tb, tx, tn, te] = await timeAll([{ ...bundleHook(args), input: payload, env: extra }, { ...binary(args), input: payload, env: extra }, bareNode, { ...emptyBun, input: payload }], { reps: START_REPS });
      timing.push([label, ms(tb), ms(tx), "—", "—", "—", ratio(tb / tn), ratio(tx / tn), `${ratio(tx / te)} (${ms(te)})`]);
      judge(`bundle ${label.replace(/ \(.*\)$/, "")} vs \`node -e 0\``, tb / tn, 1.5, `(${ms(tb)} vs ${ms(tn)})`);
      judge(`binary ${label.replace(/ \(.*\)$/, "")} vs the empty bun program`, tx / te, 1.3, `(${ms(tx)} vs ${ms(te)})`);
      if (extra === insideEnv) {
        const short = label.replace(/ \(.*\)$/, "");
        judgeCpu(`binary ${short} vs the empty bun program`, await cpuRow(`binary ${short} / empty bun program`, [{ ...binary(args), input: payload, env: extra }, { ...emptyBun, input: payload }], { reps: START_REPS }), 1.3);
        judgeCpu(`bundle ${short} vs \`node -e 0\``, await cpuRow(`bundle ${short} / \`node -e 0\``, [{ ...bundleHook(args), input: payload, env: extra }, bareNode], { reps: START_REPS }), 1.5);
      }
    }
    const mark = JSON.parse(readFileSync(join(hookState, "sessions", "gwq-bench-hook-20260101000000.state.json"), "utf8"));
    if (mark.state !== "working") throw new Error(`the hook did not record the state: ${JSON.stringify(mark)}`);
  }

  // The floor for any CLI shipped as an ES module (gwq's package is "type": "module"): node's
  // ESM loader starting on an empty module. The bundle cannot start faster than this.
  progress("empty ES module vs node -e 0 (the bundle's floor)");
  {
    mkdirSync(join(world, "esm"));
    writeFileSync(join(world, "esm", "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(world, "esm", "empty.js"), "");
    const [te, tn] = await timeAll([{ cmd: process.execPath, argv: [join(world, "esm", "empty.js")] }, bareNode]);
    timing.push(["`node empty.js` (an empty ES module: the bundle's floor)", ms(te), "—", "—", "—", "—", ratio(te / tn), "—", "—"]);
  }

  // 2. Worktrees (before any session exists: the session lookup finds no server).
  const repo = await makeRepo();
  const paths = [repo];
  const statusCalls = [];
  for (const n of WORKTREE_SIZES) {
    await growWorktrees(repo, paths, n);
    progress(`gwq status --json over ${n} worktree(s) vs a serial loop of git status`);
    const loop = {
      label: `serial loop, ${n} × \`git status\``,
      cmd: {
        cmd: "/bin/sh",
        // The paths are positional arguments: the loop script itself is constant.
        argv: ["-c", 'for d in "$@"; do git -C "$d" status --porcelain=v2 --branch; done', "sh", ...paths],
      },
    };
    const reps = n >= 100 ? Math.max(3, Math.ceil(REPS / 2)) : REPS;
    const wts = `${n} worktree${n === 1 ? "" : "s"}`;
    const r = await row(`\`gwq status --json\`, ${wts}`, ["status", "--json"], loop, { cwd: repo, reps });
    const { counts: c, stdout } = await traceCalls(bundle(["status", "--json"]), { cwd: repo });
    const listed = JSON.parse(stdout).worktrees.length;
    if (listed !== n) throw new Error(`gwq status listed ${listed} worktrees, expected ${n}`);
    statusCalls.push({ n, git: c.git });
    if (n === 20) {
      judge("binary `status --json`, 20 worktrees, vs the serial `git status` loop", r.binary / r.floor, 1.2, `(${ms(r.binary)} vs ${ms(r.floor)})`);
      judge("bundle `status --json`, 20 worktrees, vs the serial `git status` loop", r.bundle / r.floor, 1.2, `(${ms(r.bundle)} vs ${ms(r.floor)})`);
    }
    calls.push([`\`gwq status --json\`, ${wts}`, c.tmux, c.git, "≤ 2 git per worktree", ""]);
    if (n === 20) {
      // A worktree by name, and the list, against the one git call they cannot avoid.
      const wtList = { label: "`git worktree list --porcelain`", cmd: { cmd: "git", argv: ["worktree", "list", "--porcelain"] } };
      progress("gwq get / gwq list --json, 20 worktrees, vs git worktree list");
      const g = await row("`gwq get feature-7`, 20 worktrees", ["get", "feature-7"], wtList, { cwd: repo, reps: START_REPS });
      judge("binary `get` vs `git worktree list --porcelain`", g.binary / g.floor, 2.5, `(${ms(g.binary)} vs ${ms(g.floor)})`);
      judge("binary `get` vs the empty bun program + `git worktree list`", g.binary / g.binFloor, 1.3, `(${ms(g.binary)} vs ${ms(g.bun)} + ${ms(g.floor)})`);
      judgeCpu("binary `get` vs the empty bun program + `git worktree list`", await cpuRow("binary `gwq get feature-7`, 20 worktrees / empty bun program + `git worktree list --porcelain`", [binary(["get", "feature-7"]), emptyBun, wtList.cmd], { cwd: repo, reps: START_REPS }), 1.3);
      judge("bundle `get` vs `git worktree list --porcelain`", g.bundle / g.floor, 2.5, `(${ms(g.bundle)} vs ${ms(g.floor)})`);
      await row("`gwq list --json`, 20 worktrees", ["list", "--json"], wtList, { cwd: repo });
      for (const [label, a] of [["`gwq get feature-7`", ["get", "feature-7"]], ["`gwq list --json`", ["list", "--json"]]]) {
        const t = (await traceCalls(bundle(a), { cwd: repo })).counts;
        calls.push([label, t.tmux, t.git, "1 git", t.git <= 1 && t.tmux === 0 ? "PASS" : "MISS"]);
      }
    }
  }
  {
    // Git calls per worktree: the growth from the smallest to the largest size (what is paid
    // once per repository — the worktree list — does not count).
    const a = statusCalls[0];
    const b = statusCalls[statusCalls.length - 1];
    const per = (b.git - a.git) / (b.n - a.n);
    const fixed = a.git - per * a.n;
    for (const r of calls) if (r[0].startsWith("`gwq status")) r[4] = per <= 2 ? "PASS" : "MISS";
    verdicts.push(["status: git calls per worktree", "≤ 2", `${per.toFixed(2)} per worktree + ${fixed.toFixed(0)} per repository`, per <= 2 ? "PASS" : "MISS"]);
  }

  // 3. Session listing on the private tmux server, against the one tmux query it needs.
  const rawList = {
    label: "`tmux list-panes -a -F …`",
    // The very query gwq makes: the fields of src/tmux/list-format.ts LIST_FORMAT, read from there.
    cmd: { cmd: "tmux", argv: ["list-panes", "-a", "-F", listFormat()] },
  };
  let have = 0;
  const listTmux = [];
  const dashTmux = [];
  for (const n of SESSION_SIZES) {
    progress(`starting sessions: ${have} -> ${n}`);
    const secs = await growSessions(have, n);
    have = n;
    progress(`  ${n} sessions running (${secs.toFixed(1)} s to start ${n === SESSION_SIZES[0] ? n : n - SESSION_SIZES[SESSION_SIZES.indexOf(n) - 1]})`);
    const { counts: c, stdout } = await traceCalls(binary(["tmux", "list", "--json"]));
    const sessions = JSON.parse(stdout);
    const running = sessions.filter((s) => s.status === "running").length;
    if (sessions.length !== n || running !== n) throw new Error(`gwq tmux list shows ${sessions.length} sessions (${running} running), expected ${n}`);
    listTmux.push(c.tmux);
    progress(`gwq tmux list --json with ${n} sessions`);
    const r = await row(`\`gwq tmux list --json\`, ${n} sessions`, ["tmux", "list", "--json"], rawList, { cwd: work, reps: n === 100 ? START_REPS : REPS });
    if (n === 100) {
      judge("binary `tmux list --json`, 100 sessions, vs the raw tmux call", r.binary / r.floor, 2.5, `(${ms(r.binary)} vs ${ms(r.floor)})`);
      judge("binary `tmux list --json`, 100 sessions, vs the empty bun program + the raw tmux call", r.binary / r.binFloor, 1.3, `(${ms(r.binary)} vs ${ms(r.bun)} + ${ms(r.floor)})`);
      judgeCpu("binary `tmux list --json`, 100 sessions, vs the empty bun program + the raw tmux call", await cpuRow("binary `gwq tmux list --json`, 100 sessions / empty bun program + the raw tmux call", [binary(["tmux", "list", "--json"]), emptyBun, rawList.cmd], { cwd: work, reps: START_REPS }), 1.3);
      judge("bundle `tmux list --json`, 100 sessions, vs `node -e 0`", r.bundle / r.node, 1.6, `(${ms(r.bundle)} vs ${ms(r.node)})`);
    }
    calls.push([`\`gwq tmux list --json\`, ${n} sessions`, c.tmux, c.git, "constant", ""]);
    memory.push([`\`gwq tmux list --json\`, ${n} sessions`, mib(await peakRss(bundle(["tmux", "list", "--json"]), { cwd: work })), mib(await peakRss(binary(["tmux", "list", "--json"]), { cwd: work }))]);
    await benchDash(n, { timing, calls, judge, dashTmux });
    if (n === 100) {
      // What a shell's completion runs on every Tab after `gwq tmux attach `.
      progress("completion of 100 session names");
      const items = ["completion", "__items", "sessions"];
      const listed = (await run(BIN, items)).stdout.split("\n").filter(Boolean).length;
      if (listed < n) throw new Error(`completion offered ${listed} names, expected at least ${n}`);
      const rawNames = { label: "`tmux list-sessions -F #{session_name}`", cmd: { cmd: "tmux", argv: ["list-sessions", "-F", "#{session_name}"] } };
      const rc = await row("completion of 100 session names (`gwq completion __items sessions`)", items, rawNames, { cwd: work });
      judge("binary completion of 100 session names vs the raw tmux call", rc.binary / rc.floor, 2.5, `(${ms(rc.binary)} vs ${ms(rc.floor)})`);
      const t = (await traceCalls(bundle(items))).counts;
      calls.push(["completion of 100 session names", t.tmux, t.git, "≤ 1 / 0, no second gwq", t.tmux <= 1 && t.git === 0 && t.other === 0 ? "PASS" : "MISS"]);
    }
  }
  if (dashTmux.length) {
    // One listing and one capture of the selected pane, whatever the number of sessions.
    const pass = dashTmux.every((x) => x === 2);
    for (const r of calls) if (r[0].startsWith("`gwq dash`")) r[4] = pass ? "PASS" : "MISS";
    verdicts.push(["the dashboard's first frame: tmux calls", "2 at any size", `${dashTmux.join(", ")} for ${SESSION_SIZES.join(", ")} sessions`, pass ? "PASS" : "MISS"]);
  }
  {
    const pass = listTmux.every((x) => x === listTmux[0]);
    for (const r of calls) if (r[0].startsWith("`gwq tmux list")) r[4] = pass ? "PASS" : "MISS";
    verdicts.push(["tmux calls per `tmux list`", "constant", `${listTmux.join(", ")} for ${SESSION_SIZES.join(", ")} sessions`, pass ? "PASS" : "MISS"]);
  }

  // 4. Creating sessions one after another, as a script or an agent does, against as many plain
  // `tmux new-session`s. Each batch starts from an empty server with one session kept alive, so
  // neither side pays for starting the server.
  progress(`${CREATIONS} creations, one after another (${CREATION_REPS} batches per side)`);
  {
    await resetSessions();
    const sides = {
      bundle: (i) => bundle(["tmux", "run", "--id", `c${i}`, "--", "sleep", "3600"]),
      binary: (i) => binary(["tmux", "run", "--id", `c${i}`, "--", "sleep", "3600"]),
      raw: (i) => ({ cmd: "tmux", argv: ["new-session", "-d", "-s", `raw-${i}`, "sleep", "3600"] }),
    };
    const times = { bundle: [], binary: [], raw: [] };
    const order = Object.keys(sides);
    for (let rep = 0; rep < CREATION_REPS; rep++) {
      for (let k = 0; k < order.length; k++) {
        const side = order[(rep + k) % order.length];
        await resetSessions();
        await run("tmux", ["new-session", "-d", "-s", "keeper", "sleep", "3600"]);
        const t0 = performance.now();
        for (let i = 0; i < CREATIONS; i++) {
          const c = sides[side](i);
          await run(c.cmd, c.argv, { cwd: work });
        }
        times[side].push(performance.now() - t0);
        const made = (await run("tmux", ["list-sessions", "-F", "#{session_name}"])).stdout.split("\n").filter(Boolean).length;
        if (made !== CREATIONS + 1) throw new Error(`${side}: ${made - 1} sessions after ${CREATIONS} creations`);
      }
    }
    const [tb, tx, tr] = [median(times.bundle), median(times.binary), median(times.raw)];
    timing.push([`${CREATIONS} × \`gwq tmux run -- sleep 3600\` (the whole batch)`, ms(tb), ms(tx), `${CREATIONS} × \`tmux new-session -d\`: ${ms(tr)}`, ratio(tb / tr), ratio(tx / tr), "—", "—", "—"]);
    judge(`binary: ${CREATIONS} creations vs ${CREATIONS} raw \`tmux new-session\``, tx / tr, 3, `(${ms(tx)} vs ${ms(tr)})`);
    judge(`bundle: ${CREATIONS} creations vs ${CREATIONS} raw \`tmux new-session\``, tb / tr, 3, `(${ms(tb)} vs ${ms(tr)})`);
    const t = (await traceCalls(bundle(["tmux", "run", "--id", "traced", "--", "sleep", "3600"]))).counts;
    calls.push(["`gwq tmux run -- sleep 3600`", t.tmux, t.git, "1 / 0", t.tmux === 1 && t.git === 0 ? "PASS" : "MISS"]);
    await resetSessions();
  }

  const nodeRss = await peakRss(bareNode);
  memory.push(["`node -e 0`", mib(nodeRss), "—"]);

  // 5. The event log: what appending costs the writer (a hook, the recorder, `gwq tmux state`),
  // whether a slow notifier delays it (it must not: the notifier is spawned detached and never
  // waited for), and seq under many concurrent writer processes.
  const eventRows = [];
  {
    progress("event log: appends in process, with and without a slow notifier");
    const lib = await import(pathToFileURL(INDEX).href);
    const dir = join(world, "events");
    const ev = { type: "state", session: "gwq-bench-x", id: "x", identifier: "x", context: "bench", worktree: null, from: "working", to: "waiting", source: "report", reason: null };
    const slow = { on: ["waiting"], desktop: false, command: "sleep 5", shell: "/bin/sh" };
    const timeEach = (count, policy) => {
      const xs = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        lib.appendEvent(dir, ev, policy);
        xs.push(performance.now() - t0);
      }
      return xs;
    };
    const plain = timeEach(quick ? 300 : 2000, null);
    const notified = timeEach(quick ? 10 : 40, slow);
    const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
    eventRows.push(["`appendEvent`, no notifier (in process)", ms(median(plain)), ms(p95(plain)), ""]);
    const inProc = median(notified);
    eventRows.push(["`appendEvent`, notifier `sleep 5` (in process: the spawn)", ms(inProc), ms(p95(notified)), inProc <= 10 ? "PASS" : "MISS"]);
    verdicts.push(["a slow notifier costs the writer only its spawn, per event", "≤ 10 ms", ms(inProc), inProc <= 10 ? "PASS" : "MISS"]);

    progress("event log: a writer process with a 5 s notifier vs without");
    // A writer process times itself: from before its append to its exit (what a hook adds to
    // the agent that runs it, beyond node's own start); the two kinds run alternately.
    const writer = join(world, "event-writer.mjs");
    writeFileSync(
      writer,
      [
        `import { appendEvent } from ${JSON.stringify(pathToFileURL(INDEX).href)};`,
        `const [dir, mode, count = "1"] = process.argv.slice(2);`,
        `const ev = ${JSON.stringify(ev)};`,
        `const policy = mode === "slow" ? ${JSON.stringify(slow)} : null;`,
        `const t0 = performance.now();`,
        `for (let i = 0; i < Number(count); i++) appendEvent(dir, { ...ev, session: "gwq-bench-" + process.pid }, policy);`,
        `if (count === "1") process.on("exit", () => process.stderr.write("own " + (performance.now() - t0) + "\\n"));`,
      ].join("\n") + "\n",
    );
    const own = { slow: [], plain: [] };
    const wall = { slow: [], plain: [] };
    for (let i = 0; i < (quick ? 8 : 30); i++) {
      for (const mode of i % 2 ? ["slow", "plain"] : ["plain", "slow"]) {
        const t0 = performance.now();
        const r = await run(process.execPath, [writer, dir, mode]);
        wall[mode].push(performance.now() - t0);
        own[mode].push(Number(/own (\S+)/.exec(r.stderr)?.[1]));
      }
    }
    const delta = median(own.slow) - median(own.plain);
    eventRows.push(["writer process with notifier `sleep 5`: append to exit", ms(median(own.slow)), `without: ${ms(median(own.plain))}`, delta <= 10 ? "PASS" : "MISS"]);
    eventRows.push(["writer process with notifier `sleep 5`: whole run (node start included)", ms(median(wall.slow)), `without: ${ms(median(wall.plain))}`, ""]);
    verdicts.push(["a writer with a 5 s notifier exits later than without", "≤ 10 ms", `${ms(delta)} later (append to exit)`, delta <= 10 ? "PASS" : "MISS"]);

    progress("event log: 50 writer processes at once");
    const cdir = join(world, "events-concurrent");
    const each = quick ? 20 : 100;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => run(process.execPath, [writer, cdir, "plain", String(each)])));
    const secs = (performance.now() - t0) / 1000;
    const seqs = lib.readEvents(cdir).events.map((e) => e.seq);
    const gapFree = seqs.length === 50 * each && seqs.every((x, i) => x === i + 1);
    eventRows.push([`50 writer processes × ${each} events at once`, `${secs.toFixed(2)} s`, `${Math.round((50 * each) / secs)} events/s`, gapFree ? "PASS" : "MISS"]);
    verdicts.push(["50 concurrent writers: seq 1..N with no gap or duplicate", "all", `${seqs.length} events`, gapFree ? "PASS" : "MISS"]);
  }

  // Report.
  const total = (performance.now() - started) / 1000;
  const report = [
    "## Machine",
    "",
    `- CPU: ${m.cpu}, ${m.cores} cores, ${m.memory} RAM`,
    `- OS: ${m.os}`,
    `- node ${m.node}, bun ${m.bun} (the binary's runtime), ${m.tmux}, ${m.git}`,
    `- Date: ${m.date}; ${REPS} timed repetitions per measurement after ${WARMUP} warm-up (the start-up targets: ${START_REPS}; 100 worktrees: ${Math.max(3, Math.ceil(REPS / 2))}; creations: ${CREATION_REPS} batches); whole run ${total.toFixed(0)} s`,
    `- Load average (1 min) at start and end: ${loadStart.toFixed(2)}, ${os.loadavg()[0].toFixed(2)} — other work on the machine skews every ratio`,
    "",
    "## Targets",
    "",
    mdTable(["Target", "Limit", "Measured (medians, this run)", ""], verdicts),
    "",
    "## Wall time (median)",
    "",
    "The floor is the one outside call the command cannot avoid (or, for status, the same git work done serially by `sh`).",
    "",
    mdTable(["Command", "bundle", "binary", "Floor", "bundle / floor", "binary / floor", "bundle / `node -e 0`", "binary / `node -e 0`", "binary / (empty bun + floor)"], timing),
    "",
    "## CPU time of the start-up targets (user + system, median)",
    "",
    "What the command costs the machine against what its runtime's floor costs: measured by bash's `times` around each run, in turn like the wall times. Other work on a busy machine skews CPU time far less than wall time.",
    "",
    mdTable(["Command / floor", "CPU", "floor CPU", "ratio"], cpuRows),
    "",
    "## Processes started per run (`GWQ_TRACE_CALLS=1`, the bundle; the binary makes the same calls)",
    "",
    mdTable(["Command", "tmux", "git", "Target", ""], calls),
    "",
    "## Peak memory (max RSS, median)",
    "",
    mdTable(["Command", "bundle", "binary"], memory),
    "",
    "## Event log",
    "",
    mdTable(["What", "Median", "p95 / baseline", ""], eventRows),
    "",
  ].join("\n");
  process.stdout.write("\n" + report);

  if (WRITE) {
    mkdirSync(join(ROOT, "docs"), { recursive: true });
    writeFileSync(
      DOC,
      [
        "# Benchmarks",
        "",
        "<!-- Generated by scripts/bench.mjs (`npm run bench`): edit the script, not this file. -->",
        "",
        "How long gwq takes, installed either way — the Node bundle (`node dist/cli.js`, what npm",
        "installs) and the standalone binary (`dist/bin/gwq`, `npm run build:bin`) — against the work",
        "it cannot avoid: starting a runtime, and the one tmux or git call a command needs. Run it with:",
        "",
        "```sh",
        "npm ci",
        "npm run bench            # builds both, runs everything (a few minutes), rewrites this file",
        "node scripts/bench.mjs --quick   # fewer repetitions and sizes, prints only",
        "```",
        "",
        "It needs git and tmux. Everything runs in a private world built like the tests': temp HOME and",
        "XDG directories, its own git config, its own tmux server (own `TMUX_TMPDIR`, `TMUX` unset) —",
        "the user's tmux server and configuration are never touched — and it is all removed at the end,",
        "on error and on Ctrl-C.",
        "",
        "- Wall time: the commands of a row (bundle, binary, floor, `node -e 0`, the empty bun program)",
        "  run in turn, the order rotating, after a warm-up; the medians are compared, so every ratio",
        "  comes from one run. The warm-up also writes the bundle's code cache of each command (in the",
        "  world's `XDG_CACHE_HOME`, as a user's first run of it does: README \"Performance\"); the",
        "  binary is laid out by its start-up profile (`scripts/bytecode-order.mjs`).",
        "- The binary's floor: an empty file compiled by the same bun with the same flags as the binary",
        "  (`scripts/build-bin.mjs --entry`), i.e. bun's own start-up; with the command's one tmux or",
        "  git call added, the last column. The bundle's floor is `node -e 0`.",
        "- Sessions run `sleep 3600` and are started through the library (`SessionManager` from",
        "  `dist/index.js`), 8 at a time. Status runs in a repository of 100 files whose every third",
        "  worktree has a modified and an untracked file; no tmux server runs during it.",
        `- Creations: ${CREATIONS} \`gwq tmux run\` one after another against ${CREATIONS} plain \`tmux new-session -d\`,`,
        "  each batch on a server that is already running (one session kept alive).",
        "- Processes: one run with `GWQ_TRACE_CALLS=1`, counting its `gwq-trace:` lines.",
        "- The dashboard needs a terminal: `gwq dash` and its baseline `gwq tmux list` both run under",
        "  util-linux `script` (a pseudo-terminal, 80x24), and `GWQ_DASH_FIRST_FRAME=1` makes the",
        "  dashboard quit once its first complete frame (list and preview) is written.",
        "- Peak memory: for the bundle a `--require` hook writes `process.resourceUsage().maxRSS` as",
        "  it exits; for the binary `/usr/bin/time -f %M` (both the kernel's high-water mark).",
        "- The private environment carries none of the caller's `NODE_*` variables: `NODE_OPTIONS`",
        "  or `NODE_EXTRA_CA_CERTS` (which makes node read a certificate bundle at every start) would",
        "  slow the bundle and `node -e 0` alike and make every ratio look better than it is.",
        "",
        report,
      ].join("\n"),
    );
    progress(`wrote ${DOC}`);
  }
  // A missed target is a finding, not a failure of the run: it is in the table.
}

main().catch((e) => {
  process.stderr.write(`bench: ${e?.stack ?? e}\n`);
  process.exitCode = 2;
});
