// Reading one config file: its text, refused at once when it is not a regular file of sensible
// size (never waited on), then parsed as TOML; every problem is one error naming the file.
import { FileTooLarge, NotRegularFile, readRegular } from "../fsx.js";
import { parse, TomlError } from "smol-toml";
import { GwqError } from "../errors.js";

export interface ConfigFile {
  path: string;
  content: string;
  doc: Record<string, unknown>;
}

/** A config file is a few KB; past this it is not one (or a link to something endless). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * A config file's text; null when it does not exist. A FIFO, a device (a committed link to
 * /dev/stdin or /dev/zero) or an oversized file is an error at once, never waited on or read forever.
 */
export function readConfigText(path: string): string | null {
  try {
    return readRegular(path, MAX_CONFIG_BYTES, "refuse")?.toString("utf8") ?? null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof NotRegularFile) throw new GwqError(`${path}: is ${e.kind}, expected a TOML file`);
    if (e instanceof FileTooLarge) throw new GwqError(`${path}: larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, not a config file`);
    if (err.code === "EACCES") throw new GwqError(`${path}: cannot read the config file (permission denied)`);
    if (err.code === "EISDIR") throw new GwqError(`${path}: is a directory, expected a TOML file`);
    throw new GwqError(`${path}: cannot read the config file (${err.code ?? err.message})`);
  }
}

/** Read and parse one TOML file; null when it does not exist. */
export function readConfigFile(path: string): ConfigFile | null {
  const content = readConfigText(path);
  if (content === null) return null;
  try {
    return { path, content, doc: parse(content) as Record<string, unknown> };
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
      throw new GwqError(`${path}:${e.line}:${e.column}: invalid TOML: ${first}`);
    }
    throw new GwqError(`${path}: invalid TOML: ${(e as Error).message.split("\n")[0]}`);
  }
}
