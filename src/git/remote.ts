// Remote URLs: which remote a repository is known by, and its host/owner/name. SCP-form
// origins (git@github.com:acme/myapp.git) give the same layout as HTTPS ones.
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
