// Bundles every entry point into dist/. Usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from "esbuild";
import { existsSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";

const watch = process.argv.includes("--watch");
const minify = process.argv.includes("--minify");

/** [entry, outfile, options] — entries that do not exist yet are skipped. */
const targets = [
  // The `cx` command: dist/cli.js starts dist/cx.js with V8's code cache (server/src/cli/launch.ts).
  ["server/src/cli/launch.ts", "dist/cli.js", { banner: { js: "#!/usr/bin/env node" } }],
  ["server/src/cli/main.ts", "dist/cx.js", { minifyWhitespace: true }],
  ["server/src/lsp/main.ts", "dist/server.js", {}],
  // The server's evaluation worker (worker_threads): started by dist/server.js from its own directory.
  ["server/src/lsp/evalWorker.ts", "dist/evalWorker.js", {}],
  // Parts of large CSV files (server/src/node/parallel.ts): started from the running bundle's directory.
  ["server/src/node/readWorker.ts", "dist/readWorker.js", {}],
  ["client/src/extension.ts", "dist/client.js", { external: ["vscode", "@duckdb/node-api", "pg", "pg-native"] }],
  ["client/src/preview/webview.ts", "dist/webview.js", { platform: "browser", format: "iife" }],
];

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  minify,
  logLevel: "warning",
  // Database drivers are optional dependencies, loaded at run time only when a SQL engine is used.
  external: ["@duckdb/node-api", "pg", "pg-native"],
};

const builds = targets
  .filter(([entry]) => existsSync(entry))
  .map(([entry, outfile, extra]) => ({ ...common, entryPoints: [entry], outfile, ...extra }));

if (watch) {
  for (const options of builds) (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built ${builds.map((b) => b.outfile).join(", ")}`);
  codeCache();
}

/**
 * dist/cx.js.cache: the bytecode V8 compiles while `cx eval` runs on the bundled sample, which
 * dist/cli.js hands back to V8 on later runs (server/src/cli/launch.ts). Without it (a failed
 * run, --watch) the CLI works as well, only starts slower.
 */
function codeCache() {
  const cache = "dist/cx.js.cache";
  rmSync(cache, { force: true });
  if (!existsSync("dist/cli.js") || !existsSync("samples/retail")) return;
  const r = spawnSync(process.execPath, ["dist/cli.js", "eval", "samples/retail"], {
    env: { ...process.env, CX_WRITE_CODE_CACHE: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  if (!existsSync(cache)) console.warn(`no code cache: cx eval samples/retail exited with ${r.status}${r.stderr ? `: ${r.stderr.trim()}` : ""}`);
}
