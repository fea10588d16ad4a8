// The dashboard's frame as lines of text (`gwq dash`, docs/sessions.md "The dashboard"): pure, so
// grouping, ordering, layout, scrolling and fitting are unit-tested without a terminal. dash.ts
// owns the state, tmux and the terminal; this only draws.
//
//   gwq dash  3 sessions · 1 waiting · 1 failed
//   feature-login  ~/worktrees/github.com/acme/app/feature-login
//   > ! claude  login      waiting    12m  claude
//       run     dev        running    14m  npm run dev
//   main  ~/src/app
//       test    unit       failed      1m  npm test
//   ── gwq-claude-login-20250101120000 · waiting: Allow Bash(rm -rf dist)? ───────────
//   (the selected session's latest output, as many lines as fit)
//   ↑↓ move  ⏎ attach  l logs  x kill  r restart  / filter  q quit
//
// Waiting sessions come first (their worktree first, then they first within it) and carry a `!`:
// the dashboard answers "who waits for me" before anything else.
import { formatDuration } from "../config/duration.js";
import { compareText, compareTime } from "../compare.js";
import type { Session } from "../sessions/types.js";
import { scrollTo } from "./finder-view.js";
import { pad, stringWidth, stripAnsi, truncate } from "./width.js";

export const STYLE = {
  title: "\x1b[1m",
  group: "\x1b[1;34m",
  dim: "\x1b[2m",
  pointer: "\x1b[1;36m",
  current: "\x1b[1m",
  waitMark: "\x1b[1;33m",
  error: "\x1b[31m",
  confirm: "\x1b[1;33m",
  reverse: "\x1b[7m",
  reset: "\x1b[0m",
} as const;

/** Colour of a status or state word. */
const STATUS_STYLE: Record<string, string> = {
  waiting: "\x1b[1;33m",
  working: "\x1b[32m",
  running: "\x1b[32m",
  idle: "\x1b[36m",
  completed: "\x1b[34m",
  failed: "\x1b[1;31m",
  detached: "\x1b[35m",
};

export type AgentState = "working" | "waiting" | "idle" | "unknown";

/** What the agents work adds to Session (docs/agents.md), read as optional so this works before and
 *  after those fields exist. */
export interface SessionAgentInfo {
  agent: string | null;
  state: AgentState | null;
  reason: string | null;
  since: string | null;
}

export function agentInfo(s: Session): SessionAgentInfo {
  const x = s as Session & { agent?: unknown; state?: unknown; state_reason?: unknown; state_since?: unknown };
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const state = str(x.state);
  return {
    agent: str(x.agent),
    state: state === "working" || state === "waiting" || state === "idle" || state === "unknown" ? state : null,
    reason: str(x.state_reason),
    since: str(x.state_since),
  };
}

export const isWaiting = (s: Session): boolean => s.status === "running" && agentInfo(s).state === "waiting";

/** The word in the STATE column: a running session's agent state when it has one, else its status. */
export function statusWord(s: Session): string {
  const st = agentInfo(s).state;
  return s.status === "running" && st ? st : s.status;
}

export function durationOf(s: Session, now: number): string {
  const end = s.end_time ? Date.parse(s.end_time) : now;
  return formatDuration(Math.max(0, end - Date.parse(s.start_time)));
}

/** Every whitespace-separated term of `filter` is a case-insensitive substring of one of the
 *  session's words (name, context, identifier, worktree, status or state, agent, command). */
export function matchesFilter(s: Session, filter: string): boolean {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const a = agentInfo(s);
  const hay = [s.session_name, s.context, s.identifier, s.worktree ?? "", s.status, a.state ?? "", a.agent ?? "", s.command].join("\n").toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export interface Group {
  /** The worktree's branch, or null for sessions outside any worktree. */
  branch: string | null;
  /** Where the group's sessions run (the shortest of their working dirs). */
  dir: string;
  sessions: Session[];
}

const isUnder = (p: string, root: string) => p === root || p.startsWith(root.endsWith("/") ? root : root + "/");

/**
 * Sessions grouped by worktree, in display order. A session's worktree is its branch; two
 * worktrees of different repositories can share a branch name (`main`), so sessions of one
 * branch are one group only when one's directory holds the other's. Within a group: waiting
 * first, then oldest first. Groups: those with a waiting session first, then by branch, sessions
 * outside any worktree last.
 */
export function groupSessions(sessions: readonly Session[], filter = ""): Group[] {
  const visible = sessions.filter((s) => matchesFilter(s, filter));
  const groups: Group[] = [];
  // Shortest directories first, so a group's dir is its root and deeper ones join it.
  const byDepth = [...visible].sort((a, b) => a.working_dir.length - b.working_dir.length);
  for (const s of byDepth) {
    const g = groups.find((x) => x.branch === s.worktree && (s.worktree === null ? x.dir === s.working_dir : isUnder(s.working_dir, x.dir)));
    if (g) g.sessions.push(s);
    else groups.push({ branch: s.worktree, dir: s.working_dir, sessions: [s] });
  }
  const byStart = (a: Session, b: Session) => compareTime(a.start_time, b.start_time) || compareText(a.session_name, b.session_name);
  for (const g of groups) g.sessions.sort((a, b) => Number(isWaiting(b)) - Number(isWaiting(a)) || byStart(a, b));
  const waits = (g: Group) => Number(g.sessions.some(isWaiting));
  return groups.sort(
    (a, b) =>
      waits(b) - waits(a) ||
      Number(a.branch === null) - Number(b.branch === null) ||
      compareText(a.branch ?? "", b.branch ?? "") ||
      compareText(a.dir, b.dir),
  );
}

/** The sessions in display order (what Up/Down walk through). */
export function displayOrder(sessions: readonly Session[], filter = ""): Session[] {
  return groupSessions(sessions, filter).flatMap((g) => g.sessions);
}

export type Mode = { kind: "normal" } | { kind: "filter" } | { kind: "confirm"; action: "kill" | "restart" | "merge"; name: string };

export interface PreviewState {
  name: string;
  lines?: readonly string[];
  error?: string;
}

export interface DashModel {
  width: number;
  height: number;
  now: number;
  /** null until the first listing arrives. */
  sessions: readonly Session[] | null;
  filter: string;
  mode: Mode;
  /** Session name of the selection. */
  selected: string | null;
  /** First visible list row, from the previous frame (the list scrolls as little as it can). */
  offset: number;
  /** The selected session's latest output; undefined while it loads. */
  preview?: PreviewState;
  message?: { text: string; error?: boolean } | null;
  /** Shown as `~` in directories. */
  home?: string;
  /** Per group directory, where its branch stands against its recorded base (`main ↑2 ↓0, 3 files`). */
  bases?: ReadonlyMap<string, string>;
}

export interface Layout {
  /** Rows of the session list (group headers included), from row 1. */
  listRows: number;
  /** Rows of the preview, below the rule under the list; 0 when the terminal is too short. */
  previewRows: number;
}

/**
 * Title on row 0, the list, a rule, the preview, the key bar on the last row. The list takes
 * what it needs up to half of the body; the preview the rest, so it stays readable at 60x15.
 */
export function layout(height: number, listNeeded: number): Layout {
  const body = Math.max(0, height - 2);
  if (body < 5) return { listRows: body, previewRows: 0 };
  const maxList = Math.max(2, Math.floor((body - 1) / 2));
  const listRows = Math.max(1, Math.min(listNeeded, maxList));
  return { listRows, previewRows: body - 1 - listRows };
}

export interface DashFrame {
  /** Exactly `height` lines, each at most `width` columns. */
  lines: string[];
  offset: number;
  layout: Layout;
}

type Row = { kind: "group"; group: Group } | { kind: "session"; session: Session };

const clean = (s: string) => stripAnsi(s).replace(/\t/g, "    ").replace(/[\x00-\x1f\x7f]/g, " ");
const oneLine = (s: string) => clean(s.replace(/\s*\n\s*/g, " ⏎ "));
const dimmed = (s: string) => STYLE.dim + s + STYLE.reset;

function showDir(dir: string, home?: string): string {
  if (home && home !== "/" && (dir === home || dir.startsWith(home + "/"))) return "~" + dir.slice(home.length);
  return dir;
}

/** A line that fills `width` with `fill` after `text`. */
function rule(text: string, width: number): string {
  const head = truncate(text, Math.max(0, width - 4));
  const used = stringWidth(head);
  return truncate(dimmed("── ") + head + " " + dimmed("─".repeat(Math.max(0, width - used - 4))), width, "");
}

interface Widths {
  context: number;
  identifier: number;
  status: number;
  duration: number;
}

function columnWidths(sessions: readonly Session[], width: number, now: number): Widths {
  const max = (f: (s: Session) => string, cap: number) => Math.min(cap, Math.max(0, ...sessions.map((s) => stringWidth(f(s)))));
  const narrow = width < 80;
  return {
    context: max((s) => oneLine(s.context), narrow ? 8 : 12),
    identifier: max((s) => oneLine(s.identifier), narrow ? 14 : 28),
    status: max(statusWord, 9),
    duration: max((s) => durationOf(s, now), 7),
  };
}

function sessionLine(s: Session, w: Widths, width: number, now: number, current: boolean): string {
  const base = current ? STYLE.current : "";
  const paint = (text: string, style: string) => (style ? style + text + STYLE.reset + base : text);
  const pointer = current ? paint(">", STYLE.pointer) : " ";
  const mark = isWaiting(s) ? paint("!", STYLE.waitMark) : s.attached ? "●" : " ";
  const word = statusWord(s);
  const cells = [
    pad(truncate(oneLine(s.context), w.context), w.context),
    pad(truncate(oneLine(s.identifier), w.identifier), w.identifier),
    paint(pad(word, w.status), STATUS_STYLE[word] ?? ""),
    pad(durationOf(s, now), w.duration, "right"),
  ];
  const left = base + pointer + " " + mark + " " + cells.join("  ") + "  ";
  const room = width - stringWidth(left);
  const line = room > 0 ? left + truncate(oneLine(s.command), room) : truncate(left, width, "");
  return line + (base ? STYLE.reset : "");
}

function groupLine(g: Group, width: number, home?: string, base?: string): string {
  const name = (g.branch === null ? "(no worktree)" : oneLine(g.branch)) + (base ? `  base ${oneLine(base)}` : "");
  const head = STYLE.group + truncate(name, width) + STYLE.reset;
  const room = width - stringWidth(name) - 2;
  return room > 3 ? head + "  " + dimmed(truncate(showDir(clean(g.dir), home), room)) : head;
}

function titleLine(m: DashModel): string {
  const all = m.sessions ?? [];
  const shown = displayOrder(all, m.filter).length;
  const count = (pred: (s: Session) => boolean) => all.filter(pred).length;
  const parts = [m.sessions === null ? "loading…" : `${all.length} session${all.length === 1 ? "" : "s"}`];
  const waiting = count(isWaiting);
  const failed = count((s) => s.status === "failed");
  if (waiting) parts.push(STATUS_STYLE.waiting + `${waiting} waiting` + STYLE.reset);
  if (failed) parts.push(STATUS_STYLE.failed + `${failed} failed` + STYLE.reset);
  let text = STYLE.title + "gwq dash" + STYLE.reset + "  " + parts.join(" · ");
  if (m.filter && m.mode.kind !== "filter") text += dimmed(`  /${clean(m.filter)} (${shown} shown)`);
  return truncate(text, m.width);
}

function previewRule(m: DashModel, s: Session | undefined): string {
  if (!s) return dimmed(truncate("─".repeat(m.width), m.width, ""));
  const a = agentInfo(s);
  let detail = statusWord(s);
  if (isWaiting(s) && a.reason) detail += `: ${oneLine(a.reason)}`;
  else if (s.exit_code !== null && s.status !== "running") detail += `, exit ${s.exit_code}`;
  if (a.agent && a.agent !== s.context) detail += ` · ${a.agent}`;
  return rule(`${s.session_name} · ${detail}`, m.width);
}

/** The last lines of the output that fit `rows` x `width`: escapes and controls removed, cut. */
export function fitPreview(lines: readonly string[], width: number, rows: number): string[] {
  if (rows <= 0) return [];
  const out = lines.map((l) => clean(l.replace(/\r/g, "")).replace(/\s+$/, ""));
  while (out.length && out[out.length - 1] === "") out.pop();
  return out.slice(Math.max(0, out.length - rows)).map((l) => truncate(l, width));
}

function previewBody(m: DashModel, s: Session | undefined, rows: number): string[] {
  if (rows <= 0 || !s) return [];
  const p = m.preview;
  if (!p || p.name !== s.session_name) return [dimmed("loading…")];
  if (p.error !== undefined) return [dimmed(truncate(`(no output: ${oneLine(p.error)})`, m.width))];
  const body = fitPreview(p.lines ?? [], m.width, rows);
  return body.length ? body : [dimmed("(no output yet)")];
}

const KEYS = "↑↓ move  ⏎ attach  l logs  d diff  m merge  x kill  r restart  / filter  q quit";

function bottomLine(m: DashModel): string {
  const w = m.width;
  if (m.mode.kind === "filter") {
    const hint = dimmed("  ⏎ keep · Esc clear");
    const field = "/" + clean(m.filter);
    return truncate(field + STYLE.reverse + " " + STYLE.reset + (stringWidth(field) + 1 + 20 <= w ? hint : ""), w);
  }
  if (m.mode.kind === "confirm") {
    const { action, name } = m.mode;
    const text =
      action === "merge"
        ? `Merge the branch of ${name} into its base (its sessions end, output kept; worktree and branch removed)? [y/N]`
        : `${action === "kill" ? "Kill" : "Restart (killing it first)"} ${name}? [y/N]`;
    return STYLE.confirm + truncate(text, w) + STYLE.reset;
  }
  if (m.message) return (m.message.error ? STYLE.error : "") + truncate(oneLine(m.message.text), w) + STYLE.reset;
  return dimmed(truncate(KEYS, w));
}

export function renderDash(m: DashModel): DashFrame {
  const { width, height, now } = m;
  const groups = m.sessions ? groupSessions(m.sessions, m.filter) : [];
  const rows: Row[] = groups.flatMap((g): Row[] => [{ kind: "group", group: g }, ...g.sessions.map((s): Row => ({ kind: "session", session: s }))]);
  const lay = layout(height, Math.max(1, rows.length));
  const selRow = rows.findIndex((r) => r.kind === "session" && r.session.session_name === m.selected);
  // Keep the selection in view, with its group's header when it is the group's first session.
  let offset = scrollTo(Math.max(0, selRow), m.offset, lay.listRows, rows.length);
  if (selRow > 0 && rows[selRow - 1]!.kind === "group" && selRow - 1 < offset) offset = selRow - 1;
  const selected = selRow >= 0 ? (rows[selRow] as { session: Session }).session : undefined;

  const lines: string[] = [titleLine(m)];
  const w = columnWidths(rows.flatMap((r) => (r.kind === "session" ? [r.session] : [])), width, now);
  for (let i = 0; i < lay.listRows; i++) {
    const r = rows[offset + i];
    if (!r) {
      if (i === 0 && m.sessions !== null) {
        const empty = m.sessions.length === 0 ? "no gwq sessions (start one with: gwq tmux run <command>)" : `no session matches /${clean(m.filter)}`;
        lines.push(dimmed(truncate(empty, width)));
      } else lines.push("");
      continue;
    }
    lines.push(r.kind === "group" ? groupLine(r.group, width, m.home, m.bases?.get(r.group.dir)) : sessionLine(r.session, w, width, now, r.session === selected));
  }
  if (lay.previewRows > 0) {
    lines.push(previewRule(m, selected));
    const body = previewBody(m, selected, lay.previewRows);
    for (let i = 0; i < lay.previewRows; i++) lines.push(body[i] ?? "");
  }
  while (lines.length < height - 1) lines.push("");
  if (height > 1) lines.push(bottomLine(m));
  return { lines: lines.slice(0, height).map((l) => truncate(l, width, "")), offset, layout: lay };
}
