// The dashboard's frame as lines of text (README "The dashboard: `gwq dash`"): pure, so layout,
// scrolling and fitting are unit-tested without a terminal. What is listed, in what order, is
// dash-groups.ts; the words and colours of a session are src/sessions/present.ts; dash.ts owns the
// terminal. With hosts configured, each place (this machine first) has a header line.
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
import { durationText, isWaiting, oneLineCommand, statusColour, statusWord, type ShownSession } from "../sessions/present.js";
import { colourOn } from "./color.js";
import { allSessions, displayOrder, keyOf, listRows, type Group, type Place } from "./dash-groups.js";
import { scrollTo } from "./finder-view.js";
import { pad, stringWidth, stripAnsi, truncate } from "./width.js";

export const STYLE = {
  title: "\x1b[1m",
  group: "\x1b[1;34m",
  place: "\x1b[1;4m",
  dim: "\x1b[2m",
  pointer: "\x1b[1;36m",
  current: "\x1b[1m",
  waitMark: "\x1b[1;33m",
  error: "\x1b[31m",
  confirm: "\x1b[1;33m",
  reverse: "\x1b[7m",
  reset: "\x1b[0m",
} as const;

/** A status or state word's escape, from the one colour table (present.ts). */
const wordStyle = (word: string): string => {
  const c = statusColour(word);
  return c ? colourOn(c) : "";
};

export type Mode = { kind: "normal" } | { kind: "filter" } | { kind: "confirm"; action: "kill" | "restart" | "merge"; key: string; name: string };

export interface PreviewState {
  /** The session's key (dash-groups.ts keyOf). */
  name: string;
  lines?: readonly string[];
  error?: string;
}

export interface DashModel {
  width: number;
  height: number;
  now: number;
  /** This machine first (sessions null until its first listing), then each host. */
  places: readonly Place[];
  filter: string;
  mode: Mode;
  /** Key of the selection (dash-groups.ts keyOf). */
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

const clean = (s: string) => stripAnsi(s).replace(/\t/g, "    ").replace(/[\x00-\x1f\x7f]/g, " ");
const oneLine = (s: string) => clean(oneLineCommand(s));
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

function columnWidths(sessions: readonly ShownSession[], width: number, now: number): Widths {
  const max = (f: (s: ShownSession) => string, cap: number) => Math.min(cap, Math.max(0, ...sessions.map((s) => stringWidth(f(s)))));
  const narrow = width < 80;
  return {
    context: max((s) => oneLine(s.context), narrow ? 8 : 12),
    identifier: max((s) => oneLine(s.identifier), narrow ? 14 : 28),
    status: max(statusWord, 9),
    duration: max((s) => durationText(s, now), 7),
  };
}

function sessionLine(s: ShownSession, w: Widths, width: number, now: number, current: boolean): string {
  const base = current ? STYLE.current : "";
  const paint = (text: string, style: string) => (style ? style + text + STYLE.reset + base : text);
  const pointer = current ? paint(">", STYLE.pointer) : " ";
  const mark = isWaiting(s) ? paint("!", STYLE.waitMark) : s.attached ? "●" : " ";
  const word = statusWord(s);
  const cells = [
    pad(truncate(oneLine(s.context), w.context), w.context),
    pad(truncate(oneLine(s.identifier), w.identifier), w.identifier),
    paint(pad(word, w.status), wordStyle(word)),
    pad(durationText(s, now), w.duration, "right"),
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

/** A place's header: `this machine`, `box`, `box: asking…` or `box: unreachable: <reason>`. */
function placeLine(p: Place, width: number): string {
  const name = p.host === null ? "this machine" : oneLine(p.host);
  if (p.error !== null) return STYLE.error + truncate(`${name}: ${oneLine(p.error)}`, width) + STYLE.reset;
  if (p.sessions === null) return STYLE.place + name + STYLE.reset + dimmed(truncate(": asking…", Math.max(0, width - stringWidth(name))));
  const none = p.sessions.length === 0 ? dimmed("  no gwq sessions") : "";
  return truncate(STYLE.place + name + STYLE.reset + none, width);
}

function titleLine(m: DashModel): string {
  const all = allSessions(m.places);
  const shown = displayOrder(m.places, m.filter).length;
  const count = (pred: (s: ShownSession) => boolean) => all.filter(pred).length;
  const parts = [m.places[0]?.sessions == null ? "loading…" : `${all.length} session${all.length === 1 ? "" : "s"}`];
  const waiting = count(isWaiting);
  const failed = count((s) => s.status === "failed");
  if (waiting) parts.push(wordStyle("waiting") + `${waiting} waiting` + STYLE.reset);
  if (failed) parts.push(wordStyle("failed") + `${failed} failed` + STYLE.reset);
  let text = STYLE.title + "gwq dash" + STYLE.reset + "  " + parts.join(" · ");
  if (m.filter && m.mode.kind !== "filter") text += dimmed(`  /${clean(m.filter)} (${shown} shown)`);
  return truncate(text, m.width);
}

function previewRule(m: DashModel, s: ShownSession | undefined): string {
  if (!s) return dimmed(truncate("─".repeat(m.width), m.width, ""));
  let detail = statusWord(s);
  if (isWaiting(s) && s.state_reason) detail += `: ${oneLine(s.state_reason)}`;
  else if (s.exit_code !== null && s.status !== "running") detail += `, exit ${s.exit_code}`;
  if (s.agent && s.agent !== s.context) detail += ` · ${s.agent}`;
  return rule(`${s.host ? `${s.host}: ` : ""}${s.session_name} · ${detail}`, m.width);
}

/** The last lines of the output that fit `rows` x `width`: escapes and controls removed, cut. */
export function fitPreview(lines: readonly string[], width: number, rows: number): string[] {
  if (rows <= 0) return [];
  const out = lines.map((l) => clean(l.replace(/\r/g, "")).replace(/\s+$/, ""));
  while (out.length && out[out.length - 1] === "") out.pop();
  return out.slice(Math.max(0, out.length - rows)).map((l) => truncate(l, width));
}

function previewBody(m: DashModel, s: ShownSession | undefined, rows: number): string[] {
  if (rows <= 0 || !s) return [];
  const p = m.preview;
  if (!p || p.name !== keyOf(s)) return [dimmed("loading…")];
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

function emptyLine(m: DashModel): string {
  const local = m.places[0]?.sessions;
  if (allSessions(m.places).length === 0 && m.places.length === 1 && local) return "no gwq sessions (start one with: gwq tmux run <command>)";
  return m.filter ? `no session matches /${clean(m.filter)}` : "";
}

export function renderDash(m: DashModel): DashFrame {
  const { width, height, now } = m;
  const rows = listRows(m.places, m.filter);
  const lay = layout(height, Math.max(1, rows.length));
  const selRow = rows.findIndex((r) => r.kind === "session" && keyOf(r.session) === m.selected);
  // Keep the selection in view, with its group's header when it is the group's first session.
  let offset = scrollTo(Math.max(0, selRow), m.offset, lay.listRows, rows.length);
  if (selRow > 0 && rows[selRow - 1]!.kind === "group" && selRow - 1 < offset) offset = selRow - 1;
  const selected = selRow >= 0 ? (rows[selRow] as { session: ShownSession }).session : undefined;

  const lines: string[] = [titleLine(m)];
  const w = columnWidths(rows.flatMap((r) => (r.kind === "session" ? [r.session] : [])), width, now);
  for (let i = 0; i < lay.listRows; i++) {
    const r = rows[offset + i];
    if (!r) {
      const empty = i === 0 && m.places[0]?.sessions ? emptyLine(m) : "";
      lines.push(empty ? dimmed(truncate(empty, width)) : "");
      continue;
    }
    if (r.kind === "place") lines.push(placeLine(r.place, width));
    else if (r.kind === "group") lines.push(groupLine(r.group, width, m.home, r.host === null ? m.bases?.get(r.group.dir) : undefined));
    else lines.push(sessionLine(r.session, w, width, now, r.session === selected));
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
