// Bundle the CLI and the library into dist/ with esbuild, and bake in the version. Types for the
// library come from tsc.
//
// Start-up is most of what a gwq command costs, so the CLI is three files:
// - cli.js: the entry point, a few hundred bytes: `gwq --version` parses nothing else;
// - main.cjs: every command, in one CommonJS file (commands are initialised only when run), which
//   cli.js runs from V8's code cache (src/code-cache.ts): compiling it was most of a command's cost
//   beyond Node's start. One file rather than a chunk per module: each extra file costs more than
//   parsing the code it would save (measured by `npm run bench`, docs/benchmarks.md);
// - session-ended.js: what tmux's pane-died hook runs (`gwq __session-ended`), nothing more;
// - agent-hook.js: what a coding agent's hooks run (`gwq __hook <agent>`) on every agent event,
//   so it carries no banner and nothing but the state mark and the agents' payload mappings;
// - hook.cjs: the same hook's entry as CommonJS, what `agent hooks install` writes under Node
//   (`node hook.cjs __hook <agent>`), since Node starts CommonJS faster than an ES module; inside a
//   session it runs hook-code.cjs, the hook's code, from V8's code cache (src/code-cache.ts).
// index.js is the library (`import { SessionManager } from "gwq"`).
// Every file sits directly in dist/: sessions/runtime.ts finds the CLI as a sibling of the
// bundle it is in.
import { build } from "esbuild";
import { readFileSync, rmSync, chmodSync } from "node:fs";
import { execFileSync } from "node:child_process";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// GWQ_DIST lets parallel work build into its own directory without disturbing dist/.
const outdir = process.env.GWQ_DIST || "dist";
rmSync(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  define: { __GWQ_VERSION__: JSON.stringify(pkg.version), __GWQ_COMPILED__: "false" },
  legalComments: "none",
  logLevel: "warning",
};

// cli.ts's dynamic imports, as the files built below. The hook's stdin reader is in the hook's
// file (the binary alone loads it on its own, before the rest of the hook: src/agents/hook-gate.ts).
const entryImports = {
  "./main.js": "./main.js",
  "./sessions/ended.js": "./session-ended.js",
  "./agents/hook.js": "./agent-hook.js",
  "./agents/hook-stdin.js": "./agent-hook.js",
  "./early.js": "./early.js",
};
await build({
  ...common,
  entryPoints: { cli: "src/cli.ts" },
  outdir,
  plugins: [
    {
      name: "gwq-entry-imports",
      setup(b) {
        b.onResolve({ filter: /^\.\/(main|sessions\/ended|agents\/hook|agents\/hook-stdin|early)\.js$/ }, (args) =>
          args.importer.endsWith("cli.ts") ? { path: entryImports[args.path], external: true } : undefined,
        );
      },
    },
  ],
  // The shebang comes from src/cli.ts.
});
await build({ ...common, entryPoints: { "session-ended": "src/sessions/ended.ts", index: "src/index.ts" }, outdir });
// The hook requires nothing: no banner, so it loads no module it does not use.
await build({ ...common, entryPoints: { "agent-hook": "src/agents/hook.ts" }, outdir, banner: {} });
// hook.cjs: what `agent hooks install` writes under Node (src/hook-cli.ts): CommonJS, which Node
// starts as fast as `node -e 0` (an ES module costs it about a fifth more). import.meta.url is
// this file's URL, as in the ES modules.
await build({
  ...common,
  format: "cjs",
  entryPoints: { hook: "src/hook-cli.ts", "hook-code": "src/hook-code.ts", main: "src/main.ts", "code-cache": "src/code-cache.ts", early: "src/early.ts" },
  outExtension: { ".js": ".cjs" },
  outdir,
  define: { ...common.define, "import.meta.url": "__gwq_url" },
  banner: { js: 'const __gwq_url = require("node:url").pathToFileURL(__filename).href;' },
});
// The CommonJS files run through node:vm (src/code-cache.ts), where an import() has no loader to
// go to ("A dynamic import callback was not specified"): esbuild turns those of gwq's own modules
// into requires, and leaves one of a builtin as it is. So none may be left.
for (const f of ["main.cjs", "hook-code.cjs"]) {
  const found = /\bimport\(\s*["'`][^"'`]*["'`]\s*\)/.exec(readFileSync(`${outdir}/${f}`, "utf8"));
  if (found) {
    console.error(`build: ${outdir}/${f} keeps a dynamic ${found[0]}: import that module statically (node:vm cannot load it)`);
    process.exit(1);
  }
}
chmodSync(`${outdir}/cli.js`, 0o755);

// Declarations for the library API (import { SessionManager } from "gwq").
if (!process.argv.includes("--no-types")) {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", outdir], { stdio: "inherit" });
}
