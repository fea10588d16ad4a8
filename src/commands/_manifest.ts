// Every gwq command as data: name, aliases, summary, arguments, flags, help. The parser
// (_cli.ts), `--help`, and the shell completion scripts are all made from this one table; the
// code of a command is in its own module, imported only when it runs (_registry.ts).
import { command, type FlagSpec } from "./_cli.js";
import { host, hostFlag } from "./_manifest-hosts.js";
import { allHostsFlag, farCwdFlag } from "./_manifest-hosts.js";

const global = { type: "boolean", short: "g", description: "search every repository under the base directory" } as const satisfies FlagSpec;
const pattern = { name: "pattern", description: "branch, path or repository:branch; an exact name wins over a substring", complete: "worktrees" } as const;
const sessionPattern = { name: "pattern", description: "session name, id, identifier, or part of one", complete: "sessions" } as const;

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
    expires: { type: "string", value: "duration", description: "remove it with `gwq prune --expired` after this long (1h, 90m, 7d)" },
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
  // Everything after `--` is the command's, untouched: exec reads its words itself (exec.ts).
  raw: true,
  args: [pattern],
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
    json: { type: "boolean", description: "print JSON" },
    csv: { type: "boolean", description: "print CSV" },
    watch: { type: "boolean", short: "w", description: "redraw until Ctrl+C" },
    interval: { type: "string", short: "i", value: "seconds", default: "5", description: "seconds between redraws in watch mode" },
    filter: { type: "string", short: "f", value: "filter", description: "modified|changed, clean|up to date, stale|inactive, staged, conflict|conflicted, has-session, no-session" },
    sort: { type: "string", short: "s", value: "field", description: "branch|name, status, modified|changes, activity|time, ahead, behind" },
    global: { ...global, description: "every worktree under the base directory" },
    staleDays: { type: "string", value: "days", default: "14", description: "no activity for this many days is inactive (0: never)" },
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
    prompt: { type: "string", value: "text", description: "the agent's first prompt, as its own argument; {branch} is replaced by the branch" },
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
    stat: { type: "boolean", description: "a diffstat" },
    nameOnly: { type: "boolean", description: "only the names of the files changed" },
    json: { type: "boolean", description: "JSON: branch, base, merge_base, ahead, behind, files, uncommitted" },
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
    rebase: { type: "boolean", description: "rebase the branch onto the target, then fast-forward the target" },
    squash: { type: "boolean", description: "one commit on the target" },
    message: { type: "string", short: "m", value: "text", description: "the commit message (merge commit or --squash)" },
    keep: { type: "boolean", description: "keep the worktree, its sessions and the branch" },
    force: { type: "boolean", short: "f", description: "end sessions still running in the worktree (their output is kept)" },
    json: { type: "boolean", description: "print the result as JSON" },
  },
});

// ---------------------------------------------------------------------------------------------
// gwq tmux ...

export const tmuxRun = command({
  summary: "Run a command in a new detached tmux session",
  usage: "[options] <command>  |  [options] -- <argv...>",
  positionalFlags: true,
  args: [{ name: "command", required: true, variadic: true, description: 'a shell command line ("npm run dev"), or an argv after --' }],
  flags: {
    host: hostFlag,
    env: { type: "string", multiple: true, value: "NAME", description: "with --host: send this variable of yours to the session there (its value over ssh's stdin)" },
    envStdin: { type: "boolean", description: "read variables for the session as a JSON object from stdin (what --host --env sends)" },
    worktree: { type: "string", short: "w", value: "pattern", complete: "worktrees", description: "run in that worktree (as gwq get resolves a pattern)" },
    id: { type: "string", value: "identifier", description: "identifier (default: the worktree's branch, else the command's first word and the directory name)" },
    context: { type: "string", value: "name", default: "run", description: "context, e.g. task, claude, test" },
    attach: { type: "boolean", description: "attach once created (overrides tmux.detach_on_create)" },
    detach: { type: "boolean", negated: true, description: "same as --attach" },
    autoCleanup: { type: "boolean", description: "close the tmux session once the command exits 0" },
    meta: { type: "string", value: "key=value", multiple: true, description: "metadata (repeatable)" },
    agent: { type: "string", value: "kind", description: "the coding agent it runs (default: from the command, else the context): claude, codex, gemini, aider, opencode" },
    json: { type: "boolean", description: "print the session record as JSON" },
    restart: { type: "string", value: "policy", default: "no", description: "run the command again: no, on-failure or always" },
    maxRestarts: { type: "string", value: "n", default: "5", description: "at most this many restarts" },
  },
});

export const tmuxList = command({
  summary: "List gwq sessions",
  aliases: ["ls"],
  flags: {
    host: hostFlag,
    allHosts: { type: "boolean", short: "H", description: "this machine and every configured host, asked at once (each record carries host)" },
    verbose: { type: "boolean", short: "v", description: "add session name, pid, exit code, worktree and start time" },
    json: { type: "boolean", description: "a JSON array of session records" },
    csv: { type: "boolean", description: "CSV with a header row" },
    filter: { type: "string", short: "f", value: "statuses", description: "only these statuses or states: running, completed, failed, detached, working, waiting, idle, unknown (comma-separated)" },
    sort: { type: "string", short: "s", value: "key", default: "started", description: "duration, started, context, identifier, status or task" },
    watch: { type: "boolean", short: "w", description: "redraw until Ctrl+C" },
    interval: { type: "string", short: "i", value: "seconds", default: "2", description: "refresh interval for --watch" },
  },
});

export const tmuxAttach = command({
  summary: "Attach to a session",
  args: [sessionPattern],
  flags: {
    host: hostFlag, interactive: { type: "boolean", short: "i", description: "choose with the finder" } },
});

export const tmuxKill = command({
  summary: "End sessions and remove their records",
  args: [sessionPattern],
  flags: {
    host: hostFlag,
    interactive: { type: "boolean", short: "i", description: "choose with the finder (Tab marks several)" },
    all: { type: "boolean", description: "every gwq session, or every one the pattern occurs in" },
    completed: { type: "boolean", description: "sessions whose command exited 0" },
    failed: { type: "boolean", description: "sessions whose command failed" },
    force: { type: "boolean", short: "f", description: "do not ask before ending several sessions" },
  },
});

export const tmuxLogs = command({
  summary: "Print a session's output",
  args: [{ ...sessionPattern, required: true }],
  flags: {
    host: hostFlag,
    lines: { type: "string", short: "n", value: "n", description: "only the last N lines" },
    follow: { type: "boolean", short: "f", description: "keep printing new output until the session ends" },
    raw: { type: "boolean", description: "the bytes as the program wrote them (colours kept, for less -R)" },
  },
});

export const tmuxSave = command({
  summary: "Write a session's history to a file",
  args: [
    { ...sessionPattern, required: true },
    { name: "file", description: "where to write (default: tmux.history_save_dir/<session>.log)" },
  ],
});

export const tmuxWait = command({
  summary: "Wait for sessions to end or reach a state; exit with the exit code",
  args: [{ ...sessionPattern, variadic: true, description: "session name, id, identifier, or part of one (several with --any/--all)" }],
  flags: {
    host: hostFlag,
    allHosts: allHostsFlag,
    any: { type: "boolean", description: "return when the first matching session meets the condition" },
    all: { type: "boolean", description: "return when every matching session has met it" },
    until: { type: "string", value: "condition", default: "ended", description: "what to wait for: ended, waiting, idle, working" },
    timeout: { type: "string", value: "duration", description: "give up after this long (30s, 10m, or seconds); exit 124" },
    json: { type: "boolean", description: "print the sessions that met the condition, as a JSON array" },
  },
});

export const tmuxRestart = command({
  summary: "Start a session again (agents can resume their conversation)",
  args: [{ ...sessionPattern, required: true }],
  flags: {
    host: hostFlag,
    resume: { type: "boolean", description: "an agent resumes its conversation (claude --resume <id>, codex resume <id>, gemini --resume <id>)" },
    force: { type: "boolean", short: "f", description: "restart a running session (it is ended first)" },
  },
});

export const tmuxResurrect = command({
  summary: "Start again what was running when tmux went away",
  args: [{ ...sessionPattern, description: "only sessions matching this" }],
  flags: {
    host: hostFlag, dryRun: { type: "boolean", description: "say what would start, start nothing" } },
});

export const dash = command({
  summary: "Every session on one screen, with a live preview",
  description: "Every session on one screen, grouped by worktree, with a live preview of the selected one",
  help: "Keys: ↑/↓ or k/j move, Enter attach, l logs in $PAGER, d the worktree's diff, m merge it (asks first), x kill, r restart, / filter, q or Esc quit.",
});

export const tmuxState = command({
  summary: "Report a session's state: working, waiting or idle",
  args: [{ name: "state", required: true, description: "working, waiting, idle" }],
  flags: {
    host: hostFlag,
    reason: { type: "string", value: "text", description: "why: the question asked, the permission wanted" },
    session: { type: "string", value: "pattern", description: "the session to set (default: the one this runs in)" },
  },
});

export const tmuxSend = command({
  summary: "Type text into a session (answer a waiting agent without attaching)",
  usage: "<pattern> [--no-enter] <text...>",
  args: [
    { ...sessionPattern, required: true },
    { name: "text", required: true, variadic: true, description: "what to type (several words are joined with spaces)" },
  ],
  flags: {
    host: hostFlag, enter: { type: "boolean", negated: true, description: "do not press Enter after the text" } },
});

// ---------------------------------------------------------------------------------------------
// gwq agent hooks ...

const agentKind = { name: "agent", required: true, description: "claude, codex or gemini" } as const;

export const agentHooksInstall = command({
  summary: "Merge gwq's hooks into an agent's settings (keeps everything of yours)",
  args: [agentKind],
  flags: { project: { type: "boolean", description: "the project's settings in the current directory, not your user settings" } },
});

export const agentHooksUninstall = command({
  summary: "Remove gwq's hooks (and only gwq's) from an agent's settings",
  args: [agentKind],
  flags: { project: { type: "boolean", description: "the project's settings in the current directory" } },
});

export const agentHooksStatus = command({
  summary: "Per agent: whether gwq's hooks are in place, what stops them, and when one last spoke",
  flags: {
    json: { type: "boolean", description: "as JSON" },
    project: { type: "boolean", description: "the project's settings (in the current directory) instead of the user's" },
  },
});

export const events = command({
  summary: "Show what happened to sessions, or follow it as it happens",
  args: [{ ...sessionPattern, description: "only events of sessions matching this (name, id, identifier, or part of one)" }],
  flags: {
    host: hostFlag,
    allHosts: allHostsFlag,
    follow: { type: "boolean", short: "f", description: "keep printing events as they happen, until Ctrl-C" },
    since: { type: "string", value: "seq|duration", description: "only events after this seq number, or from this long ago (10m, 2h, 1d)" },
    json: { type: "boolean", description: "one JSON object per line" },
  },
});

// ---------------------------------------------------------------------------------------------
// gwq config ...

export const configList = command({ summary: "Show every setting and its value", aliases: ["ls"] });

export const configGet = command({
  summary: "Print one setting",
  args: [{ name: "key", required: true, description: "e.g. tmux.history_limit", complete: "config-keys" }],
});

export const configSet = command({
  summary: "Change one setting in the global config, or ./.gwq.toml with --local",
  args: [
    { name: "key", required: true, description: "e.g. tmux.history_limit", complete: "config-keys" },
    { name: "value", required: true, description: "the new value" },
  ],
  flags: { local: { type: "boolean", description: "write ./.gwq.toml instead of the global config" } },
});

export const configTrust = command({
  summary: "Allow ./.gwq.toml (or FILE) to choose programs and setup commands",
  args: [{ name: "file", default: ".gwq.toml", description: "the local config file to trust" }],
});

// ---------------------------------------------------------------------------------------------

export const completion = command({
  summary: "Print a shell completion script",
  description: "Print a shell completion script (with the gwq cd wrapper): source <(gwq completion bash)",
  args: [{ name: "shell", description: "one of bash, zsh, fish", complete: "shells" }],
  help:
    "bash: source <(gwq completion bash)   zsh: source <(gwq completion zsh)   fish: gwq completion fish | source\n" +
    "With cd.launch_shell = false, `gwq cd` then changes the current shell's directory.",
  runs: true,
  subcommands: {
    // What the completion scripts ask for, one value per line.
    __items: command({
      summary: "Values for the completion scripts",
      hidden: true,
      args: [{ name: "kind", required: true, description: "branches|worktrees|sessions|config-keys|shells|agents" }],
    }),
  },
});

export const version = command({ summary: "Print the version" });

/** gwq itself: its commands, in the order help and errors list them. */
export const gwq = command({
  summary: "Git worktrees, and long-running commands in tmux sessions that remember how they ended",
  help: 'Run "gwq <command> --help" for a command\'s flags.',
  subcommands: {
    add,
    list,
    get,
    cd,
    exec,
    remove,
    prune,
    status,
    spawn,
    diff,
    merge,
    tmux: command({
      summary: "Run and manage long-running commands in tmux sessions",
      subcommands: {
        run: tmuxRun,
        list: tmuxList,
        attach: tmuxAttach,
        kill: tmuxKill,
        logs: tmuxLogs,
        save: tmuxSave,
        wait: tmuxWait,
        restart: tmuxRestart,
        resurrect: tmuxResurrect,
        state: tmuxState,
        send: tmuxSend,
      },
    }),
    dash,
    agent: command({
      summary: "Coding agents: install gwq's hooks so sessions show working, waiting or idle",
      subcommands: {
        hooks: command({
          summary: "Install, remove or check gwq's hooks in an agent's settings",
          subcommands: { install: agentHooksInstall, uninstall: agentHooksUninstall, status: agentHooksStatus },
        }),
      },
    }),
    events,
    config: command({
      summary: "Show and change configuration",
      subcommands: { list: configList, get: configGet, set: configSet, trust: configTrust },
    }),
    host,
    completion,
    version,
  },
});

/** gwq's own flags (before the command). */
export const ROOT_FLAGS: [string, string][] = [
  ["-v, --version", "print the version"],
  ["    --debug", "show stack traces for errors"],
  ["-h, --help", "show help"],
];
