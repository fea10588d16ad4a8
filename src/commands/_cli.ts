// The command layer: every command is declared as data (_manifest.ts: names, arguments, flags,
// help) and parsed here in one left-to-right walk over argv; only the module of the command that
// runs is imported (_registry.ts). Flag and argument types follow from
// the declarations, so a command's code cannot read a flag it did not declare. Usage errors are
// UsageError (exit 2), one line naming the valid values.
import { UsageError } from "../errors.js";

/** What a shell completion offers for an argument (`gwq completion __items <kind>`). */
export type Complete = "branches" | "worktrees" | "sessions" | "config-keys" | "shells" | "hosts" | "agents";

export interface FlagSpec {
  /** "string" takes a value; "boolean" is a switch. */
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly description: string;
  /** The value's name in help: `--timeout <duration>`. */
  readonly value?: string;
  readonly default?: string;
  /** A string flag that may be repeated; the values are collected in order. */
  readonly multiple?: boolean;
  /** A switch that exists only as --no-<name> (on unless given): --no-fetch, --no-detach. */
  readonly negated?: boolean;
  /** What a shell completion offers as the value (`tmux run -w <worktree>`). */
  readonly complete?: Complete;
}

export interface ArgSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes every remaining word (the last argument only), including those after `--`. */
  readonly variadic?: boolean;
  readonly default?: string;
  readonly complete?: Complete;
}

export interface CommandSpec {
  /** One line, in the parent's list of commands. */
  readonly summary: string;
  /** The help's first paragraph (default: the summary). */
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly hidden?: boolean;
  /** The usage line after `gwq <path>` (default: built from the flags and arguments). */
  readonly usage?: string;
  readonly args?: readonly ArgSpec[];
  readonly flags?: Readonly<Record<string, FlagSpec>>;
  /** Help text after the flags. */
  readonly help?: string;
  /** The words after the command name are handed over unparsed (exec parses its own `--`). */
  readonly raw?: boolean;
  /** Flags only before the first argument; from there every word is an argument, `--`
   *  included (`gwq tmux run ls -la` runs `ls -la`, as `docker run` does). */
  readonly positionalFlags?: boolean;
  readonly subcommands?: Readonly<Record<string, CommandSpec>>;
  /** With subcommands: the command also runs by itself (completion <shell>). */
  readonly runs?: boolean;
}

/** Keep a declaration's literal types (flag names, argument names) for Invocation<>. */
export function command<const S extends CommandSpec>(spec: S): S {
  return spec;
}

type FlagValue<F extends FlagSpec> = F["type"] extends "boolean"
  ? boolean
  : F["multiple"] extends true
    ? string[]
    : F["default"] extends string
      ? string
      : string | undefined;

type ArgValue<A extends ArgSpec> = A["variadic"] extends true ? string[] : A["required"] extends true ? string : A["default"] extends string ? string : string | undefined;

/** What a command's code receives: its arguments by name and its flags, typed from its spec. */
export interface Invocation<S extends CommandSpec> {
  args: S["args"] extends readonly ArgSpec[] ? { [A in S["args"][number] as A["name"]]: ArgValue<A> } : Record<string, never>;
  flags: S["flags"] extends Readonly<Record<string, FlagSpec>> ? { -readonly [K in keyof S["flags"]]: FlagValue<S["flags"][K]> } : Record<string, never>;
  /** A `--` was given: the words after it are arguments, never flags (tmux run -- argv). */
  dashdash: boolean;
  /** The words after the command name, as given (raw commands parse them themselves). */
  words: string[];
}

/** The parse of a whole command line. */
export type Parsed =
  | { kind: "run"; path: string[]; spec: CommandSpec; invocation: Invocation<CommandSpec>; debug: boolean }
  | { kind: "help"; path: string[]; spec: CommandSpec | null; debug: boolean }
  | { kind: "version"; debug: boolean };

/** --debug is gwq's anywhere before `--`; -h/--help every command's. */
const COMMON = { help: { type: "boolean", short: "h" }, debug: { type: "boolean" } } as const;

export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A name or alias of `table`, or undefined. */
export function lookup(table: Readonly<Record<string, CommandSpec>>, name: string): [string, CommandSpec] | undefined {
  const own = table[name];
  if (own) return [name, own];
  for (const [n, s] of Object.entries(table)) if (s.aliases?.includes(name)) return [n, s];
  return undefined;
}

export const visible = (table: Readonly<Record<string, CommandSpec>>) => Object.entries(table).filter(([, s]) => !s.hidden);

/**
 * Walk argv once: root flags, the command (and subcommand) by name, then that command's flags
 * and arguments. `root` describes gwq itself (its subcommands are the commands).
 */
export function parseCommandLine(root: CommandSpec, argv: string[]): Parsed {
  let debug = false;
  let i = 0;
  // Root flags, before the command only: `gwq tmux list -v` is list's --verbose.
  for (; i < argv.length && argv[i]!.startsWith("-"); i++) {
    const a = argv[i]!;
    if (a === "--debug") debug = true;
    else if (a === "-h" || a === "--help") return { kind: "help", path: [], spec: root, debug };
    else if (a === "-v" || a === "--version") return { kind: "version", debug };
    else throw new UsageError(`unknown option '${a}' (gwq's own flags: -h/--help, -v/--version, --debug; a command's go after its name)`);
  }
  if (i === argv.length) return { kind: "help", path: [], spec: root, debug };
  if (argv[i] === "help") return helpFor(root, argv.slice(i + 1), debug);
  const path: string[] = [];
  let spec = root;
  for (;;) {
    const table = spec.subcommands!;
    const word = argv[i]!;
    const found = lookup(table, word);
    if (!found) {
      if (spec.runs) break; // completion <shell>: not a subcommand, an argument
      const scope = path.length ? `${path.join(" ")} ` : "";
      throw new UsageError(`unknown command '${scope}${word}' (valid commands: ${visible(table).map(([n]) => n).join(", ")})`);
    }
    path.push(found[0]);
    spec = found[1];
    i++;
    if (!spec.subcommands) break;
    // A group: its flags are -h and --debug; then a subcommand (none: its help).
    while (i < argv.length && argv[i]!.startsWith("-") && !spec.runs) {
      const a = argv[i]!;
      if (a === "--debug") debug = true;
      else if (a === "-h" || a === "--help") return { kind: "help", path, spec, debug };
      else throw new UsageError(`unknown option '${a}' for '${path.join(" ")}' (valid: -h, --help; then a command: ${visible(spec.subcommands).map(([n]) => n).join(", ")})`);
      i++;
    }
    if (i === argv.length) {
      if (spec.runs) break;
      return { kind: "help", path, spec, debug };
    }
  }
  const words = argv.slice(i);
  if (spec.raw) return { kind: "run", path, spec, invocation: { args: {}, flags: {}, dashdash: words.includes("--"), words } as Invocation<CommandSpec>, debug };
  const r = parseLeaf(path, spec, words);
  if (r === "help") return { kind: "help", path, spec, debug: debug || words.includes("--debug") };
  return { kind: "run", path, spec, invocation: r.invocation, debug: debug || r.debug };
}

function helpFor(root: CommandSpec, names: string[], debug: boolean): Parsed {
  let spec = root;
  const path: string[] = [];
  for (const n of names) {
    if (!spec.subcommands) break;
    const found = lookup(spec.subcommands, n);
    if (!found) {
      const scope = path.length ? `${path.join(" ")} ` : "";
      throw new UsageError(`unknown command '${scope}${n}' (valid commands: ${visible(spec.subcommands).map(([x]) => x).join(", ")})`);
    }
    path.push(found[0]);
    spec = found[1];
  }
  return { kind: "help", path, spec, debug };
}

type Token =
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
export function tokenize(words: string[], options: Record<string, { type: "string" | "boolean"; short?: string }>, positionalFlags = false): Token[] {
  const shortToLong = new Map<string, string>();
  for (const [long, o] of Object.entries(options)) if (o.short) shortToLong.set(o.short, long);
  const takesValue = (long: string) => options[long]?.type === "string";
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

/** A command's own flags and arguments. */
function parseLeaf(path: string[], spec: CommandSpec, words: string[]): { invocation: Invocation<CommandSpec>; debug: boolean } | "help" {
  const flags = spec.flags ?? {};
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = { ...COMMON };
  const byLong = new Map<string, [string, FlagSpec]>();
  for (const [key, f] of Object.entries(flags)) {
    const long = f.negated ? `no-${kebab(key)}` : kebab(key);
    options[long] = { type: f.negated ? "boolean" : f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) };
    byLong.set(long, [key, f]);
  }
  const name = path.join(" ");
  const valid = () => [...byLong.keys()].map((l) => `--${l}`).concat("--help").join(", ");
  const tokens = tokenize(words, options, spec.positionalFlags);
  const values: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(flags)) values[key] = f.negated ? true : f.type === "boolean" ? false : f.multiple ? [] : f.default;
  const positionals: string[] = [];
  let dashdash = false;
  let debug = false;
  for (const t of tokens) {
    if (t.kind === "option-terminator") {
      dashdash = true;
      continue;
    }
    if (t.kind === "positional") {
      positionals.push(t.value);
      continue;
    }
    if (t.name === "help") return "help";
    if (t.name === "debug") {
      debug = true;
      continue;
    }
    const known = byLong.get(t.name);
    if (!known) {
      // A group of unknown short flags (-la) is reported as written.
      const raw = t.rawName.startsWith("--") ? t.rawName : words[t.index]!.startsWith("--") ? t.rawName : words[t.index]!.split("=")[0]!;
      throw new UsageError(`unknown option '${raw}' for '${name}' (valid: ${valid()})`);
    }
    const [key, f] = known;
    const shown = f.short ? `-${f.short}, --${t.name}` : `--${t.name}`;
    if (f.negated || f.type === "boolean") {
      if (t.value !== undefined) throw new UsageError(`option '${shown}' takes no value (got "${t.value}")`);
      values[key] = !f.negated;
      continue;
    }
    if (t.value === undefined) throw new UsageError(`option '${shown} <${f.value ?? "value"}>' argument missing`);
    if (f.multiple) (values[key] as string[]).push(t.value);
    else values[key] = t.value;
  }
  // Arguments in order; a variadic last one takes the rest.
  const argSpecs = spec.args ?? [];
  const args: Record<string, unknown> = {};
  let p = 0;
  for (const a of argSpecs) {
    if (a.variadic) {
      args[a.name] = positionals.slice(p);
      if (a.required && p >= positionals.length) throw new UsageError(`missing required argument '${a.name}' for '${name}'`);
      p = positionals.length;
    } else if (p < positionals.length) args[a.name] = positionals[p++];
    else if (a.required) throw new UsageError(`missing required argument '${a.name}' for '${name}'`);
    else args[a.name] = a.default;
  }
  if (p < positionals.length) {
    const n = argSpecs.length;
    throw new UsageError(`too many arguments for '${name}': expected ${n === 0 ? "none" : `at most ${n} (${argSpecs.map((a) => a.name).join(", ")})`}, got ${JSON.stringify(positionals[p])}`);
  }
  return { invocation: { args, flags: values, dashdash, words } as Invocation<CommandSpec>, debug };
}

// ---------------------------------------------------------------------------------------------
// Help

function flagLines(spec: CommandSpec): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, f] of Object.entries(spec.flags ?? {})) {
    const long = f.negated ? `--no-${kebab(key)}` : `--${kebab(key)}`;
    const value = f.type === "string" && !f.negated ? ` <${f.value ?? "value"}>` : "";
    const def = f.default !== undefined ? ` (default: ${JSON.stringify(f.default)})` : "";
    rows.push([`${f.short ? `-${f.short}, ` : "    "}${long}${value}`, `${f.description}${def}`]);
  }
  rows.push(["-h, --help", "show help"]);
  return rows;
}

function columns(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`.trimEnd()).join("\n");
}

function argWord(a: ArgSpec): string {
  const n = `${a.name}${a.variadic ? "..." : ""}`;
  return a.required ? `<${n}>` : `[${n}]`;
}

/** Help for a command (or gwq itself, path []), as printed by --help and `gwq help <command>`. */
export function renderHelp(path: string[], spec: CommandSpec, rootFlags: [string, string][] = []): string {
  const prog = ["gwq", ...path].join(" ");
  const subs = spec.subcommands ? visible(spec.subcommands) : [];
  // Every command takes -h, so "[options]"; a group then "[command]" (the wording commander used).
  const usage = spec.usage ?? ["[options]", subs.length ? "[command]" : "", ...(spec.args ?? []).map(argWord)].filter(Boolean).join(" ");
  const parts = [`Usage: ${prog}${usage ? ` ${usage}` : ""}`, "", spec.description ?? spec.summary];
  const args = (spec.args ?? []).map((a): [string, string] => [argWord(a), a.description + (a.default !== undefined ? ` (default: ${a.default})` : "")]);
  if (args.length) parts.push("", "Arguments:", columns(args));
  parts.push("", "Options:", columns(path.length ? flagLines(spec) : rootFlags));
  if (subs.length) {
    const rows = subs.map(([n, s]): [string, string] => [[n, ...(s.aliases ?? [])].join(", "), s.summary]);
    parts.push("", "Commands:", columns(rows));
  }
  if (spec.help) parts.push("", spec.help);
  return parts.join("\n") + "\n";
}
