// Flag values as the declarations type them (src/commands/_flags.ts): one line per case, what a
// command line gives the command, or the one-line usage error (exit 2) it gets instead.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { parseCommandLine, type Parsed } from "../../src/commands/_cli.js";
import { gwq } from "../../src/commands/_manifest.js";
import { RESTART_CHOICES, UNTIL_CHOICES, MAX_RESTARTS } from "../../src/commands/_specs-sessions.js";
import { MAX_RESTARTS as RECORDER_MAX, RESTART_MODES } from "../../src/sessions/recorder.js";
import { UNTIL } from "../../src/sessions/wait.js";
import { UsageError } from "../../src/errors.js";

const parse = (line: string) => {
  const p = parseCommandLine(gwq, line.split(" "));
  assert.equal(p.kind, "run", line);
  return (p as Extract<Parsed, { kind: "run" }>).invocation;
};
const usage = (line: string): string => {
  try {
    parseCommandLine(gwq, line.split(" "));
  } catch (e) {
    assert.ok(e instanceof UsageError, `${line}: ${e}`);
    assert.equal(e.exitCode, 2);
    assert.ok(!e.message.includes("\n"), e.message);
    return e.message;
  }
  assert.fail(`${line}: no usage error`);
};

describe("values the command receives", () => {
  const cases: [string, string, unknown][] = [
    ["status", "interval", 5],
    ["status -i 0.5", "interval", 0.5],
    ["status --interval=2", "interval", 2],
    ["status", "staleDays", 14],
    ["status --stale-days 0", "staleDays", 0],
    ["tmux list", "interval", 2],
    ["tmux list -i 1.5", "interval", 1.5],
    ["tmux run x", "restart", "no"],
    ["tmux run --restart on-failure x", "restart", "on-failure"],
    ["tmux run x", "maxRestarts", 5],
    ["tmux run --max-restarts 0 x", "maxRestarts", 0],
    ["tmux run --max-restarts 100000 x", "maxRestarts", 100000],
    ["tmux run --meta a=1 --meta b=2 x", "meta", ["a=1", "b=2"]],
    ["tmux logs s", "lines", undefined],
    ["tmux logs -n 20 s", "lines", 20],
    ["tmux wait s", "until", "ended"],
    ["tmux wait --until idle s", "until", "idle"],
    ["tmux wait s", "timeout", undefined],
    ["tmux wait --timeout 90 s", "timeout", 90_000],
    ["tmux wait --timeout 2.5 s", "timeout", 2500],
    ["tmux wait --timeout 1h30m s", "timeout", 5_400_000],
    ["tmux wait --timeout 500ms s", "timeout", 500],
    ["add --expires 7d b", "expires", 7 * 86_400_000],
    ["add --expires 90m b", "expires", 5_400_000],
    ["add b", "expires", undefined],
    ["status --json", "json", true],
    ["status --csv", "csv", true],
    ["merge --rebase", "rebase", true],
    ["merge --squash -m msg", "message", "msg"],
    ["diff --stat", "stat", true],
    ["diff --json", "json", true],
    ["spawn b --prompt hi", "prompt", "hi"],
  ];
  for (const [line, key, want] of cases) {
    test(`${line} -> ${key} = ${JSON.stringify(want)}`, () => assert.deepEqual((parse(line).flags as Record<string, unknown>)[key], want));
  }
});

describe("usage errors", () => {
  const cases: [string, RegExp][] = [
    ["status --interval 0", /^invalid --interval "0" \(a number of seconds greater than 0\)$/],
    ["status --interval -1", /^invalid --interval "-1" \(a number of seconds greater than 0\)$/],
    ["status --interval 2s", /^invalid --interval "2s" \(a number of seconds greater than 0\)$/],
    ["status --interval abc", /^invalid --interval "abc"/],
    ["status --stale-days 1.5", /^invalid --stale-days "1.5" \(a whole number of days, 0 or more\)$/],
    ["status --stale-days -3", /^invalid --stale-days "-3"/],
    ["tmux list --watch --interval 0", /^invalid --interval "0" \(a number of seconds greater than 0\)$/],
    ["tmux list -i x", /^invalid --interval "x"/],
    ["tmux run --restart sometimes x", /^invalid --restart "sometimes" \(valid: no, on-failure, always\)$/],
    ["tmux run --max-restarts 100001 x", /^invalid --max-restarts "100001" \(a whole number from 0 to 100000\)$/],
    ["tmux run --max-restarts 99999999999999999999 x", /^invalid --max-restarts "99999999999999999999" \(a whole number from 0 to 100000\)$/],
    ["tmux run --max-restarts 1.5 x", /^invalid --max-restarts "1.5"/],
    ["tmux logs -n ten s", /^invalid --lines "ten" \(a whole number, 0 or more\)$/],
    ["tmux wait --until done s", /^invalid --until "done" \(valid: ended, waiting, idle, working\)$/],
    ["tmux wait --timeout soon s", /^invalid --timeout "soon" \(a duration like 30s, 10m, 1h30m or 7d, or a number of seconds\)$/],
    ["add --expires 90 b", /^invalid --expires "90" \(a duration like 30s, 10m, 1h30m or 7d\)$/],
    ["add --expires 0 b", /^invalid --expires "0" \(must be more than zero\)$/],
    ["status --json --csv", /^--json and --csv cannot be used together$/],
    ["status --csv --json", /^--json and --csv cannot be used together$/],
    ["tmux list --json --csv", /^--json and --csv cannot be used together$/],
    ["tmux wait --any --all a b", /^--any and --all cannot be used together$/],
    ["tmux logs --raw -f s", /^--raw and --follow cannot be used together$/],
    ["tmux logs --raw -n 3 s", /^--raw and --lines cannot be used together$/],
    ["merge --rebase --squash", /^--rebase and --squash cannot be used together$/],
    ["merge --rebase -m msg", /^--rebase and --message cannot be used together$/],
    ["diff --stat --name-only", /^--stat and --name-only cannot be used together$/],
    ["diff --json --stat", /^--json and --stat cannot be used together$/],
    ["spawn b --prompt hi --prompt-file f", /^--prompt and --prompt-file cannot be used together$/],
    ["tmux list --interval", /^option '-i, --interval <seconds>' argument missing$/],
    ["tmux run --id= x", /^--id must not be empty$/],
    ["tmux run --context=  x", /^--context must not be empty$/],
  ];
  for (const [line, re] of cases) test(line, () => assert.match(usage(line), re));
});

describe("exec: the command is exactly what follows --, which is required", () => {
  const cases: [string, unknown][] = [
    ["exec -g feat -- git log -n 1 -- x", { args: { pattern: "feat", command: ["git", "log", "-n", "1", "--", "x"] }, flags: { global: true, stay: false } }],
    ["exec -- ls", { args: { pattern: undefined, command: ["ls"] }, flags: { global: false, stay: false } }],
    ["exec -gs x -- ls --json", { args: { pattern: "x", command: ["ls", "--json"] }, flags: { global: true, stay: true } }],
    ["exec x -s -- ls", { args: { pattern: "x", command: ["ls"] }, flags: { global: false, stay: true } }],
  ];
  for (const [line, want] of cases) {
    test(line, () => {
      const inv = parse(line);
      assert.deepEqual({ args: inv.args, flags: inv.flags }, want);
    });
  }
  const errors: [string, RegExp][] = [
    ["exec feat make", /^exec needs the -- separator before the command: gwq exec \[-g\] \[-s\] \[pattern\] -- command \[args\.\.\.\]$/],
    ["exec feat", /^exec needs the -- separator before the command/],
    ["exec feat --", /^no command after --: gwq exec /],
    ["exec a b -- ls", /^too many arguments for 'exec' before --: expected at most 1 \(pattern\), got "b"$/],
    ["exec --bogus -- ls", /^unknown option '--bogus' for 'exec' \(valid: --global, --stay, --help\)$/],
  ];
  for (const [line, re] of errors) test(line, () => assert.match(usage(line), re));
  test("exec --help is help", () => assert.equal(parseCommandLine(gwq, ["exec", "--help"]).kind, "help"));
});

describe("one list of values", () => {
  test("the restart policies, the wait conditions and the restart bound are the recorder's and the waiter's", () => {
    assert.deepEqual([...RESTART_CHOICES], RESTART_MODES);
    assert.deepEqual([...UNTIL_CHOICES], UNTIL);
    assert.equal(MAX_RESTARTS, RECORDER_MAX);
  });
});
