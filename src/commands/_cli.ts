// The command layer: every command is declared as data (_specs-*.ts: names, arguments, typed
// flags, help; _manifest.ts puts them in a tree, each with the `load` that imports its code only
// when it runs) and parsed here in one left-to-right walk over argv. Flag and argument types
// follow from the declarations, so a command's code cannot read a flag it did not declare, and
// flag values arrive checked (_flags.ts). Usage errors are UsageError (exit 2), one line naming
// the valid values.
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { checkConflicts, convert, initialValues, longName, type Complete, type FlagSpec, type FlagValue } from "./_flags.js";

import { tokenize, type TokenOption } from "./_tokenize.js";

export { kebab, type Complete, type FlagSpec } from "./_flags.js";

export interface ArgSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes every remaining word (the last argument only), including those after `--`. */
  readonly variadic?: boolean;
  readonly default?: string;
  readonly complete?: Complete;
  /** The last argument only: exactly the words after a `--`, which is then required (exec). */
  readonly afterDashdash?: boolean;
}

/** A command's code: what it needs from its surroundings, then its parsed command line. */
export type Run<S extends CommandSpec = CommandSpec> = (ctx: CliContext, inv: Invocation<S>) => void | Promise<void>;

/** The module of a command's code, as its `load` imports it. Each module types its invocation
 *  from its own spec; here they are all one shape. */
export interface CommandModule {
  default: (ctx: CliContext, inv: never) => void | Promise<void>;
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
  /** Imports the command's code (a runnable command has one; a group does not). */
  readonly load?: () => Promise<CommandModule>;
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

type ArgValue<A extends ArgSpec> = A["variadic"] extends true ? string[] : A["required"] extends true ? string : A["default"] extends string ? string : string | undefined;

/** What a command's code receives: its arguments by name and its flags, typed from its spec. */
export interface Invocation<S extends CommandSpec> {
  args: S["args"] extends readonly ArgSpec[] ? { [A in S["args"][number] as A["name"]]: ArgValue<A> } : Record<string, never>;
  flags: S["flags"] extends Readonly<Record<string, FlagSpec>> ? { -readonly [K in keyof S["flags"]]: FlagValue<S["flags"][K]> } : Record<string, never>;
  /** A `--` was given: the words after it are arguments, never flags (tmux run -- argv). */
  dashdash: boolean;
  /** The command tree this was parsed from (gwq's: what the completion scripts are made of). */
  root: CommandSpec;
  /** The words after the command name, as given (what `--host` sends to the far gwq). */
  words: string[];
}

/** The parse of a whole command line. */
export type Parsed =
  | { kind: "run"; path: string[]; spec: CommandSpec; invocation: Invocation<CommandSpec>; debug: boolean }
  | { kind: "help"; path: string[]; spec: CommandSpec | null; debug: boolean }
  | { kind: "version"; debug: boolean };

/** --debug is gwq's anywhere before `--`; -h/--help every command's. */
const COMMON = { help: { type: "boolean", short: "h" }, debug: { type: "boolean" } } as const;

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
  const r = parseLeaf(root, path, spec, words);
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

/** A command's own flags and arguments. */
function parseLeaf(root: CommandSpec, path: string[], spec: CommandSpec, words: string[]): { invocation: Invocation<CommandSpec>; debug: boolean } | "help" {
  const flags = spec.flags ?? {};
  const options: Record<string, TokenOption> = { ...COMMON };
  const byLong = new Map<string, [string, FlagSpec]>();
  for (const [key, f] of Object.entries(flags)) {
    const long = longName(key, f);
    options[long] = { type: f.negated ? "boolean" : f.type, ...(f.short ? { short: f.short } : {}) };
    byLong.set(long, [key, f]);
  }
  const name = path.join(" ");
  const valid = () => [...byLong.keys()].map((l) => `--${l}`).concat("--help").join(", ");
  const tokens = tokenize(words, options, spec.positionalFlags);
  const values = initialValues(flags);
  const given = new Set<string>();
  const positionals: string[] = [];
  /** How many arguments came before the `--` (all of them when there is none). */
  let beforeDashdash = -1;
  let debug = false;
  for (const t of tokens) {
    if (t.kind === "option-terminator") {
      beforeDashdash = positionals.length;
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
    given.add(key);
    const shown = f.short ? `-${f.short}, --${t.name}` : `--${t.name}`;
    if (f.negated || f.type === "boolean") {
      if (t.value !== undefined) throw new UsageError(`option '${shown}' takes no value (got "${t.value}")`);
      values[key] = !f.negated;
      continue;
    }
    if (t.value === undefined) throw new UsageError(`option '${shown} <${f.value ?? "value"}>' argument missing`);
    if (f.multiple) (values[key] as unknown[]).push(convert(key, f, t.value));
    else values[key] = convert(key, f, t.value);
  }
  checkConflicts(flags, given);
  const args = assignArgs(name, spec, positionals, beforeDashdash);
  return { invocation: { args, flags: values, dashdash: beforeDashdash >= 0, root, words } as Invocation<CommandSpec>, debug };
}

/** Arguments in order; a variadic last one takes the rest, an `afterDashdash` one what follows `--`. */
function assignArgs(name: string, spec: CommandSpec, positionals: string[], beforeDashdash: number): Record<string, unknown> {
  const argSpecs = spec.args ?? [];
  const last = argSpecs[argSpecs.length - 1];
  let before = positionals;
  const args: Record<string, unknown> = {};
  if (last?.afterDashdash) {
    const synopsis = `gwq ${name} ${spec.usage ?? ""}`.trimEnd();
    if (beforeDashdash < 0) throw new UsageError(`${name} needs the -- separator before the ${last.name}: ${synopsis}`);
    before = positionals.slice(0, beforeDashdash);
    args[last.name] = positionals.slice(beforeDashdash);
    if (last.required && beforeDashdash === positionals.length) throw new UsageError(`no ${last.name} after --: ${synopsis}`);
  }
  let p = 0;
  for (const a of argSpecs) {
    if (a.afterDashdash) continue;
    if (a.variadic) {
      args[a.name] = before.slice(p);
      if (a.required && p >= before.length) throw new UsageError(`missing required argument '${a.name}' for '${name}'`);
      p = before.length;
    } else if (p < before.length) args[a.name] = before[p++];
    else if (a.required) throw new UsageError(`missing required argument '${a.name}' for '${name}'`);
    else args[a.name] = a.default;
  }
  if (p < before.length) {
    const own = argSpecs.filter((a) => !a.afterDashdash);
    const n = own.length;
    const where = last?.afterDashdash ? " before --" : "";
    throw new UsageError(`too many arguments for '${name}'${where}: expected ${n === 0 ? "none" : `at most ${n} (${own.map((a) => a.name).join(", ")})`}, got ${JSON.stringify(before[p])}`);
  }
  return args;
}
