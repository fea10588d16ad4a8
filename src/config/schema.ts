// Every configuration key gwq knows: its type, its default, and whether it picks a program to
// run (such keys are ignored from an untrusted local .gwq.toml). The Go gwq's keys keep their
// names and defaults so its users' config.toml keeps working (docs/worktrees.md).
import { existsSync } from "node:fs";
import type { Host } from "../ssh/argv.js";

export type KeyType = "string" | "boolean" | "integer" | "duration" | "path" | "string-map" | "size" | "string-list";

export interface KeySpec {
  type: KeyType;
  default: unknown;
  /** Picks a program to run (said so in the warning when an untrusted file sets it). */
  program?: boolean;
  /**
   * Honoured from an untrusted local .gwq.toml: keys whose effect stays with what is started
   * from that directory (display, per-run defaults). Every other key — programs, paths, expiry
   * of every project's records — needs the global config or a trusted local file.
   */
  local?: boolean;
  /** Integers: smallest accepted value. */
  min?: number;
  /** Integers: largest accepted value. */
  max?: number;
  /** String lists: the values accepted. */
  choices?: readonly string[];
  /** A program key whose empty value means "none" rather than an error. */
  emptyOk?: boolean;
  description: string;
}

function defaultShell(): string {
  return existsSync("/bin/bash") ? "/bin/bash" : "/bin/sh";
}

export const KEYS: Record<string, KeySpec> = {
  "worktree.basedir": { type: "path", default: "~/worktrees", description: "where new worktrees are created" },
  "worktree.auto_mkdir": { type: "boolean", default: true, description: "create the base directory when missing" },
  "naming.template": {
    type: "string",
    default: "{{.Host}}/{{.Owner}}/{{.Repository}}/{{.Branch}}",
    description: "worktree path under the base directory",
  },
  "naming.sanitize_chars": {
    type: "string-map",
    default: { "/": "-", ":": "-" },
    description: "characters replaced in path parts",
  },
  "finder.preview": { local: true, type: "boolean", default: true, description: "show a preview pane in the finder" },
  "ui.icons": { local: true, type: "boolean", default: true, description: "use icons in tables" },
  "ui.tilde_home": { local: true, type: "boolean", default: true, description: "show the home directory as ~" },
  "cd.launch_shell": { local: true, type: "boolean", default: true, description: "gwq cd starts a new shell" },
  "cd.auto_cd_on_add": { local: true, type: "boolean", default: false, description: "cd into a worktree after add" },
  "tmux.enabled": { type: "boolean", default: true, description: "enable gwq tmux commands" },
  "tmux.auto_create_session": { local: true, type: "boolean", default: true, description: "attach creates a shell session for a worktree" },
  "tmux.detach_on_create": { local: true, type: "boolean", default: true, description: "run stays detached" },
  "tmux.auto_cleanup_completed": { local: true, type: "boolean", default: true, description: "close the tmux session of a command that exited 0" },
  "tmux.tmux_command": { type: "string", default: "tmux", program: true, description: "the tmux program" },
  "tmux.default_shell": { type: "string", default: defaultShell(), program: true, description: "the shell that runs commands" },
  "tmux.session_timeout": { type: "duration", default: "24h", description: "how long finished sessions are kept (0: forever)" },
  "tmux.keep_alive": { type: "boolean", default: true, description: "keep the tmux session after its command ends" },
  "tmux.history_limit": { local: true, type: "integer", default: 50000, min: 1, max: 2147483647, description: "lines of output kept per session" },
  "tmux.history_auto_save": { type: "boolean", default: true, description: "save the history when a session ends or is killed" },
  "tmux.history_save_dir": { type: "path", default: "~/.gwq/history", description: "where histories are saved" },
  "tmux.log_max_size": { type: "size", local: true, default: "50MB", description: "disk kept per session for its raw output (oldest dropped first)" },
  "agent.hook_stale": {
    type: "duration",
    default: "2m",
    description: "how long an agent's hook state is trusted without news before output activity decides (0: always trusted)",
  },
  "agent.quiet_after": {
    type: "duration",
    default: "10s",
    description: "a hook's \"working\" that the pane contradicts (no output for this long) gives way to output activity at once (0: never)",
  },
  // on/desktop only shape the notifications of sessions started from here: fine from any .gwq.toml.
  "notify.on": {
    local: true,
    type: "string-list",
    default: ["waiting", "failed"],
    choices: ["waiting", "failed", "idle", "completed", "detached"],
    description: "which changes notify: waiting, failed, idle, completed, detached",
  },
  "notify.desktop": { local: true, type: "boolean", default: true, description: "desktop notifications (notify-send or osascript, when present)" },
  "ssh.program": { type: "string", default: "ssh", program: true, description: "the ssh program that reaches hosts" },
  "ssh.config": {
    type: "string",
    default: "",
    program: true,
    emptyOk: true,
    description: "an ssh config file given to ssh with -F (empty: ssh's own ~/.ssh/config)",
  },
  "notify.command": {
    type: "string",
    default: "",
    program: true,
    emptyOk: true,
    description: "a command line run with the event JSON on stdin",
  },
};

/** Keys of one `[[repository_settings]]` entry. */
export const REPOSITORY_SETTING_KEYS: Record<string, { type: "path" | "string-list"; program?: boolean }> = {
  repository: { type: "path" },
  basedir: { type: "path" },
  copy_files: { type: "string-list" },
  setup_commands: { type: "string-list", program: true },
};

export interface RepositorySetting {
  /** Absolute path or glob, `~` expanded. */
  repository: string;
  basedir?: string;
  copy_files: string[];
  setup_commands: string[];
  /** The file this entry came from. */
  source: string;
}

export interface TmuxConfig {
  enabled: boolean;
  auto_create_session: boolean;
  detach_on_create: boolean;
  auto_cleanup_completed: boolean;
  tmux_command: string;
  default_shell: string;
  /** Milliseconds; 0 disables expiry. */
  session_timeout: number;
  keep_alive: boolean;
  history_limit: number;
  history_auto_save: boolean;
  /** Absolute. */
  history_save_dir: string;
  /** Bytes of raw output kept per session (`tmux.log_max_size`). */
  log_max_size: number;
}

export interface NotifyConfig {
  on: string[];
  desktop: boolean;
  /** "" for none. */
  command: string;
}

export interface Config {
  worktree: { basedir: string; auto_mkdir: boolean };
  naming: { template: string; sanitize_chars: Record<string, string> };
  finder: { preview: boolean };
  ui: { icons: boolean; tilde_home: boolean };
  cd: { launch_shell: boolean; auto_cd_on_add: boolean };
  tmux: TmuxConfig;
  agent: AgentConfig;
  notify: NotifyConfig;
  repository_settings: RepositorySetting[];
  ssh: { program: string; config: string | null };
  /** `[hosts.<name>]` of the global config (never a local file's). */
  hosts: Host[];
}

export interface AgentConfig {
  /** Milliseconds; 0: a hook's or report's state never goes stale. */
  hook_stale: number;
  /** Milliseconds of pane silence that contradict a hook's "working"; 0: never. */
  quiet_after: number;
}
