// gwq tmux <subcommand>: a group of its own lazy map, so `gwq tmux list` loads only list.
import type { Command } from "commander";
import { declareLazy } from "../_program.js";
import type { CommandEntry } from "../_registry.js";

const subcommands: Record<string, CommandEntry> = {
  run: { summary: "Run a command in a new detached tmux session", load: () => import("./run.js") },
  list: { summary: "List gwq sessions", aliases: ["ls"], load: () => import("./list.js") },
  attach: { summary: "Attach to a session", load: () => import("./attach.js") },
  kill: { summary: "End sessions and remove their records", load: () => import("./kill.js") },
  logs: { summary: "Print a session's output", load: () => import("./logs.js") },
  save: { summary: "Write a session's history to a file", load: () => import("./save.js") },
  wait: { summary: "Wait for sessions to end or reach a state; exit with the exit code", load: () => import("./wait.js") },
  restart: { summary: "Start a session again (agents can resume their conversation)", load: () => import("./restart.js") },
  resurrect: { summary: "Start again what was running when tmux went away", load: () => import("./resurrect.js") },
  state: { summary: "Report a session's state: working, waiting or idle", load: () => import("./state.js") },
  send: { summary: "Type text into a session (answer a waiting agent without attaching)", load: () => import("./send.js") },
};

export default async function define(cmd: Command, rest: string[]): Promise<void> {
  // `run` passes options after the command's first word through to the command; commander
  // allows that only when the parent reads its own options positionally.
  cmd.enablePositionalOptions();
  await declareLazy(cmd, subcommands, rest);
}
