// After `gwq add`: repository_settings copy_files (copy-files.ts) and setup_commands. Both are
// configuration the user wrote or trusted (an untrusted .gwq.toml cannot supply either), so setup
// commands run with `sh -c` in the new worktree. Template variables in them are inserted quoted
// for where they stand (src/shell.ts quoteAt), so a branch name is always one literal word and
// never shell syntax. Problems are reported and skipped: the worktree exists.
import { runInteractive } from "../process.js";
import { quoteAt, type QuoteState } from "../shell.js";
import { TEMPLATE_VARIABLE } from "./layout.js";
import { writeErr } from "../output.js";

function report(message: string): void {
  writeErr(`gwq: error: ${message}\n`);
}

export { copyFiles, globFiles } from "./copy-files.js";

// ---- setup_commands --------------------------------------------------------------------------

export type SetupVars = Record<"Host" | "Owner" | "Repository" | "Branch" | "Hash" | "Path", string>;

/**
 * Fill a setup command's `{{.Var}}`s. Returns the command, or an error message naming the first
 * unknown variable (that command is then skipped).
 */
export function renderSetupCommand(command: string, vars: SetupVars): { command: string } | { error: string } {
  let out = "";
  let state: QuoteState = "none";
  const re = new RegExp(TEMPLATE_VARIABLE.source, "y");
  for (let i = 0; i < command.length; ) {
    re.lastIndex = i;
    const m = re.exec(command);
    if (m) {
      const name = m[1]!;
      if (!(name in vars)) {
        return { error: `unknown variable ${m[0]} in setup command "${command}" (known: ${Object.keys(vars).map((k) => `{{.${k}}}`).join(", ")}); skipped it` };
      }
      out += quoteAt(vars[name as keyof SetupVars], state);
      i += m[0].length;
      continue;
    }
    const c = command[i]!;
    if (state === "none") {
      if (c === "'") state = "single";
      else if (c === '"') state = "double";
      else if (c === "\\" && i + 1 < command.length) {
        out += c + command[i + 1];
        i += 2;
        continue;
      }
    } else if (state === "single") {
      if (c === "'") state = "none";
    } else {
      if (c === '"') state = "none";
      else if (c === "\\" && i + 1 < command.length) {
        out += c + command[i + 1];
        i += 2;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { command: out };
}

/** Run setup commands one by one in `cwd`; their output goes to stderr. Returns how many failed. */
export async function runSetupCommands(commands: string[], vars: SetupVars, cwd: string): Promise<number> {
  let failed = 0;
  for (const source of commands) {
    if (!source.trim()) continue;
    const r = renderSetupCommand(source, vars);
    if ("error" in r) {
      failed++;
      report(r.error);
      continue;
    }
    writeErr(`gwq: running setup command: ${source}\n`);
    // stdout goes to our stderr so `gwq add`'s own stdout stays clean for the shell wrapper.
    const code = await runInteractive("sh", ["-c", r.command], {
      cwd,
      stdio: ["ignore", 2, 2],
      env: { ...process.env, GWQ_WORKTREE_PATH: vars.Path, GWQ_BRANCH: vars.Branch },
    });
    if (code !== 0) {
      failed++;
      report(`setup command failed (exit code ${code}): ${source}`);
    }
  }
  return failed;
}
