// Sessions on another machine, for real: Debian's sshd on 127.0.0.1, the far side a second Unix
// user (as root) with its own HOME and tmux server, gwq installed there by `host add --install`.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Sandbox, ROOT, eventually, makeRepo, runProcess } from "../helpers/sandbox.js";
import { Terminal, gwqCommand } from "../helpers/terminal.js";
import { sshdAvailable, startSshd, freePort, type FarSide } from "../helpers/sshd.js";
import { farFollowers } from "../helpers/far-gwq.js";

const BINARY = join(ROOT, "dist", "bin", "gwq");
const skip = !sshdAvailable() ? "sshd is not installed (.ci/run installs openssh-server)" : !existsSync(BINARY) ? "dist/bin/gwq is not built (npm test builds it)" : false;

/** Every process's argv on this machine (both ends of the ssh link are here). */
function allCommandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
    } catch {
      // ended while we looked
    }
  }
  return out;
}

describe("hosts over a real ssh server", { skip }, () => {
  let sb: Sandbox;
  let far: FarSide;
  let hang: Server;
  const held: Socket[] = [];
  let hangPort = 0;

  before(async () => {
    sb = new Sandbox();
    far = await startSshd(sb);
    // A port that accepts and never says a word: the host that costs no more than its timeout.
    hang = createServer((s) => held.push(s));
    hangPort = await freePort();
    await new Promise<void>((r) => hang.listen(hangPort, "127.0.0.1", () => r()));
    writeFileSync(far.sshConfig, readFileSync(far.sshConfig, "utf8") + `Host silent\n  HostName 127.0.0.1\n  Port ${hangPort}\n  User nobody\n  BatchMode yes\n`);
    sb.writeConfig(`[ssh]\nconfig = "${far.sshConfig}"\n`);
  });

  after(async () => {
    for (const s of held) s.destroy();
    hang?.close();
    await far?.stop();
    sb?.cleanup();
  });

  const gwqBin = (args: string[], timeoutMs = 60000) => runProcess(BINARY, args, { env: sb.env, cwd: sb.root, timeoutMs });

  test("host add --install copies this gwq there, writes the entry, and host list sees it", async () => {
    const r = await gwqBin(["host", "add", "box", far.alias, "--install"], 120000);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /installed gwq/);
    assert.ok(existsSync(join(far.home, ".local", "bin", "gwq")));
    assert.match(readFileSync(sb.path("config", "gwq", "config.toml"), "utf8"), /\[hosts\.box\]\nssh = "far"/);
    const list = await sb.gwq(["host", "list", "--json"]);
    assert.equal(list.code, 0, list.stderr);
    const [row] = JSON.parse(list.stdout);
    assert.equal(row.name, "box");
    assert.equal(row.reachable, true);
    assert.match(row.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof row.round_trip_ms, "number");
  });

  test("run --host: the session runs in the far user's tmux; logs, list --all-hosts and wait bring its facts back", async () => {
    const name = (await sb.gwq(["tmux", "run", "--host", "box", "--id", "far-job", "--", "sh", "-c", "id -un; echo done; exit 7"])).stdout.trim();
    assert.match(name, /far-job/);
    const wait = await sb.gwq(["tmux", "wait", "--host", "box", "far-job", "--timeout", "30"]);
    assert.equal(wait.code, 7, wait.stderr);
    const logs = await sb.gwq(["tmux", "logs", "--host", "box", "far-job"]);
    assert.match(logs.stdout, new RegExp(`^${far.user}$`, "m"));
    const all = await sb.gwq(["tmux", "list", "--all-hosts", "--json"]);
    assert.equal(all.code, 0, all.stderr);
    const records = JSON.parse(all.stdout) as { host: string | null; identifier: string; exit_code: number | null }[];
    const rec = records.find((x) => x.identifier === "far-job");
    assert.equal(rec?.host, "box");
    assert.equal(rec?.exit_code, 7);
    // The far side's own records, not ours.
    assert.ok(!readdirSync(sb.path("state")).includes("gwq") || !JSON.stringify(readdirSync(join(sb.path("state"), "gwq"))).includes("far-job"));
  });

  test("send, restart and kill on the host", async () => {
    const name = (await sb.gwq(["tmux", "run", "--host", "box", "--id", "echoer", "--", "sh", "-c", "read line; echo got:$line; sleep 600"])).stdout.trim();
    await eventually(() => far.asFar("tmux", ["list-sessions", "-F", "#{session_name}"]).includes(name), 20000, "the far session");
    assert.equal((await sb.gwq(["tmux", "send", "--host", "box", "echoer", "hello there"])).code, 0);
    await eventually(async () => (await sb.gwq(["tmux", "logs", "--host", "box", "echoer"])).stdout.includes("got:hello there"), 20000, "the sent line echoed");
    const re = await sb.gwq(["tmux", "restart", "--host", "box", "echoer", "--force"]);
    assert.equal(re.code, 0, re.stderr);
    const renamed = re.stdout.trim().split(/\s+/).pop()!;
    const kill = await sb.gwq(["tmux", "kill", "--host", "box", "echoer", "--force"]);
    assert.equal(kill.code, 0, kill.stderr);
    await eventually(() => !far.asFar("tmux", ["list-sessions", "-F", "#{session_name}"]).includes(renamed), 20000, "the far session gone");
  });

  test("hostile words arrive byte for byte and never run as code, on either side", async () => {
    const marker = sb.path("pwned");
    const hostile = [";", `$(touch ${marker})`, `\`touch ${marker}\``, "'", '"', "it's", "-oProxyCommand=x", "a\nb", "$HOME", "*"];
    const r = await sb.gwq(["tmux", "run", "--host", "box", "--id", "-lead; $(x)", "--", "printf", "[%s]\\n", ...hostile]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await sb.gwq(["tmux", "wait", "--host", "box", "--timeout", "30", "--", "-lead; $(x)"])).code, 0);
    const logs = (await sb.gwq(["tmux", "logs", "--host", "box", "--", "-lead; $(x)"])).stdout;
    for (const h of hostile) assert.ok(logs.includes(`[${h}]`), `${JSON.stringify(h)} arrived as is`);
    assert.equal(existsSync(marker), false);
  });

  test("--host takes configured names only; a .gwq.toml cannot add a host", async () => {
    const evil = await sb.gwq(["tmux", "list", "--host", "-oProxyCommand=touch /tmp/gwq-evil"]);
    assert.equal(evil.code, 2);
    assert.match(evil.stderr, /unknown host/);
    const repo = makeRepo(sb, { name: "hostile" });
    writeFileSync(join(repo, ".gwq.toml"), `[hosts.evil]\nssh = "attacker@example.invalid"\n`);
    const r = await sb.gwq(["tmux", "list", "--host", "evil"], { cwd: repo });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /hosts ignored \(hosts are read from the global config only\)/);
  });

  test("a named variable arrives on the far side and is in no process's argv", async () => {
    const secret = `s3cret-${process.pid}-${Date.now()}`;
    const r = await sb.gwq(["tmux", "run", "--host", "box", "--env", "GWQ_TEST_SECRET", "--id", "envjob", "--", "sh", "-c", 'echo "secret=$GWQ_TEST_SECRET"; sleep 600'], {
      env: { GWQ_TEST_SECRET: secret },
    });
    assert.equal(r.code, 0, r.stderr);
    await eventually(async () => (await sb.gwq(["tmux", "logs", "--host", "box", "envjob"])).stdout.includes(`secret=${secret}`), 20000, "the variable there");
    assert.ok(!allCommandLines().some((c) => c.includes(secret)), "the value is on no command line");
    await sb.gwq(["tmux", "kill", "--host", "box", "envjob", "--force"]);
  });

  test("a host that accepts and never answers costs its timeout, is named, and hides nothing", async () => {
    const cfg = readFileSync(sb.path("config", "gwq", "config.toml"), "utf8");
    writeFileSync(sb.path("config", "gwq", "config.toml"), `${cfg}\n[hosts.mute]\nssh = "silent"\ntimeout = "2s"\n`);
    try {
      const t0 = Date.now();
      const r = await sb.gwq(["tmux", "list", "--all-hosts", "--json"], { timeoutMs: 30000 });
      const took = Date.now() - t0;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /mute: unreachable/);
      assert.ok(took < 15000, `took ${took} ms`);
      assert.ok((JSON.parse(r.stdout) as { host: string | null }[]).some((x) => x.host === "box"), "the reachable host still listed");
    } finally {
      writeFileSync(sb.path("config", "gwq", "config.toml"), cfg);
    }
  });

  test("attach --host: the far session in this terminal, over ssh -t; detaching comes back", async () => {
    await sb.gwq(["tmux", "run", "--host", "box", "--id", "screen", "--", "sh", "-c", "echo far-screen-$(id -un); sleep 600"]);
    const term = Terminal.start(sb, gwqCommand("tmux", "attach", "--host", "box", "screen"), { cols: 100, rows: 20 });
    try {
      await term.waitFor(new RegExp(`far-screen-${far.user}`), 30000);
      term.send("C-b");
      term.send("d");
      assert.equal(await term.exitCode(30000), 0);
    } finally {
      term.close();
    }
    await sb.gwq(["tmux", "kill", "--host", "box", "screen", "--force"]);
  });

  test("logs -f ends, non-zero and with a message, when the host goes away", async () => {
    await sb.gwq(["tmux", "run", "--host", "box", "--id", "ticker", "--", "sh", "-c", "while :; do echo tick; sleep 0.2; done"]);
    const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), "tmux", "logs", "--host", "box", "ticker", "-f"], { env: sb.env, cwd: sb.root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    const ended = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    try {
      // It streams; then the server goes away, connections and all.
      await eventually(() => out.includes("tick"), 30000, "logs -f streaming");
      await far.stop();
      const code = await Promise.race([ended, new Promise<"hung">((r) => setTimeout(() => r("hung"), 30000).unref())]);
      assert.notEqual(code, "hung", "logs -f ended");
      assert.notEqual(code, 0);
      assert.match(err, /box: unreachable/);
      await eventually(() => farFollowers(far.home).length === 0, 30000, "no far logs -f left");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
