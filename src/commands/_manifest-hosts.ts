// The `gwq host` commands as data (kept beside _manifest.ts, which builds the tree from them).
import { command, type FlagSpec } from "./_cli.js";

const name = { name: "name", description: "the host's name: lower-case letters, digits and -", required: true, complete: "hosts" } as const;

export const hostAdd = command({
  summary: "Add a host: another machine reached over ssh",
  description: "Check a host over ssh (tmux, git, gwq) and add it to the global config as [hosts.<name>]",
  args: [
    { ...name, complete: undefined },
    { name: "destination", description: "what ssh connects to: user@host or an alias of your ssh config", required: true },
  ],
  flags: {
    install: { type: "boolean", description: "copy this gwq (the standalone binary) to ~/.local/bin/gwq there when it is missing or older" },
  },
});

export const hostList = command({
  summary: "List hosts: reachable, round trip, gwq version, sessions",
  aliases: ["ls"],
  flags: {
    json: { type: "boolean", description: "print a JSON array: name, destination, reachable, round_trip_ms, version, sessions, error" },
  },
});

export const hostRm = command({
  summary: "Remove a host from the global config",
  aliases: ["remove"],
  args: [name],
});

export const hostInfo = command({
  summary: "This machine's gwq version and sessions as JSON (what `host list` asks a host)",
  hidden: true,
});

export const host = command({
  summary: "Other machines where gwq runs sessions, reached over ssh",
  subcommands: { add: hostAdd, list: hostList, rm: hostRm, info: hostInfo },
});

/** `--host <name>`: the commands that can run on a configured host. */
export const hostFlag = {
  type: "string",
  value: "name",
  description: "do it on this configured host (gwq host list), over ssh",
  complete: "hosts",
} as const satisfies FlagSpec;

/** `--all-hosts` (`-H`): this machine and every configured host, asked at once. */
export const allHostsFlag = {
  type: "boolean",
  short: "H",
  description: "this machine and every configured host, asked at once (each record carries host)",
} as const satisfies FlagSpec;

/** `--cwd <dir>` with `--host`: where on the far side a worktree command runs (default: its HOME). */
export const farCwdFlag = {
  type: "string",
  value: "dir",
  description: "with --host: run in this directory there (relative to its HOME; ~/ allowed)",
} as const satisfies FlagSpec;
