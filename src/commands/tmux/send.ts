// gwq tmux send <pattern> [--no-enter] <text...>: type into a session's pane without attaching —
// answer an agent that waits for you. The text arrives exactly as given (never read as key
// names), then Enter unless --no-enter.
import type { Invocation } from "../_cli.js";
import type { tmuxSend } from "../_manifest.js";
import { chooseSessions, manager } from "./_shared.js";

export default async function run({ args, flags }: Invocation<typeof tmuxSend>): Promise<void> {
  const m = manager();
  const [s] = await chooseSessions(m, args.pattern, { purpose: "send to" });
  await m.sendText(s!.session_name, args.text.join(" "), flags.enter);
}
