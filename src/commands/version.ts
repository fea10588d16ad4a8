// gwq version (with other words: `gwq version --debug`; alone it is answered by cli.ts).
import { writeOut } from "../output.js";

declare const __GWQ_VERSION__: string | undefined;

export default function run(): void {
  writeOut(`gwq version ${typeof __GWQ_VERSION__ === "string" ? __GWQ_VERSION__ : "0.0.0-dev"}\n`);
}
