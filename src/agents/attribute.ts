// Which session an agent's hook event belongs to. An inherited GWQ_SESSION_NAME is no proof:
// Codex runs its hooks and its notify program from a daemon (`codex app-server`) that outlives
// the session that started it and keeps that session's environment, so a second Codex session's
// events arrive carrying the first one's name. An event changes a session only when it is shown
// to be that session's, by the first of:
//   1. process: the hook runs under the session's pane process (its ancestry, read from /proc) —
//      not for an agent whose hooks come from a daemon: the daemon is started under the first
//      session's pane, so every session's hooks would pass;
//   2. conversation: the event's conversation id is the session's agent_session_id;
//   3. directory: the event's cwd is the session's directory, and exactly one running session of
//      that agent is there.
// Otherwise nothing changes and the event is counted as unattributed (`gwq agent hooks status`).
// Where /proc cannot be read (macOS), or while a new session's record has no pane pid yet, an
// agent that runs its hooks itself (Claude Code, Gemini CLI) is trusted on the name it passed
// down.
//
// Loaded by the hook on every agent event: file reads only, no process spawned.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readJsonObject } from "../fsx.js";
import { readState, type StateMark } from "../sessions/state.js";

/** What the hook knows of one session, from its files. */
export interface Candidate {
  name: string;
  agent: string | null;
  /** The pane's process (the session's command runs under it). */
  pid: number | null;
  working_dir: string;
  /** No end recorded and its pane process alive. */
  running: boolean;
  /** The conversation it holds: the state mark's, else the one a resumed run was started with. */
  agent_session_id: string | null;
  mark: StateMark | null;
}

export type Attribution =
  | { session: string; by: "process" | "name" | "conversation" | "directory"; why?: undefined; candidates?: undefined }
  | { session: null; why: string; candidates: number };

export interface Facts {
  kind: string;
  /** GWQ_SESSION_NAME as the hook inherited it, or null. */
  named: string | null;
  /** The event's conversation id (session_id, Codex's thread-id), or null. */
  conversation: string | null;
  cwd: string | null;
  /**
   * Process ids above the hook, or null when they cannot be read; the walk up may stop at
   * `stopAt` (the named session's pane process: found, nothing above it is needed).
   */
  ancestors: (stopAt: number | null) => Set<number> | null;
  /** The candidate named, read on demand. */
  read: (name: string) => Candidate | null;
  /** Every session's candidate, read on demand. */
  all: () => Candidate[];
  /** The agent runs its hooks outside the session's process tree (Codex). */
  fromDaemon: boolean;
}

const samePath = (a: string, b: string) => resolve(a) === resolve(b);

export function attribute(f: Facts): Attribution {
  // A daemon is itself started from inside the first session's pane (and stays under it while
  // that agent runs): its hooks are under that pane's process whichever session they are for.
  // Ancestry proves nothing for such an agent.
  const named = f.named ? f.read(f.named) : null;
  const ancestors = f.fromDaemon ? null : f.ancestors(named?.running ? named.pid : null);
  if (named?.running && named.pid !== null && ancestors?.has(named.pid)) return { session: named.name, by: "process" };
  // No /proc, or a session so new that its record has no pane pid yet (the command runs before
  // tmux's answer is written down): an agent that runs its own hooks is taken on its name.
  if (named?.running && !f.fromDaemon && (!ancestors || named.pid === null)) return { session: named.name, by: "name" };
  // The agent's own sessions; when it has none, sessions gwq knows no agent of (the agent run by
  // a wrapper script gwq does not recognise).
  const running = f.all().filter((c) => c.running);
  const own = running.filter((c) => c.agent === f.kind);
  const mine = own.length ? own : running.filter((c) => c.agent === null);
  if (ancestors) {
    const under = mine.find((c) => c.pid !== null && ancestors.has(c.pid));
    if (under) return { session: under.name, by: "process" };
  }
  if (f.conversation) {
    const same = mine.filter((c) => c.agent_session_id === f.conversation);
    if (same.length === 1) return { session: same[0]!.name, by: "conversation" };
  }
  if (f.cwd) {
    const here = mine.filter((c) => samePath(c.working_dir, f.cwd!));
    if (here.length === 1) return { session: here[0]!.name, by: "directory" };
    if (here.length > 1) return { session: null, why: `${here.length} ${f.kind} sessions run in ${f.cwd}`, candidates: mine.length };
  }
  return { session: null, why: mine.length ? `no running ${f.kind} session matches` : `no running ${f.kind} session`, candidates: mine.length };
}

/**
 * A side conversation: the event carries another conversation id than the session's and does
 * not start a conversation (Codex's title-generation turn sends a turn-complete notify with its
 * own thread id in the middle of the real turn). It must change neither state nor id.
 */
export function isSideConversation(known: string | null, conversation: string | null, begins: boolean): boolean {
  return !!known && !!conversation && conversation !== known && !begins;
}

/** The parent of a process, from /proc/<pid>/stat (the field after the command's closing paren). */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/**
 * The ids of the processes above this one, or null where /proc does not say (not Linux): every
 * one up to init, or up to `stopAt` when the walk meets it (one file read per level).
 */
export function ancestry(pid = process.pid, stopAt: number | null = null): Set<number> | null {
  const seen = new Set<number>();
  let p: number | null = pid;
  for (let n = 0; n < 128 && p !== null && p > 1 && p !== stopAt; n++) {
    p = parentOf(p);
    if (p === null) return n === 0 ? null : seen;
    seen.add(p);
  }
  return seen;
}

function alive(pid: number | null): boolean {
  if (pid === null) return true; // still being created: tmux has not said yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const readJson = (path: string) => readJsonObject(path, 1024 * 1024);

/** A session's candidate from its record, end mark and state mark; null when it has no record. */
export function readCandidate(dir: string, name: string): Candidate | null {
  const r = readJson(join(dir, `${name}.json`));
  if (!r || r.session_name !== name) return null;
  const end = readJson(join(dir, `${name}.end.json`));
  const ended = !!end && ((end.exit_code !== null && end.exit_code !== undefined) || !!end.detached_at);
  const pid = typeof r.pid === "number" ? r.pid : null;
  const mark = readState(name, dir);
  return {
    name,
    agent: typeof r.agent === "string" ? r.agent : null,
    pid,
    working_dir: typeof r.working_dir === "string" ? r.working_dir : "/",
    running: !ended && alive(pid),
    agent_session_id: mark?.agent_session_id ?? (typeof r.agent_session_id === "string" ? r.agent_session_id : null),
    mark,
  };
}

/** Every session's candidate (records are `<name>.json`; the facts beside them have a second dot). */
export function readCandidates(dir: string): Candidate[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Candidate[] = [];
  for (const f of files) {
    const m = /^([A-Za-z0-9_-]+)\.json$/.exec(f);
    const c = m ? readCandidate(dir, m[1]!) : null;
    if (c) out.push(c);
  }
  return out;
}
