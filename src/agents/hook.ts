// `gwq __hook <agent> [-- <previous notify argv...>] [<payload JSON>]`: what an agent's hooks run.
// It must cost the agent almost nothing and never disturb it:
// - outside a gwq session (no GWQ_SESSION_NAME) it returns at once, reads nothing, writes
//   nothing, prints nothing (except that a Codex notify still calls the user's previous program);
// - inside, it reads the payload (stdin JSON, capped and time-limited; or the last argument, as
//   Codex's notify passes it), writes the state mark and returns;
// - it always exits 0 and prints nothing: a hook's stdout can reach the agent's context, and a
//   failing hook shows up in the agent's UI. Problems go to <state dir>/hook-errors.log.
// Bundled on its own (dist/agent-hook.js): no config, no tmux, no commander.
import { closeSync, constants, fstatSync, mkdirSync, read, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { atomicWrite, openRegular } from "../fsx.js";
import { recordState, isoLocal, isSessionName } from "../sessions/state.js";
import { AGENTS } from "./index.js";
import type { Payload } from "./types.js";

/** Bytes of payload kept: more than any event we read needs (a Write tool's input can be huge). */
const KEEP_BYTES = 1 << 20;
/** Longest wait for the agent to finish writing stdin. */
const STDIN_TIMEOUT_MS = 2000;

export function stateDirFromEnv(env: NodeJS.ProcessEnv): string {
  if (env.GWQ_STATE_DIR) return env.GWQ_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, "gwq");
  return join(env.HOME || "/", ".local", "state", "gwq");
}

/**
 * Read the payload from stdin, keeping the first KEEP_BYTES. The agents write it at once (before
 * this process has even started) and close their end, so a blocking read returns immediately;
 * reading stops as soon as what came is a whole JSON object, so a writer that keeps its end open
 * is never waited on. A larger payload is read to its end (the agent's write must not fail), and
 * a non-blocking stdin is read asynchronously, for STDIN_TIMEOUT_MS at most.
 */
function readStdin(): Promise<string> {
  try {
    // A terminal (someone running the hook by hand) has no payload to wait for.
    if (fstatSync(0).isCharacterDevice()) return Promise.resolve("");
  } catch {
    return Promise.resolve("");
  }
  const chunks: Buffer[] = [];
  let kept = 0;
  const buf = Buffer.allocUnsafe(64 * 1024);
  const keep = (n: number) => {
    if (kept >= KEEP_BYTES) return; // read on to the end even past what we keep
    const take = Math.min(n, KEEP_BYTES - kept);
    chunks.push(Buffer.from(buf.subarray(0, take)));
    kept += take;
  };
  const text = () => Buffer.concat(chunks).toString("utf8");
  const whole = () => {
    if (kept >= KEEP_BYTES) return false;
    const t = text().trimEnd();
    if (!t.endsWith("}")) return false;
    try {
      JSON.parse(t);
      return true;
    } catch {
      return false;
    }
  };
  try {
    for (;;) {
      const n = readSync(0, buf, 0, buf.length, null);
      if (n === 0) return Promise.resolve(text());
      keep(n);
      if (whole()) return Promise.resolve(text());
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EAGAIN") return Promise.resolve(text());
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(text());
    };
    const timer = setTimeout(finish, STDIN_TIMEOUT_MS);
    const step = (): void =>
      read(0, buf, 0, buf.length, null, (err, n) => {
        if (done) return;
        if (err) return void (err.code === "EAGAIN" ? setTimeout(step, 5) : finish());
        if (n === 0) return finish();
        keep(n);
        if (whole()) return finish();
        step();
      });
    step();
  });
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
  const { spawn } = await import("node:child_process");
  try {
    const child = spawn(argv[0]!, [...argv.slice(1), payload], { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
  } catch {
    // a program that cannot start is the user's to fix; never ours to crash on
  }
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

export async function hookMain(argv: string[]): Promise<void> {
  const kind = argv[0] ?? "";
  const env = process.env;
  const name = env.GWQ_SESSION_NAME;
  const rest = argv.slice(1);
  // Arguments mean Codex's notify: [-- previous argv...] then the JSON.
  let text: string | null = null;
  if (rest.length) {
    text = rest[rest.length - 1]!;
    if (rest[0] === "--" && rest.length > 2) await callPrevious(rest.slice(1, -1), text);
  }
  if (!name) return;
  const stateDir = stateDirFromEnv(env);
  try {
    const spec = AGENTS[kind];
    if (!spec?.fromHook || !isSessionName(name)) return;
    if (text === null) text = await readStdin();
    const payload = parsePayload(text);
    if (!payload) return;
    const s = spec.fromHook(payload);
    if (!s) return;
    const now = new Date();
    const written = recordState(join(stateDir, "sessions"), name, { state: s.state, source: "hook", reason: s.reason, agent_session_id: s.agent_session_id }, now);
    if (!written) return;
    if (written.eventError) logError(stateDir, `${kind} hook in ${name}: ${written.eventError.message}`);
    // For `gwq agent hooks status`: which agent's hooks spoke last, and when.
    const dir = join(stateDir, "agent-hooks");
    const last = JSON.stringify({ at: isoLocal(now), event: payload.hook_event_name ?? payload.type ?? null, session: name }) + "\n";
    try {
      atomicWrite(join(dir, `${kind}.json`), last);
    } catch {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      atomicWrite(join(dir, `${kind}.json`), last);
    }
  } catch (e) {
    logError(stateDir, `${kind} hook in ${name}: ${(e as Error).message}`);
  }
}

/** Run as the process's whole job: always exit 0, at once (a pending stdin read must not hold us). */
export function hookProcess(argv: string[]): void {
  hookMain(argv).finally(() => process.exit(0));
}
