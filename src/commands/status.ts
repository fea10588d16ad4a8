import type { Command } from "commander";
import { GwqError } from "../errors.js";

// Placeholder until the worktree issue lands this command.
export default function define(cmd: Command): void {
  cmd.allowUnknownOption().allowExcessArguments().action(() => {
    throw new GwqError("status: not implemented yet");
  });
}
