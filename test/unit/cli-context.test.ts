// The context a command receives (src/context.ts): built once per invocation, its config read on
// first use and only once; and no command reaches for a global one.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createContext, type Context } from "../../src/context.js";
import { loadConfig } from "../../src/config/load.js";
import { sessionManager } from "../../src/sessions/from-context.js";
import { SessionManager } from "../../src/sessions/manager.js";

describe("the invocation's context", () => {
  test("the config is read on first use, not when the context is made, and once", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-ctx-"));
    try {
      const globalPath = join(dir, "config.toml");
      const warnings: string[] = [];
      const ctx = createContext({ HOME: dir }, { globalPath, warn: (w) => warnings.push(w) });
      // Written after the context was made: a context that loaded eagerly would not see it.
      writeFileSync(globalPath, "[tmux]\nhistory_limit = 1234\nno_such_key = 1\n");
      assert.equal(ctx.config.tmux.history_limit, 1234);
      assert.equal(warnings.length, 1, warnings.join("; "));
      writeFileSync(globalPath, "[tmux]\nhistory_limit = 99\n");
      assert.equal(ctx.config.tmux.history_limit, 1234, "read once per invocation");
      assert.equal(ctx.loaded.globalPath, globalPath);
      assert.equal(warnings.length, 1);
      assert.deepEqual(ctx.env, { HOME: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a session manager built from a context takes its paths from the context's environment", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-ctx-"));
    try {
      const env = { HOME: dir };
      const ctx: Context = { config: loadConfig({ cwd: dir, env, globalPath: join(dir, "none.toml") }).config, env, cwd: dir, warn: () => {} };
      const m = sessionManager(ctx);
      assert.equal(m.config.history_save_dir, join(dir, ".gwq", "history"), "~ is the context's home");
      assert.equal(m.stateDir, join(dir, ".local", "state", "gwq"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a manager given a directory resolves its default paths there, never in the process's", () => {
    const dir = mkdtempSync(join(tmpdir(), "gwq-ctx-"));
    const gone = mkdtempSync(join(tmpdir(), "gwq-gone-"));
    const back = process.cwd();
    try {
      // This process's directory no longer exists (a worktree removed under a script): reading it
      // throws, so a manager that resolved its default paths against it could not be made.
      process.chdir(gone);
      rmSync(gone, { recursive: true });
      const m = new SessionManager({ config: {}, env: { HOME: dir }, cwd: dir, stateDir: join(dir, "state") });
      assert.equal(m.config.history_save_dir, join(dir, ".gwq", "history"));
    } finally {
      process.chdir(back);
      rmSync(dir, { recursive: true, force: true });
      rmSync(gone, { recursive: true, force: true });
    }
  });

  test("commands take their context as an argument: no code reaches for a global one", () => {
    const root = resolve(import.meta.dirname, "..", "..", "src");
    const users: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith(".ts") && p !== join(root, "context.ts") && /\bcliContext\(|\bloadedConfig\(/.test(readFileSync(p, "utf8"))) users.push(p.slice(root.length + 1));
      }
    };
    walk(root);
    assert.deepEqual(users, []);
  });
});
