// gwq status for branches made by gwq spawn: the base, ahead/behind it and files changed, in
// `status -v` and `status --json` (and nothing new for worktrees without a recorded base).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeRepo, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

test("status -v and --json show the recorded base, ahead/behind it and the files changed", async () => {
  const repo = makeRepo(sb);
  const r = await sb.gwq(["spawn", "feat", "--json", "--", "true"], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  const path = (JSON.parse(r.stdout) as { path: string }[])[0]!.path;
  for (const f of ["a.txt", "b.txt"]) writeFileSync(join(path, f), `${f}\n`);
  sb.git(path, "add", ".");
  sb.git(path, "commit", "-q", "-m", "two files");
  sb.git(repo, "commit", "-q", "--allow-empty", "-m", "main moves");
  await sb.gwq(["add", "-b", "plain"], { cwd: repo });

  const table = await sb.gwq(["status", "-v"], { cwd: repo });
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.split("\n");
  assert.match(lines[0]!, /^ {2}BRANCH +STATUS +CHANGES +AHEAD\/BEHIND +BASE +ACTIVITY +SESSIONS$/);
  assert.match(lines.find((l) => l.includes(" feat "))!, / main ↑1 ↓1, 2 files /);
  assert.match(lines.find((l) => l.includes(" plain "))!, / - +just now/);

  const json = await sb.gwq(["status", "--json"], { cwd: repo });
  const ws = (JSON.parse(json.stdout) as { worktrees: { branch: string; base?: unknown }[] }).worktrees;
  assert.deepEqual(ws.find((w) => w.branch === "feat")!.base, { name: "main", ahead: 1, behind: 1, files: 2 });
  assert.ok(!("base" in ws.find((w) => w.branch === "plain")!));
  assert.ok(!("base" in ws.find((w) => w.branch === "main")!));

  // Without any recorded base, -v keeps its columns.
  sb.git(repo, "config", "--unset", "branch.feat.gwqBase");
  const plainTable = await sb.gwq(["status", "-v"], { cwd: repo });
  assert.match(plainTable.stdout.split("\n")[0]!, /^ {2}BRANCH +STATUS +CHANGES +AHEAD\/BEHIND +ACTIVITY +SESSIONS$/);
});
