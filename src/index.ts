// The library's public API: `import { SessionManager } from "gwq"`.
export { defaultIdentifier } from "./sessions/create.js";
export { SessionManager, WaitTimeout, type SessionManagerOptions, type WaitOptions, type FollowOptions, type SavedOutput } from "./sessions/manager.js";
export type { Session, SessionOptions, SessionStatus, AgentState, StateSource } from "./sessions/types.js";
export { matchSessions } from "./sessions/match.js";
export { SessionStore } from "./sessions/session-store.js";
export { loadConfig } from "./config/load.js";
export type { Config, TmuxConfig } from "./config/schema.js";
export { GwqError, UsageError, CancelledError, ProcessError } from "./errors.js";
// The event log (docs/events.md): read it, follow it, append to it (a tool reporting its own
// changes).
export { appendEvent, eventsPath } from "./events/append.js";
export { readEvents } from "./events/read.js";
export { EventFollower, followEvents, type FollowOptions as EventFollowOptions } from "./events/follow.js";
export type { GwqEvent, EventInput, EventType, NotifyPolicy } from "./events/types.js";
