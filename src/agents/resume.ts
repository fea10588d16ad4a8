// What `gwq tmux restart --resume` runs: the user's own command — the agent's program as they
// called it (a full path, `npx @openai/codex`, `env X=1 claude`) and its options
// (`--permission-mode acceptEdits`, `-m gpt-5`) — with the agent's resume arguments added
// (`claude … --resume <id>`, `codex … resume <id>`, `gemini … --resume <id>`). Left out: a
// prompt given as an argument (it is already in the conversation) and options that would pick
// another conversation (an earlier `--resume <id>`, `--continue`, `--session-id <id>`).
// Pure: no I/O.
import { isAssignment, quote } from "../shell.js";
import type { ResumeSpec } from "./types.js";

/** Words that may come before the program in a command line: `env X=1 exec claude`. */
const PREFIX = new Set(["env", "exec", "command", "nohup", "time"]);

/** A word before the program: an assignment (`X=1`) or a prefix command (`env`, `exec`, …). */
export function beforeProgram(word: string): boolean {
  return isAssignment(word) || PREFIX.has(word);
}

export type Relaunch = { argv: string[] } | { command: string };

interface Word {
  /** The word as the shell sees it after quote removal. */
  value: string;
  /** The word as written (kept byte for byte in the new command line). */
  raw: string;
}

/**
 * A command line split into words, or null when it is not one simple command (pipes, `;`, `&&`,
 * redirections, subshells, backquotes, comments): such a line is the user's script, and where
 * its agent's options are cannot be told.
 */
export function shellWords(line: string): Word[] | null {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
    if (i >= line.length) break;
    const start = i;
    let value = "";
    if (line[i] === "#") return null;
    while (i < line.length && line[i] !== " " && line[i] !== "\t") {
      const c = line[i]!;
      if (c === "'") {
        const close = line.indexOf("'", i + 1);
        if (close < 0) return null;
        value += line.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === "\\" && '"\\$`\n'.includes(line[i + 1] ?? "")) i++;
          else if (line[i] === "`") return null;
          value += line[i];
          i++;
        }
        if (line[i] !== '"') return null;
        i++;
      } else if (c === "\\") {
        if (i + 1 >= line.length || line[i + 1] === "\n") return null;
        value += line[i + 1];
        i += 2;
      } else if (";&|<>()`\n\r".includes(c)) {
        return null;
      } else {
        value += c;
        i++;
      }
    }
    words.push({ value, raw: line.slice(start, i) });
  }
  return words.length ? words : null;
}

/** Where the agent's program is among the words: the one its spec recognises, else the first command word. */
function programIndex(values: string[], spec: ResumeSpec): number {
  const known = values.findIndex((w) => spec.program.test(w));
  if (known >= 0) return known;
  return values.findIndex((w) => !beforeProgram(w));
}

/** Indexes (after the program) of the words kept: options and their values, no prompt. */
export function keptArgs(args: string[], spec: ResumeSpec): number[] {
  const kept: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === "--") break; // what follows is positional: the prompt
    if (!w.startsWith("-") || w === "-") continue; // a positional: the prompt
    const eq = w.startsWith("--") ? w.indexOf("=") : -1;
    const name = eq > 0 ? w.slice(0, eq) : w;
    const next = args[i + 1];
    if (spec.dropWithValue.includes(name)) {
      if (eq < 0) i++;
    } else if (spec.drop.includes(name)) {
      // dropped alone
    } else if (spec.optionalValue?.includes(name)) {
      if (eq < 0 && next !== undefined && !next.startsWith("-")) i++;
    } else if (spec.withValue.includes(name) && eq < 0) {
      kept.push(i);
      if (next !== undefined) kept.push(++i);
    } else {
      kept.push(i);
    }
  }
  return kept;
}

/**
 * The command that resumes conversation `id` of the agent `kind`, from the old session's argv
 * (run with `--`) or command line. A command line that is not one simple command falls back to
 * the agent's bare program with the resume arguments.
 */
export function resumeCommand(kind: string, spec: ResumeSpec, id: string, old: { argv?: string[]; command: string }): Relaunch {
  if (old.argv) {
    const p = programIndex(old.argv, spec);
    if (p >= 0) {
      const args = old.argv.slice(p + 1);
      return { argv: [...old.argv.slice(0, p + 1), ...keptArgs(args, spec).map((i) => args[i]!), ...spec.args(id)] };
    }
  }
  const words = old.argv ? null : shellWords(old.command);
  if (words) {
    const values = words.map((w) => w.value);
    const p = programIndex(values, spec);
    if (p >= 0) {
      const args = words.slice(p + 1);
      const kept = keptArgs(values.slice(p + 1), spec).map((i) => args[i]!.raw);
      return { command: [...words.slice(0, p + 1).map((w) => w.raw), ...kept, ...spec.args(id).map(quote)].join(" ") };
    }
  }
  return { argv: [kind, ...spec.args(id)] };
}
