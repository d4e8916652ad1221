// The benchmark (`npm run bench`; not part of `npm test`). Issue 3: cx against DuckDB on the same
// CX metrics over the same CSV, in one run.
//
//   node bench/run.mjs [--rows N] [--runs N] [--scaling 10000,100000,…] [--no-scaling] [--quick]
//                      [--v2] [--sections cli,native,analyses,readers,incremental,parser,scaling]
//
// 1. builds dist/cli.js and bundles the core into .bench/ (esbuild);
// 2. generates the data with bench/gen-data.mjs (deterministic) into .bench/ws-ROWS/data/ and
//    copies the committed workspace bench/workspace/ (20 metrics) next to it;
// 3. checks that `cx eval` and DuckDB (bench/duckdb.mjs) give the same numbers (1e-9 relative);
// 4. runs the two alternately, each in its own process, --runs times (default 5), and prints the
//    medians of wall time and of peak RSS (each process reports its own, bench/rss.cjs);
// 5. CSV reader MB/s (bench/read.mjs: unquoted, fully quoted, 500k-row JSONL), the editor's
//    second evaluation (bench/incremental.mjs), the parser (bench/parse.mjs);
// 6. scaling from 10k to 4M rows: a table, and docs/images/scaling.svg;
// 7. the native executor alone with hand-built plans (bench/native.mjs: the 20 metrics and the
//    three of version 2 — an expression in an aggregate, an elapsed time, a `by` on a derived
//    month) against DuckDB (bench/duckdb.mjs --v2), and funnels over 1M events, cohorts over 200k
//    customers and drivers over 500k answers against the same analyses in DuckDB SQL
//    (bench/duckdb-analyses.mjs): same numbers first, then wall time and peak RSS.
// --v2 adds bench/workspace-v2 (derived month, contacted_at, three metrics) to the `cx eval`
// workspace and the three metrics to its DuckDB peer: it needs the version 2 evaluator.
// Everything measured is also written to .bench/results.json.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { scalingSvg } from "./svg.mjs";
import { bundleNative } from "./native.mjs";
import { generateAnalyses } from "./gen-analyses.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const out = join(root, ".bench");
const node = process.execPath;

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const quick = process.argv.includes("--quick");
const ROWS = Number(arg("--rows", 1_000_000));
const RUNS = Number(arg("--runs", quick ? 3 : 5));
const SCALING = process.argv.includes("--no-scaling") ? [] : arg("--scaling", quick ? "10000,100000,1000000" : "10000,100000,1000000,2000000,4000000").split(",").map(Number);
const AS_OF = "2024-12-31"; // bench/workspace/cx.yaml
const V2 = process.argv.includes("--v2");
const SECTIONS = new Set(arg("--sections", "cli,native,analyses,readers,incremental,parser,scaling").split(","));
/** Bumped when bench/gen-data.mjs changes what it writes (cached data is regenerated). */
const DATA_VERSION = "2";

const results = { machine: machine(), startLoad: loadavg() };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n, d = 0) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const log = (s = "") => console.log(s);

function machine() {
  const c = cpus();
  return { cpu: c[0]?.model ?? "?", cores: c.length, memGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

// ------------------------------------------------------------------ build and data

async function build() {
  execFileSync(node, ["esbuild.mjs"], { cwd: root, stdio: "ignore" });
  const esbuild = await import("esbuild");
  const bundle = (contents, outfile) =>
    esbuild.build({ stdin: { contents, resolveDir: root, loader: "ts" }, bundle: true, platform: "node", format: "cjs", target: "node20", outfile, logLevel: "warning" });
  await bundle(
    [
      'export { NodeHost } from "./server/src/node/host";',
      'export { DataCache } from "./server/src/core/data/reader";',
      'export { analyze } from "./server/src/core/analyze";',
      'export { evaluate } from "./server/src/core/eval/evaluate";',
      'export { run } from "./server/src/core/engine";',
      'export { parse } from "./server/src/core/syntax/index";',
    ].join("\n"),
    join(out, "core.cjs"),
  );
  await bundleNative();
}

/** .bench/ws-ROWS: the committed workspace and ROWS rows of generated data. */
async function workspace(rows) {
  const dir = join(out, `ws-${rows}`);
  mkdirSync(join(dir, "data"), { recursive: true });
  for (const f of readdirSync(join(here, "workspace"))) copyFileSync(join(here, "workspace", f), join(dir, f));
  if (V2) for (const f of readdirSync(join(here, "workspace-v2"))) copyFileSync(join(here, "workspace-v2", f), join(dir, f));
  else rmSync(join(dir, "v2.cx"), { force: true });
  const csv = join(dir, "data", "survey.csv");
  const stamp = join(dir, "data", ".rows");
  if (!existsSync(csv) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== `${rows}:${DATA_VERSION}`) {
    const { generate } = await import(pathToFileURL(join(here, "gen-data.mjs")).href);
    await generate(rows, csv);
    writeFileSync(stamp, `${rows}:${DATA_VERSION}`);
  }
  return { dir, csv, mb: statSync(csv).size / 1e6 };
}

// ------------------------------------------------------------------ one measured process

/** Runs a Node script in its own process; returns wall ms (parent clock) and its peak RSS (MB). */
function measure(args) {
  const rssFile = join(out, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const t0 = process.hrtime.bigint();
  const p = spawnSync(node, ["-r", join(here, "rss.cjs"), ...args], { cwd: root, env: { ...process.env, CX_BENCH_RSS: rssFile, NO_COLOR: "1" }, encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (p.status !== 0 && p.status !== 1) throw new Error(`${args.join(" ")} failed (${p.status}):\n${p.stderr}`);
  const rssMb = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) / 1024;
  return { ms, rssMb, stdout: p.stdout };
}

const cxRun = (ws, json = join(out, "cx.json")) => measure([join(root, "dist/cli.js"), "eval", "--format", "json", "--output", json, ws.dir]);
const duckRun = (ws, json = join(out, "duckdb.json"), v2 = V2) => measure([join(here, "duckdb.mjs"), ws.csv, AS_OF, ...(v2 ? ["--v2"] : []), "--json", json]);

// ------------------------------------------------------------------ same numbers?

function compare(cxJson, duckJson) {
  const cx = toReport(JSON.parse(readFileSync(cxJson, "utf8")));
  const duck = JSON.parse(readFileSync(duckJson, "utf8")).metrics;
  const close = (a, b) => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
  const problems = [];
  let values = 0;
  const check = (what, a, b) => {
    values++;
    if (!close(a, b)) problems.push(`${what}: cx ${a}, DuckDB ${b}`);
  };
  for (const [name, d] of Object.entries(duck)) {
    const m = cx.metrics.find((x) => x.name === name);
    if (!m) {
      problems.push(`${name}: not in cx's report`);
      continue;
    }
    check(name, m.value, d.value);
    if (d.groups) {
      const got = new Map((m.groups ?? []).map((g) => [String(Object.values(g.key)[0]), g.value]));
      if (got.size !== Object.keys(d.groups).length) problems.push(`${name}: ${got.size} groups, DuckDB ${Object.keys(d.groups).length}`);
      for (const [k, v] of Object.entries(d.groups)) check(`${name} [${k}]`, got.get(k) ?? null, v);
    }
    if (d.trend) {
      const got = new Map((m.trend ?? []).map((t) => [t.period, t.value]));
      if (got.size !== Object.keys(d.trend).length) problems.push(`${name}: ${got.size} periods, DuckDB ${Object.keys(d.trend).length}`);
      for (const [k, v] of Object.entries(d.trend)) check(`${name} [${k}]`, got.get(k) ?? null, v);
    }
  }
  return { metrics: Object.keys(duck).length, values, problems };
}

/** bench/native.mjs's { metrics: { name: { value, groups, trend } } } in the shape of cx's JSON report. */
function toReport(json) {
  if (Array.isArray(json.metrics)) return json;
  return {
    metrics: Object.entries(json.metrics).map(([name, m]) => ({
      name,
      value: m.value,
      groups: m.groups && Object.entries(m.groups).map(([k, value]) => ({ key: { k }, value })),
      trend: m.trend && Object.entries(m.trend).map(([period, value]) => ({ period, value })),
    })),
  };
}

/** Same numbers (1e-9 relative) in two JSON trees; timing fields are skipped. */
function sameTree(a, b) {
  const close = (x, y) => x === y || (typeof x === "number" && typeof y === "number" && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y))) || (Number.isNaN(x) && y === null);
  const problems = [];
  let values = 0;
  const walk = (x, y, path) => {
    if (x !== null && typeof x === "object") {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y ?? {})])) {
        if (path === "" && ["loadMs", "queryMs", "rows", "repeatMs", "repeatCpuMs"].includes(k)) continue;
        walk(x[k], y?.[k], `${path}/${k}`);
      }
      return;
    }
    values++;
    if (!close(x, y)) problems.push(`${path}: native ${x}, DuckDB ${y}`);
  };
  walk(a, b, "");
  return { values, problems };
}

// ------------------------------------------------------------------ sections

async function sideBySide(ws) {
  log(`\n## cx eval vs DuckDB — ${fmt(ROWS)} rows, ${ws.mb.toFixed(1)} MB CSV, ${V2 ? 23 : 20} metrics (${RUNS} interleaved runs each)\n`);
  cxRun(ws); // warm the page cache for both
  duckRun(ws);
  const same = compare(join(out, "cx.json"), join(out, "duckdb.json"));
  if (same.problems.length) {
    log(`RESULTS DIFFER (${same.problems.length}):\n  ${same.problems.slice(0, 20).join("\n  ")}`);
    process.exitCode = 1;
  } else log(`Same results: ${same.metrics} metrics, ${same.values} values (overall, groups and periods) agree within 1e-9.`);
  const cx = [];
  const duck = [];
  for (let i = 0; i < RUNS; i++) {
    cx.push(cxRun(ws));
    duck.push(duckRun(ws));
  }
  const row = (name, runs) => ({ name, ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.rssMb)), allMs: runs.map((r) => Math.round(r.ms)), allRss: runs.map((r) => Math.round(r.rssMb)) });
  const c = row("cx eval", cx);
  const d = row("DuckDB (2 threads)", duck);
  log("| engine | wall, median | peak RSS, median | runs (ms) |");
  log("|---|---:|---:|---|");
  for (const r of [c, d]) log(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.rssMb)} MB | ${r.allMs.join(", ")} |`);
  log(`| **cx ÷ DuckDB** | **${(c.ms / d.ms).toFixed(2)}×** | **${(c.rssMb / d.rssMb).toFixed(2)}×** | |`);
  log(`\nTargets: wall ≤ 0.6 × DuckDB → ${c.ms / d.ms <= 0.6 ? "met" : "NOT met"}; peak RSS ≤ 160 MB → ${c.rssMb <= 160 ? "met" : "NOT met"}.`);
  results.sideBySide = { rows: ROWS, mb: ws.mb, runs: RUNS, cx: c, duckdb: d, wallRatio: c.ms / d.ms, rssRatio: c.rssMb / d.rssMb, same };
}

/** The native executor with hand-built plans against DuckDB, 23 metrics over the survey data. */
function nativeSurvey(ws) {
  log(`\n## Native executor alone (hand-built plans) vs DuckDB — ${fmt(ROWS)} rows, 23 metrics (${RUNS} interleaved runs each)\n`);
  const nativeJson = join(out, "native-survey.json");
  const duckJson = join(out, "duckdb-v2.json");
  const nat = () => measure([join(here, "native.mjs"), "survey", ws.csv, AS_OF, "--json", nativeJson]);
  const duck = () => duckRun(ws, duckJson, true);
  nat();
  duck();
  const same = compare(nativeJson, duckJson);
  if (same.problems.length) {
    log(`RESULTS DIFFER (${same.problems.length}):\n  ${same.problems.slice(0, 20).join("\n  ")}`);
    process.exitCode = 1;
  } else log(`Same results: ${same.metrics} metrics, ${same.values} values agree within 1e-9.`);
  const runs = { native: [], duckdb: [] };
  for (let i = 0; i < RUNS; i++) {
    const n = nat();
    runs.native.push({ ...n, inner: JSON.parse(readFileSync(nativeJson, "utf8")) });
    const d = duck();
    runs.duckdb.push({ ...d, inner: JSON.parse(readFileSync(duckJson, "utf8")) });
  }
  const row = (name, rs) => ({ name, ms: median(rs.map((r) => r.ms)), rssMb: median(rs.map((r) => r.rssMb)), loadMs: median(rs.map((r) => r.inner.loadMs)), queryMs: median(rs.map((r) => r.inner.queryMs)) });
  const n = row("native executor (read + run)", runs.native);
  const d = row("DuckDB (2 threads)", runs.duckdb);
  log("| engine | wall, median | peak RSS, median | reading/loading, median | computing, median |");
  log("|---|---:|---:|---:|---:|");
  for (const r of [n, d]) log(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.rssMb)} MB | ${fmt(r.loadMs)} ms | ${fmt(r.queryMs)} ms |`);
  log(`| **native ÷ DuckDB** | **${(n.ms / d.ms).toFixed(2)}×** | **${(n.rssMb / d.rssMb).toFixed(2)}×** | | **${(n.queryMs / d.queryMs).toFixed(2)}×** |`);
  // The executor alone, warm, nothing to reuse (bench/native.mjs --repeat): wall and CPU time.
  const rep = measure([join(here, "native.mjs"), "survey", ws.csv, AS_OF, "--repeat", "7", "--json", nativeJson]);
  const inner = JSON.parse(readFileSync(nativeJson, "utf8"));
  log(`\nThe executor alone, warm (7 more runs in one process, nothing reused): median ${fmt(median(inner.repeatMs))} ms wall, ${fmt(median(inner.repeatCpuMs))} ms CPU (runs: ${inner.repeatMs.map((x) => Math.round(x)).join(", ")} ms).`);
  results.nativeSurvey = { native: n, duckdb: d, same, repeatMs: inner.repeatMs, repeatCpuMs: inner.repeatCpuMs, repeatProcessMs: rep.ms };
}

/** Funnels, cohorts and drivers: the native executor against DuckDB SQL on the same CSV files. */
async function analyses() {
  log(`\n## Funnels, cohorts, drivers: native executor vs DuckDB SQL (${RUNS} interleaved runs each)\n`);
  const dir = join(out, "analyses");
  mkdirSync(dir, { recursive: true });
  const data = { events: 1_000_000, orders: 200_000, subscriptions: 200_000, answers: 500_000 };
  const files = {};
  for (const [kind, n] of Object.entries(data)) {
    files[kind] = join(dir, `${kind}-${n}.csv`);
    if (!existsSync(files[kind])) await generateAnalyses(kind, n, files[kind]);
  }
  const workloads = [
    ["funnel", "3 funnels of 4 steps over 1,000,000 events (100k customers)", [files.events]],
    ["cohort", "monthly activity cohorts over 200k customers' orders, monthly subscription cohorts over 200k subscriptions", [files.orders, files.subscriptions]],
    ["drivers", "2 drivers analyses (4 drivers) over 500,000 answers", [files.answers]],
  ];
  log("| workload | native wall | native peak RSS | DuckDB wall | DuckDB peak RSS | wall ratio | same numbers |");
  log("|---|---:|---:|---:|---:|---:|---|");
  results.analyses = {};
  for (const [w, what, inputs] of workloads) {
    const nj = join(out, `native-${w}.json`);
    const dj = join(out, `duckdb-${w}.json`);
    const nat = () => measure([join(here, "native.mjs"), w, ...inputs, AS_OF, "--json", nj]);
    const duck = () => measure([join(here, "duckdb-analyses.mjs"), w, ...inputs, AS_OF, "--json", dj]);
    nat();
    duck();
    const same = sameTree(JSON.parse(readFileSync(nj, "utf8")), JSON.parse(readFileSync(dj, "utf8")));
    if (same.problems.length) process.exitCode = 1;
    const n = [];
    const d = [];
    for (let i = 0; i < RUNS; i++) {
      n.push({ ...nat(), inner: JSON.parse(readFileSync(nj, "utf8")) });
      d.push({ ...duck(), inner: JSON.parse(readFileSync(dj, "utf8")) });
    }
    const sum = (rs) => ({ ms: median(rs.map((r) => r.ms)), rssMb: median(rs.map((r) => r.rssMb)), loadMs: median(rs.map((r) => r.inner.loadMs)), queryMs: median(rs.map((r) => r.inner.queryMs)) });
    const ns = sum(n);
    const ds = sum(d);
    log(`| ${w}: ${what} | ${fmt(ns.ms)} ms (read ${fmt(ns.loadMs)}, compute ${fmt(ns.queryMs)}) | ${fmt(ns.rssMb)} MB | ${fmt(ds.ms)} ms (load ${fmt(ds.loadMs)}, query ${fmt(ds.queryMs)}) | ${fmt(ds.rssMb)} MB | ${(ns.ms / ds.ms).toFixed(2)}× | ${same.problems.length ? `NO (${same.problems.slice(0, 3).join("; ")})` : `yes, ${same.values} values`} |`);
    results.analyses[w] = { native: ns, duckdb: ds, same };
  }
}

function readers() {
  log(`\n## Readers alone (bench/read.mjs: 6 of 13 columns, each case in its own process)\n`);
  const p = spawnSync(node, [join(here, "read.mjs"), "--rows", String(ROWS), "--runs", String(RUNS), "--json"], { cwd: root, encoding: "utf8" });
  if (p.status !== 0) throw new Error(p.stderr);
  const cases = JSON.parse(p.stdout.trim().split("\n").pop());
  log("| input | size | rows | wall, median | MB/s (median) | MB/s (best) | peak RSS |");
  log("|---|---:|---:|---:|---:|---:|---:|");
  for (const c of cases) log(`| ${c.label} | ${c.mb.toFixed(1)} MB | ${fmt(c.rows)} | ${fmt(c.ms)} ms | ${fmt(c.mbps)} | ${fmt(c.bestMbps)} | ${fmt(c.rssMb)} MB |`);
  results.readers = cases;
}

function incremental(ws) {
  log(`\n## The editor's case: an edit to a formula, then analyze + evaluate in the same process (bench/incremental.mjs)\n`);
  const p = spawnSync(node, [join(here, "incremental.mjs"), ws.dir, "--runs", String(Math.max(7, RUNS))], { cwd: root, encoding: "utf8" });
  if (p.status !== 0) throw new Error(p.stderr);
  const r = JSON.parse(p.stdout.trim().split("\n").pop());
  log(`first evaluation (reads the data): ${fmt(r.firstMs)} ms`);
  log(`after an edit — analyze + evaluate, median: ${fmt(median(r.editMs), 1)} ms (runs: ${r.editMs.map((x) => x.toFixed(1)).join(", ")}) — target ≤ 50 ms: ${median(r.editMs) <= 50 ? "met" : "NOT met"}`);
  log(`evaluate alone, median: ${fmt(median(r.evalOnlyMs), 1)} ms; run() with the report: ${fmt(median(r.runMs), 1)} ms; peak RSS ${fmt(r.rssMb)} MB`);
  log(`an edit that adds a new aggregate (one pass for it), median: ${fmt(median(r.newAggregateMs), 1)} ms (runs: ${r.newAggregateMs.map((x) => x.toFixed(1)).join(", ")})`);
  results.incremental = { ...r, editMedianMs: median(r.editMs), evalOnlyMedianMs: median(r.evalOnlyMs), runMedianMs: median(r.runMs), newAggregateMedianMs: median(r.newAggregateMs) };
}

function parser() {
  log(`\n## Parser (bench/parse.mjs)\n`);
  const p = spawnSync(node, [join(here, "parse.mjs")], { cwd: root, encoding: "utf8" });
  if (p.status !== 0) throw new Error(p.stderr);
  const r = JSON.parse(p.stdout.trim().split("\n").pop());
  log(`${fmt(r.lines)} lines (${fmt(r.bytes / 1024, 1)} KiB, ${r.errors} errors): first parse ${fmt(r.firstMs, 1)} ms, then median ${fmt(r.medianMs, 1)} ms`);
  results.parse = r;
}

async function scaling() {
  if (!SCALING.length) return;
  log(`\n## Scaling (median of 3 runs each)\n`);
  log("| rows | CSV | cx wall | cx peak RSS | DuckDB wall | DuckDB peak RSS | wall ratio |");
  log("|---:|---:|---:|---:|---:|---:|---:|");
  const points = [];
  for (const rows of SCALING) {
    const ws = await workspace(rows);
    cxRun(ws);
    const cx = [];
    const duck = [];
    for (let i = 0; i < 3; i++) {
      cx.push(cxRun(ws));
      duck.push(duckRun(ws));
    }
    const p = {
      rows,
      mb: ws.mb,
      cxMs: median(cx.map((r) => r.ms)),
      cxRssMb: median(cx.map((r) => r.rssMb)),
      duckMs: median(duck.map((r) => r.ms)),
      duckRssMb: median(duck.map((r) => r.rssMb)),
    };
    points.push(p);
    log(`| ${fmt(rows)} | ${p.mb.toFixed(1)} MB | ${fmt(p.cxMs)} ms | ${fmt(p.cxRssMb)} MB | ${fmt(p.duckMs)} ms | ${fmt(p.duckRssMb)} MB | ${(p.cxMs / p.duckMs).toFixed(2)}× |`);
  }
  results.scaling = points;
  const svg = join(root, "docs/images/scaling.svg");
  mkdirSync(dirname(svg), { recursive: true });
  writeFileSync(svg, scalingSvg(points, results.machine));
  log(`\nPlot: docs/images/scaling.svg`);
}

// ------------------------------------------------------------------

mkdirSync(out, { recursive: true });
writeFileSync(join(out, ".gitignore"), "*\n");
const m = results.machine;
log(`# cx benchmark — ${m.cpu}, ${m.cores} cores, ${m.memGb} GiB, Node ${m.node}; load average at start ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
await build();
const ws = await workspace(ROWS);
if (SECTIONS.has("cli")) await sideBySide(ws);
if (SECTIONS.has("native")) nativeSurvey(ws);
if (SECTIONS.has("analyses")) await analyses();
if (SECTIONS.has("readers")) readers();
if (SECTIONS.has("incremental")) incremental(ws);
if (SECTIONS.has("parser")) parser();
if (SECTIONS.has("scaling")) await scaling();
results.endLoad = loadavg();
log(`\nLoad average at the end: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (${m.cores} cores; other processes share the machine).`);
writeFileSync(join(out, "results.json"), JSON.stringify(results, null, 2));
