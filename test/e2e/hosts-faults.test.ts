// The faults a host can have, against real ssh servers: no tmux there, no gwq there, the server
// stopped in the middle of a listing, and while `events -f` follows it (alone or among others).
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { Sandbox, eventually, runProcess, GWQ_ARGV } from "../helpers/sandbox.js";
import { sshdAvailable, startSshd, type FarSide } from "../helpers/sshd.js";
import { BINARY, farFollowers, farGwq, followGwq, slowFarGwq } from "../helpers/far-gwq.js";

const skip = !sshdAvailable() ? "sshd is not installed (.ci/run installs openssh-server)" : !existsSync(BINARY) ? "dist/bin/gwq is not built (npm test builds it)" : false;

/** A PATH with the tools a far side needs, and no tmux. */
function pathWithoutTmux(sb: Sandbox): string {
  const dir = sb.path("notmux-bin");
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const tool of ["sh", "bash", "git", "uname", "cat", "env", "sleep", "id", "mkdir", "chmod", "mv"]) {
    const at = execFileSync("sh", ["-c", 'command -v "$1"', "sh", tool], { encoding: "utf8" }).trim();
    symlinkSync(at, join(dir, tool));
  }
  return dir;
}

describe("hosts that fail, over real ssh servers", { skip }, () => {
  let sb: Sandbox;
  const fars: FarSide[] = [];
  const configs: string[] = [];
  const sshConfig = () => sb.path("ssh_config");
  const writeSshConfig = () => writeFileSync(sshConfig(), fars.map((f) => readFileSync(f.sshConfig, "utf8")).join("\n"));
  const start = async (tag: string, extraEnv?: Record<string, string>) => {
    const f = await startSshd(sb, { tag, extraEnv });
    fars.push(f);
    writeSshConfig();
    return f;
  };
  const setHosts = (hosts: string) => sb.writeConfig(`[ssh]\nconfig = "${sshConfig()}"\n\n${configs.join("\n")}${hosts}`);

  before(async () => {
    sb = new Sandbox();
    await start("far");
    configs.push(`[hosts.box]\nssh = "far"\ngwq = "${farGwq(sb)}"\n`);
    setHosts("");
  });

  after(async () => {
    for (const f of fars) await f.stop().catch(() => {});
    sb?.cleanup();
  });

  test("a host without tmux: host add says so in one line; run fails in one line; listings show it as one line", async () => {
    await start("nt", { PATH: pathWithoutTmux(sb) });
    const add = await sb.gwq(["host", "add", "nt", "nt"]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /^nt: warning: no tmux there: sessions cannot run until it is installed$/m);
    // The far gwq this build's (the host add above wrote [hosts.nt]; name the program too).
    const written = readFileSync(sb.path("config", "gwq", "config.toml"), "utf8");
    assert.match(written, /\[hosts\.nt\]/);
    configs.push(`[hosts.nt]\nssh = "nt"\ngwq = "${farGwq(sb)}"\n`);
    setHosts("");
    const run = await sb.gwq(["tmux", "run", "--host", "nt", "--", "true"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^gwq: tmux not found: [^\n]*\n$/);
    const list = await sb.gwq(["tmux", "list", "--all-hosts"]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^nt: tmux not found: .*$/m);
  });

  test("a host without gwq: host add says so; run --host and --all-hosts listings say so in one line", async () => {
    await start("ng");
    const add = await sb.gwq(["host", "add", "ng", "ng"]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /^ng: warning: no gwq there: .*--install.*$/m);
    configs.push(`[hosts.ng]\nssh = "ng"\n`);
    setHosts("");
    const run = await sb.gwq(["tmux", "run", "--host", "ng", "--", "true"]);
    assert.equal(run.code, 127);
    assert.match(run.stderr, /^gwq: no gwq on this host \(not on its PATH, not in ~\/\.local\/bin\): gwq host add --install puts it there\n$/);
    assert.equal((await sb.gwq(["tmux", "run", "--host", "box", "--id", "boxjob", "--", "sleep", "600"])).code, 0);
    for (const args of [["tmux", "list", "-H", "--json"], ["status", "-H", "--json"], ["events", "-H", "--json"]]) {
      const r = await sb.gwq(args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /ng: no gwq on this host/, args.join(" "));
      assert.equal(r.stderr.split("\n").filter((l) => /^gwq: (warning: )?ng:/.test(l)).length, 1, `one line: ${r.stderr}`);
      // box has sessions and events (no worktrees: its status is empty, and still answered).
      if (args[0] !== "status") assert.ok(r.stdout.includes('"host": "box"') || r.stdout.includes('"host":"box"'), `${args.join(" ")} still shows box`);
      else assert.ok(Array.isArray((JSON.parse(r.stdout) as { worktrees: unknown[] }).worktrees));
    }
    // A table shows the host in its place, once.
    const table = await sb.gwq(["status", "-H"]);
    assert.equal(table.code, 0, table.stderr);
    assert.equal(`${table.stdout}${table.stderr}`.split("\n").filter((l) => /\bng: /.test(l)).length, 1, table.stdout + table.stderr);
    assert.match(table.stdout, /^ng: no gwq on this host/m);
    const hl = JSON.parse((await sb.gwq(["host", "list", "--json"])).stdout) as { name: string; reachable: boolean; error: string | null }[];
    assert.match(hl.find((h) => h.name === "ng")!.error ?? "", /no gwq on this host/);
  });

  test("the server stopped during a listing: that host is one line, the others are listed, exit 0", async () => {
    const sl = await start("sl");
    setHosts(`[hosts.slow]\nssh = "sl"\ngwq = "${slowFarGwq(sb, 20)}"\ntimeout = "60s"\n`);
    const listing = runProcess(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), "tmux", "list", "--all-hosts", "--json"], { env: sb.env, cwd: sb.root, timeoutMs: 60000 });
    await eventually(() => existsSync(join(sl.home, "started")), 30000, "the far gwq asked");
    const stopped = Date.now();
    await sl.stop();
    const r = await listing;
    assert.ok(Date.now() - stopped < 15000, `ended ${Date.now() - stopped} ms after the stop`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /slow: unreachable: /);
    assert.ok((JSON.parse(r.stdout) as { host: string | null; identifier: string }[]).some((s) => s.host === "box" && s.identifier === "boxjob"));
  });

  test("tmux wait --all-hosts: a host that goes away during the wait ends it, exit 1, the host named", async () => {
    const wl = await start("wl");
    setHosts(`[hosts.wl]\nssh = "wl"\ngwq = "${farGwq(sb)}"\n`);
    assert.equal((await sb.gwq(["tmux", "run", "--host", "wl", "--id", "far-long", "--", "sleep", "600"])).code, 0);
    const w = followGwq(sb, ["tmux", "wait", "-H", "--any", "far-long", "--timeout", "120"]);
    try {
      assert.equal(await w.within(2500), "hung", "waiting");
      await wl.stop();
      assert.equal(await w.within(30000), 1);
      assert.match(w.io.err, /^gwq: wl: unreachable: .*$/m);
    } finally {
      w.child.kill("SIGKILL");
    }
  });

  test("events -f --host ends, non-zero and with a message, when the server stops", async () => {
    const ev = await start("ev");
    setHosts(`[hosts.ev]\nssh = "ev"\ngwq = "${farGwq(sb)}"\n`);
    const f = followGwq(sb, ["events", "-f", "--host", "ev", "--json"]);
    try {
      // Something to follow, so the stream is known to be flowing.
      await eventually(async () => {
        await sb.gwq(["tmux", "run", "--host", "ev", "--", "true"]);
        return f.io.out.includes('"created"');
      }, 30000, "events -f streaming");
      await ev.stop();
      const code = await f.within(30000);
      assert.notEqual(code, "hung", "events -f ended");
      assert.notEqual(code, 0);
      assert.match(f.io.err, /ev: unreachable/);
      await eventually(() => farFollowers(ev.home).length === 0, 30000, "no far events -f left");
    } finally {
      f.child.kill("SIGKILL");
    }
  });

  test("events -f --all-hosts: a host that goes away is one line; the other streams go on; Ctrl-C ends it with 0", async () => {
    const gone = await start("gone");
    setHosts(`[hosts.gone]\nssh = "gone"\ngwq = "${farGwq(sb)}"\n`);
    const f = followGwq(sb, ["events", "-f", "--all-hosts", "--json"]);
    const events = () => f.io.out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { host: string | null; identifier: string });
    try {
      await eventually(async () => {
        await sb.gwq(["tmux", "run", "--host", "gone", "--id", "from-gone", "--", "true"]);
        return events().some((e) => e.host === "gone" && e.identifier === "from-gone");
      }, 30000, "the host's events arriving");
      // ng (no gwq there) was one line from the start.
      assert.match(f.io.err, /^gwq: ng: no gwq on this host.*; still following the others$/m);
      await gone.stop();
      await eventually(() => /^gwq: gone: unreachable: .*; still following the others$/m.test(f.io.err), 30000, "the lost host named");
      assert.equal(await f.within(500), "hung", "still following");
      await eventually(async () => {
        await sb.gwq(["tmux", "run", "--host", "box", "--id", "from-box", "--", "true"]);
        await sb.gwq(["tmux", "run", "--id", "from-here", "--", "true"]);
        return events().some((e) => e.host === "box" && e.identifier === "from-box") && events().some((e) => e.host === null && e.identifier === "from-here");
      }, 30000, "the others still followed");
      f.child.kill("SIGINT");
      assert.equal(await f.within(15000), 0);
      // The far followers end with their ssh connections (the stopped server's and box's), quiet
      // as their logs now are: none is left running on the far side.
      await eventually(() => fars.every((far) => farFollowers(far.home).length === 0), 30000, "no far events -f left");
    } finally {
      f.child.kill("SIGKILL");
    }
  });
});
