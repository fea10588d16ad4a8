// gwq spawn against real repositories and a private tmux server: one worktree, one recorded base
// and one agent session per branch; a failing branch fails alone and leaves nothing behind.
import { test, describe, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, makeRepo, sandboxEach } from "../helpers/sandbox.js";
import { agentRuns, installFakeAgents } from "../helpers/fake-agent.js";

const sb = sandboxEach();
let records: string;
beforeEach(() => (records = installFakeAgents(sb)));

interface Spawned {
  branch: string;
  path: string;
  base: string;
  session: string;
}

const layout = (branch: string) => join(sb.home, "worktrees", "github.com", "acme", "myapp", branch);
const worktreePaths = (repo: string) =>
  sb
    .git(repo, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice(9));

async function spawnJson(repo: string, ...args: string[]): Promise<Spawned[]> {
  const r = await sb.gwq(["spawn", "--json", ...args], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Spawned[];
}

describe("spawn", () => {
  test("two branches: each in its own worktree, the prompt one argument with {branch} replaced, the base recorded", async () => {
    const repo = makeRepo(sb);
    const spawned = await spawnJson(repo, "alpha", "beta", "--prompt", "fix {branch}; it's 'broken' $HOME");
    assert.deepEqual(spawned.map((s) => s.branch), ["alpha", "beta"]);
    const runs = await eventually(() => (agentRuns(records).length === 2 ? agentRuns(records) : null), 20000, "both agents ran");
    for (const s of spawned) {
      assert.equal(s.path, layout(s.branch));
      assert.equal(s.base, "main");
      assert.equal(sb.git(s.path, "rev-parse", "--abbrev-ref", "HEAD").trim(), s.branch);
      assert.equal(sb.git(repo, "config", `branch.${s.branch}.gwqBase`).trim(), "main");
      const run = runs.find((r) => r.cwd === s.path);
      assert.ok(run, `an agent ran in ${s.path}: ${JSON.stringify(runs)}`);
      assert.deepEqual(run.argv, [`fix ${s.branch}; it's 'broken' $HOME`]);
    }
    const sessions = await sb.sessions<{ session_name: string; context: string; identifier: string; worktree: string; agent: string }>();
    for (const s of spawned) {
      const rec = sessions.find((x) => x.session_name === s.session);
      assert.ok(rec, s.session);
      assert.equal(rec.context, "claude");
      assert.equal(rec.identifier, s.branch);
      assert.equal(rec.worktree, s.branch);
      assert.equal(rec.agent, "claude");
    }
    // Plain output: one `branch -> session` line per branch.
    const r = await sb.gwq(["spawn", "gamma", "--agent", "gemini", "--prompt", "go"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^gamma -> gwq-gemini-gamma-\d+\n$/);
    const gem = await eventually(() => agentRuns(records).find((x) => x.cwd === layout("gamma")), 20000, "gemini ran");
    assert.deepEqual(gem.argv, ["-i", "go"]);
    // worktree events, one per spawned branch
    const ev = await sb.gwq(["events", "--json"]);
    const spawnedEvents = ev.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === "worktree");
    assert.deepEqual(spawnedEvents.map((e) => [e.action, e.branch, e.base]), [["spawned", "alpha", "main"], ["spawned", "beta", "main"], ["spawned", "gamma", "main"]]);
  });

  test("--base is honoured and recorded; the argv after -- runs instead of an agent, {branch} replaced", async () => {
    const repo = makeRepo(sb, { branches: ["dev"] });
    sb.git(repo, "commit", "-q", "--allow-empty", "-m", "on main only");
    const devHead = sb.git(repo, "rev-parse", "dev").trim();
    const [s] = await spawnJson(repo, "feat", "--base", "dev", "--prompt", "p {branch}", "--", "codex", "--model", "m-{branch}");
    assert.equal(s!.base, "dev");
    assert.equal(sb.git(s!.path, "rev-parse", "HEAD").trim(), devHead);
    assert.equal(sb.git(repo, "config", "branch.feat.gwqBase").trim(), "dev");
    // No upstream: the base is gwq's fact, not a tracking branch.
    assert.ok(!sb.gitOk(repo, "rev-parse", "--abbrev-ref", "feat@{upstream}"));
    const run = await eventually(() => agentRuns(records).find((x) => x.cwd === s!.path), 20000, "codex ran");
    assert.deepEqual(run.argv, ["--model", "m-feat", "p feat"]);
    const [rec] = await sb.sessions<{ context: string; agent: string }>();
    assert.equal(rec!.context, "codex");
  });

  test("a branch that exists fails alone: the others are spawned, exit 1, nothing made for it", async () => {
    const repo = makeRepo(sb, { branches: ["taken"] });
    const takenHead = sb.git(repo, "rev-parse", "taken").trim();
    const r = await sb.gwq(["spawn", "one", "taken", "two", "--", "sleep", "600"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: taken: branch "taken" already exists/m);
    assert.match(r.stderr, /1 of 3 branches not spawned/);
    assert.match(r.stdout, /^one -> .+\ntwo -> .+\n$/);
    assert.deepEqual(worktreePaths(repo).slice(1).sort(), [layout("one"), layout("two")]);
    assert.equal(sb.git(repo, "rev-parse", "taken").trim(), takenHead);
    assert.ok(!sb.gitOk(repo, "config", "branch.taken.gwqBase"));
    const sessions = await sb.sessions<{ identifier: string; status: string }>();
    assert.deepEqual(sessions.map((s) => s.identifier).sort(), ["one", "two"]);
  });

  test("a session that cannot start takes its worktree, branch and base back with it", async () => {
    const repo = makeRepo(sb);
    sb.writeConfig(`[tmux]\ndefault_shell = "${sb.path("no-such-shell")}"\n`);
    const r = await sb.gwq(["spawn", "doomed", "--prompt", "x"], { cwd: repo });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwq: doomed: tmux\.default_shell is not an executable program/m);
    assert.equal(r.stdout, "");
    assert.deepEqual(worktreePaths(repo), [repo]);
    assert.ok(!existsSync(layout("doomed")));
    assert.ok(!sb.gitOk(repo, "rev-parse", "--verify", "refs/heads/doomed"));
    assert.ok(!sb.gitOk(repo, "config", "branch.doomed.gwqBase"));
  });

  test("bad command lines are usage errors that change nothing", async () => {
    const repo = makeRepo(sb);
    writeFileSync(sb.path("prompt.txt"), "from a file {branch}\n");
    const cases: [string[], RegExp][] = [
      [["spawn"], /spawn/],
      [["spawn", "x", "--agent", "vim"], /invalid --agent "vim" \(valid: claude, codex, gemini/],
      [["spawn", "x", "--prompt", "a", "--prompt-file", sb.path("prompt.txt")], /--prompt and --prompt-file/],
      [["spawn", "x", "x"], /given twice/],
      [["spawn", "x", "--"], /nothing after --/],
    ];
    for (const [args, re] of cases) {
      const r = await sb.gwq(args, { cwd: repo });
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.split("\n").length, 2, r.stderr);
    }
    const bad = await sb.gwq(["spawn", "x", "--base", "nope"], { cwd: repo });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, 'gwq: --base "nope" is not a branch or commit in this repository\n');
    assert.deepEqual(worktreePaths(repo), [repo]);
    // --prompt-file: the file's text, trailing newline dropped.
    const [s] = await spawnJson(repo, "fromfile", "--prompt-file", sb.path("prompt.txt"));
    const run = await eventually(() => agentRuns(records).find((x) => x.cwd === s!.path), 20000, "agent ran");
    assert.deepEqual(run.argv, ["from a file fromfile"]);
  });
});
