// gwq agent <subcommand>: coding agents (Claude Code, Codex, Gemini CLI) and gwq.
import type { Command } from "commander";
import { declareLazy } from "../_program.js";
import type { CommandEntry } from "../_registry.js";

const subcommands: Record<string, CommandEntry> = {
  hooks: { summary: "Install, remove or check gwq's hooks in an agent's settings", load: () => import("./hooks.js") },
};

export default async function define(cmd: Command, rest: string[]): Promise<void> {
  await declareLazy(cmd, subcommands, rest);
}
