// A session's output, from the best copy there is (history.ts): tmux while it holds everything,
// else the history saved at the end, else the durable raw stream (README "How sessions work").
import { dirname } from "node:path";
import { GwqError } from "../errors.js";
import { tmuxOf, type Core } from "./core.js";
import { bestLines, historyPath, lastLines, rawBytes, rawExists, saveLines } from "./history.js";
import type { Observed } from "./status.js";
import type { Session } from "./types.js";

export interface FollowOptions {
  /** Print only the last N lines of what is there already. */
  lines?: number;
  signal?: AbortSignal;
  pollMs?: number;
  /** Told when output was skipped (follow.ts). */
  notice?: (message: string) => void;
}

/** Every line kept, bounded by the session's history size. */
export async function linesOf(core: Core, o: Observed): Promise<string[]> {
  const name = o.session.session_name;
  // The end mark is read again: a session that ended since the listing may have saved its lines.
  const historyFile = o.session.history_file ?? core.store.readEnd(name)?.history_file ?? null;
  const lines = await bestLines(tmuxOf(core, o), o.pane, o.entry.record.output, historyFile);
  if (!lines) throw new GwqError(`no output kept for ${name}: tmux no longer has it and none was saved`);
  return lastLines(lines, o.entry.record.history_size);
}

/** The visible screen of a live session (what a person attached would see), else its last lines. */
export async function screenOf(core: Core, o: Observed, rows: number): Promise<string[]> {
  if (o.pane) return tmuxOf(core, o).capture(o.pane.paneId, o.pane.dead, { screen: true });
  return lastLines(await linesOf(core, o), rows);
}

/** The screen of the session named (null: none), or why its output is unreadable. */
export async function chosenScreen(core: Core, observed: Observed[], name: string | null, rows: number): Promise<{ screen: string[] | null; error: string | null }> {
  const o = name === null ? undefined : observed.find((x) => x.session.session_name === name);
  if (!o) return { screen: null, error: null };
  try {
    return { screen: await screenOf(core, o, rows), error: null };
  } catch (e) {
    return { screen: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The bytes as the program wrote them (escapes kept), from the durable copy. */
export async function rawOutput(o: Observed): Promise<Buffer> {
  const out = o.entry.record.output;
  if (!rawExists(out)) throw new GwqError(`no raw output kept for ${o.session.session_name} (tmux.history_auto_save is off, or it was started by an older gwq)`);
  return rawBytes(out);
}

/** Write the output to `file` (default: history_save_dir/<name>.log), mode 0600. */
export async function saveHistory(core: Core, o: Observed, file?: string): Promise<string> {
  const lines = await linesOf(core, o);
  const dir = core.config.history_save_dir;
  const path = file ?? historyPath(dir, o.session.session_name);
  // history_save_dir is ours to create; a directory the user names must exist.
  saveLines(path, file ? dirname(path) : dir, lines, !file);
  return path;
}

/** Print new output as it arrives until the session ends (follow.ts). */
export async function followOutput(
  core: Core,
  o: Observed,
  current: () => Promise<Session | null>,
  write: (text: string) => void,
  opts: FollowOptions = {},
): Promise<Session> {
  const { follow } = await import("./follow.js");
  return follow(
    {
      session: o.session,
      pane: o.pane,
      output: o.entry.record.output ?? null,
      tmux: tmuxOf(core, o),
      lines: () => linesOf(core, o),
      ended: () => {
        const end = core.store.readEnd(o.session.session_name);
        return !!end && (end.exit_code !== null || !!end.detached_at);
      },
      current,
    },
    write,
    opts,
  );
}
