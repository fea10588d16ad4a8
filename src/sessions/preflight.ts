// Everything that can be checked before a session is started, in one place: createSession runs it
// first, and a restart runs it before the old session is touched, so a restart that cannot start
// leaves the old session as it was (running, or its record kept).
import { accessSync, constants, statSync } from "node:fs";
import type { TmuxConfig } from "../config/schema.js";
import { GwqError } from "../errors.js";
import { MAX_RESTARTS, validMaxRestarts } from "./recorder.js";
import { ensureHistoryDir } from "./store.js";
import type { SessionOptions } from "./types.js";

export function checkStartable(opts: SessionOptions, config: TmuxConfig): void {
  if (!config.enabled) throw new GwqError("tmux integration is disabled (tmux.enabled = false in the config)");
  const workingDir = opts.workingDir;
  let st;
  try {
    st = statSync(workingDir);
  } catch {
    throw new GwqError(`working directory does not exist: ${workingDir}`);
  }
  if (!st.isDirectory()) throw new GwqError(`not a directory: ${workingDir}`);
  const shell = config.default_shell;
  try {
    accessSync(shell, constants.X_OK);
  } catch {
    throw new GwqError(`tmux.default_shell is not an executable program: ${shell}`);
  }
  if (opts.command === undefined && (!opts.argv || opts.argv.length === 0)) throw new GwqError("no command to run");
  if (opts.command !== undefined && opts.command.trim() === "") throw new GwqError("no command to run (the command is empty)");
  // An empty identifier or context names nothing a user could match or read in a listing.
  if (typeof opts.identifier !== "string" || opts.identifier.trim() === "") throw new GwqError("a session needs a non-empty identifier");
  if (opts.context !== undefined && opts.context.trim() === "") throw new GwqError("a session's context must not be empty");
  if (opts.restart && !validMaxRestarts(opts.restart.max)) {
    throw new GwqError(`the most restarts must be a whole number from 0 to ${MAX_RESTARTS} (got ${opts.restart.max})`);
  }
  // Output that cannot be kept is found out now, not at the end.
  if (config.history_auto_save) ensureHistoryDir(config.history_save_dir);
}
