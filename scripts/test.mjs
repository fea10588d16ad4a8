// Run every test file with node's test runner (tsx for TypeScript). Files are found here rather
// than by a shell glob so the command is the same everywhere.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function find(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...find(p));
    else if (name.endsWith(".test.ts")) found.push(p);
  }
  return found;
}

const filters = process.argv.slice(2);
let files = find("test");
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  { stdio: "inherit", env: { ...process.env, GWQ_TEST: "1" } },
);
process.exit(r.status ?? 1);
