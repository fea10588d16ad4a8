// A flag as data (declared in the command specs, _specs-*.ts) and the one place its value is
// checked: choices, whole or decimal numbers with bounds, durations, and flags that cannot go
// together. A command's code receives the value already typed (a number, one of the choices) and
// never checks it again. A bad value is a UsageError (exit 2), one line naming what is valid.
import { parseDuration } from "../config/duration.js";
import { UsageError } from "../errors.js";

/** What a shell completion offers for an argument (`gwq completion __items <kind>`). */
export type Complete = "branches" | "worktrees" | "sessions" | "config-keys" | "shells" | "hosts" | "agents";

export interface FlagSpec {
  /** "boolean" is a switch; the others take a value: text, a number, a duration (milliseconds). */
  readonly type: "string" | "boolean" | "number" | "duration";
  readonly short?: string;
  readonly description: string;
  /** The value's name in help: `--timeout <duration>`. */
  readonly value?: string;
  /** As written on the command line (and shown in help); converted like a given value. */
  readonly default?: string;
  /** A string flag that may be repeated; the values are collected in order. */
  readonly multiple?: boolean;
  /** A switch that exists only as --no-<name> (on unless given): --no-fetch, --no-detach. */
  readonly negated?: boolean;
  /** What a shell completion offers as the value (`tmux run -w <worktree>`). */
  readonly complete?: Complete;
  /** A string flag that cannot be empty or blank (`--id ""`). */
  readonly nonEmpty?: boolean;
  /** A string flag: the only values it takes. */
  readonly choices?: readonly string[];
  /** A number: whole (`5`) rather than decimal (`0.5`). */
  readonly integer?: boolean;
  /** A number: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** A number or duration: must be more than this. */
  readonly above?: number;
  /** What a number counts, for the error ("a whole number of days"). */
  readonly unit?: string;
  /** A duration: a bare number is seconds (`--timeout 90`). */
  readonly bareSeconds?: boolean;
  /** Flags (by key) that cannot be given together with this one. */
  readonly conflicts?: readonly string[];
}

type Present<F extends FlagSpec, T> = F["default"] extends string ? T : T | undefined;

/** The value a command's code receives for a flag, from its declaration. */
export type FlagValue<F extends FlagSpec> = F["type"] extends "boolean"
  ? boolean
  : F["multiple"] extends true
    ? string[]
    : F["type"] extends "number" | "duration"
      ? Present<F, number>
      : F["choices"] extends readonly (infer C)[]
        ? Present<F, C>
        : Present<F, string>;

export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flag as the user writes it: --max-restarts, --no-detach. */
export const longName = (key: string, f: FlagSpec) => (f.negated ? `no-${kebab(key)}` : kebab(key));

/** What a number flag takes, in words: "a whole number from 0 to 100000". */
function numberWords(f: FlagSpec): string {
  const what = `${f.integer ? "a whole number" : "a number"}${f.unit ? ` of ${f.unit}` : ""}`;
  if (f.min !== undefined && f.max !== undefined) return `${what} from ${f.min} to ${f.max}`;
  if (f.min !== undefined) return `${what}, ${f.min} or more`;
  if (f.above !== undefined) return `${what} greater than ${f.above}`;
  if (f.max !== undefined) return `${what}, at most ${f.max}`;
  return what;
}

/** A value as written (given or the default) converted to what the command receives. */
export function convert(key: string, f: FlagSpec, text: string): string | number {
  const flag = `--${longName(key, f)}`;
  if (f.type === "number") {
    const t = text.trim();
    const n = Number(t);
    const shape = f.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
    const ok =
      shape.test(t) &&
      Number.isSafeInteger(Math.trunc(n)) &&
      (f.min === undefined || n >= f.min) &&
      (f.max === undefined || n <= f.max) &&
      (f.above === undefined || n > f.above);
    if (!ok) throw new UsageError(`invalid ${flag} "${text}" (${numberWords(f)})`);
    return n;
  }
  if (f.type === "duration") {
    const t = text.trim();
    const ms = f.bareSeconds && /^\d+(\.\d+)?$/.test(t) ? Math.round(Number(t) * 1000) : parseDuration(t);
    if (ms === null) throw new UsageError(`invalid ${flag} "${text}" (a duration like 30s, 10m, 1h30m or 7d${f.bareSeconds ? ", or a number of seconds" : ""})`);
    if (f.above !== undefined && ms <= f.above) throw new UsageError(`invalid ${flag} "${text}" (must be more than zero)`);
    return ms;
  }
  if (f.nonEmpty && text.trim() === "") throw new UsageError(`${flag} must not be empty`);
  if (f.choices && !f.choices.includes(text)) throw new UsageError(`invalid ${flag} "${text}" (valid: ${f.choices.join(", ")})`);
  return text;
}

/** The values before any word is read: defaults converted, switches off (negated ones on). */
export function initialValues(flags: Readonly<Record<string, FlagSpec>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(flags)) {
    values[key] = f.negated ? true : f.type === "boolean" ? false : f.multiple ? [] : f.default === undefined ? undefined : convert(key, f, f.default);
  }
  return values;
}

/** Two given flags that a declaration says cannot go together. */
export function checkConflicts(flags: Readonly<Record<string, FlagSpec>>, given: ReadonlySet<string>): void {
  for (const key of given) {
    for (const other of flags[key]?.conflicts ?? []) {
      if (!given.has(other)) continue;
      throw new UsageError(`--${longName(key, flags[key]!)} and --${longName(other, flags[other]!)} cannot be used together`);
    }
  }
}
