// Running a CommonJS file with V8's code cache (Node 20 has no compile cache of its own; 22 has
// module.enableCompileCache). An agent's hook is a new Node process on every agent event, and most
// of what it costs beyond Node's start is compiling the functions it runs, once each. The cache
// holds them compiled: written after a run that had none (or whose cache V8 refused: another Node,
// another gwq), read by every run after. It lives in the user's cache directory, one file per
// Node (its V8) and per build of the code; a file V8 does not accept is compiled as usual.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire, wrap } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

/** Where the compiled code of `file` is kept for this Node. */
export function cachePath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const st = statSync(file);
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "gwq");
  return join(dir, `${basename(file)}-v8-${process.versions.v8}-${st.size}-${Math.trunc(st.mtimeMs)}.cache`);
}

/** `require(file)`, compiled from the code cache when there is a usable one. */
export function requireCached(file: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const source = readFileSync(file, "utf8");
  let cache: string | null = null;
  let cachedData: Buffer | undefined;
  try {
    cache = cachePath(file, env);
    cachedData = readFileSync(cache);
  } catch {
    // none yet (or no HOME): compiled as usual, and the cache written at exit
  }
  const script = new Script(wrap(source), { filename: file, cachedData });
  if (cache && (!cachedData || script.cachedDataRejected)) {
    // At exit, so that it holds every function this run compiled, not only the top level.
    const path = cache;
    process.once("exit", () => writeCache(path, script));
  }
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** Write the cache in one step, and drop those of other builds (never failing the caller). */
function writeCache(path: string, script: Script): void {
  try {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, path);
    const prefix = `${basename(path).split("-v8-")[0]}-v8-`;
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith(".cache") && f !== basename(path)) unlinkSync(join(dir, f));
  } catch {
    // a read-only or full cache directory: the next run compiles again
  }
}
