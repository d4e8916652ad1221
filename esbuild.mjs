// Bundles every entry point into dist/. Usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";

const watch = process.argv.includes("--watch");
const minify = process.argv.includes("--minify");

/** [entry, outfile, options] — entries that do not exist yet are skipped. */
const targets = [
  ["server/src/cli/main.ts", "dist/cli.js", { banner: { js: cliBanner() } }],
  ["server/src/lsp/main.ts", "dist/server.js", {}],
  // The server's evaluation worker (worker_threads): started by dist/server.js from its own directory.
  ["server/src/lsp/evalWorker.ts", "dist/evalWorker.js", {}],
  // Parts of large CSV files (server/src/node/parallel.ts): started from the running bundle's directory.
  ["server/src/node/readWorker.ts", "dist/readWorker.js", {}],
  ["client/src/extension.ts", "dist/client.js", { external: ["vscode", "@duckdb/node-api", "pg", "pg-native"] }],
  ["client/src/preview/webview.ts", "dist/webview.js", { platform: "browser", format: "iife" }],
];

/**
 * dist/cli.js starts with V8's optimizing compiler off: short runs are faster without it. It is
 * switched on after 1 s, or sooner before a large file is read (server/src/cli/tiering.ts).
 */
function cliBanner() {
  return [
    "#!/usr/bin/env node",
    '"use strict";',
    'require("node:v8").setFlagsFromString("--no-turbofan");',
    'setTimeout(() => require("node:v8").setFlagsFromString("--turbofan"), 1000).unref();',
  ].join("\n");
}

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
}
