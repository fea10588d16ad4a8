// src/shell.ts, the one builder of shell text: every hostile value must come back byte for byte
// through a real sh and bash, and through tmux's own run-shell and pipe-pane (which expand the
// text before their shell sees it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { quote, quoteAt, raw, sh, tmuxQuote, tmuxSh, words } from "../../src/shell.js";
import { tmuxString } from "../../src/tmux/args.js";
import { Sandbox } from "../helpers/sandbox.js";

// JavaScript strings cannot hold bytes that are not UTF-8 once encoded (a lone surrogate becomes
// U+FFFD on the way to a program), so no such value can reach the builder; non-ASCII text can.
const HOSTILE = [
  ";", "a; rm -rf /", "$(touch /tmp/pwned)", "`id`", "'", "\"", "it's", "'#'", "a'#'b", "\\", "\\'",
  "a\nb", "\n", "trailing\n", "\r", "tab\there", " ", "", "-", "--", "-n", "-e", "-oProxyCommand=sh",
  "$HOME", "${HOME}", "*", "?", "[a]", "{a,b}", "~", "~root", "!x", "&", "|", ">", "<", "(", ")",
  "A=b", "=x", "--flag=v", "#", "#{session_name}", "#(id)", "##", "#[fg=red]", "#S", "%H", "%%", "%s",
  "100%", "a b  c", "é ü 日本 😀", "plain", "/usr/bin/x", "@x:y,z+1%",
];

function readBack(shell: string, line: string): string[] {
  return execFileSync(shell, ["-c", line]).toString("utf8").split("\0").slice(0, -1);
}

for (const shell of ["sh", "bash"]) {
  test(`sh: ${shell} reads every hostile value back byte for byte, none as code`, () => {
    assert.deepEqual(readBack(shell, sh`printf '%s\\0' ${HOSTILE}`), HOSTILE);
    for (const v of HOSTILE) assert.deepEqual(readBack(shell, sh`printf '%s\\0' ${v}`), [v], JSON.stringify(v));
  });

  test(`tmuxSh: ${shell} run directly reads every hostile value back too`, () => {
    assert.deepEqual(readBack(shell, tmuxSh`printf '%s\\0' ${HOSTILE}`), HOSTILE);
  });

  test(`sh: ${shell} never takes a value for an assignment, a redirection or a command`, () => {
    const out = execFileSync(shell, ["-c", sh`${["A=b"]} 2>/dev/null; printf '%s' "$?" ${"${A-unset}"} "\${A-unset}"`]).toString();
    assert.equal(out, "127${A-unset}unset");
  });
}

test("quoteAt: a value spliced into someone's shell text stays literal outside quotes, inside '…' and inside \"…\"", () => {
  for (const shell of ["sh", "bash"]) {
    for (const v of HOSTILE) {
      const line = `printf '%s\\0' pre${quoteAt(v, "none")}post 'pre${quoteAt(v, "single")}post' "pre${quoteAt(v, "double")}post"`;
      assert.deepEqual(readBack(shell, line), [`pre${v}post`, `pre${v}post`, `pre${v}post`], `${shell} ${JSON.stringify(v)}`);
    }
    // Outside quotes even a plain word is quoted: the text around it cannot make it mean more.
    assert.deepEqual(readBack(shell, `printf '%s\\0' ~${quoteAt("root", "none")} {a,${quoteAt("b,c", "none")}}`), shell === "bash" ? ["~root", "a", "b,c"] : ["~root", "{a,b,c}"]);
  }
});

test("quote: plain words stay bare, anything else is one single-quoted word", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ["/usr/bin/node", "/usr/bin/node"],
    ["--flag=v", "--flag=v"],
    ["-n", "-n"],
    ["", "''"],
    ["a b", "'a b'"],
    ["it's $HOME", "'it'\\''s $HOME'"],
    ["A=b", "'A=b'"], // bare, it would be an assignment in command position
    ["=x", "'=x'"], // bare, zsh would expand it
    ["~", "'~'"],
    ["a\nb", "'a\nb'"],
  ];
  for (const [v, want] of cases) assert.equal(quote(v), want, JSON.stringify(v));
  assert.equal(words(["a", "b c", ""]), "a 'b c' ''");
});

test("sh: arrays are words, numbers are decimal, raw() goes in as written, anything else is refused", () => {
  assert.equal(sh`cd ${"/a b"} && exec ${["x", "y z"]}`, "cd '/a b' && exec x 'y z'");
  assert.equal(sh`exec ${[]}`, "exec ");
  assert.equal(sh`h=${42}`, "h=42");
  assert.equal(sh`export ${raw("K")}=${"v w"}`, "export K='v w'");
  assert.throws(() => sh`${Number.NaN}`, /finite/);
  assert.throws(() => sh`${"a\0b"}`, /NUL/);
  assert.throws(() => sh`${["a", "\0"]}`, /NUL/);
  assert.throws(() => sh`${[1] as unknown as string[]}`, /only strings/);
  assert.throws(() => sh`${{} as unknown as string}`, /cannot interpolate/);
});

test("tmuxQuote: no # or % survives in a value, whatever it holds; plain values are as sh quotes them", () => {
  for (const v of HOSTILE) assert.doesNotMatch(tmuxQuote(v), /[#%]/, JSON.stringify(v));
  assert.equal(tmuxQuote("/a/b"), quote("/a/b"));
  assert.equal(tmuxQuote("a b"), quote("a b"));
  // The template's own text stays tmux's to expand.
  assert.equal(tmuxSh`x ${"#"} '#{pane_id}'`, `x ''"$(printf '\\043')"'' '#{pane_id}'`);
});

test("tmuxSh through a real tmux: run-shell (formats), pipe-pane (strftime, then formats) and a tmux-quoted hook string", async () => {
  const sb = new Sandbox();
  try {
    sb.tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "--", "sh", "-c", "printf 'x\\n'; exec sleep 600");
    // The format `%s\0` is a value too: pipe-pane's strftime would take it in the template.
    const line = (file: string) => tmuxSh`printf ${"%s\\0"} ${HOSTILE} >${file}`;
    const viaRun = join(sb.root, "run #1 %H.out");
    sb.tmux("run-shell", line(viaRun));
    assert.deepEqual(readFileSync(viaRun).toString("utf8").split("\0").slice(0, -1), HOSTILE);

    const viaPipe = join(sb.root, "pipe #{session_name} %%.out");
    sb.tmux("pipe-pane", "-t", "=t:", `${line(viaPipe)}; cat >/dev/null`);
    const deadline = Date.now() + 20_000;
    while (!existsSync(viaPipe) || !readFileSync(viaPipe).includes(HOSTILE[HOSTILE.length - 1]!)) {
      if (Date.now() > deadline) assert.fail("pipe-pane never wrote its file");
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(readFileSync(viaPipe).toString("utf8").split("\0").slice(0, -1), HOSTILE);

    // A command tmux parses later (a hook): one double-quoted tmux string.
    const viaParse = join(sb.root, "parsed \"$HOME\" \\.out");
    const conf = join(sb.root, "hook.conf");
    writeFileSync(conf, `run-shell ${tmuxString(line(viaParse))}\n`);
    sb.tmux("source-file", conf);
    assert.deepEqual(readFileSync(viaParse).toString("utf8").split("\0").slice(0, -1), HOSTILE);
  } finally {
    sb.cleanup();
  }
});
