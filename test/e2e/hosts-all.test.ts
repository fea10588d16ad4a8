// --all-hosts on status, events and tmux wait, and the worktree commands with --host --cwd, against
// a real sshd whose far side (its own user, HOME and tmux server) runs this build's gwq.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Sandbox, eventually, makeRepo, runProcess, GWQ_ARGV } from "../helpers/sandbox.js";
import { freePort, sshdAvailable, startSshd, type FarSide } from "../helpers/sshd.js";
import { BINARY, farGwq, slowFarGwq } from "../helpers/far-gwq.js";
import { csvRecords } from "../../src/ssh/all-hosts-csv.js";

const skip = !sshdAvailable() ? "sshd is not installed (.ci/run installs openssh-server)" : !existsSync(BINARY) ? "dist/bin/gwq is not built (npm test builds it)" : false;

interface Rec {
  host: string | null;
  identifier: string;
  session_name: string;
}

describe("--all-hosts and worktree commands over a real ssh server", { skip }, () => {
  let sb: Sandbox;
  let far: FarSide;
  let repo: string;

  before(async () => {
    sb = new Sandbox();
    far = await startSshd(sb);
    sb.writeConfig(`[ssh]\nconfig = "${far.sshConfig}"\n\n[hosts.box]\nssh = "${far.alias}"\ngwq = "${farGwq(sb)}"\n`);
    repo = makeRepo(sb, { name: "here" });
    // A repository in the far user's HOME, made as that user.
    const proj = join(far.home, "proj");
    far.asFar("git", ["init", "-q", "-b", "main", proj]);
    farCommit(proj, "first");
  });

  const farCommit = (dir: string, message: string) => far.asFar("git", ["-C", dir, "-c", "user.name=Far", "-c", "user.email=far@example.com", "commit", "-q", "--allow-empty", "-m", message]);
  /** Run a test with more [hosts.*] in the config, then put it back. */
  const withHosts = async (extra: string, body: () => Promise<void>) => {
    const cfg = sb.path("config", "gwq", "config.toml");
    const before = readFileSync(cfg, "utf8");
    writeFileSync(cfg, `${before}\n${extra}`);
    try {
      await body();
    } finally {
      writeFileSync(cfg, before);
    }
  };

  after(async () => {
    await far?.stop();
    sb?.cleanup();
  });

  test("add, list, status and diff with --host --cwd run in that directory there; --cwd alone is a usage error", async () => {
    const add = await sb.gwq(["add", "--host", "box", "--cwd", "proj", "-b", "far-feat"]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(far.asFar("git", ["-C", join(far.home, "proj"), "worktree", "list"]), /\[far-feat\]/);
    const list = await sb.gwq(["list", "--host", "box", "--cwd", "~/proj", "--json"]);
    assert.equal(list.code, 0, list.stderr);
    assert.ok((JSON.parse(list.stdout) as { branch: string }[]).some((w) => w.branch === "far-feat"), list.stdout);
    const status = await sb.gwq(["status", "--host", "box", "--cwd=proj", "--json"]);
    assert.equal(status.code, 0, status.stderr);
    assert.ok((JSON.parse(status.stdout) as { worktrees: { branch: string }[] }).worktrees.some((w) => w.branch === "far-feat"));
    const diff = await sb.gwq(["diff", "--host", "box", "--cwd", "proj", "far-feat", "--base", "main", "--json"]);
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal((JSON.parse(diff.stdout) as { branch: string }).branch, "far-feat");
    const nowhere = await sb.gwq(["status", "--host", "box", "--cwd", "nowhere"]);
    assert.equal(nowhere.code, 1);
    assert.equal(nowhere.stderr, `gwq: --cwd: no directory ${join(far.home, "nowhere")} there\n`);
    const alone = await sb.gwq(["list", "--cwd", "proj"]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--cwd goes with --host/);
    const both = await sb.gwq(["status", "--host", "box", "--all-hosts"]);
    assert.equal(both.code, 2);
  });

  test("status --all-hosts: this machine's worktrees and the host's, each with host", async () => {
    const r = await sb.gwq(["status", "--all-hosts", "--json"], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { summary: { total: number }; worktrees: { host: string | null; branch: string }[] };
    assert.ok(doc.worktrees.some((w) => w.host === null && w.branch === "main"), r.stdout);
    assert.ok(doc.worktrees.some((w) => w.host === "box" && w.branch === "far-feat"), r.stdout);
    assert.equal(doc.summary.total, doc.worktrees.length);
    const table = await sb.gwq(["status", "-H"], { cwd: repo });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^box:\n(.*\n)*.*far-feat/m);
  });

  test("events --all-hosts: both machines' events, merged, each with host", async () => {
    assert.equal((await sb.gwq(["tmux", "run", "--id", "here-ev", "--", "true"])).code, 0);
    assert.equal((await sb.gwq(["tmux", "run", "--host", "box", "--id", "far-ev", "--", "true"])).code, 0);
    const r = await sb.gwq(["events", "--all-hosts", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const evs = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { host: string | null; identifier: string; type: string; time: string });
    assert.ok(evs.some((e) => e.host === null && e.identifier === "here-ev" && e.type === "created"));
    assert.ok(evs.some((e) => e.host === "box" && e.identifier === "far-ev" && e.type === "created"));
    assert.deepEqual(evs.map((e) => e.time), [...evs.map((e) => e.time)].sort(), "merged by time");
    const table = await sb.gwq(["events", "-H", "far-ev"]);
    assert.match(table.stdout, /box:\S*far-ev/);
    assert.doesNotMatch(table.stdout, /here-ev/, "the pattern goes to every host");
  });

  test("tmux wait --any --until waiting --all-hosts: the first one wins, its host named", async () => {
    assert.equal((await sb.gwq(["tmux", "run", "--id", "here-w", "--", "sleep", "600"])).code, 0);
    assert.equal((await sb.gwq(["tmux", "run", "--host", "box", "--id", "far-w", "--", "sleep", "600"])).code, 0);
    const waiting = runProcess(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), "tmux", "wait", "--all-hosts", "--any", "--until", "waiting", "here-w", "far-w", "--timeout", "60"], { env: sb.env, cwd: sb.root, timeoutMs: 90000 });
    // Nobody is waiting yet: the wait is still going; then the far one asks a question.
    const early = await Promise.race([waiting.then(() => "ended"), new Promise((r) => setTimeout(() => r("pending"), 1500))]);
    assert.equal(early, "pending", "the wait waits");
    const st = await sb.gwq(["tmux", "state", "waiting", "--host", "box", "--session", "far-w", "--reason", "which file?"]);
    assert.equal(st.code, 0, st.stderr);
    const r = await waiting;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^box:\S*far-w\S*\n$/);
    await sb.gwq(["tmux", "kill", "--host", "box", "far-w", "--force"]);
    await sb.gwq(["tmux", "kill", "here-w", "--force"]);
  });

  test("tmux wait --all --all-hosts --json: every session on every host, each with host; the exit codes count", async () => {
    await sb.gwq(["tmux", "run", "--id", "here-done", "--", "sh", "-c", "sleep 1"]);
    await sb.gwq(["tmux", "run", "--host", "box", "--id", "far-done", "--", "sh", "-c", "sleep 2"]);
    const r = await sb.gwq(["tmux", "wait", "--all-hosts", "--all", "here-done", "far-done", "--json", "--timeout", "60"], { timeoutMs: 90000 });
    assert.equal(r.code, 0, r.stderr);
    const met = JSON.parse(r.stdout) as Rec[];
    assert.deepEqual(met.map((s) => [s.host, s.identifier]).sort(), [[null, "here-done"], ["box", "far-done"]]);
    assert.equal(met.find((s) => s.host === "box")!.session_name.includes(":"), false, "the far session's own name");
    await sb.gwq(["tmux", "run", "--host", "box", "--id", "far-fail", "--", "sh", "-c", "exit 3"]);
    const any = await sb.gwq(["tmux", "wait", "-H", "--any", "far-fail", "--timeout", "60"], { timeoutMs: 90000 });
    assert.equal(any.code, 3, any.stderr);
    const one = await sb.gwq(["tmux", "wait", "-H", "far-fail"]);
    assert.equal(one.code, 2);
  });

  test("spawn and merge with --host --cwd: a hostile directory name arrives byte for byte", async () => {
    const pwned = join(far.home, "pwned");
    const name = `-odd; $(touch ${pwned}) \`touch ${pwned}\` 'q' "dq" $HOME *\nline2`;
    const dir = join(far.home, name);
    far.asFar("git", ["init", "-q", "-b", "main", dir]);
    farCommit(dir, "first");
    const script = 'pwd > spawned-in; git add spawned-in && git -c user.name=Far -c user.email=far@example.com commit -qm spawned; sleep 600';
    const sp = await sb.gwq(["spawn", "--host", "box", "--cwd", name, "far-spawned", "--json", "--", "sh", "-c", script]);
    assert.equal(sp.code, 0, sp.stderr);
    const [spawned] = JSON.parse(sp.stdout) as { branch: string; path: string; base: string; session: string }[];
    assert.equal(spawned!.branch, "far-spawned");
    assert.equal(spawned!.base, "main");
    // In that repository, and no other: its worktrees, its recorded base.
    assert.match(far.asFar("git", ["-C", dir, "worktree", "list", "--porcelain", "-z"]), /\0branch refs\/heads\/far-spawned\0/);
    assert.equal(far.asFar("git", ["-C", dir, "config", "branch.far-spawned.gwqBase"]).trim(), "main");
    await eventually(() => far.asFar("git", ["-C", dir, "log", "--format=%s", "far-spawned"]).includes("spawned"), 30000, "the session's commit");
    assert.equal(readFileSync(join(spawned!.path, "spawned-in"), "utf8"), `${spawned!.path}\n`);

    const merge = await sb.gwq(["merge", "--host", "box", "--cwd", name, "far-spawned", "--force"]);
    assert.equal(merge.code, 0, merge.stderr);
    assert.match(far.asFar("git", ["-C", dir, "log", "--format=%s", "main"]), /^spawned$/m);
    assert.doesNotMatch(far.asFar("git", ["-C", dir, "worktree", "list"]), /far-spawned/);
    assert.equal(far.asFar("git", ["-C", dir, "branch", "--list", "far-spawned"]), "");
    assert.equal(existsSync(pwned), false, "nothing of the name ran as code");
  });

  test("status --all-hosts --csv: host first (empty for this machine); an unreachable host is one line on stderr; exit 0", async () => {
    const add = await sb.gwq(["add", "--host", "box", "--cwd", "proj", "-b", 'far,"q"']);
    assert.equal(add.code, 0, add.stderr);
    const closed = await freePort();
    writeFileSync(far.sshConfig, `${readFileSync(far.sshConfig, "utf8")}Host closed\n  HostName 127.0.0.1\n  Port ${closed}\n  User nobody\n  BatchMode yes\n`);
    await withHosts(`[hosts.shut]\nssh = "closed"\n`, async () => {
      const r = await sb.gwq(["status", "--all-hosts", "--csv"], { cwd: repo });
      assert.equal(r.code, 0, r.stderr);
      const [header, ...rows] = csvRecords(r.stdout);
      assert.deepEqual(header!.slice(0, 3), ["host", "branch", "status"]);
      assert.ok(rows.every((row) => row.length === header!.length), r.stdout);
      assert.ok(rows.some((row) => row[0] === "" && row[1] === "main"), r.stdout);
      assert.ok(rows.some((row) => row[0] === "box" && row[1] === "far-feat"), r.stdout);
      assert.ok(rows.some((row) => row[0] === "box" && row[1] === 'far,"q"'), r.stdout);
      assert.match(r.stderr, /^gwq: shut: unreachable: [^\n]+\n$/);
    });
  });

  test("a host that connects and answers late costs its timeout, no more: a listing, and each redraw of status -H --watch", async () => {
    await withHosts(`[hosts.slow]\nssh = "${far.alias}"\ngwq = "${slowFarGwq(sb, 40)}"\ntimeout = "2s"\n`, async () => {
      // Its ssh is killed at the timeout; the shared connection's master still holds its pipes
      // until the far command ends (40 s): the listing must not wait for them.
      const t = Date.now();
      const list = await sb.gwq(["tmux", "list", "-H", "--json"], { timeoutMs: 60000 });
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stderr, /slow: unreachable: no answer within 2s/);
      assert.ok(Date.now() - t < 15000, `took ${Date.now() - t} ms`);
      const child = spawn(GWQ_ARGV[0]!, [...GWQ_ARGV.slice(1), "status", "-H", "--watch", "--interval", "0.2"], { env: sb.env, cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      const at: number[] = [];
      const t0 = Date.now();
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        while (at.length < out.split("Worktrees Status - Updated").length - 1) at.push(Date.now() - t0);
      });
      try {
        // The slow host answers after 40 s: three redraws before that are bounded by its timeout.
        await eventually(() => at.length >= 3, 30000, "three redraws");
        const frames = out.split("Worktrees Status - Updated").slice(1);
        for (const f of frames.slice(0, 3)) {
          assert.match(f, /slow: unreachable: no answer within 2s/);
          assert.match(f, /far-feat/);
        }
        assert.ok(at[2]! - at[1]! < 10000, `redraws at ${at.join(", ")} ms`);
      } finally {
        child.kill("SIGKILL");
      }
    });
    // The hosts were asked through the shared connections' sockets (ControlPersist keeps them).
    const sockets = readdirSync(sb.path("state", "gwq", "ssh")).filter((f) => statSync(sb.path("state", "gwq", "ssh", f)).isSocket());
    assert.ok(sockets.length >= 1, "a master socket in the control directory");
  });
});
