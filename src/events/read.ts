// Reading the event log: both files (the rotated one first), damaged lines skipped, then filtered
// by a session pattern and `--since <seq|duration>`.
import { closeSync, fstatSync, statSync } from "node:fs";
import { readUpTo } from "../fsx.js";
import { parseDuration } from "../config/duration.js";
import { UsageError } from "../errors.js";
import { eventsPath, openLog, parseEvent, rotatedPath } from "./append.js";
import type { GwqEvent } from "./types.js";

/** Parse complete lines; returns the events and how many lines were damaged. */
export function parseLines(text: string): { events: GwqEvent[]; damaged: number } {
  const events: GwqEvent[] = [];
  let damaged = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const ev = parseEvent(line);
    if (ev) events.push(ev);
    else damaged++;
  }
  return { events, damaged };
}

function readOrEmpty(path: string): string {
  const fd = openLog(path);
  if (fd === null) return "";
  try {
    return readFd(fd);
  } finally {
    closeSync(fd);
  }
}

/** A whole file through an open descriptor (so it is the file we stat'ed). */
function readFd(fd: number): string {
  return readUpTo(fd, fstatSync(fd).size).toString("utf8");
}

/**
 * Every readable event, oldest first, without duplicates. A rotation between reading the two files
 * would lose the events it moved: the current file is opened first and the read retried if it
 * was rotated meanwhile.
 */
export function readEvents(stateDir: string): { events: GwqEvent[]; damaged: number } {
  for (let attempt = 0; ; attempt++) {
    const fd = openLog(eventsPath(stateDir));
    try {
      const older = readOrEmpty(rotatedPath(stateDir));
      const current = fd === null ? "" : readFd(fd);
      if (fd !== null && attempt < 3) {
        let same = false;
        try {
          same = statSync(eventsPath(stateDir)).ino === fstatSync(fd).ino;
        } catch {
          same = false;
        }
        if (!same) continue;
      }
      const a = parseLines(older);
      const b = parseLines(current);
      const seen = new Set<number>();
      const events: GwqEvent[] = [];
      for (const ev of [...a.events, ...b.events]) {
        if (seen.has(ev.seq)) continue;
        seen.add(ev.seq);
        events.push(ev);
      }
      return { events, damaged: a.damaged + b.damaged };
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }
}

export type Since = { seq: number } | { time: number };

/** `--since`: a bare number is a seq (events after it); otherwise a duration back from now. */
export function parseSince(text: string, now = Date.now()): Since {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { seq: Number(t) };
  const ms = parseDuration(t);
  if (ms === null) throw new UsageError(`--since expects a seq number or a duration like 10m, 2h, 1d, got "${text}"`);
  return { time: now - ms };
}

export function isAfter(ev: GwqEvent, since: Since | undefined): boolean {
  if (!since) return true;
  if ("seq" in since) return ev.seq > since.seq;
  const t = Date.parse(ev.time);
  return !Number.isNaN(t) && t >= since.time;
}

/**
 * The session matching of docs/sessions.md applied to events: an exact session name, id or
 * identifier wins; otherwise a case-insensitive substring of the name, identifier, context or
 * worktree. Returns a predicate; whether it matches exactly is decided once, from the events given.
 */
export function eventMatcher(pattern: string | undefined, seen: GwqEvent[]): (ev: GwqEvent) => boolean {
  if (pattern === undefined || pattern === "") return () => true;
  const exact = (ev: GwqEvent) => ev.session === pattern || ev.id === pattern || ev.identifier === pattern;
  if (seen.some(exact)) return exact;
  const p = pattern.toLowerCase();
  return (ev) => [ev.session, ev.identifier, ev.context, ev.worktree ?? ""].some((f) => typeof f === "string" && f.toLowerCase().includes(p));
}
