// Typing into a session's pane (gwq tmux send). `send-keys -l` sends the text as literal UTF-8
// characters, so words that look like tmux key names (`C-c`, `Enter`, `Escape`) arrive as the
// letters they are; `--` keeps a text that starts with `-` from being read as a flag. Enter, when
// wanted, is a separate key press in the same tmux call.

/** The tmux commands that type `text` into pane `target` (a pane id like %3), then Enter. */
export function sendTextCommands(target: string, text: string, enter: boolean): string[][] {
  const commands: string[][] = [];
  if (text !== "") commands.push(["send-keys", "-t", target, "-l", "--", text]);
  if (enter) commands.push(["send-keys", "-t", target, "Enter"]);
  return commands;
}
