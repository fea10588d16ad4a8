// The worktree commands and the agent loop (spawn, diff, merge) as data: arguments, typed flags
// (src/commands/_flags.ts), help. _manifest.ts puts them in gwq's tree with the code each loads.
import { command, type FlagSpec } from "./_cli.js";
import { allHostsFlag, farCwdFlag, hostFlag } from "./_manifest-hosts.js";

const global = { type: "boolean", short: "g", description: "search every repository under the base directory" } as const satisfies FlagSpec;
const pattern = { name: "pattern", description: "branch, path or repository:branch; an exact name wins over a substring", complete: "worktrees" } as const;

export const add = command({
  summary: "Create a worktree for a branch",
  description: "Create a worktree for a branch (at the layout path unless a path is given)",
  args: [
    { name: "branch", description: "the branch to check out (or create with -b)", complete: "branches" },
    { name: "path", description: "where to create it (default: worktree.basedir + naming.template)" },
  ],
  flags: {
    host: hostFlag,
    cwd: farCwdFlag,
    branch: { type: "boolean", short: "b", description: "create the branch (from HEAD)" },
    interactive: { type: "boolean", short: "i", description: "choose the branch in the finder" },
    force: { type: "boolean", short: "f", description: "use an existing empty or registered-but-missing path; check out a branch used elsewhere" },
    stay: { type: "boolean", short: "s", description: "open a shell in the new worktree" },
    expires: { type: "duration", above: 0, value: "duration", description: "remove it with `gwq prune --expired` after this long (1h, 90m, 7d)" },
  },
});

export const list = command({
  summary: "List worktrees",
  description: "List worktrees (this repository's; every one under the base directory outside a repository or with -g)",
  aliases: ["ls"],
  flags: {
    host: hostFlag,
    cwd: farCwdFlag,
    verbose: { type: "boolean", short: "v", description: "add commit, creation time and type" },
    json: { type: "boolean", description: "print a JSON array: path, branch, commit_hash, is_main, created_at" },
    global: { ...global, description: "list worktrees of every repository under the base directory" },
  },
});

export const get = command({
  summary: "Print a worktree's path",
  description: "Print the path of the worktree a pattern names",
  args: [pattern],
  flags: {
    global,
    null: { type: "boolean", short: "0", description: "end the path with NUL instead of a newline" },
  },
});

export const cd = command({
  summary: "Open a shell in a worktree",
  description: "Open a shell in a worktree (or cd there with the shell integration)",
  args: [pattern],
  flags: { global },
});

export const exec = command({
  summary: "Run a command in a worktree",
  description: "Run a command in a worktree; exits with the command's exit code",
  usage: "[-g] [-s] [pattern] -- command [args...]",
  // Everything after `--` is the command's, untouched: the `--` is required, so that a command's
  // own flags can never be mistaken for gwq's.
  args: [pattern, { name: "command", required: true, afterDashdash: true, description: "the program and its arguments, after --" }],
  flags: {
    global,
    stay: { type: "boolean", short: "s", description: "open a shell in the worktree after the command" },
  },
});

export const remove = command({
  summary: "Remove a worktree",
  description: "Remove worktrees (never the main one); with -b also their branches",
  aliases: ["rm"],
  args: [{ ...pattern, description: "branch, path or repository:branch; none opens the finder to mark several" }],
  flags: {
    force: { type: "boolean", short: "f", description: "remove even with modified or untracked files, or a gwq session running there" },
    dryRun: { type: "boolean", short: "d", description: "show what would be removed, change nothing" },
    global,
    deleteBranch: { type: "boolean", short: "b", description: "also delete the branch (refused when it is not merged)" },
    forceDeleteBranch: { type: "boolean", description: "delete the branch even when it is not merged" },
  },
});

export const prune = command({
  summary: "Prune deleted or expired worktrees",
  description: "Forget worktrees deleted by hand; with --expired remove those past their --expires",
  flags: {
    expired: { type: "boolean", description: "remove worktrees whose `add --expires` time has passed" },
    dryRun: { type: "boolean", description: "show what would be done, change nothing" },
    force: { type: "boolean", description: "with --expired: remove even with uncommitted changes" },
    global: { ...global, description: "prune every repository under the base directory" },
  },
});

export const status = command({
  summary: "Show the state of every worktree",
  description: "Show the state of every worktree: changes, ahead/behind, last activity, sessions",
  flags: {
    host: hostFlag,
    cwd: farCwdFlag,
    allHosts: allHostsFlag,
    verbose: { type: "boolean", short: "v", description: "add AHEAD/BEHIND and SESSIONS columns" },
    json: { type: "boolean", description: "print JSON", conflicts: ["csv"] },
    csv: { type: "boolean", description: "print CSV" },
    watch: { type: "boolean", short: "w", description: "redraw until Ctrl+C" },
    interval: { type: "number", above: 0, unit: "seconds", short: "i", value: "seconds", default: "5", description: "seconds between redraws in watch mode" },
    filter: { type: "string", short: "f", value: "filter", description: "modified|changed, clean|up to date, stale|inactive, staged, conflict|conflicted, has-session, no-session" },
    sort: { type: "string", short: "s", value: "field", description: "branch|name, status, modified|changes, activity|time, ahead, behind" },
    global: { ...global, description: "every worktree under the base directory" },
    staleDays: { type: "number", integer: true, min: 0, unit: "days", value: "days", default: "14", description: "no activity for this many days is inactive (0: never)" },
    fetch: { type: "boolean", negated: true, description: "do not fetch remotes (gwq never does; accepted for the Go gwq's scripts)" },
    showProcesses: { type: "boolean", description: "list processes working inside each worktree (Linux)" },
  },
});

// ---------------------------------------------------------------------------------------------
// The agent loop: spawn, diff, merge

export const spawn = command({
  summary: "Start agents on new branches, each in its own worktree",
  description: "For each branch: a worktree from the base (recorded for diff and merge) and a session running the agent, or the argv after --",
  usage: "<branch>... [--agent kind] [--prompt text | --prompt-file file] [--base ref] [--attach] [--json] [-- argv...]",
  args: [{ name: "branch", required: true, variadic: true, description: "new branches to create (and, after --, the program to run)" }],
  flags: {
    host: hostFlag,
    cwd: farCwdFlag,
    agent: { type: "string", value: "kind", complete: "agents", description: "the agent to run: claude (default), codex, gemini" },
    prompt: { type: "string", value: "text", conflicts: ["promptFile"], description: "the agent's first prompt, as its own argument; {branch} is replaced by the branch" },
    promptFile: { type: "string", value: "file", description: "read the prompt from a file" },
    base: { type: "string", value: "ref", complete: "branches", description: "start the branches here (default: the main worktree's branch)" },
    attach: { type: "boolean", description: "attach to the (first) session once started" },
    json: { type: "boolean", description: "print a JSON array: branch, path, base, session" },
  },
});

export const diff = command({
  summary: "Show what a worktree's branch changes against its base",
  description: "What the branch changes against its base, from the merge-base to the working tree: commits, uncommitted changes, untracked files",
  args: [{ ...pattern, description: "the worktree (default: the one you are in); an exact name wins over a substring" }],
  flags: {
    host: hostFlag,
    cwd: farCwdFlag,
    stat: { type: "boolean", description: "a diffstat", conflicts: ["nameOnly"] },
    nameOnly: { type: "boolean", description: "only the names of the files changed" },
    json: { type: "boolean", conflicts: ["stat", "nameOnly"], description: "JSON: branch, base, merge_base, ahead, behind, files, uncommitted" },
    base: { type: "string", value: "ref", complete: "branches", description: "compare with this instead of the recorded base" },
    pager: { type: "boolean", negated: true, description: "do not use git's pager" },
  },
});

export const merge = command({
  summary: "Merge a worktree's branch into its base, then remove the worktree",
  description: "Merge a worktree's branch into its base (or --into) where that is checked out, never switching a branch; then end its sessions (output kept), remove the worktree and delete the branch",
  args: [{ ...pattern, description: "the worktree to merge (default: the one you are in)" }],
  flags: {
    host: hostFlag,
    cwd: farCwdFlag,
    into: { type: "string", value: "branch", complete: "branches", description: "merge into this branch instead of the recorded base" },
    rebase: { type: "boolean", conflicts: ["squash", "message"], description: "rebase the branch onto the target, then fast-forward the target" },
    squash: { type: "boolean", description: "one commit on the target" },
    message: { type: "string", short: "m", value: "text", description: "the commit message (merge commit or --squash)" },
    keep: { type: "boolean", description: "keep the worktree, its sessions and the branch" },
    force: { type: "boolean", short: "f", description: "end sessions still running in the worktree (their output is kept)" },
    json: { type: "boolean", description: "print the result as JSON" },
  },
});
