// A session's output. Three copies, each for what it does best:
// - tmux's own history, exact as the screen showed it, while tmux has the pane and still holds
//   everything (no row dropped past history-limit, not hidden by the alternate screen);
// - the durable raw stream, appended by tmux's pipe-pane from the first byte, which outlives tmux
//   (kill-server, a reboot, kill) and counts lines, not screen rows; rendered to lines on read;
// - the saved history (`<name>.log`), those lines written once when the session ends or is killed.
// Every reader (logs, save, the finder's preview, the dashboard) goes through bestLines().
import { existsSync } from "node:fs";
import { join } from "node:path";
import { GwqError } from "../errors.js";
import { NotRegularFile, readRegular } from "../fsx.js";
import type { PaneInfo } from "../tmux/sessions.js";
import { isNoSuchSession, type Tmux } from "../tmux/tmux.js";
import { pipeCommand as rawPipeCommand, rawDropped, readRaw } from "./rawlog.js";
import { writePrivateFile, type OutputSpec } from "./store.js";

export function historyPath(saveDir: string, sessionName: string): string {
  return join(saveDir, `${sessionName}.log`);
}

export function rawPath(saveDir: string, sessionName: string): string {
  return join(saveDir, `${sessionName}.raw`);
}

/** A copy of the record beside its output, so a removed session's output is still found. */
export function metaPath(saveDir: string, sessionName: string): string {
  return join(saveDir, `${sessionName}.json`);
}

export function saveLines(path: string, dir: string, lines: string[], createDir = true): void {
  writePrivateFile(path, dir, lines.length ? lines.join("\n") + "\n" : "", createDir);
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function readHistoryFile(path: string): string[] {
  let buf: Buffer | null;
  try {
    buf = readRegular(path);
  } catch (e) {
    const why = e instanceof NotRegularFile ? "not a regular file" : (e as NodeJS.ErrnoException).code;
    throw new GwqError(`cannot read the saved history ${path} (${why})`);
  }
  if (buf === null) throw new GwqError(`cannot read the saved history ${path} (ENOENT)`);
  return splitLines(buf.toString("utf8"));
}

/**
 * tmux still holds everything the command printed: nothing scrolled past the history limit
 * (which counts screen rows: a wide line costs several) and no alternate screen hiding the rows
 * that were visible when a program switched to it.
 */
export function tmuxHasAll(pane: PaneInfo): boolean {
  if (pane.alternate) return false;
  if (pane.historySize === null || pane.historyLimit === null) return false;
  // Past its limit tmux drops a tenth of the limit at once (grid_collect_history), so a history
  // that ever overflowed holds at least 90% of the limit from then on.
  return pane.historySize < pane.historyLimit - Math.max(1, Math.floor(pane.historyLimit / 10));
}

/** The shell command tmux's pipe-pane runs to keep the raw stream, bounded (see rawlog.ts). */
export function pipeCommand(out: OutputSpec): string {
  return rawPipeCommand(out.raw, out.max_bytes);
}

export function rawExists(out: OutputSpec | null | undefined): out is OutputSpec {
  return !!out && (existsSync(out.raw) || existsSync(`${out.raw}.1`));
}

/** The durable stream, rendered to lines as a person read them. */
export async function renderRaw(out: OutputSpec): Promise<string[]> {
  const { renderLines } = await import("./render.js");
  const lines = renderLines(readRaw(out.raw));
  // The oldest output was dropped for tmux.log_max_size: the first kept line may be cut.
  if (rawDropped(out.raw)) lines.shift();
  return lines;
}

/** The raw bytes as the program wrote them (escapes kept). */
export async function rawBytes(out: OutputSpec): Promise<Buffer> {
  return readRaw(out.raw);
}

export function lastLines(all: string[], lines?: number): string[] {
  return lines !== undefined && lines >= 0 ? all.slice(Math.max(0, all.length - lines)) : all;
}

/**
 * The whole output of a session from the best copy there is (see the top of this file), or null
 * when none is left.
 */
export async function bestLines(
  tmux: Tmux,
  pane: PaneInfo | null,
  output: OutputSpec | null | undefined,
  historyFile: string | null,
): Promise<string[] | null> {
  if (pane && (tmuxHasAll(pane) || !rawExists(output))) {
    try {
      return await tmux.capture(pane.paneId, pane.dead);
    } catch (e) {
      // Closed since the listing (auto-cleanup at its end): the copies on disk have it.
      if (!isNoSuchSession(e)) throw e;
    }
  }
  if (historyFile && existsSync(historyFile)) return readHistoryFile(historyFile);
  if (rawExists(output)) return renderRaw(output);
  return null;
}
