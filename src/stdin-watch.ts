// `--while-stdin-open` (logs -f, events -f, tmux wait): what a gwq started over ssh by another
// machine does to learn that the side that asked is gone. A quiet follower or a wait never writes,
// so it would never find out; its stdin, though, closes with the connection (docs/hosts.md).

/** Call `stop` when stdin ends or fails; returns what lets stdin go again. */
export function whileStdinOpen(stop: () => void): () => void {
  process.stdin.on("end", stop).on("close", stop).on("error", stop).resume();
  return () => {
    process.stdin.off("end", stop).off("close", stop).off("error", stop);
    // Paused first: bun leaves a read it has not begun yet (resume() in the same tick, as when
    // the session had already ended) pending after destroy(), and that read holds the exit.
    process.stdin.pause();
    process.stdin.destroy();
  };
}
