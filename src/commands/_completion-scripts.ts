// Shell completion scripts for bash, zsh and fish, generated from one table of commands and
// flags. Dynamic values (branches, worktrees, session names, config keys) come from the hidden
// `gwq completion __items <kind>`, so a script never goes stale. The script also defines the `gwq`
// wrapper function: with cd.launch_shell = false, `gwq cd` (and `gwq add -s`) then change the
// current shell's directory, as with the Go gwq's wrapper; with it true they still start a shell.

import { kebab, visible, type CommandSpec, type Complete } from "./_cli.js";

export type ItemKind = Complete;

interface Spec {
  flags: string[];
  args?: ItemKind;
  /** Flags whose value is one of these items (`tmux run -w <worktree>`). */
  values?: Record<string, ItemKind>;
  subs?: Record<string, Spec>;
}

/** A command's flags and what its first completable argument offers, from the manifest. The
 *  scripts know two levels (`tmux list`): a deeper group (`agent hooks ...`) offers the flags of
 *  all its commands. */
function specOf(c: CommandSpec, depth: number): Spec {
  const flags: string[] = [];
  for (const [key, f] of Object.entries(c.flags ?? {})) {
    if (f.short) flags.push(`-${f.short}`);
    flags.push(f.negated ? `--no-${kebab(key)}` : `--${kebab(key)}`);
  }
  const args = c.args?.find((a) => a.complete)?.complete;
  const values: Record<string, ItemKind> = {};
  for (const [key, f] of Object.entries(c.flags ?? {})) {
    if (!f.complete) continue;
    if (f.short) values[`-${f.short}`] = f.complete;
    values[`--${kebab(key)}`] = f.complete;
  }
  if (Object.keys(values).length) return { flags, ...(args ? { args } : {}), values };
  if (c.subcommands && !c.runs && depth >= 1) {
    for (const [, sub] of visible(c.subcommands)) for (const f of specOf(sub, depth + 1).flags) if (!flags.includes(f)) flags.push(f);
    return { flags, ...(args ? { args } : {}) };
  }
  const subs = c.subcommands && !c.runs ? table(c.subcommands, depth + 1) : undefined;
  return { flags, ...(args ? { args } : {}), ...(subs ? { subs } : {}) };
}

/** Every visible command under its name and each alias. */
function table(t: Readonly<Record<string, CommandSpec>>, depth: number): Record<string, Spec> {
  const out: Record<string, Spec> = {};
  for (const [name, c] of visible(t)) for (const n of [name, ...(c.aliases ?? [])]) out[n] = specOf(c, depth);
  return out;
}

let SPEC: Record<string, Spec> = {};
/** The scripts are made from gwq's command tree, which the caller passes in (the tree imports the
 *  caller's code, so this file cannot import the tree). */
function use(root: CommandSpec): void {
  SPEC = { ...table(root.subcommands ?? {}, 0), help: { flags: [] } };
}

const ROOT_FLAGS = ["-h", "--help", "-v", "--version"];
/** Shell test: the word so far is a command with subcommands (tmux, config, agent). */
const hasSubs = () =>
  Object.keys(SPEC)
    .filter((k) => SPEC[k]!.subs)
    .map((k) => `"$key" == ${k}`)
    .join(" || ");

/** `key:flag` → the item kind of that flag's value, for every command and subcommand. */
function valueFlags(): [string, string, ItemKind][] {
  const out: [string, string, ItemKind][] = [];
  const add = (key: string, spec: Spec) => {
    for (const [flag, kind] of Object.entries(spec.values ?? {})) out.push([key, flag, kind]);
  };
  for (const [name, spec] of Object.entries(SPEC)) {
    add(name, spec);
    for (const [sub, s] of Object.entries(spec.subs ?? {})) add(`${name}/${sub}`, s);
  }
  return out;
}

/** Shell case arms: after a flag that takes an item, complete that item. */
function valueArms(indent: string): string {
  return valueFlags()
    .map(([key, flag, kind]) => `${indent}"${key} ${flag}") kind="${kind}"; value=1 ;;`)
    .join("\n");
}
const commandNames = () => Object.keys(SPEC).join(" ");

/** `cmd` or `cmd/sub` → flags and item kind, as shell case arms. */
function arms(fmt: (key: string, flags: string, kind: string) => string): string {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(SPEC)) {
    if (spec.subs) {
      for (const [sub, s] of Object.entries(spec.subs)) out.push(fmt(`${name}/${sub}`, [...s.flags, "-h", "--help"].join(" "), s.args ?? ""));
      out.push(fmt(name, "-h --help", `subs:${Object.keys(spec.subs).join(" ")}`));
    } else out.push(fmt(name, [...spec.flags, "-h", "--help"].join(" "), spec.args ?? ""));
  }
  return out.join("\n");
}

const POSIX_WRAPPER = `
# gwq shell integration: with cd.launch_shell = false, \`gwq cd\` and \`gwq add -s\` change
# this shell's directory instead of starting a new shell.
gwq() {
    case "$1" in
        cd|add)
            local __gwq_arg
            for __gwq_arg in "$@"; do
                case "$__gwq_arg" in --help|-h) command gwq "$@"; return $? ;; esac
            done
            local __gwq_result
            __gwq_result="$(__GWQ_CD_SHIM=1 command gwq "$@")" || return $?
            if [ -n "$__gwq_result" ]; then
                builtin cd -- "$__gwq_result" || return $?
            fi
            ;;
        *) command gwq "$@" ;;
    esac
}
`;

const FISH_WRAPPER = `
# gwq shell integration: with cd.launch_shell = false, \`gwq cd\` and \`gwq add -s\` change
# this shell's directory instead of starting a new shell.
function gwq --wraps gwq
    if contains -- "$argv[1]" cd add; and not contains -- -h $argv; and not contains -- --help $argv
        set -l __gwq_result (env __GWQ_CD_SHIM=1 command gwq $argv)
        or return $status
        if test -n "$__gwq_result"
            builtin cd -- "$__gwq_result"
        end
    else
        command gwq $argv
    end
end
`;

export function bashScript(root: CommandSpec, wrapper: boolean): string {
  use(root);
  return `# gwq completion for bash: source <(gwq completion bash)
_gwq_items() { command gwq completion __items "$1" 2>/dev/null; }
_gwq() {
    local cur="\${COMP_WORDS[COMP_CWORD]}" key="" i w n=0
    # bash splits words at ':' (repo:branch); complete the part after it.
    local colon_prefix=""
    if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then colon_prefix="\${cur%"\${cur##*:}"}"; fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="\${COMP_WORDS[i]}"
        [[ "$w" == -- ]] && return 0
        [[ "$w" == -* || "$w" == : ]] && continue
        if ((n == 0)); then key="$w"; n=1
        elif ((n == 1)) && [[ ${hasSubs()} ]]; then key="$key/$w"; n=2
        else n=3; fi
    done
    if [[ -z "$key" ]]; then
        COMPREPLY=($(compgen -W "${commandNames()} ${ROOT_FLAGS.join(" ")}" -- "$cur"))
        return 0
    fi
    local flags="" kind="" value=0
    case "$key" in
${arms((k, f, kind) => `        ${k}) flags="${f}"; kind="${kind}" ;;`)}
    esac
    case "$key \${COMP_WORDS[COMP_CWORD-1]}" in
${valueArms("        ")}
    esac
    if ((value)); then
        local IFS=$'\\n'
        COMPREPLY=($(compgen -W "$(_gwq_items "$kind")" -- "$cur"))
        if [[ -n "$colon_prefix" ]]; then
            for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]="\${COMPREPLY[i]#"$colon_prefix"}"; done
        fi
    elif [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    elif [[ "$kind" == subs:* ]]; then
        COMPREPLY=($(compgen -W "\${kind#subs:}" -- "$cur"))
    elif [[ -n "$kind" ]] && ((n < 3)); then
        local IFS=$'\\n'
        COMPREPLY=($(compgen -W "$(_gwq_items "$kind")" -- "$cur"))
        if [[ -n "$colon_prefix" ]]; then
            for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]="\${COMPREPLY[i]#"$colon_prefix"}"; done
        fi
    fi
    return 0
}
complete -F _gwq gwq
${wrapper ? POSIX_WRAPPER : ""}`;
}

export function zshScript(root: CommandSpec, wrapper: boolean): string {
  use(root);
  return `#compdef gwq
# gwq completion for zsh: source <(gwq completion zsh)   (after compinit)
_gwq() {
    local key="" w n=0 i
    for ((i = 2; i < CURRENT; i++)); do
        w="\${words[i]}"
        [[ "$w" == -- ]] && return 0
        [[ "$w" == -* ]] && continue
        if ((n == 0)); then key="$w"; n=1
        elif ((n == 1)) && [[ ${hasSubs()} ]]; then key="$key/$w"; n=2
        else n=3; fi
    done
    if [[ -z "$key" ]]; then
        compadd -- ${commandNames()} ${ROOT_FLAGS.join(" ")}
        return
    fi
    local flags="" kind="" value=0
    case "$key" in
${arms((k, f, kind) => `        ${k}) flags="${f}"; kind="${kind}" ;;`)}
    esac
    case "$key \${words[CURRENT-1]}" in
${valueArms("        ")}
    esac
    if ((value)); then
        compadd -- \${(f)"$(command gwq completion __items "$kind" 2>/dev/null)"}
    elif [[ "$PREFIX" == -* ]]; then
        compadd -- \${=flags}
    elif [[ "$kind" == subs:* ]]; then
        compadd -- \${=kind#subs:}
    elif [[ -n "$kind" ]] && ((n < 3)); then
        compadd -- \${(f)"$(command gwq completion __items "$kind" 2>/dev/null)"}
    fi
}
if (( $+functions[compdef] )); then compdef _gwq gwq; fi
${wrapper ? POSIX_WRAPPER : ""}`;
}

function fishFlag(flag: string): string {
  return flag.startsWith("--") ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`;
}

export function fishScript(root: CommandSpec, wrapper: boolean): string {
  use(root);
  const lines = [
    "# gwq completion for fish: gwq completion fish | source",
    "complete -c gwq -f",
    `complete -c gwq -n __fish_use_subcommand -a "${commandNames()}"`,
  ];
  for (const [name, spec] of Object.entries(SPEC)) {
    const seen = `__fish_seen_subcommand_from ${name}`;
    if (spec.subs) {
      const subs = Object.keys(spec.subs).join(" ");
      lines.push(`complete -c gwq -n "${seen}; and not __fish_seen_subcommand_from ${subs}" -a "${subs}"`);
      for (const [sub, s] of Object.entries(spec.subs)) {
        const cond = `${seen}; and __fish_seen_subcommand_from ${sub}`;
        for (const f of s.flags) {
          const kind = s.values?.[f];
          // A flag taking an item: -x (needs a value, no files) with the items as its values.
          lines.push(`complete -c gwq -n "${cond}" ${fishFlag(f)}${kind ? ` -x -a "(command gwq completion __items ${kind} 2>/dev/null)"` : ""}`);
        }
        if (s.args) lines.push(`complete -c gwq -n "${cond}" -a "(command gwq completion __items ${s.args} 2>/dev/null)"`);
      }
      continue;
    }
    for (const f of spec.flags) lines.push(`complete -c gwq -n "${seen}" ${fishFlag(f)}`);
    if (spec.args) lines.push(`complete -c gwq -n "${seen}" -a "(command gwq completion __items ${spec.args} 2>/dev/null)"`);
  }
  return lines.join("\n") + "\n" + (wrapper ? FISH_WRAPPER : "");
}
