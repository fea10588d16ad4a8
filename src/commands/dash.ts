// gwq dash: every session on one screen — this machine's, then each configured host's — grouped
// by worktree, with a live preview (README "The dashboard: `gwq dash`"). Thin: the view is
// ui/dash-view.ts, the terminal loop ui/dash.ts, the road to the hosts commands/dash-hosts.ts.
import type { CliContext } from "../context.js";
import { GwqError } from "../errors.js";

export default async function run(ctx: CliContext): Promise<void> {
  // Checked before anything is read: a full-screen view has nowhere to go without a terminal.
  if (!ctx.interactive()) throw new GwqError("gwq dash needs a terminal (for a plain listing use: gwq tmux list)");
  const cfg = ctx.config.tmux;
  if (!cfg.enabled) throw new GwqError("tmux integration is disabled (tmux.enabled = false in the config)");
  const { sessionManager } = await import("../sessions/from-context.js");
  const { home } = await import("../paths.js");
  const { runDash } = await import("../ui/dash.js");
  // Warnings go to the dashboard's status line: stderr is the screen it draws on.
  const warnings: string[] = [];
  const m = sessionManager(ctx, { warn: (w) => void warnings.push(w) });
  const { dashLoop } = await import("../worktrees/dash-loop.js");
  const loopCtx = { get config() { return ctx.config; }, env: ctx.env, get cwd() { return ctx.cwd; }, warn: (w: string) => void warnings.push(w) };
  let hosts;
  if (ctx.config.hosts.length) {
    const { dashHosts } = await import("./dash-hosts.js");
    const { sshSetup } = await import("./host.js");
    hosts = dashHosts(sshSetup(ctx), ctx.config.hosts);
  }
  await runDash({
    manager: m,
    hosts,
    warnings,
    loop: dashLoop(loopCtx),
    home: ctx.config.ui.tilde_home ? home() : undefined,
    // Only for `npm run bench`: the time to the first complete frame.
    exitAfterFirstFrame: process.env.GWQ_DASH_FIRST_FRAME === "1",
  });
  // A host still being asked (a silent one costs its whole timeout) must not hold the exit.
  if (hosts) process.exit(0);
}
