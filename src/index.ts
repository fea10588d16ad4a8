// The library's public API: `import { SessionManager } from "gwq"`.
export { SessionManager, WaitTimeout, defaultIdentifier, type SessionManagerOptions, type WaitOptions, type FollowOptions, type SavedOutput } from "./sessions/manager.js";
export type { Session, SessionOptions, SessionStatus, AgentState, StateSource } from "./sessions/types.js";
export { matchSessions } from "./sessions/match.js";
export { loadConfig } from "./config/load.js";
export type { Config, TmuxConfig } from "./config/schema.js";
export { GwqError, UsageError, CancelledError, ProcessError } from "./errors.js";
