// Add and remove a `[hosts.<name>]` table in the global config's text, keeping everything else
// the user wrote (comments, order). Each edit is re-parsed before it is written, so a result
// that does not mean what we intended is never saved.
import { parse } from "smol-toml";
import { GwqError } from "../errors.js";
import { parseHosts } from "./hosts.js";

const HEADER = /^\s*\[\s*([^[\]]+?)\s*\]\s*(#.*)?$/;
const ARRAY_HEADER = /^\s*\[\[/;

function tomlString(s: string): string {
  return JSON.stringify(s);
}

/** The `[hosts.<name>]` (or `[hosts."<name>"]`) header this line opens, if any. */
function hostHeader(line: string): string | null {
  if (ARRAY_HEADER.test(line)) return null;
  const m = HEADER.exec(line);
  if (!m) return null;
  const parts = /^hosts\s*\.\s*(?:"([^"]+)"|([A-Za-z0-9_-]+))$/.exec(m[1]!);
  return parts ? (parts[1] ?? parts[2]!) : null;
}

function hostsOf(text: string, path: string): string[] {
  const doc = parse(text) as Record<string, unknown>;
  return doc.hosts === undefined ? [] : parseHosts(path, doc.hosts, []).map((h) => h.name);
}

/** The text with a new `[hosts.<name>]` holding `ssh = destination`. */
export function addHostToToml(text: string, path: string, name: string, destination: string): string {
  if (hostsOf(text, path).includes(name)) throw new GwqError(`host "${name}" is already configured in ${path} (remove it first with "gwq host rm ${name}")`);
  const sep = text === "" || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
  const next = `${text}${sep}[hosts.${name}]\nssh = ${tomlString(destination)}\n`;
  if (!hostsOf(next, path).includes(name)) throw new GwqError(`${path}: could not add host "${name}" (the file's layout defeats a safe edit: add [hosts.${name}] by hand)`);
  return next;
}

/** The text without `[hosts.<name>]` (its header through the line before the next table). */
export function removeHostFromToml(text: string, path: string, name: string): string {
  if (!hostsOf(text, path).includes(name)) throw new GwqError(`no host "${name}" in ${path}`);
  const lines = text.split("\n");
  const start = lines.findIndex((l) => hostHeader(l) === name);
  if (start < 0) throw new GwqError(`${path}: host "${name}" is not written as a [hosts.${name}] table: remove it by hand`);
  let end = start + 1;
  while (end < lines.length && !HEADER.test(lines[end]!) && !ARRAY_HEADER.test(lines[end]!)) end++;
  // Keep the comments that introduce the next table with it.
  while (end - 1 > start && /^\s*#/.test(lines[end - 1]!)) end--;
  const next = [...lines.slice(0, start), ...lines.slice(end)].join("\n").replace(/\n{3,}/g, "\n\n");
  if (hostsOf(next, path).includes(name)) throw new GwqError(`${path}: could not remove host "${name}" safely: remove it by hand`);
  return next;
}
