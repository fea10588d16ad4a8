// Raw terminal input to key names. Pure. One read may hold several keys (fast typing, paste, or
// tmux send-keys), so a chunk becomes a list. A lone ESC at the end of a chunk is the Escape key:
// terminals send escape sequences whole, in one write.

export interface Key {
  /** "char", "enter", "escape", "tab", "backtab", "backspace", "delete", "up", "down", "left",
   *  "right", "home", "end", "pageup", "pagedown", "ctrl-a".."ctrl-z", "alt-<ch>", "unknown". */
  name: string;
  /** The character for "char". */
  ch?: string;
}

const CSI_FINAL: Record<string, string> = { A: "up", B: "down", C: "right", D: "left", H: "home", F: "end", Z: "backtab" };
const CSI_TILDE: Record<string, string> = { "1": "home", "7": "home", "4": "end", "8": "end", "3": "delete", "5": "pageup", "6": "pagedown" };

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i]!;
    if (c === "\x1b") {
      const rest = data.slice(i);
      const csi = /^\x1b\[([0-9;]*)([A-Za-z~])/.exec(rest);
      if (csi) {
        const [, params, final] = csi;
        const name = final === "~" ? CSI_TILDE[params!.split(";")[0]!] : CSI_FINAL[final!];
        keys.push({ name: name ?? "unknown" });
        i += csi[0].length;
        continue;
      }
      const ss3 = /^\x1bO([A-Za-z])/.exec(rest);
      if (ss3) {
        keys.push({ name: CSI_FINAL[ss3[1]!] ?? "unknown" });
        i += ss3[0].length;
        continue;
      }
      const next = data[i + 1];
      if (next === undefined || next === "\x1b") {
        keys.push({ name: "escape" });
        i += 1;
        continue;
      }
      const ch = String.fromCodePoint(data.codePointAt(i + 1)!);
      keys.push({ name: `alt-${ch}` });
      i += 1 + ch.length;
      continue;
    }
    const code = c.charCodeAt(0);
    if (c === "\r") keys.push({ name: "enter" });
    else if (c === "\t") keys.push({ name: "tab" });
    else if (c === "\x7f" || c === "\b") keys.push({ name: "backspace" });
    else if (code >= 1 && code <= 26) keys.push({ name: `ctrl-${String.fromCharCode(code + 96)}` });
    else if (code < 0x20) keys.push({ name: "unknown" });
    else {
      const ch = String.fromCodePoint(data.codePointAt(i)!);
      keys.push({ name: "char", ch });
      i += ch.length;
      continue;
    }
    i += 1;
  }
  return keys;
}
