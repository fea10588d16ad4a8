// The command layer (src/commands/_cli.ts, _manifest.ts, _specs-*.ts): one declaration per
// command, parsed in one walk; every runnable command has code (its `load`) and no group does;
// and the source has no import cycle. Flag values, case by case: cli-flags.test.ts.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseCommandLine, type CommandSpec, type Parsed } from "../../src/commands/_cli.js";
import { tokenize } from "../../src/commands/_tokenize.js";
import { renderHelp } from "../../src/commands/_help.js";
import { gwq } from "../../src/commands/_manifest.js";
import { UsageError } from "../../src/errors.js";

const run = (argv: string[]) => {
  const p = parseCommandLine(gwq, argv);
  assert.equal(p.kind, "run", JSON.stringify(p));
  return p as Extract<Parsed, { kind: "run" }>;
};
const usage = (argv: string[], re: RegExp) =>
  assert.throws(() => parseCommandLine(gwq, argv), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && re.test(e.message) && !e.message.includes("\n"));

describe("the manifest", () => {
  /** Every command by its path, groups included. */
  const walk = (prefix: string[], spec: CommandSpec, out: [string, CommandSpec][] = []) => {
    for (const [name, s] of Object.entries(spec.subcommands ?? {})) {
      out.push([[...prefix, name].join(" "), s]);
      if (s.subcommands) walk([...prefix, name], s, out);
    }
    return out;
  };

  test("every runnable command has code, and no group does", () => {
    for (const [path, s] of walk([], gwq)) assert.equal(!!s.load, !s.subcommands || !!s.runs, path);
    assert.equal(walk([], gwq).filter(([, s]) => s.load).length, 38);
  });

  test("every load loads a module with the command's function", async () => {
    for (const [path, s] of walk([], gwq)) if (s.load) assert.equal(typeof (await s.load()).default, "function", path);
  });
});

describe("parsing", () => {
  test("words split as node's util.parseArgs splits them", () => {
    const options = { json: { type: "boolean" }, lines: { type: "string", short: "n" }, global: { type: "boolean", short: "g" }, null: { type: "boolean", short: "0" } } as const;
    const cases = [
      ["--json", "a", "--lines", "5", "b"],
      ["--lines=7", "-n3", "-n", "-4", "-g0", "--", "--json", "-g"],
      ["-gn", "9", "-", "x", "--unknown", "--unknown=v", "-zq", "--lines"],
      ["-0g", "--json=yes", "--", "--"],
    ];
    for (const words of cases) {
      const { tokens } = parseArgs({ args: words, options, strict: false, allowPositionals: true, tokens: true });
      const theirs = tokens.map((t) => (t.kind === "option" ? { kind: t.kind, name: t.name, rawName: t.rawName, value: t.value } : t.kind === "positional" ? { kind: t.kind, value: t.value } : { kind: t.kind }));
      const mine = tokenize(words, options).map((t) => (t.kind === "option" ? { kind: t.kind, name: t.name, rawName: t.rawName, value: t.value } : t));
      assert.deepEqual(mine, theirs, words.join(" "));
    }
  });

  test("the command, its arguments by name, its flags typed, defaults", () => {
    const p = run(["tmux", "list", "--json", "-s", "duration"]);
    assert.deepEqual(p.path, ["tmux", "list"]);
    assert.equal(p.invocation.flags.json, true);
    assert.equal(p.invocation.flags.csv, false);
    assert.equal(p.invocation.flags.sort, "duration");
    assert.equal(p.invocation.flags.interval, 2);
    assert.equal(run(["ls"]).path[0], "list");
    assert.equal(run(["tmux", "ls"]).path[1], "list");
    assert.deepEqual(run(["get", "-g0", "feat"]).invocation, { args: { pattern: "feat" }, flags: { global: true, null: true }, dashdash: false, root: gwq, words: ["-g0", "feat"] });
  });

  test("a variadic argument takes the rest; `--` is reported, and what follows is never a flag", () => {
    const shell = run(["tmux", "run", "--id", "x", "npm", "run", "dev"]).invocation;
    assert.deepEqual(shell.args.command, ["npm", "run", "dev"]);
    assert.equal(shell.dashdash, false);
    const argv = run(["tmux", "run", "--json", "--", "ls", "-la", "--json"]).invocation;
    assert.deepEqual(argv.args.command, ["ls", "-la", "--json"]);
    assert.equal(argv.dashdash, true);
    assert.equal(argv.flags.json, true);
    // tmux run's flags come before the command: after its first word everything is the command's.
    const own = run(["tmux", "run", "--json", "ls", "-la", "--", "x"]).invocation;
    assert.deepEqual(own.args.command, ["ls", "-la", "--", "x"]);
    assert.equal(own.dashdash, false);
    assert.equal(own.flags.json, true);
  });

  test("repeatable, negated and valued flags", () => {
    const f = run(["tmux", "run", "--meta", "a=1", "--meta=b=2", "--no-detach", "-w", "feat", "x"]).invocation.flags;
    assert.deepEqual(f.meta, ["a=1", "b=2"]);
    assert.equal(f.detach, false);
    assert.equal(f.worktree, "feat");
    assert.equal(run(["tmux", "run", "x"]).invocation.flags.detach, true);
    assert.equal(run(["status", "--no-fetch"]).invocation.flags.fetch, false);
    assert.equal(run(["status"]).invocation.flags.staleDays, 14);
  });

  test("root flags before the command only; --debug anywhere", () => {
    assert.equal(parseCommandLine(gwq, ["--version"]).kind, "version");
    assert.equal(run(["tmux", "list", "-v"]).invocation.flags.verbose, true);
    assert.equal(run(["--debug", "get", "x"]).debug, true);
    assert.equal(run(["get", "x", "--debug"]).debug, true);
  });

  test("help: gwq, a group, a command, `gwq help <command>`", () => {
    assert.deepEqual(parseCommandLine(gwq, []).kind, "help");
    for (const argv of [["tmux"], ["tmux", "--help"], ["help", "tmux"]]) {
      const p = parseCommandLine(gwq, argv);
      assert.equal(p.kind, "help");
      assert.deepEqual((p as { path: string[] }).path, ["tmux"]);
    }
    const h = parseCommandLine(gwq, ["tmux", "run", "-h"]);
    assert.equal(h.kind, "help");
    const text = renderHelp(["tmux", "run"], (h as { spec: CommandSpec }).spec);
    assert.match(text, /^Usage: gwq tmux run /);
    assert.match(text, /--max-restarts <n>/);
    assert.match(text, /--no-detach/);
  });

  test("usage errors: one line, exit 2, naming what is valid", () => {
    usage(["frobnicate"], /^unknown command 'frobnicate' \(valid commands: add, list, get, cd, exec, remove, prune, status, spawn, diff, merge, tmux, dash, agent, events, config, host, completion, version\)$/);
    usage(["tmux", "frob"], /^unknown command 'tmux frob' \(valid commands: run, list, /);
    usage(["help", "frob"], /^unknown command 'frob'/);
    usage(["-x"], /^unknown option '-x'/);
    usage(["config", "list", "--bogus"], /^unknown option '--bogus' for 'config list' \(valid: --help\)$/);
    usage(["tmux", "list", "-la"], /^unknown option '-la' for 'tmux list' \(valid: --host, --all-hosts, --verbose, /);
    usage(["tmux", "list", "--interval"], /^option '-i, --interval <seconds>' argument missing$/);
    usage(["tmux", "list", "--json=yes"], /^option '--json' takes no value/);
    usage(["config", "get"], /^missing required argument 'key' for 'config get'$/);
    usage(["tmux", "run"], /^missing required argument 'command'/);
    usage(["get", "a", "b"], /^too many arguments for 'get': expected at most 1 \(pattern\), got "b"$/);
    usage(["status", "x"], /^too many arguments for 'status': expected none/);
  });

  test("exec's command is exactly the words after --; completion takes a shell or its hidden __items", () => {
    assert.deepEqual(run(["exec", "-g", "feat", "--", "ls", "-la"]).invocation.args, { pattern: "feat", command: ["ls", "-la"] });
    assert.equal(run(["completion", "bash"]).invocation.args.shell, "bash");
    const items = run(["completion", "__items", "sessions"]);
    assert.deepEqual(items.path, ["completion", "__items"]);
    assert.equal(items.invocation.args.kind, "sessions");
  });
});

describe("the source", () => {
  test("has no import cycle (static, dynamic and type-only imports all count)", () => {
    const root = resolve(import.meta.dirname, "..", "..", "src");
    const files: string[] = [];
    const find = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) find(p);
        else if (n.endsWith(".ts")) files.push(p);
      }
    };
    find(root);
    const edges = new Map<string, string[]>();
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const deps = [...text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)\.js["']/g)].map((m) => resolve(dirname(f), `${m[1]}.ts`));
      edges.set(f, deps.filter((d) => files.includes(d)));
    }
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (f: string) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        const cycle = stack.slice(stack.indexOf(f)).concat(f).map((x) => x.slice(root.length + 1));
        assert.fail(`import cycle: ${cycle.join(" -> ")}`);
      }
      state.set(f, "open");
      stack.push(f);
      for (const d of edges.get(f) ?? []) visit(d);
      stack.pop();
      state.set(f, "done");
    };
    for (const f of files) visit(f);
  });
});
