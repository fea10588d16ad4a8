// What the dashboard's keys do to sessions (the effects dash-state.ts returns): attach, logs in
// the pager, kill, restart, diff, merge — on this machine through the session manager, on a host
// through its gwq over ssh (README "The dashboard: `gwq dash`": which keys work on a remote row).
import { runInteractive } from "../process.js";
import type { ShownSession } from "../sessions/present.js";
import type { Session } from "../sessions/types.js";

/** What the dashboard needs of SessionManager (its public API, nothing else). */
export interface DashManager {
  listWithScreen(choose: (sessions: Session[]) => string | null, rows: number): Promise<{ sessions: Session[]; screen: string[] | null; error: string | null }>;
  captureHistory(nameOrId: string, lines?: number): Promise<string[]>;
  killSession(nameOrId: string): Promise<void>;
  attachSession(nameOrId: string): Promise<number>;
  restartSession(nameOrId: string, opts?: { force?: boolean }): Promise<{ session: Session }>;
  /** Acts once on what a listing shows (detached marks, expiry): run once, after the first frame. */
  sweep(): Promise<unknown>;
}

/** The configured hosts, each reached through its own gwq (src/commands/dash-hosts.ts). */
export interface DashHosts {
  names: readonly string[];
  /** `gwq tmux list --json` there, bounded by the host's timeout: its sessions, or why not. */
  list(host: string): Promise<{ sessions: Session[] | null; error: string | null }>;
  /** The last `lines` lines of a session's output there. */
  output(host: string, name: string, lines?: number): Promise<string[]>;
  /** `ssh -t` to the host's `gwq tmux attach`: resolves with its exit code when the user detaches. */
  attach(host: string, name: string): Promise<number>;
  kill(host: string, name: string): Promise<void>;
  /** Resolves with the new session's name. */
  restart(host: string, name: string, force: boolean): Promise<string>;
}

/** `d` and `m`: the selected session's worktree diff (on the terminal, in git's pager) and merge. */
export interface DashLoop {
  /** Resolves with a function that shows the diff and resolves with an error to show, or null. */
  diff(s: Session): Promise<() => Promise<string | null>>;
  /** Resolves with what was done. */
  merge(s: Session): Promise<string>;
  /** Per worktree directory, where its branch stands against its recorded base. */
  bases?(dirs: string[]): Promise<Map<string, string>>;
}

/** What an action may do to the loop around it. */
export interface ActionContext {
  manager: DashManager;
  hosts?: DashHosts;
  loop?: DashLoop;
  env: NodeJS.ProcessEnv;
  out: { write(s: string): unknown };
  /** Hand the terminal to another program for `fn`, then take it back and redraw. */
  suspended(fn: () => Promise<void>): Promise<void>;
  say(text: string, error?: boolean): void;
  /** Move the selection to this key (a restarted session's new name). */
  selectKey(key: string): void;
  refreshNow(): void;
}

/** tmux prints one line as it leaves ("[detached (from session …)]"): take it off the screen. */
const UNDO_DETACHED_LINE = "\x1b[1A\r\x1b[2K";

export async function attach(c: ActionContext, s: ShownSession): Promise<void> {
  const name = s.session_name;
  if (s.status === "detached") throw new Error(`${name} is detached: tmux no longer has it (l shows its logs)`);
  if (!s.host && c.env.TMUX) {
    // Inside tmux: the client switches; the dashboard keeps running in its own pane.
    const code = await c.manager.attachSession(name);
    c.say(code === 0 ? `switched to ${name}` : `tmux switch-client failed (exit ${code})`, code !== 0);
    return;
  }
  let code = 0;
  await c.suspended(async () => {
    code = s.host ? await c.hosts!.attach(s.host, name) : await c.manager.attachSession(name);
    c.out.write(UNDO_DETACHED_LINE);
  });
  if (code !== 0) c.say(`${s.host ? `gwq tmux attach --host ${s.host}` : "tmux attach"} failed (exit ${code})`, true);
}

export async function logs(c: ActionContext, s: ShownSession): Promise<void> {
  const lines = s.host ? await c.hosts!.output(s.host, s.session_name) : await c.manager.captureHistory(s.session_name);
  let failure: string | null = null;
  await c.suspended(async () => {
    failure = await page(lines.join("\n") + (lines.length ? "\n" : ""), c.env);
  });
  if (failure) c.say(failure, true);
}

export async function kill(c: ActionContext, s: ShownSession): Promise<void> {
  if (s.host) await c.hosts!.kill(s.host, s.session_name);
  else await c.manager.killSession(s.session_name);
  c.say(`killed ${s.session_name}${s.host ? ` on ${s.host}` : ""}`);
  c.refreshNow();
}

export async function restart(c: ActionContext, s: ShownSession, force: boolean): Promise<void> {
  const opts = force ? { force: true } : {};
  const next = s.host ? await c.hosts!.restart(s.host, s.session_name, force) : (await c.manager.restartSession(s.session_name, opts)).session.session_name;
  c.selectKey(s.host ? `${s.host}:${next}` : next);
  c.say(`restarted ${s.session_name} as ${next}`);
  c.refreshNow();
}

export async function diff(c: ActionContext, s: ShownSession): Promise<void> {
  // Worked out first, so that a refusal (no recorded base) is a message, not a flicker.
  const show = await c.loop!.diff(s);
  let failure: string | null = null;
  await c.suspended(async () => {
    failure = await show();
  });
  if (failure) c.say(failure, true);
}

export async function merge(c: ActionContext, s: ShownSession): Promise<void> {
  c.say(await c.loop!.merge(s));
  c.refreshNow();
}

/**
 * Show `text` in $PAGER (default `less -R`), split on spaces: a pager is a program and its
 * flags, never a shell line. Resolves with a message when it could not run, else null.
 */
export async function page(text: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const words = (env.PAGER ?? "").trim().split(/\s+/).filter(Boolean);
  const [cmd, ...args] = words.length ? words : ["less", "-R"];
  try {
    await runInteractive(cmd!, args, { env, input: text, notFound: `pager not found: ${cmd} (set PAGER)` });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
