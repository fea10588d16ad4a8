// gwq tmux attach [pattern] [-i]: attach (or switch the client inside tmux). An exact name, id or
// identifier names that session (a reused identifier: its newest one tmux still has), even when
// it can no longer be attached — never another session that merely contains the pattern. Only
// sessions tmux still has are offered. With nothing attachable and tmux.auto_create_session, a
// pattern that names a worktree gets a shell session there (a finished record does not prevent it).
import type { CliContext } from "../../context.js";
import type { Invocation } from "../_cli.js";
import type { tmuxAttach } from "../_specs-sessions.js";
import { GwqError } from "../../errors.js";
import { matchOne } from "../../sessions/match.js";
import type { Session } from "../../sessions/types.js";
import { chooseSessions, manager } from "./_shared.js";

function why(s: Session): string {
  const detail = s.status === "detached" && s.detached_reason ? ` (${s.detached_reason})` : "";
  return `${s.session_name} is ${s.status}${detail}: tmux no longer has it (see "gwq tmux logs ${s.session_name}")`;
}

export default async function run(ctx: CliContext, { args, flags }: Invocation<typeof tmuxAttach>): Promise<void> {
  const pattern = args.pattern;
  const m = manager(ctx);
  const all = await m.sweep();
  const attachable = all.filter((s) => m.canAttach(s));
  let name: string | undefined;
  if (pattern && !flags.interactive) {
    const { matches, exact } = matchOne(all, pattern, (s) => m.canAttach(s));
    const target = exact ? matches[0]! : undefined;
    if (target && m.canAttach(target)) name = target.session_name;
    else if (!target && matches.some((s) => m.canAttach(s))) {
      const [s] = await chooseSessions(ctx, m, pattern, { purpose: "attach", candidates: matches.filter((s) => m.canAttach(s)) });
      name = s!.session_name;
    } else {
      if (ctx.config.tmux.auto_create_session) {
        const { findWorktreeExact } = await import("../../worktrees/resolve.js");
        const w = await findWorktreeExact(pattern, { ctx }).catch(() => null);
        if (w) {
          const shell = ctx.config.tmux.default_shell;
          const s = await m.createSession({ context: "shell", identifier: w.branch, workingDir: w.path, argv: [shell], worktree: w.branch });
          name = s.session_name;
        }
      }
      if (!name) {
        if (target) throw new GwqError(why(target));
        if (matches.length) throw new GwqError(`no gwq session matching "${pattern}" can be attached: tmux no longer has ${matches.length === 1 ? matches[0]!.session_name : `any of its ${matches.length}`} (see "gwq tmux list")`);
        const noWorktree = ctx.config.tmux.auto_create_session ? " (and no worktree of that name to start a shell in)" : "";
        throw new GwqError(`no gwq session matches "${pattern}"${noWorktree}`);
      }
    }
  } else {
    if (attachable.length === 0) throw new GwqError(all.length ? "no gwq session can be attached (tmux no longer has them)" : "no gwq sessions");
    const [s] = await chooseSessions(ctx, m, pattern, { interactive: flags.interactive, purpose: "attach", candidates: attachable });
    name = s!.session_name;
  }
  if (!ctx.interactive() && !ctx.env.TMUX) throw new GwqError(`attaching to ${name} needs a terminal`);
  process.exitCode = await m.attachSession(name);
}
