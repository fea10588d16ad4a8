// The session commands (gwq tmux ..., dash, events) as data: arguments, typed flags
// (src/commands/_flags.ts), help. _manifest.ts puts them in gwq's tree with the code each loads.
import { command } from "./_cli.js";
import { allHostsFlag, hostFlag } from "./_manifest-hosts.js";
import type { RestartMode } from "../sessions/types.js";
import type { Until } from "../sessions/wait.js";

/** Every value of a union, checked by the compiler: a mode added there must be added here. */
const all =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : "missing a value")) =>
    values;
/** tmux run --restart (the recorder's policies: src/sessions/recorder.ts). */
export const RESTART_CHOICES = all<RestartMode>()(["no", "on-failure", "always"]);
/** tmux wait --until (src/sessions/wait.ts). */
export const UNTIL_CHOICES = all<Until>()(["ended", "waiting", "idle", "working"]);
/** tmux run --max-restarts: the recorder's bound (MAX_RESTARTS in src/sessions/recorder.ts; a unit test compares them). */
export const MAX_RESTARTS = 100000;

const sessionPattern = { name: "pattern", description: "session name, id, identifier, or part of one", complete: "sessions" } as const;

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
    id: { type: "string", nonEmpty: true, value: "identifier", description: "identifier (default: the worktree's branch, else the command's first word and the directory name)" },
    context: { type: "string", nonEmpty: true, value: "name", default: "run", description: "context, e.g. task, claude, test" },
    attach: { type: "boolean", description: "attach once created (overrides tmux.detach_on_create)" },
    detach: { type: "boolean", negated: true, description: "same as --attach" },
    autoCleanup: { type: "boolean", description: "close the tmux session once the command exits 0" },
    meta: { type: "string", value: "key=value", multiple: true, description: "metadata (repeatable)" },
    agent: { type: "string", value: "kind", description: "the coding agent it runs (default: from the command, else the context): claude, codex, gemini, aider, opencode" },
    json: { type: "boolean", description: "print the session record as JSON" },
    restart: { type: "string", choices: RESTART_CHOICES, value: "policy", default: "no", description: "run the command again: no, on-failure or always" },
    maxRestarts: { type: "number", integer: true, min: 0, max: MAX_RESTARTS, value: "n", default: "5", description: "at most this many restarts" },
  },
});

export const tmuxList = command({
  summary: "List gwq sessions",
  aliases: ["ls"],
  flags: {
    host: hostFlag,
    allHosts: { type: "boolean", short: "H", description: "this machine and every configured host, asked at once (each record carries host)" },
    verbose: { type: "boolean", short: "v", description: "add session name, pid, exit code, worktree and start time" },
    json: { type: "boolean", conflicts: ["csv"], description: "a JSON array of session records" },
    csv: { type: "boolean", description: "CSV with a header row" },
    filter: { type: "string", short: "f", value: "statuses", description: "only these statuses or states: running, completed, failed, detached, working, waiting, idle, unknown (comma-separated)" },
    sort: { type: "string", short: "s", value: "key", default: "started", description: "duration, started, context, identifier, status or task" },
    watch: { type: "boolean", short: "w", description: "redraw until Ctrl+C" },
    interval: { type: "number", above: 0, unit: "seconds", short: "i", value: "seconds", default: "2", description: "refresh interval for --watch" },
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
    lines: { type: "number", integer: true, min: 0, short: "n", value: "n", description: "only the last N lines" },
    follow: { type: "boolean", short: "f", description: "keep printing new output until the session ends" },
    raw: { type: "boolean", conflicts: ["follow", "lines"], description: "the bytes as the program wrote them (colours kept, for less -R)" },
    whileStdinOpen: { type: "boolean", description: "with -f: also stop when stdin closes (what --host asks of the far gwq, so it ends with its ssh connection)" },
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
    host: hostFlag, allHosts: allHostsFlag,
    any: { type: "boolean", conflicts: ["all"], description: "return when the first matching session meets the condition" },
    all: { type: "boolean", description: "return when every matching session has met it" },
    until: { type: "string", choices: UNTIL_CHOICES, value: "condition", default: "ended", description: "what to wait for: ended, waiting, idle, working" },
    timeout: { type: "duration", bareSeconds: true, value: "duration", description: "give up after this long (30s, 10m, or seconds); exit 124" },
    json: { type: "boolean", description: "print the sessions that met the condition, as a JSON array" },
    whileStdinOpen: { type: "boolean", description: "also stop (exit 130) when stdin closes (what --host asks of the far gwq, so it ends with its ssh connection)" },
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

export const events = command({
  summary: "Show what happened to sessions, or follow it as it happens",
  args: [{ ...sessionPattern, description: "only events of sessions matching this (name, id, identifier, or part of one)" }],
  flags: {
    host: hostFlag, allHosts: allHostsFlag,
    follow: { type: "boolean", short: "f", description: "keep printing events as they happen, until Ctrl-C" },
    since: { type: "string", value: "seq|duration", description: "only events after this seq number, or from this long ago (10m, 2h, 1d)" },
    json: { type: "boolean", description: "one JSON object per line" },
    whileStdinOpen: { type: "boolean", description: "with -f: also stop when stdin closes (what --host and --all-hosts ask of the far gwq, so it ends with its ssh connection)" },
  },
});
