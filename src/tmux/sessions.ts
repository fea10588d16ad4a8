// tmux commands for gwq sessions, as pure argument builders (tested as arrays) plus the parsing of
// what tmux prints. Facts this relies on are in ../shared/TMUX-FACTS.md:
// - a pane takes the history-limit in force when it is created, so the command runs in a window
//   created *after* the session option is set (a placeholder window is made and then removed);
// - several arguments after `--` are exec'd as is, so `shell -c <command>` keeps every byte;
// - remain-on-exit keeps a dead pane (and its history) and the window's pane-died hook fires the
//   moment the command ends; all of this happens in one tmux call, so even a command that exits
//   at once cannot die before the hook and remain-on-exit are in place;
// - every target is exact (`=name:`), so a name is never matched as a prefix.
import { exactTarget } from "./tmux.js";

export interface CreateSpec {
  name: string;
  /** The argv the pane execs (see recorderArgv). */
  argv: string[];
  historyLimit: number;
  /** Environment for the command: the caller's, plus GWQ_SESSION_*. */
  env: Record<string, string>;
  /** tmux command run by the pane-died hook. */
  hook: string;
}

/** Variables that describe the caller's own tmux client, never forwarded into a session. */
const NOT_FORWARDED = new Set(["TMUX", "TMUX_PANE"]);

export function forwardedEnv(env: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || NOT_FORWARDED.has(k) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    out[k] = v;
  }
  return { ...out, ...extra };
}

/** The one tmux call that creates a session running a command. Prints the pane's pid and id. */
export function createCommands(spec: CreateSpec): string[][] {
  const t = exactTarget(spec.name);
  const envArgs = Object.entries(spec.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  return [
    // Placeholder window: the session must exist before its history-limit can be set.
    ["new-session", "-d", "-s", spec.name, "-n", "gwq-init", "--", "sleep", "2147483647"],
    // Options take a pane target: `=name:` (exact session, its current window).
    ["set-option", "-t", t, "history-limit", String(spec.historyLimit)],
    // A user's `destroy-unattached on` would end a detached session at once.
    ["set-option", "-t", t, "destroy-unattached", "off"],
    // The command's window, created after the limit is set; it becomes the current window.
    ["new-window", "-t", t, "-P", "-F", "#{pane_pid} #{pane_id}", ...envArgs, "--", ...spec.argv],
    ["set-option", "-w", "-t", t, "remain-on-exit", "on"],
    ["set-hook", "-w", "-t", t, "pane-died", spec.hook],
    ["kill-window", "-a", "-t", t],
  ];
}

/**
 * The pane runs a small constant script that runs the user's argv and then records how it ended
 * by running `gwq __session-ended` itself. tmux 3.3a's pane-died hook, measured here, fails to
 * fire for about one command in ten (a silent command that exits after a moment), so the hook is
 * only the backstop for a recorder that was killed. The script is constant: the user's command
 * and our paths reach it only as positional arguments, never as shell text.
 * - `trap : INT TERM QUIT` keeps the recorder alive when Ctrl-C or a kill reaches the whole
 *   process group, while the command itself keeps the default handlers (a handler, unlike an
 *   ignored signal, is not inherited through exec);
 * - SIGHUP is not trapped: when the tmux server dies, the recorder dies too and nothing is
 *   recorded, which is how the session is known to be detached;
 * - the recorder's own output goes nowhere, so the history holds only the command's.
 */
export const RECORDER_SCRIPT = [
  "trap : INT TERM QUIT",
  'n=$1 c=$2 d=$3 s=$4; shift 4',
  '"$@"',
  "e=$?",
  '"$n" "$c" __session-ended "$d" "$s" "$TMUX_PANE" "s=$e" "g=" </dev/null >/dev/null 2>&1',
  'exit "$e"',
].join("\n");

export function recorderArgv(opts: { node: string; cli: string; sessionsDir: string; name: string; argv: string[] }): string[] {
  return ["/bin/sh", "-c", RECORDER_SCRIPT, "gwq-session", opts.node, opts.cli, opts.sessionsDir, opts.name, ...opts.argv];
}

/** Quote for a POSIX shell: one word, every byte literal. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The pane-died hook: `run-shell -b` of our own fixed command. Only gwq's paths and the sanitized
 * session name appear in it — never user input. `#` is doubled so tmux's format expansion leaves
 * paths alone; the tmux double-quoted string escapes \ " and $.
 */
export function hookCommand(node: string, cli: string, stateSessionsDir: string, name: string): string {
  const f = (s: string) => shellQuote(s).replace(/#/g, "##");
  const sh = `exec ${f(node)} ${f(cli)} __session-ended ${f(stateSessionsDir)} ${f(name)} '#{pane_id}' 's=#{pane_dead_status}' 'g=#{pane_dead_signal}'`;
  const quoted = sh.replace(/[\\"$]/g, (c) => `\\${c}`);
  return `run-shell -b "${quoted}"`;
}

/** One query for every pane of every session: the whole cost of a listing on the tmux side. */
export const LIST_FORMAT = [
  "#{session_name}",
  "#{pane_id}",
  "#{pane_pid}",
  "#{pane_dead}",
  "#{pane_dead_status}",
  "#{pane_dead_signal}",
  "#{session_attached}",
].join("\t");

export interface PaneInfo {
  session: string;
  paneId: string;
  pid: number | null;
  dead: boolean;
  deadStatus: number | null;
  deadSignal: number | null;
  attached: boolean;
}

export function parsePanes(stdout: string): Map<string, PaneInfo[]> {
  const bySession = new Map<string, PaneInfo[]>();
  for (const line of stdout.split("\n")) {
    if (!line) continue;
    const [session, paneId, pid, dead, status, signal, attached] = line.split("\t");
    if (!session || !paneId) continue;
    const num = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
    const info: PaneInfo = {
      session,
      paneId,
      pid: num(pid),
      dead: dead === "1",
      deadStatus: num(status),
      deadSignal: num(signal),
      attached: (num(attached) ?? 0) > 0,
    };
    const list = bySession.get(session);
    if (list) list.push(info);
    else bySession.set(session, [info]);
  }
  return bySession;
}

/** capture-pane of the whole history, wrapped lines joined. */
export function captureArgs(target: string): string[] {
  return ["capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", target];
}

/**
 * Clean a capture: drop tmux's own "Pane is dead" line and the empty screen rows below the last
 * output. Lines are kept as the command printed them.
 */
export function cleanCapture(text: string, dead: boolean): string[] {
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const trimEnd = () => {
    while (lines.length && lines[lines.length - 1]!.trim() === "") lines.pop();
  };
  trimEnd();
  if (dead && lines.length && /^Pane is dead( \(|$)/.test(lines[lines.length - 1]!)) {
    lines.pop();
    trimEnd();
  }
  // -J keeps trailing spaces the command printed and adds none: lines stay as printed.
  return lines;
}
