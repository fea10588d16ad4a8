// Raw pane bytes to lines as a person read them: escapes, CR rewrites, erasing, cursor moves
// within a line, the alternate screen, and incremental feeding split at every byte.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { LineRenderer, renderLines, tail } from "../../src/sessions/render.js";

const r = (s: string) => renderLines(Buffer.from(s, "utf8"));

describe("escapes removed, lines kept", () => {
  test("CR LF lines and colours", () => {
    assert.deepEqual(r("\x1b[1;31merror\x1b[0m: bad\r\nok \x1b[38;5;82mgreen\x1b[m\r\n"), ["error: bad", "ok green"]);
  });

  test("OSC titles (BEL and ST), OSC 8 hyperlinks keep their text", () => {
    assert.deepEqual(r("\x1b]0;my title\x07a\x1b]2;other\x1b\\b\r\n"), ["ab"]);
    assert.deepEqual(r("see \x1b]8;;https://example.com/x\x1b\\the docs\x1b]8;;\x1b\\ now\r\n"), ["see the docs now"]);
  });

  test("DCS, APC, charset designations, keypad modes, bracketed paste, BEL, DEL", () => {
    assert.deepEqual(r("\x1bPq#0;2;0;0;0#1~~\x1b\\x\x1b_apc\x1b\\y\x1b(B\x1b)0z\x1b=\x1b>\x1b[?2004h\x07w\x7f\r\n"), ["xyzw"]);
  });

  test("a C0 control inside a CSI sequence is executed; CAN cancels", () => {
    assert.deepEqual(r("a\x1b[3\r\nmb\x1b[1\x18c\r\n"), ["a", "bc"]);
  });

  test("tabs are kept, a lone LF ends a line, a missing last newline still gives the line", () => {
    assert.deepEqual(r("a\tb\nc\td"), ["a\tb", "c\td"]);
  });

  test("empty lines are kept", () => {
    assert.deepEqual(r("a\r\n\r\n\r\nb\r\n"), ["a", "", "", "b"]);
  });

  test("a line of 10,000 characters stays one line", () => {
    const long = "x".repeat(5000) + "\x1b[32m" + "y".repeat(5000) + "\x1b[0m";
    const out = r(`${long}\r\nnext\r\n`);
    assert.equal(out.length, 2);
    assert.equal(out[0], "x".repeat(5000) + "y".repeat(5000));
  });

  test("invalid UTF-8 and C1 code points do not break a line", () => {
    const out = renderLines(Buffer.concat([Buffer.from("a"), Buffer.from([0xff, 0xfe]), Buffer.from("b\u009bc\r\n")]));
    assert.deepEqual(out, ["a\ufffd\ufffdbc"]);
  });
});

describe("rewrites within a line", () => {
  test("a CR progress bar ends in its final state", () => {
    assert.deepEqual(r("progress  10%\rprogress  50%\rprogress 100%\r\ndone\r\n"), ["progress 100%", "done"]);
  });

  test("a shorter rewrite leaves the rest of the old text, as the screen showed it", () => {
    assert.deepEqual(r("downloading 10%\rdone\r\n"), ["doneloading 10%"]);
  });

  test("CR then erase-in-line (git, npm progress) leaves only the new text", () => {
    assert.deepEqual(r("Receiving 10%\r\x1b[KReceiving 100%, done.\r\n"), ["Receiving 100%, done."]);
    assert.deepEqual(r("long old text\r\x1b[2Kshort\r\n"), ["short"]);
    assert.deepEqual(r("long old text\x1b[2K\rshort\r\n"), ["short"]);
  });

  test("ESC[1K blanks up to the cursor, ESC[0K after it", () => {
    assert.deepEqual(r("abcdef\x1b[3D\x1b[1K\r\n"), ["    ef"]);
    assert.deepEqual(r("abcdef\x1b[3D\x1b[0K\r\n"), ["abc"]);
    assert.deepEqual(r("abcdef\x1b[3D\x1b[K!\r\n"), ["abc!"]);
  });

  test("backspace overwrites; backspace at column 0 stays there", () => {
    assert.deepEqual(r("abc\b\bXY\r\n\b\bz\r\n"), ["aXY", "z"]);
  });

  test("cursor forward, back and absolute column; a skipped cell reads as a space", () => {
    assert.deepEqual(r("abc\x1b[2Dx\r\n"), ["axc"]);
    assert.deepEqual(r("ab\x1b[3Cx\r\n"), ["ab   x"]);
    assert.deepEqual(r("abcdef\x1b[2GZ\r\n"), ["aZcdef"]);
    assert.deepEqual(r("abc\x1b[6Gx\r\n"), ["abc  x"]);
    assert.deepEqual(r("abcdef\x1b[10;3HZ\r\n"), ["abZdef"]);
  });

  test("a cursor moved right then a newline adds no trailing spaces", () => {
    assert.deepEqual(r("ab\x1b[10C\r\n"), ["ab"]);
  });

  test("a program's own trailing spaces are kept", () => {
    assert.deepEqual(r("prompt> \r\n"), ["prompt> "]);
  });

  test("shell line editing: delete, insert and erase characters", () => {
    assert.deepEqual(r("helllo\x1b[3D\x1b[P\r\n"), ["hello"]);
    assert.deepEqual(r("hllo\x1b[3D\x1b[@e\r\n"), ["hello"]);
    assert.deepEqual(r("hello\x1b[4D\x1b[2X\r\n"), ["h  lo"]);
  });

  test("save and restore the cursor (ESC 7/8 and CSI s/u)", () => {
    assert.deepEqual(r("[\x1b7    ]\x1b8##\r\n"), ["[##  ]"]);
    assert.deepEqual(r("[\x1b[s    ]\x1b[u#\r\n"), ["[#   ]"]);
  });

  test("characters outside the BMP count as one cell when overwritten", () => {
    assert.deepEqual(r("🚀 10%\r🚀 99%\r\n"), ["🚀 99%"]);
    assert.deepEqual(r("ab🚀cd\x1b[2Dx\r\n"), ["ab🚀xd"]);
  });

  test("cursor up is ignored: each redraw of a multi-line progress is its own line", () => {
    assert.deepEqual(r("a 1\r\nb 1\r\n\x1b[2A\x1b[2Ka 2\r\n\x1b[2Kb 2\r\n"), ["a 1", "b 1", "a 2", "b 2"]);
  });
});

describe("the alternate screen", () => {
  const seq = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}\r\n`).join("");
  const nums = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

  for (const mode of ["1049", "1047", "47"]) {
    test(`?${mode}: seq 1 1000, a TUI, then more output: the TUI's painting is dropped, all else kept`, () => {
      const tui = `\x1b[?${mode}h\x1b[H\x1b[2Jmenu item 1\r\n\x1b[7mselected\x1b[0m\r\n\x1b[5;1Hstatus`;
      const out = r(`${seq(1000)}${tui}\x1b[?${mode}lafter\r\n`);
      assert.deepEqual(out, [...nums(1000), "after"]);
    });
  }

  test("a program still in the alternate screen at the end: the 1000 lines are all there", () => {
    assert.deepEqual(r(`${seq(1000)}\x1b[?1049hpainted\r\nrows\r\n`), nums(1000));
  });

  test("the line being written when the program switched is resumed", () => {
    const lr = new LineRenderer();
    assert.deepEqual(lr.push(Buffer.from("$ vim\x1b[?1049h\x1b[Hfile contents\r\n~\r\n")), []);
    assert.equal(lr.partial(), "$ vim");
    assert.deepEqual(lr.push(Buffer.from("\x1b[?1049l\r\n$ ")), ["$ vim"]);
    assert.equal(lr.partial(), "$ ");
  });

  test("modes set together (`?1049;1h`) and leaving twice are understood", () => {
    assert.deepEqual(r("a\r\n\x1b[?1;1049hx\r\n\x1b[?1049l\x1b[?1049lb\r\n"), ["a", "b"]);
  });

  test("a full reset (ESC c) leaves the alternate screen", () => {
    assert.deepEqual(r("a\r\n\x1b[?1049hx\x1bcb\r\n"), ["a", "b"]);
  });
});

describe("incremental", () => {
  const sample =
    "héllo wörld 日本語 🚀\r\n\x1b[1;32mok\x1b[0m\r\n" +
    "10%\r\x1b[K100%\r\n\x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\r\n" +
    "a\tb\bc\x1b[2Dz\r\n\x1bP1$r0m\x1b\\\x1b(B\x1b[?1049hTUI\x1b[?1049lend\r\nApply the patch? [y/N] ";
  const whole = renderLines(Buffer.from(sample));

  test("the sample renders as expected", () => {
    assert.deepEqual(whole, ["héllo wörld 日本語 🚀", "ok", "100%", "link", "azc", "end", "Apply the patch? [y/N] "]);
  });

  test("split at every byte position gives the same lines", () => {
    const bytes = Buffer.from(sample);
    for (let cut = 1; cut < bytes.length; cut++) {
      const lr = new LineRenderer();
      const got = [...lr.push(bytes.subarray(0, cut)), ...lr.push(bytes.subarray(cut)), ...lr.end()];
      assert.deepEqual(got, whole, `split at byte ${cut}`);
    }
  });

  test("one byte at a time gives the same lines", () => {
    const bytes = Buffer.from(sample);
    const lr = new LineRenderer();
    const got: string[] = [];
    for (let k = 0; k < bytes.length; k++) got.push(...lr.push(bytes.subarray(k, k + 1)));
    got.push(...lr.end());
    assert.deepEqual(got, whole);
  });

  test("a prompt without a newline is the partial line at once; completed lines come from push", () => {
    const lr = new LineRenderer();
    assert.deepEqual(lr.push(Buffer.from("working...\r\n\x1b[1mApply the patch? [y/N] \x1b[0m")), ["working..."]);
    assert.equal(lr.partial(), "Apply the patch? [y/N] ");
    assert.deepEqual(lr.push(Buffer.from("y\r\n")), ["Apply the patch? [y/N] y"]);
    assert.equal(lr.partial(), "");
    assert.deepEqual(lr.end(), []);
  });

  test("a UTF-8 character split across chunks is not mangled in the partial line", () => {
    const lr = new LineRenderer();
    const b = Buffer.from("Weiter? ü");
    lr.push(b.subarray(0, b.length - 1));
    assert.equal(lr.partial(), "Weiter? ");
    lr.push(b.subarray(b.length - 1));
    assert.equal(lr.partial(), "Weiter? ü");
  });
});

test("tail", () => {
  assert.deepEqual(tail(["a", "b", "c"], 2), ["b", "c"]);
  assert.deepEqual(tail(["a", "b"], 5), ["a", "b"]);
  assert.deepEqual(tail(["a", "b"], 0), []);
  assert.deepEqual(tail(["a", "b"]), ["a", "b"]);
});

test("skipLine: after lost output the cut tail is dropped, not glued to the line before", () => {
  const lr = new LineRenderer();
  assert.deepEqual(lr.push(Buffer.from("1\r\n2\r\n12")), ["1", "2"]);
  lr.skipLine();
  assert.equal(lr.partial(), "");
  assert.deepEqual(lr.push(Buffer.from("345\r\n12346\r\n1234")), ["12346"]);
  assert.equal(lr.partial(), "1234");
});
