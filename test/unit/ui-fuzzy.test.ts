// Fuzzy matching and ranking (src/ui/fuzzy.ts).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { fuzzyMatch, matchTerm, rank } from "../../src/ui/fuzzy.js";

const order = (query: string, items: string[]) => rank(items, query, (s) => s).map((r) => r.item);

describe("fuzzyMatch", () => {
  test("a subsequence matches, anything else does not", () => {
    assert.ok(fuzzyMatch("gdb", "gamma-db"));
    assert.equal(fuzzyMatch("dbg", "gamma-db"), null);
    assert.equal(fuzzyMatch("gammax", "gamma"), null);
  });

  test("positions are the matched characters, preferring word starts and runs", () => {
    assert.deepEqual(fuzzyMatch("gdb", "gamma-db")!.positions, [0, 6, 7]);
    // "api" could match a…p…i scattered, but the word "api" is the best alignment.
    assert.deepEqual(fuzzyMatch("api", "a-pretty-api")!.positions, [9, 10, 11]);
    assert.deepEqual(fuzzyMatch("fb", "foo-bar")!.positions, [0, 4]);
  });

  test("smart case: lower-case query ignores case, an upper-case letter makes it exact", () => {
    assert.ok(fuzzyMatch("api", "MyAPI"));
    assert.ok(fuzzyMatch("API", "MyAPI"));
    assert.equal(fuzzyMatch("Api", "api"), null);
  });

  test("space-separated terms must all match, in any order", () => {
    assert.ok(fuzzyMatch("log feat", "feature/login"));
    assert.equal(fuzzyMatch("log fix", "feature/login"), null);
    assert.deepEqual(fuzzyMatch("log feat", "feature/login")!.positions, [0, 1, 2, 3, 8, 9, 10]);
  });

  test("an empty query matches everything with no positions", () => {
    assert.deepEqual(fuzzyMatch("", "anything"), { score: 0, positions: [] });
    assert.deepEqual(fuzzyMatch("   ", "anything"), { score: 0, positions: [] });
  });

  test("non-ASCII text", () => {
    assert.deepEqual(fuzzyMatch("日本", "こんにちは日本語")!.positions, [5, 6]);
    assert.ok(fuzzyMatch("ÄB", "xÄyB"));
  });
});

describe("ranking", () => {
  test("consecutive characters beat scattered ones", () => {
    assert.deepEqual(order("abc", ["xaxxbxxcx", "xxabcxx"]), ["xxabcxx", "xaxxbxxcx"]);
  });

  test("a match at a word start beats one inside a word", () => {
    assert.deepEqual(order("api", ["xapixx", "my-api"]), ["my-api", "xapixx"]);
    assert.deepEqual(order("log", ["backlog", "feature/login"]), ["feature/login", "backlog"]);
  });

  test("camelCase humps count as word starts", () => {
    const a = matchTerm("fb", "fooBar", false)!.score;
    const b = matchTerm("fb", "foobar", false)!.score;
    assert.ok(a > b, `${a} > ${b}`);
  });

  test("equal scores: the shorter text wins, then the original order", () => {
    assert.deepEqual(order("api", ["api-server", "api", "api-docs"]), ["api", "api-docs", "api-server"]);
    assert.deepEqual(order("x", ["bx", "ax"]), ["bx", "ax"]);
  });

  test("non-matching items are dropped; an empty query keeps the original order", () => {
    assert.deepEqual(order("zz", ["a", "b"]), []);
    assert.deepEqual(order("", ["b", "a", "c"]), ["b", "a", "c"]);
  });

  test("ranked entries keep their original index", () => {
    const r = rank(["one", "two", "three"], "t", (s) => s);
    assert.deepEqual(r.map((x) => x.index).sort(), [1, 2]);
  });
});
