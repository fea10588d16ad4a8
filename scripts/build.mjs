// Bundle the CLI and the library into dist/ with esbuild: one file per entry point, so start-up
// reads one file, and the version baked in. Types for the library come from tsc.
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
  define: { __GWQ_VERSION__: JSON.stringify(pkg.version) },
  legalComments: "none",
  // commander is CommonJS and requires node builtins; give the ESM bundle a require().
  banner: { js: 'import { createRequire as __gwqCreateRequire } from "node:module"; const require = __gwqCreateRequire(import.meta.url);' },
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: { cli: "src/cli.ts" },
  outdir,
  // The shebang comes from src/cli.ts.
});
await build({ ...common, entryPoints: { index: "src/index.ts" }, outdir });
chmodSync(`${outdir}/cli.js`, 0o755);

// Declarations for the library API (import { SessionManager } from "gwq").
if (!process.argv.includes("--no-types")) {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", outdir], { stdio: "inherit" });
}
