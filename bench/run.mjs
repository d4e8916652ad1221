// The benchmark (`npm run bench`; not part of `npm test`). Issue 3: cx against DuckDB on the same
// CX metrics over the same CSV, in one run.
//
//   node bench/run.mjs [--rows N] [--runs N] [--scaling 10000,100000,…] [--scaling-kinds survey,ids]
//                      [--no-scaling] [--quick]
//                      [--v2] [--sections cli,ids,native,analyses,readers,incremental,parser,scaling,lsp,startup]
//
// 1. builds dist/cli.js and bundles the core into .bench/ (esbuild);
// 2. generates the data with bench/gen-data.mjs (deterministic) into .bench/ws-ROWS/data/ and
//    copies the committed workspace bench/workspace/ (20 metrics) next to it;
// 3. checks that `cx eval` and DuckDB (bench/duckdb.mjs) give the same numbers (1e-9 relative);
// 4. runs the two alternately, each in its own process, --runs times (default 5), and prints the
//    medians of wall time and of peak RSS (each process reports its own, bench/rss.cjs);
// 5. CSV reader MB/s (bench/read.mjs: unquoted, fully quoted, 500k-row JSONL), the editor's
//    second evaluation (bench/incremental.mjs), the parser (bench/parse.mjs);
// 6. scaling from 10k to 10M rows, both workloads (survey; ids): cx with one thread
//    (CX_PREFAULT=off) and as by default (page faults on a helper thread), DuckDB with 1 / 2
//    threads: a table, and docs/images/scaling.svg;
// ids: the high-cardinality workload (issue 13): bench/workspace-ids over the survey CSV with a
//    customer_id column (gen-data.mjs --ids, about ROWS / 5 distinct ids), nine metrics (distinct
//    customers overall, in a window, with a date filter, by region; percentiles; a date filter),
//    cx as by default, with one thread and with two parsing threads (CX_PARALLEL=2) against DuckDB
//    with 1 and 2 threads (bench/duckdb.mjs --ids).
// Every measured process reports its peak RSS and its CPU time (user + system, all threads), and
// every table gives the load average before and after it: a run on a busy machine shows it.
// 7. the native executor alone with hand-built plans (bench/native.mjs: the 20 metrics and the
//    three of version 2 — an expression in an aggregate, an elapsed time, a `by` on a derived
//    month) against DuckDB (bench/duckdb.mjs --v2), and funnels over 1M events, cohorts over 200k
//    customers and drivers over 500k answers against the same analyses in DuckDB SQL
//    (bench/duckdb-analyses.mjs): same numbers first, then wall time and peak RSS.
// 8. the language server at the protocol level (bench/lsp.mjs): completion and hover latency during
//    the first evaluation, time to values in hovers, a formula edit.
// --v2 adds bench/workspace-v2 (derived month, contacted_at, three metrics) to the `cx eval`
// workspace and the three metrics to its DuckDB peer: it needs the version 2 evaluator.
// Everything measured is also written to .bench/results.json.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { scalingSvg } from "./svg.mjs";
import { bundleExports } from "./bundle.mjs";
import { bundleNative } from "./native.mjs";
import { bundleSql } from "./sql-engine.mjs";
import { generateAnalyses } from "./gen-analyses.mjs";
import { startup } from "./cli-start.mjs"; // section `startup`: `cx check`/`cx eval` of samples/retail, cold

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
const SCALING = process.argv.includes("--no-scaling") ? [] : arg("--scaling", quick ? "10000,100000,1000000" : "10000,100000,1000000,4000000,10000000").split(",").map(Number);
/** The workloads of the scaling section (`--scaling-kinds survey,ids`, default both). */
const SCALING_KINDS = arg("--scaling-kinds", "survey,ids").split(",");
const AS_OF = "2024-12-31"; // bench/workspace/cx.yaml
const V2 = process.argv.includes("--v2");
const SECTIONS = new Set(arg("--sections", "cli,ids,parquet,native,analyses,readers,incremental,parser,scaling,lsp,startup").split(","));
/** The SQL engines as peers: `cx eval --engine duckdb`, PostgreSQL, cx's SQL for funnels, cohorts and drivers. */
const SQL_ENGINES = !process.argv.includes("--no-sql-engines");
/** Bumped when bench/gen-data.mjs changes what it writes (cached data is regenerated). */
const DATA_VERSION = "2";
/** Scaling: runs per point (--scaling-runs). */
const SCALING_RUNS = Number(arg("--scaling-runs", 3));
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

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
  const bundle = bundleExports;
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
  await bundleSql();
}

/** .bench/ws-ROWS: the committed workspace and ROWS rows of generated data; kind "ids": .bench/ws-ids-ROWS, bench/workspace-ids. */
async function workspace(rows, kind = "survey") {
  const ids = kind === "ids";
  const dir = join(out, ids ? `ws-ids-${rows}` : `ws-${rows}`);
  mkdirSync(join(dir, "data"), { recursive: true });
  const from = join(here, ids ? "workspace-ids" : "workspace");
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(dir, f));
  if (V2 && !ids) for (const f of readdirSync(join(here, "workspace-v2"))) copyFileSync(join(here, "workspace-v2", f), join(dir, f));
  else rmSync(join(dir, "v2.cx"), { force: true });
  const csv = join(dir, "data", "survey.csv");
  const stamp = join(dir, "data", ".rows");
  if (!existsSync(csv) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== `${rows}:${DATA_VERSION}`) {
    const { generate } = await import(pathToFileURL(join(here, "gen-data.mjs")).href);
    await generate(rows, csv, { ids });
    writeFileSync(stamp, `${rows}:${DATA_VERSION}`);
  }
  return { dir, csv, rows, ids, mb: statSync(csv).size / 1e6 };
}

// ------------------------------------------------------------------ one measured process

/** Runs a Node script in its own process; returns wall ms (parent clock) and its peak RSS (MB). */
function measure(args, env = {}) {
  const rssFile = join(out, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const t0 = process.hrtime.bigint();
  const p = spawnSync(node, ["-r", join(here, "rss.cjs"), ...args], { cwd: root, env: { ...process.env, ...env, CX_BENCH_RSS: rssFile, NO_COLOR: "1" }, encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (p.status !== 0 && p.status !== 1) throw new Error(`${args.join(" ")} failed (${p.status}):\n${p.stderr}`);
  const [kb, cpu] = readFileSync(rssFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
  return { ms, rssMb: kb / 1024, cpuMs: cpu, stdout: p.stdout };
}

const cxRun = (ws, json = join(out, "cx.json"), extra = [], env = {}) => measure([join(root, "dist/cli.js"), "eval", "--format", "json", "--output", json, ...extra, ws.dir], env);
const duckRun = (ws, json = join(out, "duckdb.json"), v2 = V2, threads = 2) =>
  measure([join(here, "duckdb.mjs"), ws.csv, AS_OF, ...(ws.ids ? ["--ids"] : v2 ? ["--v2"] : []), "--threads", String(threads), "--json", json]);
/**
 * cx in one of its configurations: "default" (one parsing thread, the pages of large columns faulted
 * in by a helper thread: node/memory.ts), "one" (one thread: CX_PREFAULT=off), "parallel" (the file
 * parsed in two parts on two threads: CX_PARALLEL=2).
 */
const CX_MODES = {
  default: { CX_PARALLEL: "off" },
  one: { CX_PARALLEL: "off", CX_PREFAULT: "off" },
  parallel: { CX_PARALLEL: "2" },
};
const cxCores = (ws, mode, json) => cxRun(ws, json, [], CX_MODES[mode]);

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
function sameTree(a, b, [nameA, nameB] = ["native", "DuckDB"]) {
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
    if (!close(x, y)) problems.push(`${path}: ${nameA} ${JSON.stringify(x)}, ${nameB} ${JSON.stringify(y)}`);
  };
  walk(a, b, "");
  return { values, problems };
}

// ------------------------------------------------------------------ sections

/** A cx JSON report's metrics as { name: { value, rows, n, stats, groups: { key: … }, trend: { period: … } } } (no locations). */
function reportValues(file) {
  const json = JSON.parse(readFileSync(file, "utf8"));
  const cell = (x) => ({ value: x.value, rows: x.rows, n: x.n, ...(x.stats ? { stats: x.stats } : {}) });
  const metrics = {};
  for (const m of json.metrics) {
    metrics[m.name] = cell(m);
    if (m.groups) metrics[m.name].groups = Object.fromEntries(m.groups.map((g) => [JSON.stringify(g.key), cell(g)]));
    if (m.trend) metrics[m.name].trend = Object.fromEntries(m.trend.map((t) => [t.period, cell(t)]));
  }
  const errors = json.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning").map((d) => `${d.code} ${d.message}`);
  return { metrics, errors };
}

/** Every number of two cx reports equal within 1e-9 (values, counts, statistics, groups, periods); no errors or warnings in either. */
function sameReports(aFile, bFile) {
  const a = reportValues(aFile);
  const b = reportValues(bFile);
  const same = sameTree(a.metrics, b.metrics, ["native", "this engine"]);
  for (const e of [...a.errors, ...b.errors]) same.problems.unshift(`diagnostic: ${e}`);
  return same;
}

const sameText = (same) => (same.problems.length ? `NO — ${same.problems.length} differ: ${same.problems.slice(0, 3).join("; ")}` : `yes, ${fmt(same.values)} numbers`);

// ------------------------------------------------------------------ PostgreSQL

const PG_TYPES = {
  respondent_id: "text", touchpoint: "text", channel: "text", region: "text", product: "text", segment: "text",
  recommend: "integer", satisfied: "integer", effort: "integer", handle_time: "double precision", resolved: "boolean",
  answered_at: "date", contacted_at: "timestamptz",
};

/** The PostgreSQL server binaries (Debian's layout), or undefined. */
function pgBin() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const v = readdirSync(base).sort((a, b) => Number(a) - Number(b)).pop();
  return v && existsSync(join(base, v, "bin", "psql")) ? join(base, v, "bin") : undefined;
}

/**
 * A PostgreSQL server for the benchmark: --pg-url / CX_BENCH_PG_URL, else a private one started by
 * .ci/postgres.sh on port 55433 (CX_BENCH_PG_PORT) with its data in /tmp/cx-pg-bench, stopped at the
 * end when this run started it. The survey data is loaded once into a table (outside the timing;
 * kept for later runs, stamped with the data version).
 */
const pg = { state: undefined };
function pgSetup(ws) {
  if (pg.state) return pg.state;
  const bin = pgBin();
  const psqlPath = bin ? join(bin, "psql") : "psql";
  let url = arg("--pg-url", process.env.CX_BENCH_PG_URL);
  let stop;
  if (!url) {
    if (!bin) return (pg.state = { skip: "PostgreSQL is not installed (apt-get install -y postgresql), or pass --pg-url" });
    const port = process.env.CX_BENCH_PG_PORT ?? "55433";
    const env = { ...process.env, CX_PG_PORT: port, CX_PG_DIR: "/tmp/cx-pg-bench" };
    const running = spawnSync(join(bin, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", port]).status === 0;
    if (!running) {
      const p = spawnSync("bash", [join(root, ".ci/postgres.sh")], { cwd: root, env, encoding: "utf8" });
      if (p.status !== 0) return (pg.state = { skip: `the private PostgreSQL server did not start: ${p.stderr.trim().split("\n").pop()}` });
      stop = () => spawnSync("bash", [join(root, ".ci/postgres.sh"), "stop"], { cwd: root, env, stdio: "ignore" });
    } else spawnSync("bash", [join(root, ".ci/postgres.sh")], { cwd: root, env, stdio: "ignore" }); // role and database
    url = `postgres://cx@127.0.0.1:${port}/cx_test`;
  }
  const psql = (sql) => spawnSync(psqlPath, [url, "-v", "ON_ERROR_STOP=1", "-qtA", "-c", sql], { encoding: "utf8" });
  const table = `cx_bench_survey_${ws.rows}`;
  const stamp = `${ws.rows}:${DATA_VERSION}`;
  const have = psql(`SELECT obj_description('${table}'::regclass, 'pg_class')`);
  let loadMs = 0;
  if (have.status !== 0 || have.stdout.trim() !== stamp) {
    log(`Loading ${fmt(ws.rows)} rows into PostgreSQL table ${table} (once, not timed in the comparison) …`);
    const t0 = performance.now();
    const cols = Object.entries(PG_TYPES).map(([c, t]) => `${c} ${t}`).join(", ");
    for (const sql of [`DROP TABLE IF EXISTS ${table}`, `CREATE TABLE ${table} (${cols})`, `\\copy ${table} FROM '${ws.csv.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`, `VACUUM ANALYZE ${table}`, `COMMENT ON TABLE ${table} IS '${stamp}'`]) {
      const p = psql(sql);
      if (p.status !== 0) {
        stop?.();
        return (pg.state = { skip: `loading the table failed: ${p.stderr.trim()}` });
      }
    }
    loadMs = performance.now() - t0;
  }
  const version = psql("SHOW server_version").stdout.trim();
  pg.state = { url, table, loadMs, version, stop };
  return pg.state;
}

/** The .cx files and cx.yaml of `from` in `to` (and no other .cx file: a --v2 run's v2.cx does not stay behind). */
function mirrorWorkspace(from, to) {
  mkdirSync(join(to, "data"), { recursive: true });
  for (const f of readdirSync(to)) if (f.endsWith(".cx")) rmSync(join(to, f));
  for (const f of readdirSync(from)) if (f.endsWith(".cx") || f === "cx.yaml") copyFileSync(join(from, f), join(to, f));
}

/** .bench/ws-ROWS-pg: the benchmark workspace with its source on the PostgreSQL table. */
function pgWorkspace(ws, state) {
  const dir = `${ws.dir}-pg`;
  mirrorWorkspace(ws.dir, dir);
  const yaml = readFileSync(join(ws.dir, "cx.yaml"), "utf8");
  writeFileSync(join(dir, "cx.yaml"), `${yaml}connections:\n  bench:\n    engine: postgres\n    url: env:CX_BENCH_PG_URL\n`);
  const survey = readFileSync(join(ws.dir, "survey.cx"), "utf8");
  writeFileSync(join(dir, "survey.cx"), survey.replace(/file: "data\/survey\.csv"/, `connection: bench\n  table: "${state.table}"`));
  return { ...ws, dir };
}

// ------------------------------------------------------------------ sections

async function sideBySide(ws) {
  log(`\n## cx eval vs DuckDB — ${fmt(ROWS)} rows, ${ws.mb.toFixed(1)} MB CSV, ${V2 ? 23 : 20} metrics (${RUNS} interleaved runs each)\n`);
  const load0 = load();
  const engines = [
    // The default first: the row every ratio and target refers to.
    { id: "native", label: "cx eval (native engine, default: one parsing thread, page faults on a helper)", json: join(out, "cx.json"), run: () => cxCores(ws, "default", join(out, "cx.json")) },
    { id: "native-one", label: "cx eval (native engine, CX_PREFAULT=off: one thread)", json: join(out, "cx-one.json"), run: () => cxCores(ws, "one", join(out, "cx-one.json")) },
    { id: "native-parallel", label: "cx eval (native engine, CX_PARALLEL=2: two parsing threads)", json: join(out, "cx-parallel.json"), run: () => cxCores(ws, "parallel", join(out, "cx-parallel.json")) },
  ];
  if (SQL_ENGINES) {
    engines.push({ id: "duckdb-engine", label: "cx eval --engine duckdb (cx's SQL in DuckDB, reading the CSV)", json: join(out, "cx-duckdb.json"), run: () => cxRun(ws, join(out, "cx-duckdb.json"), ["--engine", "duckdb"]) });
    const state = pgSetup(ws);
    if (state.skip) log(`PostgreSQL engine skipped: ${state.skip}.`);
    else {
      const pws = pgWorkspace(ws, state);
      engines.push({ id: "postgres", label: `cx eval on PostgreSQL ${state.version.split(" ")[0]} (the table)`, json: join(out, "cx-postgres.json"), run: () => cxRun(pws, join(out, "cx-postgres.json"), [], { CX_BENCH_PG_URL: state.url }) });
      results.postgres = { version: state.version, table: state.table, loadMs: state.loadMs };
      if (state.loadMs) log(`(loaded in ${fmt(state.loadMs)} ms with psql \\copy and VACUUM ANALYZE)`);
    }
  }
  engines.push({ id: "duckdb", label: "DuckDB, hand-written SQL (2 threads)", json: join(out, "duckdb.json"), run: () => duckRun(ws) });
  for (const e of engines) e.run(); // warm the page cache (and PostgreSQL's buffers)
  for (const e of engines) {
    if (e.id === "native") continue;
    e.same = e.id === "duckdb" ? compare(engines[0].json, e.json) : sameReports(engines[0].json, e.json);
    if (e.same.problems.length) process.exitCode = 1;
  }
  for (const e of engines) e.runs = [];
  for (let i = 0; i < RUNS; i++) for (const e of engines) e.runs.push(e.run());
  const row = (e) => ({ id: e.id, name: e.label, ms: median(e.runs.map((r) => r.ms)), cpuMs: median(e.runs.map((r) => r.cpuMs)), rssMb: median(e.runs.map((r) => r.rssMb)), allMs: e.runs.map((r) => Math.round(r.ms)), allRss: e.runs.map((r) => Math.round(r.rssMb)), same: e.same });
  const rows = engines.map(row);
  const c = rows[0];
  const d = rows.find((r) => r.id === "duckdb");
  log("| engine | wall, median | CPU, median | peak RSS, median | native ÷ this (wall) | runs (ms) | same numbers as native |");
  log("|---|---:|---:|---:|---:|---|---|");
  for (const r of rows) log(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.cpuMs)} ms | ${fmt(r.rssMb)} MB | ${r === c ? "" : `${(c.ms / r.ms).toFixed(2)}×`} | ${r.allMs.join(", ")} | ${r === c ? "—" : r.id === "duckdb" ? `${r.same.problems.length ? "NO" : "yes"}, ${r.same.values} values` : sameText(r.same)} |`);
  log(`\nLoad average before: ${load0}; after: ${load()} (${results.machine.cores} cores).`);
  for (const r of rows) if (r.same?.problems.length) log(`RESULTS DIFFER (${r.name}):\n  ${r.same.problems.slice(0, 20).join("\n  ")}`);
  if (rows.some((r) => r.id === "postgres")) log(`\nPostgreSQL: the peak RSS is the cx process's; the server's own memory is not counted. The table was loaded before the runs.`);
  log(`\nTargets (issue 3, against hand-written DuckDB): wall ≤ 0.6 × DuckDB → ${(c.ms / d.ms).toFixed(2)}× ${c.ms / d.ms <= 0.6 ? "met" : "NOT met"}; peak RSS ≤ 160 MB → ${fmt(c.rssMb)} MB ${c.rssMb <= 160 ? "met" : "NOT met"}.`);
  const p = rows.find((r) => r.id === "native-parallel");
  const one = rows.find((r) => r.id === "native-one");
  log(
    `Issue 13 (wall ≤ 0.4 × DuckDB, peak RSS ≤ 160 MB): default ${(c.ms / d.ms).toFixed(2)}× / ${fmt(c.rssMb)} MB ${c.ms / d.ms <= 0.4 && c.rssMb <= 160 ? "met" : "NOT met"}` +
      `${one ? `; one thread ${(one.ms / d.ms).toFixed(2)}× / ${fmt(one.rssMb)} MB` : ""}${p ? `; two parsing threads ${(p.ms / d.ms).toFixed(2)}× / ${fmt(p.rssMb)} MB` : ""}.`,
  );
  results.sideBySide = { rows: ROWS, mb: ws.mb, runs: RUNS, engines: rows, cx: c, duckdb: d, wallRatio: c.ms / d.ms, rssRatio: c.rssMb / d.rssMb };
}

/** The workload as Parquet (written by DuckDB): the native reader and the DuckDB engine on it. */
function parquet(ws) {
  log(`\n## Parquet — the ${fmt(ROWS)} rows written by DuckDB (snappy), ${V2 ? 23 : 20} metrics (${RUNS} interleaved runs each)\n`);
  const dir = `${ws.dir}-parquet`;
  mirrorWorkspace(ws.dir, dir);
  writeFileSync(join(dir, "survey.cx"), readFileSync(join(ws.dir, "survey.cx"), "utf8").replace(/file: "data\/survey\.csv"/, `file: "data/survey.parquet"\n  format: parquet`));
  const file = join(dir, "data", "survey.parquet");
  const stamp = join(dir, "data", ".rows");
  if (!existsSync(file) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== `${ROWS}:${DATA_VERSION}`) {
    const p = spawnSync(node, [join(here, "to-parquet.mjs"), ws.csv, file], { cwd: root, encoding: "utf8" });
    if (p.status !== 0) throw new Error(p.stderr);
    writeFileSync(stamp, `${ROWS}:${DATA_VERSION}`);
  }
  const mb = statSync(file).size / 1e6;
  const pws = { ...ws, dir };
  const engines = [
    { id: "native", label: "cx eval (native reader on Parquet)", json: join(out, "cx-parquet.json"), run: () => cxRun(pws, join(out, "cx-parquet.json")) },
    { id: "duckdb-engine", label: "cx eval --engine duckdb (read_parquet)", json: join(out, "cx-parquet-duckdb.json"), run: () => cxRun(pws, join(out, "cx-parquet-duckdb.json"), ["--engine", "duckdb"]) },
  ];
  if (!existsSync(join(out, "cx.json"))) cxRun(ws);
  for (const e of engines) {
    e.run();
    e.same = sameReports(join(out, "cx.json"), e.json);
    if (e.same.problems.length) process.exitCode = 1;
    e.runs = [];
  }
  for (let i = 0; i < RUNS; i++) for (const e of engines) e.runs.push(e.run());
  log(`${mb.toFixed(1)} MB of Parquet (the CSV: ${ws.mb.toFixed(1)} MB).\n`);
  log("| engine | wall, median | peak RSS, median | runs (ms) | same numbers as native on the CSV |");
  log("|---|---:|---:|---|---|");
  const rows = engines.map((e) => ({ id: e.id, name: e.label, ms: median(e.runs.map((r) => r.ms)), rssMb: median(e.runs.map((r) => r.rssMb)), allMs: e.runs.map((r) => Math.round(r.ms)), same: e.same }));
  for (const r of rows) log(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.rssMb)} MB | ${r.allMs.join(", ")} | ${sameText(r.same)} |`);
  for (const r of rows) if (r.same.problems.length) log(`RESULTS DIFFER (${r.name}):\n  ${r.same.problems.slice(0, 20).join("\n  ")}`);
  // The reader alone on the same file (bench/read.mjs's Parquet case: 6 of the 13 columns).
  const p = spawnSync(node, [join(here, "read.mjs"), "--rows", String(ROWS), "--runs", String(RUNS), "--only", "parquet", "--json"], { cwd: root, encoding: "utf8" });
  if (p.status !== 0) throw new Error(p.stderr);
  const [reader] = JSON.parse(p.stdout.trim().split("\n").pop());
  log(`\nThe native reader alone (bench/read.mjs, 6 of 13 columns): ${fmt(reader.ms)} ms median, ${fmt(reader.mbps, 1)} MB/s of Parquet (${fmt(reader.rows / (reader.ms / 1000))} rows/s), peak RSS ${fmt(reader.rssMb)} MB.`);
  results.parquet = { mb, engines: rows, reader };
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

/**
 * Funnels, cohorts and drivers: the native executor against DuckDB running the SQL cx's renderer
 * generates for the same plans (bench/sql-engine.mjs: over the CSV files, as `cx eval --engine
 * duckdb` runs it, and over typed tables DuckDB loaded itself), and against hand-written SQL
 * (bench/duckdb-analyses.mjs), on the same CSV files.
 */
async function analyses() {
  log(`\n## Funnels, cohorts, drivers: native executor vs DuckDB (${RUNS} interleaved runs each)\n`);
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
    ["cohort", "monthly activity cohorts over the 510,564 orders of 200k customers, monthly subscription cohorts over 200k subscriptions", [files.orders, files.subscriptions]],
    ["drivers", "2 drivers analyses (outcome + 4 drivers) over 500,000 answers", [files.answers]],
  ];
  results.analyses = {};
  for (const [w, what, inputs] of workloads) {
    const json = (id) => join(out, `${id}-${w}.json`);
    const peers = [
      { id: "native", label: "native executor", run: () => measure([join(here, "native.mjs"), w, ...inputs, AS_OF, "--json", json("native")]) },
      ...(SQL_ENGINES
        ? [
            { id: "sql-files", label: "DuckDB engine: cx's SQL over the CSV (`cx eval --engine duckdb`)", run: () => measure([join(here, "sql-engine.mjs"), w, ...inputs, AS_OF, "--json", json("sql-files"), "--sql", join(out, `sql-${w}.sql`)]) },
            { id: "sql-table", label: "DuckDB: cx's SQL over typed tables DuckDB loaded", run: () => measure([join(here, "sql-engine.mjs"), w, ...inputs, AS_OF, "--table", "--json", json("sql-table"), "--sql", join(out, `sql-${w}-table.sql`)]) },
          ]
        : []),
      { id: "duckdb", label: "DuckDB: hand-written SQL", run: () => measure([join(here, "duckdb-analyses.mjs"), w, ...inputs, AS_OF, "--json", json("duckdb")]) },
    ];
    for (const p of peers) p.run();
    const nativeJson = JSON.parse(readFileSync(json("native"), "utf8"));
    for (const p of peers.slice(1)) {
      p.same = sameTree(nativeJson, JSON.parse(readFileSync(json(p.id), "utf8")), ["native", "this engine"]);
      if (p.same.problems.length) process.exitCode = 1;
    }
    for (const p of peers) p.runs = [];
    for (let i = 0; i < RUNS; i++) for (const p of peers) p.runs.push({ ...p.run(), inner: JSON.parse(readFileSync(json(p.id), "utf8")) });
    const sum = (p) => ({ id: p.id, label: p.label, ms: median(p.runs.map((r) => r.ms)), rssMb: median(p.runs.map((r) => r.rssMb)), loadMs: median(p.runs.map((r) => r.inner.loadMs)), queryMs: median(p.runs.map((r) => r.inner.queryMs)), same: p.same });
    const rows = peers.map(sum);
    const n = rows[0];
    log(`### ${w}: ${what}\n`);
    log("| engine | wall, median | peak RSS, median | read / load, median | compute / queries, median | native ÷ this (wall) | same numbers as native |");
    log("|---|---:|---:|---:|---:|---:|---|");
    for (const r of rows) log(`| ${r.label} | ${fmt(r.ms)} ms | ${fmt(r.rssMb)} MB | ${fmt(r.loadMs)} ms | ${fmt(r.queryMs)} ms | ${r === n ? "" : `${(n.ms / r.ms).toFixed(2)}×`} | ${r === n ? "—" : sameText(r.same)} |`);
    for (const r of rows) if (r.same?.problems.length) log(`RESULTS DIFFER (${r.label}):\n  ${r.same.problems.slice(0, 20).join("\n  ")}`);
    const slowest = Math.max(...rows.slice(1).map((r) => n.ms / r.ms));
    log(`\nNative ahead of every DuckDB peer → ${slowest < 1 ? "yes" : "NO"} (at most ${slowest.toFixed(2)}× their wall time); peak RSS ≤ 160 MB → ${n.rssMb <= 160 ? "yes" : "NO"}.\n`);
    results.analyses[w] = Object.fromEntries(rows.map((r) => [r.id, r]));
  }
  log(`The SQL the DuckDB engine ran: .bench/sql-funnel.sql, sql-cohort.sql, sql-drivers.sql (and *-table.sql).`);
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

/** The high-cardinality workload (issue 13): cx's configurations against DuckDB with 1 and 2 threads. */
async function idsSection() {
  const ws = await workspace(ROWS, "ids");
  log(`\n## High-cardinality ids — ${fmt(ROWS)} rows, ${ws.mb.toFixed(1)} MB CSV, ~${fmt(Math.round(ROWS / 5))} customers, 9 metrics (${RUNS} interleaved runs each)\n`);
  const load0 = load();
  const engines = [
    { id: "cx", label: "cx eval, default (one parsing thread, page faults on a helper)", json: join(out, "ids-cx.json"), run: () => cxCores(ws, "default", join(out, "ids-cx.json")) },
    { id: "cx1", label: "cx eval, CX_PREFAULT=off (one thread)", json: join(out, "ids-cx1.json"), run: () => cxCores(ws, "one", join(out, "ids-cx1.json")) },
    { id: "cx2", label: "cx eval, CX_PARALLEL=2 (two parsing threads)", json: join(out, "ids-cx2.json"), run: () => cxCores(ws, "parallel", join(out, "ids-cx2.json")) },
    { id: "duck2", label: "DuckDB, hand-written SQL (2 threads)", json: join(out, "ids-duck2.json"), run: () => duckRun(ws, join(out, "ids-duck2.json"), false, 2) },
    { id: "duck1", label: "DuckDB, hand-written SQL (1 thread)", json: join(out, "ids-duck1.json"), run: () => duckRun(ws, join(out, "ids-duck1.json"), false, 1) },
  ];
  for (const e of engines) e.run(); // warm the page cache
  for (const e of engines) {
    if (e.id.startsWith("cx")) e.same = compare(e.json, engines.find((x) => x.id === "duck2").json);
    if (e.same?.problems.length) process.exitCode = 1;
  }
  for (const e of engines) e.runs = [];
  for (let i = 0; i < RUNS; i++) for (const e of engines) e.runs.push(e.run());
  const rows = engines.map((e) => ({ id: e.id, name: e.label, ms: median(e.runs.map((r) => r.ms)), cpuMs: median(e.runs.map((r) => r.cpuMs)), rssMb: median(e.runs.map((r) => r.rssMb)), allMs: e.runs.map((r) => Math.round(r.ms)), same: e.same }));
  const [c, c1, c2, d2] = rows;
  log("| engine | wall, median | CPU, median | peak RSS, median | ÷ DuckDB 2 threads (wall) | runs (ms) | same numbers as DuckDB |");
  log("|---|---:|---:|---:|---:|---|---|");
  for (const r of rows) log(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.cpuMs)} ms | ${fmt(r.rssMb)} MB | ${(r.ms / d2.ms).toFixed(2)}× | ${r.allMs.join(", ")} | ${r.same ? `${r.same.problems.length ? "NO" : "yes"}, ${r.same.values} values` : "—"} |`);
  for (const r of rows) if (r.same?.problems.length) log(`RESULTS DIFFER (${r.name}):\n  ${r.same.problems.slice(0, 20).join("\n  ")}`);
  log(`\nLoad average before: ${load0}; after: ${load()} (${results.machine.cores} cores).`);
  log(`Targets (issue 13, the default): wall ≤ 0.4 × DuckDB (2 threads) → ${(c.ms / d2.ms).toFixed(2)}× ${c.ms / d2.ms <= 0.4 ? "met" : "NOT met"}; peak RSS ≤ 160 MB → ${fmt(c.rssMb)} MB ${c.rssMb <= 160 ? "met" : "NOT met"}.`);
  results.ids = { rows: ROWS, mb: ws.mb, runs: RUNS, engines: rows, load: [load0, load()], wallRatio: c.ms / d2.ms, oneThreadWallRatio: c1.ms / d2.ms, parallelWallRatio: c2.ms / d2.ms };
}

async function scaling() {
  if (!SCALING.length) return;
  results.scaling = {};
  for (const kind of SCALING_KINDS) {
    log(`\n## Scaling — ${kind === "ids" ? "high-cardinality ids (bench/workspace-ids)" : "survey (bench/workspace)"}, median of ${SCALING_RUNS} runs each\n`);
    log("wall / CPU / peak RSS; cx with one thread (CX_PREFAULT=off) and as by default (page faults on a helper thread), DuckDB with 1 and 2 threads.\n");
    log("| rows | CSV | cx, one thread | cx, default | DuckDB 1 thread | DuckDB 2 threads | cx default ÷ DuckDB 2 (wall) | load before → after |");
    log("|---:|---:|---|---|---|---|---:|---|");
    const points = [];
    for (const rows of SCALING) {
      const ws = await workspace(rows, kind);
      const load0 = load();
      const runs = { cx1: [], cx2: [], duck1: [], duck2: [] };
      const go = {
        cx1: () => cxCores(ws, "one", join(out, "s-cx1.json")),
        cx2: () => cxCores(ws, "default", join(out, "s-cx2.json")),
        duck1: () => duckRun(ws, join(out, "s-duck1.json"), false, 1),
        duck2: () => duckRun(ws, join(out, "s-duck2.json"), false, 2),
      };
      go.cx2(); // warm the page cache
      for (let i = 0; i < SCALING_RUNS; i++) for (const k of Object.keys(go)) runs[k].push(go[k]());
      const same = compare(join(out, "s-cx2.json"), join(out, "s-duck2.json"));
      if (same.problems.length) process.exitCode = 1;
      const m = (k) => ({ ms: median(runs[k].map((r) => r.ms)), cpuMs: median(runs[k].map((r) => r.cpuMs)), rssMb: median(runs[k].map((r) => r.rssMb)) });
      const p = { rows, mb: ws.mb, cx1: m("cx1"), cx2: m("cx2"), duck1: m("duck1"), duck2: m("duck2"), same: same.problems.length === 0, load: [load0, load()] };
      p.cxMs = p.cx2.ms;
      p.cxRssMb = p.cx2.rssMb;
      p.duckMs = p.duck2.ms;
      p.duckRssMb = p.duck2.rssMb;
      points.push(p);
      const cell = (x) => `${fmt(x.ms)} ms / ${fmt(x.cpuMs)} ms / ${fmt(x.rssMb)} MB`;
      log(`| ${fmt(rows)} | ${p.mb.toFixed(1)} MB | ${cell(p.cx1)} | ${cell(p.cx2)} | ${cell(p.duck1)} | ${cell(p.duck2)} | ${(p.cx2.ms / p.duck2.ms).toFixed(2)}×${p.same ? "" : " (RESULTS DIFFER)"} | ${p.load[0]} → ${p.load[1]} |`);
    }
    results.scaling[kind] = points;
    if (kind === "survey") {
      const svg = join(root, "docs/images/scaling.svg");
      mkdirSync(dirname(svg), { recursive: true });
      writeFileSync(svg, scalingSvg(points, results.machine));
      log(`\nPlot (cx as by default, DuckDB with 2 threads): docs/images/scaling.svg`);
    }
  }
}

function lspLatency(ws) {
  const p = spawnSync(node, [join(here, "lsp.mjs"), ws.dir, "--runs", String(Math.min(RUNS, 3))], { cwd: root, stdio: "inherit" });
  if (p.status !== 0) throw new Error(`bench/lsp.mjs failed (${p.status})`);
  return JSON.parse(readFileSync(join(out, "results-lsp.json"), "utf8")).summary;
}

// ------------------------------------------------------------------

mkdirSync(out, { recursive: true });
writeFileSync(join(out, ".gitignore"), "*\n");
const m = results.machine;
log(`# cx benchmark — ${m.cpu}, ${m.cores} cores, ${m.memGb} GiB, Node ${m.node}; load average at start ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
await build();
const ws = ["cli", "parquet", "native", "incremental", "lsp"].some((s) => SECTIONS.has(s)) ? await workspace(ROWS) : undefined;
try {
  if (SECTIONS.has("cli")) await sideBySide(ws);
  if (SECTIONS.has("ids")) await idsSection();
  if (SECTIONS.has("parquet")) parquet(ws);
  if (SECTIONS.has("native")) nativeSurvey(ws);
  if (SECTIONS.has("analyses")) await analyses();
  if (SECTIONS.has("readers")) readers();
  if (SECTIONS.has("incremental")) incremental(ws);
  if (SECTIONS.has("parser")) parser();
  if (SECTIONS.has("scaling")) await scaling();
  if (SECTIONS.has("lsp")) results.lsp = lspLatency(ws); // bench/lsp.mjs: the language server at the protocol level
  if (SECTIONS.has("startup")) {
    log(`\n## CLI start-up, cold processes (bench/cli-start.mjs)\n`);
    results.startup = startup({ runs: Math.max(10, RUNS * 2), log });
  }
} finally {
  pg.state?.stop?.(); // the private PostgreSQL server, if this run started it
}
results.endLoad = loadavg();
log(`\nLoad average at the end: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (${m.cores} cores; other processes share the machine).`);
writeFileSync(join(out, "results.json"), JSON.stringify(results, null, 2));
