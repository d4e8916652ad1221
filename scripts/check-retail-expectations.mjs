#!/usr/bin/env node
// Independent computation of the samples/retail scorecard at its as-of date (2026-06-30).
//
// This script does NOT use the cx evaluator: it reads the generated data files with its own small
// CSV / JSONL readers (and the `yaml` package), re-implements every metric of samples/retail/*.cx
// by hand, following the formulas of the language reference (shared/spec/language.md §4–§5), and
// writes samples/retail/expected.json:
//
//   { "metrics": { name: value }, "goals": { name: status }, "journeys": { name: value } }
//
// A test compares that file with `cx eval samples/retail --format json`. Values are full-precision
// doubles; compare them with a small tolerance (sums of amounts may be added in another order).
//
// It also checks that the data is clean (every value converts to its declared column type, every
// score is inside its scale), so that evaluating the sample reports no data warnings, and that the
// goal mix the README promises holds (some met, some at risk, some missed; every missed goal has
// severity warning so that `cx eval samples/retail` exits 0).
//
// When you change a .cx file of the sample, change the matching definition below.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "samples", "retail");
const DATA = join(ROOT, "data");
const AS_OF = "2026-06-30";

const problems = [];
const problem = (msg) => problems.push(msg);

// ---------------------------------------------------------------------------------------------
// Readers

/** RFC 4180: quoted fields, "" escapes, delimiters and line breaks inside quotes, LF or CRLF. */
function readCsv(text) {
  const records = [];
  let field = "", record = [], quoted = false, i = 0, wasQuoted = false;
  const endField = () => {
    record.push(field === "" && !wasQuoted ? null : field);
    field = "";
    wasQuoted = false;
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += ch; i++; continue;
    }
    if (ch === '"') { quoted = true; wasQuoted = true; i++; continue; }
    if (ch === ",") { endField(); i++; continue; }
    if (ch === "\r" && text[i + 1] === "\n") { i++; continue; }
    if (ch === "\n") { endField(); records.push(record); record = []; i++; continue; }
    field += ch; i++;
  }
  if (quoted) problem("CSV: unterminated quote");
  if (field !== "" || record.length) { endField(); records.push(record); }
  const [header, ...rows] = records;
  return rows.map((r, n) => {
    if (r.length !== header.length) problem(`CSV record ${n + 2}: ${r.length} fields, header has ${header.length}`);
    const o = {};
    header.forEach((h, k) => (o[h] = r[k] ?? null));
    return o;
  });
}

const readJsonl = (text) =>
  text.split("\n").filter((l) => l.trim() !== "").map((l, n) => {
    const o = JSON.parse(l);
    if (typeof o !== "object" || o === null || Array.isArray(o)) problem(`JSONL line ${n + 1} is not an object`);
    return o;
  });

// ---------------------------------------------------------------------------------------------
// Types (§6): convert every value to its declared type; a value that does not convert is a data
// warning (CX4003), which the sample must not have.

const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s + "T00:00:00Z"));
function convert(source, column, type, v) {
  if (v === null || v === undefined) return null;
  const s = typeof v === "string" ? v.trim() : v;
  let out = null;
  switch (type) {
    case "text": out = String(v); break;
    case "integer":
      if (typeof s === "number" && Number.isInteger(s)) out = s;
      else if (typeof s === "string" && /^[+-]?\d+$/.test(s)) out = Number(s);
      break;
    case "number":
      if (typeof s === "number") out = s;
      else if (typeof s === "string" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) out = Number(s);
      break;
    case "boolean":
      if (typeof s === "boolean") out = s;
      else if (["true", "1", "yes"].includes(String(s).toLowerCase())) out = true;
      else if (["false", "0", "no"].includes(String(s).toLowerCase())) out = false;
      break;
    case "date": // kept as the ISO string: compares chronologically
      if (typeof s === "string" && isDate(s)) out = s;
      break;
    case "datetime": // only the date part matters to windows and trends; we keep "YYYY-MM-DD"
      if (typeof s === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(s) && isDate(s.slice(0, 10))) out = s.slice(0, 10);
      break;
  }
  if (out === null) problem(`${source}.${column}: '${v}' is not a ${type} (CX4003)`);
  return out;
}

function typed(source, rows, columns) {
  return rows.map((r) => {
    const o = {};
    for (const [c, t] of Object.entries(columns)) {
      if (!(c in r)) problem(`${source}: declared column '${c}' missing (CX4002)`);
      o[c] = convert(source, c, t, r[c]);
    }
    return o;
  });
}

// The `columns` blocks of samples/retail/sources.cx.
const surveys = typed("surveys", readCsv(readFileSync(join(DATA, "surveys.csv"), "utf8")), {
  respondent: "text", touchpoint: "text", channel: "text", region: "text",
  recommend: "integer", satisfied: "integer", effort: "integer", answered_at: "date", comment: "text",
});
const orders = typed("orders", readJsonl(readFileSync(join(DATA, "orders.jsonl"), "utf8")), {
  order_id: "text", customer: "text", channel: "text", region: "text", status: "text",
  amount: "number", placed_at: "date", promised_at: "date", delivered_at: "date",
});
const tickets = typed("tickets", readCsv(readFileSync(join(DATA, "tickets.csv"), "utf8")), {
  ticket_id: "text", customer: "text", channel: "text", opened_at: "datetime",
  first_response_minutes: "integer", resolved: "boolean", reopened: "boolean", satisfied: "integer",
});
const customers = typed("customers", parseYaml(readFileSync(join(DATA, "customers.yaml"), "utf8")), {
  id: "text", joined_at: "date", churned_at: "date", segment: "text",
});

// ---------------------------------------------------------------------------------------------
// Windows (§5.1): asOf − N days < d ≤ asOf.

function addDays(isoDate, n) {
  return new Date(Date.parse(isoDate + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
}
const windowDays = (rows, ts, n) => {
  const from = addDays(AS_OF, -n);
  return rows.filter((r) => r[ts] !== null && r[ts] > from && r[ts] <= AS_OF);
};

// ---------------------------------------------------------------------------------------------
// Aggregates (§4.2)

const count = (rows, where = () => true) => rows.filter((r) => where(r) === true).length;
const values = (rows, col, where = () => true) => rows.filter((r) => where(r) === true && r[col] !== null).map((r) => r[col]);
function sum(xs) {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
const countDistinct = (xs) => new Set(xs).size;
const div = (a, b) => (a === null || b === null || b === 0 ? null : a / b);
function share(rows, where) {
  return rows.length === 0 ? null : count(rows, where) / rows.length;
}
function percentile(xs, p) {
  if (xs.length === 0) return null;
  const a = [...xs].sort((x, y) => x - y);
  const rank = (p / 100) * (a.length - 1);
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  return a[lo] + (a[hi] - a[lo]) * (rank - lo);
}
/** The valid answers of a scale: non-null integers in lo..hi; others would be CX4006. */
function valid(xs, lo, hi, what) {
  const out = xs.filter((x) => Number.isInteger(x) && x >= lo && x <= hi);
  if (out.length !== xs.length) problem(`${what}: ${xs.length - out.length} values outside ${lo}..${hi} (CX4006)`);
  return out;
}
function nps(xs) {
  const v = valid(xs, 0, 10, "nps");
  if (v.length === 0) return null;
  const promoters = v.filter((x) => x >= 9).length;
  const detractors = v.filter((x) => x <= 6).length;
  return ((promoters - detractors) / v.length) * 100;
}
function csat(xs, scale = 5) {
  const v = valid(xs, 1, scale, "csat");
  if (v.length === 0) return null;
  const top = { 5: 4, 7: 6, 10: 9 }[scale];
  return v.filter((x) => x >= top).length / v.length;
}
function ces(xs, scale = 7) {
  const v = valid(xs, 1, scale, "ces");
  return v.length === 0 ? null : sum(v) / v.length;
}
/** round(x, digits): half away from zero. */
function round(x, digits = 0) {
  if (x === null) return null;
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
}

// ---------------------------------------------------------------------------------------------
// Metrics — one function per metric of the sample, overall value (no `by` group, no trend
// period). Metric references are evaluated in the referencing metric's context (§4.4); none of
// the referencing metrics here has a window, so plain function calls do.

const tp = (name) => (r) => r.touchpoint === name;
const surveys90 = windowDays(surveys, "answered_at", 90);
const orders90 = windowDays(orders, "placed_at", 90);

const M = {};
// touchpoints.cx
M.product_page_csat = () => csat(values(surveys, "satisfied", tp("product_page")));
M.checkout_csat = () => csat(values(surveys, "satisfied", tp("checkout")));
M.store_csat = () => csat(values(surveys, "satisfied", tp("store")));
M.delivery_csat = () => csat(values(surveys, "satisfied", tp("delivery")));
M.returns_csat = () => csat(values(surveys, "satisfied", tp("returns")));
M.support_csat = () => csat(values(tickets, "satisfied"));
// metrics/loyalty.cx
M.overall_nps = () => nps(values(surveys, "recommend"));
M.nps_90d = () => nps(values(surveys90, "recommend"));
M.delivery_nps = () => nps(values(surveys, "recommend", tp("delivery")));
M.checkout_effort = () => ces(values(surveys, "effort", tp("checkout")));
M.returns_effort = () => ces(values(surveys, "effort", tp("returns")));
// metrics/operations.cx
M.on_time_delivery = () =>
  div(
    count(orders90, (r) => (r.delivered_at === null || r.promised_at === null ? null : r.delivered_at <= r.promised_at)),
    count(orders90, (r) => r.delivered_at !== null),
  );
M.refund_rate = () => div(count(orders, (r) => r.status === "refunded"), count(orders, (r) => r.status !== "cancelled"));
M.return_rate = () => share(orders, (r) => r.status === "returned");
M.first_response_time = () => percentile(values(tickets, "first_response_minutes"), 50);
M.resolution_rate = () => share(tickets, (r) => r.resolved === true);
M.reopen_rate = () => div(count(tickets, (r) => r.reopened === true), count(tickets, (r) => r.resolved === true));
// metrics/customers.cx — dates are ISO strings, so string comparison is chronological; a null
// date compares as null, which a `where` treats as false.
const lt = (a, b) => (a === null ? null : a < b);
const le = (a, b) => (a === null ? null : a <= b);
const ge = (a, b) => (a === null ? null : a >= b);
const gt = (a, b) => (a === null ? null : a > b);
M.customers_at_start = () => count(customers, (r) => lt(r.joined_at, "2026-04-01") && (r.churned_at === null || ge(r.churned_at, "2026-04-01")));
M.customers_at_end = () => count(customers, (r) => le(r.joined_at, "2026-06-30") && (r.churned_at === null || gt(r.churned_at, "2026-06-30")));
M.new_customers = () => count(customers, (r) => ge(r.joined_at, "2026-04-01") && le(r.joined_at, "2026-06-30"));
M.retention_rate = () => div(M.customers_at_end() - M.new_customers(), M.customers_at_start());
M.churn_rate = () =>
  div(
    count(customers, (r) => lt(r.joined_at, "2026-04-01") && ge(r.churned_at, "2026-04-01") && le(r.churned_at, "2026-06-30")),
    M.customers_at_start(),
  );
M.revenue_per_customer = () =>
  div(sum(values(orders, "amount", (r) => ["delivered", "shipped"].includes(r.status))), countDistinct(values(orders, "customer")));
M.clv = () => round(M.revenue_per_customer() * 2 * 3, 2);

const metrics = {};
for (const [name, f] of Object.entries(M)) metrics[name] = f();

// ---------------------------------------------------------------------------------------------
// Goals (§5.4) — goals.cx

const GOALS = {
  nps_target: ["overall_nps", ">=", 30, ">=", 20],
  nps_recent: ["nps_90d", ">=", 35, ">=", 30],
  product_page_satisfaction: ["product_page_csat", ">=", 0.75, ">=", 0.7],
  checkout_satisfaction: ["checkout_csat", ">=", 0.8, ">=", 0.75],
  checkout_easy: ["checkout_effort", ">=", 5.5, ">=", 5],
  showroom_satisfaction: ["store_csat", ">=", 0.85, ">=", 0.8],
  delivery_promoters: ["delivery_nps", ">=", 25, ">=", 15],
  delivery_satisfaction: ["delivery_csat", ">=", 0.8, ">=", 0.7],
  returns_satisfaction: ["returns_csat", ">=", 0.7, ">=", 0.65, "warning"],
  returns_easy: ["returns_effort", ">=", 5, ">=", 4.5, "warning"],
  support_satisfaction: ["support_csat", ">=", 0.75, ">=", 0.7],
  deliveries_on_time: ["on_time_delivery", ">=", 0.95, ">=", 0.9, "warning"],
  refunds_low: ["refund_rate", "<=", 0.05, "<=", 0.07],
  fast_first_response: ["first_response_time", "<=", 60, "<=", 90],
  tickets_resolved: ["resolution_rate", ">=", 0.85, ">=", 0.8],
  few_reopened_tickets: ["reopen_rate", "<=", 0.08, "<=", 0.1],
  return_rate_low: ["return_rate", "<=", 0.08],
  retention: ["retention_rate", ">=", 0.9, ">=", 0.85],
  churn: ["churn_rate", "<=", 0.08, "<=", 0.1],
  lifetime_value: ["clv", ">=", 4500, ">=", 4000],
};
const satisfies = (v, op, t) => ({ ">=": v >= t, ">": v > t, "<=": v <= t, "<": v < t, "==": v === t })[op];
const goals = {};
const severities = {};
for (const [name, [metric, op, target, wop, warn, severity = "error"]] of Object.entries(GOALS)) {
  const v = metrics[metric];
  goals[name] = v === null ? "no_data" : satisfies(v, op, target) ? "met" : wop && satisfies(v, wop, warn) ? "at_risk" : "missed";
  severities[name] = severity;
}

// ---------------------------------------------------------------------------------------------
// Journeys (§5.5) — journeys.cx, with the touchpoints' score and weight from touchpoints.cx

const TOUCHPOINTS = {
  product_page: ["product_page_csat", 1],
  checkout: ["checkout_csat", 2],
  store: ["store_csat", 2],
  delivery: ["delivery_csat", 2],
  returns: ["returns_csat", 1],
  support: ["support_csat", 1.5],
};
const JOURNEYS = {
  online_purchase: ["product_page", "checkout", "delivery", "returns", "support"],
  showroom_visit: ["product_page", "store", "support"],
};
const journeys = {};
for (const [name, steps] of Object.entries(JOURNEYS)) {
  let num = 0, den = 0;
  for (const t of steps) {
    const [metric, weight] = TOUCHPOINTS[t];
    const v = metrics[metric];
    if (v === null) continue;
    num += v * weight;
    den += weight;
  }
  journeys[name] = den === 0 ? null : num / den;
}

// ---------------------------------------------------------------------------------------------
// The goal mix the README promises.

const statuses = Object.values(goals);
for (const s of ["met", "at_risk", "missed"]) if (!statuses.includes(s)) problem(`no goal is ${s}`);
for (const [name, s] of Object.entries(goals)) {
  if (s === "missed" && severities[name] !== "warning") problem(`goal ${name} is missed with severity error: cx eval would exit 1`);
  if (s === "no_data") problem(`goal ${name} has no data`);
}
for (const [name, v] of Object.entries(metrics)) if (v === null) problem(`metric ${name} is null`);

writeFileSync(join(ROOT, "expected.json"), JSON.stringify({ metrics, goals, journeys }, null, 2) + "\n");

// A readable summary, with a few breakdowns that back the README's story.
const fmt = (v) => (v === null ? "null" : Number.isInteger(v) ? String(v) : v.toFixed(4));
for (const [n, v] of Object.entries(metrics)) console.log(`metric  ${n.padEnd(22)} ${fmt(v)}`);
for (const [n, s] of Object.entries(goals)) console.log(`goal    ${n.padEnd(26)} ${s}${severities[n] === "warning" ? " (warning)" : ""}`);
for (const [n, v] of Object.entries(journeys)) console.log(`journey ${n.padEnd(22)} ${fmt(v)}`);
if (process.argv.includes("--story")) {
  const months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"];
  const inMonth = (col, m) => (r) => r[col] !== null && r[col].startsWith(m);
  console.log("\nNPS by month:", months.map((m) => fmt(nps(values(surveys, "recommend", inMonth("answered_at", m))))).join(" "));
  for (const region of ["east", "north", "south", "west"]) {
    const d = (r) => r.touchpoint === "delivery" && r.region === region;
    const o90 = orders90.filter((r) => r.region === region);
    console.log(
      `${region.padEnd(5)} delivery NPS ${fmt(nps(values(surveys, "recommend", d)))}` +
        ` delivery CSAT ${fmt(csat(values(surveys, "satisfied", d)))}` +
        ` on-time(90d) ${fmt(div(count(o90, (r) => (r.delivered_at === null ? null : r.delivered_at <= r.promised_at)), count(o90, (r) => r.delivered_at !== null)))}`,
    );
  }
  console.log("first response median by month:", months.map((m) => fmt(percentile(values(tickets, "first_response_minutes", inMonth("opened_at", m)), 50))).join(" "));
  console.log("tickets by month:", months.map((m) => count(tickets, inMonth("opened_at", m))).join(" "));
  console.log("rows:", { surveys: surveys.length, orders: orders.length, tickets: tickets.length, customers: customers.length });
}

if (problems.length) {
  console.error("\nPROBLEMS:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log(`\nwrote ${join("samples", "retail", "expected.json")}`);
