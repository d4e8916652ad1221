#!/usr/bin/env node
// Independent computation of the samples/retail scorecard at its as-of date (2026-06-30).
//
// This script does NOT use the cx evaluator: it reads the generated data files with its own small
// CSV / JSONL readers (the `yaml` package for YAML, the platform's TextDecoder for Windows-1252),
// re-implements every metric, goal, journey, funnel, cohort and drivers analysis of
// samples/retail/*.cx by hand, following the language reference (shared/spec/language.md §4–§6 and
// language-v2.md §9–§14), and writes samples/retail/expected.json in the format of the
// conformance cases (test/support/expectations.ts):
//
//   { "metrics": { name: { value, groups?, compare? } }, "goals": { name: status | {…} },
//     "journeys": { name: value }, "funnels": {…}, "cohorts": {…}, "drivers": {…} }
//
// A test compares that file with `cx eval samples/retail --format json`. Values are full-precision
// doubles; compare them with a small tolerance (sums of amounts may be added in another order).
// Drivers: the means, correlations, n and R² (R² from the least-squares regression on the
// standardized drivers, R² = rᵀ R⁻¹ r) are checked; the relative weights themselves are checked by
// the test through R² and their sum (1).
//
// It also checks that the data is clean (every value converts to its declared column type, every
// score is inside its scale), so that evaluating the sample reports no data warnings, and that the
// goal mix the README promises holds (some met, some at risk, some missed; every missed goal has
// severity warning so that `cx eval samples/retail` exits 0).
//
// Times: the workspace's zone is Europe/Berlin (cx.yaml). Every date taken from a date-time is its
// Berlin date; times without an offset are Berlin local times. The rules for 2026 are written out
// below (CET +01:00, CEST +02:00 from 29 March 01:00 UTC to 25 October 01:00 UTC).
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
function readCsv(text, delimiter = ",") {
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
    if (ch === delimiter) { endField(); i++; continue; }
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
    case "datetime": { // windows and trends use the Berlin date; typed() keeps the instant as well
      const ms = typeof s === "string" ? instant(s) : null;
      if (ms !== null) out = berlinDate(ms);
      break;
    }
  }
  if (out === null) problem(`${source}.${column}: '${v}' is not a ${type} (CX4003)`);
  return out;
}

// Europe/Berlin in 2026 (the only year with date-times here): CET +01:00, and CEST +02:00 from
// 2026-03-29T01:00Z to 2026-10-25T01:00Z.
const CEST_FROM = Date.parse("2026-03-29T01:00:00Z");
const CEST_UNTIL = Date.parse("2026-10-25T01:00:00Z");
const HOUR = 3600000;
const berlinOffset = (utcMs) => (utcMs >= CEST_FROM && utcMs < CEST_UNTIL ? 2 : 1) * HOUR;
/** The Berlin local date of an instant. */
const berlinDate = (ms) => new Date(ms + berlinOffset(ms)).toISOString().slice(0, 10);
/** The instant of an ISO date-time: with "Z" as written, without an offset a Berlin local time. */
function instant(text) {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z)?$/.exec(text);
  if (!m || !isDate(m[1])) return null;
  if (!m[1].startsWith("2026")) problem(`date-time ${text}: the zone rules here cover 2026 only`);
  const wall = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? "00"}Z`);
  if (m[5]) return wall;
  // A local wall time: CEST from 29 March 03:00 local on (02:00–03:00 does not exist that day).
  const summer = wall >= Date.parse("2026-03-29T03:00:00Z") && wall < Date.parse("2026-10-25T03:00:00Z");
  return wall - (summer ? 2 : 1) * HOUR;
}

/**
 * Rows with the declared columns. A column is "type" (header = name) or [type, header, map]:
 * `from "HEADER"` and `map { LABEL: value }` (labels compared trimmed, ignoring case; an answer
 * that is no label converts as usual). Date-time columns also get NAME_ms, their instant.
 */
function typed(source, rows, columns) {
  return rows.map((r) => {
    const o = {};
    for (const [c, spec] of Object.entries(columns)) {
      const [t, header = c, map] = Array.isArray(spec) ? spec : [spec];
      if (!(header in r)) problem(`${source}: declared column '${c}' (header '${header}') missing (CX4002)`);
      let raw = r[header];
      if (map && typeof raw === "string") {
        const label = Object.keys(map).find((k) => k.toLowerCase() === raw.trim().toLowerCase());
        if (label !== undefined) {
          o[c] = map[label];
          continue;
        }
      }
      o[c] = convert(source, c, t, raw);
      if (t === "datetime") o[c + "_ms"] = raw === null || raw === undefined ? null : instant(String(raw).trim());
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
  first_response_minutes: "integer", first_reply_at: "datetime", resolved: "boolean", reopened: "boolean", satisfied: "integer",
});
// derive { wait_minutes = minutes_between(opened_at, first_reply_at); opened_month = month(opened_at) }
for (const t of tickets) {
  t.wait_minutes = t.opened_at_ms === null || t.first_reply_at_ms === null ? null : (t.first_reply_at_ms - t.opened_at_ms) / 60000;
  t.opened_month = t.opened_at === null ? null : t.opened_at.slice(0, 7);
}
const customers = typed("customers", parseYaml(readFileSync(join(DATA, "customers.yaml"), "utf8")), {
  id: "text", joined_at: "date", churned_at: "date", segment: "text",
});
// The survey tool's export: Windows-1252, `;`, CRLF, question texts as headers, answer labels.
const showroomText = new TextDecoder("windows-1252").decode(readFileSync(join(DATA, "exports", "showroom-visits-2026-h1.csv")));
const showroomVisits = typed("showroom_visits", readCsv(showroomText, ";"), {
  response_id: ["text", "ResponseId"],
  recorded_at: ["datetime", "RecordedDate"],
  showroom: ["text", "Q1 - Which showroom did you visit?"],
  recommend: ["integer", "Q2 - How likely are you to recommend Northwind Home to a friend or colleague? (0-10)", { "0 - Not at all likely": 0, "10 - Extremely likely": 10 }],
  satisfied: ["integer", "Q3 - Overall, how satisfied were you with your visit today?", {
    "Very dissatisfied": 1, "Dissatisfied": 2, "Neither satisfied nor dissatisfied": 3, "Satisfied": 4, "Very satisfied": 5,
  }],
  found_it: ["boolean", "Q4 - Did you find what you were looking for?", { Yes: true, No: false }],
  comment: ["text", "Q5 - Anything else you would like to tell us?"],
});
for (const name of ["München", "Köln", "Düsseldorf", "Nürnberg"]) {
  if (!showroomVisits.some((r) => r.showroom === name)) problem(`showroom_visits: no answers from ${name} (encoding?)`);
}
const relationship = typed("relationship_survey", readCsv(readFileSync(join(DATA, "relationship-2026-05.csv"), "utf8")), {
  respondent: "text", answered_at: "date", region: "text", segment: "text", recommend: "integer",
  rate_product_pages: "integer", rate_checkout: "integer", rate_delivery: "integer", rate_returns: "integer", rate_support: "integer",
});
const events = typed("events", readCsv(readFileSync(join(DATA, "events.csv"), "utf8")), {
  visitor_id: "text", event: "text", at: "datetime", device: "text",
});

// ---------------------------------------------------------------------------------------------
// Windows (§5.1): asOf − N days < d ≤ asOf.

function addDays(isoDate, n) {
  return new Date(Date.parse(isoDate + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
}
const windowDays = (rows, ts, n, asOf = AS_OF) => {
  const from = addDays(asOf, -n);
  return rows.filter((r) => r[ts] !== null && r[ts] > from && r[ts] <= asOf);
};
/** `compare: previous` of a 90-day window: the evaluation as of 90 days earlier (2026-04-01). */
const PREVIOUS_AS_OF = addDays(AS_OF, -90);

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


// ---------------------------------------------------------------------------------------------
// Version 2: significance tests (language-v2.md §11.2)

/** ∫₀^z φ(x) dx by Simpson's rule, 20,000 intervals: far more exact than the 1e-6 the test asks. */
function normalHalf(z) {
  const k = 20000, h = z / k;
  const phi = (x) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  let s = phi(0) + phi(z);
  for (let i = 1; i < k; i++) s += (i % 2 ? 4 : 2) * phi(i * h);
  return (s * h) / 3;
}
/** Two-sided p of a standard normal statistic. */
const pNormal = (z) => (Math.abs(z) > 38 ? 0 : Math.max(0, 1 - 2 * normalHalf(Math.abs(z))));

/** ln Γ(x), Lanczos (g = 7, n = 9). */
function logGamma(x) {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
/** The regularized incomplete beta function I_x(a, b) (continued fraction, modified Lentz). */
function incompleteBeta(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logGamma(a) - logGamma(b) + logGamma(a + b)) / a;
  const tiny = 1e-300;
  let f = 1, c = 1, d = 0;
  for (let i = 0; i <= 400; i++) {
    const m = i >> 1;
    const num = i === 0 ? 1 : i % 2 === 0 ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)) : -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    f *= c * d;
    if (Math.abs(1 - c * d) < 1e-15) break;
  }
  return front * (f - 1);
}
/** Two-sided p of Student's t with df degrees of freedom. */
const pStudent = (t, df) => incompleteBeta(df / (df + t * t), df / 2, 0.5);

/** NPS: +1/0/−1 scores; z on the difference of the means (§11.2). */
function npsTest(cur, prev) {
  const stats = (xs) => {
    const v = xs.filter((x) => Number.isInteger(x) && x >= 0 && x <= 10);
    const n = v.length, p = v.filter((x) => x >= 9).length, d = v.filter((x) => x <= 6).length;
    const m = (p - d) / n;
    return { n, m, v: (p + d) / n - m * m };
  };
  const a = stats(cur), b = stats(prev);
  if (a.n < 2 || b.n < 2) return null;
  const se = Math.sqrt(a.v / a.n + b.v / b.n);
  return se === 0 ? null : pNormal((a.m - b.m) / se);
}
/** Welch's t-test with sample variances and Welch–Satterthwaite degrees of freedom. */
function welchTest(cur, prev) {
  const stats = (xs) => {
    const n = xs.length, m = sum(xs) / n;
    let ss = 0;
    for (const x of xs) ss += (x - m) * (x - m);
    return { n, m, s2: ss / (n - 1) };
  };
  if (cur.length < 2 || prev.length < 2) return null;
  const a = stats(cur), b = stats(prev);
  const va = a.s2 / a.n, vb = b.s2 / b.n;
  if (va + vb === 0) return null;
  const t = (a.m - b.m) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return pStudent(t, df);
}
const CONFIDENCE = 0.95;
function compared(value, previous, p) {
  return {
    kind: "previous",
    asOf: PREVIOUS_AS_OF,
    value: previous,
    change: value === null || previous === null ? null : value - previous,
    p,
    significant: p === null ? null : p < 1 - CONFIDENCE,
  };
}
const mean = (xs) => (xs.length === 0 ? null : sum(xs) / xs.length);
/** The distinct non-null values of a column, in code-point order (the report's group order). */
const keys = (rows, col) => [...new Set(values(rows, col))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

// metrics/showrooms.cx — `window: 90 days`, `compare: previous`: the previous value is the value
// as of 2026-04-01, over its own 90 days.
const showroomNow = windowDays(showroomVisits, "recorded_at", 90);
const showroomPrev = windowDays(showroomVisits, "recorded_at", 90, PREVIOUS_AS_OF);
const atShowroom = (name) => (r) => r.showroom === name;
M.showroom_nps = () => nps(values(showroomNow, "recommend"));
M.showroom_visit_csat = () => csat(values(showroomVisits, "satisfied"));
M.found_it_rate = () => div(count(showroomNow, (r) => r.found_it === true), count(showroomNow, (r) => r.found_it !== null));
// metrics/operations.cx (derived columns)
const ticketsNow = windowDays(tickets, "opened_at", 90);
const ticketsPrev = windowDays(tickets, "opened_at", 90, PREVIOUS_AS_OF);
M.replied_within_hour = () => share(tickets, (r) => (r.wait_minutes === null ? null : r.wait_minutes <= 60));
M.average_wait = () => mean(values(ticketsNow, "wait_minutes"));
// metrics/loyalty.cx
M.relationship_nps = () => nps(values(relationship, "recommend"));

// ---------------------------------------------------------------------------------------------
// Funnel (§12) — metrics/conversion.cx: per visitor, the earliest product view whose Berlin date
// is in the last 90 days, then the earliest of each next step at or after the step before and at
// most 7 days after the view.

function runFunnel(rows, steps, withinMs, windowN) {
  const from = addDays(AS_OF, -windowN);
  const perVisitor = new Map();
  for (const r of rows) {
    if (r.visitor_id === null || r.at_ms === null) continue;
    if (!perVisitor.has(r.visitor_id)) perVisitor.set(r.visitor_id, []);
    perVisitor.get(r.visitor_id).push(r);
  }
  const reached = steps.map(() => 0);
  for (const rs of perVisitor.values()) {
    let t1 = null;
    for (const r of rs) if (steps[0][1](r) && r.at > from && r.at <= AS_OF && (t1 === null || r.at_ms < t1)) t1 = r.at_ms;
    if (t1 === null) continue;
    reached[0]++;
    let prev = t1;
    for (let k = 1; k < steps.length; k++) {
      let tk = null;
      for (const r of rs) if (steps[k][1](r) && r.at_ms >= prev && r.at_ms <= t1 + withinMs && (tk === null || r.at_ms < tk)) tk = r.at_ms;
      if (tk === null) break;
      reached[k]++;
      prev = tk;
    }
  }
  const out = steps.map(([name], k) => ({
    name,
    customers: reached[k],
    conversion: k === 0 ? div(reached[0], reached[0]) : div(reached[k], reached[k - 1]),
    overall: div(reached[k], reached[0]),
  }));
  return { value: out[out.length - 1].overall, customers: reached[0], steps: out };
}
const isEvent = (name) => (r) => r.event === name;
const purchaseFunnel = runFunnel(
  events,
  [["product_page", isEvent("product_view")], ["cart", isEvent("add_to_cart")], ["checkout", isEvent("checkout_start")], ["order", isEvent("order_placed")]],
  7 * 86400000,
  90,
);
M.online_conversion = () => purchaseFunnel.value;
M.checkout_reach = () => purchaseFunnel.steps.find((s) => s.name === "checkout").overall;

// ---------------------------------------------------------------------------------------------
// Cohort (§13, subscription mode) — metrics/customers.cx: by join month; at age k a customer is
// observed when joined + k months ≤ as-of, retained when not churned by then (churned > joined + k).

function addMonths(isoDate, k) {
  let y = +isoDate.slice(0, 4), m = +isoDate.slice(5, 7) - 1 + k;
  y += Math.floor(m / 12);
  m = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(+isoDate.slice(8, 10), last);
  return `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
function runCohort(rows, periods) {
  const people = new Map(); // earliest start, latest end (a null end wins)
  for (const r of rows) {
    if (r.id === null || r.joined_at === null) continue;
    const p = people.get(r.id);
    if (!p) people.set(r.id, { start: r.joined_at, end: r.churned_at });
    else {
      if (r.joined_at < p.start) p.start = r.joined_at;
      p.end = p.end === null || r.churned_at === null ? null : r.churned_at > p.end ? r.churned_at : p.end;
    }
  }
  const curve = [];
  for (let age = 0; age <= periods; age++) {
    let observed = 0, retained = 0;
    for (const p of people.values()) {
      const at = addMonths(p.start, age);
      if (at > AS_OF) continue;
      observed++;
      if (p.end === null || p.end > at) retained++;
    }
    curve.push({ age, observed, retained, rate: div(retained, observed) });
  }
  const cohorts = new Set([...people.values()].map((p) => p.start.slice(0, 7)));
  return { value: curve[periods].rate, period: "month", curve, cohortCount: cohorts.size, customerCount: people.size };
}
const customerRetention = runCohort(customers, 12);
M.retention_12_months = () => customerRetention.value;

// ---------------------------------------------------------------------------------------------
// Drivers (§14) — metrics/loyalty.cx: complete cases; means and Pearson correlations; R² of the
// least-squares fit, rᵀ R⁻¹ r on the correlation matrix (relative weights add up to it).

const DRIVERS = [["product_page", "rate_product_pages"], ["checkout", "rate_checkout"], ["delivery", "rate_delivery"], ["returns", "rate_returns"], ["support", "rate_support"]];
function runDrivers(rows, outcome, drivers) {
  const cases = rows.filter((r) => r[outcome] !== null && drivers.every(([, c]) => r[c] !== null));
  const n = cases.length;
  const col = (c) => cases.map((r) => r[c]);
  const pearson = (x, y) => {
    const mx = sum(x) / n, my = sum(y) / n;
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
      syy += (y[i] - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
  };
  const y = col(outcome);
  const xs = drivers.map(([, c]) => col(c));
  const r = xs.map((x) => pearson(x, y));
  // Solve R β = r by Gaussian elimination with partial pivoting.
  const k = xs.length;
  const A = xs.map((xi, i) => [...xs.map((xj) => pearson(xi, xj)), r[i]]);
  for (let c = 0; c < k; c++) {
    let best = c;
    for (let i = c + 1; i < k; i++) if (Math.abs(A[i][c]) > Math.abs(A[best][c])) best = i;
    [A[c], A[best]] = [A[best], A[c]];
    for (let i = 0; i < k; i++) {
      if (i === c) continue;
      const f = A[i][c] / A[c][c];
      for (let j = c; j <= k; j++) A[i][j] -= f * A[c][j];
    }
  }
  const beta = A.map((row, i) => row[k] / row[i]);
  const r2 = sum(beta.map((b, i) => b * r[i]));
  return {
    outcome,
    n,
    r2,
    drivers: drivers.map(([name], i) => ({ name, correlation: r[i], mean: sum(xs[i]) / n })),
  };
}
const recommendationDrivers = runDrivers(relationship, "recommend", DRIVERS);

const metrics = {};
for (const [name, f] of Object.entries(M)) metrics[name] = f();

// Breakdowns and comparisons that expected.json pins as well.
const showroomGroups = keys(showroomNow, "showroom").map((name) => {
  const now = values(showroomNow, "recommend", atShowroom(name));
  const before = values(showroomPrev, "recommend", atShowroom(name));
  const value = nps(now), previous = before.length ? nps(before) : null;
  const p = npsTest(now, before);
  return { key: { showroom: name }, value, n: now.length, previous, change: value === null || previous === null ? null : value - previous, p, significant: p === null ? null : p < 1 - CONFIDENCE };
});
const details = {
  nps_90d: {
    compare: compared(metrics.nps_90d, nps(values(windowDays(surveys, "answered_at", 90, PREVIOUS_AS_OF), "recommend")),
      npsTest(values(surveys90, "recommend"), values(windowDays(surveys, "answered_at", 90, PREVIOUS_AS_OF), "recommend"))),
  },
  showroom_nps: {
    n: values(showroomNow, "recommend").filter((x) => Number.isInteger(x) && x >= 0 && x <= 10).length,
    groups: showroomGroups,
    compare: compared(metrics.showroom_nps, nps(values(showroomPrev, "recommend")), npsTest(values(showroomNow, "recommend"), values(showroomPrev, "recommend"))),
  },
  average_wait: {
    n: values(ticketsNow, "wait_minutes").length,
    compare: compared(metrics.average_wait, mean(values(ticketsPrev, "wait_minutes")), welchTest(values(ticketsNow, "wait_minutes"), values(ticketsPrev, "wait_minutes"))),
  },
  replied_within_hour: {
    groups: keys(tickets, "opened_month").map((month) => {
      const rows = tickets.filter((r) => r.opened_month === month);
      return { key: { opened_month: month }, value: share(rows, (r) => (r.wait_minutes === null ? null : r.wait_minutes <= 60)), n: rows.length };
    }),
  },
  relationship_nps: {
    groups: keys(relationship, "region").map((region) => {
      const xs = values(relationship, "recommend", (r) => r.region === region);
      return { key: { region }, value: nps(xs), n: xs.length };
    }),
  },
};

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
  relationship_nps_target: ["relationship_nps", ">=", 30, ">=", 20],
  every_showroom_nps: ["showroom_nps", ">=", 30, ">=", 20, "warning", "groups"],
  online_conversion_target: ["online_conversion", ">=", 0.15, ">=", 0.12],
  customers_stay: ["retention_12_months", ">=", 0.9, ">=", 0.85],
};
const satisfies = (v, op, t) => ({ ">=": v >= t, ">": v > t, "<=": v <= t, "<": v < t, "==": v === t })[op];
const goals = {};
const severities = {};
const status = (v, op, target, wop, warn) => (v === null ? "no_data" : satisfies(v, op, target) ? "met" : wop && satisfies(v, wop, warn) ? "at_risk" : "missed");
const goalGroups = {};
for (const [name, [metric, op, target, wop, warn, severity = "error", scope = "overall"]] of Object.entries(GOALS)) {
  severities[name] = severity;
  if (scope === "overall") {
    goals[name] = status(metrics[metric], op, target, wop, warn);
    continue;
  }
  // scope: groups (§11.1): each group's status; the goal's is the worst, ignoring groups without data.
  const groups = details[metric].groups.map((g) => ({ key: g.key, value: g.value, status: status(g.value, op, target, wop, warn) }));
  const seen = new Set(groups.map((g) => g.status));
  goals[name] = seen.has("missed") ? "missed" : seen.has("at_risk") ? "at_risk" : seen.has("met") ? "met" : "no_data";
  goalGroups[name] = groups;
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

const expected = {
  asOf: AS_OF,
  metrics: Object.fromEntries(Object.entries(metrics).map(([name, value]) => [name, { value, ...details[name] }])),
  goals: Object.fromEntries(
    Object.entries(goals).map(([name, s]) => [name, goalGroups[name] ? { status: s, scope: "groups", groups: goalGroups[name] } : s]),
  ),
  journeys,
  funnels: { purchase: purchaseFunnel },
  cohorts: { customer_retention: { value: customerRetention.value, period: customerRetention.period, curve: customerRetention.curve } },
  drivers: { recommendation_drivers: recommendationDrivers },
};
writeFileSync(join(ROOT, "expected.json"), JSON.stringify(expected, null, 2) + "\n");

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
  console.log("answered within an hour by month:", details.replied_within_hour.groups.map((g) => fmt(g.value)).join(" "));
  console.log("average wait (90 days), previous, p:", fmt(metrics.average_wait), fmt(details.average_wait.compare.value), details.average_wait.compare.p);
  console.log("showroom NPS (90 days), previous, p:", fmt(metrics.showroom_nps), fmt(details.showroom_nps.compare.value), fmt(details.showroom_nps.compare.p));
  for (const g of showroomGroups) {
    const found = div(count(showroomNow, (r) => r.showroom === g.key.showroom && r.found_it === true), count(showroomNow, (r) => r.showroom === g.key.showroom && r.found_it !== null));
    console.log(`  ${g.key.showroom.padEnd(10)} NPS ${fmt(g.value)} previous ${fmt(g.previous)} p ${fmt(g.p)} n ${g.n} found it ${fmt(found)}`);
  }
  console.log("funnel:", purchaseFunnel.steps.map((s) => `${s.name} ${s.customers} (${fmt(s.overall)})`).join(" → "));
  console.log("retention curve:", customerRetention.curve.map((c) => fmt(c.rate)).join(" "), `(${customerRetention.cohortCount} cohorts)`);
  console.log("drivers: n", recommendationDrivers.n, "R²", fmt(recommendationDrivers.r2), recommendationDrivers.drivers.map((d) => `${d.name} r=${fmt(d.correlation)} mean=${fmt(d.mean)}`).join(", "));
  console.log("rows:", {
    surveys: surveys.length, orders: orders.length, tickets: tickets.length, customers: customers.length,
    showroom_visits: showroomVisits.length, relationship_survey: relationship.length, events: events.length,
  });
}

if (problems.length) {
  console.error("\nPROBLEMS:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log(`\nwrote ${join("samples", "retail", "expected.json")}`);
