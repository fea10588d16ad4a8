// Display width follows Unicode's East Asian Width data (get-east-asian-width) rather than a table
// kept by hand: characters the old table got wrong in both directions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { charWidth, stringWidth } from "../../src/ui/width.js";

test("wide and narrow as Unicode's East Asian Width says, including what a hand-kept table missed", () => {
  // Wide: CJK, Hangul, fullwidth forms, emoji presented as emoji, newer blocks.
  for (const ch of ["日", "한", "Ａ", "🚀", "⌚", "🫠", "\u{16FF0}", "\u{1F7F0}", "\u{31350}"]) assert.equal(charWidth(ch), 2, `${ch} U+${ch.codePointAt(0)!.toString(16)}`);
  // Narrow: text-presentation pictographs inside emoji blocks (drawn one column without VS16),
  // ambiguous-width symbols, Latin.
  for (const ch of ["\u{1F321}", "\u{1F6C6}", "●", "é", "→"]) assert.equal(charWidth(ch), 1, `${ch} U+${ch.codePointAt(0)!.toString(16)}`);
  assert.equal(stringWidth("日本 🚀 ok"), 10);
});
