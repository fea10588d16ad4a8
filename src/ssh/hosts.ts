// `[hosts.<name>]` tables: read from the global config only. A repository's .gwq.toml can never
// add or change a host (it would choose where the user's commands and secrets go), so the loader
// hands this module the global file's table alone and warns about any other.
import { GwqError } from "../errors.js";
import { isTable } from "../config/check.js";
import { parseDuration } from "../config/duration.js";
import { HOST_NAME, type Host } from "./argv.js";

export const DEFAULT_HOST_TIMEOUT_MS = 5000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST_KEYS = ["ssh", "gwq", "timeout", "env"] as const;

/** Check one `[hosts.<name>]` table; throws naming the file and key on a bad value. */
export function parseHost(file: string, name: string, body: unknown, warnings: string[]): Host {
  const where = `${file}: hosts.${name}`;
  if (!HOST_NAME.test(name)) throw new GwqError(`${where}: a host name is lower-case letters, digits and "-", starting with a letter or digit`);
  if (!isTable(body)) throw new GwqError(`${where}: expected a table ([hosts.${name}])`);
  for (const k of Object.keys(body)) if (!(HOST_KEYS as readonly string[]).includes(k)) warnings.push(`${where}.${k}: unknown key (ignored)`);
  const ssh = body.ssh;
  if (typeof ssh !== "string" || ssh.trim() === "") throw new GwqError(`${where}.ssh: expected an ssh destination (user@host or an ssh config alias)`);
  if (ssh.startsWith("-") || /\s/.test(ssh)) throw new GwqError(`${where}.ssh: not a destination: ${JSON.stringify(ssh)}`);
  let gwq: string | null = null;
  if (body.gwq !== undefined) {
    if (typeof body.gwq !== "string" || body.gwq.trim() === "") throw new GwqError(`${where}.gwq: expected the far side's gwq program`);
    gwq = body.gwq;
  }
  let timeoutMs = DEFAULT_HOST_TIMEOUT_MS;
  if (body.timeout !== undefined) {
    const t = typeof body.timeout === "string" ? parseDuration(body.timeout) : null;
    if (t === null || t <= 0) throw new GwqError(`${where}.timeout: expected a duration like "5s" or "500ms"`);
    timeoutMs = t;
  }
  let env: string[] = [];
  if (body.env !== undefined) {
    if (!Array.isArray(body.env) || body.env.some((x) => typeof x !== "string" || !ENV_NAME.test(x)))
      throw new GwqError(`${where}.env: expected an array of variable names`);
    env = body.env as string[];
  }
  return { name, destination: ssh, gwq, timeoutMs, env };
}

/** Every host of the global config's `hosts` table, in the order written. */
export function parseHosts(file: string, table: unknown, warnings: string[]): Host[] {
  if (!isTable(table)) throw new GwqError(`${file}: hosts: expected tables ([hosts.<name>])`);
  return Object.entries(table).map(([name, body]) => parseHost(file, name, body, warnings));
}

/** The host `--host <name>` names; only configured names, so nothing else can reach ssh. */
export function findHost(hosts: readonly Host[], name: string): Host {
  const h = hosts.find((x) => x.name === name);
  if (h) return h;
  const known = hosts.map((x) => x.name);
  throw new GwqError(
    `unknown host ${JSON.stringify(name)}: ${known.length ? `configured: ${known.join(", ")}` : 'none configured (add one with "gwq host add <name> <destination>")'}`,
    2,
  );
}
