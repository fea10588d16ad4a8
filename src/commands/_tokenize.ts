// argv words into tokens, before any command's meaning is given to them (_cli.ts parses a
// command's flags from these; src/ssh/forward.ts reads them to tell a far gwq's words apart).
import type { FlagSpec } from "./_flags.js";

/** How a flag is written: whether it takes a value, and its one-letter name. */
export interface TokenOption {
  type: FlagSpec["type"];
  short?: string;
}

export type Token =
  | { kind: "option"; name: string; rawName: string; value?: string; index: number }
  | { kind: "positional"; value: string }
  | { kind: "option-terminator" };

/**
 * argv words as util.parseArgs (non-strict, with tokens) splits them: `--name`, `--name=value`,
 * `-abc` (a group of switches; a short flag that takes a value takes the rest of the group or the
 * next word), `--` (everything after it is positional), `-` alone is positional. A flag that takes
 * a value takes the next word whatever it looks like. Unknown flags come back as tokens, so that
 * the caller can name them. Written out rather than imported: node:util costs 1.4 ms to load in
 * the standalone binary, more than the whole parse.
 */
export function tokenize(words: string[], options: Record<string, TokenOption>, positionalFlags = false): Token[] {
  const shortToLong = new Map<string, string>();
  for (const [long, o] of Object.entries(options)) if (o.short) shortToLong.set(o.short, long);
  const takesValue = (long: string) => options[long] !== undefined && options[long].type !== "boolean";
  const tokens: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === "--") {
      tokens.push({ kind: "option-terminator" });
      for (const rest of words.slice(i + 1)) tokens.push({ kind: "positional", value: rest });
      break;
    }
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      if (eq >= 0) tokens.push({ kind: "option", name, rawName: `--${name}`, value: w.slice(eq + 1), index: i });
      else if (takesValue(name) && i + 1 < words.length) tokens.push({ kind: "option", name, rawName: w, value: words[++i]!, index: i - 1 });
      else tokens.push({ kind: "option", name, rawName: w, index: i });
      continue;
    }
    if (w.startsWith("-") && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const c = w[j]!;
        const name = shortToLong.get(c) ?? c;
        if (takesValue(name)) {
          const rest = w.slice(j + 1);
          if (rest) tokens.push({ kind: "option", name, rawName: `-${c}`, value: rest, index: i });
          else if (i + 1 < words.length) tokens.push({ kind: "option", name, rawName: `-${c}`, value: words[++i]!, index: i - 1 });
          else tokens.push({ kind: "option", name, rawName: `-${c}`, index: i });
          break;
        }
        tokens.push({ kind: "option", name, rawName: `-${c}`, index: i });
      }
      continue;
    }
    tokens.push({ kind: "positional", value: w });
    if (positionalFlags) {
      // Flags only before the first argument: the rest is arguments as given, `--` included.
      for (const rest of words.slice(i + 1)) tokens.push({ kind: "positional", value: rest });
      break;
    }
  }
  return tokens;
}
