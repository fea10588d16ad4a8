// The agent loop's pure parts: what spawn runs, where its `--` is, git's diff and config output
// as read by diff and status.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { argvAfterSeparator, spawnPlan } from "../../src/worktrees/spawn-plan.js";
import { parseDiff } from "../../src/git/diff.js";
import { parseBases } from "../../src/worktrees/base.js";
import { formatBase } from "../../src/worktrees/status-base.js";

describe("spawnPlan", () => {
  test("each agent gets the prompt as its own argument, {branch} replaced everywhere", () => {
    const prompt = "fix {branch}; rm -rf / $(x) 'q' {branch}";
    assert.deepEqual(spawnPlan({ branch: "b1", prompt }), { argv: ["claude", "fix b1; rm -rf / $(x) 'q' b1"], context: "claude", agent: "claude" });
    assert.deepEqual(spawnPlan({ branch: "b", agent: "codex", prompt: "p" }).argv, ["codex", "p"]);
    assert.deepEqual(spawnPlan({ branch: "b", agent: "gemini", prompt: "p" }).argv, ["gemini", "-i", "p"]);
  });

  test("no prompt (or an empty one): the agent alone", () => {
    assert.deepEqual(spawnPlan({ branch: "b" }).argv, ["claude"]);
    assert.deepEqual(spawnPlan({ branch: "b", agent: "gemini", prompt: "" }).argv, ["gemini"]);
  });

  test("an argv after --: run as given, {branch} replaced, the prompt last; context from --agent or the program", () => {
    assert.deepEqual(spawnPlan({ branch: "x", argv: ["/opt/bin/my-agent", "--task={branch}"], prompt: "go {branch}" }), {
      argv: ["/opt/bin/my-agent", "--task=x", "go x"],
      context: "my-agent",
      agent: null,
    });
    assert.deepEqual(spawnPlan({ branch: "x", argv: ["gemini", "--yolo"], agent: "gemini", prompt: "p" }), { argv: ["gemini", "--yolo", "-i", "p"], context: "gemini", agent: "gemini" });
  });
});

describe("argvAfterSeparator", () => {
  const flags = ["--prompt", "--base"];
  test("the words after the first --, unless that -- is a flag's value", () => {
    assert.deepEqual(argvAfterSeparator(["a", "b", "--", "run", "--", "x"], flags), ["run", "--", "x"]);
    assert.deepEqual(argvAfterSeparator(["a", "--prompt", "--", "b"], flags), null);
    assert.deepEqual(argvAfterSeparator(["a", "--prompt", "--", "--", "sh"], flags), ["sh"]);
    assert.deepEqual(argvAfterSeparator(["a", "--"], flags), []);
    assert.equal(argvAfterSeparator(["a", "b"], flags), null);
  });
});

describe("parseDiff", () => {
  test("name-status and numstat joined by path; binary files have no line counts", () => {
    const names = "M\0src/a b.ts\0A\0img.png\0D\0gone.txt\0T\0link\0";
    const nums = "3\t1\tsrc/a b.ts\0-\t-\timg.png\0" + "0\t4\tgone.txt\0" + "1\t1\tlink\0";
    assert.deepEqual(parseDiff(names, nums), [
      { path: "src/a b.ts", status: "modified", added: 3, deleted: 1 },
      { path: "img.png", status: "added", added: null, deleted: null },
      { path: "gone.txt", status: "deleted", added: 0, deleted: 4 },
      { path: "link", status: "type-changed", added: 1, deleted: 1 },
    ]);
    assert.deepEqual(parseDiff("", ""), []);
  });
});

describe("recorded bases", () => {
  test("git config -z output: the branch keeps its case and its dots", () => {
    const text = "branch.Feature.Login.gwqbase\nmain\0branch.x.gwqbase\norigin/dev\0branch.y.other\nz\0";
    assert.deepEqual([...parseBases(text)], [["Feature.Login", "main"], ["x", "origin/dev"]]);
  });

  test("formatBase", () => {
    assert.equal(formatBase({ name: "main", ahead: 2, behind: 0, files: 1 }), "main ↑2 ↓0, 1 file");
    assert.equal(formatBase(undefined), "-");
  });
});
