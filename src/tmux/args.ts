// Pure helpers for tmux argument vectors: separators, escaping and exact targets. Every target
// gwq hands tmux is built here, so a session name is never read as a prefix or a pattern.

/**
 * tmux reads an argument that ends in ";" as a command separator (and "\;" as a literal ";"),
 * even in a single command. Escape so every byte of ours and the user's arrives as given.
 */
export function escapeArg(arg: string): string {
  return arg.endsWith(";") ? `${arg.slice(0, -1)}\\;` : arg;
}

/** Join tmux commands into one argv with separators; arguments are escaped. */
export function sequence(commands: string[][]): string[] {
  const argv: string[] = [];
  commands.forEach((c, i) => {
    if (i > 0) argv.push(";");
    for (const a of c) argv.push(escapeArg(a));
  });
  return argv;
}

/** `=name:` — exactly this session (never a prefix match), its current window. */
export function exactTarget(sessionName: string, window = ""): string {
  return `=${sessionName}:${window}`;
}

/** `=name` for commands that take a session target. */
export function exactSession(sessionName: string): string {
  return `=${sessionName}`;
}

/**
 * A string in tmux's own command language, double-quoted: how a command that tmux parses later
 * (a hook) carries one argument. `\`, `"` and `$` (environment expansion) are escaped.
 */
export function tmuxString(s: string): string {
  return `"${s.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}
