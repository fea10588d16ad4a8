// Run every test file with node's test runner (tsx for TypeScript). Files are found here rather
// than by a shell glob so the command is the same everywhere.
//
//   node scripts/test.mjs [filter...]         the files whose path contains a filter (all without)
//   node scripts/test.mjs --bin [filter...]   only the binary pass (below)
//
// The binary pass: the end-to-end session, worktree and agent-rule tests once more against the standalone
// binary (dist/bin/gwq, `npm run build:bin`), run directly with no node (GWQ_TEST_BIN selects
// it in test/helpers/sandbox.ts). A full run (no filter) does both passes.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";

const BIN_FILES = ["test/e2e/sessions", "test/e2e/worktree-", "test/e2e/agents-rules"];

function find(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...find(p));
    else if (name.endsWith(".test.ts")) found.push(p);
  }
  return found;
}

function runFiles(files, env) {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
    { stdio: "inherit", env: { ...process.env, GWQ_TEST: "1", ...env } },
  );
  return r.status ?? 1;
}

const args = process.argv.slice(2);
const binOnly = args.includes("--bin");
const filters = args.filter((a) => a !== "--bin");
const all = find("test");
const pick = (xs, fs) => (fs.length ? xs.filter((f) => fs.some((x) => f.includes(x))) : xs);

let status = 0;
if (!binOnly) {
  const files = pick(all, filters);
  if (files.length === 0) {
    console.error(`test: no test file matches ${filters.join(", ")}`);
    process.exit(1);
  }
  status = runFiles(files, {});
}
if (binOnly || (filters.length === 0 && status === 0)) {
  const bin = resolve(process.env.GWQ_TEST_BIN || join("dist", "bin", "gwq"));
  if (!existsSync(bin)) {
    console.error(`test: ${bin} is missing: run \`npm run build:bin\` (npm test does)`);
    process.exit(1);
  }
  const files = pick(pick(all, BIN_FILES), filters);
  if (files.length === 0) {
    console.error(`test: no file of the binary pass (${BIN_FILES.join(", ")}) matches ${filters.join(", ")}`);
    process.exit(1);
  }
  console.log(`\n# binary pass: ${files.length} files against ${bin}`);
  status = runFiles(files, { GWQ_TEST_BIN: bin });
}
process.exit(status);
