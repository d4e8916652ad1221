// Bundles every entry point into dist/. Usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from "esbuild";
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";

const watch = process.argv.includes("--watch");
const minify = process.argv.includes("--minify");

/** [entry, outfile, options] — entries that do not exist yet are skipped. */
const targets = [
  // The CLI: ES modules split at its `import()`s (each command loads only its code): the entry
  // dist/cli-main.mjs and chunks dist/cli-chunk-*.mjs, started by dist/cli.js (see cliEntry below).
  ["server/src/cli/main.ts", "dist/cli-main.mjs", cliSplit()],
  ["server/src/lsp/main.ts", "dist/server.js", {}],
  // The server's evaluation worker (worker_threads): started by dist/server.js from its own directory.
  ["server/src/lsp/evalWorker.ts", "dist/evalWorker.js", {}],
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
  .map(([entry, outfile, extra]) =>
    extra.splitting ? { ...common, entryPoints: { [outfile.replace(/^dist\/|\.mjs$/g, "")]: entry }, outdir: "dist", ...extra } : { ...common, entryPoints: [entry], outfile, ...extra },
  );

/** Options of the CLI's split build: ES modules (esbuild splits only those) that still have `require`, `__dirname` and `__filename`. */
function cliSplit() {
  return {
    format: "esm",
    splitting: true,
    outExtension: { ".js": ".mjs" },
    chunkNames: "cli-chunk-[hash]",
    banner: {
      js: [
        'import { createRequire as __cxRequire } from "node:module";',
        'import { fileURLToPath as __cxPath } from "node:url";',
        "const require = __cxRequire(import.meta.url);",
        "const __filename = __cxPath(import.meta.url);",
        'const __dirname = __cxPath(new URL(".", import.meta.url)).replace(/[\\\\/]$/, "");',
      ].join(" "),
    },
  };
}

/** dist/cli.js, the `cx` command: a CommonJS file (the package is not "type": "module") that imports the CLI's modules. */
function cliEntry() {
  mkdirSync("dist", { recursive: true });
  // Chunks of earlier builds (their names are content hashes), and the single bundle of before.
  for (const f of readdirSync("dist")) if (/^cli-chunk-.*\.mjs(\.map)?$|^cli\.js\.map$/.test(f)) rmSync(`dist/${f}`);
  writeFileSync(
    "dist/cli.js",
    [
      "#!/usr/bin/env node",
      "// The `cx` command line: its code is in dist/cli-main.mjs and the chunks it loads per command (esbuild.mjs).",
      '"use strict";',
      "// Short runs are faster without V8's optimizing compiler: it starts off, and is switched on after",
      "// 1 s, or sooner once 2 MB of data have been read (server/src/cli/tiering.ts).",
      'const v8 = require("node:v8");',
      'v8.setFlagsFromString("--no-turbofan");',
      'setTimeout(() => v8.setFlagsFromString("--turbofan"), 1000).unref();',
      'import("./cli-main.mjs").catch((err) => {',
      '  process.stderr.write(`cx: internal error: cannot load ${__dirname}/cli-main.mjs: ${String((err && err.message) || err).split("\\n")[0]}\\n`);',
      "  process.exitCode = 2;",
      "});",
      "",
    ].join("\n"),
  );
  chmodSync("dist/cli.js", 0o755);
}
if (existsSync("server/src/cli/main.ts")) cliEntry();

if (watch) {
  for (const options of builds) (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built ${builds.map((b) => b.outfile ?? `${Object.keys(b.entryPoints).map((e) => `dist/${e}.mjs`)} (+ chunks)`).join(", ")}`);
}
