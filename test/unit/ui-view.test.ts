// The finder's frame layout, input keys and watch frames — the pure parts of src/ui.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { geometry, highlight, previewLines, renderFrame, scrollTo, STYLE, type ViewState } from "../../src/ui/finder-view.js";
import { parseKeys } from "../../src/ui/keys.js";
import { frameSequence } from "../../src/ui/term.js";
import { stringWidth, stripAnsi } from "../../src/ui/width.js";

function state(over: Partial<ViewState> = {}): ViewState {
  const names = over.items ? undefined : ["alpha", "beta", "gamma"];
  return {
    width: 40,
    height: 8,
    prompt: "> ",
    query: "",
    cursor: 0,
    items: names ? names.map((text) => ({ text, positions: [], marked: false })) : [],
    current: 0,
    offset: 0,
    total: 3,
    multi: false,
    markedCount: 0,
    ...over,
  };
}
const plain = (lines: string[]) => lines.map((l) => stripAnsi(l).trimEnd());

describe("finder frame", () => {
  test("prompt and query, counts, then the list with a pointer on the current line", () => {
    const f = renderFrame(state({ query: "a", cursor: 1, current: 1 }));
    assert.deepEqual(plain(f.lines), ["> a", "  3/3 " + "─".repeat(34), "  alpha", "> beta", "  gamma", "", "", ""]);
    assert.equal(f.lines.length, 8);
    assert.deepEqual([f.cursorRow, f.cursorCol], [0, 3]);
  });

  test("every line fits the width, wide characters included", () => {
    const items = [{ text: "日本語のブランチ名がとても長い-feature-branch", positions: [0, 1], marked: false }];
    const f = renderFrame(state({ width: 20, items, total: 1 }));
    for (const l of f.lines) assert.ok(stringWidth(l) <= 20, l);
  });

  test("multi shows marks and the marked count", () => {
    const items = ["a", "b"].map((text, i) => ({ text, positions: [], marked: i === 1 }));
    const f = renderFrame(state({ items, multi: true, markedCount: 1, total: 2 }));
    assert.deepEqual(plain(f.lines).slice(1, 4), ["  2/2 (1) " + "─".repeat(30), ">  a", " * b"]);
  });

  test("a long list shows a window that follows the current line", () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ text: `item-${i}`, positions: [], marked: false }));
    const f = renderFrame(state({ items, total: 50, current: 20, offset: 0 }));
    const list = plain(f.lines).slice(2);
    assert.equal(list.length, 6);
    assert.equal(list[5], "> item-20");
    assert.equal(list[0], "  item-15");
  });

  test("scrollTo moves the window as little as possible", () => {
    assert.equal(scrollTo(0, 0, 5, 3), 0);
    assert.equal(scrollTo(7, 0, 5, 20), 3);
    assert.equal(scrollTo(4, 3, 5, 20), 3);
    assert.equal(scrollTo(2, 3, 5, 20), 2);
    assert.equal(scrollTo(19, 0, 5, 20), 15);
    assert.equal(scrollTo(5, 18, 5, 20), 5, "never past the end");
  });

  test("the preview goes right in a wide terminal, below in a narrow one", () => {
    const wide = renderFrame(state({ width: 80, preview: "PREVIEW\nsecond" }));
    assert.match(stripAnsi(wide.lines[0]!), /^> {39}│ PREVIEW$/);
    assert.match(stripAnsi(wide.lines[1]!), /│ second$/);
    const narrow = renderFrame(state({ width: 40, height: 12, preview: "PREVIEW" }));
    const lines = plain(narrow.lines);
    const g = geometry(40, 12, true);
    assert.equal(g.preview!.side, "bottom");
    assert.equal(lines[g.preview!.row - 1], "─".repeat(40));
    assert.equal(lines[g.preview!.row], "PREVIEW");
    assert.equal(narrow.lines.length, 12);
  });

  test("a preview still loading says so; no preview function, no pane", () => {
    assert.match(stripAnsi(renderFrame(state({ width: 80, preview: null })).lines[0]!), /│ loading…$/);
    assert.doesNotMatch(renderFrame(state({ width: 80 })).lines.join("\n"), /│/);
    assert.equal(geometry(80, 24, false).preview, null);
  });

  test("preview text is cleaned: escapes stripped, lines cut to the pane", () => {
    const f = renderFrame(state({ width: 80, preview: "\x1b[31mred\x1b[0m\t" + "y".repeat(100) }));
    const right = stripAnsi(f.lines[0]!).split("│ ")[1]!;
    assert.ok(right.startsWith("red    y"), right);
    assert.ok(stringWidth(right) <= 38);
  });
});

describe("preview lines", () => {
  const text = ["name", "status", "", ...Array.from({ length: 20 }, (_, i) => `out ${i}`), "", ""].join("\n");

  test("long text shows its top", () => {
    assert.deepEqual(previewLines(text, 20, 4), ["name", "status", "", "out 0"]);
  });

  test("with a header, the header stays and the rest shows its end, trailing blanks dropped", () => {
    assert.deepEqual(previewLines(text, 20, 6, 3), ["name", "status", "", "out 17", "out 18", "out 19"]);
    assert.deepEqual(previewLines("a\nb\nc", 20, 6, 1), ["a", "b", "c"], "short text is left alone");
  });
});

describe("highlight", () => {
  test("matched characters are wrapped in the match style", () => {
    assert.equal(highlight("gamma-db", [0, 6, 7], 20), `${STYLE.match}g${STYLE.reset}amma-${STYLE.match}db${STYLE.reset}`);
  });

  test("a long text is cut at the end, or at the start when the match is at the end", () => {
    assert.equal(stripAnsi(highlight("abcdefghij", [0], 6)), "abcde…");
    assert.equal(stripAnsi(highlight("abcdefghij", [9], 6)), "…fghij");
    assert.equal(stripAnsi(highlight("abcdefghij", [], 6)), "abcde…");
  });
});

describe("keys", () => {
  test("control keys, arrows and text", () => {
    const names = (s: string) => parseKeys(s).map((k) => (k.name === "char" ? k.ch : k.name));
    assert.deepEqual(names("ab\r"), ["a", "b", "enter"]);
    assert.deepEqual(names("\x1b[A\x1b[B\x1bOA\x0e\x10"), ["up", "down", "up", "ctrl-n", "ctrl-p"]);
    assert.deepEqual(names("\t\x1b[Z\x7f\x15\x03"), ["tab", "backtab", "backspace", "ctrl-u", "ctrl-c"]);
    assert.deepEqual(names("\x1b"), ["escape"]);
    assert.deepEqual(names("\x1b\x1b"), ["escape", "escape"]);
    assert.deepEqual(names("\x1b[3~\x1b[5~\x1b[1;5A"), ["delete", "pageup", "up"]);
    assert.deepEqual(names("日本🚀"), ["日", "本", "🚀"]);
    assert.deepEqual(names("\x1bx"), ["alt-x"]);
  });
});

describe("watch frames", () => {
  test("home, each line then clear-to-end, then clear below", () => {
    const f = frameSequence("one\ntwo\n", 10, 5);
    assert.equal(f.data, "\x1b[Hone\x1b[K\r\ntwo\x1b[K\r\n\x1b[J");
    assert.equal(f.lines, 2);
  });

  test("lines are cut to the width and the frame to the height; full lines are not cleared", () => {
    const f = frameSequence("abcdefghij\nxyz\n1\n2\n3", 5, 3);
    assert.equal(f.data, "\x1b[Habcde\r\nxyz\x1b[K\r\n1\x1b[K");
    assert.equal(f.lines, 3);
  });

  test("a styled line is reset at its end", () => {
    assert.equal(frameSequence("\x1b[31mred", 10, 1).data, "\x1b[H\x1b[31mred\x1b[0m\x1b[K");
  });
});
