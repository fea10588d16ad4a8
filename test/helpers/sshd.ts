// A real OpenSSH server for one test: Debian's sshd on 127.0.0.1 at a free port, throwaway host
// and user keys, and a far side of its own — a second Unix user (`gwqfar`) when the tests run as
// root, else this user — with its own HOME, XDG dirs and tmux server, set by sshd's SetEnv so
// nothing of the test's own world leaks across.
//
// The client side is plain ssh with a config file of the test's (`sshConfig`): OpenSSH reads
// ~/.ssh from the passwd entry, not $HOME, so a test must never rely on ~/.ssh.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { eventually, type Sandbox } from "./sandbox.js";

export const SSHD = "/usr/sbin/sshd";
export const FAR_USER = "gwqfar";

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync("/usr/bin/ssh-keygen");
}

/** Every process below `pid` (from /proc: the parent of each). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(fields[1]));
    } catch {
      // ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function ensureFarUser(): { user: string; uid: number; gid: number } {
  if (process.getuid?.() !== 0) {
    const user = execFileSync("id", ["-un"], { encoding: "utf8" }).trim();
    return { user, uid: process.getuid!(), gid: process.getgid!() };
  }
  const exists = () => {
    try {
      execFileSync("id", ["-u", FAR_USER], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (!exists()) {
    try {
      execFileSync("useradd", ["-m", "-s", "/bin/bash", FAR_USER], { stdio: "ignore" });
    } catch (e) {
      // Two test files at once: the other one may have just made it.
      if (!exists()) throw e;
    }
  }
  // useradd leaves the password locked ("!"), and sshd without PAM refuses a locked account even
  // for key logins: "*" means no password, not locked.
  execFileSync("usermod", ["-p", "*", FAR_USER], { stdio: "ignore" });
  const uid = Number(execFileSync("id", ["-u", FAR_USER], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", FAR_USER], { encoding: "utf8" }).trim());
  return { user: FAR_USER, uid, gid };
}

export interface FarSide {
  user: string;
  port: number;
  /** The far side's own HOME (owned by the far user). */
  home: string;
  /** Its private TMUX_TMPDIR. */
  tmuxDir: string;
  /** Its XDG_STATE_HOME (gwq's records there). */
  stateDir: string;
  /** ssh client config for this server: give it to gwq as `ssh.config`. */
  sshConfig: string;
  /** The Host alias in sshConfig that reaches the far side. */
  alias: string;
  /** Run a command on the far side through plain ssh (argv joined by the caller's quoting). */
  ssh(remoteCommand: string, input?: string): string;
  /** Run a program as the far user, locally, in its environment (for checks behind gwq's back). */
  asFar(command: string, args: string[]): string;
  stop(): Promise<void>;
  process: ChildProcess;
}

/** Start sshd for `sb`; the far side's files live under sb.path("far"). */
export async function startSshd(sb: Sandbox, opts: { farPath?: string[]; extraEnv?: Record<string, string>; tag?: string } = {}): Promise<FarSide> {
  const { user, uid, gid } = ensureFarUser();
  // Several servers per sandbox (the bench's three hosts): each its own tag, dirs and alias.
  const tag = opts.tag ?? "far";
  const dir = sb.path(`${tag}-sshd`);
  // sshd reads authorized_keys as the far user: the directory must be reachable by it.
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const far = sb.path(tag);
  const home = join(far, "home");
  const tmuxDir = join(far, "tmux");
  const stateDir = join(far, "state");
  for (const d of [far, home, tmuxDir, stateDir, join(far, "config"), join(far, "cache")]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    chownSync(d, uid, gid);
  }
  // The far user must be able to reach its dirs through the sandbox root.
  chmodSync(sb.root, 0o755);

  const hostKey = join(dir, "host_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  const keys = join(sb.home, ".ssh-test", tag);
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  const userKey = join(keys, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", userKey]);
  const authKeys = join(dir, "authorized_keys");
  writeFileSync(authKeys, readFileSync(`${userKey}.pub`), { mode: 0o644 });

  const port = await freePort();
  const pathOnFar = [...(opts.farPath ?? []), "/usr/local/bin", "/usr/bin", "/bin"].join(":");
  const env: Record<string, string> = {
    HOME: home,
    TMUX_TMPDIR: tmuxDir,
    XDG_STATE_HOME: stateDir,
    XDG_CONFIG_HOME: join(far, "config"),
    XDG_CACHE_HOME: join(far, "cache"),
    PATH: pathOnFar,
    LANG: "C.UTF-8",
    GWQ_TEST: "1",
    ...(opts.extraEnv ?? {}),
  };
  const config = [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${authKeys}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "StrictModes no",
    "PermitRootLogin no",
    `AllowUsers ${user}`,
    "PrintMotd no",
    "LogLevel ERROR",
    `SetEnv ${Object.entries(env).map(([k, v]) => `${k}="${v}"`).join(" ")}`,
    "",
  ].join("\n");
  const configPath = join(dir, "sshd_config");
  writeFileSync(configPath, config);
  if (process.getuid?.() === 0) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  const child = spawn(SSHD, ["-D", "-e", "-f", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.setEncoding("utf8").on("data", (d) => (log += d));

  const knownHosts = join(keys, "known_hosts");
  const pub = readFileSync(`${hostKey}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${pub}\n`);
  const alias = tag;
  const sshConfig = join(keys, "config");
  writeFileSync(
    sshConfig,
    [
      `Host ${alias}`,
      "  HostName 127.0.0.1",
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${userKey}`,
      "  IdentitiesOnly yes",
      `  UserKnownHostsFile ${knownHosts}`,
      "  GlobalKnownHostsFile /dev/null",
      "  StrictHostKeyChecking yes",
      "  BatchMode yes",
      "",
    ].join("\n"),
  );

  const ssh = (remoteCommand: string, input?: string): string =>
    execFileSync("ssh", ["-F", sshConfig, alias, remoteCommand], { encoding: "utf8", input, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const asFar = (command: string, args: string[]): string => {
    const [prog, argv] = process.getuid?.() === 0 ? ["runuser", ["-u", user, "--", "env", ...envArgs, command, ...args]] : ["env", [...envArgs, command, ...args]];
    return execFileSync(prog as string, argv as string[], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  };
  await eventually(() => ssh("echo ok").trim() === "ok", 20000, `sshd on port ${port} accepting logins${log ? `: ${log}` : ""}`);

  return {
    user,
    port,
    home,
    tmuxDir,
    stateDir,
    sshConfig,
    alias,
    ssh,
    asFar,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // The server's connections too (a stopped machine keeps none): every process below it.
        for (const pid of descendants(child.pid!)) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // gone already
          }
        }
        child.kill("SIGTERM");
        await eventually(() => child.exitCode !== null || child.signalCode !== null, 10000, "sshd stopped");
      }
      // The far user's tmux server belongs to this test alone: end it with the server.
      try {
        asFar("tmux", ["kill-server"]);
      } catch {
        // no server there
      }
    },
    process: child,
  };
}
