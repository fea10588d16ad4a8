// `gwq dash` with hosts, for real: Debian's sshd on 127.0.0.1 (the far side another user with its
// own HOME and tmux server, gwq installed there by `host add --install`), a host that accepts and
// never answers, and the dashboard in a real terminal (a tmux pane, send-keys, capture-pane).
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { Sandbox, ROOT, eventually, runProcess } from "../helpers/sandbox.js";
import { Terminal, gwqCommand } from "../helpers/terminal.js";
import { sshdAvailable, startSshd, freePort, type FarSide } from "../helpers/sshd.js";

const BINARY = join(ROOT, "dist", "bin", "gwq");
const skip = !sshdAvailable() ? "sshd is not installed (.ci/run installs openssh-server)" : !existsSync(BINARY) ? "dist/bin/gwq is not built (npm test builds it)" : false;

describe("gwq dash: one group per host", { skip }, () => {
  let sb: Sandbox;
  let far: FarSide;
  let hang: Server;
  const held: Socket[] = [];

  before(async () => {
    sb = new Sandbox();
    far = await startSshd(sb);
    hang = createServer((s) => held.push(s));
    const hangPort = await freePort();
    await new Promise<void>((r) => hang.listen(hangPort, "127.0.0.1", () => r()));
    writeFileSync(far.sshConfig, readFileSync(far.sshConfig, "utf8") + `Host silent\n  HostName 127.0.0.1\n  Port ${hangPort}\n  User nobody\n  BatchMode yes\n`);
    sb.writeConfig(`[ssh]\nconfig = "${far.sshConfig}"\n`);
    const add = await runProcess(BINARY, ["host", "add", "box", far.alias, "--install"], { env: sb.env, cwd: sb.root, timeoutMs: 120000 });
    assert.equal(add.code, 0, add.stderr);
    // Then a host that never answers, with a timeout long enough to see this machine drawn first.
    const cfg = sb.path("config", "gwq", "config.toml");
    writeFileSync(cfg, `${readFileSync(cfg, "utf8")}\n[hosts.mute]\nssh = "silent"\ntimeout = "6s"\n`);
  });

  after(async () => {
    for (const s of held) s.destroy();
    hang?.close();
    await far?.stop();
    sb?.cleanup();
  });

  /** The far tmux server's sessions ("" once the last one is gone and the server with it). */
  const farSessions = () => {
    try {
      return far.asFar("tmux", ["list-sessions", "-F", "#{session_name}"]);
    } catch {
      return "";
    }
  };

  test("this machine first, the host's group fills in, a silent host is one line; keys act on the host", async () => {
    const here = await sb.gwq(["tmux", "run", "--id", "here-job", "--", "sh", "-c", "echo here; sleep 600"]);
    assert.equal(here.code, 0, here.stderr);
    const run = await sb.gwq(["tmux", "run", "--host", "box", "--id", "far-job", "--", "sh", "-c", "echo far-output-$(id -un); sleep 600"]);
    assert.equal(run.code, 0, run.stderr);
    const farName = run.stdout.trim();
    await eventually(() => farSessions().includes(farName), 20000, "the far session");

    const term = Terminal.start(sb, gwqCommand("dash"), { cols: 110, rows: 30 });
    try {
      // This machine's rows are drawn while the silent host is still being asked.
      let screen = await term.waitFor(/here-job/, 20000);
      assert.match(screen, /mute: asking…/, screen);
      assert.ok(screen.indexOf("this machine") < screen.indexOf("here-job"), screen);
      // The host's group fills in; the silent one becomes one line with ssh's reason.
      screen = await term.waitFor((s) => /far-job/.test(s) && /mute: unreachable: \S/.test(s), 30000);
      const rows = screen.split("\n");
      const at = (re: RegExp) => rows.findIndex((l) => re.test(l));
      assert.ok(at(/^this machine/) < at(/here-job/) && at(/here-job/) < at(/^box/) && at(/^box/) < at(/far-job/) && at(/far-job/) < at(/^mute: unreachable/), screen);

      // Select the far session: its preview is its output there.
      term.type("/far-job");
      term.send("Enter");
      await term.waitFor(new RegExp(`box: ${farName} · running`), 20000);
      await term.waitFor(new RegExp(`far-output-${far.user}`), 20000);

      // d on a remote row says where to do it; nothing else happens.
      term.type("d");
      await term.waitFor(/diff works on this machine's worktrees \(on box: gwq diff --host box\)/);

      // Enter attaches over ssh -t; detaching comes back to the dashboard.
      term.send("Enter");
      await term.waitFor((s) => !/gwq dash/.test(s) && new RegExp(`far-output-${far.user}`).test(s), 30000);
      term.send("C-b");
      term.send("d");
      await term.waitFor(/gwq dash/, 30000);

      // x then y kills it there.
      term.type("x");
      await term.waitFor(new RegExp(`Kill ${farName} on box\\? \\[y/N\\]`));
      term.type("y");
      await term.waitFor(new RegExp(`killed ${farName} on box`), 30000);
      await eventually(() => !farSessions().includes(farName), 20000, "the far session gone");
      assert.ok(sb.tmuxOk("has-session", "-t", "=" + here.stdout.trim()), "the local session untouched");

      term.type("q");
      assert.equal(await term.exitCode(20000), 0);
    } finally {
      term.close();
    }
  });
});
