// Notifications (docs/events.md, `[notify]`): the process that appends an event is the one that
// notifies, once per event, and never waits: the notifier is started by process.ts's `launch` —
// detached, output nowhere, the event JSON its stdin as a file that is all there however soon the
// writer exits. A missing, slow or failing notifier costs the writer a fork and nothing more.
//
// - desktop: `notify-send` (Linux) or `osascript` (macOS) when one is on PATH; looked up in PATH's
//   directories without running anything, and silently skipped when absent (or, on Linux, when
//   there is no desktop session: no DISPLAY, WAYLAND_DISPLAY or DBUS_SESSION_BUS_ADDRESS).
// - command: the user's command line, run by the shell snapshotted with the policy
//   (tmux.default_shell), with the event JSON on stdin and GWQ_EVENT / GWQ_SESSION_NAME set.
import { accessSync, constants, statSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/schema.js";
import { launch } from "../process.js";
import type { GwqEvent, NotifyKind, NotifyPolicy } from "./types.js";

/** Which `[notify] on` value an event is, or null when it is nothing one can ask to be told of. */
export function notifyKind(ev: GwqEvent): NotifyKind | null {
  if (ev.type === "state") {
    if (ev.to === "waiting" || ev.to === "idle") return ev.to;
    return null;
  }
  if (ev.type === "ended") {
    if (ev.status === "completed" || ev.status === "failed") return ev.status;
    return null;
  }
  if (ev.type === "detached") return "detached";
  return null;
}

/** The policy a new session's record keeps: `[notify]` plus the shell that runs its command. */
export function notifyPolicy(config: Pick<Config, "notify" | "tmux">): NotifyPolicy {
  return { on: [...config.notify.on], desktop: config.notify.desktop, command: config.notify.command, shell: config.tmux.default_shell };
}

/** A program in PATH's directories, found without spawning anything; null when absent. */
export function findOnPath(name: string, pathVar = process.env.PATH ?? ""): string | null {
  for (const dir of pathVar.split(":")) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}

function describe(ev: GwqEvent, kind: NotifyKind): { title: string; body: string } {
  const who = ev.identifier && ev.context ? `${ev.context} ${ev.identifier}` : ev.session;
  let body = ev.session;
  if (kind === "waiting" || kind === "idle") body = typeof ev.reason === "string" && ev.reason ? ev.reason : kind === "waiting" ? "needs your input" : "its turn is done";
  else if (kind === "failed") body = `exit code ${ev.exit_code ?? "?"}`;
  else if (kind === "completed") body = "completed";
  else if (kind === "detached") body = typeof ev.reason === "string" ? `detached: ${ev.reason}` : "detached";
  return { title: `gwq: ${who} ${kind}`, body };
}

/** Start `argv` with `input` on its stdin and forget it (process.ts). Never throws, never waits. */
function start(argv: string[], input: string | null, env: NodeJS.ProcessEnv): void {
  // The writer's cwd may be a worktree about to be removed.
  launch(argv[0]!, argv.slice(1), { env, cwd: env.HOME || "/", ...(input === null ? {} : { input }) });
}

/** Notify about `ev` as `policy` says; returns what was started (for tests and tracing). */
export function notify(ev: GwqEvent, policy: NotifyPolicy, env: NodeJS.ProcessEnv = process.env): string[] {
  const kind = notifyKind(ev);
  if (!kind || !Array.isArray(policy.on) || !policy.on.includes(kind)) return [];
  const started: string[] = [];
  if (policy.desktop) {
    const { title, body } = describe(ev, kind);
    // On Linux notify-send needs a desktop session to talk to: without one, not even a fork.
    const desktop = process.platform !== "linux" || !!(env.DISPLAY || env.WAYLAND_DISPLAY || env.DBUS_SESSION_BUS_ADDRESS);
    const sender = desktop ? findOnPath("notify-send", env.PATH) : null;
    if (sender) {
      // `--`: a reason starting with "-" is text, not an option.
      start([sender, "--", title, body], null, env);
      started.push(sender);
    } else {
      const osa = findOnPath("osascript", env.PATH);
      // The text travels as arguments of the script, never inside it.
      if (osa) {
        start([osa, "-e", "on run argv", "-e", "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run", title, body], null, env);
        started.push(osa);
      }
    }
  }
  if (typeof policy.command === "string" && policy.command.trim() !== "") {
    const shell = policy.shell || "/bin/sh";
    start([shell, "-c", policy.command], JSON.stringify(ev) + "\n", { ...env, GWQ_EVENT: kind, GWQ_SESSION_NAME: ev.session });
    started.push(shell);
  }
  return started;
}
