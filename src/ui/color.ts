// Colour for words that carry meaning (a failed session red), only where it helps: on a terminal,
// and never when NO_COLOR is set to anything (no-color.org) or TERM is "dumb". Pipes, files and
// `--json`/`--csv` never get escapes.

export type Colour = "red" | "green" | "yellow" | "cyan" | "magenta" | "dim";

const SGR: Record<Colour, string> = { red: "31", green: "32", yellow: "33", cyan: "36", magenta: "35", dim: "2" };

/** Whether output to `stream` should be coloured. */
export function colourEnabled(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return !!stream.isTTY;
}

/** The escape that turns `colour` on (a full-screen view resets everything itself). */
export const colourOn = (colour: Colour): string => `\x1b[${SGR[colour]}m`;

/** `text` in `colour`, reset to the default afterwards (only the attribute it set). */
export function paint(text: string, colour: Colour): string {
  return `\x1b[${SGR[colour]}m${text}\x1b[${colour === "dim" ? "22" : "39"}m`;
}
