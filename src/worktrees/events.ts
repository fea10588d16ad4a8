// `worktree` events in the event log (`gwq events`): a branch spawned, merged or removed by the
// agent loop. They name the branch as identifier and worktree; `session` is the agent's session
// when there is one.
import { appendEvent } from "../events/append.js";
import { stateDir } from "../paths.js";

export type WorktreeAction = "spawned" | "merged" | "removed";

export function logWorktreeEvent(
  action: WorktreeAction,
  detail: { branch: string; base: string | null; session?: string; path?: string; commit?: string; into?: string },
  warn: (m: string) => void,
): void {
  try {
    appendEvent(stateDir(), {
      type: "worktree",
      session: detail.session ?? "",
      id: "",
      identifier: detail.branch,
      context: "worktree",
      worktree: detail.branch,
      action,
      ...detail,
    });
  } catch (e) {
    // The change is made; a log that cannot be written must not turn it into a failure.
    warn(`the event log was not written: ${(e as Error).message}`);
  }
}
