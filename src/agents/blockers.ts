// What stops installed hooks from running, for `gwq agent hooks status`:
// - Codex runs a hook from hooks.json only once the user has reviewed it: config.toml keeps, per
//   hook, `[hooks.state."<hooks.json path>:<event>:<group>:<handler>"]` with the `trusted_hash`
//   of what was reviewed (`enabled = false` turns one off). A hook without one, or whose hash is
//   not the hook's as it is now (gwq moved and install updated the command), never runs, and
//   text sent to the session meanwhile goes into Codex's review dialog. The hash is the SHA-256
//   of the compact JSON, keys sorted, of `{event_name, matcher?, hooks: [{type: "command",
//   command, timeout (default 600), async (default false), statusMessage?}]}` (checked against
//   the hashes Codex 0.171 writes).
// - Gemini CLI skips every settings hook in a folder it does not trust, when folder trust is on
//   (`security.folderTrust.enabled`, on unless set to false): ~/.gemini/trustedFolders.json maps
//   paths to TRUST_FOLDER (it and below), TRUST_PARENT (its parent and below) or DO_NOT_TRUST.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { parse } from "smol-toml";
import { isOurCommand } from "./json-hooks.js";

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8").replace(/^\s*\/\/.*$/gm, "")) as unknown;
  } catch {
    return null;
  }
}

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** `PreToolUse` → `pre_tool_use`: how Codex names an event in a hook's key. */
export function snakeEvent(event: string): string {
  return event.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  const o = obj(v);
  return o ? Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])])) : v;
}

/** The hash Codex records when the user trusts this hook (see above). */
export function codexHookHash(event: string, matcher: unknown, hook: Record<string, unknown>): string {
  const handler: Record<string, unknown> = {
    type: "command",
    command: hook.command,
    timeout: typeof hook.timeout === "number" ? Math.max(1, hook.timeout) : 600,
    async: hook.async === true,
  };
  if (typeof hook.statusMessage === "string") handler.statusMessage = hook.statusMessage;
  const identity: Record<string, unknown> = { event_name: snakeEvent(event), hooks: [handler] };
  if (typeof matcher === "string") identity.matcher = matcher;
  return `sha256:${createHash("sha256").update(JSON.stringify(sorted(identity))).digest("hex")}`;
}

/** Codex's key for each of our hooks in hooks.json, with the hash a review of it records. */
export function codexHookKeys(hooksJsonPath: string, hooksJson: unknown, kind = "codex"): { key: string; hash: string }[] {
  const hooks = obj(obj(hooksJson)?.hooks);
  const keys: { key: string; hash: string }[] = [];
  for (const [event, groups] of Object.entries(hooks ?? {})) {
    if (!Array.isArray(groups)) continue;
    groups.forEach((g, gi) => {
      const list = obj(g)?.hooks;
      if (!Array.isArray(list)) return;
      list.forEach((h, hi) => {
        const hook = obj(h);
        if (hook && isOurCommand(kind, hook.command)) {
          keys.push({ key: `${resolve(hooksJsonPath)}:${snakeEvent(event)}:${gi}:${hi}`, hash: codexHookHash(event, obj(g)?.matcher, hook) });
        }
      });
    });
  }
  return keys;
}

/** What keeps Codex from running our hooks: unreviewed and disabled ones (empty: none). */
export function codexBlockers(hooksJsonPath: string, configTomlPath: string): string[] {
  const keys = codexHookKeys(hooksJsonPath, readJson(hooksJsonPath));
  if (!keys.length) return [];
  let state: Record<string, unknown> = {};
  try {
    state = obj(obj(obj(parse(readFileSync(configTomlPath, "utf8")))?.hooks)?.state) ?? {};
  } catch {
    // no config.toml, or one that cannot be read: nothing reviewed
  }
  const unreviewed = keys.filter((k) => typeof obj(state[k.key])?.trusted_hash !== "string");
  const changed = keys.filter((k) => typeof obj(state[k.key])?.trusted_hash === "string" && obj(state[k.key])!.trusted_hash !== k.hash);
  const disabled = keys.filter((k) => obj(state[k.key])?.enabled === false);
  const out: string[] = [];
  if (changed.length) {
    out.push(`${changed.length} of gwq's Codex hooks changed since you reviewed them (gwq was installed again from elsewhere): Codex runs them only once you review them again (start codex)`);
  }
  if (unreviewed.length) {
    out.push(
      `Codex runs ${unreviewed.length === keys.length ? "none" : `${unreviewed.length} of ${keys.length}`} of gwq's hooks until you review them: start codex and accept them in its hooks review (text sent with \`gwq tmux send\` meanwhile goes into that dialog)`,
    );
  }
  if (disabled.length) out.push(`${disabled.length} of gwq's Codex hooks are turned off in ${configTomlPath} (enabled = false)`);
  return out;
}

type Trust = "trusted" | "untrusted" | "unknown";

const within = (dir: string, root: string) => dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep);

/** Whether Gemini CLI trusts `dir` (null: folder trust is off, every folder is trusted). */
export function geminiTrust(dir: string, home: string, env: NodeJS.ProcessEnv): Trust | null {
  const settings = obj(readJson(join(home, ".gemini", "settings.json")));
  if (obj(obj(obj(settings?.security)?.folderTrust))?.enabled === false) return null;
  const file = env.GEMINI_CLI_TRUSTED_FOLDERS_PATH || join(home, ".gemini", "trustedFolders.json");
  const rules = obj(readJson(file)) ?? {};
  const d = resolve(dir);
  for (const [path, level] of Object.entries(rules)) {
    const root = level === "TRUST_PARENT" ? dirname(resolve(path)) : resolve(path);
    if ((level === "TRUST_FOLDER" || level === "TRUST_PARENT") && within(d, root)) return "trusted";
  }
  for (const [path, level] of Object.entries(rules)) if (level === "DO_NOT_TRUST" && resolve(path) === d) return "untrusted";
  return "unknown";
}

/** Folders among `dirs` where Gemini CLI would skip gwq's hooks. */
export function geminiBlockers(dirs: string[], home: string, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const dir of [...new Set(dirs.map((d) => resolve(d)))]) {
    const t = geminiTrust(dir, home, env);
    if (t === "untrusted") out.push(`Gemini CLI skips gwq's hooks in ${dir}: the folder is marked not trusted (trust it with /permissions in gemini, or in ~/.gemini/trustedFolders.json)`);
    else if (t === "unknown") out.push(`Gemini CLI skips gwq's hooks in ${dir} until you trust the folder (gemini asks when it starts there; or ~/.gemini/trustedFolders.json)`);
  }
  return out;
}
