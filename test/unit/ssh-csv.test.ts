// `status --all-hosts --csv`: each machine's CSV read back by RFC 4180 (commas, quotes and line
// ends inside fields) and merged under one header with `host` first; far columns matched by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { csvRecords, mergeStatusCsv } from "../../src/ssh/all-hosts-csv.js";
import { csvField } from "../../src/worktrees/status-format.js";

test("csvRecords reads back what csvField writes, whatever the field holds", () => {
  const fields = ["plain", "a,b", 'say "hi"', "two\nlines", "cr\r\nlf", "", ",", '"', "é ✓"];
  const text = [fields.map(csvField).join(","), ["x", ""].map(csvField).join(",")].join("\n") + "\n";
  assert.deepEqual(csvRecords(text), [fields, ["x", ""]]);
  assert.deepEqual(csvRecords("a,b\r\nc,d"), [["a", "b"], ["c", "d"]]);
  assert.deepEqual(csvRecords(""), []);
});

test("mergeStatusCsv: host first, empty for this machine; a far row by column name", () => {
  const local = "branch,status,path\nmain,clean,/here/main\n";
  const far = [
    { host: "box", csv: 'branch,status,path\n"far,""q""",changed,"/far/x\ny"\n' },
    // Another gwq's columns: in another order, one more, one fewer.
    { host: "old", csv: "path,branch,extra\n/old/p,old-b,z\n" },
    { host: "none", csv: "branch,status,path\n" },
  ];
  const merged = mergeStatusCsv(local, far);
  assert.deepEqual(csvRecords(merged), [
    ["host", "branch", "status", "path"],
    ["", "main", "clean", "/here/main"],
    ["box", 'far,"q"', "changed", "/far/x\ny"],
    ["old", "old-b", "", "/old/p"],
  ]);
  assert.ok(merged.endsWith("\n"));
  assert.equal(mergeStatusCsv("branch,status\n", []), "host,branch,status\n");
});
