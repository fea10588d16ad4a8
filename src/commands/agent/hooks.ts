// gwq agent hooks install <agent> [--project] | uninstall <agent> [--project] | status [--json]
// Install merges gwq's hooks into the agent's own settings so gwq knows, from the agent itself,
// whether it is working, waiting for you, or done (docs/agents.md).
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { agentHooksInstall, agentHooksStatus, agentHooksUninstall } from "../_specs-more.js";
import { formatDuration } from "../../config/duration.js";
import { out } from "../../context.js";
import { tildify, stateDir } from "../../paths.js";
import { AGENTS, HOOK_AGENTS } from "../../agents/index.js";
import { agentSpec, agentStatus, setHooks, type AgentStatus } from "../../agents/install.js";
import { renderTable } from "../../ui/table.js";
import { readCandidates } from "../../agents/attribute.js";
import { join } from "node:path";
import { writeErr, writeOut } from "../../output.js";

function change(ctx: CliContext, kind: string, install: boolean, project: boolean): void {
  agentSpec(kind); // a usage error for an unknown agent before anything is read
  const results = setHooks(kind, install, project ? ctx.cwd : null);
  const title = AGENTS[kind]!.title;
  const changed = results.filter((r) => r.changed);
  if (!changed.length) out(`${title}: gwq's hooks ${install ? "were already installed" : "were not installed"} (${results.map((r) => tildify(r.path)).join(", ")} unchanged)`);
  else for (const r of changed) out(`${title}: ${install ? "installed gwq's hooks in" : "removed gwq's hooks from"} ${tildify(r.path)}`);
  const note = AGENTS[kind]!.installNote;
  if (install && note) writeErr(`note: ${note}\n`);
}

function ago(iso: string): string {
  const ms = Date.now() - Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${formatDuration(ms)} ago`;
}

const HOOKS_WORD: Record<AgentStatus["hooks"], string> = { installed: "installed", partial: "partly installed", none: "not installed" };

export function install(ctx: CliContext, { args, flags }: Invocation<typeof agentHooksInstall>): void {
  change(ctx, args.agent, true, flags.project);
}

export function uninstall(ctx: CliContext, { args, flags }: Invocation<typeof agentHooksUninstall>): void {
  change(ctx, args.agent, false, flags.project);
}

/** The folders each agent's running sessions work in (their hooks' folder-level blockers). */
function sessionDirs(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of readCandidates(join(dir, "sessions"))) {
    if (!c.running || !c.agent) continue;
    out.set(c.agent, [...(out.get(c.agent) ?? []), c.working_dir]);
  }
  return out;
}

export function status(ctx: CliContext, { flags }: Invocation<typeof agentHooksStatus>): void {
  const dir = stateDir(ctx.env);
  const cwd = ctx.cwd;
  const dirs = sessionDirs(dir);
  const rows: AgentStatus[] = [];
  for (const kind of HOOK_AGENTS) {
    const where = [cwd, ...(dirs.get(kind) ?? [])];
    if (!flags.project) rows.push(agentStatus(kind, "user", cwd, dir, undefined, where));
    const project = agentStatus(kind, "project", cwd, dir, undefined, where);
    if (flags.project || project.hooks !== "none") rows.push(project);
  }
  if (flags.json) {
    writeOut(JSON.stringify(rows, null, 2) + "\n");
    return;
  }
  const table = rows.map((r) => [
    r.scope === "project" ? `${r.agent} (project)` : r.agent,
    HOOKS_WORD[r.hooks] + (r.files.some((f) => f.state === "outdated") ? " (from another gwq: install again)" : ""),
    r.last_hook ? `${ago(r.last_hook.at)}${r.last_hook.event ? ` (${r.last_hook.event})` : ""}` : "never",
    r.unattributed ? String(r.unattributed.count) : "0",
    r.files.map((f) => tildify(f.path) + (f.problem ? ` (${f.problem})` : "")).join(", "),
  ]);
  out(renderTable(["AGENT", "HOOKS", "LAST HOOK", "UNATTRIBUTED", "SETTINGS"], table).join("\n"));
  // What stops installed hooks, and the last event no session could be shown to own.
  const seen = new Set<string>();
  for (const r of rows) {
    for (const b of r.blocked) if (!seen.has(`${r.agent} ${b}`) && seen.add(`${r.agent} ${b}`)) out(`${r.agent}: blocked: ${b}`);
    const u = r.unattributed;
    if (u && !seen.has(`${r.agent} unattributed`) && seen.add(`${r.agent} unattributed`)) {
      out(`${r.agent}: ${u.count} event(s) belonged to no session gwq could tell; the last ${ago(u.at)}${u.event ? ` (${u.event})` : ""}: ${u.why}`);
    }
  }
}
