// gwq completion bash|zsh|fish: a completion script (commands, flags, branches, worktrees,
// session names, config keys) with the shell-integration wrapper function. The hidden
// `completion __items <kind>` prints the values the scripts ask for, one per line.
import type { Command } from "commander";
import { UsageError } from "../errors.js";

const SHELLS = ["bash", "zsh", "fish"];
const KINDS = ["branches", "worktrees", "sessions", "config-keys", "shells"];

async function printItems(kind: string): Promise<void> {
  const lines: string[] = [];
  if (kind === "shells") lines.push(...SHELLS);
  else if (kind === "config-keys") {
    const { KEYS } = await import("../config/schema.js");
    lines.push(...Object.keys(KEYS));
  } else if (kind === "worktrees") {
    const { discoverWorktrees } = await import("../worktrees/discover.js");
    const { repoName } = await import("../worktrees/resolve.js");
    const found = await discoverWorktrees({});
    for (const w of found.worktrees) lines.push(found.global ? `${repoName(w)}:${w.branch}` : w.branch);
  } else if (kind === "branches") {
    const { allBranches } = await import("../git/branch.js");
    const branches = await allBranches(process.cwd()).catch(() => []);
    // Remote ones as the name add would give the local branch.
    for (const b of branches) lines.push(b.remote ? b.name.slice(b.name.indexOf("/") + 1) : b.name);
  } else if (kind === "sessions") {
    // Ask gwq itself, so this never depends on how sessions are stored.
    const { run } = await import("../process.js");
    const r = await run(process.execPath, [process.argv[1]!, "tmux", "list", "--json"]).catch(() => null);
    try {
      for (const s of JSON.parse(r?.stdout ?? "[]") as { session_name?: string; identifier?: string }[]) {
        if (s.identifier) lines.push(s.identifier);
        if (s.session_name) lines.push(s.session_name);
      }
    } catch {
      // no sessions to offer
    }
  } else throw new UsageError(`unknown completion item kind "${kind}" (valid: ${KINDS.join(", ")})`);
  const unique = [...new Set(lines)];
  if (unique.length) process.stdout.write(unique.join("\n") + "\n");
}

export default function define(cmd: Command): void {
  cmd
    .description("Print a shell completion script (with the gwq cd wrapper): source <(gwq completion bash)")
    .argument("[shell]", `one of ${SHELLS.join(", ")}`)
    .addHelpText(
      "after",
      "\nbash: source <(gwq completion bash)   zsh: source <(gwq completion zsh)   fish: gwq completion fish | source\n" +
        "With cd.launch_shell = false, `gwq cd` then changes the current shell's directory.",
    )
    .action(async (shell: string | undefined) => {
      if (!shell) throw new UsageError(`completion needs a shell: ${SHELLS.join(", ")}`);
      if (!SHELLS.includes(shell)) throw new UsageError(`unknown shell "${shell}" (valid: ${SHELLS.join(", ")})`);
      const scripts = await import("./_completion-scripts.js");
      const text = shell === "bash" ? scripts.bashScript(true) : shell === "zsh" ? scripts.zshScript(true) : scripts.fishScript(true);
      process.stdout.write(text);
    });
  cmd
    .command("__items", { hidden: true })
    .argument("<kind>", KINDS.join("|"))
    .action(async (kind: string) => printItems(kind));
}
