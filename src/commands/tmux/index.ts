import type { Command } from "commander";
import { GwqError } from "../../errors.js";

// Placeholder until the sessions issue lands.
export default function define(cmd: Command): void {
  cmd.allowUnknownOption().allowExcessArguments().action(async () => {
    const { config } = await import("../../context.js");
    config();
    throw new GwqError("tmux: not implemented yet");
  });
}
