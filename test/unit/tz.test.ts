// Local time from the zone file (src/tz.ts) against the runtime's own local time: the same
// timestamps, whatever the zone, and the runtime asked whenever the file cannot tell.
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { isoLocal, stamp } from "../../src/sessions/naming.js";
import { localOffsetMinutes, offsetAt, parseRule, parseTzif } from "../../src/tz.js";

const saved = process.env.TZ;
afterEach(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

/** What isoLocal wrote before: the runtime's local getters (Node reads TZ again when it changes). */
function viaRuntime(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const off = -d.getTimezoneOffset();
  const abs = Math.abs(off);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${pad(d.getMilliseconds(), 3)}${off >= 0 ? "+" : "-"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Instants over a few years around now, at odd hours, and at this year's usual change times. */
function instants(): Date[] {
  const out: Date[] = [];
  const now = Date.now();
  for (let i = -150; i < 300; i++) out.push(new Date(now + i * 5.3 * 86_400_000 + (i % 24) * 3_600_000 + 123));
  const y = new Date().getUTCFullYear();
  for (const [m, d] of [[2, 31], [3, 6], [9, 6], [9, 27], [10, 2]] as const) {
    for (let h = 0; h < 24; h++) out.push(new Date(Date.UTC(y, m, d, h, 59, 59, 999)), new Date(Date.UTC(y, m, d, h + 1)));
  }
  return out;
}

const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Europe/Dublin", "America/Santiago", "Asia/Tokyo"];
const haveZones = existsSync("/usr/share/zoneinfo/Europe/Paris");

describe("isoLocal and stamp from the zone file", () => {
  test("the same text as the runtime's local time, in zones east, west, half-hour, southern and negative-DST", { skip: !haveZones && "no /usr/share/zoneinfo" }, () => {
    for (const zone of ZONES) {
      for (const tz of [zone, `:${zone}`]) {
        process.env.TZ = tz;
        assert.notEqual(localOffsetMinutes(Date.now()), null, `${tz} is read from its file`);
        for (const d of instants()) {
          assert.equal(isoLocal(d), viaRuntime(d), `${tz} at ${d.toISOString()}`);
          assert.equal(stamp(d), viaRuntime(d).slice(0, 19).replace(/[-T:]/g, ""), `${tz} stamp at ${d.toISOString()}`);
        }
      }
    }
  });

  test("UTC by its name, without its file: TZ=UTC, :Etc/UTC, GMT, Zulu", () => {
    for (const tz of ["UTC", ":Etc/UTC", "GMT", "Zulu", "Etc/Universal"]) {
      process.env.TZ = tz;
      assert.equal(localOffsetMinutes(Date.parse("2026-07-01T12:00:00Z")), 0, tz);
      const d = new Date(Date.UTC(2026, 6, 1, 12, 0, 0, 5));
      assert.equal(isoLocal(d), viaRuntime(d), tz);
    }
  });

  test("what the file cannot tell goes to the runtime: an unknown zone, a POSIX rule, a path, TZDIR", () => {
    for (const tz of ["Nowhere/Atlantis", "CET-1CEST,M3.5.0,M10.5.0/3", "../../etc/passwd", "", "/usr/share/zoneinfo/Europe/Paris"]) {
      process.env.TZ = tz;
      assert.equal(localOffsetMinutes(Date.now()), null, JSON.stringify(tz));
      const d = new Date(Date.UTC(2026, 6, 1, 12, 0, 0, 5));
      assert.equal(isoLocal(d), viaRuntime(d), JSON.stringify(tz));
    }
    process.env.TZ = "UTC";
    const before = process.env.TZDIR;
    process.env.TZDIR = "/nonexistent";
    try {
      assert.equal(localOffsetMinutes(Date.now()), null);
    } finally {
      if (before === undefined) delete process.env.TZDIR;
      else process.env.TZDIR = before;
    }
    assert.equal(isoLocal(new Date(Number.NaN)), viaRuntime(new Date(Number.NaN)), "an invalid date as before");
  });
});

describe("POSIX rules (the zone file's footer, for times past its table)", () => {
  const zone = (footer: string) => ({ count: 0, time: () => 0, offset: () => 0, first: 0, footer });
  const at = (iso: string) => Date.parse(iso) / 1000;

  test("northern: CET-1CEST,M3.5.0,M10.5.0/3 changes on the last Sundays of March and October", () => {
    const z = zone("CET-1CEST,M3.5.0,M10.5.0/3");
    assert.equal(offsetAt(z, at("2030-03-31T00:59:59Z")), 3600);
    assert.equal(offsetAt(z, at("2030-03-31T01:00:00Z")), 7200);
    assert.equal(offsetAt(z, at("2030-10-27T00:59:59Z")), 7200);
    assert.equal(offsetAt(z, at("2030-10-27T01:00:00Z")), 3600);
    assert.equal(offsetAt(z, at("2030-12-31T23:30:00Z")), 3600);
  });

  test("southern, across the new year: AEST-10AEDT,M10.1.0,M4.1.0/3", () => {
    const z = zone("AEST-10AEDT,M10.1.0,M4.1.0/3");
    assert.equal(offsetAt(z, at("2030-12-31T20:00:00Z")), 39600);
    assert.equal(offsetAt(z, at("2031-01-01T20:00:00Z")), 39600);
    assert.equal(offsetAt(z, at("2031-04-05T15:59:59Z")), 39600);
    assert.equal(offsetAt(z, at("2031-04-05T16:00:00Z")), 36000);
    assert.equal(offsetAt(z, at("2031-07-01T00:00:00Z")), 36000);
  });

  test("negative DST, quoted names, fixed offsets, Julian days and out-of-day times", () => {
    const dublin = zone("IST-1GMT0,M10.5.0,M3.5.0/1");
    assert.equal(offsetAt(dublin, at("2030-01-15T12:00:00Z")), 0);
    assert.equal(offsetAt(dublin, at("2030-07-15T12:00:00Z")), 3600);
    assert.equal(offsetAt(zone("<+0530>-5:30"), at("2030-07-15T12:00:00Z")), 19800);
    assert.equal(offsetAt(zone("<-03>3"), at("2030-07-15T12:00:00Z")), -10800);
    // Permanent DST written as a rule that never ends within a year.
    const always = zone("EST5EDT,0/0,J365/25");
    for (const iso of ["2030-01-01T05:30:00Z", "2030-06-01T00:00:00Z", "2030-12-31T23:00:00Z"]) assert.equal(offsetAt(always, at(iso)), -14400, iso);
    assert.equal(parseRule("CET-1CEST"), null, "DST without its rules: not read for sure");
    assert.equal(parseRule("nonsense"), null);
    assert.equal(offsetAt(zone("nonsense"), at("2030-07-15T12:00:00Z")), null, "a rule not read: the runtime is asked");
  });

  test("a zone file: its table, then its rule past the table's end, agree with the runtime", { skip: !haveZones && "no /usr/share/zoneinfo" }, () => {
    const z = parseTzif(readFileSync("/usr/share/zoneinfo/Europe/Paris"))!;
    assert.ok(z.count > 0 && z.footer.startsWith("CET-1CEST"));
    process.env.TZ = "Europe/Paris";
    for (const iso of ["1995-07-01T00:00:00Z", "2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2045-10-29T00:59:59Z", "2045-10-29T01:00:00Z", "2060-01-01T00:00:00Z"]) {
      assert.equal(offsetAt(z, at(iso)), -new Date(iso).getTimezoneOffset() * 60, iso);
    }
    assert.equal(parseTzif(Buffer.from("not a zone file at all, but long enough to have a header.......")), null);
  });
});
