// What runs in a session's pane: a small constant sh script that takes the caller's environment
// from a private file, runs the user's argv, then records how it ended by running
// `gwq __session-ended` itself. tmux 3.3a's pane-died hook, measured here, fails to fire for about
// one command in ten (a silent command that exits after a moment), so the hook is only the
// backstop for a recorder that was killed. The script is constant: the user's command and gwq's
// paths reach it only as positional arguments, never as shell text.
// - the environment file (0600, in the state dir) is read, then removed: no value is ever on a
//   command line (a tmux server keeps the argv of the client that started it for its whole life,
//   readable by every local user), and no 16 KiB limit on tmux's arguments applies to it;
// - `trap : INT TERM QUIT` keeps the recorder alive when Ctrl-C or a kill reaches the whole
//   process group, while the command itself keeps the default handlers (a handler, unlike an
//   ignored signal, is not inherited through exec);
// - SIGHUP is not trapped: when the tmux server dies, the recorder dies too and nothing is
//   recorded, which is how the session is known to be detached;
// - the recorder's own output goes nowhere, so the output holds only the command's;
// - a recorder killed with SIGKILL leaves its end to tmux's pane-died hook, which tmux 3.3a can
//   fail to run (it loses the pane's SIGCHLD while running its utempter helper, and never reaps
//   the pane: README "How sessions work"). So the recorder starts one small watcher in a session
//   of its own (out of reach of a kill of the pane's process group): it waits, without polling,
//   for the end of a pipe only the recorder holds, then sends the tmux server a SIGCHLD (1 s and
//   5 s later), which makes it reap the pane and run the hook; then it exits. Where `setsid` or
//   `mkfifo` is missing the watcher is skipped (the next gwq listing nudges tmux instead).
import { GwqError } from "../errors.js";
import { raw, sh } from "../shell.js";
import type { RestartMode, RestartPolicy } from "./types.js";

export const RECORDER_SCRIPT = [
  "trap : INT TERM QUIT",
  'if [ -n "$1" ] && [ -f "$1" ]; then . "$1"; rm -f -- "$1"; fi',
  // The recorder's own variables carry a private prefix the environment file never sets
  // (forwardedEnv drops it): the user's exported `d`, `k`, ... reach the command unchanged, and
  // none of these, never exported, reaches it at all.
  '__gwq_n=$2 __gwq_c=$3 __gwq_d=$4 __gwq_s=$5 __gwq_p=$6 __gwq_m=$7; shift 7',
  '__gwq_run() { if [ -n "$__gwq_c" ]; then "$__gwq_n" "$__gwq_c" "$@"; else "$__gwq_n" "$@"; fi </dev/null >/dev/null 2>&1 9>&-; }',
  // The watcher: fd 9 (read-write) is the end only the recorder holds (closed for everything it
  // runs); the watcher reads the FIFO, which is unlinked at once, through fd 8.
  'if [ -n "$TMUX" ] && command -v setsid >/dev/null 2>&1 && mkfifo -m 600 "$__gwq_d/.alive-$$" 2>/dev/null; then',
  '  exec 9<>"$__gwq_d/.alive-$$" 8<"$__gwq_d/.alive-$$"; rm -f "$__gwq_d/.alive-$$"',
  '  __gwq_t=${TMUX#*,}',
  `  setsid sh -c 'while read -r _; do :; done; for t in 1 4; do sleep "$t"; kill -s CHLD "$1" 2>/dev/null; done' gwq-reap "\${__gwq_t%%,*}" <&8 >/dev/null 2>&1 9>&- &`,
  '  exec 8<&-',
  'fi',
  // A restart policy is a loop here, in the pane: nothing else stays resident for it. Backoff
  // 1 s, doubling to 30 s; `kill` ends the tmux session, whose SIGHUP ends this loop for good.
  "__gwq_k=0 __gwq_w=1",
  "while :; do",
  '  "$@" 9>&-',
  "  __gwq_e=$?",
  '  case $__gwq_p in always) ;; on-failure) [ "$__gwq_e" -ne 0 ] || break ;; *) break ;; esac',
  '  [ "$__gwq_k" -lt "$__gwq_m" ] || break',
  "  __gwq_k=$((__gwq_k + 1))",
  '  __gwq_run __session-restarted "$__gwq_d" "$__gwq_s" "n=$__gwq_k" "s=$__gwq_e"',
  '  sleep "$__gwq_w" 9>&-',
  '  __gwq_w=$((__gwq_w * 2)); [ "$__gwq_w" -le 30 ] || __gwq_w=30',
  "done",
  '__gwq_run __session-ended "$__gwq_d" "$__gwq_s" "$TMUX_PANE" "s=$__gwq_e" "g="',
  'exit "$__gwq_e"',
].join("\n");

/** The prefix of the recorder's own shell variables: never forwarded from the caller. */
export const PRIVATE_PREFIX = "__gwq_";

/** The most restarts a policy may ask for: the shell's arithmetic must never overflow. */
export const MAX_RESTARTS = 100_000;

export const RESTART_MODES: RestartMode[] = ["no", "on-failure", "always"];

export function validMaxRestarts(max: number): boolean {
  return Number.isInteger(max) && max >= 0 && max <= MAX_RESTARTS;
}

export interface RecorderSpec {
  /** How gwq runs itself: [node, cli.js] or [binary]. */
  self: string[];
  /** The environment file, or "" for none. */
  envFile: string;
  sessionsDir: string;
  name: string;
  restart?: RestartPolicy;
  /** The user's command as an argv (shell -c <command>, or their own argv). */
  argv: string[];
}

export function recorderArgv(spec: RecorderSpec): string[] {
  const [n, c = ""] = spec.self;
  const r = spec.restart ?? { mode: "no", max: 0 };
  if (!validMaxRestarts(r.max)) throw new GwqError(`the most restarts must be a whole number from 0 to ${MAX_RESTARTS} (got ${r.max})`);
  return ["/bin/sh", "-c", RECORDER_SCRIPT, "gwq-session", spec.envFile, n!, c, spec.sessionsDir, spec.name, r.mode, String(r.max), ...spec.argv];
}

/** Variables that describe the caller's own tmux client, never forwarded into a session. */
const NOT_FORWARDED = new Set(["TMUX", "TMUX_PANE"]);
/** Read-only in some shells (bash as /bin/sh): assigning one would stop the recorder. */
const READ_ONLY = new Set(["SHELLOPTS", "BASHOPTS", "BASH_VERSINFO", "EUID", "PPID", "UID", "GROUPS"]);

export function forwardedEnv(env: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || NOT_FORWARDED.has(k) || k.startsWith(PRIVATE_PREFIX) || READ_ONLY.has(k) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    out[k] = v;
  }
  return { ...out, ...extra };
}

/**
 * The environment file the recorder sources: one `export NAME='value'` per variable. Names are
 * checked identifiers; values are single-quoted, which keeps every byte but NUL (which no
 * environment value can hold) literal — the round trip is unit-tested over every byte.
 */
export function envFileText(env: Record<string, string>): string {
  return Object.entries(env)
    .filter(([k, v]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !v.includes("\0"))
    .map(([k, v]) => sh`export ${raw(k)}=${v}\n`)
    .join("");
}
