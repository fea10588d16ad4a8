// gwq tmux list|ls [-v] [--json|--csv] [--filter s,...] [-s|--sort key] [-w|--watch [--interval s]]
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxList } from "../_specs-sessions.js";
import { arrange, csv, parseFilter, parseSort } from "../../sessions/format.js";
import { colourEnabled } from "../../ui/color.js";
import { manager } from "./_shared.js";
import { stdoutColumns, writeErr, writeOut } from "../../output.js";
import type { Session } from "../../sessions/types.js";

/** `--all-hosts`: this machine's sessions, then each host's (asked at once), each with `host`. */
async function renderAllHosts(ctx: CliContext, local: Session[], arrangeAll: (s: Session[]) => Session[], o: { json: boolean; csv: boolean; verbose: boolean }): Promise<string> {
  const { hosts } = ctx.config;
  const { askHosts } = await import("../../ssh/all-hosts.js");
  const { sshSetup } = await import("../host.js");
  const answers = hosts.length ? await askHosts<Session[]>(sshSetup(ctx), hosts, ["tmux", "list", "--json"]) : [];
  for (const a of answers) if (a.error) writeErr(`gwq: warning: ${a.host}: ${a.error}\n`);
  const tag = (ss: Session[], host: string | null) => ss.map((s) => ({ ...s, host }));
  if (o.json || o.csv) {
    const all = [...tag(local, null), ...answers.flatMap((a) => tag(arrangeAll(a.value ?? []), a.host))];
    return o.json ? JSON.stringify(all, null, 2) + "\n" : csv(all);
  }
  const { table } = await import("../../sessions/format-table.js");
  const parts = [local.length ? table(local, o.verbose, stdoutColumns(), Date.now(), colourEnabled()) : "(no sessions on this machine)\n"];
  for (const a of answers) {
    if (a.error) parts.push(`${a.host}: ${a.error}\n`);
    else {
      const ss = arrangeAll(a.value ?? []);
      parts.push(`${a.host}:\n${ss.length ? table(ss, o.verbose, stdoutColumns(), Date.now(), colourEnabled()) : "(no sessions)\n"}`);
    }
  }
  return parts.join("\n");
}

export default async function run(ctx: CliContext, { flags }: Invocation<typeof tmuxList>): Promise<void> {
  const filter = parseFilter(flags.filter);
  const sort = parseSort(flags.sort);
  const m = manager(ctx);
  // The sweep runs once per command; --watch's later frames only read.
  let swept = false;
  const render = async () => {
    const sessions = arrange(swept ? await m.listSessions() : ((swept = true), await m.sweep()), filter, sort);
    if (flags.allHosts) return renderAllHosts(ctx, sessions, (ss) => arrange(ss, filter, sort), { json: !!flags.json, csv: !!flags.csv, verbose: !!flags.verbose });
    if (flags.json) return JSON.stringify(sessions, null, 2) + "\n";
    if (flags.csv) return csv(sessions);
    if (sessions.length === 0 && !flags.watch) return "";
    const { table } = await import("../../sessions/format-table.js");
    return table(sessions, !!flags.verbose, stdoutColumns(), Date.now(), colourEnabled());
  };
  if (flags.watch) {
    const { watchLoop } = await import("../../ui/watch.js");
    await watchLoop(render, flags.interval * 1000);
    return;
  }
  const text = await render();
  if (text === "" && !flags.json && !flags.csv) {
    writeErr("no gwq sessions\n");
    return;
  }
  writeOut(text);
}
