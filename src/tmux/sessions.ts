// tmux commands for gwq sessions, as pure argument builders (tested as arrays) plus the parsing of
// what tmux prints. Facts this relies on are in docs/tmux-facts.md:
// - a pane takes the history-limit in force when it is created, so the command runs in a window
//   created *after* the session option is set (a placeholder window is made and then removed);
// - several arguments after `--` are exec'd as is, so the recorder's argv keeps every byte;
// - pipe-pane in the creating call gets every byte the command prints, into a file that
//   outlives the tmux server;
// - remain-on-exit keeps a dead pane (and its history) and the window's pane-died hook fires when
//   the command ends; all of this happens in one tmux call, so even a command that exits at once
//   cannot die before the pipe, the hook and remain-on-exit are in place;
// - every target is exact (`=name:`), so a name is never matched as a prefix.
import { tmuxSh } from "../shell.js";
import { exactSession, exactTarget, tmuxString } from "./args.js";

export interface CreateSpec {
  name: string;
  /** gwq's id for the session, kept as the session option @gwq_id: how a listing knows it is ours. */
  id: string;
  /** The argv the pane execs (the recorder, see sessions/recorder.ts). */
  argv: string[];
  historyLimit: number;
  /** Shell command line for pipe-pane (built from gwq's own paths only), or null for none. */
  pipe: string | null;
  /** tmux command run by the pane-died hook. */
  hook: string;
}

/**
 * What the creating call prints: the pane's pid and id, the server's pid and start time, and the
 * server's socket path (last: a path may hold spaces).
 */
export const CREATED_FORMAT = "#{pane_pid} #{pane_id} #{pid} #{start_time} #{socket_path}";

/**
 * The one tmux call that creates a session running a command. No environment value is on this
 * argv (the server keeps the argv of the client that started it, readable by every local user):
 * the recorder reads the caller's environment from a private file.
 */
export function createCommands(spec: CreateSpec): string[][] {
  const t = exactTarget(spec.name);
  return [
    // Placeholder window: the session must exist before its history-limit can be set.
    ["new-session", "-d", "-s", spec.name, "-n", "gwq-init", "--", "sleep", "2147483647"],
    // Options take a pane target: `=name:` (exact session, its current window).
    ["set-option", "-t", t, "history-limit", String(spec.historyLimit)],
    // A user's `destroy-unattached on` would end a detached session at once.
    ["set-option", "-t", t, "destroy-unattached", "off"],
    ["set-option", "-t", t, "@gwq_id", spec.id],
    // The command's window, created after the limit is set; it becomes the current window.
    ["new-window", "-t", t, "-P", "-F", CREATED_FORMAT, "--", ...spec.argv],
    ...(spec.pipe ? [["pipe-pane", "-o", "-t", t, spec.pipe]] : []),
    ["set-option", "-w", "-t", t, "remain-on-exit", "on"],
    ["set-hook", "-w", "-t", t, "pane-died", spec.hook],
    ["kill-window", "-a", "-t", t],
  ];
}

export interface Created {
  pid: number | null;
  paneId: string | null;
  /** `<server pid>:<server start time>`: tells a restarted server from the same one. */
  server: string | null;
  /** The server's socket path: how later calls reach this server whatever TMUX_TMPDIR says then. */
  socket: string | null;
}

export function parseCreated(stdout: string): Created {
  const line = stdout.replace(/\n+$/, "");
  const [pid, paneId, spid, start] = line.split(" ");
  const socket = line.split(" ").slice(4).join(" ");
  return {
    pid: pid && /^\d+$/.test(pid) ? Number(pid) : null,
    paneId: paneId && /^%\d+$/.test(paneId) ? paneId : null,
    server: spid && start ? `${spid}:${start}` : null,
    socket: socket.startsWith("/") ? socket : null,
  };
}

/**
 * The pane-died hook: `run-shell -b` of our own fixed command. Only gwq's paths and the sanitized
 * session name appear in it — never user input. run-shell expands formats (not strftime), so the
 * values are made literal to it while the template's `#{pane_id}` is expanded for the dead pane;
 * the whole is one tmux double-quoted string, parsed when the hook is set.
 */
export function hookCommand(self: string[], stateSessionsDir: string, name: string): string {
  const line = tmuxSh`exec ${self} __session-ended ${stateSessionsDir} ${name} '#{pane_id}' 's=#{pane_dead_status}' 'g=#{pane_dead_signal}'`;
  return `run-shell -b ${tmuxString(line)}`;
}

export { LIST_FORMAT } from "./list-format.js";

export interface PaneInfo {
  session: string;
  paneId: string;
  pid: number | null;
  dead: boolean;
  deadStatus: number | null;
  deadSignal: number | null;
  attached: boolean;
  /** Last output in the window, seconds since the epoch (#{window_activity}). */
  activity: number | null;
  /** The session's @gwq_id option: set only on sessions gwq created. */
  gwqId: string | null;
  /** `<server pid>:<server start time>`. */
  server: string | null;
  /** Rows of history held, and the most it may hold (rows, not lines). */
  historySize: number | null;
  historyLimit: number | null;
  height: number | null;
  /** A program has switched the pane to the alternate screen. */
  alternate: boolean;
  /** The socket path of the server that answered. */
  socket: string | null;
}

export function parsePanes(stdout: string): Map<string, PaneInfo[]> {
  const bySession = new Map<string, PaneInfo[]>();
  const num = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
  for (const line of stdout.split("\n")) {
    if (!line) continue;
    const [session, paneId, pid, dead, status, signal, attached, activity, gwqId, server, hsize, hlimit, height, alt, socket] = line.split("\t");
    if (!session || !paneId) continue;
    const info: PaneInfo = {
      session,
      paneId,
      pid: num(pid),
      dead: dead === "1",
      deadStatus: num(status),
      deadSignal: num(signal),
      attached: (num(attached) ?? 0) > 0,
      activity: num(activity),
      gwqId: gwqId || null,
      server: server && server !== ":" ? server : null,
      historySize: num(hsize),
      historyLimit: num(hlimit),
      height: num(height),
      alternate: alt === "1",
      socket: socket || null,
    };
    const list = bySession.get(session);
    if (list) list.push(info);
    else bySession.set(session, [info]);
  }
  return bySession;
}

/** capture-pane of the whole history, wrapped lines joined (-J), or only the visible screen. */
export function captureArgs(target: string, opts: { screen?: boolean; escapes?: boolean } = {}): string[] {
  return ["capture-pane", "-p", "-J", ...(opts.escapes ? ["-e"] : []), ...(opts.screen ? [] : ["-S", "-", "-E", "-"]), "-t", target];
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

/** Ends these sessions, each by its exact name, in one call. */
export function killCommands(names: string[]): string[][] {
  return names.map((n) => ["kill-session", "-t", exactSession(n)]);
}

/** One cheap look at a pane, for following its output. */
export const PANE_STATE_FORMAT = "#{session_name} #{history_size} #{cursor_y} #{pane_dead}";
