// What a restarted or resurrected session runs (docs/sessions.md "Restart and resurrect"):
// everything the old one had — the same command (an argv stays an argv), working_dir, context,
// identifier, metadata, agent, restart policy — or, to resume an agent's conversation, that same
// command with the agent's resume arguments (src/agents/resume.ts). Pure: the manager removes the
// old record and creates the new session.
import { GwqError } from "../errors.js";
import { resumeRelaunch } from "./agent-kind.js";
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
    const next = resumeRelaunch(agent, id, { argv: record.argv, command: record.command });
    if (!next) throw new GwqError(`gwq does not know how to resume ${agent}: restart it without --resume`);
    // Recorded in the new session, so a resumed run that fails can be resumed again.
    return { ...base, ...next, agentSessionId: id };
  }
  return record.argv ? { ...base, argv: [...record.argv] } : { ...base, command: record.command };
}
