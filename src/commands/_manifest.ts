// gwq's command tree: every command's declaration (_specs-*.ts, _manifest-hosts.ts) with the
// `load` that imports its code, only when it runs — `gwq get x` never loads the tmux or status
// code. The parser (_cli.ts), `--help` (_help.ts) and the shell completion scripts are all made
// from this one table.
import { command, type CommandModule, type CommandSpec } from "./_cli.js";
import { host } from "./_manifest-hosts.js";
import * as more from "./_specs-more.js";
import * as s from "./_specs-sessions.js";
import * as w from "./_specs-worktrees.js";

type Loaded = Promise<CommandModule>;
/** A declaration with its code: `load` imports the module (or picks one of its functions). */
const with_ = <S extends CommandSpec>(spec: S, load: () => Loaded): S => ({ ...spec, load });
const pick =
  <K extends string>(mod: () => Promise<Record<K, unknown>>, name: K) =>
  (): Loaded =>
    mod().then((m) => ({ default: m[name] }) as CommandModule);

/** A group whose every subcommand gets its code (the compiler asks for each one). */
function withCode<S extends CommandSpec & { subcommands: Readonly<Record<string, CommandSpec>> }>(group: S, code: { [K in keyof S["subcommands"]]: () => Loaded }): S {
  const subcommands = Object.fromEntries(Object.entries(group.subcommands).map(([name, spec]) => [name, with_(spec, code[name as keyof S["subcommands"]])]));
  return { ...group, subcommands };
}

const completion = () => import("./completion.js");
const hooks = () => import("./agent/hooks.js");
const config = () => import("./config.js");
const hosts = () => import("./host.js");

/** gwq itself: its commands, in the order help and errors list them. */
export const gwq = command({
  summary: "Git worktrees, and long-running commands in tmux sessions that remember how they ended",
  help: 'Run "gwq <command> --help" for a command\'s flags.',
  subcommands: {
    add: with_(w.add, () => import("./add.js") as Loaded),
    list: with_(w.list, () => import("./list.js") as Loaded),
    get: with_(w.get, () => import("./get.js") as Loaded),
    cd: with_(w.cd, () => import("./cd.js") as Loaded),
    exec: with_(w.exec, () => import("./exec.js") as Loaded),
    remove: with_(w.remove, () => import("./remove.js") as Loaded),
    prune: with_(w.prune, () => import("./prune.js") as Loaded),
    status: with_(w.status, () => import("./status.js") as Loaded),
    spawn: with_(w.spawn, () => import("./spawn.js") as Loaded),
    diff: with_(w.diff, () => import("./diff.js") as Loaded),
    merge: with_(w.merge, () => import("./merge.js") as Loaded),
    tmux: command({
      summary: "Run and manage long-running commands in tmux sessions",
      subcommands: {
        run: with_(s.tmuxRun, () => import("./tmux/run.js") as Loaded),
        list: with_(s.tmuxList, () => import("./tmux/list.js") as Loaded),
        attach: with_(s.tmuxAttach, () => import("./tmux/attach.js") as Loaded),
        kill: with_(s.tmuxKill, () => import("./tmux/kill.js") as Loaded),
        logs: with_(s.tmuxLogs, () => import("./tmux/logs.js") as Loaded),
        save: with_(s.tmuxSave, () => import("./tmux/save.js") as Loaded),
        wait: with_(s.tmuxWait, () => import("./tmux/wait.js") as Loaded),
        restart: with_(s.tmuxRestart, () => import("./tmux/restart.js") as Loaded),
        resurrect: with_(s.tmuxResurrect, () => import("./tmux/resurrect.js") as Loaded),
        state: with_(s.tmuxState, () => import("./tmux/state.js") as Loaded),
        send: with_(s.tmuxSend, () => import("./tmux/send.js") as Loaded),
      },
    }),
    dash: with_(s.dash, () => import("./dash.js") as Loaded),
    agent: command({
      summary: "Coding agents: install gwq's hooks so sessions show working, waiting or idle",
      subcommands: {
        hooks: command({
          summary: "Install, remove or check gwq's hooks in an agent's settings",
          subcommands: {
            install: with_(more.agentHooksInstall, pick(hooks, "install")),
            uninstall: with_(more.agentHooksUninstall, pick(hooks, "uninstall")),
            status: with_(more.agentHooksStatus, pick(hooks, "status")),
          },
        }),
      },
    }),
    events: with_(s.events, () => import("./events.js") as Loaded),
    config: command({
      summary: "Show and change configuration",
      subcommands: {
        list: with_(more.configList, pick(config, "list")),
        get: with_(more.configGet, pick(config, "get")),
        set: with_(more.configSet, pick(config, "set")),
        trust: with_(more.configTrust, pick(config, "trust")),
      },
    }),
    host: withCode(host, { add: pick(hosts, "add"), list: pick(hosts, "list"), rm: pick(hosts, "rm"), info: pick(hosts, "info") }),
    completion: { ...withCode(more.completion, { __items: pick(completion, "items") }), load: () => completion() as Loaded },
    version: with_(more.version, () => import("./version.js") as Loaded),
  },
});

export const ROOT_FLAGS: [string, string][] = [
  ["-v, --version", "print the version"],
  ["    --debug", "show stack traces for errors"],
  ["-h, --help", "show help"],
];
