// Errors the CLI's one boundary (main() in src/main.ts) knows how to print: a short line, a known exit code.
// Anything else is a bug and gets its stack with --debug / GWQ_DEBUG=1.

/** A failure the user can act on: printed as `gwq: <message>`, exit 1. */
export class GwqError extends Error {
  exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "GwqError";
    this.exitCode = exitCode;
  }
}

/** Bad command line: unknown command, flag or flag value. Exit 2. */
export class UsageError extends GwqError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** The user cancelled a prompt or the finder. Exit 130, nothing changed. */
export class CancelledError extends GwqError {
  constructor(message = "cancelled") {
    super(message, 130);
    this.name = "CancelledError";
  }
}

/** How an outside program failed. */
export interface ProcessFailure {
  command: string;
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** An outside program (git, tmux, a shell) failed: the command, its exit code and stderr travel with it. */
export class ProcessError extends GwqError {
  constructor(opts: ProcessFailure) {
    const detail = opts.stderr.trim().split("\n").filter(Boolean).pop() ?? "";
    const how = opts.signal ? `killed by ${opts.signal}` : `exit code ${opts.code}`;
    super(`${opts.command} ${opts.args[0] ?? ""} failed (${how})${detail ? `: ${detail}` : ""}`);
    this.name = "ProcessError";
    Object.assign(this, opts);
  }
}
/** Its fields are the failure's (declared once, above). */
export interface ProcessError extends ProcessFailure {}
