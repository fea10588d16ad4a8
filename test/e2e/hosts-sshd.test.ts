// The ssh harness itself: a real sshd, a far side with its own user, HOME and tmux server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Sandbox } from "../helpers/sandbox.js";
import { sshdAvailable, startSshd } from "../helpers/sshd.js";

test("the far side is another user with its own HOME and tmux server", { skip: !sshdAvailable() && "sshd is not installed (.ci/run installs openssh-server)" }, async () => {
  const sb = new Sandbox();
  const far = await startSshd(sb);
  try {
    const out = far.ssh("id -un; echo $HOME; echo $TMUX_TMPDIR").trim().split("\n");
    assert.equal(out[0], far.user);
    assert.equal(out[1], far.home);
    assert.equal(out[2], far.tmuxDir);
    if (process.getuid?.() === 0) assert.notEqual(far.user, "root");
    far.ssh("tmux new-session -d -s probe sleep 60");
    assert.match(far.asFar("tmux", ["list-sessions", "-F", "#{session_name}"]), /^probe$/m);
    // The test's own server knows nothing of it.
    assert.equal(sb.tmuxOk("has-session", "-t", "=probe"), false);
  } finally {
    await far.stop();
    sb.cleanup();
  }
});
