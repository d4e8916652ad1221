// Significance tests of `compare:` (language-v2 §11.2): is the change between the current window
// and the comparison window real? Pure: no I/O, no allocation beyond a few numbers per call.
//
// Tests (two-sided; each returns p, or null when a window has fewer than 2 values or a
// denominator is 0):
// - nps: Wald test on the per-answer scores +1/0/−1 (npsTest);
// - csat and share: pooled two-proportion z test (proportionTest);
// - ces and avg: Welch's t test with Welch–Satterthwaite degrees of freedom (welchTest).
//
// The distributions are computed here rather than taken from a library (docs/statistics.md has
// the measurements behind that choice): the normal tail by its Taylor series below |z| = 2 and by
// Laplace's continued fraction above; Student's t through the regularized incomplete beta
// function I_x(ν/2, ½), by its continued fraction or, for large ν, by a series in incomplete gamma
// functions. p-values are computed as tails (never as 1 − CDF), so tiny p keep their relative
// accuracy (measured: 1e-14 against 40-digit references; 0, never NaN, below the smallest double).

// ------------------------------------------------------------------ distributions

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LN_SQRT_PI = 0.5 * Math.log(Math.PI);

/** exp(−x²/2) without the error of rounding x² (x is split into a 4-bit-fraction head and a tail). */
function expHalfSquare(x: number): number {
  const head = Math.floor(x * 16) / 16;
  const tail = x - head;
  return Math.exp(-0.5 * head * head) * Math.exp(-0.5 * tail * (x + head));
}

/**
 * Upper tail Q(x) = 1 − Φ(x) = Φ(−x) for x ≥ 0, with relative accuracy about 1e-15.
 * x < 2: Φ(−x) = ½ − φ(x)·Σ x^(2n+1)/(1·3·…·(2n+1)) (positive terms; the subtraction loses at
 * most a factor 1/(2Q(2)) ≈ 22). x ≥ 2: Laplace's continued fraction
 * Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated by the modified Lentz method
 * (about 100 terms at x = 2, 6 at x = 38).
 */
function upperTail(x: number): number {
  if (x < 2) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let k = 3; term > 1e-17 * sum; k += 2) {
      term *= x2 / k;
      sum += term;
    }
    return 0.5 - (expHalfSquare(x) / SQRT_2PI) * sum;
  }
  if (x > 40) return 0; // Q(40) ≈ 3.7e-350: below the smallest double
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let j = 1; j < 500; j++) {
    d = x + j * d;
    if (d === 0) d = tiny;
    d = 1 / d;
    c = x + j / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return expHalfSquare(x) / SQRT_2PI / f;
}

/** Standard normal cumulative distribution function Φ(z). Tails keep their relative accuracy. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return z < 0 ? upperTail(-z) : 1 - upperTail(z);
}

/** Two-sided normal p-value 2·Φ(−|z|), in [0, 1]. */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, 2 * upperTail(Math.abs(z)));
}

/** Stirling series of ln Γ(z) without its leading terms: 1/(12z) − 1/(360z³) + … (z ≥ 20: error < 1e-17). */
function stirlingTail(z: number): number {
  const r = 1 / z;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
}

/**
 * ln Γ(a + ½) − ln Γ(a) for a > 0, without the cancellation of two large ln Γ values: for a ≥ 20
 * Stirling's series gives a·ln(1 + 1/(2a)) − ½ + ½·ln a + (tail(a + ½) − tail(a)); smaller a are
 * shifted up with Γ(z + 1) = z·Γ(z).
 */
function lnGammaHalfRatio(a: number): number {
  let shift = 1;
  while (a < 20) {
    shift *= a / (a + 0.5);
    a += 1;
  }
  return a * Math.log1p(0.5 / a) - 0.5 + 0.5 * Math.log(a) + stirlingTail(a + 0.5) - stirlingTail(a) + Math.log(shift);
}

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaFraction(a: number, b: number, x: number, y: number): number {
  const tiny = 1e-300;
  let c = 1;
  // 1 − (a + b)·x/(a + 1), written with y = 1 − x so that it does not cancel when x is near 1.
  let d = ((1 - b) * x + (a + 1) * y) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 20000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return h;
}

/**
 * Taylor coefficients g_n of g(v) = √(v/(1 − e^(−v))) = 1 + v/4 + v²/96 − …, from
 * v/(1 − e^(−v)) = Σ (−1)^n·B_n·v^n/n! (Bernoulli numbers) and the square root of a power series.
 * The radius of convergence is 2π; the series below uses v ≤ 1, where 26 terms reach 1e-20.
 */
const G: number[] = (() => {
  const bernoulli = [1, -1 / 2, 1 / 6, 0, -1 / 30, 0, 1 / 42, 0, -1 / 30, 0, 5 / 66, 0, -691 / 2730, 0, 7 / 6, 0, -3617 / 510, 0, 43867 / 798, 0, -174611 / 330, 0, 854513 / 138, 0, -236364091 / 2730, 0, 8553103 / 6];
  const h: number[] = [];
  let factorial = 1;
  for (let n = 0; n < bernoulli.length; n++) {
    if (n > 0) factorial *= n;
    h.push(((n % 2 ? -1 : 1) * bernoulli[n]) / factorial);
  }
  const g = [1];
  for (let n = 1; n < h.length; n++) {
    let c = h[n];
    for (let k = 1; k < n; k++) c -= g[k] * g[n - k];
    g.push(c / 2);
  }
  return g;
})();

/**
 * I_x(a, ½) for large a and x = e^(−s) near 1 (s ≤ 1), where the continued fraction loses digits
 * (its terms approach −1; relative error about 3e-17·ν). With w = e^(−v):
 * I_x(a, ½) = (1/B(a, ½))·∫_s^∞ e^(−av)·v^(−½)·g(v) dv = (1/B(a, ½))·Σ g_n·J_n,
 * J_n = ∫_s^∞ e^(−av)·v^(n−½) dv = Γ(n + ½, as)/a^(n+½): J_0 = √π·erfc(√(as))/√a and
 * J_(n+1) = ((n + ½)·J_n + s^(n+½)·e^(−as))/a (the recurrence of the upper incomplete gamma
 * function; all terms positive). This is the series of Didonato and Morris (BGRAT, ACM TOMS 708)
 * for b = ½, where the incomplete gamma function is the complementary error function.
 */
function betaHalfSeries(a: number, s: number): number {
  const u = a * s;
  const eu = Math.exp(-u);
  let j = (2 * Math.sqrt(Math.PI) * upperTail(Math.sqrt(2 * u))) / Math.sqrt(a);
  let sum = j;
  let power = Math.sqrt(s);
  for (let n = 0; n + 1 < G.length; n++) {
    j = ((n + 0.5) * j + power * eu) / a;
    power *= s;
    const term = G[n + 1] * j;
    sum += term;
    if (Math.abs(term) < 1e-17 * sum) break;
  }
  return (Math.exp(lnGammaHalfRatio(a)) / Math.sqrt(Math.PI)) * sum;
}

/**
 * Two-sided Student's t p-value P(|T| ≥ |t|) = I_x(ν/2, ½) with x = ν/(ν + t²).
 * ν ≥ 100 and ln(1 + t²/ν) ≤ 1: the series of betaHalfSeries. Otherwise the continued fraction,
 * with x and y = 1 − x = t²/(ν + t²) both computed directly; its prefactor x^a·y^½ / B(a, ½) is
 * formed in logarithms with ln x = log1p(−y) when y is small and
 * ln B(a, ½) = ln Γ(½) − (ln Γ(a + ½) − ln Γ(a)).
 */
export function studentTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  const t2 = t * t;
  if (t2 === 0) return 1;
  if (!Number.isFinite(t2)) return 0;
  const a = df / 2;
  const b = 0.5;
  if (df >= 100) {
    const s = Math.log1p(t2 / df);
    if (s <= 1) return Math.min(1, betaHalfSeries(a, s));
  }
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  if (x === 0) return 0;
  const lnX = y < 0.5 ? Math.log1p(-y) : Math.log(x);
  const lnY = x < 0.5 ? Math.log1p(-x) : Math.log(y);
  const lnFront = a * lnX + b * lnY - (LN_SQRT_PI - lnGammaHalfRatio(a));
  const p = x < (a + 1) / (a + b + 2) ? (Math.exp(lnFront) * betaFraction(a, b, x, y)) / a : 1 - (Math.exp(lnFront) * betaFraction(b, a, y, x)) / b;
  return Math.min(1, Math.max(0, p));
}

/** Student's t cumulative distribution function with `df` > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  const half = 0.5 * studentTwoSided(t, df);
  return t < 0 ? half : 1 - half;
}

// ------------------------------------------------------------------ tests

/** A window's NPS answers: valid answers, promoters (≥ 9) and detractors (≤ 6). */
export interface NpsSample {
  n: number;
  promoters: number;
  detractors: number;
}

/**
 * Two-sided p of the NPS Wald test; null when a window has fewer than 2 values or a denominator
 * is 0. Each valid answer scores +1, 0 or −1: m = (P − D)/n, v = (P + D)/n − m²,
 * z = (m₁ − m₀)/√(v₁/n₁ + v₀/n₀).
 */
export function npsTest(cur: NpsSample, prev: NpsSample): number | null {
  if (!validNps(cur) || !validNps(prev)) return null;
  const se2 = npsVariance(cur) / cur.n + npsVariance(prev) / prev.n;
  if (!(se2 > 0)) return null;
  const z = (npsMean(cur) - npsMean(prev)) / Math.sqrt(se2);
  return pValue(normalTwoSided(z));
}

function validNps(s: NpsSample): boolean {
  return validCount(s.n) && s.promoters >= 0 && s.detractors >= 0 && s.promoters + s.detractors <= s.n;
}

function npsMean(s: NpsSample): number {
  return (s.promoters - s.detractors) / s.n;
}

/** (P + D)/n − m², computed as ((P + D)·n − (P − D)²)/n² so that it is exactly 0 for constant answers. */
function npsVariance(s: NpsSample): number {
  const diff = s.promoters - s.detractors;
  return Math.max(0, ((s.promoters + s.detractors) * s.n - diff * diff) / (s.n * s.n));
}

/**
 * Pooled two-proportion z test, two-sided: x₁ of n₁ against x₀ of n₀ (csat: top-two answers of
 * valid ones; share: matching rows of rows in context). p̄ = (x₁ + x₀)/(n₁ + n₀),
 * z = (x₁/n₁ − x₀/n₀)/√(p̄(1 − p̄)(1/n₁ + 1/n₀)). Null when a window has fewer than 2 values or
 * p̄ is 0 or 1.
 */
export function proportionTest(x1: number, n1: number, x0: number, n0: number): number | null {
  if (!validCount(n1) || !validCount(n0)) return null;
  if (!(x1 >= 0 && x1 <= n1 && x0 >= 0 && x0 <= n0)) return null;
  const pooled = (x1 + x0) / (n1 + n0);
  const se2 = pooled * (1 - pooled) * (1 / n1 + 1 / n0);
  if (!(se2 > 0)) return null;
  return pValue(normalTwoSided((x1 / n1 - x0 / n0) / Math.sqrt(se2)));
}

/**
 * A window's values as one-pass sums: n, Σ(x − shift) and Σ(x − shift)². `shift` (default 0) is
 * any constant near the values — the evaluator should use the first value of the window: sums of
 * shifted values do not cancel when the variance is small against the mean (docs/statistics.md).
 */
export interface SumSample {
  n: number;
  sum: number;
  sumsq: number;
  shift?: number;
}

/** A window's values as Welford moments: n, mean and M2 = Σ(x − mean)². */
export interface MomentSample {
  n: number;
  mean: number;
  m2: number;
}

/** Mean and sample variance (n − 1) of a window, or null when it has fewer than 2 values. */
export function sampleMoments(s: SumSample | MomentSample): { n: number; mean: number; variance: number } | null {
  const n = s.n;
  if (!validCount(n)) return null;
  if ("m2" in s) return Number.isFinite(s.mean) && s.m2 >= 0 ? { n, mean: s.mean, variance: s.m2 / (n - 1) } : null;
  if (!Number.isFinite(s.sum) || !Number.isFinite(s.sumsq)) return null;
  const m2 = Math.max(0, diffOfProducts(s.sumsq, n, s.sum, s.sum) / n);
  return { n, mean: (s.shift ?? 0) + s.sum / n, variance: m2 / (n - 1) };
}

/**
 * Welch's t test from count, sum and sum of squares per window (or Welford moments): sample
 * variances with n − 1, t = (x̄₁ − x̄₀)/√(s₁²/n₁ + s₀²/n₀), Welch–Satterthwaite
 * ν = (s₁²/n₁ + s₀²/n₀)² / ((s₁²/n₁)²/(n₁ − 1) + (s₀²/n₀)²/(n₀ − 1)), p = P(|T_ν| ≥ |t|).
 * Null when a window has fewer than 2 values or both variances are 0.
 */
export function welchTest(cur: SumSample | MomentSample, prev: SumSample | MomentSample): number | null {
  const c = sampleMoments(cur);
  const p = sampleMoments(prev);
  if (!c || !p) return null;
  const u1 = c.variance / c.n;
  const u0 = p.variance / p.n;
  const se2 = u1 + u0;
  if (!(se2 > 0) || !Number.isFinite(se2)) return null;
  const t = (c.mean - p.mean) / Math.sqrt(se2);
  // ν with the shares w = u/se² (in [0, 1]), so that squaring tiny variances cannot underflow.
  const w1 = u1 / se2;
  const w0 = u0 / se2;
  const df = 1 / ((w1 * w1) / (c.n - 1) + (w0 * w0) / (p.n - 1));
  return pValue(studentTwoSided(t, df));
}

/** `significant` of §11.2: p < 1 − confidence; null when p is null. */
export function isSignificant(p: number | null, confidence: number): boolean | null {
  if (p === null || Number.isNaN(p)) return null;
  return p < 1 - confidence;
}

function validCount(n: number): boolean {
  return Number.isFinite(n) && n >= 2;
}

function pValue(p: number): number | null {
  return Number.isNaN(p) ? null : Math.min(1, Math.max(0, p));
}

// ------------------------------------------------------------------ exact arithmetic

const SPLITTER = 134217729; // 2^27 + 1 (Dekker)

/** a·b − c·d to within a few units in the last place of the result (Dekker's error-free products), so n·Σx² − (Σx)² does not cancel. */
export function diffOfProducts(a: number, b: number, c: number, d: number): number {
  const p = a * b;
  const q = c * d;
  return p - q + (productError(a, b, p) - productError(c, d, q));
}

/** The rounding error of p = a·b: the exact a·b is p + productError(a, b, p). */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}
