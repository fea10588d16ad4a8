#!/usr/bin/env node
// Entry point. `--version` is answered before anything else is loaded; everything else goes
// through main.ts, whose commands are imported only when run.
declare const __GWQ_VERSION__: string | undefined;
declare const __GWQ_COMPILED__: boolean | undefined;
const VERSION = typeof __GWQ_VERSION__ === "string" ? __GWQ_VERSION__ : "0.0.0-dev";

/**
 * A line to stdout, without building process.stdout (most of a start-up, in either runtime): in
 * the binary bun's own console.log (importing node:fs costs bun about 2 ms, a third of its whole
 * start-up: docs/benchmarks.md), in the bundle node's writeSync (node:fs is loaded by node anyway).
 */
async function print(line: string): Promise<void> {
  if (typeof __GWQ_COMPILED__ === "boolean" && __GWQ_COMPILED__) console.log(line);
  else {
    // process.getBuiltinModule: node 20.16 and later; an import before.
    const fs = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.("node:fs") as typeof import("node:fs") | undefined;
    (fs ?? (await import("node:fs"))).writeSync(1, `${line}\n`);
  }
}

const argv = process.argv.slice(2);
const first = argv[0];
if (argv.length === 1 && (first === "--version" || first === "-v" || first === "version")) {
  void print(`gwq version ${VERSION}`);
} else if (first === "__hook") {
  // Run by a coding agent's hooks (gwq agent hooks install): record its state (src/agents/hook.ts).
  // Outside a gwq session there is nothing to record: exit at once, loading nothing — unless this
  // is Codex's notify wrapping the user's own program (`-- <argv>`), which is still called, or a
  // Codex hook (Codex runs them from a daemon that may carry no session's environment). The
  // payload the agent pipes in is drained first, for a second at most: a big one (a file being
  // written) left unread would fail the agent's write (Codex reports "failed to write hook
  // stdin"), and a writer that never closes its end must not hold the agent.
  if (process.env.GWQ_SESSION_NAME || argv[2] === "--" || argv[1] === "codex") import("./agents/hook.js").then((m) => m.hookProcess(argv.slice(1)));
  else
    import("node:fs").then(({ fstatSync, read }) => {
      try {
        const st = fstatSync(0);
        if (!st.isFIFO() && !st.isSocket()) return;
      } catch {
        return;
      }
      setTimeout(() => process.exit(0), 1000);
      if (process.versions.bun) {
        // bun: fs.read, whose pending read does not hold bun's exit (process.stdin costs bun 10 ms).
        const buf = Buffer.allocUnsafe(64 * 1024);
        const next = (): void => read(0, buf, 0, buf.length, null, (err, n) => (err || !n ? process.exit(0) : next()));
        next();
      }
      // Node: process.stdin, not fs.read: a read pending in libuv's thread pool would hold the exit.
      else process.stdin.on("end", () => process.exit(0)).on("error", () => process.exit(0)).resume();
    });
} else if (first === "__session-ended") {
  // Run by the recorder in a session's pane when its command ends (tmux's pane-died hook is the
  // backstop): record how it ended (src/sessions/ended.ts).
  import("./sessions/ended.js").then((m) => m.hookMain(argv.slice(1)));
} else if (first === "__session-restarted") {
  import("./sessions/ended.js").then((m) => m.restartedMain(argv.slice(1)));
} else {
  import("./main.js").then((m) => m.main(argv, VERSION));
}
