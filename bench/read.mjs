// Reader throughput and peak memory. Not part of the tests.
//
//   node bench/read.mjs            generate data in .bench/ if needed, run every case
//   node bench/read.mjs --rows N   CSV rows (default 1,000,000; JSONL uses half)
//   node bench/read.mjs --runs N   runs per case (default 5)
//   node bench/read.mjs --json     also print the figures as one JSON line (for bench/run.mjs)
//   node bench/read.mjs --only K   only the cases of kind K (csv, jsonl, scan, parquet; a comma list)
//
// Figures: wall-clock MB/s of the median and of the best run, the best from CPU time (user +
// system, less sensitive to a busy machine), and the highest peak RSS of all runs (whole process:
// VmHWM, see bench/rss.cjs — not maxRSS, which on Linux includes this harness's size at the fork).
//
// The TypeScript readers are bundled with esbuild into .bench/readers.cjs; each case runs in its
// own Node process so that its peak RSS (resourceUsage().maxRSS) is its own.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import rss from "./rss.cjs";
import { bundleExports } from "./bundle.mjs";

const { peakRssKb } = rss;

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const out = join(root, ".bench");
const bundle = join(out, "readers.cjs");

/** The columns a typical workspace uses: 6 of the 13. */
const NEEDED = [
  ["touchpoint", "text"],
  ["channel", "text"],
  ["region", "text"],
  ["recommend", "integer"],
  ["handle_time", "number"],
  ["answered_at", "date"],
];

async function runCase(kind, path) {
  const { readSource, scanSource, NodeHost } = createRequire(import.meta.url)(bundle);
  const host = new NodeHost();
  const format = kind === "jsonl" ? "jsonl" : kind === "parquet" ? "parquet" : "csv";
  const spec = { name: "bench", files: [path], format, delimiter: "," };
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = kind === "scan" ? await scanSource(spec, host) : await readSource(spec, new Map(NEEDED), host);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c1 = process.cpuUsage(c0);
  const cpuMs = (c1.user + c1.system) / 1000;
  const rows = kind === "scan" ? r.rowCount : r.table.rowCount;
  const mb = statSync(path).size / 1e6;
  const rssMb = peakRssKb() / 1024;
  console.log(JSON.stringify({ kind, rows, mb, ms, cpuMs, rssMb, diagnostics: r.diagnostics.length }));
}

async function main() {
  const caseArg = process.argv.indexOf("--case");
  if (caseArg > 0) return runCase(process.argv[caseArg + 1], process.argv[caseArg + 2]);

  const rowsArg = process.argv.indexOf("--rows");
  const rows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
  const runsArg = process.argv.indexOf("--runs");
  const runs_ = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, ".gitignore"), "*\n");

  await bundleExports(`export * from "./server/src/core/data/reader"; export { NodeHost } from "./server/src/node/host";`, bundle);

  const { generate } = await import(pathToFileURL(join(here, "gen-data.mjs")).href);
  const files = {
    // "-v2": the generator's second version (13 columns: contacted_at); older files are not reused.
    csv: join(out, `survey-${rows}-v2.csv`),
    quoted: join(out, `survey-${rows}-v2-quoted.csv`),
    jsonl: join(out, `survey-${rows / 2}-v2.jsonl`),
  };
  if (!existsSync(files.csv)) await generate(rows, files.csv);
  if (!existsSync(files.quoted)) await generate(rows, files.quoted, { quoted: true });
  if (!existsSync(files.jsonl)) await generate(rows / 2, files.jsonl);
  // The same rows as the unquoted CSV, written by DuckDB (snappy, its default) in a process of its own.
  files.parquet = join(out, `survey-${rows}-v2-typed.parquet`);
  if (!existsSync(files.parquet)) {
    const p = spawnSync(process.execPath, [join(here, "to-parquet.mjs"), files.csv, files.parquet], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(p.stderr);
  }

  const cases = [
    ["CSV unquoted, 6 of 13 columns", "csv", files.csv],
    ["CSV quoted, 6 of 13 columns", "csv", files.quoted],
    ["JSONL, 6 of 13 columns", "jsonl", files.jsonl],
    ["CSV unquoted, scan (13 columns)", "scan", files.csv],
    ["Parquet (snappy), 6 of 13 columns", "parquet", files.parquet],
  ];
  console.log(`node ${process.version}, ${rows.toLocaleString("en-US")} CSV rows`);
  const summary = [];
  const onlyArg = process.argv.indexOf("--only");
  const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(",")) : undefined;
  for (const [label, kind, path] of cases) {
    if (only && !only.has(kind)) continue;
    const runs = [];
    for (let i = 0; i < runs_; i++) {
      const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--case", kind, path], { encoding: "utf8" });
      if (p.status !== 0) throw new Error(p.stderr);
      runs.push(JSON.parse(p.stdout.trim().split("\n").pop()));
    }
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
    const med = sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const rss = Math.max(...runs.map((r) => r.rssMb));
    const bestCpu = Math.min(...runs.map((r) => r.cpuMs));
    console.log(
      `${label.padEnd(34)} ${best.mb.toFixed(1).padStart(6)} MB  ${best.rows.toLocaleString("en-US").padStart(10)} rows  ` +
        `median ${med.toFixed(0).padStart(6)} ms  ${(best.mb / (med / 1000)).toFixed(0).padStart(4)} MB/s  best ${(best.mb / (best.ms / 1000)).toFixed(0).padStart(4)} MB/s  ` +
        `(CPU ${(best.mb / (bestCpu / 1000)).toFixed(0).padStart(4)} MB/s)  peak RSS ${rss.toFixed(0)} MB`,
    );
    summary.push({ label, kind, mb: best.mb, rows: best.rows, ms: med, mbps: best.mb / (med / 1000), bestMbps: best.mb / (best.ms / 1000), cpuMbps: best.mb / (bestCpu / 1000), rssMb: rss });
  }
  if (process.argv.includes("--json")) console.log(JSON.stringify(summary));
}

await main();
