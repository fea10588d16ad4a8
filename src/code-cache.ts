// Running a CommonJS file with V8's code cache (Node 20 has no compile cache of its own; 22 has
// module.enableCompileCache). Every gwq command and every agent hook is a new Node process, and
// most of what it costs beyond Node's start is compiling: the whole file once, then each function
// it runs. The cache holds them compiled, as a run left them: written at the exit of a run that had
// none (or whose cache V8 refused: another Node, another build of gwq), read by every run after.
// One cache per way in (`key`: the command), since each runs other functions. It lives in the
// user's cache directory, named by the Node (its V8) and the build of the file; a cache V8 does not
// accept is compiled as usual, and a cache that cannot be written is no error.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { cacheDir } from "./paths.js";

/** Where the compiled code of `file` run as `key` is kept for this Node. */
export function cachePath(file: string, key: string, env: NodeJS.ProcessEnv = process.env): string {
  const st = statSync(file);
  return join(cacheDir(env), `${basename(file)}-${key.replace(/[^a-z0-9-]/gi, "_").slice(0, 40)}${buildSuffix(st.size, st.mtimeMs)}`);
}

const buildSuffix = (size: number, mtimeMs: number) => `-v8-${process.versions.v8}-${size}-${Math.trunc(mtimeMs)}.cache`;

/** `require(file)`, compiled from the code cache kept for `key` when there is a usable one. */
export function requireCached(file: string, key: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const source = readFileSync(file, "utf8");
  let cache: string | null = null;
  let cachedData: Buffer | undefined;
  try {
    cache = cachePath(file, key, env);
    cachedData = readFileSync(cache);
  } catch {
    // none yet (or no home): compiled as usual, and the cache written at exit
  }
  // What Node's own CommonJS loader compiles (module.wrap, which ES modules cannot import).
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapped, { filename: file, cachedData });
  if (cache && (!cachedData || script.cachedDataRejected)) {
    // At exit, so that it holds every function this run compiled, not only the top level; and only
    // after a run that went well (a mistyped command is no way in worth a file).
    const path = cache;
    process.once("exit", (code) => code === 0 && writeCache(path, basename(file), script));
  }
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** Write the cache in one step, and drop those of other builds of the file. */
function writeCache(path: string, name: string, script: Script): void {
  try {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, path);
    const suffix = path.slice(path.indexOf("-v8-"));
    for (const f of readdirSync(dir)) if (f.startsWith(`${name}-`) && f.endsWith(".cache") && !f.endsWith(suffix)) unlinkSync(join(dir, f));
  } catch {
    // a read-only or full cache directory: the next run compiles again
  }
}
