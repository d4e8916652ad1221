#!/usr/bin/env node
// Independent computation of the samples/product-launch results at its as-of date (2026-04-30),
// without the cx evaluator: its own CSV reading, the formulas of the language reference
// (shared/spec/language.md §4–§5, language-v2.md §12, §14), written to
// samples/product-launch/expected.json in the format of the conformance cases
// (test/support/expectations.ts). A test compares `cx eval samples/product-launch` with it, and
// checks the story: the overall NPS meets its goal, while the two touchpoints that matter most for
// recommendation are the two rated lowest.
//
// When you change samples/product-launch/launch.cx, change the matching definition below.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "samples", "product-launch");
const problems = [];

/** These files have no quotes, so a split is a full CSV reader for them (checked). */
function readCsv(file, types) {
  const [header, ...lines] = readFileSync(join(ROOT, "data", file), "utf8").trimEnd().split("\n");
  if (/["\r]/.test(header + lines.join(""))) problems.push(`${file}: quotes or CR, use a real CSV reader`);
  const names = header.split(",");
  return lines.map((line, i) => {
    const cells = line.split(",");
    if (cells.length !== names.length) problems.push(`${file}:${i + 2}: ${cells.length} fields`);
    const row = {};
    names.forEach((n, k) => {
      const raw = cells[k] === "" ? null : cells[k];
      if (types[n] === "integer" && raw !== null) {
        if (!/^\d+$/.test(raw)) problems.push(`${file}:${i + 2}: ${n} '${raw}' is not an integer`);
        row[n] = Number(raw);
      } else if (types[n] === "datetime" && raw !== null) row[n] = Date.parse(raw + "Z"); // UTC: no timezone in cx.yaml
      else row[n] = raw;
    });
    return row;
  });
}

const RATINGS = ["marketing", "innovation", "store_staff", "availability", "purchase"];
const survey = readCsv("launch-survey.csv", Object.fromEntries(["recommend", ...RATINGS].map((c) => [c, "integer"])));
const events = readCsv("events.csv", { at: "datetime" });

const sum = (xs) => xs.reduce((s, x) => s + x, 0);
const col = (rows, c) => rows.map((r) => r[c]).filter((x) => x !== null);
function nps(xs) {
  const v = xs.filter((x) => x >= 0 && x <= 10);
  if (v.length !== xs.length) problems.push("recommend outside 0..10");
  return ((v.filter((x) => x >= 9).length - v.filter((x) => x <= 6).length) / v.length) * 100;
}
const mean = (xs) => sum(xs) / xs.length;

// Metrics
const metrics = {
  launch_nps: {
    value: nps(col(survey, "recommend")),
    n: col(survey, "recommend").length,
    groups: ["online", "store"].map((channel) => {
      const xs = col(survey.filter((r) => r.channel === channel), "recommend");
      return { key: { channel }, value: nps(xs), n: xs.length };
    }),
  },
};
for (const c of RATINGS) metrics[`${c}_rating`] = { value: mean(col(survey, c)), n: col(survey, c).length };

// Funnel (§12): per customer, the earliest campaign click; then each step's earliest event at or
// after the step before and at most 28 days after the click.
const STEPS = [["marketing", "campaign_click"], ["reservation", "reservation"], ["availability", "ready_for_pickup"], ["purchase", "purchase"]];
const perCustomer = new Map();
for (const e of events) {
  if (!perCustomer.has(e.customer_id)) perCustomer.set(e.customer_id, []);
  perCustomer.get(e.customer_id).push(e);
}
const reached = STEPS.map(() => 0);
for (const rows of perCustomer.values()) {
  const earliest = (event, from, to) => {
    let t = null;
    for (const r of rows) if (r.event === event && r.at >= from && r.at <= to && (t === null || r.at < t)) t = r.at;
    return t;
  };
  const t1 = earliest(STEPS[0][1], -Infinity, Infinity);
  if (t1 === null) continue;
  reached[0]++;
  let prev = t1;
  for (let k = 1; k < STEPS.length; k++) {
    const t = earliest(STEPS[k][1], prev, t1 + 28 * 86400000);
    if (t === null) break;
    reached[k]++;
    prev = t;
  }
}
const steps = STEPS.map(([name], k) => ({ name, customers: reached[k], conversion: reached[k] / reached[Math.max(0, k - 1)], overall: reached[k] / reached[0] }));
const funnel = { value: steps[steps.length - 1].overall, customers: reached[0], steps };
metrics.collected = { value: funnel.value };

// Drivers (§14): complete cases, means, Pearson correlations, R² = rᵀ R⁻¹ r.
const cases = survey.filter((r) => r.recommend !== null && RATINGS.every((c) => r[c] !== null));
const n = cases.length;
function pearson(a, b) {
  const x = cases.map((r) => r[a]), y = cases.map((r) => r[b]);
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
const r = RATINGS.map((c) => pearson(c, "recommend"));
const A = RATINGS.map((a, i) => [...RATINGS.map((b) => pearson(a, b)), r[i]]);
const k = RATINGS.length;
for (let c = 0; c < k; c++) {
  for (let i = 0; i < k; i++) {
    if (i === c) continue;
    const f = A[i][c] / A[c][c];
    for (let j = c; j <= k; j++) A[i][j] -= f * A[c][j];
  }
}
const r2 = sum(A.map((row, i) => (row[k] / row[i]) * r[i]));
const drivers = {
  launch_drivers: { outcome: "recommend", n, r2, drivers: RATINGS.map((c, i) => ({ name: c, correlation: r[i], mean: mean(cases.map((x) => x[c])) })) },
};

// Goals (§5.4) and the journey (§5.5: equal weights)
const status = (v, target, warn) => (v >= target ? "met" : v >= warn ? "at_risk" : "missed");
const goals = {
  launch_nps_target: status(metrics.launch_nps.value, 20, 10),
  marketing_rated: status(metrics.marketing_rating.value, 7, 6),
  product_rated: status(metrics.innovation_rating.value, 7, 6),
  advice_rated: status(metrics.store_staff_rating.value, 7, 6),
  availability_rated: status(metrics.availability_rating.value, 7, 6),
  purchase_rated: status(metrics.purchase_rating.value, 7, 6),
  collect_conversion: status(funnel.value, 0.4, 0.3),
};
const journeys = { launch: mean(RATINGS.map((c) => metrics[`${c}_rating`].value)) };

// The story must hold.
if (goals.launch_nps_target !== "met") problems.push("the overall NPS should meet its goal (it hides the problem)");
const byCorrelation = [...drivers.launch_drivers.drivers].sort((a, b) => b.correlation - a.correlation).map((d) => d.name);
const byMean = [...drivers.launch_drivers.drivers].sort((a, b) => a.mean - b.mean).map((d) => d.name);
for (const list of [byCorrelation, byMean]) {
  if (![list[0], list[1]].every((x) => x === "store_staff" || x === "availability")) problems.push(`store staff and availability should lead: ${list.join(", ")}`);
}

writeFileSync(
  join(ROOT, "expected.json"),
  JSON.stringify({ asOf: "2026-04-30", metrics, goals, journeys, funnels: { click_and_collect: funnel }, drivers }, null, 2) + "\n",
);
console.log(`launch NPS ${metrics.launch_nps.value.toFixed(1)}; ratings ${RATINGS.map((c) => `${c} ${metrics[`${c}_rating`].value.toFixed(2)}`).join(", ")}`);
console.log(`funnel ${steps.map((s) => `${s.name} ${s.customers}`).join(" → ")}; drivers n ${n}, R² ${r2.toFixed(3)}, r ${r.map((x) => x.toFixed(2)).join(" ")}`);
if (problems.length) {
  console.error("PROBLEMS:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log("wrote samples/product-launch/expected.json");
