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
    const branches = await allBranches(ctx.cwd).catch(() => []);
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
  const { SessionStore } = await import("../sessions/session-store.js");
  // Read as every record is (session-store.ts): a FIFO named like a record would hang the user's Tab.
  return SessionStore.forEnv().records().flatMap((r) => [r.identifier, r.session_name].filter(Boolean));
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
