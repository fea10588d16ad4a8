// The library's public API: `import { SessionManager } from "gwq"`.
export { SessionManager, WaitTimeout, defaultIdentifier, type SessionManagerOptions, type WaitOptions } from "./sessions/manager.js";
export type { Session, SessionOptions, SessionStatus } from "./sessions/types.js";
export { matchSessions } from "./sessions/match.js";
export { followHistory } from "./sessions/follow.js";
export { loadConfig } from "./config/load.js";
export type { Config, TmuxConfig } from "./config/schema.js";
export { GwqError, UsageError, CancelledError, ProcessError } from "./errors.js";
