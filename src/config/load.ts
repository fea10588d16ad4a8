// Load the configuration: defaults, then the global file, then ./.gwq.toml (each read by file.ts).
// Every value is checked against the schema (check.ts); a bad one is an error naming the file, the
// key and what was expected. Unknown keys are warnings. An untrusted local file cannot pick
// programs to run nor change anything outside its directory (README "Trust").
import { join } from "node:path";
import { GwqError } from "../errors.js";
import { expandHome, globalConfigPath, LOCAL_CONFIG_NAME } from "../paths.js";
import { checkValue, describe, isTable } from "./check.js";
import { parseDuration } from "./duration.js";
import { readConfigFile, type ConfigFile } from "./file.js";
import { parseSize } from "./size.js";
import { KEYS, REPOSITORY_SETTING_KEYS, type Config, type RepositorySetting } from "./schema.js";
import { trustState } from "./trust.js";
import { parseHosts } from "../ssh/hosts.js";
import type { Host } from "../ssh/argv.js";

export interface LoadedConfig {
  config: Config;
  /** Flat `section.key` -> the value as written (or the default), for `config list/get`. */
  values: Record<string, unknown>;
  /** Flat `section.key` -> the file it came from, or "default". */
  sources: Record<string, string>;
  warnings: string[];
  globalPath: string;
  localPath: string | null;
}

export interface LoadOptions {
  /** Where a relative path and ./.gwq.toml are (default: this process's directory). */
  cwd?: string;
  /** The environment `~` and the state directory (trust) come from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  globalPath?: string;
  /** Skip ./.gwq.toml (used by the session-end hook, which runs from tmux's cwd). */
  noLocal?: boolean;
}

interface Layer {
  values: Record<string, unknown>;
  repos: RepositorySetting[];
  /** `[hosts.*]`: from the global file only (null: none there). */
  hosts: Host[] | null;
}

/** Validate one file into flat values; untrusted files lose their program keys with a warning. */
function readLayer(file: ConfigFile, trusted: boolean, warnings: string[], expand: (p: string) => string, isGlobal = false): Layer {
  const values: Record<string, unknown> = {};
  const repos: RepositorySetting[] = [];
  let hosts: Host[] | null = null;
  const untrustedNote = `(this ${LOCAL_CONFIG_NAME} is not trusted: run "gwq config trust" to allow it)`;
  for (const [section, body] of Object.entries(file.doc)) {
    if (section === "hosts") {
      // Where commands run and secrets go is the user's choice alone: never a repository's,
      // trusted or not (README "Sessions on other machines").
      if (isGlobal) hosts = parseHosts(file.path, body, warnings);
      else warnings.push(`${file.path}: hosts ignored (hosts are read from the global config only)`);
      continue;
    }
    if (section === "repository_settings") {
      if (!Array.isArray(body)) throw new GwqError(`${file.path}: repository_settings: expected an array of tables ([[repository_settings]])`);
      body.forEach((entry, i) => {
        const where = `repository_settings[${i}]`;
        if (!isTable(entry)) throw new GwqError(`${file.path}: ${where}: expected a table`);
        const setting: RepositorySetting = { repository: "", copy_files: [], setup_commands: [], source: file.path };
        for (const [k, v] of Object.entries(entry)) {
          const spec = REPOSITORY_SETTING_KEYS[k];
          if (!spec) {
            warnings.push(`${file.path}: unknown key "${where}.${k}" (ignored)`);
            continue;
          }
          if (spec.type === "path") {
            if (typeof v !== "string") throw new GwqError(`${file.path}: ${where}.${k}: expected a path string, got ${describe(v)}`);
            if (k === "repository") setting.repository = /[*?[]/.test(v) && !v.startsWith("~") && !v.startsWith("/") ? v : expand(v);
            else setting.basedir = expand(v);
          } else {
            if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
              throw new GwqError(`${file.path}: ${where}.${k}: expected an array of strings, got ${describe(v)}`);
            (setting as unknown as Record<string, string[]>)[k] = v as string[];
          }
        }
        if (!setting.repository) throw new GwqError(`${file.path}: ${where}.repository: missing (expected a path or glob)`);
        // Untrusted, a setting is dropped whole: copy_files writes into a worktree the branch
        // shaped, setup_commands runs programs, basedir puts worktrees anywhere; and a kept
        // entry for the same repository would replace the one in the user's own config.
        if (!trusted) {
          for (const k of ["basedir", "copy_files", "setup_commands"] as const) {
            const v = setting[k];
            if (v !== undefined && v.length) warnings.push(`${file.path}: ${where}.${k} ignored ${untrustedNote}`);
          }
          return;
        }
        repos.push(setting);
      });
      continue;
    }
    if (!isTable(body)) {
      // `tmux = 5` is a known section of the wrong type, not an unknown key: say what was meant.
      if (Object.keys(KEYS).some((k) => k.startsWith(`${section}.`))) throw new GwqError(`${file.path}: ${section}: expected a table ([${section}]), got ${describe(body)}`);
      warnings.push(`${file.path}: unknown key "${section}" (ignored)`);
      continue;
    }
    for (const [k, v] of Object.entries(body)) {
      const key = `${section}.${k}`;
      const spec = KEYS[key];
      if (!spec) {
        warnings.push(`${file.path}: unknown key "${key}" (ignored)`);
        continue;
      }
      const problem = checkValue(key, spec, v);
      if (problem) throw new GwqError(`${file.path}: ${problem}`);
      if (!trusted && !spec.local) {
        warnings.push(`${file.path}: ${key} ignored ${untrustedNote}`);
        continue;
      }
      values[key] = typeof v === "bigint" ? Number(v) : v;
    }
  }
  return { values, repos, hosts };
}

/** Typed config from flat values (all keys present). */
function build(values: Record<string, unknown>, repos: RepositorySetting[], hosts: Host[], expand: (p: string) => string): Config {
  const g = <T>(k: string) => values[k] as T;
  const path = (k: string) => expand(g<string>(k));
  const timeout = g<string | number>("tmux.session_timeout");
  const stale = g<string | number>("agent.hook_stale");
  const quiet = g<string | number>("agent.quiet_after");
  return {
    worktree: { basedir: path("worktree.basedir"), auto_mkdir: g("worktree.auto_mkdir") },
    naming: { template: g("naming.template"), sanitize_chars: g("naming.sanitize_chars") },
    finder: { preview: g("finder.preview") },
    ui: { icons: g("ui.icons"), tilde_home: g("ui.tilde_home") },
    cd: { launch_shell: g("cd.launch_shell"), auto_cd_on_add: g("cd.auto_cd_on_add") },
    tmux: {
      enabled: g("tmux.enabled"),
      auto_create_session: g("tmux.auto_create_session"),
      detach_on_create: g("tmux.detach_on_create"),
      auto_cleanup_completed: g("tmux.auto_cleanup_completed"),
      tmux_command: g("tmux.tmux_command"),
      default_shell: g("tmux.default_shell"),
      session_timeout: typeof timeout === "number" ? timeout : parseDuration(timeout)!,
      keep_alive: g("tmux.keep_alive"),
      history_limit: g("tmux.history_limit"),
      history_auto_save: g("tmux.history_auto_save"),
      history_save_dir: path("tmux.history_save_dir"),
      log_max_size: parseSize(g("tmux.log_max_size"))!,
    },
    agent: { hook_stale: typeof stale === "number" ? stale : parseDuration(stale)!, quiet_after: typeof quiet === "number" ? quiet : parseDuration(quiet)! },
    notify: {
      on: [...g<string[]>("notify.on")],
      desktop: g("notify.desktop"),
      command: g("notify.command"),
    },
    repository_settings: repos,
    ssh: { program: g("ssh.program"), config: g<string>("ssh.config") ? path("ssh.config") : null },
    hosts,
  };
}

export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const expand = (p: string) => expandHome(p, cwd, env);
  const globalPath = opts.globalPath ?? globalConfigPath(env);
  const warnings: string[] = [];
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const [k, spec] of Object.entries(KEYS)) {
    values[k] = spec.default;
    sources[k] = "default";
  }
  let repos: RepositorySetting[] = [];
  let hosts: Host[] = [];

  const apply = (layer: Layer, path: string) => {
    for (const [k, v] of Object.entries(layer.values)) {
      values[k] = v;
      sources[k] = path;
    }
    // Same repository: the later file wins; others are kept (as the Go gwq merges them).
    for (const r of layer.repos) {
      const i = repos.findIndex((x) => x.repository === r.repository);
      if (i >= 0) repos[i] = r;
      else repos.push(r);
    }
  };

  const global = readConfigFile(globalPath);
  if (global) {
    const layer = readLayer(global, true, warnings, expand, true);
    apply(layer, global.path);
    hosts = layer.hosts ?? [];
  }

  let localPath: string | null = null;
  if (!opts.noLocal) {
    const candidate = join(cwd, LOCAL_CONFIG_NAME);
    if (candidate !== globalPath) {
      const local = readConfigFile(candidate);
      if (local) {
        localPath = local.path;
        const state = trustState(local.path, local.content, env);
        if (state === "changed") {
          warnings.push(`${local.path}: changed since it was trusted; run "gwq config trust" again to allow its programs`);
        }
        apply(readLayer(local, state === "trusted", warnings, expand), local.path);
      }
    }
  }
  repos = repos.slice();
  return { config: build(values, repos, hosts, expand), values, sources, warnings, globalPath, localPath };
}
