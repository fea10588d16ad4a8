// The agent loop in a real terminal (the built CLI in a pane of the test's own tmux server): the
// dashboard's `d` (the selected session's worktree diff in git's pager) and `m` (merge, asked
// first), the base in its group line, and `spawn --attach`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, makeRepo } from "../helpers/sandbox.js";
import { Terminal, gwqCommand, terminalSandbox } from "../helpers/terminal.js";

const sb = terminalSandbox();
let term: Terminal | undefined;

const LONG = 20000;
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

test("the base in the group line; d shows the worktree's diff against its base in the pager; m asks, then merges and removes the worktree", async () => {
  const repo = makeRepo(sb);
  const r = await sb.gwq(["spawn", "feat", "--json", "--", "sh", "-c", "echo agent''-feat-output; exec sleep 600"], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  const path = (JSON.parse(r.stdout) as { path: string }[])[0]!.path;
  writeFileSync(join(path, "feat.txt"), "committed-line\n");
  sb.git(path, "add", "feat.txt");
  sb.git(path, "commit", "-q", "-m", "feat work");
  writeFileSync(join(path, "notes.txt"), "untracked-line\n");

  // A pager that keeps what git gave it.
  const pager = sb.path("pager.sh");
  const paged = sb.path("paged.txt");
  writeFileSync(pager, `#!/bin/sh\ncat > ${paged}.tmp && mv ${paged}.tmp ${paged}\n`, { mode: 0o755 });
  term = Terminal.start(sb, `${gwqCommand("dash")}; echo "[exit $?]"`, { cols: 140, rows: 30, env: { PAGER: pager } });
  const t = term;
  await t.waitFor(/agent-feat-output/, LONG);
  // The group of a spawned branch shows where it stands against its base.
  await t.waitFor(/^feat {2}base main ↑1 ↓0, 1 file {2}.*feat$/m, LONG);

  t.send("d");
  const text = stripAnsi(await eventually(() => (existsSync(paged) ? readFileSync(paged, "utf8") : null), LONG, "the pager to get the diff"));
  assert.match(text, /\+\+\+ b\/feat\.txt\n@@ -0,0 \+1 @@\n\+committed-line/);
  assert.match(text, /\+\+\+ b\/notes\.txt\n@@ -0,0 \+1 @@\n\+untracked-line/);
  assert.equal(sb.git(path, "status", "--porcelain"), "?? notes.txt\n", "nothing staged by the diff");
  await t.waitFor(/^gwq dash {2}1 session/, LONG);

  // m asks first; anything but y cancels.
  rmSync(join(path, "notes.txt"));
  t.send("m");
  await t.waitFor(/Merge the branch of gwq-run-feat-\d+|Merge the branch of gwq-sh-feat-\d+/, LONG);
  t.send("n");
  await t.waitFor(/merge cancelled/, LONG);
  assert.ok(existsSync(path));

  const mainBefore = sb.git(repo, "rev-parse", "HEAD").trim();
  t.send("m");
  await t.waitFor(/Merge the branch of/, LONG);
  t.send("y");
  await t.waitFor(/Merged feat into main: [0-9a-f]+ feat work; feat removed/, LONG);
  assert.notEqual(sb.git(repo, "rev-parse", "HEAD").trim(), mainBefore);
  assert.equal(sb.git(repo, "log", "-1", "--format=%s").trim(), "feat work");
  assert.ok(!existsSync(path));
  await t.waitFor(/^gwq dash {2}0 sessions|No sessions|no sessions/m, LONG);
  const logs = await sb.gwq(["tmux", "logs", "feat"]);
  assert.match(logs.stdout, /agent-feat-output/);
  t.send("q");
  assert.equal(await t.exitCode(), 0);
});

test("d on a session whose branch has no recorded base says so, and the dashboard stays", async () => {
  const repo = makeRepo(sb);
  const r = await sb.gwq(["tmux", "run", "--id", "plain", "echo plain''-output; sleep 600"], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  term = Terminal.start(sb, `${gwqCommand("dash")}; echo "[exit $?]"`, { cols: 140, rows: 30 });
  const t = term;
  await t.waitFor(/plain-output/, LONG);
  t.send("d");
  await t.waitFor(/"main" has no recorded base/, LONG);
  t.send("m");
  t.send("y");
  await t.waitFor(/main is checked out in the main worktree/, LONG);
  t.send("q");
  assert.equal(await t.exitCode(), 0);
});

test("spawn --attach in a terminal attaches to the (first) new session; detaching comes back with exit 0", async () => {
  const repo = makeRepo(sb);
  term = Terminal.start(sb, `${gwqCommand("spawn", "one", "two", "--attach", "--", "sh", "-c", "echo inside-{branch}; sleep 600")}; echo "[exit $?]"`, {
    cols: 100,
    rows: 24,
    cwd: repo,
  });
  const t = term;
  const client = await eventually(() => sb.tmux("list-clients", "-F", "#{session_name}").trim(), LONG, "a tmux client");
  assert.match(client, /^gwq-sh-one-\d{14}$/);
  await t.waitFor(/inside-one/, LONG);
  t.send("C-b", "d");
  const screen = await t.waitFor(/\[exit \d+\]/, LONG);
  assert.match(screen, /one -> gwq-sh-one-\d+\ntwo -> gwq-sh-two-\d+\nattaching to gwq-sh-one-\d+; the others keep running/);
  assert.match(screen, /\[exit 0\]/);
  assert.equal((await sb.sessions()).length, 2);
});
