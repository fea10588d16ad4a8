// The ssh builders: one quoting rule for the far side, proven by a real POSIX shell parsing it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOST_NAME, remoteGwq, remoteLine, sshArgv, type Host } from "../../src/ssh/argv.js";

const HOSTILE = [";", "a; rm -rf /", "$(touch /tmp/pwned)", "`id`", "'", "\"", "it's", "-oProxyCommand=sh", "--", "a\nb", "tab\there", "$HOME", "*", "~", "\\", "\\'", "", " ", "é ü 日本", "!x", "%s"];

const host = (over: Partial<Host> = {}): Host => ({ name: "box", destination: "me@box", gwq: null, timeoutMs: 5000, env: [], ...over });

function parsedBySh(line: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync("sh", ["-c", line], { env: { PATH: "/usr/bin:/bin", ...env } });
  return out.toString("utf8").split("\0").slice(0, -1);
}

for (const shell of ["sh", "bash"]) {
  test(`remoteLine: ${shell} reads every hostile word back byte for byte, none as code`, () => {
    const line = remoteLine(["printf", "%s\\0", ...HOSTILE]);
    const out = execFileSync(shell, ["-c", line]).toString("utf8").split("\0").slice(0, -1);
    assert.deepEqual(out, HOSTILE);
  });
}

test("remoteGwq: the configured program gets the words as they are", () => {
  assert.equal(remoteGwq(host({ gwq: "/opt/gwq bin/gwq" }), ["tmux", "list"]), "'/opt/gwq bin/gwq' tmux list");
});

test("remoteGwq: gwq from PATH first, then ~/.local/bin/gwq; arguments intact either way", () => {
  const dir = mkdtempSync(join(tmpdir(), "gwq-ssh-"));
  try {
    const onPath = join(dir, "bin");
    const home = join(dir, "home");
    mkdirSync(onPath);
    mkdirSync(join(home, ".local", "bin"), { recursive: true });
    const fake = (tag: string) => `#!/bin/sh\nprintf '${tag}\\0'\nfor a in "$@"; do printf '%s\\0' "$a"; done\n`;
    writeFileSync(join(onPath, "gwq"), fake("path"));
    writeFileSync(join(home, ".local", "bin", "gwq"), fake("local"));
    chmodSync(join(onPath, "gwq"), 0o755);
    chmodSync(join(home, ".local", "bin", "gwq"), 0o755);
    const line = remoteGwq(host(), ["tmux", "run", "--", ...HOSTILE]);
    assert.deepEqual(parsedBySh(line, { PATH: `${onPath}:/usr/bin:/bin`, HOME: home }), ["path", "tmux", "run", "--", ...HOSTILE]);
    assert.deepEqual(parsedBySh(line, { HOME: home }), ["local", "tmux", "run", "--", ...HOSTILE]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("sshArgv: shared connection in the private dir, bounded connect, batch mode, -- before the destination", () => {
  const argv = sshArgv({ program: "ssh", config: "/cfg", controlDir: "/s/ssh" }, host({ timeoutMs: 2500 }), "'gwq'");
  assert.deepEqual(argv.slice(0, 2), ["-F", "/cfg"]);
  assert.ok(argv.includes("ControlPath=/s/ssh/%C"));
  assert.ok(argv.includes("ControlMaster=auto"));
  assert.ok(argv.includes("ConnectTimeout=3"));
  assert.ok(argv.includes("BatchMode=yes"));
  assert.ok(!argv.some((a) => /StrictHostKeyChecking/i.test(a)), "host key checking is ssh's own");
  assert.deepEqual(argv.slice(-3), ["--", "me@box", "'gwq'"]);
  const tty = sshArgv({ program: "ssh", config: null, controlDir: "/s" }, host(), "x", { tty: true });
  assert.ok(tty.includes("-t") && !tty.includes("BatchMode=yes") && !tty.includes("-F"));
});

test("sshArgv: a destination that would be read as an option is refused", () => {
  assert.throws(() => sshArgv({ program: "ssh", config: null, controlDir: "/s" }, host({ destination: "-oProxyCommand=sh" }), "x"));
});

test("host names: lower-case words and dashes only", () => {
  for (const ok of ["box", "gpu-1", "0x"]) assert.ok(HOST_NAME.test(ok), ok);
  for (const bad of ["-oProxyCommand=x", "Box", "a b", "", "a.b", "a;b", "-"]) assert.ok(!HOST_NAME.test(bad), bad);
});

test("remoteGwq: no gwq there is one line and exit 127; --cwd runs in that far directory (~/ is its HOME)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gwq-ssh-"));
  try {
    const home = join(dir, "home");
    const odd = "it's $(x) dir";
    mkdirSync(join(home, ".local", "bin"), { recursive: true });
    mkdirSync(join(home, odd));
    const run = (line: string) => {
      try {
        return { code: 0, out: execFileSync("sh", ["-c", line], { env: { PATH: "/usr/bin:/bin", HOME: home }, stdio: ["ignore", "pipe", "pipe"] }).toString("utf8") };
      } catch (e) {
        const err = e as { status: number; stderr: Buffer };
        return { code: err.status, out: err.stderr.toString("utf8") };
      }
    };
    const missing = run(remoteGwq(host(), ["tmux", "list"]));
    assert.equal(missing.code, 127);
    assert.match(missing.out, /^gwq: no gwq on this host .*\n$/);
    writeFileSync(join(home, ".local", "bin", "gwq"), `#!/bin/sh\npwd; for a in "$@"; do printf '%s\\n' "$a"; done\n`);
    chmodSync(join(home, ".local", "bin", "gwq"), 0o755);
    assert.deepEqual(run(remoteGwq(host(), ["list", "-a; b"], odd)).out.split("\n").slice(0, 3), [join(home, odd), "list", "-a; b"]);
    assert.equal(run(remoteGwq(host(), ["list"], `~/${odd}`)).out.split("\n")[0], join(home, odd));
    assert.equal(run(remoteGwq(host({ gwq: join(home, ".local", "bin", "gwq") }), ["x"], odd)).out.split("\n")[0], join(home, odd));
    const nowhere = run(remoteGwq(host(), ["list"], "no such"));
    assert.equal(nowhere.code, 1);
    assert.equal(nowhere.out, `gwq: --cwd: no directory ${join(home, "no such")} there\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
