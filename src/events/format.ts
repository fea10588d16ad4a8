// `gwq events` as a table: TIME SESSION EVENT DETAIL. A whole listing goes through the shared
// table renderer; a followed stream cannot know its widths ahead, so rows are padded to the widths
// seen so far (which only grow). On a terminal, the status or state an event brings (`failed`,
// `→ waiting`) has the colour every view gives it (src/sessions/present.ts).
import { statusColour } from "../sessions/present.js";
import { paint } from "../ui/color.js";
import { pad, stringWidth, truncate } from "../ui/width.js";
import { renderTable, visible } from "../ui/table.js";
import type { GwqEvent } from "./types.js";

export const EVENT_COLUMNS = ["TIME", "SESSION", "EVENT", "DETAIL"];

const two = (n: number) => String(n).padStart(2, "0");

/** Local `hh:mm:ss` for today's events, `YYYY-MM-DD hh:mm:ss` for older ones. */
export function eventTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? clock : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock}`;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** One line saying what happened, from the event's detail fields. */
export function eventDetail(ev: GwqEvent): string {
  switch (ev.type) {
    case "created":
      return str(ev.command) ? `$ ${ev.command}` : "";
    case "state": {
      const move = `${str(ev.from) ?? "-"} → ${str(ev.to) ?? "?"}`;
      const source = str(ev.source) ? ` (${ev.source})` : "";
      const reason = str(ev.reason) ? `: ${ev.reason}` : "";
      return move + source + reason;
    }
    case "ended": {
      const code = typeof ev.exit_code === "number" ? ` (exit ${ev.exit_code})` : "";
      return `${str(ev.status) ?? "ended"}${code}`;
    }
    case "detached":
    case "removed":
      return str(ev.reason) ?? "";
    case "restarted": {
      const code = typeof ev.exit_code === "number" ? `after exit ${ev.exit_code}` : "";
      return [typeof ev.restarts === "number" ? `restart ${ev.restarts}` : "", code].filter(Boolean).join(", ");
    }
    case "worktree": {
      const into = str(ev.into) ?? str(ev.base);
      return [str(ev.action) ?? "", str(ev.branch) ?? "", into ? `(${ev.action === "merged" ? "into" : "base"} ${into})` : ""].filter(Boolean).join(" ");
    }
    default: {
      // A type this version does not know: show its detail as it is.
      const { seq: _s, time: _t, type: _y, session: _n, id: _i, identifier: _d, context: _c, worktree: _w, ...rest } = ev;
      return Object.keys(rest).length ? JSON.stringify(rest) : "";
    }
  }
}

export function eventRow(ev: GwqEvent, now = new Date()): string[] {
  return [eventTime(ev.time, now), ev.session, ev.type, eventDetail(ev)];
}

/** The detail cell with the word the event brings in its colour: an end's status, a state's new state. */
export function paintDetail(ev: GwqEvent, text: string): string {
  const word = ev.type === "ended" ? str(ev.status) : ev.type === "state" ? str(ev.to) : null;
  const colour = word === null ? null : statusColour(word);
  if (word === null || colour === null) return text;
  const at = ev.type === "ended" ? (text.startsWith(word) ? 0 : -1) : text.indexOf(`→ ${word}`) + 2;
  if (at < (ev.type === "ended" ? 0 : 2)) return text;
  return text.slice(0, at) + paint(word, colour) + text.slice(at + word.length);
}

/** The whole table, header included; `colour` paints the words that carry a status. */
export function renderEvents(events: GwqEvent[], maxWidth?: number, colour = false): string[] {
  const now = new Date();
  const detail = EVENT_COLUMNS.length - 1;
  const paintCell = (row: number, column: number, text: string) => (column === detail ? paintDetail(events[row]!, text) : text);
  return renderTable(EVENT_COLUMNS, events.map((e) => eventRow(e, now)), { maxWidth, paint: colour ? paintCell : undefined });
}

/** Rows printed one at a time (`--follow`), aligned with what was printed before. */
export class EventStream {
  private widths: number[];

  constructor(
    initial: GwqEvent[],
    private readonly maxWidth?: number,
    private readonly colour = false,
  ) {
    const now = new Date();
    this.widths = EVENT_COLUMNS.map((h, i) => Math.max(stringWidth(h), ...initial.map((e) => stringWidth(visible(eventRow(e, now)[i]!)))));
  }

  header(): string {
    return this.line(EVENT_COLUMNS);
  }

  row(ev: GwqEvent): string {
    return this.line(eventRow(ev), ev);
  }

  private line(cells: string[], ev?: GwqEvent): string {
    const last = cells.length - 1;
    const parts = cells.map((c, i) => {
      // The same escaping as the whole table: a hook's reason must not retitle the window, clear
      // the screen or set the clipboard (OSC 52) of whoever follows the log.
      const v = visible(c);
      if (i === last) return v;
      this.widths[i] = Math.max(this.widths[i]!, stringWidth(v));
      return pad(v, this.widths[i]!);
    });
    let text = parts.join("  ");
    if (this.maxWidth !== undefined && stringWidth(text) > this.maxWidth) {
      // Cut first, then paint what is left of the detail (an escape must never be cut in half).
      const head = parts.slice(0, last).join("  ") + "  ";
      const room = this.maxWidth - stringWidth(head);
      if (room <= 0) return truncate(text, this.maxWidth).trimEnd();
      parts[last] = truncate(parts[last]!, room);
      text = parts.join("  ");
    }
    if (this.colour && ev) parts[last] = paintDetail(ev, parts[last]!);
    return parts.join("  ").trimEnd();
  }
}
