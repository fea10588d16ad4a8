// Every top-level command: name, aliases, one-line summary and a loader. Only the command being
// run is imported, so `gwq get x` never loads the tmux or status code.
import type { Command } from "commander";

export interface CommandModule {
  /** Declare the command's flags and action; `rest` is the argv after the command's name. */
  default: (cmd: Command, rest: string[]) => void | Promise<void>;
}

export interface CommandEntry {
  summary: string;
  aliases?: string[];
  load: () => Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
  add: { summary: "Create a worktree for a branch", load: () => import("./add.js") },
  list: { summary: "List worktrees", aliases: ["ls"], load: () => import("./list.js") },
  get: { summary: "Print a worktree's path", load: () => import("./get.js") },
  cd: { summary: "Open a shell in a worktree", load: () => import("./cd.js") },
  exec: { summary: "Run a command in a worktree", load: () => import("./exec.js") },
  remove: { summary: "Remove a worktree", aliases: ["rm"], load: () => import("./remove.js") },
  prune: { summary: "Prune deleted or expired worktrees", load: () => import("./prune.js") },
  status: { summary: "Show the state of every worktree", load: () => import("./status.js") },
  tmux: { summary: "Run and manage long-running commands in tmux sessions", load: () => import("./tmux/index.js") },
  dash: { summary: "Every session on one screen, with a live preview", load: () => import("./dash.js") },

  agent: { summary: "Coding agents: install gwq's hooks so sessions show working, waiting or idle", load: () => import("./agent/index.js") },
  events: { summary: "Show what happened to sessions, or follow it as it happens", load: () => import("./events.js") },
  config: { summary: "Show and change configuration", load: () => import("./config.js") },
  completion: { summary: "Print a shell completion script", load: () => import("./completion.js") },
  version: { summary: "Print the version", load: () => import("./version.js") },
};

/** Find the command a name or alias means. */
export function resolveCommand(
  table: Record<string, CommandEntry>,
  name: string,
): [string, CommandEntry] | undefined {
  if (table[name]) return [name, table[name]!];
  for (const [n, e] of Object.entries(table)) if (e.aliases?.includes(name)) return [n, e];
  return undefined;
}
