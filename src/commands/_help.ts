// Help for a command, made from its declaration (_specs-*.ts): `--help` and `gwq help <command>`.
import { kebab, visible, type ArgSpec, type CommandSpec } from "./_cli.js";

function flagLines(spec: CommandSpec): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, f] of Object.entries(spec.flags ?? {})) {
    const long = f.negated ? `--no-${kebab(key)}` : `--${kebab(key)}`;
    const value = f.type !== "boolean" && !f.negated ? ` <${f.value ?? "value"}>` : "";
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
