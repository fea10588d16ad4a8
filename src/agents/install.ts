// `gwq agent hooks install|uninstall|status`: merge gwq's hooks into an agent's own settings,
// take them out again, and say what is in place. Read-modify-write of the user's files: atomic
// (temp file, then rename), idempotent (a file with nothing of ours to change is not rewritten),
// and only ever touching entries that carry our marker (`__hook <agent>` in the command).
import { chmodSync, lstatSync, mkdirSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { FileTooLarge, NotRegularFile, readRegular } from "../fsx.js";
import { dirname, join } from "node:path";
import { GwqError, UsageError } from "../errors.js";
import { home } from "../paths.js";
import { selfArgv } from "../sessions/runtime.js";
import { AGENTS, HOOK_AGENTS } from "./index.js";
import { editJsonHooks, hooksState, SettingsError } from "./json-hooks.js";
import { JsonSyntaxError } from "./json-edit.js";
import { editNotify, TomlEditError, unwrap } from "./toml-notify.js";
import { parse } from "smol-toml";
import type { AgentSpec, SettingsTarget } from "./types.js";

export type FileState = "installed" | "outdated" | "absent" | "missing";

export interface TargetStatus {
  path: string;
  format: SettingsTarget["format"];
  state: FileState;
  problem?: string;
}

/** A command line for `sh -c` from fixed words: plain words stay bare, others single-quoted. */
export function shellLine(words: string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(" ");
}

export function hookCommand(kind: string, self = selfArgv()): string {
  return shellLine([...self, "__hook", kind]);
}

export function agentSpec(kind: string): AgentSpec & { settings: SettingsTarget[] } {
  const spec = AGENTS[kind];
  if (!spec?.settings) throw new UsageError(`invalid agent "${kind}" (valid: ${HOOK_AGENTS.join(", ")})`);
  return spec as AgentSpec & { settings: SettingsTarget[] };
}

function where(project: string | null) {
  return { home: home(), project, env: process.env };
}

/** Settings files are a few KB; past this one is not edited. */
const MAX_SETTINGS_BYTES = 16 * 1024 * 1024;

function readText(path: string): string | null {
  try {
    // Never waited on: a FIFO or a device at the settings path is refused at once.
    return readRegular(path, MAX_SETTINGS_BYTES, "refuse")?.toString("utf8") ?? null;
  } catch (e) {
    if (e instanceof NotRegularFile) throw new GwqError(`${path}: is ${e.kind}, not a settings file; gwq changed nothing`);
    if (e instanceof FileTooLarge) throw new GwqError(`${path}: larger than ${MAX_SETTINGS_BYTES / 1024 / 1024} MiB, not a settings file; gwq changed nothing`);
    const code = (e as NodeJS.ErrnoException).code;
    throw new GwqError(`${path}: cannot read (${code ?? (e as Error).message})`);
  }
}

/**
 * Replace a file's content atomically. A symlinked settings file (dotfiles) is written through
 * to its target, and an existing file keeps its permissions.
 */
export function writeAtomic(path: string, text: string): void {
  let target = path;
  try {
    if (lstatSync(path).isSymbolicLink()) target = realpathSync(path);
  } catch {
    // not there yet
  }
  let mode: number | null = null;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    mkdirSync(dirname(target), { recursive: true });
  }
  const tmp = join(dirname(target), `.${process.pid}.gwq-tmp`);
  try {
    writeFileSync(tmp, text, { flag: "wx", mode: mode ?? 0o644 });
    if (mode !== null) chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw new GwqError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function explain(path: string, e: unknown): never {
  if (e instanceof JsonSyntaxError) throw new GwqError(`${path}: not valid JSON (${e.message}); fix it, then run this again`);
  if (e instanceof SettingsError || e instanceof TomlEditError) throw new GwqError(`${path}: ${e.message}; gwq changed nothing`);
  throw e;
}

/** The new text of one settings file, or null when it needs no change. */
function edited(kind: string, t: SettingsTarget, text: string | null, install: boolean, self: string[]): string | null {
  if (t.format === "json-hooks") {
    if (text === null && !install) return null;
    return editJsonHooks(text ?? "", { kind, events: t.events, command: hookCommand(kind, self), extra: t.extra }, install);
  }
  if (text === null && !install) return null;
  return editNotify(text ?? "", self, install);
}

export interface InstallResult {
  path: string;
  changed: boolean;
}

/**
 * Install (or uninstall) one agent's hooks. Every file is computed before any is written, so a
 * file gwq cannot edit safely stops the whole install with nothing changed.
 */
export function setHooks(kind: string, install: boolean, project: string | null, self = selfArgv()): InstallResult[] {
  const spec = agentSpec(kind);
  const plans = spec.settings.map((t) => {
    const path = t.path(where(project));
    const text = readText(path);
    try {
      return { path, next: edited(kind, t, text, install, self) };
    } catch (e) {
      return explain(path, e);
    }
  });
  for (const p of plans) if (p.next !== null) writeAtomic(p.path, p.next);
  return plans.map((p) => ({ path: p.path, changed: p.next !== null }));
}

function targetState(kind: string, t: SettingsTarget, path: string, self: string[]): TargetStatus {
  const base = { path, format: t.format };
  let text: string | null;
  try {
    text = readText(path);
  } catch (e) {
    return { ...base, state: "absent", problem: (e as Error).message };
  }
  if (text === null) return { ...base, state: "missing" };
  try {
    if (t.format === "json-hooks") return { ...base, state: hooksState(text, { kind, events: t.events, command: hookCommand(kind, self), extra: t.extra }) };
    const notify = (parse(text) as Record<string, unknown>).notify;
    if (!Array.isArray(notify) || unwrap(notify as string[]) === null) return { ...base, state: "absent" };
    const i = (notify as string[]).indexOf("__hook");
    return { ...base, state: JSON.stringify(notify.slice(0, i)) === JSON.stringify(self) ? "installed" : "outdated" };
  } catch (e) {
    return { ...base, state: "absent", problem: `cannot read it (${(e as Error).message.split("\n")[0]})` };
  }
}

export interface AgentStatus {
  agent: string;
  scope: "user" | "project";
  /** installed: every hook in place; partial: some, or from another gwq; none. */
  hooks: "installed" | "partial" | "none";
  files: TargetStatus[];
  last_hook: { at: string; event: string | null; session: string } | null;
}

export function lastHook(stateDir: string, kind: string): AgentStatus["last_hook"] {
  try {
    const v = JSON.parse(readRegular(join(stateDir, "agent-hooks", `${kind}.json`), 64 * 1024)?.toString("utf8") ?? "null") as AgentStatus["last_hook"];
    return v && typeof v.at === "string" ? v : null;
  } catch {
    return null;
  }
}

export function agentStatus(kind: string, scope: "user" | "project", project: string, stateDir: string, self = selfArgv()): AgentStatus {
  const spec = agentSpec(kind);
  const files = spec.settings.map((t) => targetState(kind, t, t.path(where(scope === "project" ? project : null)), self));
  const states = files.map((f) => f.state);
  const hooks = states.every((s) => s === "installed") ? "installed" : states.some((s) => s === "installed" || s === "outdated") ? "partial" : "none";
  return { agent: kind, scope, hooks, files, last_hook: lastHook(stateDir, kind) };
}
