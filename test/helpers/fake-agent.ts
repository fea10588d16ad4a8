// A stand-in for a coding agent on PATH (claude, codex, gemini): it records where it ran and the
// argv it was given, prints a line, and exits. Records go outside the worktrees, so they stay clean.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "./sandbox.js";

export interface AgentRun {
  cwd: string;
  argv: string[];
}

/** Put fake agents on the sandbox's PATH; returns the directory their records go to. */
export function installFakeAgents(sb: Sandbox, names = ["claude", "codex", "gemini"]): string {
  const bin = sb.path("bin");
  const records = sb.path("agent-runs");
  mkdirSync(bin, { recursive: true });
  mkdirSync(records, { recursive: true });
  for (const name of names) {
    const script =
      `#!${process.execPath}\n` +
      `const fs = require("node:fs");\n` +
      `const file = ${JSON.stringify(records)} + "/" + process.pid + "-" + Date.now() + ".json";\n` +
      // Written aside, then renamed: a reader never sees half a record.
      `fs.writeFileSync(file + ".tmp", JSON.stringify({ cwd: process.cwd(), argv: process.argv.slice(2) }));\n` +
      `fs.renameSync(file + ".tmp", file);\n` +
      `console.log("fake ${name} ran in " + process.cwd());\n`;
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  sb.env.PATH = `${bin}:${sb.env.PATH}`;
  return records;
}

export function agentRuns(records: string): AgentRun[] {
  return readdirSync(records)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(records, f), "utf8")) as AgentRun);
}
