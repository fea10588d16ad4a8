// What a restarted or resurrected session runs (CONTRACT §6): everything the old one had — the
// same command (an argv stays an argv), working_dir, context, identifier, metadata, agent, restart
// policy — or, to resume an agent's conversation, the agent's own resume command. Pure: the
// manager removes the old record and creates the new session.
import { GwqError } from "../errors.js";
import { resumeArgv } from "./agent-kind.js";
import type { StoredSession } from "./store.js";
import type { Session, SessionOptions } from "./types.js";

export function relaunchOptions(record: StoredSession, session: Session, resume: boolean): SessionOptions {
  const base: SessionOptions = {
    context: record.context,
    identifier: record.identifier,
    workingDir: record.working_dir,
    metadata: { ...record.metadata },
    worktree: record.worktree,
    agent: record.agent ?? null,
    autoCleanup: record.policy.auto_cleanup,
    ...(record.restart ? { restart: record.restart } : {}),
  };
  if (resume) {
    const agent = record.agent ?? null;
    if (!agent) throw new GwqError(`${record.session_name} runs no known agent: nothing to resume (restart it without --resume)`);
    const id = session.agent_session_id;
    if (!id) throw new GwqError(`no conversation id is known for ${record.session_name} (its agent's hooks never reported one): restart it without --resume`);
    const argv = resumeArgv(agent, id);
    if (!argv) throw new GwqError(`gwq does not know how to resume ${agent}: restart it without --resume`);
    return { ...base, argv };
  }
  return record.argv ? { ...base, argv: [...record.argv] } : { ...base, command: record.command };
}
