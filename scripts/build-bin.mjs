// `npm run build:bin`: dist/bin/gwq, a standalone gwq binary (no Node needed to run it), built by
// bun's compiler from the `bun` dev dependency. It is the same program as dist/cli.js: the same
// sources, the version baked in, and __GWQ_COMPILED__ so that gwq calls itself as the binary
// (src/sessions/runtime.ts) when a session's recorder or tmux's hook runs `gwq __session-ended`.
//
//   node scripts/build-bin.mjs [--no-bytecode] [--no-minify] [--no-order] [--outfile path] [--entry file]
//
// --entry compiles another file with the same bun and flags (no version check): `npm run bench`
// compiles an empty one, the binary's floor (docs/benchmarks.md).
//
// Measured (docs/benchmarks.md, and by hand while choosing): --bytecode stores JavaScriptCore
// bytecode beside the source, so nothing is parsed at start-up (`--version` 19 -> 7 ms,
// `tmux list` 35 -> 21 ms); --splitting (ES modules) keeps each command in a chunk of its own
// inside the binary, loaded only when that command runs; --minify shrinks what is loaded.
// --no-minify is for reading a profile (BUN_OPTIONS="--cpu-prof" dist/bin/gwq ...). --no-order
// skips the start-up profile (scripts/bytecode-order.mjs): one build instead of two.
// --compile-jit-policy: JavaScriptCore's tier-up thresholds scaled by JIT_POLICY at start, so a
// command's run-once start-up code stays in the interpreter instead of keeping a JIT thread busy
// (`tmux list --json` of 100 sessions: about a quarter less CPU time than the normal policy, and
// 0.3-0.8 ms less wall time at 100 than at 10, alternating and paired runs; `get`, the hook and 500 sessions
// the same); a command still running after a second (dash, -f, wait) gets the normal policy back
// (src/main.ts).
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { recordOrder } from "./bytecode-order.mjs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const args = process.argv.slice(2);
const outArg = args.indexOf("--outfile");
const outfile = outArg >= 0 ? args[outArg + 1] : join(ROOT, process.env.GWQ_DIST || "dist", "bin", "gwq");
const bytecode = !args.includes("--no-bytecode");
const minify = !args.includes("--no-minify");
const order = !args.includes("--no-order");
const entryArg = args.indexOf("--entry");
const entry = entryArg >= 0 ? args[entryArg + 1] : join(ROOT, "src", "cli.ts");
const JIT_POLICY = 100;

/**
 * The bun executable. The `bun` package's postinstall moves the binary of the platform package
 * (@oven/bun-<os>-<arch>) to bin/bun.exe; when install scripts did not run (npm
 * --ignore-scripts, or an npm that blocks them) bin/bun.exe is a text placeholder and the binary
 * is still in the platform package.
 */
function findBun() {
  const nm = join(ROOT, "node_modules");
  const os = process.platform;
  const arch = process.arch === "arm64" ? "aarch64" : process.arch;
  const candidates = [
    join(nm, "bun", "bin", "bun.exe"),
    ...["", "-baseline", "-musl", "-musl-baseline"].map((v) => join(nm, "@oven", `bun-${os}-${arch}${v}`, "bin", "bun")),
  ];
  for (const c of candidates) {
    // The placeholder is a few hundred bytes; the real thing tens of megabytes.
    if (!existsSync(c) || statSync(c).size < 1_000_000) continue;
    try {
      execFileSync(c, ["--version"], { stdio: "ignore" });
      return c;
    } catch {
      // not runnable here (wrong CPU variant): try the next
    }
  }
  console.error(`build-bin: no bun binary for ${os}-${arch} in node_modules (run npm ci; bun is a devDependency)`);
  process.exit(1);
}

const bun = findBun();
mkdirSync(dirname(outfile), { recursive: true });

/** One compile of `entry` to `out` with gwq's flags (and a start-up profile to lay it out by). */
function compile(out, orderFiles = []) {
  execFileSync(
    bun,
    [
      "build",
      "--compile",
      ...(bytecode ? ["--bytecode"] : []),
      ...(bytecode && orderFiles.length ? [`--bytecode-order=${orderFiles.join(",")}`] : []),
      ...(minify ? ["--minify"] : []),
      "--format=esm",
      "--splitting",
      `--compile-jit-policy=${JIT_POLICY}`,
      // A compiled bun program would otherwise read .env and bunfig.toml from the directory it runs
      // in: a repository's .env would reach every session's environment, and its bunfig.toml could
      // preload code into gwq. gwq reads only its own configuration.
      "--no-compile-autoload-dotenv",
      "--no-compile-autoload-bunfig",
      "--no-compile-autoload-tsconfig",
      "--no-compile-autoload-package-json",
      "--define",
      `__GWQ_VERSION__=${JSON.stringify(pkg.version)}`,
      "--define",
      "__GWQ_COMPILED__=true",
      entry,
      "--outfile",
      out,
    ],
    { stdio: ["ignore", "ignore", "inherit"], cwd: ROOT },
  );
  // Written again in one go: the file as bun's compiler leaves it (in pieces on disk) starts about
  // 1 ms slower, every run, than a copy of it (measured on ext4: `--version` 8.7 vs 7.3 ms).
  const copy = `${out}.${process.pid}.tmp`;
  copyFileSync(out, copy);
  chmodSync(copy, statSync(out).mode);
  renameSync(copy, out);
}

// gwq itself is built twice: the first build runs the commonest starts to record which bytecode
// they use (scripts/bytecode-order.mjs), the second lays that bytecode out first.
let profiled = 0;
if (entryArg < 0 && bytecode && order) {
  const first = `${outfile}.${process.pid}.first`;
  compile(first);
  const profile = recordOrder(first);
  profiled = profile.files.length;
  try {
    compile(outfile, profile.files);
  } finally {
    rmSync(first, { force: true });
    profile.done();
  }
} else {
  compile(outfile);
}
if (entryArg >= 0) process.exit(0);
const version = execFileSync(outfile, ["--version"], { encoding: "utf8" }).trim();
if (version !== `gwq version ${pkg.version}`) {
  console.error(`build-bin: ${outfile} --version printed "${version}"`);
  process.exit(1);
}
process.stderr.write(`build-bin: ${outfile} (${(statSync(outfile).size / 2 ** 20).toFixed(0)} MiB, bun ${execFileSync(bun, ["--version"], { encoding: "utf8" }).trim()}${bytecode ? ", bytecode" : ""}${profiled ? `, laid out by ${profiled} start-up profiles` : ""})\n`);
