// `npm run bench` (its hosts part): what asking other machines costs. Three real OpenSSH servers
// on 127.0.0.1 (test/helpers/sshd.ts: throwaway keys, a far user with its own HOME and tmux
// server each), gwq installed on each by `host add --install`, then, with warm shared
// connections, the median wall time of
//   gwq tmux list --all-hosts --json   over one host and over three,
//   gwq host list --json               for one host and for three.
// Target: three hosts cost at most 1.5× one (the hosts are asked at once). Writes
// docs/benchmarks-hosts.md unless --no-write or --quick.
//
//   node --import tsx scripts/bench-hosts.mts [--quick] [--no-write]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Sandbox, ROOT, runProcess } from "../test/helpers/sandbox.js";
import { sshdAvailable, startSshd, type FarSide } from "../test/helpers/sshd.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const WRITE = !quick && !args.includes("--no-write");
const REPS = quick ? 5 : 21;
const WARMUP = 3;
const BIN = join(ROOT, "dist", "bin", "gwq");
const CLI = join(ROOT, "dist", "cli.js");
const DOC = join(ROOT, "docs", "benchmarks-hosts.md");

if (!sshdAvailable()) {
  console.error("bench-hosts: SKIPPED: no sshd here (apt-get install openssh-server)");
  process.exit(0);
}
if (!existsSync(BIN) || !existsSync(CLI)) {
  console.error("bench-hosts: dist/ is missing: run `npm run build && npm run build:bin` first");
  process.exit(1);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const sb = new Sandbox();
const fars: FarSide[] = [];
const cleanup = async () => {
  for (const f of fars) await f.stop().catch(() => {});
  sb.cleanup();
};
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

async function main() {
  const loadStart = os.loadavg()[0]!;
  for (const tag of ["h1", "h2", "h3"]) fars.push(await startSshd(sb, { tag }));
  const sshConfig = sb.path("ssh_config");
  writeFileSync(sshConfig, fars.map((f) => readFileSync(f.sshConfig, "utf8")).join("\n"));
  const base = `[ssh]\nconfig = "${sshConfig}"\n`;
  sb.writeConfig(base);
  for (const f of fars) {
    const r = await runProcess(BIN, ["host", "add", f.alias, f.alias, "--install"], { env: sb.env, cwd: sb.root, timeoutMs: 180000 });
    if (r.code !== 0) throw new Error(`host add ${f.alias}: ${r.stderr}`);
    // One sleeping session on each host, so the listing has something to carry.
    const s = await runProcess(BIN, ["tmux", "run", "--host", f.alias, "--", "sleep", "3600"], { env: sb.env, cwd: sb.root });
    if (s.code !== 0) throw new Error(`run on ${f.alias}: ${s.stderr}`);
  }
  const three = readFileSync(join(sb.env.XDG_CONFIG_HOME!, "gwq", "config.toml"), "utf8");
  const one = three.slice(0, three.indexOf("[hosts.h2]"));
  const configs = { one, three };

  const rows: string[][] = [];
  const verdicts: string[][] = [];
  for (const [label, argv] of [
    ["`gwq tmux list --all-hosts --json`", ["tmux", "list", "--all-hosts", "--json"]],
    ["`gwq host list --json`", ["host", "list", "--json"]],
  ] as const) {
    for (const [kind, cmd, pre] of [
      ["binary", BIN, [] as string[]],
      ["bundle", process.execPath, [CLI]],
    ] as const) {
      const t: Record<string, number[]> = { one: [], three: [] };
      for (let i = 0; i < WARMUP + REPS; i++) {
        for (const which of i % 2 ? (["three", "one"] as const) : (["one", "three"] as const)) {
          writeFileSync(join(sb.env.XDG_CONFIG_HOME!, "gwq", "config.toml"), configs[which]);
          const t0 = performance.now();
          const r = await runProcess(cmd, [...pre, ...argv], { env: sb.env, cwd: sb.root });
          const took = performance.now() - t0;
          if (r.code !== 0 || /unreachable/.test(r.stderr)) throw new Error(`${argv.join(" ")}: ${r.stderr}`);
          if (i >= WARMUP) t[which]!.push(took);
        }
      }
      const a = median(t.one!);
      const b = median(t.three!);
      rows.push([`${label} (${kind})`, ms(a), ms(b), `${(b / a).toFixed(2)}×`]);
      verdicts.push([`${label} (${kind}): three hosts vs one, warm`, "≤ 1.50×", `${(b / a).toFixed(2)}×`, b / a <= 1.5 ? "PASS" : "MISS"]);
    }
  }
  const md = (head: string[], body: string[][]) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...body.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  const report = [
    `- ${os.cpus()[0]?.model ?? "cpu"}, ${os.cpus().length} cores; ${spawnSync("ssh", ["-V"], { encoding: "utf8" }).stderr.trim()}`,
    `- ${new Date().toISOString().slice(0, 10)}; ${REPS} repetitions after ${WARMUP} warm-up; load average at start ${loadStart.toFixed(2)}, at end ${os.loadavg()[0]!.toFixed(2)}`,
    "",
    md(["Target", "Limit", "Measured", ""], verdicts),
    "",
    md(["Command", "one host", "three hosts", "three / one"], rows),
    "",
  ].join("\n");
  process.stdout.write(report);
  if (WRITE)
    writeFileSync(
      DOC,
      [
        "# Benchmarks: hosts",
        "",
        "<!-- Generated by scripts/bench-hosts.mts (`npm run bench`): edit the script, not this file. -->",
        "",
        "What asking other machines costs: three real OpenSSH servers on 127.0.0.1 (throwaway keys,",
        "a far user with its own HOME and tmux server each, gwq installed there by `host add",
        "--install`), one sleeping session on each, shared connections warm. Each command runs with",
        "one host configured and with three, alternately; medians are compared.",
        "",
        report,
      ].join("\n"),
    );
}

main()
  .catch((e) => {
    console.error(`bench-hosts: ${(e as Error).stack ?? e}`);
    process.exitCode = 2;
  })
  .finally(cleanup);
