// `gwq agent hooks install|uninstall|status`: merge gwq's hooks into an agent's own settings,
// take them out again, and say what is in place. Read-modify-write of the user's files: atomic
// (temp file, then rename), idempotent (a file with nothing of ours to change is not rewritten),
// and only ever touching entries that carry our marker (`__hook <agent>` in the command).
import { chmodSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { FileTooLarge, NotRegularFile, readRegular } from "../fsx.js";
import { dirname, join, resolve } from "node:path";
import { GwqError, UsageError } from "../errors.js";
import { atomicWrite } from "../fsx.js";
import { home, stateDir as defaultStateDir } from "../paths.js";
import { hookSelfArgv } from "../sessions/runtime.js";
import { sh } from "../shell.js";
import { isoLocal } from "../sessions/naming.js";
import { AGENTS, HOOK_AGENTS } from "./index.js";
import { editJsonHooks, existingShape, hooksState, SettingsError } from "./json-hooks.js";
import { JsonSyntaxError } from "./json-edit.js";
import { editNotify, TomlEditError, unwrap } from "./toml-notify.js";
import { parse } from "smol-toml";
import type { AgentSpec, SettingsTarget } from "./types.js";
import { codexBlockers, geminiBlockers } from "./blockers.js";

export type FileState = "installed" | "outdated" | "absent" | "missing";

export interface TargetStatus {
  path: string;
  format: SettingsTarget["format"];
  state: FileState;
  problem?: string;
}

/** The command line an agent runs (`sh -c`) to report to gwq: plain words stay bare. */
export function hookCommand(kind: string, self = hookSelfArgv()): string {
  return sh`${self} __hook ${kind}`;
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
  const target = throughLinks(path);
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

/**
 * Where writing `path` really goes: a symlink (a dotfiles manager's) is followed to its target,
 * even a target that does not exist yet, so the link stays a link.
 */
export function throughLinks(path: string): string {
  let p = path;
  for (let n = 0; n < 40; n++) {
    try {
      if (!lstatSync(p).isSymbolicLink()) return p;
    } catch {
      return p; // not there: written here
    }
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new GwqError(`${path}: too many levels of symbolic links`);
}

/** Remove a file (through its link, as writeAtomic writes through it). */
function removeFile(path: string): void {
  try {
    unlinkSync(throughLinks(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new GwqError(`${path}: cannot remove (${(e as NodeJS.ErrnoException).code})`);
  }
}

/**
 * What install found in each settings file before it first wrote there, so uninstall leaves the
 * file as it was: a file gwq created goes when nothing else is in it, and a `hooks` object or an
 * event array that was the user's stays even when our hooks leave it empty. Kept in the state
 * directory, by the file's path.
 */
interface Found {
  created_file: boolean;
  hooks: boolean;
  events: string[];
}

function ledgerPath(stateDir: string): string {
  return join(stateDir, "agent-hooks", "installed.json");
}

function readLedger(stateDir: string): Record<string, Found> {
  try {
    const v = JSON.parse(readFileSync(ledgerPath(stateDir), "utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Found>) : {};
  } catch {
    return {};
  }
}

function writeLedger(stateDir: string, ledger: Record<string, Found>): void {
  try {
    mkdirSync(join(stateDir, "agent-hooks"), { recursive: true, mode: 0o700 });
    atomicWrite(ledgerPath(stateDir), JSON.stringify(ledger, null, 2) + "\n");
  } catch {
    // without it, uninstall removes what our hooks leave empty, as before
  }
}

/** The file holds nothing but what an empty settings file holds. */
function emptySettings(t: SettingsTarget, text: string): boolean {
  if (t.format === "toml-notify") return text.trim() === "";
  try {
    const v = JSON.parse(text.replace(/^\s*\/\/.*$/gm, "")) as unknown;
    return !!v && typeof v === "object" && Object.keys(v).length === 0;
  } catch {
    return false;
  }
}

function explain(path: string, e: unknown): never {
  if (e instanceof JsonSyntaxError) throw new GwqError(`${path}: not valid JSON (${e.message}); fix it, then run this again`);
  if (e instanceof SettingsError || e instanceof TomlEditError) throw new GwqError(`${path}: ${e.message}; gwq changed nothing`);
  throw e;
}

/** The new text of one settings file, or null when it needs no change. */
function edited(kind: string, t: SettingsTarget, text: string | null, install: boolean, self: string[], found?: Found): string | null {
  if (t.format === "json-hooks") {
    if (text === null && !install) return null;
    const keep = found && !install ? { hooks: found.hooks, events: found.events } : undefined;
    return editJsonHooks(text ?? "", { kind, events: t.events, command: hookCommand(kind, self), extra: t.extra, keep }, install);
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
export function setHooks(kind: string, install: boolean, project: string | null, self = hookSelfArgv(), stateDir = defaultStateDir()): InstallResult[] {
  const spec = agentSpec(kind);
  const ledger = readLedger(stateDir);
  let ledgerChanged = false;
  const plans = spec.settings.map((t) => {
    const path = t.path(where(project));
    const key = resolve(throughLinks(path));
    const text = readText(path);
    try {
      const next = edited(kind, t, text, install, self, ledger[key]);
      if (install && next !== null && (!ledger[key] || text === null || !hasOurs(kind, t, text))) {
        const shape = t.format === "json-hooks" && text !== null ? existingShape(text) : { hooks: false, events: [] };
        ledger[key] = { created_file: text === null, ...shape };
        ledgerChanged = true;
      }
      const remove = !install && next !== null && !!ledger[key]?.created_file && emptySettings(t, next);
      if (!install && ledger[key] && next !== null) {
        delete ledger[key];
        ledgerChanged = true;
      }
      return { path, next, remove };
    } catch (e) {
      return explain(path, e);
    }
  });
  for (const p of plans) {
    if (p.remove) removeFile(p.path);
    else if (p.next !== null) writeAtomic(p.path, p.next);
  }
  if (ledgerChanged) writeLedger(stateDir, ledger);
  return plans.map((p) => ({ path: p.path, changed: p.next !== null }));
}

/** Whether the file already holds any hook of ours (install then only updates it). */
function hasOurs(kind: string, t: SettingsTarget, text: string): boolean {
  try {
    if (t.format === "json-hooks") return hooksState(text, { kind, events: t.events, command: "", extra: t.extra }) !== "absent";
    const notify = (parse(text) as Record<string, unknown>).notify;
    return Array.isArray(notify) && unwrap(notify as string[]) !== null;
  } catch {
    return false;
  }
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
  /** Events no session could be shown to own (attribute.ts): how many, the last one and why. */
  unattributed: { count: number; at: string; event: string | null; why: string } | null;
  /** What stops the installed hooks from running (blockers.ts); empty when nothing does. */
  blocked: string[];
}

export function unattributed(stateDir: string, kind: string): AgentStatus["unattributed"] {
  try {
    const v = JSON.parse(readFileSync(join(stateDir, "agent-hooks", `${kind}.unattributed.json`), "utf8")) as AgentStatus["unattributed"];
    return v && typeof v.count === "number" ? v : null;
  } catch {
    return null;
  }
}

/** What the hook noted (hook.ts noteLastHook): the file says what, its modification time when. */
export function lastHook(stateDir: string, kind: string): AgentStatus["last_hook"] {
  try {
    const path = join(stateDir, "agent-hooks", `${kind}.json`);
    const v = JSON.parse(readRegular(path, 64 * 1024)?.toString("utf8") ?? "null") as Partial<NonNullable<AgentStatus["last_hook"]>> | null;
    if (!v || typeof v !== "object" || typeof v.session !== "string") return null;
    // An earlier gwq wrote the time inside.
    const at = typeof v.at === "string" ? v.at : isoLocal(statSync(path).mtime);
    return { at, event: v.event ?? null, session: v.session };
  } catch {
    return null;
  }
}

/**
 * One agent's hooks in one scope. `dirs`: the folders its sessions run in (the current one, and
 * those of its running sessions), where a folder-level blocker (Gemini's trust) is looked for.
 */
export function agentStatus(kind: string, scope: "user" | "project", project: string, stateDir: string, self = hookSelfArgv(), dirs: string[] = [project]): AgentStatus {
  const spec = agentSpec(kind);
  const paths = spec.settings.map((t) => t.path(where(scope === "project" ? project : null)));
  const files = spec.settings.map((t, i) => targetState(kind, t, paths[i]!, self));
  const states = files.map((f) => f.state);
  const hooks = states.every((s) => s === "installed") ? "installed" : states.some((s) => s === "installed" || s === "outdated") ? "partial" : "none";
  const blocked: string[] = [];
  if (hooks !== "none" && kind === "codex") {
    const json = paths.find((p) => p.endsWith("hooks.json"));
    // Review states live in the user's config.toml, whichever scope the hooks are in.
    if (json) blocked.push(...codexBlockers(json, spec.settings[0]!.path(where(null))));
  }
  if (hooks !== "none" && kind === "gemini") blocked.push(...geminiBlockers(dirs, home(), process.env));
  return { agent: kind, scope, hooks, files, last_hook: lastHook(stateDir, kind), unattributed: unattributed(stateDir, kind), blocked };
}
