// gwq completion bash|zsh|fish: a completion script (commands, flags, branches, worktrees,
// session names, config keys) with the shell-integration wrapper function. The hidden
// `completion __items <kind>` prints the values the scripts ask for, one per line.
import type { CliContext } from "../context.js";
import type { Invocation } from "./_cli.js";
import type { completion } from "./_specs-more.js";
import { UsageError } from "../errors.js";
import { writeOut } from "../output.js";

const SHELLS = ["bash", "zsh", "fish"];
const KINDS = ["branches", "worktrees", "sessions", "config-keys", "shells", "hosts", "agents"];

async function printItems(ctx: CliContext, kind: string): Promise<void> {
  const lines: string[] = [];
  if (kind === "shells") lines.push(...SHELLS);
  else if (kind === "agents") lines.push(...(await import("../worktrees/spawn-plan.js")).SPAWN_AGENTS);
  else if (kind === "config-keys") {
    const { KEYS } = await import("../config/schema.js");
    lines.push(...Object.keys(KEYS));
  } else if (kind === "worktrees") {
    const { discoverWorktrees } = await import("../worktrees/discover.js");
    const { repoName } = await import("../worktrees/resolve.js");
    const found = await discoverWorktrees({ ctx });
    for (const w of found.worktrees) lines.push(found.global ? `${repoName(w)}:${w.branch}` : w.branch);
  } else if (kind === "branches") {
    const { allBranches } = await import("../git/branch.js");
    const branches = await allBranches(process.cwd()).catch(() => []);
    // Remote ones as the name add would give the local branch.
    for (const b of branches) lines.push(b.remote ? b.name.slice(b.name.indexOf("/") + 1) : b.name);
  } else if (kind === "hosts") {
    lines.push(...ctx.config.hosts.map((h) => h.name));
  } else if (kind === "sessions") {
    lines.push(...(await sessionNames()));
  } else throw new UsageError(`unknown completion item kind "${kind}" (valid: ${KINDS.join(", ")})`);
  const unique = [...new Set(lines)];
  if (unique.length) writeOut(unique.join("\n") + "\n");
}

/**
 * What `gwq tmux attach <Tab>` offers: each session's identifier and name, from the records alone
 * (one directory read and one file read per session; no tmux call, no second gwq process). A
 * session's status does not matter here, and a record that cannot be read is simply not offered.
 */
async function sessionNames(): Promise<string[]> {
  const { readdirSync } = await import("node:fs");
  const { readRegular } = await import("../fsx.js");
  const { join } = await import("node:path");
  const { sessionsDir } = await import("../sessions/store.js");
  const dir = sessionsDir();
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const f of files.sort()) {
    if (!f.endsWith(".json") || f.endsWith(".end.json") || f.endsWith(".state.json") || f.startsWith(".")) continue;
    try {
      // Never waited on: a FIFO named like a record would hang the user's Tab.
      const r = JSON.parse(readRegular(join(dir, f), 1024 * 1024)?.toString("utf8") ?? "null") as { session_name?: unknown; identifier?: unknown };
      if (typeof r.identifier === "string" && r.identifier) out.push(r.identifier);
      if (typeof r.session_name === "string" && `${r.session_name}.json` === f) out.push(r.session_name);
    } catch {
      // removed meanwhile, or damaged: nothing to offer
    }
  }
  return out;
}

export default async function run(_ctx: CliContext, { args: { shell }, root }: Invocation<typeof completion>): Promise<void> {
  if (!shell) throw new UsageError(`completion needs a shell: ${SHELLS.join(", ")}`);
  if (!SHELLS.includes(shell)) throw new UsageError(`unknown shell "${shell}" (valid: ${SHELLS.join(", ")})`);
  const scripts = await import("./_completion-scripts.js");
  const text = shell === "bash" ? scripts.bashScript(root, true) : shell === "zsh" ? scripts.zshScript(root, true) : scripts.fishScript(root, true);
  writeOut(text);
}

/** `gwq completion __items <kind>`: what the scripts offer, one value per line. */
export async function items(ctx: CliContext, { args: { kind } }: { args: { kind: string } }): Promise<void> {
  await printItems(ctx, kind);
}
