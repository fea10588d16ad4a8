// Pure pieces of the worktree side: porcelain parsing, remote URLs, layout, globs, setup-command
// quoting, pattern matching (exec's argument split: test/unit/cli-flags.test.ts).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { parseWorktreePorcelain } from "../../src/git/worktree.js";
import { parseRemoteUrl, remoteId } from "../../src/git/remote.js";
import {
  globToRegExp,
  layoutVars,
  renderNamingTemplate,
  repositorySettingFor,
  sanitizeBranch,
  shortHash,
} from "../../src/worktrees/layout.js";
import { renderSetupCommand } from "../../src/worktrees/setup.js";
import { exactMatches, matchWorktrees, worktreeHolding } from "../../src/worktrees/resolve.js";
import type { Worktree } from "../../src/worktrees/discover.js";
import type { RepositorySetting } from "../../src/config/schema.js";

describe("git worktree list --porcelain", () => {
  test("-z records: branch, detached, bare, prunable, paths with newlines and spaces", () => {
    const z =
      "worktree /src/my app\0HEAD 1111\0branch refs/heads/main\0\0" +
      "worktree /wt/feat\nx\0HEAD 2222\0branch refs/heads/feat/ä\0locked\0\0" +
      "worktree /wt/det\0HEAD 3333\0detached\0prunable gitdir file points to non-existent location\0\0";
    const r = parseWorktreePorcelain(z, "\0");
    assert.equal(r.length, 3);
    assert.deepEqual(r[0], { path: "/src/my app", head: "1111", branch: "main", detached: false, bare: false, locked: false, prunable: false });
    assert.equal(r[1]!.path, "/wt/feat\nx");
    assert.equal(r[1]!.branch, "feat/ä");
    assert.equal(r[1]!.locked, true);
    assert.equal(r[2]!.detached, true);
    assert.equal(r[2]!.branch, null);
    assert.equal(r[2]!.prunable, true);
  });

  test("newline form and a bare repository", () => {
    const r = parseWorktreePorcelain("worktree /repo.git\nbare\n\nworktree /wt/a\nHEAD 1\nbranch refs/heads/a\n", "\n");
    assert.equal(r.length, 2);
    assert.equal(r[0]!.bare, true);
    assert.equal(r[1]!.branch, "a");
  });
});

describe("remote URLs", () => {
  const cases: [string, string | null][] = [
    ["https://github.com/acme/myapp.git", "github.com/acme/myapp"],
    ["https://github.com/acme/myapp", "github.com/acme/myapp"],
    ["git@github.com:acme/myapp.git", "github.com/acme/myapp"],
    ["github.com:acme/myapp", "github.com/acme/myapp"],
    ["ssh://git@github.com/acme/myapp.git", "github.com/acme/myapp"],
    ["ssh://git@github.com:2222/acme/myapp.git", "github.com/acme/myapp"],
    ["ssh://git@github.com:acme/myapp.git", "github.com/acme/myapp"],
    ["https://user:tok@GitLab.com/group/sub/repo.git/", "gitlab.com/group/sub/repo"],
    ["/srv/git/myapp.git", null],
    ["file:///srv/git/myapp.git", null],
    ["../myapp", null],
  ];
  for (const [url, want] of cases) {
    test(url, () => {
      const r = parseRemoteUrl(url);
      assert.equal(r ? remoteId(r) : null, want);
    });
  }
});

describe("layout", () => {
  test("sanitize: sanitize_chars first, then characters filesystems refuse", () => {
    assert.equal(sanitizeBranch("feature/login:v2", { "/": "-", ":": "-" }), "feature-login-v2");
    assert.equal(sanitizeBranch("feature/x", { "/": "_" }), "feature_x");
    assert.equal(sanitizeBranch("日本語/ブランチ", {}), "日本語-ブランチ");
    assert.equal(sanitizeBranch("a*b?c", {}), "a-b-c");
  });

  test("template variables, spaces inside braces, and an unknown one", () => {
    const vars = { Host: "github.com", Owner: "acme", Repository: "myapp", Branch: "feat-x", Hash: "abcd1234" };
    assert.equal(renderNamingTemplate("{{.Host}}/{{.Owner}}/{{.Repository}}/{{.Branch}}", vars), "github.com/acme/myapp/feat-x");
    assert.equal(renderNamingTemplate("{{ .Repository }}-{{.Hash}}", vars), "myapp-abcd1234");
    assert.throws(() => renderNamingTemplate("{{.Nope}}", vars), /naming.template: unknown variable \{\{\.Nope\}\}/);
  });

  test("Hash is 8 hex of sha256(host/owner/repo/branch); no remote gives local/<parent>/<dir>", () => {
    const v = layoutVars({ host: "github.com", owner: "acme", repo: "myapp" }, "/src/myapp", "feat/x");
    assert.equal(v.Hash, shortHash("github.com/acme/myapp/feat/x"));
    assert.match(v.Hash, /^[0-9a-f]{8}$/);
    const l = layoutVars(null, "/home/me/code/tool", "main");
    assert.deepEqual([l.Host, l.Owner, l.Repository], ["local", "code", "tool"]);
  });

  test("globs: * within a segment, ** across, ? and classes", () => {
    assert.ok(globToRegExp("/src/github.com/acme/*").test("/src/github.com/acme/myapp"));
    assert.ok(!globToRegExp("/src/github.com/acme/*").test("/src/github.com/acme/a/b"));
    assert.ok(globToRegExp("/src/**/myapp").test("/src/x/y/myapp"));
    assert.ok(globToRegExp("/src/**/myapp").test("/src/myapp"));
    assert.ok(globToRegExp("app-?").test("app-1"));
    assert.ok(globToRegExp("[!a]x").test("bx"));
    assert.ok(!globToRegExp("[!a]x").test("ax"));
    assert.ok(globToRegExp("a.b+c").test("a.b+c"));
    assert.ok(!globToRegExp("a.b").test("axb"));
  });

  test("repository_settings: path or glob, first match wins", () => {
    const s = (repository: string, basedir: string): RepositorySetting => ({ repository, basedir, copy_files: [], setup_commands: [], source: "x" });
    const settings = [s("/src/other", "/b0"), s("/src/github.com/acme/*", "/b1"), s("/src/github.com/acme/myapp", "/b2")];
    assert.equal(repositorySettingFor(settings, "/src/github.com/acme/myapp")?.basedir, "/b1");
    assert.equal(repositorySettingFor(settings, "/src/other")?.basedir, "/b0");
    assert.equal(repositorySettingFor(settings, "/elsewhere"), null);
  });
});

describe("setup command templates", () => {
  const vars = { Host: "github.com", Owner: "acme", Repository: "myapp", Branch: "feat/$(touch pwned);`x`'\"", Hash: "h", Path: "/w/my dir" };
  const sh = (cmd: string) => execFileSync("sh", ["-c", cmd], { encoding: "utf8" });

  test("a value is one literal word unquoted, inside '...' and inside \"...\"", () => {
    for (const tpl of ["printf %s {{.Branch}}", "printf %s '{{.Branch}}'", 'printf %s "{{.Branch}}"', "printf %s pre-{{.Branch}}-post"]) {
      const r = renderSetupCommand(tpl, vars);
      assert.ok("command" in r);
      const want = tpl.includes("pre-") ? `pre-${vars.Branch}-post` : vars.Branch;
      assert.equal(sh(r.command), want, tpl);
    }
    const p = renderSetupCommand('cd "{{.Path}}" 2>/dev/null; printf %s {{.Path}}', vars);
    assert.ok("command" in p);
    assert.equal(sh(p.command), "/w/my dir");
  });

  test("an unknown variable is an error naming it", () => {
    const r = renderSetupCommand("echo {{.Nope}}", vars);
    assert.ok("error" in r);
    assert.match(r.error, /unknown variable \{\{\.Nope\}\}/);
  });
});

describe("pattern matching", () => {
  const wt = (branch: string, path: string, extra: Partial<Worktree> = {}): Worktree => ({
    path,
    branch,
    commit_hash: "0123456789abcdef0123456789abcdef01234567",
    is_main: false,
    created_at: null,
    repository: "github.com/acme/myapp",
    repo_root: "/src/myapp",
    detached: false,
    ...extra,
  });
  const list = [wt("main", "/src/myapp", { is_main: true }), wt("wt1", "/w/wt1"), wt("wt10", "/w/wt10"), wt("Feature/Login", "/w/feature-login")];

  test("an exact branch wins over a longer one containing it", () => {
    assert.deepEqual(matchWorktrees("wt1", list, "/").map((w) => w.branch), ["wt1"]);
  });
  test("case-insensitive substring; repo:branch; path", () => {
    assert.deepEqual(matchWorktrees("login", list, "/").map((w) => w.branch), ["Feature/Login"]);
    assert.deepEqual(matchWorktrees("myapp:wt10", list, "/").map((w) => w.branch), ["wt10"]);
    assert.deepEqual(matchWorktrees("github.com/acme/myapp:main", list, "/").map((w) => w.branch), ["main"]);
    assert.deepEqual(exactMatches("/w/wt10", list, "/").map((w) => w.branch), ["wt10"]);
    assert.equal(matchWorktrees("wt", list, "/").length, 2);
  });
  test("worktreeHolding: the longest path prefix, not a mere string prefix", () => {
    assert.equal(worktreeHolding("/w/wt10/src", list)?.branch, "wt10");
    assert.equal(worktreeHolding("/w/wt1", list)?.branch, "wt1");
    assert.equal(worktreeHolding("/w/wt100", list), null);
  });
});
