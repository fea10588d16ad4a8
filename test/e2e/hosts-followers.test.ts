// Followers of one host (`events -f --host`, `tmux logs -f --host`, `tmux wait --host`) leave nothing running on the
// far side when they end here, however they end (Ctrl-C, SIGKILL), even on a quiet host whose
// far follower never writes: it ends when its stdin, held by this side's ssh, closes. Against a
// real sshd whose far side (its own user, HOME and tmux server) runs this build's gwq.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { Sandbox, eventually } from "../helpers/sandbox.js";
import { sshdAvailable, startSshd, type FarSide } from "../helpers/sshd.js";
import { BINARY, farFollowers, farGwq, followGwq, isWaiter } from "../helpers/far-gwq.js";

const skip = !sshdAvailable() ? "sshd is not installed (.ci/run installs openssh-server)" : !existsSync(BINARY) ? "dist/bin/gwq is not built (npm test builds it)" : false;

describe("followers of one host end there too", { skip }, () => {
  let sb: Sandbox;
  let far: FarSide;

  before(async () => {
    sb = new Sandbox();
    far = await startSshd(sb);
    sb.writeConfig(`[ssh]\nconfig = "${far.sshConfig}"\n\n[hosts.box]\nssh = "${far.alias}"\ngwq = "${farGwq(sb)}"\n`);
    const r = await sb.gwq(["tmux", "run", "--host", "box", "--id", "quiet", "--", "sh", "-c", "echo once; sleep 600"]);
    assert.equal(r.code, 0, r.stderr);
  });

  after(async () => {
    await far?.stop();
    sb?.cleanup();
  });

  // A wait without --timeout lasts as long as the session: it too ends with its ssh. `stopped`:
  // the exit code of Ctrl-C here (a follower's 0, a wait's 130).
  for (const { what, args, far: kind, is, stopped } of [
    { what: "events -f --host", args: ["events", "-f", "--host", "box", "--json"], far: "follower", is: undefined, stopped: 0 },
    { what: "tmux logs -f --host", args: ["tmux", "logs", "-f", "--host", "box", "quiet"], far: "follower", is: undefined, stopped: 0 },
    { what: "tmux wait --host", args: ["tmux", "wait", "--host", "box", "quiet"], far: "wait", is: isWaiter, stopped: 130 },
  ]) {
    const there = () => eventually(() => farFollowers(far.home, is).length === 1, 30000, `the far ${kind} running`);
    const noneLeft = () => eventually(() => farFollowers(far.home, is).length === 0, 30000, `no far ${kind} left`);

    test(`${what}, killed here (SIGKILL) on a quiet host: its ssh ends and the far ${kind} with it`, async () => {
      const f = followGwq(sb, [...args]);
      try {
        await there();
        if (args[1] === "logs") await eventually(() => f.io.out.includes("once"), 30000, "the session's output");
        f.child.kill("SIGKILL");
        assert.notEqual(await f.within(30000), "hung", "the ssh it started ended too");
        await noneLeft();
      } finally {
        f.child.kill("SIGKILL");
      }
    });

    test(`${what}, Ctrl-C: exit ${stopped}, as here, nothing left there`, async () => {
      const f = followGwq(sb, [...args]);
      try {
        await there();
        f.child.kill("SIGINT");
        assert.equal(await f.within(30000), stopped, f.io.err);
        await noneLeft();
      } finally {
        f.child.kill("SIGKILL");
      }
    });
  }

  test("without -f nothing streams: events --host and logs --host answer and end", async () => {
    const ev = await sb.gwq(["events", "--host", "box", "--json"]);
    assert.equal(ev.code, 0, ev.stderr);
    assert.match(ev.stdout, /"identifier":\s*"quiet"/);
    const logs = await sb.gwq(["tmux", "logs", "--host", "box", "quiet"]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /^once$/m);
  });
});
