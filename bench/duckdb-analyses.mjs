// The peer of bench/native.mjs's funnel, cohort and drivers workloads: the same analyses in
// DuckDB SQL (2 threads), over the same CSV files, with the rules of language-v2 §12–§14.
//
//   node bench/duckdb-analyses.mjs funnel  EVENTS.csv AS_OF [--json OUT]
//   node bench/duckdb-analyses.mjs cohort  ORDERS.csv SUBSCRIPTIONS.csv AS_OF [--json OUT]
//   node bench/duckdb-analyses.mjs drivers ANSWERS.csv AS_OF [--json OUT]
//
// Prints (or writes) { loadMs, queryMs, … } in the shape of bench/native.mjs.
import { DuckDBInstance } from "@duckdb/node-api";
import { writeFileSync } from "node:fs";
import { FUNNEL_STEPS } from "./native.mjs";

const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--json");
const jsonAt = process.argv.indexOf("--json");
const [workload, ...rest] = args;
const asOf = rest[rest.length - 1];
const quote = (s) => `'${s.replace(/'/g, "''")}'`;

const t0 = performance.now();
const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const db = await instance.connect();
await db.run("SET threads = 2");
await db.run("SET TimeZone = 'UTC'");
const rows = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();
const num = (v) => (v === null || v === undefined ? null : Number(v));
const load = (table, file, types) => db.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv(${quote(file)}, header = true, columns = {${Object.entries(types).map(([c, t]) => `${quote(c)}: ${quote(t)}`).join(", ")}})`);

let result;
let tLoad;
if (workload === "funnel") {
  await load("events", rest[0], { customer_id: "VARCHAR", event: "VARCHAR", at: "TIMESTAMPTZ", device: "VARCHAR" });
  tLoad = performance.now();
  const DAY = "INTERVAL 7 DAY";
  const cond = (events) => (events.length === 1 ? `e.event = ${quote(events[0])}` : `e.event IN (${events.map(quote).join(", ")})`);
  // t1: earliest step-1 row (in the window); tk: earliest step-k row with tk ≥ tk−1 (and ≤ t1 + within).
  const funnel = async (within, window) => {
    let sql = `WITH e AS (SELECT customer_id AS c, event, "at" AS t FROM events WHERE customer_id IS NOT NULL AND "at" IS NOT NULL),\n`;
    sql += `s1 AS (SELECT e.c, min(e.t) AS t1, min(e.t) AS t FROM e WHERE ${cond(FUNNEL_STEPS[0])}${window ? ` AND CAST(e.t AS DATE) > DATE ${quote(asOf)} - ${window} AND CAST(e.t AS DATE) <= DATE ${quote(asOf)}` : ""} GROUP BY e.c)`;
    for (let k = 1; k < FUNNEL_STEPS.length; k++) {
      sql += `,\ns${k + 1} AS (SELECT p.c, p.t1, min(e.t) AS t FROM s${k} p JOIN e ON e.c = p.c WHERE ${cond(FUNNEL_STEPS[k])} AND e.t >= p.t${within ? ` AND e.t <= p.t1 + ${within}` : ""} GROUP BY p.c, p.t1)`;
    }
    sql += `\nSELECT ${FUNNEL_STEPS.map((_, k) => `(SELECT count(*) FROM s${k + 1}) AS n${k + 1}`).join(", ")}`;
    const r = (await rows(sql))[0];
    return FUNNEL_STEPS.map((_, k) => num(r[`n${k + 1}`]));
  };
  result = { funnels: { purchase_7d: await funnel(DAY), purchase_any: await funnel(undefined), purchase_90d: await funnel(DAY, 90) } };
} else if (workload === "cohort") {
  await load("orders", rest[0], { customer: "VARCHAR", placed_at: "TIMESTAMPTZ", amount: "DOUBLE" });
  await load("subs", rest[1], { customer_id: "VARCHAR", plan: "VARCHAR", signup_date: "DATE", cancel_date: "DATE" });
  tLoad = performance.now();
  // Activity: the cohort is the month of the first order; age k observed when the month k months
  // later has ended by the as-of date; retained when an order falls in it.
  const activity = await rows(`
    WITH a AS (SELECT customer AS c, CAST(placed_at AS DATE) AS d FROM orders WHERE customer IS NOT NULL AND placed_at IS NOT NULL),
    f AS (SELECT c, date_trunc('month', min(d)) AS p0 FROM a GROUP BY c),
    sizes AS (SELECT p0, count(*) AS customers FROM f GROUP BY p0),
    ages AS (SELECT DISTINCT a.c, f.p0, date_diff('month', f.p0, date_trunc('month', a.d)) AS k FROM a JOIN f USING (c)),
    ret AS (SELECT p0, k, count(*) AS retained FROM ages WHERE k <= 6 GROUP BY p0, k),
    grid AS (SELECT p0, customers, range AS k FROM sizes, range(0, 7))
    SELECT strftime(g.p0, '%Y-%m') AS cohort, g.customers, g.k,
      CASE WHEN g.p0 + to_months(CAST(g.k + 1 AS INTEGER)) <= DATE ${quote(asOf)} + 1 THEN g.customers ELSE 0 END AS observed,
      CASE WHEN g.p0 + to_months(CAST(g.k + 1 AS INTEGER)) <= DATE ${quote(asOf)} + 1 THEN coalesce(r.retained, 0) ELSE 0 END AS retained
    FROM grid g LEFT JOIN ret r ON r.p0 = g.p0 AND r.k = g.k ORDER BY 1, 3`);
  // Subscription: earliest start, latest end (a null end wins); age k observed when start + k
  // months ≤ as-of (day clamped), retained when the end is null or after start + k months.
  const subscription = await rows(`
    WITH s AS (SELECT customer_id AS c, min(signup_date) AS st, CASE WHEN bool_or(cancel_date IS NULL) THEN NULL ELSE max(cancel_date) END AS en
               FROM subs WHERE customer_id IS NOT NULL AND signup_date IS NOT NULL GROUP BY customer_id),
    b AS (SELECT st, en, range AS k, CAST(st + to_months(CAST(range AS INTEGER)) AS DATE) AS boundary FROM s, range(0, 13))
    SELECT strftime(st, '%Y-%m') AS cohort, k, count(*) FILTER (WHERE k = 0) AS customers,
      count(*) FILTER (WHERE boundary <= DATE ${quote(asOf)}) AS observed,
      count(*) FILTER (WHERE boundary <= DATE ${quote(asOf)} AND (en IS NULL OR en > boundary)) AS retained
    FROM b GROUP BY 1, 2 ORDER BY 1, 2`);
  const shape = (list, customersAt) => {
    const out = {};
    for (const r of list) {
      const c = (out[r.cohort] ??= { customers: 0, observed: [], retained: [] });
      if (Number(r.k) === 0) c.customers = num(customersAt(r));
      c.observed[Number(r.k)] = num(r.observed);
      c.retained[Number(r.k)] = num(r.retained);
    }
    return out;
  };
  result = { cohorts: { activity: shape(activity, (r) => r.customers), subscription: shape(subscription, (r) => r.customers) } };
} else if (workload === "drivers") {
  await load("answers", rest[0], { respondent: "VARCHAR", region: "VARCHAR", recommend: "INTEGER", delivery_sat: "INTEGER", support_sat: "INTEGER", checkout_sat: "INTEGER", app_sat: "INTEGER", answered_at: "DATE" });
  tLoad = performance.now();
  const cols = ["recommend", "delivery_sat", "support_sat", "checkout_sat", "app_sat"];
  const drivers = async (where) => {
    const complete = cols.map((c) => `${c} IS NOT NULL`).join(" AND ");
    const pairs = [];
    for (let j = 0; j < cols.length; j++) for (let k = j + 1; k < cols.length; k++) pairs.push([j, k]);
    const sql = `SELECT count(*) AS n, ${cols.map((c, j) => `avg(${c}) AS m${j}, min(${c}) = max(${c}) AS k${j}`).join(", ")}, ${pairs.map(([j, k]) => `corr(${cols[j]}, ${cols[k]}) AS c${j}_${k}`).join(", ")}
      FROM answers WHERE ${complete}${where ? ` AND ${where}` : ""}`;
    const r = (await rows(sql))[0];
    const corr = cols.map((_, j) => cols.map((_, k) => (j === k ? 1 : num(r[j < k ? `c${j}_${k}` : `c${k}_${j}`]))));
    return { n: num(r.n), means: cols.map((_, j) => num(r[`m${j}`])), constant: cols.map((_, j) => r[`k${j}`] === true), corr };
  };
  result = {
    drivers: {
      all: await drivers(undefined),
      eu_90d: await drivers(`region = 'EU' AND answered_at > DATE ${quote(asOf)} - 90 AND answered_at <= DATE ${quote(asOf)}`),
    },
  };
} else throw new Error(`unknown workload ${workload}`);

const tEnd = performance.now();
const report = JSON.stringify({ loadMs: tLoad - t0, queryMs: tEnd - tLoad, ...result });
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], report);
else console.log(report);
