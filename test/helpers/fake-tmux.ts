// A tmux for unit tests of the session core: it keeps sessions in memory, answers listings from
// them and records every call, so a test can say what the core asked tmux to do (and that it
// never killed what it must not). Given to SessionManager as `tmux`, with a fixed clock as `now`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProcessError } from "../../src/errors.js";
import { SessionManager } from "../../src/sessions/manager.js";
import type { StoredSession } from "../../src/sessions/store.js";
import type { CreateSpec, Created, PaneInfo } from "../../src/tmux/sessions.js";
import { Tmux } from "../../src/tmux/tmux.js";

/** A server id whose pid (1) is never signalled by the unreaped-pane nudge. */
export const SERVER = "1:1700000000";

export function pane(session: string, over: Partial<PaneInfo> = {}): PaneInfo {
  return {
    session, paneId: "%1", pid: 4242, dead: false, deadStatus: null, deadSignal: null, attached: false, activity: null,
    gwqId: null, server: SERVER, historySize: 10, historyLimit: 2000, height: 24, alternate: false, socket: null, ...over,
  };
}

export class FakeTmux extends Tmux {
  readonly panes = new Map<string, PaneInfo[]>();
  readonly calls: string[][] = [];
  /** Lines each pane's capture gives. */
  readonly screens = new Map<string, string[]>();
  /** Make the next createSession calls fail with these tmux errors, in order. */
  readonly createErrors: string[] = [];
  /** What createSession gives on success (paneId null: "not a tmux"). */
  created: Partial<Created> = {};
  private next = 1;

  constructor() {
    super({ command: "fake-tmux", env: {} });
  }

  override async listPanes(): Promise<Map<string, PaneInfo[]>> {
    this.calls.push(["list-panes"]);
    return new Map([...this.panes].map(([k, v]) => [k, v.map((p) => ({ ...p }))]));
  }

  override async createSession(spec: CreateSpec, cwd: string): Promise<Created> {
    this.calls.push(["new-session", spec.name, cwd]);
    const err = this.createErrors.shift();
    if (err !== undefined) throw new ProcessError({ command: "fake-tmux", args: ["new-session"], code: 1, signal: null, stdout: "", stderr: err });
    const paneId = `%${this.next++}`;
    const c: Created = { pid: 5000 + this.next, paneId, server: SERVER, socket: null, ...this.created };
    if (c.paneId) this.panes.set(spec.name, [pane(spec.name, { paneId: c.paneId, pid: c.pid, gwqId: spec.id })]);
    return c;
  }

  override async capture(paneId: string): Promise<string[]> {
    this.calls.push(["capture-pane", paneId]);
    return this.screens.get(paneId) ?? [];
  }

  override async captureMany(panes: { paneId: string; dead: boolean }[]): Promise<(string[] | null)[]> {
    this.calls.push(["capture-many", ...panes.map((p) => p.paneId)]);
    return panes.map((p) => this.screens.get(p.paneId) ?? null);
  }

  override async killSessions(names: string[]): Promise<void> {
    this.calls.push(["kill-session", ...names]);
    for (const n of names) this.panes.delete(n);
  }

  /** The sessions the core asked to kill, in order. */
  killed(): string[] {
    return this.calls.filter((c) => c[0] === "kill-session").flatMap((c) => c.slice(1));
  }
}

/** A temp state dir, a fake tmux, a clock the test moves, and a manager over them. */
export function fakeWorld(config: Record<string, unknown> = {}) {
  const root = mkdtempSync(join(tmpdir(), "gwq-core-"));
  const tmux = new FakeTmux();
  const clock = { now: Date.parse("2026-01-01T12:00:00Z") };
  const m = new SessionManager({
    tmux,
    now: () => clock.now,
    env: { HOME: root, PATH: process.env.PATH },
    stateDir: join(root, "state"),
    config: { default_shell: "/bin/sh", history_save_dir: join(root, "history"), session_timeout: 3600_000, ...config },
  });
  return { root, tmux, clock, m, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A stored record as creation writes it, for a session named `gwq-run-<id>-20260101120000`. */
export function storedRecord(id: string, over: Partial<StoredSession> = {}): StoredSession {
  return {
    version: 1, id, session_name: `gwq-run-${id}-20260101120000`, context: "run", identifier: id, working_dir: "/tmp", command: "true",
    pid: 4242, pane_id: "%1", start_time: "2026-01-01T12:00:00.000+00:00", worktree: null, history_size: 2000, metadata: {},
    policy: { auto_cleanup: false, keep_alive: true, history_auto_save: false, history_save_dir: "/nonexistent", tmux_command: "fake-tmux", notify: null },
    agent: null, server: SERVER, socket: null, boot_id: null, output: null, ...over,
  };
}
