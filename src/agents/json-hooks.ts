// gwq's hooks in a JSON settings file shaped like Claude Code's (also Codex's hooks.json and
// Gemini CLI's settings.json): `{"hooks": {"<Event>": [{"matcher"?, "hooks": [{"type":
// "command", "command": "..."}]}]}}`. A hook is gwq's when its command runs `__hook <agent>`:
// that is the marker, so uninstall removes only ours and install finds ours after an upgrade
// moved gwq. Pure text in, text out (json-edit.ts keeps the user's bytes).
import { isDeepStrictEqual } from "node:util";
import { addMember, apply, appendItem, hasComment, member, memberIndex, parseSpans, removeEntry, replaceValue, type JNode, type JsonValue, type Splice } from "./json-edit.js";
import type { HookEvent } from "./types.js";

export interface JsonHooksSpec {
  kind: string;
  events: HookEvent[];
  /** The shell command line the agent runs. */
  command: string;
  extra?: Record<string, unknown>;
  /**
   * Uninstall: containers to keep when our hook leaves them empty (they were the user's before
   * install: the `hooks` object, event arrays). Absent: every container our removal empties
   * goes, except one holding a comment of the user's.
   */
  keep?: { hooks: boolean; events: string[] };
}

export class SettingsError extends Error {}

export function isOurCommand(kind: string, command: unknown): boolean {
  return typeof command === "string" && new RegExp(`(^|\\s)__hook\\s+${kind}(\\s|$)`).test(command);
}

function entry(spec: JsonHooksSpec): JsonValue {
  return { type: "command", command: spec.command, ...(spec.extra as Record<string, JsonValue>) };
}

function group(spec: JsonHooksSpec, e: HookEvent): JsonValue {
  return e.matcher !== undefined ? { matcher: e.matcher, hooks: [entry(spec)] } : { hooks: [entry(spec)] };
}

interface Found {
  group: number;
  hook: number;
  node: JNode;
}

/** Our hook entries in one event's array of groups. */
function ours(kind: string, arr: JNode): Found[] {
  const found: Found[] = [];
  arr.items?.forEach((g, gi) => {
    if (g.kind !== "object") return;
    const hooks = member(g, "hooks");
    hooks?.items?.forEach((h, hi) => {
      if (h.kind === "object" && isOurCommand(kind, (h.value as Record<string, JsonValue>).command)) found.push({ group: gi, hook: hi, node: h });
    });
  });
  return found;
}

/**
 * Remove one of our entries, and the group, event and `hooks` object it leaves empty — unless
 * that container was there before install (spec.keep) or holds a comment of the user's.
 */
function removal(text: string, root: JNode, hooks: JNode, eventIndex: number, arr: JNode, f: Found, spec: JsonHooksSpec): Splice {
  const group = arr.items![f.group]!;
  const groupHooks = member(group, "hooks")!;
  if (groupHooks.items!.length > 1 || hasComment(text, groupHooks) || hasComment(text, group)) return removeEntry(text, groupHooks, f.hook);
  const event = hooks.members![eventIndex]!.key;
  if (arr.items!.length > 1 || hasComment(text, arr) || spec.keep?.events.includes(event)) return removeEntry(text, arr, f.group);
  if (hooks.members!.length > 1 || hasComment(text, hooks) || spec.keep?.hooks) return removeEntry(text, hooks, eventIndex);
  return removeEntry(text, root, memberIndex(root, "hooks"));
}

/** What of the `hooks` shape a file has before install: kept by uninstall if it was there. */
export function existingShape(text: string): { hooks: boolean; events: string[] } {
  if (text.trim() === "") return { hooks: false, events: [] };
  const hooks = member(parseRoot(text), "hooks");
  return { hooks: !!hooks, events: hooks?.members?.map((m) => m.key) ?? [] };
}

function parseRoot(text: string): JNode {
  const root = parseSpans(text);
  if (root.kind !== "object") throw new SettingsError("expected a JSON object at the top");
  return root;
}

/** One edit toward the wanted state, or null when the text is already there. */
function nextEdit(text: string, spec: JsonHooksSpec, install: boolean): Splice | null {
  const root = parseRoot(text);
  const hooks = member(root, "hooks");
  if (!hooks) {
    if (!install) return null;
    const all: Record<string, JsonValue> = {};
    for (const e of spec.events) all[e.event] = [group(spec, e)];
    return addMember(text, root, "hooks", all);
  }
  if (hooks.kind !== "object") throw new SettingsError('"hooks" is not an object');
  const wanted = new Set(install ? spec.events.map((e) => e.event) : []);
  // Ours where it is not wanted: every event on uninstall, events an older gwq used on install.
  for (const [i, m] of hooks.members!.entries()) {
    if (wanted.has(m.key) || m.value.kind !== "array") continue;
    const f = ours(spec.kind, m.value)[0];
    if (f) return removal(text, root, hooks, i, m.value, f, spec);
  }
  for (const e of install ? spec.events : []) {
    const i = memberIndex(hooks, e.event);
    if (i < 0) return addMember(text, hooks, e.event, [group(spec, e)]);
    const arr = hooks.members![i]!.value;
    if (arr.kind !== "array") throw new SettingsError(`"hooks.${e.event}" is not an array`);
    const found = ours(spec.kind, arr);
    if (!found.length) return appendItem(text, arr, group(spec, e));
    // Ours from another gwq (moved, upgraded): bring it up to date in place.
    if (!isDeepStrictEqual(found[0]!.node.value, entry(spec))) return replaceValue(text, found[0]!.node, entry(spec));
    if (found.length > 1) return removal(text, root, hooks, i, arr, found[1]!, spec);
  }
  return null;
}

/**
 * The settings with our hooks set aside, for comparing before and after an edit. Empty event
 * arrays and an empty `hooks` object count as absent (an edit may add or remove those).
 */
function withoutOurs(kind: string, value: JsonValue): JsonValue {
  const root = { ...(value as Record<string, JsonValue>) };
  const hooks = root.hooks;
  if (!hooks || typeof hooks !== "object" || Array.isArray(hooks)) return root;
  const out: Record<string, JsonValue> = {};
  for (const [event, arr] of Object.entries(hooks)) {
    if (!Array.isArray(arr)) {
      out[event] = arr;
      continue;
    }
    const groups: JsonValue[] = [];
    for (const g of arr) {
      const gh = g && typeof g === "object" && !Array.isArray(g) ? g.hooks : undefined;
      if (!Array.isArray(gh)) {
        groups.push(g);
        continue;
      }
      const kept = gh.filter((h) => !(h && typeof h === "object" && !Array.isArray(h) && isOurCommand(kind, h.command)));
      if (kept.length === gh.length) groups.push(g);
      else if (kept.length) groups.push({ ...(g as Record<string, JsonValue>), hooks: kept });
    }
    if (groups.length) out[event] = groups;
  }
  if (Object.keys(out).length) root.hooks = out;
  else delete root.hooks;
  return root;
}

/**
 * The file's text with gwq's hooks installed (or removed), or null when nothing changes. Proves
 * the result: the same settings as before once our hooks are set aside, and ours all in place.
 */
export function editJsonHooks(original: string, spec: JsonHooksSpec, install: boolean): string | null {
  const start = original.trim() === "" ? "{}\n" : original;
  let text = start;
  for (let n = 0; ; n++) {
    if (n > 10 * spec.events.length + 20) throw new SettingsError("could not converge on an edit");
    const edit = nextEdit(text, spec, install);
    if (!edit) break;
    text = apply(text, edit);
  }
  if (text === start) return original.trim() === "" && install ? text : null;
  const before = parseRoot(start).value;
  const after = parseRoot(text).value;
  if (!isDeepStrictEqual(withoutOurs(spec.kind, before), withoutOurs(spec.kind, after))) throw new SettingsError("the edit would change settings that are not gwq's");
  if (install && hooksState(text, spec) !== "installed") throw new SettingsError("the edit did not put every hook in place");
  return text;
}

/** Whether this text holds all of our hooks as `spec` wants them, some of them, or none. */
export function hooksState(text: string, spec: JsonHooksSpec): "installed" | "outdated" | "absent" {
  if (text.trim() === "") return "absent";
  const root = parseRoot(text);
  const hooks = member(root, "hooks");
  let present = 0;
  let exact = 0;
  for (const e of spec.events) {
    const arr = hooks && member(hooks, e.event);
    const found = arr?.kind === "array" ? ours(spec.kind, arr) : [];
    if (found.length) present++;
    if (found.length === 1 && isDeepStrictEqual(found[0]!.node.value, entry(spec))) exact++;
  }
  if (exact === spec.events.length) return "installed";
  const any = present > 0 || (hooks?.members ?? []).some((m) => m.value.kind === "array" && ours(spec.kind, m.value).length > 0);
  return any ? "outdated" : "absent";
}
