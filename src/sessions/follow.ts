// `logs --follow`: print new output as it arrives, until the session ends. Reads the durable
// copy (the raw stream pipe-pane appends to) as it grows, so a partial line — a prompt waiting
// for an answer — shows at once; without one (history_auto_save off), polls tmux with one cheap
// query and captures only when something changed. Nothing stays resident in the session itself.
//
// Output that came faster than tmux.log_max_size lets the raw log keep (the reader fell two
// rotations behind) is gone: the follower says so (`notice`), drops the cut line rather than
// gluing two halves, and shows a partial line only once the stream pauses (a prompt waiting),
// so a fragment read mid-burst is never left standing as a line.
import { GwqError } from "../errors.js";
import type { PaneInfo } from "../tmux/sessions.js";
import type { Tmux } from "../tmux/tmux.js";
import { lastLines, rawExists, readHistoryFile } from "./history.js";
import { isoLocal } from "./naming.js";
import { rawDropped } from "./rawlog.js";
import type { OutputSpec } from "./store.js";
import type { Session } from "./types.js";

export interface FollowSource {
  session: Session;
  pane: PaneInfo | null;
  output: OutputSpec | null;
  tmux: Tmux;
  /** Everything there is now, as lines. */
  lines: () => Promise<string[]>;
  /** The end mark says it ended (or vanished). */
  ended: () => boolean;
  /** The session as a listing shows it now. */
  current: () => Promise<Session | null>;
}

export interface FollowOptions {
  lines?: number;
  signal?: AbortSignal;
  pollMs?: number;
  /** Told when output was skipped (a message for a person, not part of the output). */
  notice?: (message: string) => void;
}

/** What the session ended as; a session whose record was removed while followed was killed. */
async function finalState(src: FollowSource): Promise<Session> {
  const now = await src.current();
  if (now) return now;
  return { ...src.session, status: "detached", detached_reason: "session-killed", end_time: isoLocal(new Date()), state: null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function follow(src: FollowSource, write: (text: string) => void, opts: FollowOptions = {}): Promise<Session> {
  const writeLines = (ls: string[]) => {
    if (ls.length) write(ls.join("\n") + "\n");
  };
  if (!src.pane || src.pane.dead || src.ended()) {
    writeLines(lastLines(await src.lines(), opts.lines));
    return src.session;
  }
  if (rawExists(src.output)) return followRaw(src, src.output, write, opts);
  return followCapture(src, src.pane, writeLines, opts);
}

async function followRaw(src: FollowSource, out: OutputSpec, write: (text: string) => void, opts: FollowOptions): Promise<Session> {
  const { LineRenderer } = await import("./render.js");
  const { RawFollower } = await import("./rawlog.js");
  const r = new LineRenderer();
  // The follower holds the file it reads: a rotation (even two between polls) loses nothing it
  // can still read, and its first read is everything kept so far (both segments).
  const raw = new RawFollower(out.raw);
  try {
    return await followRawWith(src, raw, Math.floor(out.max_bytes / 2), r, write, opts);
  } finally {
    raw.close();
  }
}

async function followRawWith(
  src: FollowSource,
  raw: import("./rawlog.js").RawFollower,
  segment: number,
  r: import("./render.js").LineRenderer,
  write: (text: string) => void,
  opts: FollowOptions,
): Promise<Session> {
  // Everything up to now, rendered; print the last N lines (the partial one once the stream
  // pauses). When older output was dropped, the first kept line may be cut: it is left out.
  if (src.output && rawDropped(src.output.raw)) r.skipLine();
  writeLinesText(write, lastLines(r.push(raw.read()), opts.lines));
  let shown = "";
  let bytesAt = Date.now();
  const showPartial = (atEnd = false) => {
    const p = r.partial();
    if (p === shown) return;
    // The file read to its end is a full segment: the writer stopped there at the bound, mid-line
    // maybe, and the rest comes with the rotation. Not a pause to show the line under way at —
    // unless nothing comes for a while (a prompt that happens to end at the bound). A cut line
    // shown before a gap could not be taken back (rawlog.ts).
    if (!atEnd && raw.heldBytes() >= segment && Date.now() - bytesAt < 2000) return;
    if (p.startsWith(shown)) write(p.slice(shown.length));
    else write(`\n${p}`);
    shown = p;
  };
  const emit = (lines: string[]) => {
    for (const line of lines) {
      if (shown && !line.startsWith(shown)) write(`\n${line}\n`);
      else write(`${line.slice(shown.length)}\n`);
      shown = "";
    }
  };
  const poll = opts.pollMs ?? 150;
  let lastTmuxCheck = Date.now();
  let noticed = 0;
  let endedAt = 0;
  for (;;) {
    if (opts.signal?.aborted) throw new GwqError("cancelled", 130);
    await sleep(poll);
    const parts = raw.readParts();
    for (const part of parts) {
      // A segment rotated away unread: the line under way is cut; never glue two halves together.
      if (part.afterGap) {
        r.skipLine();
        if (shown) write("\n"); // the cut line stays as it was shown, on a line of its own
        shown = "";
        // Once per burst, not once per rotation missed.
        if (Date.now() - noticed > 2000) opts.notice?.("output skipped: it came faster than tmux.log_max_size lets gwq keep it");
        noticed = Date.now();
      }
      emit(r.push(part.bytes));
    }
    const more = parts.length > 0;
    if (more) bytesAt = Date.now();
    // A pause: the line under way is what there is for now (a prompt waiting for an answer).
    if (!more) showPartial();
    if (!endedAt) {
      let ended = src.ended();
      // Killed from outside leaves no end mark: ask tmux, at most once a second.
      if (!ended && Date.now() - lastTmuxCheck >= 1000) {
        lastTmuxCheck = Date.now();
        const state = await src.tmux.paneState(src.pane!.paneId);
        ended = !state.startsWith(`${src.session.session_name} `) || state.endsWith(" 1");
      }
      if (ended) endedAt = Date.now();
    } else if (!more && Date.now() - endedAt > 2 * poll) {
      // The pipe has drained: finish the last line and stop.
      showPartial(true);
      if (shown) write("\n");
      return finalState(src);
    }
  }
}

function writeLinesText(write: (text: string) => void, lines: string[]): void {
  if (lines.length) write(lines.join("\n") + "\n");
}

/** Where the printed part ends in `lines`: by count, or by content once tmux trims old lines. */
function resumeIndex(lines: string[], printedCount: number, lastPrinted: string | null): number {
  if (lastPrinted === null) return 0;
  if (printedCount <= lines.length && lines[printedCount - 1] === lastPrinted) return printedCount;
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i] === lastPrinted) return i + 1;
  return 0;
}

async function followCapture(src: FollowSource, pane: PaneInfo, write: (lines: string[]) => void, opts: FollowOptions): Promise<Session> {
  let printedCount = 0;
  let lastPrinted: string | null = null;
  const emit = (lines: string[], final: boolean, limit?: number) => {
    // Hold back the line under the cursor while the command runs: it may still be growing.
    const upTo = final ? lines.length : Math.max(0, lines.length - 1);
    let from = resumeIndex(lines, printedCount, lastPrinted);
    if (limit !== undefined) from = Math.max(from, upTo - limit);
    if (upTo > from) {
      write(lines.slice(from, upTo));
      lastPrinted = lines[upTo - 1]!;
    }
    printedCount = Math.max(printedCount, upTo);
  };
  emit(await src.tmux.capture(pane.paneId, false), false, opts.lines);
  let lastState = "";
  const poll = opts.pollMs ?? 300;
  for (;;) {
    if (opts.signal?.aborted) throw new GwqError("cancelled", 130);
    await sleep(poll);
    const state = await src.tmux.paneState(pane.paneId);
    const [owner, , , dead] = state.split(" ");
    if (owner !== src.session.session_name) {
      // The session is gone (auto-cleanup after the end): the rest is in the saved history.
      const s = await finalState(src);
      if (s.history_file) emit(readHistoryFile(s.history_file), true);
      return s;
    }
    if (state === lastState) continue;
    lastState = state;
    const finished = dead === "1";
    emit(await src.tmux.capture(pane.paneId, finished), finished);
    if (finished) return finalState(src);
  }
}
