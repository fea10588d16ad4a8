// gwq agent hooks, config, completion and version as data: arguments, flags, help. _manifest.ts
// puts them in gwq's tree with the code each loads.
import { command } from "./_cli.js";

const agentKind = { name: "agent", required: true, description: "claude, codex or gemini" } as const;

export const agentHooksInstall = command({
  summary: "Merge gwq's hooks into an agent's settings (keeps everything of yours)",
  args: [agentKind],
  flags: { project: { type: "boolean", description: "the project's settings in the current directory, not your user settings" } },
});

export const agentHooksUninstall = command({
  summary: "Remove gwq's hooks (and only gwq's) from an agent's settings",
  args: [agentKind],
  flags: { project: { type: "boolean", description: "the project's settings in the current directory" } },
});

export const agentHooksStatus = command({
  summary: "Per agent: whether gwq's hooks are in place, what stops them, and when one last spoke",
  flags: {
    json: { type: "boolean", description: "as JSON" },
    project: { type: "boolean", description: "the project's settings (in the current directory) instead of the user's" },
  },
});

export const configList = command({ summary: "Show every setting and its value", aliases: ["ls"] });

export const configGet = command({
  summary: "Print one setting",
  args: [{ name: "key", required: true, description: "e.g. tmux.history_limit", complete: "config-keys" }],
});

export const configSet = command({
  summary: "Change one setting in the global config, or ./.gwq.toml with --local",
  args: [
    { name: "key", required: true, description: "e.g. tmux.history_limit", complete: "config-keys" },
    { name: "value", required: true, description: "the new value" },
  ],
  flags: { local: { type: "boolean", description: "write ./.gwq.toml instead of the global config" } },
});

export const configTrust = command({
  summary: "Allow ./.gwq.toml (or FILE) to choose programs and setup commands",
  args: [{ name: "file", default: ".gwq.toml", description: "the local config file to trust" }],
});

// ---------------------------------------------------------------------------------------------

// What the completion scripts ask for, one value per line.
export const completionItems = command({
  summary: "Values for the completion scripts",
  hidden: true,
  args: [{ name: "kind", required: true, description: "branches|worktrees|sessions|config-keys|shells|agents" }],
});

export const completion = command({
  summary: "Print a shell completion script",
  description: "Print a shell completion script (with the gwq cd wrapper): source <(gwq completion bash)",
  args: [{ name: "shell", description: "one of bash, zsh, fish", complete: "shells" }],
  help:
    "bash: source <(gwq completion bash)   zsh: source <(gwq completion zsh)   fish: gwq completion fish | source\n" +
    "With cd.launch_shell = false, `gwq cd` then changes the current shell's directory.",
  runs: true,
  subcommands: { __items: completionItems },
});

export const version = command({ summary: "Print the version" });
