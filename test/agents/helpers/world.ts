// One test's world for a real agent: a sandbox (private HOME, XDG dirs and tmux server), the mock
// model server, a real git repository, the agent's settings written so it starts with no dialog,
// and gwq's hooks installed. The agent is always driven through gwq.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { eventually, makeRepo, Sandbox, type RunResult } from "../../helpers/sandbox.js";
import { MockModels } from "../mock/server.js";

export type AgentKind = "claude" | "codex" | "gemini";

/** The pinned versions `npm run test:agents` installs (scripts/test-agents.mjs keeps the same list). */
export const PINNED: Record<AgentKind, { pkg: string; version: string; bin: string }> = {
  claude: { pkg: "@anthropic-ai/claude-code", version: "2.1.197", bin: "claude" },
  codex: { pkg: "@openai/codex", version: "0.171.0", bin: "codex" },
  gemini: { pkg: "@google/gemini-cli", version: "0.61.0", bin: "gemini" },
};

export const AGENTS_CACHE = process.env.GWQ_TEST_AGENTS_DIR || join(homedir(), ".cache", "gwq-test-agents");

/** Absolute path of the installed program (its npm bin link, whose name is the agent's). */
export function agentBin(kind: AgentKind): string {
  const p = PINNED[kind];
  return join(AGENTS_CACHE, `${p.pkg.replace("/", "+")}@${p.version}`, "node_modules", ".bin", p.bin);
}

/** Long waits: these programs take many seconds to start on a busy two-core machine. */
export const START_MS = 120_000;
export const TURN_MS = 90_000;

const API_KEY = "sk-ant-mock-gwq-test-key-0123456789abcdefghij";

export interface Rec {
  session_name: string;
  status: string;
  state: string | null;
  state_source: string | null;
  state_reason: string | null;
  state_since: string | null;
  agent_session_id: string | null;
  agent: string | null;
  command: string;
  working_dir: string;
  [k: string]: unknown;
}

export class AgentWorld {
  readonly sb = new Sandbox();
  readonly mock = new MockModels();
  repo = "";

  private constructor(readonly kind: AgentKind) {}

  static async create(kind: AgentKind): Promise<AgentWorld> {
    const w = new AgentWorld(kind);
    await w.mock.start();
    w.repo = makeRepo(w.sb, { name: "app" });
    w.configure();
    const r = await w.gwq(["agent", "hooks", "install", kind]);
    if (r.code !== 0) throw new Error(`hooks install: ${r.stderr}`);
    return w;
  }

  /** The agent's own settings: the facts that make it start against the mock with no dialog. */
  private configure(): void {
    const { sb, mock } = this;
    const home = sb.home;
    if (this.kind === "claude") {
      Object.assign(sb.env, { ANTHROPIC_BASE_URL: mock.url, ANTHROPIC_API_KEY: API_KEY, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" });
      // Trust is inherited by sub-directories: the sandbox root covers the repo and its worktrees.
      const state = { hasCompletedOnboarding: true, customApiKeyResponses: { approved: [API_KEY.slice(-20)], rejected: [] }, projects: { [sb.root]: { hasTrustDialogAccepted: true } } };
      writeFileSync(join(home, ".claude.json"), JSON.stringify(state, null, 2));
    } else if (this.kind === "codex") {
      mkdirSync(join(home, ".codex"), { recursive: true });
      this.codexConfig(`model = "gpt-mock"\nmodel_provider = "mock"\n\n[model_providers.mock]\nname = "Mock"\nbase_url = "${mock.url}/v1"\nwire_api = "responses"\n`);
      this.trustCodexProject(this.repo);
    } else {
      Object.assign(sb.env, { GEMINI_API_KEY: "mock-gemini-key", GOOGLE_GEMINI_BASE_URL: mock.url });
      mkdirSync(join(home, ".gemini"), { recursive: true });
      writeFileSync(join(home, ".gemini", "settings.json"), JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }, null, 2));
    }
  }

  private codexConfig(text: string): void {
    const p = join(this.sb.home, ".codex", "config.toml");
    writeFileSync(p, (existsSync(p) ? readFileSync(p, "utf8") + "\n" : "") + text);
  }

  trustCodexProject(dir: string): void {
    this.codexConfig(`[projects."${dir}"]\ntrust_level = "trusted"\n`);
  }

  /** Gemini's folder trust (what its "Trust folder" dialog writes). */
  trustGeminiFolder(dir: string): void {
    writeFileSync(join(this.sb.home, ".gemini", "trustedFolders.json"), JSON.stringify({ [dir]: "TRUST_FOLDER" }, null, 2));
  }

  gwq(args: string[], cwd = this.repo, timeoutMs = 60_000): Promise<RunResult> {
    return this.sb.gwq(args, { cwd, timeoutMs });
  }

  async gwqOk(args: string[], cwd = this.repo, timeoutMs = 60_000): Promise<string> {
    const r = await this.gwq(args, cwd, timeoutMs);
    if (r.code !== 0) throw new Error(`gwq ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  /** `gwq tmux run -- <abs agent> ...args` in `cwd`: the new session's name. */
  async start(args: string[] = [], cwd = this.repo): Promise<string> {
    const out = await this.gwqOk(["tmux", "run", "--json", "--", agentBin(this.kind), ...args], cwd);
    return (JSON.parse(out) as Rec).session_name;
  }

  /**
   * Type a prompt with `gwq tmux send --no-enter`, then press Enter once the program shows the
   * text: a submitted prompt whatever `send`'s own Enter does (tested on its own elsewhere).
   */
  async prompt(name: string, text: string): Promise<void> {
    await this.gwqOk(["tmux", "send", "--no-enter", name, text]);
    // A Gemini just resumed on a loaded machine has been seen to draw its input box and then drop
    // the keys typed into it (the box still empty 30 s later): typed again while its empty box's
    // placeholder is still there after a few seconds (only Gemini shows that placeholder).
    let typedAt = Date.now();
    const retype = () => {
      if (Date.now() - typedAt < 5_000 || !/Type your message/.test(this.screen(name))) return;
      typedAt = Date.now();
      void this.gwq(["tmux", "send", "--no-enter", name, text]);
    };
    await this.waitScreen(name, new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), 30_000, "the typed prompt", retype, 1);
    // Codex and Gemini read keys that come in one burst as a paste (an Enter in it is a new
    // line): Enter goes once the screen has been still for half a second.
    let last = "";
    let still = 0;
    await eventually(() => {
      const now = this.screen(name);
      still = now === last ? still + 1 : 0;
      last = now;
      return still >= 10;
    }, 10_000, "the screen still after typing").catch(() => {});
    this.keys(name, "Enter");
    // The prompt is submitted once the model has it. A Gemini just resumed on a loaded machine
    // has been seen to drop this Enter (the text stays in its input box, nothing is sent; its
    // screen showed no dialog): pressed again while the model has not seen the text. An Enter
    // in an empty input box does nothing in any of the three.
    const sent = () => this.mock.requests.some((r) => JSON.stringify(r.body ?? "").includes(text));
    const end = Date.now() + 60_000;
    for (let n = 1; !sent(); n++) {
      if (Date.now() > end) throw new Error(`the prompt "${text}" never reached the model\n--- screen ---\n${this.screen(name)}\n--- mock requests ---\n${this.mockLog()}`);
      await new Promise((r) => setTimeout(r, 200));
      if (n % 40 === 0) this.keys(name, "Enter");
    }
  }

  /** `gwq tmux restart <name> --resume --force` (the agent is still running): the new session's name. */
  async restartResume(name: string): Promise<string> {
    const out = await this.gwqOk(["tmux", "restart", name, "--resume", "--force"]);
    const last = out.trim().split("\n").pop()!.trim();
    return last.split(/\s+/).pop()!;
  }

  async record(name: string): Promise<Rec> {
    const all = await this.sb.sessions<Rec>();
    const r = all.find((x) => x.session_name === name);
    if (!r) throw new Error(`no session ${name} in gwq tmux list`);
    return r;
  }

  screen(name: string): string {
    return this.sb.tmux("capture-pane", "-p", "-J", "-t", `=${name}:`);
  }

  /** Wait until the pane shows `re`; fails at once when the program has ended, with the screen. */
  async waitScreen(name: string, re: RegExp, timeoutMs = START_MS, what = String(re), nudge?: () => void, nudgeEvery = 15): Promise<string> {
    const end = Date.now() + timeoutMs;
    let last = "";
    for (let round = 0; ; round++) {
      try {
        last = this.screen(name);
      } catch {
        last = "(no pane)";
      }
      if (re.test(last)) return last;
      const dead = /Pane is dead/.test(last) || last === "(no pane)";
      if (dead || Date.now() > end) {
        throw new Error(`${dead ? "the program ended" : "timed out"} waiting for ${what}\n--- screen of ${name} ---\n${last.trimEnd()}\n--- mock requests ---\n${this.mockLog()}`);
      }
      // `nudge` (a key press, say) again every `nudgeEvery` rounds until the screen shows it worked.
      if (nudge && round % nudgeEvery === 0) nudge();
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Wait until the session's record satisfies `ok`. */
  async waitRecord(name: string, ok: (r: Rec) => boolean, timeoutMs = TURN_MS, what = "record"): Promise<Rec> {
    let last: Rec | null = null;
    try {
      return await eventually(async () => {
        last = await this.record(name);
        return ok(last) ? last : null;
      }, timeoutMs, what);
    } catch (e) {
      const screen = (() => {
        try {
          return this.screen(name);
        } catch {
          return "(no pane)";
        }
      })();
      throw new Error(`${(e as Error).message}\n--- record ---\n${JSON.stringify(last, null, 1)}\n--- screen ---\n${screen}\n--- mock requests ---\n${this.mockLog()}`);
    }
  }

  /** The record once it has stayed the same for `quietMs` (an agent's late events of its own are in). */
  async settled(name: string, quietMs = 5_000, timeoutMs = 60_000): Promise<Rec> {
    let last = JSON.stringify(await this.record(name));
    let since = Date.now();
    return eventually(async () => {
      const now = JSON.stringify(await this.record(name));
      if (now !== last) [last, since] = [now, Date.now()];
      return Date.now() - since >= quietMs ? (JSON.parse(now) as Rec) : null;
    }, timeoutMs, `${name}'s record settled`);
  }

  /** `gwq tmux wait <name> --until <state>`; the record when it got there. */
  async waitUntil(name: string, state: "waiting" | "idle" | "working", timeoutMs = TURN_MS): Promise<Rec> {
    const r = await this.gwq(["tmux", "wait", name, "--until", state, "--timeout", String(Math.ceil(timeoutMs / 1000))], this.repo, timeoutMs + 30_000);
    if (r.code !== 0) {
      const rec = await this.record(name).catch(() => null);
      throw new Error(`gwq tmux wait ${name} --until ${state} exited ${r.code}: ${r.stderr}\n--- record ---\n${JSON.stringify(rec, null, 1)}\n--- screen ---\n${this.screen(name)}\n--- mock requests ---\n${this.mockLog()}`);
    }
    return this.record(name);
  }

  keys(name: string, ...keys: string[]): void {
    this.sb.tmux("send-keys", "-t", `=${name}:`, ...keys);
  }

  mockLog(): string {
    return this.mock.requests.map((r) => `${r.method} ${r.path} -> ${r.answered}`).join("\n");
  }

  /**
   * Stop everything the test started: the tmux server, processes that outlive it (Codex's
   * app-server daemon lives in the sandbox's HOME and survives its session), the mock, the files.
   */
  async cleanup(): Promise<void> {
    try {
      execFileSync("tmux", ["kill-server"], { env: this.sb.env, stdio: "ignore" });
    } catch {
      // no server
    }
    await eventually(() => this.killLeftovers() === 0, 20_000, "the agent's leftover processes gone").catch(() => {});
    await this.mock.stop();
    this.sb.cleanup();
  }

  /** Processes whose command line lies inside this sandbox (ours alone: its path is unique). */
  private killLeftovers(): number {
    let n = 0;
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
      let cmd = "";
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        continue;
      }
      if (!cmd.includes(this.sb.root + "/")) continue;
      n++;
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // already gone
      }
    }
    return n;
  }
}

/** Skip a whole file when the program is not installed (`npm run test:agents` installs it). */
export function missing(kind: AgentKind): string | false {
  return existsSync(agentBin(kind)) ? false : `${agentBin(kind)} is not installed: run \`npm run test:agents\``;
}
