// `gwq config set`: change one value in a TOML file and keep everything else the user wrote —
// comments, order, blank lines. We edit the text (smol-toml's stringify would drop comments) and
// re-parse the result to prove the edit means what we intended before writing it.
import { atomicWrite } from "../fsx.js";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parse, stringify } from "smol-toml";
import { GwqError } from "../errors.js";
import { checkValue } from "./check.js";
import { KEYS } from "./schema.js";

/** Turn the command-line text into a typed value for `key`, or throw naming what was expected. */
export function parseValueForKey(key: string, text: string): unknown {
  const spec = KEYS[key];
  if (!spec) throw new GwqError(`unknown config key "${key}" (see "gwq config list")`);
  let value: unknown = text;
  if (spec.type === "boolean") {
    if (text === "true") value = true;
    else if (text === "false") value = false;
  } else if (spec.type === "integer") {
    if (/^-?\d+$/.test(text)) value = Number(text);
  } else if (spec.type === "duration") {
    if (text === "0") value = 0;
  } else if (spec.type === "string-list") {
    // `gwq config set notify.on waiting,failed`; an empty text is the empty list.
    value = text.split(",").map((x) => x.trim()).filter(Boolean);
  } else if (spec.type === "size") {
    // A plain number of bytes is written as a TOML integer; "50MB" stays a string.
    if (/^\d+$/.test(text)) value = Number(text);
  } else if (spec.type === "string-map") {
    throw new GwqError(`${key} is a table: edit it in the config file`);
  }
  const problem = checkValue(key, spec, value);
  if (problem) throw new GwqError(problem);
  return value;
}

/** The TOML text of a single value. */
function tomlValue(v: unknown): string {
  // stringify works on tables; take the right-hand side of `v = ...`.
  const line = stringify({ v }).trim();
  return line.slice(line.indexOf("=") + 1).trim();
}

const HEADER = /^\s*\[([^[\]]+)\]\s*(#.*)?$/;
const ARRAY_HEADER = /^\s*\[\[/;

function keyPattern(key: string): RegExp {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\./g, "\\s*\\.\\s*");
  return new RegExp(`^(\\s*)(${esc}|"${esc}")(\\s*=\\s*)(.*)$`);
}

/** Keep an inline `# comment` after a value we replace, when the old value is a simple scalar. */
function trailingComment(rhs: string): string {
  const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^#"']*?)(\s+#.*)$/.exec(rhs);
  return m ? m[2]! : "";
}

/** Return `text` with `section.key = value` set. */
export function setInToml(text: string, dottedKey: string, value: unknown): string {
  const dot = dottedKey.indexOf(".");
  const section = dottedKey.slice(0, dot);
  const key = dottedKey.slice(dot + 1);
  const lines = text.split("\n");
  const rendered = tomlValue(value);

  // 1. `[section]` table: replace or add the key inside it.
  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const h = HEADER.exec(lines[i]!);
    const isHeader = !!h || ARRAY_HEADER.test(lines[i]!);
    if (start >= 0 && isHeader) {
      end = i;
      break;
    }
    if (h && h[1]!.trim() === section) start = i;
  }
  if (start >= 0) {
    const pat = keyPattern(key);
    let lastKeyLine = start;
    for (let i = start + 1; i < end; i++) {
      const m = pat.exec(lines[i]!);
      if (m) {
        lines[i] = `${m[1]}${m[2]}${m[3]}${rendered}${trailingComment(m[4]!)}`;
        return lines.join("\n");
      }
      if (/^\s*[^#\s]/.test(lines[i]!)) lastKeyLine = i;
    }
    lines.splice(lastKeyLine + 1, 0, `${key} = ${rendered}`);
    return lines.join("\n");
  }
  // 2. A top-level dotted key (`tmux.history_limit = 1`) before any table.
  const pat = keyPattern(dottedKey);
  for (let i = 0; i < lines.length; i++) {
    if (HEADER.test(lines[i]!) || ARRAY_HEADER.test(lines[i]!)) break;
    const m = pat.exec(lines[i]!);
    if (m) {
      lines[i] = `${m[1]}${m[2]}${m[3]}${rendered}${trailingComment(m[4]!)}`;
      return lines.join("\n");
    }
  }
  // 3. No such table yet: append one.
  const base = text.length === 0 || text.endsWith("\n") ? text : text + "\n";
  const gap = base.trim().length ? "\n" : "";
  return `${base}${gap}[${section}]\n${key} = ${rendered}\n`;
}

function getPath(doc: Record<string, unknown>, dottedKey: string): unknown {
  const [section, key] = [dottedKey.slice(0, dottedKey.indexOf(".")), dottedKey.slice(dottedKey.indexOf(".") + 1)];
  const t = doc[section];
  return t && typeof t === "object" ? (t as Record<string, unknown>)[key] : undefined;
}

/** Edit `path` (created when missing) so that `key` is `value`; atomic replace. */
export function writeConfigValue(path: string, original: string, key: string, value: unknown): void {
  const next = setInToml(original, key, value);
  let doc: Record<string, unknown>;
  try {
    doc = parse(next) as Record<string, unknown>;
  } catch {
    throw new GwqError(`${path}: cannot set ${key} without breaking this file's layout; edit it by hand`);
  }
  const got = getPath(doc, key);
  const same = typeof got === "bigint" ? Number(got) === value : Array.isArray(got) ? JSON.stringify(got) === JSON.stringify(value) : got === value;
  if (!same) throw new GwqError(`${path}: cannot set ${key} in this file's layout; edit it by hand`);
  mkdirSync(dirname(path), { recursive: true });
  atomicWrite(path, next, 0o644);
}
