import type { Command } from "commander";

declare const __GWQ_VERSION__: string | undefined;

export default function define(cmd: Command): void {
  cmd.action(() => {
    process.stdout.write(`gwq version ${typeof __GWQ_VERSION__ === "string" ? __GWQ_VERSION__ : "0.0.0-dev"}\n`);
  });
}
