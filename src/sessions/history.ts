// A session's output: from tmux while it has the pane, else from the file saved at the end.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GwqError } from "../errors.js";
import { captureArgs, cleanCapture } from "../tmux/sessions.js";
import type { Tmux } from "../tmux/tmux.js";
import { writePrivateFile } from "./store.js";

/** Capture the whole history of a pane, cleaned into lines. */
export async function capturePane(tmux: Tmux, paneId: string, dead: boolean): Promise<string[]> {
  const out = await tmux.exec([captureArgs(paneId)]);
  return cleanCapture(out, dead);
}

export function historyPath(saveDir: string, sessionName: string): string {
  return join(saveDir, `${sessionName}.log`);
}

export function saveLines(path: string, dir: string, lines: string[]): void {
  writePrivateFile(path, dir, lines.length ? lines.join("\n") + "\n" : "");
}

export function readHistoryFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new GwqError(`cannot read the saved history ${path} (${(e as NodeJS.ErrnoException).code})`);
  }
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
