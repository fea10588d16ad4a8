// Remote URLs: which remote a repository is known by, and its host/owner/name. SCP-form
// origins (git@github.com:acme/myapp.git) give the same layout as HTTPS ones.
import { readFileSync } from "node:fs";
import { gitCode } from "./git.js";

export interface RemoteInfo {
  host: string;
  owner: string;
  repo: string;
}

/** `github.com/acme/myapp` */
export function remoteId(r: RemoteInfo): string {
  return [r.host, r.owner, r.repo].filter(Boolean).join("/");
}

/**
 * Parse https://host/owner/repo(.git), ssh://[user@]host[:port]/owner/repo, git://...,
 * [user@]host:owner/repo (SCP form) and file:// URLs. Nested groups
 * (gitlab.com/group/sub/repo) keep every group in owner ("group/sub"). Null when the URL has no
 * host/owner/repo shape (e.g. a plain local path).
 */
export function parseRemoteUrl(url: string): RemoteInfo | null {
  const u = url.trim();
  if (!u) return null;
  let host = "";
  let path = "";
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(u);
  if (scheme) {
    const proto = scheme[1]!.toLowerCase();
    const rest = scheme[2]!;
    if (proto === "file") return null;
    const slash = rest.indexOf("/");
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    path = slash < 0 ? "" : rest.slice(slash + 1);
    host = authority.replace(/^[^@]*@/, "");
    // ssh://git@host:owner/repo (an SCP path inside an ssh URL, as some configs write it)
    const colon = host.indexOf(":");
    if (colon >= 0) {
      const after = host.slice(colon + 1);
      host = host.slice(0, colon);
      if (after && !/^\d+$/.test(after)) path = after + (path ? "/" + path : "");
    }
  } else {
    // SCP form: [user@]host:path, where host has no slash before the colon.
    const m = /^(?:[^@/]+@)?([^:/]+):(.+)$/.exec(u);
    if (!m) return null;
    host = m[1]!;
    path = m[2]!;
  }
  const parts = path.replace(/^\/+|\/+$/g, "").split("/").filter(Boolean);
  if (!host || parts.length < 2) return null;
  const repo = parts.pop()!.replace(/\.git$/, "");
  if (!repo) return null;
  return { host: host.toLowerCase(), owner: parts.join("/"), repo };
}

/** Every remote's URL in one git call; origin first. */
export async function remoteUrls(cwd: string): Promise<{ name: string; url: string }[]> {
  const r = await gitCode(["config", "--get-regexp", "^remote\\..*\\.url$"], { cwd });
  if (r.code !== 0) return [];
  const found: { name: string; url: string }[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /^remote\.(.+)\.url (.*)$/.exec(line);
    if (m) found.push({ name: m[1]!, url: m[2]! });
  }
  found.sort((a, b) => (a.name === "origin" ? -1 : b.name === "origin" ? 1 : 0));
  return found;
}

/**
 * Remote URLs as `git config --get-regexp '^remote\..*\.url$'` gives them (origin first), read
 * straight from the repository's config file: `gwq get` and `gwq list` then make one git call,
 * not two. Null when only git can tell: the file is unreadable or pulls in other files
 * ([include]/[includeIf]), the environment overrides the config or the repository (GIT_DIR,
 * GIT_CONFIG_*), or the text is not something this reader is sure about. Remotes defined in the
 * user's global config (not a thing anyone does on purpose) are the one difference.
 */
export function remoteUrlsFromConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): { name: string; url: string }[] | null {
  if (OVERRIDES.some((k) => env[k] !== undefined)) return null;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  const found = parseConfigRemotes(text);
  found?.sort((a, b) => (a.name === "origin" ? -1 : b.name === "origin" ? 1 : 0));
  return found;
}

const OVERRIDES = ["GIT_DIR", "GIT_COMMON_DIR", "GIT_CONFIG", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS"];

/**
 * `remote.<name>.url` entries of a git config file, in file order, following git's own parser
 * (config.c): case-insensitive section and key names, `[remote "name"]` and the old
 * `[remote.name]`, quotes, backslash escapes and line continuations, `#`/`;` comments, runs of
 * unquoted blanks inside a value kept as that many spaces. Null on anything it does not handle.
 */
export function parseConfigRemotes(text: string): { name: string; url: string }[] | null {
  const s = text.replace(/\r\n/g, "\n");
  const out: { name: string; url: string }[] = [];
  let i = 0;
  let section = "";
  let sub: string | null = null;
  const blank = (c: string | undefined) => c === " " || c === "\t";
  while (i < s.length) {
    const c = s[i]!;
    if (c === "\n" || blank(c)) {
      i++;
      continue;
    }
    if (c === "#" || c === ";") {
      while (i < s.length && s[i] !== "\n") i++;
      continue;
    }
    if (c === "[") {
      // [section], [section "sub"] (sub: \" and \\ escapes, case kept), [section.sub] (lowercased)
      const m = /^\[([A-Za-z0-9.-]+)(?:[ \t]+"((?:[^"\\\n]|\\.)*)")?\]/.exec(s.slice(i));
      if (!m) return null;
      const name = m[1]!.toLowerCase();
      if (m[2] !== undefined) {
        if (name.includes(".")) return null;
        section = name;
        sub = m[2].replace(/\\(.)/g, "$1");
      } else {
        const dot = name.indexOf(".");
        section = dot < 0 ? name : name.slice(0, dot);
        sub = dot < 0 ? null : name.slice(dot + 1);
      }
      if (section === "include" || section === "includeif") return null;
      i += m[0].length;
      continue; // a key may follow on the same line
    }
    // A key: a letter, then letters, digits and '-'; then `= value`, or nothing (boolean true).
    const k = /^[A-Za-z][A-Za-z0-9-]*/.exec(s.slice(i, i + 200));
    if (!k || !section) return null;
    const key = k[0].toLowerCase();
    i += k[0].length;
    while (blank(s[i])) i++;
    let value: string | null = null;
    if (s[i] === "=") {
      i++;
      let v = "";
      let quote = false;
      let comment = false;
      let spaces = 0;
      for (;;) {
        const ch = s[i++];
        if (ch === undefined || ch === "\n") {
          if (quote) return null;
          break;
        }
        if (comment) continue;
        if (blank(ch) && !quote) {
          if (v.length) spaces++;
          continue;
        }
        if (!quote && (ch === ";" || ch === "#")) {
          comment = true;
          continue;
        }
        v += " ".repeat(spaces);
        spaces = 0;
        if (ch === "\\") {
          const e = s[i++];
          if (e === "\n") continue;
          const map: Record<string, string> = { t: "\t", b: "\b", n: "\n", "\\": "\\", '"': '"' };
          if (e === undefined || !(e in map)) return null;
          v += map[e];
          continue;
        }
        if (ch === '"') {
          quote = !quote;
          continue;
        }
        v += ch;
      }
      value = v;
    } else if (s[i] === "\n" || s[i] === undefined) {
      value = null; // a boolean key: not a URL
    } else return null;
    if (section === "remote" && sub !== null && key === "url" && value !== null) out.push({ name: sub, url: value });
  }
  return out;
}
