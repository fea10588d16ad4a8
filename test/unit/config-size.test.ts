// `tmux.log_max_size`: sizes with KB/MB/GB (binary units), validated like every typed key, in the
// typed config as bytes, and settable with `config set`.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mustParseSize, parseSize } from "../../src/config/size.js";
import { loadConfig } from "../../src/config/load.js";
import { parseValueForKey } from "../../src/config/edit.js";

describe("parseSize", () => {
  test("units are binary, case and spacing do not matter", () => {
    assert.equal(parseSize("50MB"), 50 * 1024 * 1024);
    assert.equal(parseSize("512KB"), 512 * 1024);
    assert.equal(parseSize("1GB"), 1024 ** 3);
    assert.equal(parseSize("1.5gb"), 1.5 * 1024 ** 3);
    assert.equal(parseSize(" 64 kb "), 64 * 1024);
    assert.equal(parseSize("2048B"), 2048);
    assert.equal(parseSize("4096"), 4096);
    assert.equal(parseSize(100000), 100000);
    assert.equal(parseSize(100000n), 100000);
  });

  test("nonsense, negatives, too small or too large are refused", () => {
    for (const bad of ["", "MB", "50 M B", "-5MB", "50TB", "5e6", "0x100", "lots", "1KB extra", "50MiB", "0", "1023", "1023B", "2000GB", 0, -1, 1.5, NaN, Infinity, true, null, [], {}])
      assert.equal(parseSize(bad), null, `accepted ${JSON.stringify(bad)}`);
  });

  test("the message names the key, the units and what was given", () => {
    assert.throws(() => mustParseSize("lots", "tmux.log_max_size"), /^GwqError: tmux\.log_max_size: expected a size like "50MB", "512KB" or "1GB" \(1 KB = 1024 bytes\), from 1KB to 1024GB, got "lots"$/);
  });
});

describe("tmux.log_max_size in the config", () => {
  let root: string;
  let globalPath: string;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "gwq-size-")));
    mkdirSync(join(root, "config"));
    globalPath = join(root, "config", "config.toml");
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  const load = (toml: string | null) => {
    rmSync(globalPath, { force: true });
    if (toml !== null) writeFileSync(globalPath, toml);
    return loadConfig({ cwd: root, globalPath, noLocal: true });
  };

  test("default 50MB, in bytes", () => {
    const { config, values } = load(null);
    assert.equal(config.tmux.log_max_size, 50 * 1024 * 1024);
    assert.equal(values["tmux.log_max_size"], "50MB");
  });

  test("a string with a unit or an integer of bytes", () => {
    assert.equal(load('[tmux]\nlog_max_size = "100KB"\n').config.tmux.log_max_size, 100 * 1024);
    assert.equal(load("[tmux]\nlog_max_size = 2000000\n").config.tmux.log_max_size, 2000000);
  });

  test("a bad value is an error naming the file, the key and the expected form", () => {
    assert.throws(() => load('[tmux]\nlog_max_size = "huge"\n'), (e: Error) => e.message.includes(globalPath) && /tmux\.log_max_size: expected a size like "50MB".*got "huge"/.test(e.message));
    assert.throws(() => load("[tmux]\nlog_max_size = true\n"), /tmux\.log_max_size: expected a size/);
    assert.throws(() => load('[tmux]\nlog_max_size = "10"\n'), /from 1KB to 1024GB, got "10"/);
  });

  test("config set: a size string stays a string, bare digits become bytes, nonsense is refused", () => {
    assert.equal(parseValueForKey("tmux.log_max_size", "10MB"), "10MB");
    assert.equal(parseValueForKey("tmux.log_max_size", "4096"), 4096);
    assert.throws(() => parseValueForKey("tmux.log_max_size", "ten"), /expected a size/);
  });
});
