// Codex's `notify = [argv...]` in config.toml, edited as text so the user's comments and layout
// stay (smol-toml's stringify would drop every comment). gwq's notify runs `__hook codex`, then
// `--` and the user's previous notify argv, which the hook keeps calling with the same argument.
// The user's line itself is kept, commented out, just above ours, so uninstall puts back exactly
// what was there.
import { isDeepStrictEqual } from "node:util";
import { parse, stringify } from "smol-toml";

export const MARK_NEW = "# Added by `gwq agent hooks install codex`; `gwq agent hooks uninstall codex` removes it.";
export const MARK_WRAP = "# `gwq agent hooks install codex` wraps your notify below (it is still called); uninstall restores it:";

export class TomlEditError extends Error {}

interface Entry {
  key: string;
  /** Start of the line holding the key. */
  lineStart: number;
  valueStart: number;
  valueEnd: number;
  /** After the newline ending the entry (or the end of the text). */
  lineEnd: number;
}

/** Skip a TOML value starting at `i`: strings of all four kinds, arrays and inline tables nested. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      const q = text.slice(i, i + 3);
      let j = i + 3;
      for (;;) {
        const k = text.indexOf(q, j);
        if (k < 0) return text.length;
        if (q === '"""' && /(^|[^\\])(\\\\)*\\$/.test(text.slice(j, k))) {
          j = k + 1;
          continue;
        }
        i = k + 3;
        while (text[i] === q[0]) i++; // up to two quotes may close the content itself
        break;
      }
      if (depth === 0) return i;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += c === '"' && text[j] === "\\" ? 2 : 1;
      i = j + 1;
      if (depth === 0) return i;
      continue;
    }
    if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth <= 0) return i + 1;
    } else if (c === "#" && depth > 0) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    } else if ((c === "\n" || c === "#") && depth === 0) {
      return i;
    }
    i++;
  }
  return i;
}

/** The top-level entries (before the first table header), and where that header starts. */
export function topLevel(text: string): { entries: Entry[]; firstHeader: number | null } {
  const entries: Entry[] = [];
  let i = 0;
  while (i < text.length) {
    const lineStart = i;
    while (text[i] === " " || text[i] === "\t") i++;
    const c = text[i];
    if (c === undefined) break;
    if (c === "\n" || c === "\r" || c === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (c === "[") return { entries, firstHeader: lineStart };
    const eq = skipKey(text, i);
    if (eq < 0 || text[eq] !== "=") throw new TomlEditError(`cannot read the line at offset ${lineStart}`);
    const key = text.slice(i, eq).trim();
    let v = eq + 1;
    while (text[v] === " " || text[v] === "\t") v++;
    let end = skipValue(text, v);
    while (end > v && /\s/.test(text[end - 1]!)) end--;
    const nl = text.indexOf("\n", end);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    entries.push({ key, lineStart, valueStart: v, valueEnd: end, lineEnd });
    i = lineEnd;
  }
  return { entries, firstHeader: null };
}

/** End of a (possibly dotted, possibly quoted) key: the offset of its `=`, or -1. */
function skipKey(text: string, i: number): number {
  while (i < text.length && text[i] !== "=" && text[i] !== "\n") {
    if (text[i] === '"' || text[i] === "'") {
      const q = text[i];
      i++;
      while (i < text.length && text[i] !== q && text[i] !== "\n") i += q === '"' && text[i] === "\\" ? 2 : 1;
    }
    i++;
  }
  return text[i] === "=" ? i : -1;
}

const isNotify = (key: string) => key === "notify" || key === '"notify"' || key === "'notify'";

/** TOML for an array of strings, on one line. */
export function tomlArray(argv: string[]): string {
  const line = stringify({ v: argv }).trim();
  return line.slice(line.indexOf("=") + 1).trim();
}

/** The user's previous argv inside gwq's notify (after `--`), or null when the argv is not ours. */
export function unwrap(argv: string[]): string[] | null {
  const i = argv.indexOf("__hook");
  if (i < 0 || argv[i + 1] !== "codex") return null;
  return argv[i + 2] === "--" ? argv.slice(i + 3) : [];
}

function notifyOf(doc: Record<string, unknown>): string[] | null | "bad" {
  const v = doc.notify;
  if (v === undefined) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) return "bad";
  return v as string[];
}

function parseDoc(text: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new TomlEditError(`not valid TOML: ${(e as Error).message.split("\n")[0]}`);
  }
}

/**
 * The text with gwq's notify installed (self = how gwq is run) or removed; null when nothing
 * changes. The result is proven: every other key the same, notify exactly what we meant.
 */
export function editNotify(original: string, self: string[], install: boolean): string | null {
  const doc = parseDoc(original);
  const current = notifyOf(doc);
  if (current === "bad") throw new TomlEditError("notify is not an array of strings");
  const { entries } = topLevel(original);
  const at = entries.find((e) => isNotify(e.key));
  const ours = current ? unwrap(current) !== null : false;
  // Uninstall with nothing of ours in place: nothing to do, whatever the user's notify holds.
  if (!install && !ours) return null;
  const previous = current ? (unwrap(current) ?? current) : [];
  const wanted = install ? [...self, "__hook", "codex", ...(previous.length ? ["--", ...previous] : [])] : previous.length ? previous : null;
  if (isDeepStrictEqual(current, wanted) || (current === null && wanted === null)) return null;
  if (current && !at) throw new TomlEditError("notify is set in a way gwq cannot edit (not a top-level line)");
  let text: string;
  if (install && !ours) {
    if (at) {
      // Keep the user's line, commented out, above ours.
      const theirs = original.slice(at.lineStart, at.lineEnd).replace(/\n$/, "");
      const kept = theirs.split("\n").map((l) => `# ${l}`).join("\n");
      text = original.slice(0, at.lineStart) + `${MARK_WRAP}\n${kept}\nnotify = ${tomlArray(wanted!)}\n` + original.slice(at.lineEnd);
    } else {
      const block = `${MARK_NEW}\nnotify = ${tomlArray(wanted!)}\n`;
      const last = entries[entries.length - 1];
      // A file without a final newline keeps having none (uninstall gives back its exact bytes).
      if (last && last.lineEnd === original.length && !original.endsWith("\n")) text = `${original}\n${block.slice(0, -1)}`;
      else if (last) text = original.slice(0, last.lineEnd) + block + original.slice(last.lineEnd);
      else if (original.trim() === "") text = original + block;
      else text = block + "\n" + original; // at the top, before the first table
    }
  } else if (install) {
    // Ours already, out of date (gwq moved): only the value changes.
    text = original.slice(0, at!.valueStart) + tomlArray(wanted!) + original.slice(at!.valueEnd);
  } else {
    text = restore(original, at!, previous);
  }
  const after = parseDoc(text);
  const strip = (d: Record<string, unknown>) => {
    const { notify: _, ...rest } = d;
    return rest;
  };
  // Uninstall gives back the user's own line, whatever it held (`notify = []` too).
  const got = notifyOf(after);
  const same = install ? isDeepStrictEqual(got, wanted) : previous.length ? isDeepStrictEqual(got, previous) : got === null || isDeepStrictEqual(got, []);
  if (!isDeepStrictEqual(strip(doc), strip(after)) || !same) {
    throw new TomlEditError("the edit would change more than notify");
  }
  return text;
}

/** Put back what install replaced: the user's own line from our comment, else from the argv. */
function restore(text: string, at: Entry, previous: string[]): string {
  const before = text.slice(0, at.lineStart);
  const after = text.slice(at.lineEnd);
  const lines = before.split("\n");
  lines.pop(); // the empty rest after the last newline
  // Our comment block right above: MARK_WRAP then the commented-out user's line(s).
  let k = lines.length - 1;
  while (k >= 0 && lines[k]!.startsWith("# ") && lines[k] !== MARK_WRAP && lines[k] !== MARK_NEW) k--;
  if (k >= 0 && lines[k] === MARK_WRAP && k < lines.length - 1) {
    const theirs = lines.slice(k + 1).map((l) => l.slice(2));
    const head = lines.slice(0, k);
    return [...head, ...theirs].join("\n") + "\n" + after;
  }
  if (lines.length && lines[lines.length - 1] === MARK_NEW) {
    const head = lines.slice(0, -1);
    // Ours was the last line, with no newline after it: the file had none before it either.
    if (after === "" && at.lineEnd === text.length && !text.endsWith("\n") && head.length) return head.join("\n");
    const rest = head.length === 0 && after.startsWith("\n") ? after.slice(1) : after; // the gap added at the top
    return (head.length ? head.join("\n") + "\n" : "") + rest;
  }
  // Our marker was edited away: rebuild from the argv.
  return before + (previous.length ? `notify = ${tomlArray(previous)}\n` : "") + after;
}
