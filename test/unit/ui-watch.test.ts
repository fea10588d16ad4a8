// watchLoop against a fake terminal: what it writes, and that it gives everything back.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { WriteStream } from "node:tty";
import { watchLoop } from "../../src/ui/watch.js";

function fakeTty(columns = 20, rows = 5) {
  const written: string[] = [];
  const out = Object.assign(new EventEmitter(), { isTTY: true, columns, rows, fd: 2, write: (s: string) => written.push(s) > 0 });
  return { out: out as unknown as WriteStream & EventEmitter, written };
}

const listenerCounts = (out: EventEmitter) =>
  ["SIGINT", "SIGTERM", "SIGHUP", "exit"].map((s) => process.listenerCount(s)).concat(out.listenerCount("resize"));

describe("watchLoop", () => {
  test("draws frames in place and restores the terminal when stopped", async () => {
    const { out, written } = fakeTty();
    const before = listenerCounts(out);
    const ac = new AbortController();
    let n = 0;
    await watchLoop(
      async () => {
        if (++n === 3) ac.abort();
        return `frame ${n}`;
      },
      0,
      { out, signal: ac.signal },
    );
    const all = written.join("");
    assert.ok(all.startsWith("\x1b[?1049h"), "alternate screen first");
    assert.match(all, /\x1b\[\?25l/, "cursor hidden");
    assert.match(all, /\x1b\[Hframe 1\x1b\[K\r\n\x1b\[J/);
    // The next frame rewrites only the row that changed (screen.ts).
    assert.match(all, /\x1b\[1;1Hframe 2\x1b\[K/);
    assert.doesNotMatch(all, /frame 3/, "a frame rendered after the stop is not drawn");
    assert.ok(all.endsWith("\x1b[?25h\x1b[?1049l"), JSON.stringify(all.slice(-30)));
    assert.deepEqual(listenerCounts(out), before, "no listener left behind");
  });

  test("a resize redraws the last frame at once", async () => {
    const { out, written } = fakeTty(20, 5);
    const ac = new AbortController();
    let n = 0;
    const done = watchLoop(async () => `frame ${++n} ${"x".repeat(30)}`, 60_000, { out, signal: ac.signal });
    while (n < 1 || written.length < 2) await new Promise((r) => setTimeout(r, 5));
    (out as unknown as { columns: number }).columns = 10;
    out.emit("resize");
    assert.ok(written.some((w) => w.includes("\x1b[Hframe 1 xx\r\n")), JSON.stringify(written));
    // …and re-renders without waiting for the (one minute) interval.
    while (n < 2) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    await done;
  });

  test("a render error restores the terminal and rejects", async () => {
    const { out, written } = fakeTty();
    await assert.rejects(watchLoop(async () => Promise.reject(new Error("boom")), 0, { out }), /boom/);
    assert.ok(written.join("").endsWith("\x1b[?25h\x1b[?1049l"));
  });
});
