// What the gwq tmux commands share: the manager built from the user's config, and the choice of
// sessions a pattern means (docs/sessions.md "Matching").
import type { Context } from "../../context.js";
import { GwqError } from "../../errors.js";
import type { SessionManager } from "../../sessions/manager.js";
import { sessionManager } from "../../sessions/from-context.js";
import { matchOne, matchSessions } from "../../sessions/match.js";
import type { Session } from "../../sessions/types.js";
import { sessionHeader, sessionLabel } from "../../sessions/present.js";

export function manager(ctx: Context, extraEnv?: Record<string, string>): SessionManager {
  const cfg = ctx.config.tmux;
  if (!cfg.enabled) throw new GwqError("tmux integration is disabled (tmux.enabled = false in the config)");
  return sessionManager(ctx, { extraEnv });
}

export { sessionLabel };

async function previewOf(m: SessionManager, s: Session): Promise<string> {
  const lines = await m.captureHistory(s.session_name, 200).catch((e: Error) => [`(${e.message})`]);
  return sessionHeader(s) + lines.join("\n");
}

/**
 * The sessions a pattern means: one match is taken as is; several, no pattern, or `interactive`
 * open the finder; without a terminal that is an error listing the candidates. A command acting
 * on one session (not `multi`) takes an exact identifier as its newest session (match.ts).
 */
export async function chooseSessions(
  ctx: Context,
  m: SessionManager,
  pattern: string | undefined,
  opts: { interactive?: boolean; multi?: boolean; purpose: string; candidates?: Session[]; hint?: string },
): Promise<Session[]> {
  const all = opts.candidates ?? (await m.listSessions());
  const matches = opts.multi ? matchSessions(all, pattern) : matchOne(all, pattern).matches;
  if (matches.length === 0) {
    if (pattern) throw new GwqError(`no gwq session matches "${pattern}"`);
    throw new GwqError("no gwq sessions");
  }
  if (matches.length === 1 && pattern && !opts.interactive) return matches;
  // The finder (and its terminal code) loads only when a choice is needed.
  const { pick } = await import("../../ui/finder.js");
  return pick(matches, {
    label: sessionLabel,
    noun: "sessions",
    multi: opts.multi,
    prompt: `${opts.purpose}> `,
    preview: (s) => previewOf(m, s),
    showPreview: ctx.config.finder.preview,
    // Keep the 4 header lines, then show the latest output rather than the oldest.
    previewHeader: 4,
    reason: (pattern ? `"${pattern}" matches ${matches.length} sessions` : `choosing a session to ${opts.purpose} needs a terminal`) + (opts.hint ? ` (${opts.hint})` : ""),
  });
}
