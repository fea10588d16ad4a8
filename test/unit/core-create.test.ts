// Creating a session (src/sessions/create.ts) against a fake tmux and a fixed clock: the name-retry
// loop and every clean-up path leave no half-made session behind.
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sessionName } from "../../src/sessions/naming.js";
import { rewrite } from "../../src/sessions/store.js";
import { fakeWorld, storedRecord } from "../helpers/fake-tmux.js";

let w: ReturnType<typeof fakeWorld>;
afterEach(() => w?.cleanup());

const dir = () => join(w.root, "state", "sessions");
const files = () => (existsSync(dir()) ? readdirSync(dir()).filter((f) => !f.startsWith(".")).sort() : []);
const opts = () => ({ identifier: "job", workingDir: w.root, command: "echo hi", worktree: null });
const nameAt = (attempt: number) => sessionName("run", "job", new Date(w.clock.now), attempt);
const events = () => {
  const p = join(w.root, "state", "events.jsonl");
  return existsSync(p) ? readFileSync(p, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { type: string; session: string; reason?: string }) : [];
};

describe("createSession", () => {
  test("the record, pane and server are written; the session is running", async () => {
    w = fakeWorld({ history_auto_save: false });
    const s = await w.m.createSession(opts());
    assert.equal(s.session_name, nameAt(1));
    assert.equal(s.status, "running");
    const rec = JSON.parse(readFileSync(join(dir(), `${s.session_name}.json`), "utf8"));
    assert.equal(rec.pane_id, "%1");
    assert.equal(rec.start_time, s.start_time);
    assert.equal(Date.parse(rec.start_time), w.clock.now, "the start time is the clock's");
    // The env file is for the recorder in the pane (the fake runs nothing, so it stays).
    assert.deepEqual(files(), [`${s.session_name}.env`, `${s.session_name}.json`]);
  });

  test("an argv is listed as one command line by src/shell.ts's rule; a leading assignment stays a word", async () => {
    w = fakeWorld({ history_auto_save: false });
    const { command: _, ...rest } = opts();
    const s = await w.m.createSession({ ...rest, argv: ["FOO=bar", "it's", "x=1", "/bin/p"] });
    assert.equal(s.command, "'FOO=bar' 'it'\\''s' 'x=1' /bin/p");
  });

  test("a name whose record exists takes the next suffix", async () => {
    w = fakeWorld({ history_auto_save: false });
    rewrite(storedRecord("other", { session_name: nameAt(1) }), dir());
    const s = await w.m.createSession(opts());
    assert.equal(s.session_name, nameAt(2));
  });

  test("a same-named tmux session gwq did not make is left alone; the next name is taken", async () => {
    w = fakeWorld({ history_auto_save: false });
    w.tmux.createErrors.push(`duplicate session: ${nameAt(1)}`);
    const s = await w.m.createSession(opts());
    assert.equal(s.session_name, nameAt(2));
    assert.deepEqual(w.tmux.killed(), [], "the other session is never killed");
    assert.ok(!existsSync(join(dir(), `${nameAt(1)}.json`)) && !existsSync(join(dir(), `${nameAt(1)}.env`)));
    assert.deepEqual(events().filter((e) => e.session === nameAt(1)).map((e) => `${e.type}:${e.reason ?? ""}`), ["created:", "removed:not-started"]);
  });

  test("a tmux failure removes everything made, kills what tmux may have started, and says why", async () => {
    w = fakeWorld({ history_auto_save: false });
    w.tmux.createErrors.push("command too long");
    await assert.rejects(w.m.createSession(opts()), /the command is too long for tmux/);
    assert.deepEqual(files(), []);
    assert.deepEqual(w.tmux.killed(), [nameAt(1)]);
  });

  test("a server that was exiting as we connected is asked again: same name, one created event", async () => {
    w = fakeWorld({ history_auto_save: false });
    w.tmux.createErrors.push("server exited unexpectedly", "server exited unexpectedly");
    const s = await w.m.createSession(opts());
    assert.equal(s.session_name, nameAt(1));
    assert.equal(s.status, "running");
    assert.deepEqual(files(), [`${s.session_name}.env`, `${s.session_name}.json`]);
    assert.deepEqual(events().map((e) => e.type), ["created"]);
  });

  test("a server that keeps exiting: after three tries the error, nothing left behind", async () => {
    w = fakeWorld({ history_auto_save: false });
    for (let i = 0; i < 3; i++) w.tmux.createErrors.push("server exited unexpectedly");
    await assert.rejects(w.m.createSession(opts()), /server exited unexpectedly/);
    assert.deepEqual(files(), []);
  });

  test("a tmux_command that is not tmux starts nothing and leaves nothing", async () => {
    w = fakeWorld({ history_auto_save: true });
    w.tmux.created = { paneId: null };
    await assert.rejects(w.m.createSession(opts()), /did not start the session/);
    assert.deepEqual(files(), []);
    assert.ok(!existsSync(join(w.root, "history", `${nameAt(1)}.json`)), "the copy beside the output is gone too");
  });

  test("a name whose output is still kept (a restart in the same second) is skipped", async () => {
    w = fakeWorld({ history_auto_save: true });
    const first = await w.m.createSession(opts());
    await w.m.killSession(first.session_name);
    const again = await w.m.createSession(opts());
    assert.equal(again.session_name, nameAt(2));
  });

  test("50 names taken in one second is an error, with nothing left behind", async () => {
    w = fakeWorld({ history_auto_save: false });
    for (let i = 0; i < 50; i++) w.tmux.createErrors.push("duplicate session");
    await assert.rejects(w.m.createSession(opts()), /could not find a free session name/);
    assert.deepEqual(files(), []);
  });

  test("nothing invalid reaches tmux", async () => {
    w = fakeWorld({ history_auto_save: false });
    await assert.rejects(w.m.createSession({ ...opts(), workingDir: join(w.root, "missing") }), /working directory does not exist/);
    await assert.rejects(w.m.createSession({ ...opts(), command: " " }), /no command to run/);
    await assert.rejects(w.m.createSession({ ...opts(), identifier: "" }), /non-empty identifier/);
    assert.deepEqual(w.tmux.calls, []);
  });
});
