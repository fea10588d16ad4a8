// Edit a user's JSON settings file and keep every byte we do not mean to change: key order,
// indentation, inline arrays, comments (Gemini CLI accepts `//` and `/* */` in settings.json),
// the final newline. JSON.stringify of the parsed file would rewrite all of it, so we parse into
// spans (where each value starts and ends in the text) and splice text in and out, copying the
// layout of the neighbours. Each edit is undone exactly by the matching removal, so install then
// uninstall gives the original file back.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface Member {
  key: string;
  /** Start of the key's opening quote: a member's span is keyStart..value.end. */
  keyStart: number;
  value: JNode;
}

export interface JNode {
  kind: "object" | "array" | "string" | "number" | "literal";
  start: number;
  end: number;
  value: JsonValue;
  members?: Member[];
  items?: JNode[];
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parse JSON (comments allowed as whitespace) into a tree of spans. */
export function parseSpans(text: string): JNode {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at line ${text.slice(0, i).split("\n").length}`, i);
  };
  const skip = () => {
    for (;;) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF") i++;
      else if (c === "/" && text[i + 1] === "/") {
        while (i < text.length && text[i] !== "\n") i++;
      } else if (c === "/" && text[i + 1] === "*") {
        const close = text.indexOf("*/", i + 2);
        if (close < 0) fail("unterminated comment");
        i = close + 2;
      } else return;
    }
  };
  const str = (): JNode => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text[i] === "\n") fail("line break in a string");
      i++;
    }
    if (text[i] !== '"') fail("unterminated string");
    i++;
    let value: string;
    try {
      value = JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail("bad escape in a string");
    }
    return { kind: "string", start, end: i, value };
  };
  const val = (): JNode => {
    skip();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const members: Member[] = [];
      const obj: Record<string, JsonValue> = {};
      skip();
      if (text[i] === "}") i++;
      else
        for (;;) {
          skip();
          if (text[i] !== '"') fail("expected a key");
          const k = str();
          skip();
          if (text[i] !== ":") fail("expected ':'");
          i++;
          const v = val();
          members.push({ key: k.value as string, keyStart: k.start, value: v });
          obj[k.value as string] = v.value;
          skip();
          if (text[i] === ",") i++;
          else if (text[i] === "}") {
            i++;
            break;
          } else fail("expected ',' or '}'");
        }
      return { kind: "object", start, end: i, value: obj, members };
    }
    if (c === "[") {
      i++;
      const items: JNode[] = [];
      skip();
      if (text[i] === "]") i++;
      else
        for (;;) {
          items.push(val());
          skip();
          if (text[i] === ",") i++;
          else if (text[i] === "]") {
            i++;
            break;
          } else fail("expected ',' or ']'");
        }
      return { kind: "array", start, end: i, value: items.map((x) => x.value), items };
    }
    if (c === '"') return str();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return fail("unexpected character");
    i += m[0].length;
    const word = m[0];
    return { kind: /^[-\d]/.test(word) ? "number" : "literal", start, end: i, value: JSON.parse(word) as JsonValue };
  };
  const root = val();
  skip();
  if (i < text.length) fail("unexpected text after the end");
  return root;
}

/** The indentation step the file uses ("" for a file on one line). */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (m) return m[1]!;
  return text.includes("\n") || text.trim().length <= 2 ? "  " : "";
}

/** Leading whitespace of the line holding offset `at`. */
function lineIndent(text: string, at: number): string {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** JSON for `value`, laid out as the file lays things out, continuing at indentation `base`. */
function render(value: JsonValue, unit: string, base: string): string {
  if (!unit) return JSON.stringify(value);
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${base}`);
}

export type Splice = { at: number; remove: number; insert: string };

export function apply(text: string, s: Splice): string {
  return text.slice(0, s.at) + s.insert + text.slice(s.at + s.remove);
}

/** Start offset of each element of a container: an array's items, an object's members. */
function starts(node: JNode): number[] {
  return node.kind === "object" ? node.members!.map((m) => m.keyStart) : node.items!.map((x) => x.start);
}

function ends(node: JNode): number[] {
  return node.kind === "object" ? node.members!.map((m) => m.value.end) : node.items!.map((x) => x.end);
}

/**
 * Add an element at the end of an object or array. `make(base)` renders it continuing at
 * indentation `base`, or on one line when `base` is null.
 */
function appendEntry(text: string, node: JNode, make: (base: string | null) => string): Splice {
  const unit = indentUnit(text);
  const s = starts(node);
  const e = ends(node);
  if (s.length) {
    // The whitespace just before the last element: the new one is laid out the same way.
    const lead = /[ \t\r\n]*$/.exec(text.slice(0, s[s.length - 1]!))![0];
    const multiline = lead.includes("\n") && unit !== "";
    return { at: e[e.length - 1]!, remove: 0, insert: `,${lead}${make(multiline ? lead.slice(lead.lastIndexOf("\n") + 1) : null)}` };
  }
  const outer = lineIndent(text, node.start);
  const inner = text.slice(node.start + 1, node.end - 1);
  const said = inner.trimEnd().length;
  if (said > 0) {
    // Empty but for the user's comments: they stay, and the element goes after them (the
    // whitespace before the closing bracket stays too, so removing it gives the text back).
    const lead = unit ? `\n${outer}${unit}` : " ";
    return { at: node.start + 1 + said, remove: 0, insert: `${lead}${make(unit ? outer + unit : null)}` };
  }
  // Empty container: open it onto lines of its own (or keep it on one line in a one-line file).
  const body = unit ? `\n${outer}${unit}${make(outer + unit)}\n${outer}` : make(null);
  return { at: node.start + 1, remove: node.end - node.start - 2, insert: body };
}

/** Append a value to an array. */
export function appendItem(text: string, arr: JNode, value: JsonValue): Splice {
  const unit = indentUnit(text);
  return appendEntry(text, arr, (base) => (base === null ? JSON.stringify(value) : render(value, unit, base)));
}

/** Add `"key": value` as the last member of an object. */
export function addMember(text: string, obj: JNode, key: string, value: JsonValue): Splice {
  const unit = indentUnit(text);
  return appendEntry(text, obj, (base) =>
    base === null ? `${JSON.stringify(key)}:${JSON.stringify(value)}` : `${JSON.stringify(key)}: ${render(value, unit, base)}`,
  );
}

/**
 * Remove element `index` of an object or array: with the separator and the whitespace that came
 * with it, so that removing what appendEntry added restores the text it was added to.
 */
export function removeEntry(text: string, node: JNode, index: number): Splice {
  const s = starts(node);
  const e = ends(node);
  if (s.length === 1) {
    // A comment of the user's before the element stays, with the whitespace after the element.
    const before = text.slice(node.start + 1, s[0]).trimEnd().length;
    if (before > 0) return { at: node.start + 1 + before, remove: e[0]! - (node.start + 1 + before), insert: "" };
    return { at: node.start + 1, remove: node.end - node.start - 2, insert: "" };
  }
  if (index > 0) return { at: e[index - 1]!, remove: e[index]! - e[index - 1]!, insert: "" };
  return { at: s[0]!, remove: s[1]! - s[0]!, insert: "" };
}

/** Replace one value (a string, say) in place. */
export function replaceValue(text: string, node: JNode, value: JsonValue): Splice {
  return { at: node.start, remove: node.end - node.start, insert: render(value, indentUnit(text), lineIndent(text, node.start)) };
}

/**
 * The member `key` of an object. A key given twice counts as its last occurrence, as JSON.parse
 * (and so every agent) reads it: editing the first would change a value nobody reads.
 */
export function member(obj: JNode, key: string): JNode | undefined {
  const i = memberIndex(obj, key);
  return i < 0 ? undefined : obj.members![i]!.value;
}

export function memberIndex(obj: JNode, key: string): number {
  const ms = obj.members ?? [];
  for (let i = ms.length - 1; i >= 0; i--) if (ms[i]!.key === key) return i;
  return -1;
}

/** Whether a container holds anything besides its elements and whitespace (a comment). */
export function hasComment(text: string, node: JNode): boolean {
  let at = node.start + 1;
  for (const [s, e] of starts(node).map((x, i) => [x, ends(node)[i]!] as const)) {
    if (/\/[/*]/.test(text.slice(at, s))) return true;
    at = e;
  }
  return /\/[/*]/.test(text.slice(at, node.end - 1));
}
