// `gwq __hook <agent> [-- <previous notify argv...>] [<payload JSON>]`: what an agent's hooks run.
// It must cost the agent almost nothing and never disturb it:
// - outside a gwq session (no GWQ_SESSION_NAME) it returns at once, reads nothing, writes
//   nothing, prints nothing (except that a Codex notify still calls the user's previous program,
//   and that Codex, whose hooks run from a daemon, is looked at as below);
// - inside, it reads the payload (stdin JSON, capped and time-limited; or the last argument, as
//   Codex's notify passes it), finds the session the event is proven to belong to (attribute.ts:
//   an inherited session name is no proof), writes its state mark and returns;
// - it always exits 0 and prints nothing: a hook's stdout can reach the agent's context, and a
//   failing hook shows up in the agent's UI. Problems go to <state dir>/hook-errors.log.
// Bundled on its own (dist/agent-hook.js): no config, no tmux, no commander.
import { closeSync, constants, existsSync, futimesSync, mkdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { atomicWrite, openRegular, readUpTo } from "../fsx.js";
import { recordState, isoLocal, isSessionName } from "../sessions/state.js";
import { ancestry, attribute, isSideConversation, readCandidate, readCandidates, type Candidate } from "./attribute.js";
import { AGENTS } from "./index.js";
import { readStdin } from "./hook-stdin.js";
import type { Payload } from "./types.js";
import { str } from "./types.js";

// For the Node entry, which finds the stdin reader in this file (scripts/build.mjs).
export { readStdin };

export function stateDirFromEnv(env: NodeJS.ProcessEnv): string {
  if (env.GWQ_STATE_DIR) return env.GWQ_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, "gwq");
  return join(env.HOME || "/", ".local", "state", "gwq");
}

const FIELDS = ["hook_event_name", "session_id", "notification_type", "message", "tool_name", "source", "type", "thread-id"];

/**
 * The payload as an object. A payload cut at KEEP_BYTES is not JSON any more: its leading string
 * fields (the agents put the event name and session id first) are still read.
 */
export function parsePayload(text: string): Payload | null {
  const t = text.trim();
  if (!t) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Payload) : null;
  } catch {
    const out: Payload = {};
    for (const f of FIELDS) {
      const m = new RegExp(`"${f}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(t);
      if (m) {
        try {
          out[f] = JSON.parse(`"${m[1]}"`);
        } catch {
          // an escape cut in half: skip the field
        }
      }
    }
    return Object.keys(out).length ? out : null;
  }
}

/** Codex's notify: the user's previous program keeps being called, with the same argument. */
async function callPrevious(argv: string[], payload: string): Promise<void> {
  const { startDetached } = await import("../process.js");
  startDetached(argv[0]!, [...argv.slice(1), payload]);
}

function logError(stateDir: string, what: string): void {
  try {
    // Never waiting on a FIFO planted at its name: the agent waits for this hook.
    const fd = openRegular(join(stateDir, "hook-errors.log"), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW);
    try {
      writeSync(fd, `${new Date().toISOString()} ${what}\n`);
    } finally {
      closeSync(fd);
    }
  } catch {
    // nothing more we can do
  }
}

/** Keeps a small file per agent for `gwq agent hooks status`; never fails the hook. */
function writeHookFile(stateDir: string, file: string, text: string): void {
  const dir = join(stateDir, "agent-hooks");
  try {
    atomicWrite(join(dir, file), text);
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    atomicWrite(join(dir, file), text);
  }
}

/**
 * For `gwq agent hooks status`: which agent's hooks spoke last, about what (the file), and when
 * (its modification time). The same words as last time are not written again, only the time is
 * set: a hook runs on every event of every agent, and replacing a file's data (ext4 starts
 * writing it out at the rename) cost about 1.3 ms of a 45 ms hook.
 */
export function noteLastHook(stateDir: string, kind: string, text: string, now: Date): void {
  try {
    const fd = openRegular(join(stateDir, "agent-hooks", `${kind}.json`), constants.O_RDONLY);
    try {
      if (readUpTo(fd, text.length + 1).toString("utf8") === text) return futimesSync(fd, now, now);
    } finally {
      closeSync(fd);
    }
  } catch {
    // none yet, or not a file of ours: written below
  }
  writeHookFile(stateDir, `${kind}.json`, text);
}

/** One more event that belonged to no session it could be shown to (`gwq agent hooks status`). */
function countUnattributed(stateDir: string, kind: string, event: unknown, why: string, at: Date): void {
  let count = 0;
  try {
    const prev = JSON.parse(readFileSync(join(stateDir, "agent-hooks", `${kind}.unattributed.json`), "utf8")) as { count?: unknown };
    if (typeof prev.count === "number") count = prev.count;
  } catch {
    // none yet
  }
  const line = { count: count + 1, at: isoLocal(at), event: typeof event === "string" ? event : null, why };
  writeHookFile(stateDir, `${kind}.unattributed.json`, JSON.stringify(line) + "\n");
}

export async function hookMain(argv: string[], incoming?: Promise<string>): Promise<void> {
  const kind = argv[0] ?? "";
  const env = process.env;
  const named = isSessionName(env.GWQ_SESSION_NAME) ? env.GWQ_SESSION_NAME : null;
  const rest = argv.slice(1);
  // Arguments mean Codex's notify: [-- previous argv...] then the JSON.
  let text: string | null = null;
  if (rest.length) {
    text = rest[rest.length - 1]!;
    if (rest[0] === "--" && rest.length > 2) await callPrevious(rest.slice(1, -1), text);
  }
  const spec = AGENTS[kind];
  if (!spec?.fromHook) return;
  // Outside a gwq session: nothing to do, unless the agent runs hooks from a daemon that may not
  // carry any session's environment (then the event's own facts may still name a session).
  if (!named && !spec.hooksFromDaemon) return;
  const stateDir = stateDirFromEnv(env);
  const dir = join(stateDir, "sessions");
  try {
    // Read first even when nothing follows: a payload left unread fails the agent's write.
    if (text === null) text = await (incoming ?? readStdin());
    if (!named && !existsSync(dir)) return;
    const payload = parsePayload(text);
    if (!payload) return;
    const s = spec.fromHook(payload);
    if (!s) return;
    const now = new Date();
    const cache = new Map<string, Candidate | null>();
    const read = (name: string) => {
      if (!cache.has(name)) cache.set(name, readCandidate(dir, name));
      return cache.get(name)!;
    };
    const a = attribute({
      kind,
      named,
      conversation: s.agent_session_id ?? null,
      cwd: str(payload.cwd),
      ancestors: (stopAt) => ancestry(process.pid, stopAt),
      read,
      all: () => {
        const all = readCandidates(dir);
        for (const c of all) cache.set(c.name, c);
        return all;
      },
      fromDaemon: !!spec.hooksFromDaemon,
    });
    const event = payload.hook_event_name ?? payload.type ?? null;
    if (a.session === null) {
      // Counted when a gwq session was meant (its name, or sessions of this agent running).
      if ((named && read(named)) || a.candidates > 0) countUnattributed(stateDir, kind, event, a.why, now);
      return;
    }
    const known = read(a.session)?.agent_session_id ?? null;
    if (isSideConversation(known, s.agent_session_id ?? null, !!s.begins)) return;
    const report = { state: s.state, source: "hook" as const, reason: s.reason, agent_session_id: s.agent_session_id, vague: s.vague };
    const written = recordState(dir, a.session, report, now);
    if (!written) return;
    if (written.eventError) logError(stateDir, `${kind} hook in ${a.session}: ${written.eventError.message}`);
    noteLastHook(stateDir, kind, JSON.stringify({ event, session: a.session, by: a.by }) + "\n", now);
  } catch (e) {
    logError(stateDir, `${kind} hook in ${named ?? "(no session)"}: ${(e as Error).message}`);
  }
}

/** Run as the process's whole job: always exit 0, at once (a pending stdin read must not hold us). */
export function hookProcess(argv: string[], incoming?: Promise<string>): void {
  hookMain(argv, incoming).finally(() => process.exit(0));
}
