// Table rendering and display width (src/ui/table.ts, src/ui/width.ts).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { renderTable } from "../../src/ui/table.js";
import { charWidth, pad, stringWidth, stripAnsi, truncate } from "../../src/ui/width.js";

describe("display width", () => {
  test("ASCII 1, CJK and emoji 2, combining marks and escapes 0", () => {
    assert.equal(stringWidth("abc"), 3);
    assert.equal(stringWidth("日本語"), 6);
    assert.equal(stringWidth("한글"), 4);
    assert.equal(stringWidth("ｆｕｌｌ"), 8);
    assert.equal(stringWidth("🚀 go"), 5);
    assert.equal(stringWidth("e\u0301"), 1);
    assert.equal(stringWidth("\x1b[1;32mok\x1b[0m"), 2);
    assert.equal(stringWidth("●"), 1);
    assert.equal(charWidth("\t"), 0);
    assert.equal(stringWidth("👨‍👩‍👧"), 2, "a ZWJ sequence is one glyph");
  });

  test("truncate cuts by columns, keeps escapes and resets them", () => {
    assert.equal(truncate("abcdef", 4), "abc…");
    assert.equal(truncate("abc", 4), "abc");
    assert.equal(truncate("日本語です", 5), "日本…");
    assert.equal(truncate("abcdef", 3, ""), "abc");
    assert.equal(truncate("\x1b[31mabcdef\x1b[0m", 4), "\x1b[31mabc…\x1b[0m");
    assert.equal(stripAnsi(truncate("\x1b[31mabcdef", 4)), "abc…");
    assert.equal(truncate("abc", 0), "");
  });

  test("pad fills to a display width", () => {
    assert.equal(pad("日本", 6), "日本  ");
    assert.equal(pad("7", 3, "right"), "  7");
    assert.equal(pad("toolong", 3), "toolong");
  });
});

describe("renderTable", () => {
  test("columns are padded to the widest cell, two spaces apart, no trailing spaces", () => {
    const lines = renderTable(["NAME", "STATUS", "COMMAND"], [
      ["api", "running", "npm run dev"],
      ["web-frontend", "failed", "make"],
    ]);
    assert.deepEqual(lines, [
      "NAME          STATUS   COMMAND",
      "api           running  npm run dev",
      "web-frontend  failed   make",
    ]);
  });

  test("wide characters align by display width", () => {
    const lines = renderTable(["BRANCH", "X"], [["日本語", "1"], ["ab", "2"], ["🚀x", "3"]]);
    assert.deepEqual(lines.map((l) => stringWidth(l.slice(0, l.lastIndexOf(" ") + 1))), [8, 8, 8, 8]);
    assert.equal(lines[1], "日本語  1");
    assert.equal(lines[3], "🚀x     3");
  });

  test("the marker column puts ● on marked rows and keeps names under their header", () => {
    const lines = renderTable(["CONTEXT", "STATUS"], [["api", "running"], ["web", "failed"]], { marked: [true, false] });
    assert.deepEqual(lines, ["  CONTEXT  STATUS", "● api      running", "  web      failed"]);
  });

  test("right alignment, maxWidth per column and for the whole table", () => {
    const lines = renderTable(
      [{ header: "N", align: "right" }, { header: "NAME", maxWidth: 5 }, "COMMAND"],
      [["7", "a-long-name", "echo something rather long"], ["12", "b", "ls"]],
      { maxWidth: 20 },
    );
    assert.deepEqual(lines, [" N  NAME   COMMAND", " 7  a-lo…  echo som…", "12  b      ls"]);
    assert.ok(lines.every((l) => stringWidth(l) <= 20));
  });

  test("fitting a width: the last column first (to 12), then shrinkable columns by rank, widest first, then lines cut", () => {
    const cols = [{ header: "ID", shrinkTo: 4 }, { header: "NAME", shrinkTo: 6, shrinkRank: 1 }, { header: "ST" }, "COMMAND"];
    const rows = [["identifier-long", "session-name-long", "ok", "a command that is long enough"]];
    const fit = (w: number) => renderTable(cols, rows, { maxWidth: w });
    assert.deepEqual(fit(52), ["ID               NAME               ST  COMMAND", "identifier-long  session-name-long  ok  a command t…"]);
    // ID (rank 0) gives all it may before NAME (rank 1) gives anything.
    assert.deepEqual(fit(40), ["ID    NAME              ST  COMMAND", "ide…  session-name-lo…  ok  a command t…"]);
    assert.deepEqual(fit(30), ["ID    NAME    ST  COMMAND", "ide…  sessi…  ok  a command t…"]);
    // Nothing left to shrink: each line is cut at the edge, never wrapped.
    assert.deepEqual(fit(12), ["ID    NAME", "ide…  sessi…"]);
    for (const w of [52, 40, 30, 12]) assert.ok(fit(w).every((l) => stringWidth(l) <= w));
  });

  test("paint styles a cell after cutting; widths ignore the escapes", () => {
    const lines = renderTable(["A", "STATUS", "B"], [["x", "failed", "y"]], { paint: (_r, c, t) => (c === 1 ? `\x1b[31m${t}\x1b[39m` : t) });
    assert.deepEqual(lines, ["A  STATUS  B", "x  \x1b[31mfailed\x1b[39m  y"]);
  });

  test("no rows: just the header; newlines in cells do not break rows", () => {
    assert.deepEqual(renderTable(["A", "B"], []), ["A  B"]);
    assert.deepEqual(renderTable(["A"], [["x\ny"]], { header: false }), ["x y"]);
  });
});
