// The local time zone's offset from UTC, read from the system's zone file (TZif, RFC 8536) rather
// than asked of the runtime: the first local-time question a runtime answers (getTimezoneOffset,
// getHours) loads its ICU time-zone data, which in the standalone binary costs more than the rest
// of an agent's hook (docs/benchmarks.md). The zone is the one the runtime would use: the file
// TZ names (`Europe/Paris`, `:Europe/Paris`), else /etc/localtime. Whatever this cannot read with
// certainty (TZ a path or a POSIX rule, TZDIR set, a zone with leap seconds, an offset that is
// not whole minutes) gives null, and the caller asks the runtime.
import { readFileSync, readlinkSync } from "node:fs";

/** A POSIX TZ rule (the zone file's footer): what holds after its last listed transition. */
interface Rule {
  /** Standard and daylight offsets, seconds east of UTC. */
  std: number;
  dst: number;
  /** null: no daylight saving time. */
  start: RuleDate | null;
  end: RuleDate | null;
}

/** `Jn` (1-365, no Feb 29), `n` (0-365), or `Mm.w.d`; `time`: seconds after local midnight. */
type RuleDate = { kind: "J"; day: number; time: number } | { kind: "n"; day: number; time: number } | { kind: "M"; month: number; week: number; weekday: number; time: number };

/**
 * A zone file, read where it lies (no array is built: a runtime's first run of such code is
 * interpreted, and a zone's few hundred transitions would cost more than the lookup needs).
 */
export interface Zone {
  /** How many transitions, and the time (seconds since the epoch, ascending) and offset (seconds east) from the i-th. */
  count: number;
  time(i: number): number;
  offset(i: number): number;
  /** The offset before the first transition. */
  first: number;
  /** The POSIX TZ rule for times past the last transition ("" when there is none). */
  footer: string;
}

let cachedFor: string | undefined | null = null;
let cached: Zone | null = null;

/** The zone file for TZ, or null when TZ names none this can read for sure. */
function zonePath(tz: string | undefined): string | null {
  if (tz === undefined) return "/etc/localtime";
  const name = tz.startsWith(":") ? tz.slice(1) : tz;
  // A path (which the C library reads, and the runtimes' ICU does not) is left to the runtime.
  if (process.env.TZDIR !== undefined || !/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return null;
  return `/usr/share/zoneinfo/${name}`;
}

/** UTC, known by its name (TZ, or where /etc/localtime links to) without reading its file. */
const UTC: Zone = { count: 0, time: () => 0, offset: () => 0, first: 0, footer: "" };
const UTC_NAME = /(?:^|\/zoneinfo\/)(?:Etc\/)?(?:UTC|UCT|GMT|Universal|Zulu)$/;

/** The zone's name as the runtime sees it: TZ's, or the target of the /etc/localtime link. */
function zoneName(tz: string | undefined, path: string): string {
  if (tz !== undefined) return tz.startsWith(":") ? tz.slice(1) : tz;
  try {
    return readlinkSync(path);
  } catch {
    return path; // not a link: only its content tells
  }
}

/** The zone in effect (re-read when TZ changes), or null. */
function zone(): Zone | null {
  const tz = process.env.TZ;
  if (cachedFor !== tz) {
    cachedFor = tz;
    cached = null;
    const path = zonePath(tz);
    if (path) {
      try {
        cached = UTC_NAME.test(zoneName(tz, path)) ? UTC : parseTzif(readFileSync(path));
      } catch {
        cached = null;
      }
    }
  }
  return cached;
}

/** A zone file's transitions and rule; null when it is not one this reads for sure. */
export function parseTzif(buf: Uint8Array): Zone | null {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // "TZif", then the version and six counts.
  const magic = (at: number) => at + 44 <= v.byteLength && v.getUint32(at) === 0x545a6966;
  if (!magic(0)) return null;
  let at = 0;
  let size = 4;
  if (v.getUint8(4) >= 0x32) {
    // Version 2 and later repeat the data with 64-bit times, then a footer with the rule.
    at = 44 + v.getUint32(32) * 5 + v.getUint32(36) * 6 + v.getUint32(40) + v.getUint32(28) * 8 + v.getUint32(24) + v.getUint32(20);
    if (!magic(at)) return null;
    size = 8;
  }
  const [isut, isstd, leap, timecnt, typecnt, charcnt] = [20, 24, 28, 32, 36, 40].map((o) => v.getUint32(at + o)) as [number, number, number, number, number, number];
  if (leap > 0 || typecnt === 0) return null;
  const times = at + 44;
  const types = times + timecnt * size;
  const infos = types + timecnt;
  const end = infos + typecnt * 6 + charcnt + leap * (size + 4) + isstd + isut;
  if (v.byteLength < end) return null;
  for (let i = 0; i < timecnt; i++) if (v.getUint8(types + i) >= typecnt) return null;
  let footer = "";
  if (size === 8 && v.getUint8(end) === 0x0a) {
    const close = buf.indexOf(0x0a, end + 1);
    if (close > end + 1) footer = String.fromCharCode(...buf.subarray(end + 1, close));
  }
  return {
    count: timecnt,
    time: size === 8 ? (i) => v.getInt32(times + 8 * i) * 4294967296 + v.getUint32(times + 8 * i + 4) : (i) => v.getInt32(times + 4 * i),
    offset: (i) => v.getInt32(infos + 6 * v.getUint8(types + i)),
    first: v.getInt32(infos),
    footer,
  };
}

/** `[+-]hh[:mm[:ss]]` as seconds. */
function hms(text: string): number | null {
  const m = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const s = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? -s : s;
}

/** A POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3` or `<+0530>-5:30`; null when unreadable. */
export function parseRule(text: string): Rule | null {
  const m = /^(?:<[A-Za-z0-9+-]+>|[A-Za-z]{3,})([+-]?[\d:]+)(?:(?:<[A-Za-z0-9+-]+>|[A-Za-z]{3,})([+-]?[\d:]+)?,([^,]+),([^,]+))?$/.exec(text);
  if (!m) return null;
  const stdWest = hms(m[1]!);
  if (stdWest === null) return null;
  const std = 0 - stdWest || 0;
  if (m[3] === undefined) return { std, dst: std, start: null, end: null };
  const dstWest = m[2] === undefined ? stdWest - 3600 : hms(m[2]);
  const start = ruleDate(m[3]);
  const end = ruleDate(m[4]!);
  if (dstWest === null || !start || !end) return null;
  return { std, dst: 0 - dstWest || 0, start, end };
}

function ruleDate(text: string): RuleDate | null {
  const [date, timeText] = text.split("/");
  const time = timeText === undefined ? 7200 : hms(timeText);
  if (time === null || date === undefined) return null;
  let m = /^J(\d{1,3})$/.exec(date);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 365 ? { kind: "J", day: Number(m[1]), time } : null;
  m = /^(\d{1,3})$/.exec(date);
  if (m) return Number(m[1]) <= 365 ? { kind: "n", day: Number(m[1]), time } : null;
  m = /^M(\d{1,2})\.(\d)\.(\d)$/.exec(date);
  if (!m) return null;
  const [month, week, weekday] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || week < 1 || week > 5 || weekday > 6) return null;
  return { kind: "M", month, week, weekday, time };
}

const DAY = 86400;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** When a rule's date falls in year `y`, as seconds since the epoch of that local wall time. */
function wallTime(d: RuleDate, y: number): number {
  const jan1 = Date.UTC(y, 0, 1) / 1000;
  if (d.kind === "J") return jan1 + (d.day - 1 + (isLeap(y) && d.day >= 60 ? 1 : 0)) * DAY + d.time;
  if (d.kind === "n") return jan1 + d.day * DAY + d.time;
  const first = Date.UTC(y, d.month - 1, 1);
  const days = new Date(Date.UTC(y, d.month, 0)).getUTCDate();
  let day = 1 + ((d.weekday - new Date(first).getUTCDay() + 7) % 7) + (d.week - 1) * 7;
  while (day > days) day -= 7;
  return first / 1000 + (day - 1) * DAY + d.time;
}

/** The rule's offset at `t` (seconds since the epoch). */
function ruleOffset(r: Rule, t: number): number {
  if (!r.start || !r.end) return r.std;
  const y = new Date((t + r.std) * 1000).getUTCFullYear();
  // Every change of the years around t, in order: the last one at or before t decides.
  const changes: [number, number][] = [];
  for (const year of [y - 1, y, y + 1]) {
    changes.push([wallTime(r.start, year) - r.std, r.dst]);
    changes.push([wallTime(r.end, year) - r.dst, r.std]);
  }
  changes.sort((a, b) => a[0] - b[0]);
  let off = changes[0]![1] === r.dst ? r.std : r.dst;
  for (const [at, to] of changes) if (at <= t) off = to;
  return off;
}

const rules = new Map<string, Rule | null>();

/** The zone's offset at `t` (seconds since the epoch), seconds east of UTC; null when its rule cannot be read. */
export function offsetAt(z: Zone, t: number): number | null {
  const n = z.count;
  if (n && t < z.time(0)) return z.first;
  if (!n || t >= z.time(n - 1)) {
    if (!z.footer) return n ? z.offset(n - 1) : z.first;
    if (!rules.has(z.footer)) rules.set(z.footer, parseRule(z.footer));
    const r = rules.get(z.footer);
    return r ? ruleOffset(r, t) : null;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (z.time(mid) <= t) lo = mid;
    else hi = mid - 1;
  }
  return z.offset(lo);
}

/**
 * The local offset at `ms` (ms since the epoch) in whole minutes east of UTC, as
 * `-new Date(ms).getTimezoneOffset()` gives it; null when the zone file cannot tell for sure.
 */
export function localOffsetMinutes(ms: number): number | null {
  if (!Number.isFinite(ms)) return null;
  const z = zone();
  if (!z) return null;
  const off = offsetAt(z, Math.floor(ms / 1000));
  return off !== null && off % 60 === 0 ? off / 60 || 0 : null;
}
