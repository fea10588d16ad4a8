// The library's public API.
export { loadConfig } from "./config/load.js";
export type { Config, TmuxConfig } from "./config/schema.js";
export { GwqError, UsageError, CancelledError, ProcessError } from "./errors.js";
