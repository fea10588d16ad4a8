// Checking a config value against its key's type in the schema (schema.ts), with the message a
// user sees: the key, what was expected, and what was written.
import { parseDuration } from "./duration.js";
import { parseSize, SIZE_EXPECTED } from "./size.js";
import type { KeySpec } from "./schema.js";

/** How a value reads in a message: a string quoted, a table or an array named. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "an array";
  if (v instanceof Date) return "a date";
  if (v && typeof v === "object") return "a table";
  return String(v);
}

const EXPECTED: Record<KeySpec["type"], string> = {
  string: "a string",
  boolean: "true or false",
  integer: "an integer",
  duration: 'a duration like "24h", "90m", "1h30m" or 0',
  size: SIZE_EXPECTED.replace(/^expected /, ""),
  path: "a path string",
  "string-map": "a table of strings",
  "string-list": "an array of strings",
};

/** Check one value against its key's type. Returns an error message or null. */
export function checkValue(key: string, spec: KeySpec, v: unknown): string | null {
  const bad = () => `${key}: expected ${EXPECTED[spec.type]}, got ${describe(v)}`;
  switch (spec.type) {
    case "string":
    case "path":
      if (typeof v !== "string") return bad();
      if (spec.program && !spec.emptyOk && v.trim() === "") return `${key}: expected a program, got an empty string`;
      // An empty path would silently mean "the current directory" (histories, worktrees left there).
      if (spec.type === "path" && v.trim() === "") return `${key}: expected a path, got an empty string`;
      return null;
    case "boolean":
      return typeof v === "boolean" ? null : bad();
    case "integer":
      if (typeof v !== "number" && typeof v !== "bigint") return bad();
      if (!Number.isInteger(Number(v))) return bad();
      if (spec.min !== undefined && Number(v) < spec.min) return `${key}: expected an integer of at least ${spec.min}, got ${v}`;
      // tmux's own limit (INT_MAX) for history-limit: past it tmux refuses the session at run time.
      if (spec.max !== undefined && Number(v) > spec.max) return `${key}: expected an integer of at most ${spec.max}, got ${v}`;
      return null;
    case "duration":
      if (typeof v === "number" && v === 0) return null;
      if (typeof v !== "string" || parseDuration(v) === null) return bad();
      return null;
    case "size":
      return parseSize(v) === null ? bad() : null;
    case "string-map":
      if (!v || typeof v !== "object" || Array.isArray(v)) return bad();
      for (const [k, x] of Object.entries(v)) if (typeof x !== "string") return `${key}.${k}: expected a string, got ${describe(x)}`;
      return null;
    case "string-list":
      if (!Array.isArray(v)) return bad();
      for (const x of v) {
        if (typeof x !== "string") return `${key}: expected an array of strings, got an array holding ${describe(x)}`;
        if (spec.choices && !spec.choices.includes(x)) return `${key}: unknown value ${JSON.stringify(x)} (valid: ${spec.choices.join(", ")})`;
      }
      return null;
  }
}

/** A TOML table (not an array, not a date). */
export function isTable(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);
}
