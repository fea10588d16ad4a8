// gwq tmux wait <pattern> [--timeout d]: block until the session ends; exit with its exit code.
// A session that vanished without an end (detached) exits 1; a timeout exits 124, like timeout(1).
import type { Command } from "commander";
import { mustParseDuration } from "../../config/duration.js";
import { GwqError } from "../../errors.js";
import { chooseSessions, manager } from "./_shared.js";

export default function define(cmd: Command): void {
  cmd
    .argument("<pattern>", "session name, id, identifier, or part of one")
    .option("--timeout <duration>", "give up after this long (e.g. 30s, 10m); exit 124")
    .action(async (pattern: string, flags: { timeout?: string }) => {
      let timeoutMs: number | undefined;
      if (flags.timeout !== undefined) {
        try {
          timeoutMs = mustParseDuration(flags.timeout, "--timeout");
        } catch (e) {
          throw new GwqError((e as Error).message, 2);
        }
      }
      const m = manager();
      const [s] = await chooseSessions(m, pattern, { purpose: "wait for" });
      const ac = new AbortController();
      const onInt = () => ac.abort();
      process.once("SIGINT", onInt);
      try {
        const done = await m.waitSession(s!.session_name, { timeoutMs, signal: ac.signal });
        if (done.status === "detached") throw new GwqError(`${done.session_name} ended without a recorded exit (detached)`);
        process.exitCode = done.exit_code ?? 1;
      } finally {
        process.off("SIGINT", onInt);
      }
    });
}
