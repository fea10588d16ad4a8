// Remotes read from a repository's config file (get and list make no `git config` call): the
// reader must agree with git itself on every syntax git accepts, so each case is checked against
// `git config -f <file> --get-regexp` on the same bytes.
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfigRemotes, remoteUrlsFromConfigFile } from "../../src/git/remote.js";

/** What git says: remote.<name>.url entries of the file, in file order. */
function gitSays(file: string): { name: string; url: string }[] {
  let out: string;
  try {
    out = execFileSync("git", ["config", "-f", file, "-z", "--get-regexp", "^remote\\..*\\.url$"], { encoding: "utf8", env: { PATH: process.env.PATH } });
  } catch (e) {
    if ((e as { status?: number }).status === 1) return []; // no match
    throw e;
  }
  return out
    .split("\0")
    .filter(Boolean)
    .map((entry) => {
      const nl = entry.indexOf("\n");
      const key = entry.slice(0, nl);
      return { name: key.slice("remote.".length, -".url".length), url: entry.slice(nl + 1) };
    });
}

const CASES: Record<string, string> = {
  plain: '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://github.com/acme/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
  "several remotes, comments": '# top\n; also\n[remote "upstream"]\n  url = git@github.com:up/app.git # inline\n[remote "origin"] ; c\n  url = https://x.example/o/app.git ; inline too\n',
  "quotes keep # ; and blanks": '[remote "origin"]\n\turl = "git@host:a/b # not a comment ; nor this"\n[remote "b"]\n\turl = "  spaced  "  tail  \n',
  "names and keys in any case": '[Remote "Origin"]\n\tURL = one\n[REMOTE "o2"]\n\tUrl=two\n',
  "old [remote.name] form": "[remote.Up]\n\turl = three\n",
  "escapes and a continuation": '[remote "e"]\n\turl = a\\\\b\\"c\\td\n[remote "f"]\n\turl = https://ex\\\n.com/a/b\n',
  "a key on the header line": '[remote "x"] url = on-the-line\n',
  "several urls, boolean keys": '[remote "p"]\n\tmirror\n\turl = first\n\turl = second\n\tprune\n',
  "CRLF endings": '[remote "origin"]\r\n\turl = https://github.com/acme/crlf.git\r\n',
  "escaped quote in a name": '[remote "we\\"ird"]\n\turl = w\n',
  "blank runs unquoted": '[remote "t"]\n\turl = a\t\tb   c\n',
  "no remotes": "[core]\n\tbare = false\n",
  "url outside remote": '[branch "main"]\n\tremote = origin\n\turl = not-a-remote\n[url "https://x/"]\n\tinsteadOf = gh:\n',
};

describe("remotes from the config file agree with git", () => {
  const dir = mkdtempSync(join(tmpdir(), "gwq-cfg-"));
  let n = 0;
  for (const [name, text] of Object.entries(CASES)) {
    test(name, () => {
      const file = join(dir, `config-${n++}`);
      writeFileSync(file, text);
      assert.deepEqual(parseConfigRemotes(text), gitSays(file));
    });
  }
  test("origin first, as the git call's caller sorts it", () => {
    const file = join(dir, "sorted");
    writeFileSync(file, CASES["several remotes, comments"]!);
    assert.deepEqual(remoteUrlsFromConfigFile(file, {})?.map((r) => r.name), ["origin", "upstream"]);
  });
  test("includes, overriding variables and unreadable files are left to git", () => {
    const file = join(dir, "inc");
    writeFileSync(file, '[include]\n\tpath = other\n[remote "origin"]\n\turl = u\n');
    assert.equal(remoteUrlsFromConfigFile(file, {}), null);
    writeFileSync(file, '[includeIf "gitdir:/x/"]\n\tpath = other\n');
    assert.equal(remoteUrlsFromConfigFile(file, {}), null);
    writeFileSync(file, '[remote "origin"]\n\turl = u\n');
    assert.deepEqual(remoteUrlsFromConfigFile(file, {}), [{ name: "origin", url: "u" }]);
    assert.equal(remoteUrlsFromConfigFile(file, { GIT_CONFIG_COUNT: "1" }), null);
    assert.equal(remoteUrlsFromConfigFile(file, { GIT_DIR: "/elsewhere" }), null);
    assert.equal(remoteUrlsFromConfigFile(join(dir, "missing"), {}), null);
  });
  test("text the reader is unsure of is left to git", () => {
    assert.equal(parseConfigRemotes('[remote "x"]\n\turl = "unterminated\n'), null);
    assert.equal(parseConfigRemotes("[remote \"x\"]\n\turl = bad\\qescape\n"), null);
    assert.equal(parseConfigRemotes("url = before any section\n"), null);
    // git itself refuses these (`bad config line`): so does the reader, and git then says why.
    assert.equal(parseConfigRemotes('[remote "x"]\n\tprune ; yes\n'), null);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
});
