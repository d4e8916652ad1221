// Confidence intervals for survey metrics (`--confidence`), from the survey breakdown the
// evaluator keeps for metrics whose formula is one nps/csat/ces aggregate. Pure: no I/O.
//
// Formulas (documented in docs/cli.md, "Confidence intervals"), level L, z = Φ⁻¹((1 + L) / 2):
// - NPS: p = promoters/n, d = detractors/n; the score is 100·(p − d), whose variance for a
//   multinomial sample is (p + d − (p − d)²)/n; interval 100·(p − d) ± z·se, se = 100·√(that),
//   clamped to [−100, 100].
// - CSAT: Wilson score interval for the top-box share p̂ = positive/n:
//   (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
// - CES (and means): Student's t interval mean ± t(n − 1)·sd/√n, sd the sample standard deviation.
import { studentTCdf } from "./analysis/significance";
import type { SurveyStats } from "./eval/evaluate";
import type { Report } from "./report";
import { satisfies } from "./eval/threshold";

export interface ConfidenceInterval {
  /** Confidence level, e.g. 0.95. */
  level: number;
  low: number;
  high: number;
}

// ------------------------------------------------------------------ distributions

/**
 * Standard normal quantile Φ⁻¹(p), 0 < p < 1 — Wichura's algorithm AS 241 (PPND16),
 * relative accuracy about 1e-16.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    x =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -x : x;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error < 1e-15). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Student's t density. */
function tPdf(t: number, df: number): number {
  const ln = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(ln);
}

/**
 * Student's t quantile: the t with P(T ≤ t) = p for `df` degrees of freedom. Closed forms for
 * df = 1 and 2; otherwise Newton's method on the exact CDF (analysis/significance.ts) from a
 * Cornish–Fisher start, safeguarded by bisection. Absolute accuracy better than 1e-9.
 */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0) || Number.isNaN(p)) return NaN;
  if (p <= 0) return p === 0 ? -Infinity : NaN;
  if (p >= 1) return p === 1 ? Infinity : NaN;
  if (p === 0.5) return 0;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (df > 1e7) return normalQuantile(p);
  // Work in the upper half; t is odd in p − 0.5.
  const upper = p > 0.5;
  const pu = upper ? p : 1 - p;
  const z = normalQuantile(pu);
  // Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5) as the starting point.
  const z2 = z * z;
  let t =
    z +
    (z * (z2 + 1)) / (4 * df) +
    (z * ((5 * z2 + 16) * z2 + 3)) / (96 * df * df) +
    (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / (384 * df * df * df);
  let lo = 0;
  let hi = Math.max(2 * t, 1);
  while (studentTCdf(hi, df) < pu) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const f = studentTCdf(t, df) - pu;
    if (f > 0) hi = Math.min(hi, t);
    else lo = Math.max(lo, t);
    const step = f / tPdf(t, df);
    let next = t - step;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, Math.abs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  return upper ? t : -t;
}

// ------------------------------------------------------------------ intervals

/** Two-sided z for a confidence level, e.g. 1.959963984540054 for 0.95. */
export function zFor(level: number): number {
  return normalQuantile((1 + level) / 2);
}

/** NPS: normal interval from the multinomial standard error of promoters − detractors, in points. */
export function npsInterval(promoters: number, detractors: number, n: number, level: number): ConfidenceInterval | null {
  if (!(n > 0)) return null;
  const p = promoters / n;
  const d = detractors / n;
  const score = 100 * (p - d);
  const se = 100 * Math.sqrt(Math.max(0, p + d - (p - d) * (p - d)) / n);
  const half = zFor(level) * se;
  return { level, low: Math.max(-100, score - half), high: Math.min(100, score + half) };
}

/** CSAT (any proportion): Wilson score interval, as a fraction. */
export function wilsonInterval(positive: number, n: number, level: number): ConfidenceInterval | null {
  if (!(n > 0)) return null;
  const z = zFor(level);
  const p = positive / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1 (rounding would leave ±1e-17).
  return { level, low: positive <= 0 ? 0 : Math.max(0, center - half), high: positive >= n ? 1 : Math.min(1, center + half) };
}

/** Means (CES): Student's t interval with n − 1 degrees of freedom. Needs n ≥ 2. */
export function meanInterval(mean: number, sd: number, n: number, level: number): ConfidenceInterval | null {
  if (!(n >= 2)) return null;
  const half = tQuantile((1 + level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { level, low: mean - half, high: mean + half };
}

/** The interval for a metric's survey breakdown, or null when it has none. */
export function surveyInterval(stats: SurveyStats | undefined, level: number): ConfidenceInterval | null {
  if (!stats) return null;
  switch (stats.fn) {
    case "nps":
      return npsInterval(stats.promoters ?? 0, stats.detractors ?? 0, stats.n, level);
    case "csat":
      return wilsonInterval(stats.positive ?? 0, stats.n, level);
    case "ces":
      return meanInterval(stats.mean ?? 0, stats.sd ?? 0, stats.n, level);
    default:
      return null;
  }
}

/**
 * Whether an interval settles a goal's target: false when the target's verdict differs between
 * the interval's ends (the interval straddles the target). For `==`, only a degenerate interval
 * or one that excludes the target settles it.
 */
export function isConclusive(ci: ConfidenceInterval, target: { op: string; value: number }): boolean {
  if (target.op === "==") return ci.low === ci.high || target.value < ci.low || target.value > ci.high;
  return satisfies(ci.low, target) === satisfies(ci.high, target);
}

/** Whether `level` is a usable confidence level (strictly between 0 and 1). */
export function validLevel(level: number): boolean {
  return Number.isFinite(level) && level > 0 && level < 1;
}

/**
 * Adds `ci` to every metric with a survey breakdown and `conclusive` to every goal on such a
 * metric (true when the interval lies on one side of the target). Returns the same report.
 */
export function applyConfidence(report: Report, level: number): Report {
  const byName = new Map<string, ConfidenceInterval>();
  for (const m of report.metrics ?? []) {
    if (m.value === null) continue;
    const ci = surveyInterval(m.stats, level);
    if (!ci) continue;
    m.ci = ci;
    byName.set(m.name, ci);
  }
  for (const g of report.goals ?? []) {
    const ci = g.metric ? byName.get(g.metric) : undefined;
    if (!ci || !g.target || g.value === null) continue;
    g.conclusive = isConclusive(ci, g.target);
  }
  return report;
}
