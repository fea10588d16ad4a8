// gwq config list | get <key> | set [--local] <key> <value> | trust [file]
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { configGet, configSet, configTrust } from "./_specs-more.js";
import { join, resolve } from "node:path";
import { stringify } from "smol-toml";
import { parseValueForKey, writeConfigValue } from "../config/edit.js";
import { readConfigText } from "../config/file.js";
import { out } from "../context.js";
import { KEYS } from "../config/schema.js";
import { trustFile } from "../config/trust.js";
import { GwqError } from "../errors.js";
import { globalConfigPath, LOCAL_CONFIG_NAME } from "../paths.js";

/** One value as TOML on one line: a table (naming.sanitize_chars) as an inline table. */
function render(v: unknown): string {
  if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
    // stringify of a nested table is a `[v]` section over several lines: write `{ k = v, ... }`.
    // A key is bare when TOML allows it, else a basic string (JSON's escapes are valid TOML ones).
    const key = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
    const parts = Object.entries(v).map(([k, x]) => `${key(k)} = ${render(x)}`);
    return parts.length ? `{ ${parts.join(", ")} }` : "{}";
  }
  const line = stringify({ v }).trim();
  return line.slice(line.indexOf("=") + 1).trim();
}

function readOrEmpty(path: string): string {
  return readConfigText(path) ?? "";
}

export function list(ctx: CliContext): void {
  const { values, config } = ctx.loaded;
  for (const key of Object.keys(KEYS).sort()) out(`${key} = ${render(values[key])}`);
  config.repository_settings.forEach((r, i) => {
    const entry: Record<string, unknown> = { repository: r.repository };
    if (r.basedir) entry.basedir = r.basedir;
    if (r.copy_files.length) entry.copy_files = r.copy_files;
    if (r.setup_commands.length) entry.setup_commands = r.setup_commands;
    for (const [k, v] of Object.entries(entry)) out(`repository_settings[${i}].${k} = ${render(v)}`);
  });
}

export function get(ctx: CliContext, { args: { key } }: Invocation<typeof configGet>): void {
  if (!KEYS[key]) throw new GwqError(`unknown config key "${key}" (see "gwq config list")`);
  const v = ctx.loaded.values[key];
  out(typeof v === "string" ? v : render(v));
}

export function set(ctx: CliContext, { args: { key, value: text }, flags }: Invocation<typeof configSet>): void {
  const value = parseValueForKey(key, text);
  const path = flags.local ? join(ctx.cwd, LOCAL_CONFIG_NAME) : globalConfigPath(ctx.env);
  writeConfigValue(path, readOrEmpty(path), key, value);
}

export function trust(ctx: CliContext, { args: { file } }: Invocation<typeof configTrust>): void {
  const path = resolve(ctx.cwd, file);
  const content = readConfigText(path);
  if (content === null) throw new GwqError(`${path}: no such config file to trust`);
  trustFile(path, content, ctx.env);
  out(`trusted ${path}`);
}
