// The native executor alone, with hand-built plans (a micro-benchmark; not part of the tests):
// reads a CSV with the native reader and runs engines/native/executor.ts `runNative` on a
// SourcePlan written out below, then assembles the few numbers the DuckDB peers print, so that
// bench/run.mjs can check that both give the same numbers and time each in its own process.
//
//   node bench/native.mjs survey  SURVEY.csv  AS_OF [--json OUT]   the 23 metrics of bench/duckdb.mjs
//   node bench/native.mjs funnel  EVENTS.csv  AS_OF [--json OUT]   funnels over an event log
//   node bench/native.mjs cohort  ORDERS.csv SUBSCRIPTIONS.csv AS_OF [--json OUT]
//   node bench/native.mjs drivers ANSWERS.csv AS_OF [--json OUT]
//
// Needs .bench/native.cjs (bench/run.mjs bundles it; or `node bench/native.mjs --bundle`).
// Prints (or writes) { loadMs, queryMs, ... } where loadMs is reading the data and queryMs the
// executor, both inside this process.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleExports } from "./bundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const bundlePath = join(root, ".bench", "native.cjs");

export async function bundleNative() {
  await bundleExports([
    'export { runNative } from "./server/src/core/engines/native/executor";',
    'export { readSource } from "./server/src/core/data/reader";',
    'export { NodeHost } from "./server/src/node/host";',
    'export { UTC } from "./server/src/core/time/zone";',
    'export { parseDate } from "./server/src/core/data/convert";',
    'export { periodLabel } from "./server/src/core/eval/periods";',
    'export { bucketLayout } from "./server/src/core/plan/plan";',
  ], bundlePath);
}

// ------------------------------------------------------------------ IR helpers

const col = (name, t) => ({ k: "col", t, name });
const lit = (t, v) => ({ k: "lit", t, v });
const eq = (c, v) => ({ k: "cmp", op: "==", l: col(c, "text"), r: lit("text", v) });
const cmp = (op, l, r) => ({ k: "cmp", op, l, r });
const and = (l, r) => ({ k: "and", l, r });
const within = (e, items) => ({ k: "in", e, items, negated: false });

function sourcePlan(parts) {
  return {
    source: "bench",
    access: { kind: "files", files: [], format: "csv", delimiter: ",", encoding: "utf-8" },
    schema: new Map(),
    columns: new Map(),
    derived: [],
    measures: [],
    funnels: [],
    cohorts: [],
    drivers: [],
    scaleChecks: [],
    divisions: [],
    ...parts,
  };
}

// ------------------------------------------------------------------ the survey workload

/** The 23 metrics of bench/duckdb.mjs as measures, and how each is read off them. */
function surveyWorkload(core, asOfDay) {
  const measures = new Map(); // key → measure
  const m = (kind, spec = {}) => {
    const { by = [], trend, ...rest } = spec;
    const measure = { kind, ...rest, breakdown: trend ? { by, trend } : { by } };
    const key = JSON.stringify(measure);
    measures.set(key, { ...measure, key });
    return key;
  };
  const R = col("recommend", "number");
  const S = col("satisfied", "number");
  const E = col("effort", "number");
  const H = col("handle_time", "number");
  const nps = { fn: "nps", min: 0, max: 10 };
  const csat = { fn: "csat", min: 1, max: 5 };
  const ces = { fn: "ces", min: 1, max: 7 };
  const resolved = cmp("==", col("resolved", "boolean"), lit("boolean", true));
  const window90 = { lo: asOfDay - 90, hi: asOfDay };
  const NPS = (o) => (o.n ? (100 * (o.a - o.b)) / o.n : null);
  const RATIO = (o) => (o.n ? o.a / o.n : null);
  const MEAN = (o) => (o.n ? o.a / o.n : null);
  // name → { by, trend, parts: {name: measure key}, f(values) }
  const metrics = {};
  const metric = (name, breakdown, parts, f) => {
    const keys = {};
    for (const [p, [kind, spec]] of Object.entries(parts)) keys[p] = m(kind, { ...spec, ...breakdown });
    // The rows of each bucket, as the planner's presence measure: groups and periods without rows
    // are left out, like the assembler does (an executor may return them: plan.ts BreakdownOutput).
    const presence = breakdown.by?.length || breakdown.trend ? m("rows", { ...breakdown }) : undefined;
    metrics[name] = { breakdown: { by: breakdown.by ?? [], trend: breakdown.trend }, keys, presence, f };
  };
  metric("nps", {}, { x: ["survey", { arg: R, survey: nps }] }, (v) => NPS(v.x));
  metric("nps_by_region", { by: ["region"] }, { x: ["survey", { arg: R, survey: nps }] }, (v) => NPS(v.x));
  metric("nps_by_channel", { by: ["channel"] }, { x: ["survey", { arg: R, survey: nps }] }, (v) => NPS(v.x));
  metric("nps_by_month", { trend: "month" }, { x: ["survey", { arg: R, survey: nps }] }, (v) => NPS(v.x));
  metric("csat", {}, { x: ["survey", { arg: S, survey: csat }] }, (v) => RATIO(v.x));
  metric("csat_by_product", { by: ["product"] }, { x: ["survey", { arg: S, survey: csat }] }, (v) => RATIO(v.x));
  metric("support_csat", {}, { x: ["survey", { arg: S, survey: csat, where: eq("touchpoint", "support") }] }, (v) => RATIO(v.x));
  metric("csat_90d", {}, { x: ["survey", { arg: S, survey: csat, window: window90 }] }, (v) => RATIO(v.x));
  metric("ces", {}, { x: ["survey", { arg: E, survey: ces }] }, (v) => MEAN(v.x));
  metric("ces_by_segment", { by: ["segment"] }, { x: ["survey", { arg: E, survey: ces }] }, (v) => MEAN(v.x));
  const share = (v) => (v.all.n ? v.x.n / v.all.n : null);
  metric("resolution_rate", {}, { x: ["rows", { where: resolved }], all: ["rows", {}] }, share);
  metric("resolution_by_touchpoint", { by: ["touchpoint"], trend: "month" }, { x: ["rows", { where: resolved }], all: ["rows", {}] }, share);
  metric("avg_handle_time", {}, { x: ["moments", { arg: H }] }, (v) => MEAN(v.x));
  metric("p90_handle_time", {}, { x: ["percentile", { arg: H, p: 90 }] }, (v) => (v.x.n ? v.x.a : null));
  metric("responses", {}, { x: ["rows", {}] }, (v) => v.x.n);
  metric("promoters", {}, { x: ["rows", { where: cmp(">=", R, lit("number", 9)) }] }, (v) => v.x.n);
  metric("detractors", {}, { x: ["rows", { where: cmp("<=", R, lit("number", 6)) }] }, (v) => v.x.n);
  metric("unresolved_support", {}, { x: ["rows", { where: and(eq("touchpoint", "support"), cmp("==", col("resolved", "boolean"), lit("boolean", false))) }] }, (v) => v.x.n);
  metric("promoter_share", {}, { x: ["rows", { where: cmp(">=", R, lit("number", 9)) }], all: ["rows", {}] }, (v) => (v.all.n ? v.x.n / v.all.n : null));
  metric("handle_time_per_resolution", {}, { s: ["moments", { arg: H }], r: ["rows", { where: resolved }] }, (v) => (v.r.n ? v.s.a / v.r.n : null));
  // New in version 2: an expression inside an aggregate, an elapsed time, a derived month.
  metric("weighted_handle_time", {}, { x: ["moments", { arg: { k: "arith", op: "*", l: H, r: S } }] }, (v) => v.x.a);
  metric("avg_wait_minutes", {}, { x: ["moments", { arg: { k: "fn", fn: "minutes_between", t: "number", args: [col("contacted_at", "datetime"), col("answered_at", "date")] } }] }, (v) => MEAN(v.x));
  metric("csat_by_answered_month", { by: ["answered_month"] }, { x: ["survey", { arg: S, survey: csat }] }, (v) => RATIO(v.x));
  const plan = sourcePlan({
    timestamp: { name: "answered_at", type: "date" },
    derived: [{ name: "answered_month", type: "text", expr: { k: "fn", fn: "month", t: "text", args: [col("answered_at", "date")] } }],
    measures: [...measures.values()],
  });
  const columns = new Map([
    ["touchpoint", "text"], ["channel", "text"], ["region", "text"], ["product", "text"], ["segment", "text"],
    ["recommend", "integer"], ["satisfied", "integer"], ["effort", "integer"], ["handle_time", "number"], ["resolved", "boolean"],
    ["answered_at", "date"], ["contacted_at", "datetime"],
  ]);
  const assemble = (out) => {
    const res = {};
    for (const [name, def] of Object.entries(metrics)) {
      const bd = out.breakdown(def.breakdown);
      const lay = core.bucketLayout(bd);
      const at = (bucket) => {
        const v = {};
        for (const [p, key] of Object.entries(def.keys)) {
          const mo = out.measure(key);
          v[p] = { n: mo.n(bucket), a: mo.a(bucket), b: mo.b(bucket) };
        }
        return def.f(v);
      };
      const rows = def.presence ? out.measure(def.presence) : undefined;
      const present = (bucket) => rows.n(bucket) > 0;
      const r = { value: at(0) };
      if (def.breakdown.by.length) r.groups = Object.fromEntries(bd.groups.flatMap((g, i) => (present(lay.groups + i) ? [[String(g[0]), at(lay.groups + i)]] : [])));
      if (def.breakdown.trend) r.trend = Object.fromEntries(bd.periods.flatMap((p, i) => (present(lay.periods + i) ? [[core.periodLabel(p, def.breakdown.trend), at(lay.periods + i)]] : [])));
      res[name] = r;
    }
    return { metrics: res };
  };
  return { plan, columns, assemble };
}

// ------------------------------------------------------------------ funnels, cohorts, drivers

const DAY = 86400000;
export const FUNNEL_STEPS = [
  ["product_view"], ["add_to_cart"], ["checkout_start", "express_checkout"], ["order_placed", "express_checkout"],
];

function funnelWorkload(asOfDay) {
  const steps = FUNNEL_STEPS.map((events) => (events.length === 1 ? eq("event", events[0]) : within(col("event", "text"), events)));
  const plan = sourcePlan({
    timestamp: { name: "at", type: "datetime" },
    funnels: [
      { key: "purchase_7d", name: "purchase_7d", customer: "customer_id", steps, withinMs: 7 * DAY },
      { key: "purchase_any", name: "purchase_any", customer: "customer_id", steps },
      { key: "purchase_90d", name: "purchase_90d", customer: "customer_id", steps, withinMs: 7 * DAY, window: { lo: asOfDay - 90, hi: asOfDay } },
    ],
  });
  const columns = new Map([["customer_id", "text"], ["event", "text"], ["at", "datetime"]]);
  const assemble = (out) => ({ funnels: Object.fromEntries(plan.funnels.map((f) => [f.key, out.funnel(f.key).customers])) });
  return { plan, columns, assemble };
}

function cohortsOut(core, out, c) {
  const rows = {};
  for (const x of out.cohort(c.key).cohorts) rows[core.periodLabel(x.code, c.period)] = { customers: x.customers, observed: x.observed, retained: x.retained };
  return rows;
}

function driversWorkload(asOfDay) {
  const cols = ["recommend", "delivery_sat", "support_sat", "checkout_sat", "app_sat"].map((c) => col(c, "number"));
  const plan = sourcePlan({
    timestamp: { name: "answered_at", type: "date" },
    drivers: [
      { key: "all", name: "all", columns: cols },
      { key: "eu_90d", name: "eu_90d", columns: cols, where: eq("region", "EU"), window: { lo: asOfDay - 90, hi: asOfDay } },
    ],
  });
  const columns = new Map([["region", "text"], ["recommend", "integer"], ["delivery_sat", "integer"], ["support_sat", "integer"], ["checkout_sat", "integer"], ["app_sat", "integer"], ["answered_at", "date"]]);
  const assemble = (out) => ({ drivers: Object.fromEntries(plan.drivers.map((d) => [d.key, out.drivers(d.key)])) });
  return { plan, columns, assemble };
}

// ------------------------------------------------------------------ main

async function read(core, host, file, columns) {
  const r = await core.readSource({ name: "bench", files: [resolve(file)], format: "csv", delimiter: ",", declared: columns }, columns, host);
  if (r.missing.length) throw new Error(`${file}: missing columns ${r.missing.join(", ")}`);
  return r.table;
}

function cohortWorkload(core, asOfDay) {
  const activity = { key: "monthly_repeat", name: "a", customer: "customer", mode: "activity", period: "month", periods: 6, asOf: asOfDay };
  const subscription = { key: "monthly_retention", name: "s", customer: "customer_id", mode: "subscription", start: "signup_date", end: "cancel_date", period: "month", periods: 12, asOf: asOfDay };
  return {
    inputs: [
      { columns: new Map([["customer", "text"], ["placed_at", "datetime"]]), plan: sourcePlan({ timestamp: { name: "placed_at", type: "datetime" }, cohorts: [activity] }) },
      { columns: new Map([["customer_id", "text"], ["signup_date", "date"], ["cancel_date", "date"]]), plan: sourcePlan({ cohorts: [subscription] }) },
    ],
    assemble: ([a, s]) => ({ cohorts: { activity: cohortsOut(core, a, activity), subscription: cohortsOut(core, s, subscription) } }),
  };
}

/**
 * A workload by name: its inputs (one per data file, in the order of the command line: the
 * columns read and the source plan run on them) and how the outputs become the JSON the peers print.
 * `core` needs bucketLayout and periodLabel (.bench/native.cjs or .bench/sql.cjs).
 */
export function workload(core, name, asOfDay) {
  if (name === "cohort") return cohortWorkload(core, asOfDay);
  const w = name === "survey" ? surveyWorkload(core, asOfDay) : name === "funnel" ? funnelWorkload(asOfDay) : name === "drivers" ? driversWorkload(asOfDay) : undefined;
  if (!w) throw new Error(`unknown workload ${name}`);
  return { inputs: [{ columns: w.columns, plan: w.plan }], assemble: ([out]) => w.assemble(out) };
}

async function main() {
  if (process.argv.includes("--bundle")) return bundleNative();
  const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !["--json", "--repeat"].includes(all[i - 1]));
  const jsonAt = process.argv.indexOf("--json");
  const [name, ...rest] = args;
  const core = createRequire(import.meta.url)(bundlePath);
  const host = new core.NodeHost();
  const asOf = rest[rest.length - 1];
  const w = workload(core, name, core.parseDate(asOf));
  const t0 = performance.now();
  const tables = [];
  for (let i = 0; i < w.inputs.length; i++) tables.push(await read(core, host, rest[i], w.inputs[i].columns));
  const loadMs = performance.now() - t0;
  const outs = [];
  for (let i = 0; i < w.inputs.length; i++) outs.push(await core.runNative(w.inputs[i].plan, tables[i], core.UTC));
  const result = { ...w.assemble(outs), rows: tables.reduce((n, t) => n + t.rowCount, 0) };
  const queryMs = performance.now() - t0 - loadMs;
  // --repeat N: the executor again on the same columns, N times, with nothing to reuse (a new
  // rowLines array is a new table for its caches): the executor's own time, warm.
  const repeatAt = process.argv.indexOf("--repeat");
  if (repeatAt > 0) {
    result.repeatMs = [];
    result.repeatCpuMs = [];
    for (let r = 0; r < Number(process.argv[repeatAt + 1]); r++) {
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      for (let i = 0; i < w.inputs.length; i++) await core.runNative(w.inputs[i].plan, { ...tables[i], rowLines: tables[i].rowLines.slice() }, core.UTC);
      const c2 = process.cpuUsage(c1);
      result.repeatMs.push(performance.now() - t1);
      result.repeatCpuMs.push((c2.user + c2.system) / 1000);
    }
  }
  const report = JSON.stringify({ loadMs, queryMs, ...result });
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], report);
  else console.log(report);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
