// gwq tmux attach [pattern] [-i]: attach (or switch the client inside tmux). With no match and
// tmux.auto_create_session, a pattern that names a worktree gets a shell session there.
import type { Command } from "commander";
import { config, interactive } from "../../context.js";
import { GwqError } from "../../errors.js";
import { matchSessions } from "../../sessions/match.js";
import { chooseSessions, manager } from "./_shared.js";

export default function define(cmd: Command): void {
  cmd
    .argument("[pattern]", "session name, id, identifier, or part of one")
    .option("-i, --interactive", "choose with the finder")
    .action(async (pattern: string | undefined, flags: { interactive?: boolean }) => {
      const m = manager();
      const all = await m.sweep();
      // Only sessions tmux still has can be attached to.
      const live = all.filter((s) => s.status !== "detached");
      let name: string;
      if (pattern && !flags.interactive && matchSessions(live, pattern).length === 0 && config().tmux.auto_create_session) {
        const { findWorktreeExact } = await import("../../worktrees/resolve.js");
        const w = await findWorktreeExact(pattern, {}).catch(() => null);
        if (!w) throw new GwqError(`no gwq session matches "${pattern}" (and no worktree of that name to start a shell in)`);
        const shell = config().tmux.default_shell;
        const s = await m.createSession({ context: "shell", identifier: w.branch, workingDir: w.path, argv: [shell], worktree: w.branch });
        name = s.session_name;
      } else {
        const [s] = await chooseSessions(m, pattern, { interactive: flags.interactive, purpose: "attach", candidates: live });
        name = s!.session_name;
      }
      if (!interactive() && !process.env.TMUX) throw new GwqError(`attaching to ${name} needs a terminal`);
      process.exitCode = await m.attachSession(name);
    });
}
