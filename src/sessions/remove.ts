// Ending sessions gwq created and removing their records: one capture call and one kill call per
// tmux server, only for sessions still holding our pane (a same-named session is not ours). Their
// output stays on disk: the durable copy and, when asked, the lines tmux holds now.
import { logEvent, tmuxOf, type Core } from "./core.js";
import { historyPath, rawExists, saveLines, tmuxHasAll } from "./history.js";
import type { Observed } from "./status.js";
import type { Tmux } from "../tmux/tmux.js";

export type RemoveReason = "killed" | "expired" | "restarted";

/**
 * Close the tmux sessions of these records and remove the records. `save`: keep what tmux holds
 * where it is the best copy (history.ts) and nothing was saved at the end.
 */
export async function removeSessions(core: Core, list: Observed[], save: boolean, why: RemoveReason): Promise<void> {
  const bySocket = new Map<string | undefined, Observed[]>();
  for (const o of list) {
    const k = o.entry.record.socket ?? undefined;
    bySocket.set(k, [...(bySocket.get(k) ?? []), o]);
  }
  for (const group of bySocket.values()) await closeOn(core, tmuxOf(core, group[0]!), group, save);
  for (const o of list) {
    const name = o.session.session_name;
    // Once, even when two kills race: the removal and its event under the log's lock.
    logEvent(core, o.entry.record, "removed", { reason: why }, () => {
      if (!core.store.has(name)) return false;
      core.store.remove(name);
      return true;
    });
  }
}

/** Close these sessions of one server, keeping (`save`) what tmux holds of their output first. */
async function closeOn(core: Core, tmux: Tmux, list: Observed[], save: boolean): Promise<void> {
  const live = list.filter((o) => o.pane);
  const dir = core.config.history_save_dir;
  if (save && core.config.history_auto_save) {
    const wanted = live.filter((o) => !o.session.history_file && (tmuxHasAll(o.pane!) || !rawExists(o.entry.record.output)));
    const captured = await tmux.captureMany(wanted.map((o) => o.pane!)).catch(() => null);
    // A history that cannot be written stops the kill: ending the session would lose it.
    wanted.forEach((o, i) => {
      const lines = captured?.[i];
      if (lines) saveLines(historyPath(dir, o.session.session_name), dir, lines);
    });
  }
  await tmux.killSessions(live.map((o) => o.session.session_name));
}
