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

  const followerThere = () => eventually(() => farFollowers(far.home).length === 1, 30000, "the far follower running");
  const noneLeft = () => eventually(() => farFollowers(far.home).length === 0, 30000, "no far follower left");

  for (const [what, args] of [
    ["events -f --host", ["events", "-f", "--host", "box", "--json"]],
    ["tmux logs -f --host", ["tmux", "logs", "-f", "--host", "box", "quiet"]],
  ] as const) {
    test(`${what}, killed here (SIGKILL) on a quiet host: its ssh ends and the far follower with it`, async () => {
      const f = followGwq(sb, [...args]);
      try {
        await followerThere();
        if (args[0] === "tmux") await eventually(() => f.io.out.includes("once"), 30000, "the session's output");
        f.child.kill("SIGKILL");
        assert.notEqual(await f.within(30000), "hung", "the ssh it started ended too");
        await noneLeft();
      } finally {
        f.child.kill("SIGKILL");
      }
    });

    test(`${what}, Ctrl-C: exit 0, nothing left there`, async () => {
      const f = followGwq(sb, [...args]);
      try {
        await followerThere();
        f.child.kill("SIGINT");
        assert.equal(await f.within(30000), 0, f.io.err);
        await noneLeft();
      } finally {
        f.child.kill("SIGKILL");
      }
    });
  }

  // A wait without --timeout lasts as long as the session: it too ends with its ssh.
  const waiterThere = () => eventually(() => farFollowers(far.home, isWaiter).length === 1, 30000, "the far wait running");
  const noWaiterLeft = () => eventually(() => farFollowers(far.home, isWaiter).length === 0, 30000, "no far wait left");

  test("tmux wait --host, killed here (SIGKILL): its ssh ends and the far wait with it", async () => {
    const f = followGwq(sb, ["tmux", "wait", "--host", "box", "quiet"]);
    try {
      await waiterThere();
      f.child.kill("SIGKILL");
      assert.notEqual(await f.within(30000), "hung", "the ssh it started ended too");
      await noWaiterLeft();
    } finally {
      f.child.kill("SIGKILL");
    }
  });

  test("tmux wait --host, Ctrl-C: exit 130 as a wait here, nothing left there", async () => {
    const f = followGwq(sb, ["tmux", "wait", "--host", "box", "quiet"]);
    try {
      await waiterThere();
      f.child.kill("SIGINT");
      assert.equal(await f.within(30000), 130, f.io.err);
      await noWaiterLeft();
    } finally {
      f.child.kill("SIGKILL");
    }
  });

  test("without -f nothing streams: events --host and logs --host answer and end", async () => {
    const ev = await sb.gwq(["events", "--host", "box", "--json"]);
    assert.equal(ev.code, 0, ev.stderr);
    assert.match(ev.stdout, /"identifier":\s*"quiet"/);
    const logs = await sb.gwq(["tmux", "logs", "--host", "box", "quiet"]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /^once$/m);
  });
});
