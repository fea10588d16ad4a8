// Reliability, load (docs/guarantees.md "Nothing lost"): 200 sessions listed correctly, 50 `gwq
// tmux run` at once with no record lost or duplicated, and a `list --watch` left running for
// hundreds of refreshes without growing.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, eventually, sandboxEach } from "../helpers/sandbox.js";
import { SessionManager, type Session, type TmuxConfig } from "../../src/index.js";

const sb = sandboxEach();

// The end recorder the library starts runs the CLI under test.
process.env.GWQ_CLI_PATH ||= CLI;

function manager(): SessionManager {
  const config: TmuxConfig = {
    enabled: true,
    auto_create_session: true,
    detach_on_create: true,
    auto_cleanup_completed: true,
    tmux_command: "tmux",
    default_shell: "/bin/sh",
    session_timeout: 24 * 3600_000,
    keep_alive: true,
    history_limit: 2000,
    history_auto_save: true,
    history_save_dir: join(sb.home, ".gwq", "history"),
    log_max_size: 50 * 1024 * 1024,
  };
  return new SessionManager({ config, env: sb.env, stateDir: join(sb.env.XDG_STATE_HOME!, "gwq") });
}

async function listJson(): Promise<Session[]> {
  const r = await sb.gwq(["tmux", "list", "--json"], { timeoutMs: 60000 });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  return JSON.parse(r.stdout) as Session[];
}

describe("load", () => {
  test("200 sessions: every one listed once with the right status; kill --all ends exactly them", async () => {
    const m = manager();
    const made: Session[] = [];
    // In batches: 20 creations at a time through the library, as a task runner would.
    for (let b = 0; b < 10; b++) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const n = b * 20 + i;
          // Every tenth one fails at once, so the listing mixes running and failed.
          const command = n % 10 === 9 ? `exit ${(n % 50) + 1}` : "sleep 600";
          return m.createSession({ context: "load", identifier: `job-${n}`, workingDir: sb.root, command, worktree: null, metadata: { n: String(n) } });
        }),
      );
      made.push(...batch);
    }
    assert.equal(new Set(made.map((s) => s.session_name)).size, 200);
    assert.equal(new Set(made.map((s) => s.id)).size, 200);
    sb.tmux("new-session", "-d", "-s", "user-own", "sleep 600");

    const failing = made.filter((s) => /^exit /.test(s.command));
    const listed = await eventually(async () => {
      const l = await listJson();
      return l.filter((s) => s.status === "failed").length === failing.length ? l : undefined;
    }, 30000, "the 20 failures recorded");
    assert.equal(listed.length, 200);
    assert.deepEqual(new Set(listed.map((s) => s.session_name)), new Set(made.map((s) => s.session_name)));
    for (const s of listed) {
      const n = Number(s.metadata.n);
      assert.equal(s.identifier, `job-${n}`);
      if (n % 10 === 9) assert.deepEqual([s.status, s.exit_code], ["failed", (n % 50) + 1], s.identifier);
      else assert.deepEqual([s.status, s.exit_code], ["running", null], s.identifier);
    }
    // The table: a header and 200 rows; the filters and the CLI agree with the library.
    const table = await sb.gwq(["tmux", "list"]);
    assert.equal(table.stdout.trim().split("\n").length, 201);
    const failed = await sb.gwq(["tmux", "list", "--filter", "failed", "--json"]);
    assert.equal(JSON.parse(failed.stdout).length, 20);
    assert.equal((await m.listSessions()).length, 200);

    const k = await sb.gwq(["tmux", "kill", "--all", "--force"], { timeoutMs: 60000 });
    assert.equal(k.code, 0, k.stderr);
    assert.equal(k.stdout.trim().split("\n").length, 200);
    assert.deepEqual(sb.tmuxSessions(), ["user-own"]);
    assert.deepEqual(await listJson(), []);
  });

  test("50 gwq tmux run at once with the same id: 50 records, none lost, none duplicated, no debris", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => sb.gwq(["tmux", "run", "--json", "--id", "same", "sleep 600"], { timeoutMs: 90000 })),
    );
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const made = results.map((r) => JSON.parse(r.stdout) as Session);
    assert.equal(new Set(made.map((s) => s.session_name)).size, 50, "distinct names");
    assert.equal(new Set(made.map((s) => s.id)).size, 50, "distinct ids");
    const listed = await listJson();
    assert.equal(listed.length, 50);
    assert.deepEqual(new Set(listed.map((s) => s.session_name)), new Set(made.map((s) => s.session_name)));
    assert.ok(listed.every((s) => s.status === "running"));
    const live = new Set(sb.tmuxSessions());
    for (const s of made) assert.ok(live.has(s.session_name), s.session_name);
    assert.equal(live.size, 50);
    // Exactly a record per session: no temp files or end marks left behind.
    const files = readdirSync(sb.sessionsDir()).sort();
    assert.deepEqual(files, made.map((s) => `${s.session_name}.json`).sort());
  });

  test("list --watch for hundreds of refreshes: memory stays flat, frames stay right", async () => {
    const m = manager();
    for (let i = 0; i < 10; i++) await m.createSession({ identifier: `w${i}`, workingDir: sb.root, command: "sleep 600", worktree: null });
    const child = spawn(process.execPath, [CLI, "tmux", "list", "--watch", "--interval", "0.05"], { cwd: sb.root, env: sb.env, stdio: ["ignore", "pipe", "pipe"] });
    let frames = 0;
    let tail = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      frames += (d.match(/^ {2}CONTEXT /gm) ?? []).length;
      tail = (tail + d).slice(-4000);
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const done = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    const rss = () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024;
    try {
      await eventually(() => frames >= 30, 30000, "30 frames");
      const early = rss();
      await eventually(() => frames >= 330, 90000, "330 frames");
      const late = rss();
      assert.ok(late < early + 30 * 1024 * 1024, `RSS grew from ${early} to ${late} bytes over 300 refreshes`);
      // The last frame is still a full, right listing.
      const last = tail.slice(tail.lastIndexOf("  CONTEXT "));
      for (let i = 0; i < 10; i++) assert.match(last, new RegExp(`\\bw${i}\\b.*running`));
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await done, 0);
    assert.equal(stderr, "");
  });
});
