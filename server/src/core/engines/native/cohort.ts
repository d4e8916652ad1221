// Cohorts (language-v2 §13), natively: per-customer state in typed arrays (customers are dense ids
// of the customer column), no object per row.
//
// Subscription mode — one pass: per customer the earliest start and the latest end (a null end
// wins), then per customer and age k: observed when start + k periods ≤ as-of, retained when the
// end is null or end > start + k periods. Activity mode — two passes: the first activity of each
// customer, then each row marks the age of its period (a bit per customer and age); age k is
// observed when the period k periods after the cohort's has ended by the as-of date.
//
// Decisions (the SQL engines must agree):
//   - Everything is in local dates: a datetime start, end or activity counts as its local date in
//     the workspace zone (so "end > start + k periods" compares dates).
//   - Subscription rows with a null customer are ignored; a customer's start is the earliest
//     non-null start, the end the latest end over all of their rows (a null end, even on a row
//     without a start, wins); customers without any start are left out.
//   - start + k periods: weeks are 7 days; months and quarters (3 months) are calendar months
//     from the start's day, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29), always
//     counted from the start (Jan 31 + 2 months = Mar 31), as eval/periods.ts windowStart does.
//   - The cohort of a customer is the period code (eval/periods.ts periodCode) of the start's
//     (first activity's) local date; `window` keeps customers whose start (first activity over all
//     of their rows) is in lo < d ≤ hi.
import type { Column } from "../../data/table";
import { civilFromDays, daysFromCivil, daysInMonth } from "../../data/convert";
import { periodCode } from "../../eval/periods";
import type { CohortOutput, CohortPlan } from "../../plan/plan";
import type { Zone } from "../../time/zone";
import { denseIds } from "./kernel";
import { dayOf, dayReader } from "./vector";

type Period = CohortPlan["period"];

/** A sortable index of the period containing day d: consecutive periods have consecutive indices. */
export function periodIndex(d: number, p: Period): number {
  if (p === "week") return Math.floor((d - 4) / 7); // 1970-01-05 (day 4) was a Monday
  const { y, m } = civilFromDays(d);
  return p === "month" ? y * 12 + (m - 1) : y * 4 + Math.floor((m - 1) / 3);
}

/** Day d plus k periods (weeks: 7 days; months, quarters: calendar months, day clamped). */
export function addPeriods(d: number, k: number, p: Period): number {
  if (p === "week") return d + 7 * k;
  const { y, m, d: day } = civilFromDays(d);
  return addMonths(y, m, day, p === "month" ? k : 3 * k);
}

function addMonths(y: number, m: number, day: number, months: number): number {
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}

interface Acc {
  code: number;
  customers: number;
  observed: number[];
  retained: number[];
}

function cohortOf(byCode: Map<number, Acc>, code: number, periods: number): Acc {
  let a = byCode.get(code);
  if (!a) byCode.set(code, (a = { code, customers: 0, observed: new Array(periods + 1).fill(0), retained: new Array(periods + 1).fill(0) }));
  return a;
}

export function subscriptionCohorts(plan: CohortPlan, customer: Column | undefined, start: Column | undefined, end: Column | undefined, zone: Zone, rowCount: number): CohortOutput {
  if (!customer || !start) return { cohorts: [] };
  const { codes, ids, count } = denseIds(customer, rowCount);
  const starts = dayReader(start, zone);
  const ends = dayReader(end, zone);
  const first = new Float64Array(count + 1).fill(NaN);
  const last = new Float64Array(count + 1).fill(NaN);
  const open = new Uint8Array(count + 1); // a null end
  for (let r = 0; r < rowCount; r++) {
    const c = codes ? codes[r] + 1 : ids![r];
    if (c === 0) continue;
    const s = dayOf(starts, r);
    if (s === s && !(s >= first[c])) first[c] = s;
    const e = dayOf(ends, r);
    if (e !== e) open[c] = 1;
    else if (!(e <= last[c])) last[c] = e;
  }
  const byCode = new Map<number, Acc>();
  const { periods, period, asOf, window } = plan;
  for (let c = 1; c <= count; c++) {
    const s = first[c];
    if (s !== s) continue;
    if (window && !(s > window.lo && s <= window.hi)) continue;
    const a = cohortOf(byCode, periodCode(s, period), periods);
    a.customers++;
    const { y, m, d } = civilFromDays(s);
    for (let k = 0; k <= periods; k++) {
      const b = period === "week" ? s + 7 * k : addMonths(y, m, d, period === "month" ? k : 3 * k);
      if (b > asOf) break; // later ages are not observed either
      a.observed[k]++;
      if (open[c] || last[c] > b) a.retained[k]++;
    }
  }
  return { cohorts: [...byCode.values()] };
}

export function activityCohorts(plan: CohortPlan, customer: Column | undefined, ts: Column | undefined, zone: Zone, rowCount: number): CohortOutput {
  if (!customer || !ts) return { cohorts: [] };
  const { codes, ids, count } = denseIds(customer, rowCount);
  const days = dayReader(ts, zone);
  const { periods, period, asOf, window } = plan;
  // Pass 1: each customer's first activity, and the days that occur (for a day → period table).
  const first = new Float64Array(count + 1).fill(NaN);
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < rowCount; r++) {
    const c = codes ? codes[r] + 1 : ids![r];
    if (c === 0) continue;
    const d = dayOf(days, r);
    if (d !== d) continue;
    if (!(d >= first[c])) first[c] = d;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (lo > hi) return { cohorts: [] };
  const dense = hi - lo <= 1 << 22;
  const table = dense ? new Int32Array(hi - lo + 1) : undefined;
  if (table) for (let d = lo; d <= hi; d++) table[d - lo] = periodIndex(d, period);
  const indexOf = (d: number) => (table ? table[d - lo] : periodIndex(d, period));
  // Each customer's cohort index (−1: not counted), then pass 2: the ages their rows fall in.
  const cohort = new Float64Array(count + 1).fill(NaN);
  for (let c = 1; c <= count; c++) {
    const f = first[c];
    if (f !== f || (window && !(f > window.lo && f <= window.hi))) continue;
    cohort[c] = indexOf(f);
  }
  const width = periods + 1;
  const seen = new Uint8Array((count + 1) * width);
  for (let r = 0; r < rowCount; r++) {
    const c = codes ? codes[r] + 1 : ids![r];
    const base = cohort[c];
    if (base !== base) continue; // null customer, or not counted
    const d = dayOf(days, r);
    if (d !== d) continue;
    const k = indexOf(d) - base;
    if (k <= periods) seen[c * width + k] = 1; // k ≥ 0: the first activity is the earliest
  }
  // Age k is observed when its period has ended: cohort + k < the period of the day after as-of.
  const limit = periodIndex(asOf + 1, period);
  const byCode = new Map<number, Acc>();
  for (let c = 1; c <= count; c++) {
    const base = cohort[c];
    if (base !== base) continue;
    const a = cohortOf(byCode, periodCode(first[c], period), periods);
    a.customers++;
    for (let k = 0; k <= periods && base + k < limit; k++) {
      a.observed[k]++;
      a.retained[k] += seen[c * width + k];
    }
  }
  return { cohorts: [...byCode.values()] };
}
