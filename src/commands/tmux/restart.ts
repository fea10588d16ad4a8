// gwq tmux restart <pattern> [--resume] [--force]: the session again, as a new one.
import type { Command } from "commander";
import { chooseSessions, manager } from "./_shared.js";
import { writeErr, writeOut } from "../../output.js";

export default function define(cmd: Command): void {
  cmd
    .argument("<pattern>", "session name, id, identifier, or part of one")
    .option("--resume", "an agent resumes its conversation (claude --resume <id>, codex resume <id>, gemini --resume <id>)")
    .option("-f, --force", "restart a running session (it is ended first)")
    .action(async (pattern: string, flags: { resume?: boolean; force?: boolean }) => {
      const m = manager();
      const [s] = await chooseSessions(m, pattern, { purpose: "restart", candidates: await m.sweep() });
      const { session } = await m.restartSession(s!.session_name, flags);
      writeOut(`${session.session_name}\n`);
      writeErr(`restarted ${s!.session_name}; attach with: gwq tmux attach ${session.session_name}\n`);
    });
}
