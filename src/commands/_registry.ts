// The code of each command in _manifest.ts, by its path: imported only when that command runs,
// so `gwq get x` never loads the tmux or status code. A unit test checks that every command in
// the manifest has a loader here and nothing else does.
import type { CommandSpec, Invocation } from "./_cli.js";

export interface CommandModule {
  default: (inv: Invocation<CommandSpec>) => void | Promise<void>;
}

// Each module types its invocation from its own spec; here they are all one shape.
type Loader = () => Promise<{ default: (inv: never) => void | Promise<void> }>;

export const loaders: Record<string, Loader> = {
  add: () => import("./add.js"),
  list: () => import("./list.js"),
  get: () => import("./get.js"),
  cd: () => import("./cd.js"),
  exec: () => import("./exec.js"),
  remove: () => import("./remove.js"),
  prune: () => import("./prune.js"),
  status: () => import("./status.js"),
  spawn: () => import("./spawn.js"),
  diff: () => import("./diff.js"),
  merge: () => import("./merge.js"),
  "tmux run": () => import("./tmux/run.js"),
  "tmux list": () => import("./tmux/list.js"),
  "tmux attach": () => import("./tmux/attach.js"),
  "tmux kill": () => import("./tmux/kill.js"),
  "tmux logs": () => import("./tmux/logs.js"),
  "tmux save": () => import("./tmux/save.js"),
  "tmux wait": () => import("./tmux/wait.js"),
  "tmux restart": () => import("./tmux/restart.js"),
  "tmux resurrect": () => import("./tmux/resurrect.js"),
  "tmux state": () => import("./tmux/state.js"),
  "tmux send": () => import("./tmux/send.js"),
  dash: () => import("./dash.js"),
  "agent hooks install": () => import("./agent/hooks.js").then((m) => ({ default: m.install })),
  "agent hooks uninstall": () => import("./agent/hooks.js").then((m) => ({ default: m.uninstall })),
  "agent hooks status": () => import("./agent/hooks.js").then((m) => ({ default: m.status })),
  events: () => import("./events.js"),
  "host add": () => import("./host.js").then((m) => ({ default: m.add })),
  "host list": () => import("./host.js").then((m) => ({ default: m.list })),
  "host rm": () => import("./host.js").then((m) => ({ default: m.rm })),
  "host info": () => import("./host.js").then((m) => ({ default: m.info })),
  "config list": () => import("./config.js").then((m) => ({ default: m.list })),
  "config get": () => import("./config.js").then((m) => ({ default: m.get })),
  "config set": () => import("./config.js").then((m) => ({ default: m.set })),
  "config trust": () => import("./config.js").then((m) => ({ default: m.trust })),
  completion: () => import("./completion.js"),
  "completion __items": () => import("./completion.js").then((m) => ({ default: m.items })),
  version: () => import("./version.js"),
};

/** The module of the command at `path`. */
export async function load(path: string[]): Promise<CommandModule> {
  const loader = loaders[path.join(" ")];
  if (!loader) throw new Error(`no code for the command "${path.join(" ")}"`);
  return (await loader()) as unknown as CommandModule;
}
