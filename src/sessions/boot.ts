// This boot of the machine, to tell "rebooted" from "the tmux server exited" when a session
// vanished. Linux keeps a random id per boot; elsewhere it is unknown (null).
import { readFileSync } from "node:fs";

let cached: string | null | undefined;

export function bootId(): string | null {
  if (cached !== undefined) return cached;
  try {
    cached = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
  } catch {
    cached = null;
  }
  return cached;
}
