// The CLI frame end to end: exit codes, version, help, the error boundary, config commands.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, runProcess, sandboxEach } from "../helpers/sandbox.js";

const sb = sandboxEach();

describe("gwq frame", () => {
  test("--version, -v and version print the package version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    for (const flag of ["--version", "-v", "version"]) {
      const r = await sb.gwq([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `gwq version ${pkg.version}\n`);
    }
  });

  test("under Node the commands run from V8's code cache, one per command, written after a run that went well", async () => {
    const dir = join(sb.env.XDG_CACHE_HOME!, "gwq");
    const caches = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith("main.cjs-")).sort() : []);
    const node = (args: string[]) => runProcess(process.execPath, [CLI, ...args], { env: sb.env, cwd: sb.root, timeoutMs: 30000 });
    assert.equal((await node(["frobnicate"])).code, 2);
    assert.equal((await node(["--version"])).code, 0);
    assert.deepEqual(caches(), [], "neither a mistyped command nor --version (which loads no command) writes one");
    const first = await node(["config", "list"]);
    assert.equal(first.code, 0, first.stderr);
    const [file] = caches();
    assert.match(file ?? "", /^main\.cjs-config-list-v8-/);
    const written = statSync(join(dir, file!)).mtimeMs;
    const again = await node(["config", "list"]);
    assert.equal(again.stdout, first.stdout, "the same answer from the cache");
    assert.equal(statSync(join(dir, file!)).mtimeMs, written, "a cache V8 took is not written again");
    assert.equal((await node(["tmux", "list"])).code, 0);
    assert.equal(caches().length, 2, "tmux list has its own");
    writeFileSync(join(dir, file!), "garbage");
    assert.equal((await node(["config", "list"])).stdout, first.stdout, "a cache V8 refuses is compiled past");
    assert.ok(statSync(join(dir, file!)).size > 1000, "and replaced");
  });

  test("an unknown command exits 2 naming the valid ones", async () => {
    const r = await sb.gwq(["frobnicate"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^gwq: unknown command 'frobnicate' \(valid commands: add, list, .*\)\n$/);
    assert.equal(r.stdout, "");
  });

  test("an unknown flag exits 2 with one line", async () => {
    const r = await sb.gwq(["config", "list", "--bogus"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /^gwq: unknown option '--bogus'/);
  });

  test("--help and <command> --help succeed", async () => {
    const r = await sb.gwq(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: gwq/);
    assert.match(r.stdout, /tmux/);
    const c = await sb.gwq(["config", "--help"]);
    assert.equal(c.code, 0);
    assert.match(c.stdout, /trust/);
  });

  test("a bad config value fails gwq tmux list naming the file and key, no stack trace", async () => {
    const p = sb.writeConfig('[tmux]\nhistory_limit = "lots"\n');
    const r = await sb.gwq(["tmux", "list"]);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(p), r.stderr);
    assert.ok(r.stderr.includes("tmux.history_limit"), r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  });
});

describe("gwq config", () => {
  test("get prints a default; get of an unknown key exits 1", async () => {
    let r = await sb.gwq(["config", "get", "tmux.history_limit"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "50000\n");
    r = await sb.gwq(["config", "get", "naming.template"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "{{.Host}}/{{.Owner}}/{{.Repository}}/{{.Branch}}\n");
    r = await sb.gwq(["config", "get", "no.such"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown config key "no.such"/);
  });

  test("set writes the global file only when asked, keeping comments", async () => {
    const p = join(sb.env.XDG_CONFIG_HOME!, "gwq", "config.toml");
    const listed = await sb.gwq(["config", "list"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.throws(() => readFileSync(p), "no config written by reading it");
    sb.writeConfig("# mine\n[tmux]\n# a comment\nhistory_limit = 100\n");
    const r = await sb.gwq(["config", "set", "tmux.history_limit", "2500"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(p, "utf8"), "# mine\n[tmux]\n# a comment\nhistory_limit = 2500\n");
    const g = await sb.gwq(["config", "get", "tmux.history_limit"]);
    assert.equal(g.stdout, "2500\n");
  });

  test("set --local writes ./.gwq.toml; a bad value changes nothing", async () => {
    const dir = sb.path("proj");
    sb.sh("mkdir", ["-p", dir]);
    let r = await sb.gwq(["config", "set", "--local", "tmux.keep_alive", "false"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, ".gwq.toml"), "utf8"), "[tmux]\nkeep_alive = false\n");
    r = await sb.gwq(["config", "set", "--local", "tmux.keep_alive", "maybe"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /tmux\.keep_alive: expected true or false/);
    assert.equal(readFileSync(join(dir, ".gwq.toml"), "utf8"), "[tmux]\nkeep_alive = false\n");
  });

  test("trust: an untrusted local tmux_command is ignored with a warning until trusted", async () => {
    const dir = sb.path("proj");
    sb.sh("mkdir", ["-p", dir]);
    writeFileSync(join(dir, ".gwq.toml"), '[tmux]\ntmux_command = "/bin/false"\n');
    let r = await sb.gwq(["config", "get", "tmux.tmux_command"], { cwd: dir });
    assert.equal(r.stdout, "tmux\n");
    assert.match(r.stderr, /warning: .*tmux\.tmux_command ignored .*gwq config trust/);
    r = await sb.gwq(["config", "trust"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    r = await sb.gwq(["config", "get", "tmux.tmux_command"], { cwd: dir });
    assert.equal(r.stdout, "/bin/false\n");
    assert.equal(r.stderr, "");
  });
});
