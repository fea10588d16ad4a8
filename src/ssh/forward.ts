// `--host <name>`: the same command, run by the host's own gwq over ssh. The words go across as
// the user gave them (minus --host), each quoted by src/ssh/argv.ts's one rule; the far gwq's
// output and exit code come back as they are. Values of variables named with --env or
// hosts.<name>.env travel on ssh's stdin, never on a command line.
import type { CommandSpec, Invocation } from "../commands/_cli.js";
import { kebab } from "../commands/_flags.js";
import { tokenize } from "../commands/_tokenize.js";
import type { Context } from "../context.js";
import { GwqError, UsageError } from "../errors.js";
import { writeErr, writeOut } from "../output.js";
import { findHost } from "./hosts.js";

/** The command's words without `--host <name>` and `--cwd <dir>` (before any `--`): this side's. */
export function withoutHostFlag(spec: CommandSpec, words: readonly string[]): string[] {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = { help: { type: "boolean", short: "h" }, debug: { type: "boolean" } };
  for (const [key, f] of Object.entries(spec.flags ?? {})) options[f.negated ? `no-${kebab(key)}` : kebab(key)] = { type: f.negated ? "boolean" : f.type === "boolean" ? "boolean" : "string", ...(f.short ? { short: f.short } : {}) };
  const drop = new Set<number>();
  for (const t of tokenize([...words], options, spec.positionalFlags)) {
    if (t.kind !== "option" || (t.name !== "host" && t.name !== "cwd")) continue;
    drop.add(t.index);
    // `--host box` (two words) rather than `--host=box`.
    if (words[t.index] === t.rawName) drop.add(t.index + 1);
  }
  return words.filter((_, i) => !drop.has(i));
}

/**
 * A command that may run as long as a session does — a follower (`-f`), a wait — runs on the host
 * with --while-stdin-open, so that it ends with its ssh; the exit code when stopped here (a
 * follower's 0, a wait's 130, as on this machine), or null for any other command.
 */
function stoppedCode(name: string, flags: { follow?: boolean }): number | null {
  if (name === "tmux wait") return 130;
  return (name === "events" || name === "tmux logs") && flags.follow ? 0 : null;
}

/** Commands that need the far side's terminal (a finder, a prompt, tmux attach). */
const NEEDS_TTY = new Set(["tmux attach"]);

export async function forward(ctx: Context, path: string[], spec: CommandSpec, inv: Invocation<CommandSpec>): Promise<void> {
  const host = findHost(ctx.config.hosts, (inv.flags as unknown as { host: string }).host);
  const flags = inv.flags as unknown as { allHosts?: boolean; cwd?: string };
  if (flags.allHosts) throw new UsageError("--host and --all-hosts cannot be used together");
  const cwd = flags.cwd;
  const words = withoutHostFlag(spec, inv.words);
  const name = path.join(" ");
  const { sshSetup } = await import("../commands/host.js");
  const setup = sshSetup(ctx);
  const ssh = await import("./ssh.js");
  if (name === "tmux run") {
    const names = [...host.env, ...((inv.flags as unknown as { env?: string[] }).env ?? [])];
    const values: Record<string, string> = {};
    for (const n of names) {
      const v = ctx.env[n];
      if (v === undefined) throw new GwqError(`--env ${n}: not set here, so there is no value to send to ${host.name}`);
      values[n] = v;
    }
    // The far side reads the values from stdin (--env-stdin); the names alone are on no
    // command line either: they travel inside the same JSON.
    const args = Object.keys(values).length ? [...path, "--env-stdin", ...words] : [...path, ...words];
    const r = await ssh.hostGwq(setup, host, args, { input: Object.keys(values).length ? JSON.stringify(values) : undefined });
    if (r.stdout) writeOut(r.stdout);
    if (r.stderr) writeErr(r.stderr);
    process.exitCode = r.code;
    return;
  }
  const stopped = stoppedCode(name, inv.flags as unknown as { follow?: boolean });
  if (stopped !== null) {
    // The far command ends when its stdin closes, which ssh makes happen when this side ends:
    // otherwise it would notice only at its next write, never on a quiet host.
    process.exitCode = await ssh.hostGwqFollow(setup, host, [...path, "--while-stdin-open", ...words], cwd, stopped);
    return;
  }
  const tty = NEEDS_TTY.has(name) && !!process.stdin.isTTY && !!process.stdout.isTTY;
  process.exitCode = await ssh.hostGwqInteractive(setup, host, [...path, ...words], tty, cwd);
}
