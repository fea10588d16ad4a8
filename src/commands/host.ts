// gwq host add|list|rm (and the hidden `host info` the far side answers `host list` with).
// A host is written to the global config only; see README "Sessions on other machines".
import type { CliContext, Context } from "../context.js";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Invocation } from "./_cli.js";
import type { hostAdd, hostInfo, hostList, hostRm } from "./_manifest-hosts.js";
import { out } from "../context.js";
import { GwqError, UsageError } from "../errors.js";
import { atomicWrite } from "../fsx.js";
import { stateDir } from "../paths.js";
import { writeOut } from "../output.js";
import { HOST_NAME, type Host, type SshSetup } from "../ssh/argv.js";
import { DEFAULT_HOST_TIMEOUT_MS } from "../ssh/hosts.js";
import { addHostToToml, removeHostFromToml } from "../ssh/hosts-edit.js";
import { controlDir, hostGwq, hostRun, HostUnreachable } from "../ssh/ssh.js";
import { installPlan, parseProbe, PROBE, type Probe } from "../ssh/probe.js";

declare const __GWQ_VERSION__: string | undefined;
const VERSION = typeof __GWQ_VERSION__ === "string" ? __GWQ_VERSION__ : "0.0.0-dev";

export function sshSetup(ctx: Context): SshSetup {
  const { ssh } = ctx.config;
  return { program: ssh.program, config: ssh.config, controlDir: controlDir(stateDir()) };
}

function readGlobal(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

export async function add(ctx: CliContext, { args, flags }: Invocation<typeof hostAdd>): Promise<void> {
  const name = args.name;
  if (!HOST_NAME.test(name)) throw new UsageError(`invalid host name "${name}" (lower-case letters, digits and "-", starting with a letter or digit)`);
  if (args.destination.startsWith("-") || /\s/.test(args.destination)) throw new UsageError(`invalid destination "${args.destination}" (user@host or an ssh config alias)`);
  const path = ctx.loaded.globalPath;
  const text = readGlobal(path);
  const next = addHostToToml(text, path, name, args.destination);
  const host: Host = { name, destination: args.destination, gwq: null, timeoutMs: DEFAULT_HOST_TIMEOUT_MS, env: [] };
  const setup = sshSetup(ctx);
  // Installing may take a while (a copy of the binary): the probe alone has the host's timeout.
  let probe: Probe = parseProbe((await hostRun(setup, host, ["sh", "-c", PROBE])).stdout);
  if (flags.install) {
    const plan = installPlan(probe, VERSION, process.platform, process.arch);
    if (plan.kind === "install") {
      const { isCompiled } = await import("../sessions/runtime.js");
      if (!isCompiled()) throw new GwqError(`${name}: --install copies the standalone binary, and this gwq runs under Node: run "npm run build:bin" and use dist/bin/gwq host add --install (or install gwq there yourself)`);
      const binary = readFileSync(process.execPath);
      const script = 'set -e; mkdir -p "$HOME/.local/bin"; t="$HOME/.local/bin/.gwq.$$"; cat > "$t"; chmod 0755 "$t"; mv -f "$t" "$HOME/.local/bin/gwq"';
      const r = await hostRun(setup, host, ["sh", "-c", script], { input: binary, timeoutMs: 0 });
      if (r.code !== 0) throw new GwqError(`${name}: installing gwq failed: ${r.stderr.trim().split("\n").pop() ?? `exit ${r.code}`}`);
      probe = parseProbe((await hostRun(setup, host, ["sh", "-c", PROBE])).stdout);
      out(`${name}: installed gwq ${VERSION} at ~/.local/bin/gwq`);
    } else if (plan.kind === "cannot") out(`${name}: not installed: ${plan.reason}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  atomicWrite(path, next);
  const tools = [`tmux ${probe.tmux ?? "missing"}`, `git ${probe.git ?? "missing"}`, `gwq ${probe.gwq ?? "missing"}`];
  out(`${name}: ${args.destination} (${probe.os} ${probe.arch}; ${tools.join(", ")})`);
  if (!probe.tmux) out(`${name}: warning: no tmux there: sessions cannot run until it is installed`);
  if (!probe.gwq) out(`${name}: warning: no gwq there: run "gwq host rm ${name}" then "gwq host add ${name} ${args.destination} --install" with the standalone binary, or install it there`);
}

export async function rm(ctx: CliContext, { args }: Invocation<typeof hostRm>): Promise<void> {
  const path = ctx.loaded.globalPath;
  atomicWrite(path, removeHostFromToml(readGlobal(path), path, args.name));
  out(`removed host ${args.name}`);
}

interface HostRow {
  name: string;
  destination: string;
  reachable: boolean;
  round_trip_ms: number | null;
  version: string | null;
  sessions: { total: number; running: number; waiting: number } | null;
  error: string | null;
}

export async function list(ctx: CliContext, { flags }: Invocation<typeof hostList>): Promise<void> {
  const hosts = ctx.config.hosts;
  const setup = hosts.length ? sshSetup(ctx) : null;
  const rows = await Promise.all(
    hosts.map(async (h): Promise<HostRow> => {
      const t0 = Date.now();
      try {
        const r = await hostGwq(setup!, h, ["host", "info"]);
        if (r.code !== 0) throw new GwqError(r.stderr.trim().split("\n").pop() || `gwq exited ${r.code}`);
        const info = JSON.parse(r.stdout) as { version: string; sessions: HostRow["sessions"] };
        return { name: h.name, destination: h.destination, reachable: true, round_trip_ms: Date.now() - t0, version: info.version, sessions: info.sessions, error: null };
      } catch (e) {
        const reachable = !(e instanceof HostUnreachable);
        const error = e instanceof HostUnreachable ? e.reason : (e as Error).message;
        return { name: h.name, destination: h.destination, reachable, round_trip_ms: reachable ? Date.now() - t0 : null, version: null, sessions: null, error };
      }
    }),
  );
  if (flags.json) return writeOut(JSON.stringify(rows, null, 2) + "\n");
  if (rows.length === 0) return out('no hosts (add one with "gwq host add <name> <destination>")');
  for (const r of rows) {
    if (!r.reachable) out(`${r.name}  ${r.destination}  unreachable: ${r.error}`);
    else if (r.error) out(`${r.name}  ${r.destination}  ${r.round_trip_ms} ms  error: ${r.error}`);
    else out(`${r.name}  ${r.destination}  ${r.round_trip_ms} ms  gwq ${r.version}  ${r.sessions!.running} running, ${r.sessions!.waiting} waiting`);
  }
}

/** The far side of `host list`: this gwq's version and its sessions, in one answer. */
export async function info(ctx: CliContext, _: Invocation<typeof hostInfo>): Promise<void> {
  const { manager } = await import("./tmux/_shared.js");
  const sessions = await manager(ctx).listSessions().catch(() => []);
  const running = sessions.filter((s) => s.status === "running");
  writeOut(
    JSON.stringify({
      version: VERSION,
      os: process.platform,
      arch: process.arch,
      sessions: { total: sessions.length, running: running.length, waiting: running.filter((s) => s.state === "waiting").length },
    }) + "\n",
  );
}
