import { test } from "node:test";
import assert from "node:assert/strict";
import { chunkText, sendTextCalls } from "../../src/tmux/keys.js";
import { parseCreated } from "../../src/tmux/sessions.js";
import { defaultSocket } from "../../src/tmux/servers.js";

test("chunks stay within the byte bound, never split a character, and join back to the text", () => {
  const text = "aé日🙂".repeat(1000) + "x";
  for (const max of [4, 5, 7, 100, 8000]) {
    const chunks = chunkText(text, max);
    assert.equal(chunks.join(""), text);
    for (const c of chunks) {
      assert.ok(Buffer.byteLength(c) <= max, `${max}: ${Buffer.byteLength(c)}`);
      assert.ok(!c.includes("\ufffd"));
      assert.equal(Buffer.from(c).toString("utf8"), c, "whole characters only");
    }
  }
  assert.deepEqual(chunkText(""), []);
});

test("send: one call for a short text with Enter in it; a long one in several, Enter last", () => {
  assert.deepEqual(sendTextCalls("%1", "hi", true), [[["send-keys", "-t", "%1", "-l", "--", "hi"], ["send-keys", "-t", "%1", "Enter"]]]);
  assert.deepEqual(sendTextCalls("%1", "", true), [[["send-keys", "-t", "%1", "Enter"]]]);
  const calls = sendTextCalls("%1", "x".repeat(20000), false);
  assert.equal(calls.length, 3);
  assert.equal(calls.map((c) => c[0]![5]).join(""), "x".repeat(20000));
});

test("the creating call's answer gives the server's socket, spaces and all", () => {
  assert.deepEqual(parseCreated("12 %3 99 1700000000 /tmp/a b/tmux-0/default\n"), {
    pid: 12,
    paneId: "%3",
    server: "99:1700000000",
    socket: "/tmp/a b/tmux-0/default",
  });
  assert.equal(parseCreated("12 %3 99 1700000000\n").socket, null);
});

test("the socket tmux picks: TMUX's inside a pane, else TMUX_TMPDIR's default", () => {
  const uid = process.getuid!();
  assert.equal(defaultSocket({ TMUX: "/x/tmux-1/other,123,0", TMUX_TMPDIR: "/y" }), "/x/tmux-1/other");
  assert.equal(defaultSocket({ TMUX_TMPDIR: "/nonexistent-gwq/" }), `/nonexistent-gwq/tmux-${uid}/default`);
  assert.equal(defaultSocket({}), `/tmp/tmux-${uid}/default`);
});
