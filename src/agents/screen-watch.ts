// The looks at agents' screens behind quiet.ts's rule, for a listing: one capture call per tmux
// server for every session whose state the screen may contradict (quiet.ts's worthALook), however
// many there are, and none when there is no such session. A listing only reads: what it saw
// stays in this process (a view that refreshes, `wait` or the dashboard, learns from its own
// looks) until the sweep writes it down (save), for the next gwq process to start from.
import { readScreenSeen, saveScreensSeen } from "../events/observed.js";
import type { Observed } from "../sessions/status.js";
import { DEFAULT_QUIET_AFTER_MS, resolveState } from "../sessions/state.js";
import type { Tmux } from "../tmux/tmux.js";
import { AGENTS } from "./index.js";
import { latch, nextSeen, parseSeen, screenEvidence, screenHash, worthALook, type ScreenSeen } from "./quiet.js";

export interface LookRules {
  /** agent.hook_stale (ms). */
  hookStaleMs: number;
  /** agent.quiet_after (ms); undefined: its default. */
  quietAfterMs?: number;
}

/** The later of two records of looks at one screen (a contradiction seen by either is kept). */
function later(a: ScreenSeen | null, b: ScreenSeen | null): ScreenSeen | null {
  if (!a || !b) return a ?? b;
  const [newer, older] = a.checked >= b.checked ? [a, b] : [b, a];
  return newer.gone || !older.gone ? newer : { ...newer, gone: older.gone };
}

export class ScreenWatch {
  /** What this process's looks saw, by session name. */
  private readonly seen = new Map<string, ScreenSeen>();
  /** What the last look saw, for save(). */
  private last: { name: string; screen: ScreenSeen }[] = [];

  /**
   * Look at the screens of the sessions worth it and give each its state from what the screen
   * shows (state.ts's rules with quiet.ts's evidence). Changes only `observed`'s sessions.
   */
  async look(observed: Observed[], tmuxOf: (o: Observed) => Tmux, dir: string, rules: LookRules): Promise<void> {
    this.last = [];
    const start = Date.now();
    const chosen = observed.filter((o) => o.session.status === "running" && o.pane && !o.pane.dead && worthALook(o.entry.state ?? null, start, rules.hookStaleMs));
    const byServer = new Map<Tmux, Observed[]>();
    for (const o of chosen) byServer.set(tmuxOf(o), [...(byServer.get(tmuxOf(o)) ?? []), o]);
    for (const [tmux, group] of byServer) {
      // A capture that fails leaves these sessions as tmux's activity time showed them.
      const shots = await tmux.captureMany(group.map((o) => o.pane!), { screen: true }).catch(() => null);
      const now = Date.now();
      group.forEach((o, i) => {
        const lines = shots?.[i];
        if (!lines) return;
        const name = o.session.session_name;
        const mark = o.entry.state ?? null;
        const activity = o.pane!.activity;
        const prev = later(parseSeen(readScreenSeen(name, dir)), this.seen.get(name) ?? null);
        const area = AGENTS[o.session.agent ?? ""]?.workArea?.(lines) ?? lines;
        let seen = nextSeen(prev, screenHash(area), now, activity === null ? null : activity * 1000);
        seen = latch(seen, mark, screenEvidence(seen, now, activity), now, rules.quietAfterMs ?? DEFAULT_QUIET_AFTER_MS);
        const st = resolveState(o.session.agent, mark, activity, now, rules.hookStaleMs, rules.quietAfterMs, screenEvidence(seen, now, activity));
        Object.assign(o.session, st);
        this.seen.set(name, seen);
        this.last.push({ name, screen: seen });
      });
    }
  }

  /** The sweep: write down what the last look saw. A state dir that cannot be written is no error. */
  save(dir: string): void {
    try {
      saveScreensSeen(dir, this.last);
    } catch {
      // read-only, or the log's lock held too long: the next sweep writes it
    }
  }
}
