// The peer: the 20 metrics of bench/workspace computed by DuckDB over the same CSV, and with --v2
// the three metrics of version 2 (bench/workspace-v2: an expression inside an aggregate, an elapsed
// time between a datetime and a date, a `by` on a derived month column). With --ids: the nine
// metrics of bench/workspace-ids instead (distinct customers, percentiles, date filters).
//
//   node bench/duckdb.mjs DATA.csv AS_OF [--v2 | --ids] [--threads N] [--json OUT]
//
// Loads the whole file into a table (CREATE TABLE … AS SELECT * FROM read_csv(…)), then runs
// one query per metric with 2 threads (--threads: another number). Prints (or writes) the results in the shape of the
// `cx eval --format json` metrics: { name: { value, groups: { key: value }, trend: { period: value } } }.
import { DuckDBInstance } from "@duckdb/node-api";
import { writeFileSync } from "node:fs";

const [file, asOf] = process.argv.slice(2);
const jsonAt = process.argv.indexOf("--json");

const NPS = (c) => `100.0 * (count_if(${c} >= 9) - count_if(${c} <= 6)) / nullif(count(${c}), 0)`;
const CSAT = (c) => `count_if(${c} >= 4) / nullif(count(${c}), 0)`;
const VALID = {
  recommend: "recommend BETWEEN 0 AND 10",
  satisfied: "satisfied BETWEEN 1 AND 5",
  effort: "effort BETWEEN 1 AND 7",
};
const WINDOW_90 = `answered_at > DATE '${asOf}' - INTERVAL 90 DAY AND answered_at <= DATE '${asOf}'`;
const MONTH = "strftime(answered_at, '%Y-%m')";

/** name → { expr, where?, by?, trend? } (by/trend: one query per breakdown). */
const METRICS = {
  nps: { expr: NPS("recommend"), where: VALID.recommend },
  nps_by_region: { expr: NPS("recommend"), where: VALID.recommend, by: "region" },
  nps_by_channel: { expr: NPS("recommend"), where: VALID.recommend, by: "channel" },
  nps_by_month: { expr: NPS("recommend"), where: VALID.recommend, trend: true },
  csat: { expr: CSAT("satisfied"), where: VALID.satisfied },
  csat_by_product: { expr: CSAT("satisfied"), where: VALID.satisfied, by: "product" },
  support_csat: { expr: CSAT("satisfied"), where: `${VALID.satisfied} AND touchpoint = 'support'` },
  csat_90d: { expr: CSAT("satisfied"), where: `${VALID.satisfied} AND ${WINDOW_90}` },
  ces: { expr: "avg(effort)", where: VALID.effort },
  ces_by_segment: { expr: "avg(effort)", where: VALID.effort, by: "segment" },
  resolution_rate: { expr: "count_if(resolved) / count(*)" },
  resolution_by_touchpoint: { expr: "count_if(resolved) / count(*)", by: "touchpoint", trend: true },
  avg_handle_time: { expr: "avg(handle_time)" },
  p90_handle_time: { expr: "quantile_cont(handle_time, 0.9)" },
  responses: { expr: "count(*)" },
  promoters: { expr: "count_if(recommend >= 9)" },
  detractors: { expr: "count_if(recommend <= 6)" },
  unresolved_support: { expr: "count_if(touchpoint = 'support' AND resolved = false)" },
  promoter_share: { expr: "count_if(recommend >= 9) / count(*)" },
  handle_time_per_resolution: { expr: "sum(handle_time) / nullif(count_if(resolved), 0)" },
};
// Version 2. minutes_between(contacted_at, answered_at): the date at its (UTC) midnight.
const V2_METRICS = {
  weighted_handle_time: { expr: "sum(handle_time * satisfied)" },
  avg_wait_minutes: { expr: "avg((epoch_ms(answered_at::TIMESTAMP) - epoch_ms(contacted_at)) / 60000.0)" },
  csat_by_answered_month: { expr: CSAT("satisfied"), where: VALID.satisfied, by: "strftime(answered_at, '%Y-%m')" },
};
if (process.argv.includes("--v2")) Object.assign(METRICS, V2_METRICS);
// bench/workspace-ids (over a CSV made with gen-data.mjs --ids).
const H2 = "answered_at >= DATE '2024-07-01'";
const IDS_METRICS = {
  customers: { expr: "count(DISTINCT customer_id)" },
  customers_90d: { expr: "count(DISTINCT customer_id)", where: WINDOW_90 },
  customers_h2: { expr: "count(DISTINCT customer_id)", where: H2 },
  customers_by_region: { expr: "count(DISTINCT customer_id)", by: "region" },
  detractor_customers: { expr: "count(DISTINCT customer_id)", where: "recommend <= 6" },
  p90_handle_time: { expr: "quantile_cont(handle_time, 0.9)" },
  median_handle_time_h2: { expr: "quantile_cont(handle_time, 0.5)", where: H2 },
  answers_h2: { expr: "count(*)", where: H2 },
  nps: { expr: NPS("recommend"), where: VALID.recommend },
};
if (process.argv.includes("--ids")) {
  for (const k of Object.keys(METRICS)) delete METRICS[k];
  Object.assign(METRICS, IDS_METRICS);
}

const t0 = performance.now();
const threadsAt = process.argv.indexOf("--threads");
const THREADS = threadsAt > 0 ? Number(process.argv[threadsAt + 1]) : 2;
const instance = await DuckDBInstance.create(":memory:", { threads: String(THREADS) });
const db = await instance.connect();
await db.run(`SET threads = ${THREADS}`);
await db.run("SET TimeZone = 'UTC'");
await db.run(`CREATE TABLE survey AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true)`);
const tLoad = performance.now();

const num = (v) => (v === null || v === undefined ? null : Number(v));
async function rows(sql) {
  return (await db.runAndReadAll(sql)).getRowObjectsJS();
}
const out = {};
for (const [name, m] of Object.entries(METRICS)) {
  const where = m.where ? ` WHERE ${m.where}` : "";
  const r = { value: num((await rows(`SELECT ${m.expr} AS v FROM survey${where}`))[0].v) };
  // Groups come from all rows (keys are taken before any filter): a LEFT JOIN keeps empty ones.
  if (m.by) {
    r.groups = {};
    const q = `SELECT k.g AS g, x.v AS v FROM (SELECT DISTINCT ${m.by} AS g FROM survey) k LEFT JOIN (SELECT ${m.by} AS g, ${m.expr} AS v FROM survey${where} GROUP BY 1) x ON k.g IS NOT DISTINCT FROM x.g`;
    for (const row of await rows(q)) r.groups[String(row.g)] = num(row.v);
  }
  if (m.trend) {
    r.trend = {};
    const q = `SELECT k.p AS p, x.v AS v FROM (SELECT DISTINCT ${MONTH} AS p FROM survey WHERE answered_at IS NOT NULL) k LEFT JOIN (SELECT ${MONTH} AS p, ${m.expr} AS v FROM survey${where} GROUP BY 1) x ON k.p = x.p`;
    for (const row of await rows(q)) r.trend[row.p] = num(row.v);
  }
  out[name] = r;
}
const tEnd = performance.now();
const report = JSON.stringify({ loadMs: tLoad - t0, queryMs: tEnd - tLoad, metrics: out });
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], report);
else console.log(report);
