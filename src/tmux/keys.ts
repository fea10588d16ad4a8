// Typing into a session's pane (gwq tmux send). `send-keys -l` sends the text as literal UTF-8
// characters, so words that look like tmux key names (`C-c`, `Enter`, `Escape`) arrive as the
// letters they are; `--` keeps a text that starts with `-` from being read as a flag. Enter, when
// wanted, is a separate key press after the text.
//
// A tmux client refuses a call whose arguments pass about 16 KiB ("command too long"), so a long
// text goes in chunks, one tmux call each, in order. Chunks end on character boundaries: a
// multibyte UTF-8 character is never cut in two.

/** Bytes of text per send-keys: well under tmux's limit on one call. */
export const SEND_CHUNK_BYTES = 8000;

/** Split `text` into pieces of at most `maxBytes` UTF-8 bytes, never inside a character. */
export function chunkText(text: string, maxBytes = SEND_CHUNK_BYTES): string[] {
  const chunks: string[] = [];
  let cur = "";
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, "utf8");
    if (bytes + n > maxBytes && cur !== "") {
      chunks.push(cur);
      cur = "";
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  if (cur !== "") chunks.push(cur);
  return chunks;
}

/**
 * The tmux calls (each a list of commands run in one call) that type `text` into pane `target`
 * (a pane id like %3), then press Enter. Run them one after another.
 */
export function sendTextCalls(target: string, text: string, enter: boolean, maxBytes = SEND_CHUNK_BYTES): string[][][] {
  const calls: string[][][] = chunkText(text, maxBytes).map((c) => [["send-keys", "-t", target, "-l", "--", c]]);
  const press = ["send-keys", "-t", target, "Enter"];
  // Enter rides with the last chunk: a short text stays one tmux call.
  if (enter) {
    if (calls.length) calls[calls.length - 1]!.push(press);
    else calls.push([press]);
  }
  return calls;
}
