// `gwq status --show-processes`: the processes whose working directory is inside a worktree,
// read from /proc/<pid>/cwd (Linux only; elsewhere the caller says it is not supported).
import { readdir, readFile, readlink } from "node:fs/promises";
import { mapLimit } from "./status.js";

export interface ProcessInfo {
  pid: number;
  /** The program's name (/proc/<pid>/comm). */
  command: string;
  /** Its working directory. */
  cwd: string;
  /** The gwq session whose pane runs it, when there is one. */
  session?: string;
}

export function processesSupported(): boolean {
  return process.platform === "linux";
}

/**
 * Every process we may look at, with its working directory. Processes of other users (no
 * permission) and ones that exit while we read are skipped; gwq itself is left out.
 */
export async function listProcesses(): Promise<ProcessInfo[]> {
  const names = await readdir("/proc").catch(() => [] as string[]);
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number).filter((p) => p !== process.pid);
  const found = await mapLimit(pids, 64, async (pid): Promise<ProcessInfo | null> => {
    try {
      const cwd = await readlink(`/proc/${pid}/cwd`);
      const command = (await readFile(`/proc/${pid}/comm`, "utf8")).trim();
      return { pid, command, cwd };
    } catch {
      return null;
    }
  });
  return found.filter((p): p is ProcessInfo => p !== null);
}

/** "node:1234 (gwq-run-api-…)" lists, as the Go gwq's stub formatted them ("claude:1234"). */
export function formatProcesses(list: ProcessInfo[]): string {
  if (list.length === 0) return "-";
  return list.map((p) => `${p.command}:${p.pid}${p.session ? ` (${p.session})` : ""}`).join(", ");
}
