// The one way gwq writes shell text. Every value interpolated into `sh`…`` becomes one shell word
// by one rule (`quote`); an array becomes one word per element; the template's own text is the
// author's shell code. Text that must go in unquoted is marked with `raw(…)`, so a reader sees
// every deliberate exception where it is made. Unit-tested through a real sh and bash with hostile
// values (test/unit/shell.test.ts).
//
// Where tmux expands the text before its shell sees it (run-shell expands formats, pipe-pane
// strftime and then formats: docs/tmux-facts.md), `tmuxSh` builds the same text with values that
// hold no `#` and no `%`: those bytes are made by the shell at run time (`printf '\043'`). So the
// text means the same to tmux's run-shell, to its pipe-pane, and to a plain `sh -c`.

/** A piece of shell text that goes in as written: only for gwq's own, checked text. */
export class Raw {
  constructor(readonly text: string) {}
}

/** Mark `text` as shell code to be inserted unquoted. */
export function raw(text: string): Raw {
  return new Raw(text);
}

export type ShellValue = string | number | readonly string[] | Raw;

/** Bytes a word may hold and still stay bare: none is special to sh, bash or zsh. */
const BARE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;
/** A bare word shaped like this would be read as an assignment in command position. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `word` (as the shell sees it) would be an assignment before a command: `FOO=1 claude`. */
export function isAssignment(word: string): boolean {
  return ASSIGNMENT.test(word);
}

/** `s` inside single quotes: every `'` closes them, is escaped, and reopens them. */
function singleQuoted(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * One shell word that reads back as `s`, byte for byte, in any POSIX shell: plain words stay bare
 * (so a command line reads as a person would type it), any other is single-quoted, a `'` inside
 * written as `'\''`. The empty string is `''`.
 */
export function quote(s: string): string {
  if (BARE.test(s) && !ASSIGNMENT.test(s)) return s;
  return singleQuoted(s);
}

/** Where a value goes in shell text someone else wrote: outside quotes, inside '…', inside "…". */
export type QuoteState = "none" | "single" | "double";

/**
 * `value` spliced into shell text written by someone else (a setup command's `{{.Branch}}`), where
 * the text's quoting state is `state`, so it stays literal text of the word it lands in. Outside
 * quotes it is always single-quoted, even a plain word, because the text around it may make a
 * bare word mean more (`~{{.X}}` would be a home directory, `{a,{{.X}}}` a brace list).
 */
export function quoteAt(value: string, state: QuoteState): string {
  if (state === "double") return value.replace(/[\\$`"]/g, "\\$&");
  if (state === "single") return value.replace(/'/g, `'\\''`);
  return singleQuoted(value);
}

/** One word per element, separated by spaces. */
export function words(argv: readonly string[]): string {
  return argv.map(quote).join(" ");
}

function render(value: ShellValue, word: (s: string) => string): string {
  if (value instanceof Raw) return value.text;
  if (typeof value === "string") return word(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`shell text: not a finite number: ${value}`);
    return word(String(value));
  }
  if (Array.isArray(value)) return value.map((v: unknown) => {
    if (typeof v !== "string") throw new TypeError("shell text: an array must hold only strings");
    return word(v);
  }).join(" ");
  throw new TypeError(`shell text: cannot interpolate a ${typeof value}`);
}

type Tag = (strings: TemplateStringsArray, ...values: ShellValue[]) => string;

function tag(quoteWord: (s: string) => string): Tag {
  const word = (s: string) => {
    // No shell word, argument or environment value can hold one.
    if (s.includes("\0")) throw new TypeError("shell text: a value cannot hold a NUL byte");
    return quoteWord(s);
  };
  return (strings, ...values) => {
    let out = strings[0]!;
    values.forEach((v, i) => (out += render(v, word) + strings[i + 1]!));
    return out;
  };
}

/** Shell text: `sh\`cd ${dir} && exec ${argv}\``. */
export const sh: Tag = tag(quote);

/** `#` and `%` as the shell makes them, closing and reopening the single quotes around them. */
const MADE = { "#": `'"$(printf '\\043')"'`, "%": `'"$(printf '\\045')"'` } as const;

/**
 * The one rule for a value in text tmux expands first: `quote`, with every `#` and `%` (which
 * tmux's format expander and strftime would take) produced by printf when the shell runs.
 */
export function tmuxQuote(s: string): string {
  if (!/[#%]/.test(s)) return quote(s);
  return singleQuoted(s).replace(/[#%]/g, (c) => MADE[c as "#" | "%"]);
}

/** Shell text for tmux's run-shell or pipe-pane: the template's own `#{…}` are tmux's to expand. */
export const tmuxSh: Tag = tag(tmuxQuote);
