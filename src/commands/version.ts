import type { Command } from "commander";
import { writeOut } from "../output.js";

declare const __GWQ_VERSION__: string | undefined;

export default function define(cmd: Command): void {
  cmd.action(() => {
    writeOut(`gwq version ${typeof __GWQ_VERSION__ === "string" ? __GWQ_VERSION__ : "0.0.0-dev"}\n`);
  });
}
