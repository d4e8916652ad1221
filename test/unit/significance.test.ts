// Significance tests of language-v2 §11.2 (server/src/core/analysis/significance.ts).
// References, each computed another way than the module does:
// - the normal tail: a 1600-bit fixed-point BigInt evaluation of the erf series below;
// - Student's t, even ν: the finite sum of Abramowitz & Stegun 26.7.3, in 1600-bit BigInt;
//   ν = 1 and 2: closed forms; fractional ν (Welch): 25-digit values from mpmath (below);
// - Welch: the sleep data of Student (1908) as in R's `t.test(extra ~ group, data = sleep)`;
// - the conformance case cases-v2/v2-compare: its windows recomputed from its CSV files here.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  diffOfProducts,
  isSignificant,
  normalCdf,
  normalTwoSided,
  npsTest,
  proportionTest,
  sampleMoments,
  studentTCdf,
  studentTwoSided,
  welchTest,
  type MomentSample,
  type SumSample,
} from "../../server/src/core/analysis/significance";

const rel = (got: number, want: number) => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));

// ------------------------------------------------------------------ 1600-bit fixed point

const P = 1600n; // fraction bits
const ONE = 1n << P;

/** The exact value of a double as a fixed-point BigInt (doubles are dyadic rationals). */
function fixed(x: number): bigint {
  let e = 0n;
  while (!Number.isInteger(x)) {
    x *= 2;
    e++;
  }
  return (BigInt(x) << P) >> e;
}

/** A fixed-point BigInt as the nearest-ish double (top 64 bits; enough for a 1e-15 comparison). */
function toNumber(v: bigint): number {
  if (v === 0n) return 0;
  const neg = v < 0n;
  if (neg) v = -v;
  const bits = v.toString(2).length;
  const shift = bits - 64;
  const top = Number(shift > 0 ? v >> BigInt(shift) : v << BigInt(-shift));
  // top·2^(shift − P), in two steps so that neither factor under- or overflows.
  const e = shift - Number(P);
  const r = top * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));
  return neg ? -r : r;
}

const mul = (a: bigint, b: bigint) => (a * b) >> P;
const div = (a: bigint, b: bigint) => (a << P) / b;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
const sqrtFixed = (a: bigint) => isqrt(a << P);

/** atan(1/m) = Σ (−1)^k / ((2k + 1)·m^(2k+1)). */
function atanInv(m: bigint): bigint {
  let sum = 0n;
  let power = ONE / m;
  for (let k = 0n; power !== 0n; k++) {
    sum += (k % 2n ? -power : power) / (2n * k + 1n);
    power /= m * m;
  }
  return sum;
}
const PI = 16n * atanInv(5n) - 4n * atanInv(239n); // Machin
const SQRT_2PI = sqrtFixed(2n * PI);

/** e^a for a ≥ 0 by its Taylor series (all terms positive). */
function expFixed(a: bigint): bigint {
  let sum = ONE;
  let term = ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = mul(term, a) / k;
    sum += term;
  }
  return sum;
}

/** Φ(−x), x ≥ 0: ½ − φ(x)·Σ x^(2n+1)/(2n + 1)!!, φ(x) = e^(−x²/2)/√(2π), at 1600 bits. */
function bigUpperTail(xd: number): number {
  const x = fixed(xd);
  const x2 = mul(x, x);
  let term = x;
  let sum = x;
  for (let k = 3n; term !== 0n; k += 2n) {
    term = mul(term, x2) / k;
    sum += term;
  }
  const e = expFixed(x2 / 2n);
  return toNumber(ONE / 2n - div(sum, mul(e, SQRT_2PI)));
}

/** P(|T_ν| ≥ t) for even ν: 1 − sinθ·Σ_{j<ν/2} c_j·cos^(2j)θ, c_0 = 1, c_j = c_(j−1)·(2j − 1)/(2j) (A&S 26.7.3). */
function bigStudentEven(td: number, nu: number): number {
  const t = fixed(td);
  const v = BigInt(nu) << P;
  const denom = mul(t, t) + v;
  const sin = div(t, sqrtFixed(denom));
  const cos2 = div(v, denom);
  let sum = 0n;
  let c = ONE;
  for (let j = 0; j < nu / 2; j++) {
    if (j > 0) c = (mul(c, cos2) * BigInt(2 * j - 1)) / BigInt(2 * j);
    sum += c;
  }
  return toNumber(ONE - mul(sin, sum));
}

// ------------------------------------------------------------------ distributions

describe("normal distribution", () => {
  it("the BigInt reference reproduces published values", () => {
    // Φ(−1.96) = 0.024997895148220435 and Φ(−3) = 0.0013498980316300946 (to 17 digits).
    expect(rel(bigUpperTail(1.96), 0.024997895148220435)).toBeLessThan(1e-15);
    expect(rel(bigUpperTail(3), 0.0013498980316300946)).toBeLessThan(1e-15);
  });

  it("normalCdf matches the 1600-bit reference to 1e-13 relative, far into the tails", () => {
    const zs = [0, 1e-8, 0.001, 0.1, 0.5, 1, 1.5, 1.959963984540054, 1.999, 2, 2.001, 2.5, 3, 3.8955, 4.5, 5, 6, 7.5, 8.25, 10, 12.5, 15, 20, 25, 30, 35, 37.5];
    for (const z of zs) {
      const want = bigUpperTail(z);
      expect(rel(normalCdf(-z), want), `Φ(−${z})`).toBeLessThan(1e-13);
      expect(rel(normalTwoSided(z), Math.min(1, 2 * want)), `2Φ(−${z})`).toBeLessThan(1e-13);
      expect(Math.abs(normalCdf(z) - (1 - want)), `Φ(${z})`).toBeLessThan(3e-16);
    }
  });

  it("has the right limits and never returns NaN for finite or infinite z", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalTwoSided(0)).toBe(1);
    expect(rel(normalCdf(-38), 2.88542836e-316)).toBeLessThan(1e-6); // a subnormal (mpmath: 2.88542836e-316)
    expect(normalCdf(-39)).toBe(0); // 5.4e-333 is below the smallest double
    expect(normalCdf(-50)).toBe(0);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(50)).toBe(1);
    expect(normalTwoSided(-1e6)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

/** P(|T_ν| ≥ t) for fractional ν: mpmath 1.3.0 at 80 digits, betainc(ν/2, ½, 0, ν/(ν + t²)), checked against an independent 80-digit Lentz continued fraction (agreement 1e-25). */
const MPMATH_T: [number, number, number][] = [
  [0.3, 2.5, 0.7873423714951972144898418],
  [2, 2.5, 0.1573914957579659866248088],
  [50, 2.5, 0.0000813049508495872078071524],
  [1, 3.7, 0.3781413997604524458506129],
  [10, 3.7, 0.0008239668418246424582828736],
  [2.4, 7.25, 0.04627520811059595492617327],
  [50, 7.25, 1.794603108264920238064292e-10],
  [2, 29.3, 0.0548457518004436842263569],
  [4.5, 29.3, 0.00009955610541690217009505852],
  [50, 29.3, 6.350744996949974336682125e-30],
  [1, 57.9, 0.3214715260552521995636962],
  [10, 57.9, 3.163690547668625122125988e-14],
  [0.3, 213.7, 0.7644687682529100348841017],
  [2.4, 213.7, 0.01725266231261782293064101],
  [10, 213.7, 1.471031107219254471882368e-19],
  [50, 213.7, 6.572035065657890101796642e-120],
  [2, 10000, 0.04552726066143544273796042],
  [10, 10000, 1.963280742866382894009384e-23],
  [4.5, 100000, 0.000006802991763451693555719273],
  [2, 1000000, 0.04550053385131920842118506],
  [1, 10000000, 0.3173105320599859498170485],
  [2, 10000000, 0.04550029089184295327958083],
  [10, 10000000, 1.524359229027375632927388e-23],
];

describe("Student's t distribution", () => {
  it("ν = 1 and ν = 2 match their closed forms", () => {
    for (const t of [1e-6, 0.01, 0.5, 1, 2, 5, 12.706204736174707, 100, 1e4, 1e8]) {
      // ν = 1 (Cauchy): P(|T| ≥ t) = (2/π)·atan(1/t); ν = 2: 1 − t/√(t² + 2) = 2/(√(t² + 2)·(√(t² + 2) + t)).
      expect(rel(studentTwoSided(t, 1), (2 / Math.PI) * Math.atan(1 / t)), `ν=1 t=${t}`).toBeLessThan(1e-14);
      const s = Math.sqrt(t * t + 2);
      expect(rel(studentTwoSided(t, 2), 2 / (s * (s + t))), `ν=2 t=${t}`).toBeLessThan(1e-14);
    }
    expect(studentTwoSided(12.706204736174707, 1)).toBeCloseTo(0.05, 14); // t table, 0.975 quantile
  });

  it("even ν matches the 1600-bit A&S 26.7.3 sum to 1e-13 relative (continued fraction and large-ν series)", () => {
    for (const nu of [4, 6, 10, 30, 98, 100, 102, 250, 1000, 4000]) {
      for (const t of [0.05, 0.5, 1, 1.96, 2.5, 4, 7.5, 15, 40]) {
        const want = bigStudentEven(t, nu);
        if (!(want > 1e-290)) continue;
        expect(rel(studentTwoSided(t, nu), want), `ν=${nu} t=${t}`).toBeLessThan(1e-13);
        expect(rel(studentTCdf(-t, nu), want / 2), `F(−${t}; ${nu})`).toBeLessThan(1e-13);
      }
    }
  });

  it("fractional ν (Welch) matches 25-digit mpmath values to 1e-13 relative", () => {
    for (const [t, nu, want] of MPMATH_T) expect(rel(studentTwoSided(t, nu), want), `ν=${nu} t=${t}`).toBeLessThan(1e-13);
  });

  it("tends to the normal distribution and has the right limits", () => {
    expect(rel(studentTwoSided(3, 1e12), normalTwoSided(3))).toBeLessThan(1e-10);
    expect(studentTwoSided(0, 7.3)).toBe(1);
    expect(studentTwoSided(Infinity, 7.3)).toBe(0);
    expect(studentTwoSided(1e200, 3)).toBe(0);
    expect(studentTCdf(0, 5)).toBe(0.5);
    expect(studentTCdf(-Infinity, 5)).toBe(0);
    expect(studentTCdf(Infinity, 5)).toBe(1);
    expect(studentTCdf(2.0150483733330233, 5)).toBeCloseTo(0.95, 14); // t table, one-sided 0.95, ν = 5 (2.015048)
    expect(studentTwoSided(1, 0)).toBeNaN();
    expect(studentTwoSided(NaN, 4)).toBeNaN();
  });
});

// ------------------------------------------------------------------ tests

describe("npsTest", () => {
  it("follows §11.2 literally (a hand-computed case)", () => {
    // cur: 6 answers, P = 4, D = 1: m = 0.5, v = 5/6 − 0.25 = 7/12.
    // prev: 8 answers, P = 2, D = 4: m = −0.25, v = 6/8 − 1/16 = 11/16.
    // z = 0.75 / √(7/72 + 11/128) = 1.75144…, p = 2Φ(−z).
    const z = 0.75 / Math.sqrt(7 / 72 + 11 / 128);
    const p = npsTest({ n: 6, promoters: 4, detractors: 1 }, { n: 8, promoters: 2, detractors: 4 });
    expect(rel(p!, 2 * bigUpperTail(z))).toBeLessThan(1e-13);
    // Swapping the windows changes the sign of z only.
    expect(npsTest({ n: 8, promoters: 2, detractors: 4 }, { n: 6, promoters: 4, detractors: 1 })).toBeCloseTo(p!, 15);
  });

  it("is null for fewer than 2 answers or no variance, and in [0, 1]", () => {
    expect(npsTest({ n: 1, promoters: 1, detractors: 0 }, { n: 10, promoters: 2, detractors: 3 })).toBeNull();
    expect(npsTest({ n: 10, promoters: 2, detractors: 3 }, { n: 0, promoters: 0, detractors: 0 })).toBeNull();
    expect(npsTest({ n: 10, promoters: 8, detractors: 3 }, { n: 10, promoters: 2, detractors: 3 })).toBeNull(); // P + D > n
    // Every answer a promoter in both windows: v = 0 in both; also all passives, all detractors.
    expect(npsTest({ n: 5, promoters: 5, detractors: 0 }, { n: 7, promoters: 7, detractors: 0 })).toBeNull();
    expect(npsTest({ n: 5, promoters: 0, detractors: 0 }, { n: 7, promoters: 0, detractors: 7 })).toBeNull();
    // Zero variance in one window only is a valid test.
    const one = npsTest({ n: 5, promoters: 5, detractors: 0 }, { n: 7, promoters: 3, detractors: 2 });
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(1);
    expect(npsTest({ n: 50, promoters: 20, detractors: 10 }, { n: 60, promoters: 24, detractors: 12 })).toBe(1);
    // A huge difference gives p ≈ 0, not NaN.
    const tiny = npsTest({ n: 1e7, promoters: 9e6, detractors: 5e5 }, { n: 1e7, promoters: 5e5, detractors: 9e6 });
    expect(tiny).toBe(0);
  });
});

describe("proportionTest", () => {
  it("is the pooled z test (a hand-computed case)", () => {
    // 45 of 60 against 30 of 60: p̄ = 0.625, se = √(0.625·0.375·(2/60)) = 0.0883883…, z = 0.25/se = 2.8284271…
    const z = 0.25 / Math.sqrt(0.625 * 0.375 * (2 / 60));
    expect(rel(proportionTest(45, 60, 30, 60)!, 2 * bigUpperTail(z))).toBeLessThan(1e-13);
    expect(z).toBeCloseTo(2 * Math.SQRT2, 12);
  });

  it("is null when a window has fewer than 2 values or the pooled share is 0 or 1", () => {
    expect(proportionTest(1, 1, 3, 10)).toBeNull();
    expect(proportionTest(0, 10, 0, 20)).toBeNull();
    expect(proportionTest(10, 10, 20, 20)).toBeNull();
    expect(proportionTest(11, 10, 2, 20)).toBeNull(); // more matches than rows
    expect(proportionTest(10, 10, 0, 20)).toBeLessThan(1e-6);
    expect(proportionTest(5, 10, 10, 20)).toBe(1);
  });
});

/** Student's sleep data (1908), the example of R's t.test: R prints t = −1.8608, df = 17.776, p-value = 0.07939. */
const SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

function sums(values: number[], shift = 0): SumSample {
  let sum = 0;
  let sumsq = 0;
  for (const v of values) {
    sum += v - shift;
    sumsq += (v - shift) * (v - shift);
  }
  return { n: values.length, sum, sumsq, shift };
}

function twoPass(values: number[]): MomentSample {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { n: values.length, mean, m2: values.reduce((a, v) => a + (v - mean) * (v - mean), 0) };
}

describe("welchTest", () => {
  it("reproduces R's Welch test of the sleep data", () => {
    const p = welchTest(sums(SLEEP_1), sums(SLEEP_2))!;
    expect(p).toBeCloseTo(0.07939, 5);
    // The same t and df by hand: t = (0.75 − 2.33)/√(s₁²/10 + s₂²/10), df by Welch–Satterthwaite.
    const a = twoPass(SLEEP_1);
    const b = twoPass(SLEEP_2);
    const u1 = a.m2 / 9 / 10;
    const u2 = b.m2 / 9 / 10;
    const t = (a.mean - b.mean) / Math.sqrt(u1 + u2);
    const df = (u1 + u2) ** 2 / (u1 ** 2 / 9 + u2 ** 2 / 9);
    expect(t).toBeCloseTo(-1.8608, 4);
    expect(df).toBeCloseTo(17.776, 3);
    expect(rel(p, studentTwoSided(t, df))).toBeLessThan(1e-12);
    // scipy.stats.ttest_ind(SLEEP_1, SLEEP_2, equal_var=False).pvalue
    expect(rel(p, 0.0793941401873583)).toBeLessThan(1e-12);
    // Welford moments and shifted sums give the same p.
    expect(rel(welchTest(twoPass(SLEEP_1), twoPass(SLEEP_2))!, p)).toBeLessThan(1e-12);
    expect(rel(welchTest(sums(SLEEP_1, 0.7), sums(SLEEP_2, 1.9))!, p)).toBeLessThan(1e-12);
  });

  it("is null for fewer than 2 values or zero variance in both windows; one constant window is fine", () => {
    expect(welchTest(sums([3]), sums([1, 2, 3]))).toBeNull();
    expect(welchTest(sums([4, 4, 4]), sums([2, 2]))).toBeNull();
    expect(welchTest({ n: 3, mean: 4, m2: 0 }, { n: 2, mean: 2, m2: 0 })).toBeNull();
    // One constant window: df = n − 1 of the other, t = (4 − 2)/√(1/3)
    const p = welchTest(sums([4, 4, 4]), sums([1, 2, 3]))!;
    expect(rel(p, studentTwoSided(2 / Math.sqrt(1 / 3), 2))).toBeLessThan(1e-13);
    expect(welchTest(sums([1, 2, 3]), sums([3, 2, 1]))).toBe(1);
    expect(welchTest({ n: 10, sum: NaN, sumsq: 3 }, sums([1, 2, 3]))).toBeNull();
    // Tiny variances (1e-200) do not underflow the degrees of freedom: the test is scale-free.
    const scaled = welchTest(sums(SLEEP_1.map((v) => v * 1e-100)), sums(SLEEP_2.map((v) => v * 1e-100)))!;
    expect(rel(scaled, 0.0793941401873583)).toBeLessThan(1e-12);
  });

  it("keeps its accuracy for values near 1e6 and n = 1e7 with shifted sums or Welford moments", () => {
    // Values 1e6 + k/1024 (k = 0…9, pseudo-random; exact doubles), variance near 7.9e-6: plain
    // sums cancel (Σx² ≈ 1e19 carries no digit of a variance that small); shifted ones do not.
    const window = (seed: number, n: number, offset: number) => {
      let s = seed;
      const next = () => (s = (s * 1103515245 + 12345) % 2147483648) % 10;
      let shift = NaN;
      let sum = 0;
      let sumsq = 0;
      let plain = 0;
      let plainSq = 0;
      let mean = 0;
      let m2 = 0;
      const counts = new Float64Array(10);
      for (let i = 1; i <= n; i++) {
        const k = next();
        counts[k]++;
        const x = 1e6 + offset + k / 1024;
        if (i === 1) shift = x;
        sum += x - shift;
        sumsq += (x - shift) * (x - shift);
        plain += x;
        plainSq += x * x;
        const d = x - mean;
        mean += d / i;
        m2 += d * (x - mean);
      }
      // Exact moments from the counts of each value (integer arithmetic in units of 1/1024).
      let ck = 0n;
      let ck2 = 0n;
      for (let k = 0; k < 10; k++) {
        ck += BigInt(counts[k] * k);
        ck2 += BigInt(counts[k] * k * k);
      }
      const exactMean = 1e6 + offset + Number(ck) / n / 1024;
      const exactM2 = Number(BigInt(n) * ck2 - ck * ck) / n / 1024 ** 2;
      return { shifted: { n, sum, sumsq, shift }, plain: { n, sum: plain, sumsq: plainSq }, welford: { n, mean, m2 }, exact: { n, mean: exactMean, m2: exactM2 } };
    };
    const a = window(1, 1e7, 0);
    const b = window(7, 1e7 - 3, 2 ** -19);
    const want = welchTest(a.exact, b.exact)!;
    expect(want).toBeGreaterThan(1e-12);
    expect(want).toBeLessThan(0.5);
    // Shifted sums of these dyadic values are exact.
    expect(rel(sampleMoments(a.shifted)!.variance, a.exact.m2 / (1e7 - 1))).toBeLessThan(1e-12);
    expect(rel(sampleMoments(a.shifted)!.mean, a.exact.mean)).toBeLessThan(1e-15);
    expect(rel(welchTest(a.shifted, b.shifted)!, want)).toBeLessThan(1e-12);
    // Welford's M2 stays good (measured 4e-6), but its running mean drifts by rounding (ε·1e6 per
    // row), which moves p by about 1% here (measured 1.1e-2): why docs/statistics.md recommends
    // shifted sums to the evaluator.
    expect(rel(sampleMoments(a.welford)!.variance, a.exact.m2 / (1e7 - 1))).toBeLessThan(1e-5);
    expect(rel(welchTest(a.welford, b.welford)!, want)).toBeLessThan(0.05);
    // The unshifted sums are what this test guards against: their variance is far off.
    expect(rel(sampleMoments(a.plain)!.variance, a.exact.m2 / (1e7 - 1))).toBeGreaterThan(1e-2);
  });
});

describe("diffOfProducts", () => {
  it("computes n·Σx² − (Σx)² without cancellation", () => {
    // a² and c² need 61 bits: both products round.
    const a = 2 ** 30 + 3;
    const c = 2 ** 30 + 1;
    // a·a − c·c = (a − c)(a + c) = 2·(2^31 + 4) exactly.
    expect(diffOfProducts(a, a, c, c)).toBe(2 * (2 ** 31 + 4));
    const big = 94906267; // big² ≈ 9.007e15 > 2^53: big·big is not exact
    expect(diffOfProducts(big, big, big - 1, big + 1)).toBe(1);
  });
});

describe("isSignificant", () => {
  it("is p < 1 − confidence, null for null p", () => {
    expect(isSignificant(0.01, 0.95)).toBe(true);
    expect(isSignificant(0.0500001, 0.95)).toBe(false);
    expect(isSignificant(0.0499999, 0.95)).toBe(true);
    // Literally p < 1 − confidence in doubles, as the spec says: 1 − 0.95 is 0.050000000000000044.
    expect(isSignificant(0.05, 0.95)).toBe(true);
    expect(isSignificant(0.07969601688841985, 0.95)).toBe(false);
    expect(isSignificant(0.07969601688841985, 0.9)).toBe(true);
    expect(isSignificant(null, 0.95)).toBeNull();
  });
});

// ------------------------------------------------------------------ conformance case v2-compare

const CASE = fileURLToPath(new URL("../../../shared/conformance/cases-v2/v2-compare", import.meta.url));

type Row = Record<string, string>;

function readCsv(path: string): Row[] {
  const [head, ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const names = head.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ""]));
  });
}

/** Calendar arithmetic of language.md §5.1 on ISO dates: days and weeks exact, months and years with the day clamped. */
function shiftDate(date: string, amount: number, unit: "days" | "weeks" | "months" | "years"): string {
  const [y, m, d] = date.split("-").map(Number);
  if (unit === "days" || unit === "weeks") {
    return new Date(Date.UTC(y, m - 1, d) + amount * (unit === "weeks" ? 7 : 1) * 86400000).toISOString().slice(0, 10);
  }
  const months = y * 12 + (m - 1) + amount * (unit === "years" ? 12 : 1);
  const ny = Math.floor(months / 12);
  const nm = months % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return new Date(Date.UTC(ny, nm, Math.min(d, last))).toISOString().slice(0, 10);
}

interface Window {
  n: number;
  unit: "days" | "weeks" | "months" | "years";
}

/** Rows with asOf − window < date ≤ asOf. */
function inWindow(rows: Row[], column: string, asOf: string, w: Window): Row[] {
  const from = shiftDate(asOf, -w.n, w.unit);
  return rows.filter((r) => r[column] !== "" && r[column] > from && r[column] <= asOf);
}

function comparisonAsOf(asOf: string, w: Window, kind: "previous" | "last_year"): string {
  return kind === "previous" ? shiftDate(asOf, -w.n, w.unit) : shiftDate(asOf, -1, "years");
}

const num = (s: string) => (s === "" ? NaN : Number(s));

function npsSample(values: number[]) {
  const valid = values.filter((v) => Number.isInteger(v) && v >= 0 && v <= 10);
  return { n: valid.length, promoters: valid.filter((v) => v >= 9).length, detractors: valid.filter((v) => v <= 6).length };
}

const npsValue = (s: { n: number; promoters: number; detractors: number }) => ((s.promoters - s.detractors) / s.n) * 100;

/** Welford moments of a window's values, and its shifted sums (shift = first value): the two forms the evaluator may keep. */
function momentsOf(values: number[]): { welford: MomentSample; sums: SumSample } {
  let mean = 0;
  let m2 = 0;
  values.forEach((x, i) => {
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  });
  return { welford: { n: values.length, mean, m2 }, sums: sums(values, values[0]) };
}

describe.skipIf(!existsSync(CASE))("conformance case v2-compare, recomputed from its CSV files", () => {
  const expected = JSON.parse(readFileSync(resolve(CASE, "case.json"), "utf8")).metrics;
  const responses = existsSync(CASE) ? readCsv(resolve(CASE, "data/responses.csv")) : [];
  const pilot = existsSync(CASE) ? readCsv(resolve(CASE, "data/pilot.csv")) : [];
  const AS_OF = "2026-06-30";
  const TOL = 1e-9; // the suite checks 1e-6

  it("pilot_nps: the hand-checkable pilot (7 days, previous)", () => {
    const w: Window = { n: 7, unit: "days" };
    const prevAsOf = comparisonAsOf(AS_OF, w, "previous");
    expect(prevAsOf).toBe(expected.pilot_nps.compare.asOf);
    const cur = npsSample(inWindow(pilot, "answered_on", AS_OF, w).map((r) => num(r.score)));
    const prev = npsSample(inWindow(pilot, "answered_on", prevAsOf, w).map((r) => num(r.score)));
    // By hand: 06-24…06-30 are 10, 9, 9, 8, 6, 10 (P 4, D 1); 06-17…06-23 are 9, 7, 5, 3, 10, 8, 6, 2 (P 2, D 4).
    expect(cur).toEqual({ n: 6, promoters: 4, detractors: 1 });
    expect(prev).toEqual({ n: 8, promoters: 2, detractors: 4 });
    expect(npsValue(cur)).toBe(expected.pilot_nps.value);
    expect(npsValue(prev)).toBe(expected.pilot_nps.compare.value);
    const p = npsTest(cur, prev)!;
    expect(rel(p, expected.pilot_nps.compare.p)).toBeLessThan(TOL);
    expect(isSignificant(p, 0.95)).toBe(expected.pilot_nps.compare.significant);
  });

  it("checkout_nps: overall and per region (90 days, previous)", () => {
    const w: Window = { n: 90, unit: "days" };
    const prevAsOf = comparisonAsOf(AS_OF, w, "previous");
    expect(prevAsOf).toBe(expected.checkout_nps.compare.asOf);
    const cur = inWindow(responses, "answered_at", AS_OF, w);
    const prev = inWindow(responses, "answered_at", prevAsOf, w);
    const sample = (rows: Row[]) => npsSample(rows.filter((r) => r.touchpoint === "checkout").map((r) => num(r.recommend)));
    const c = sample(cur);
    const p0 = sample(prev);
    expect(c.n).toBe(expected.checkout_nps.n);
    expect(rel(npsValue(p0), expected.checkout_nps.compare.value)).toBeLessThan(1e-12);
    expect(rel(npsTest(c, p0)!, expected.checkout_nps.compare.p)).toBeLessThan(TOL);
    expect(isSignificant(npsTest(c, p0), 0.95)).toBe(true);
    for (const g of expected.checkout_nps.groups) {
      const region = g.key.region;
      const cg = sample(cur.filter((r) => r.region === region));
      const pg = sample(prev.filter((r) => r.region === region));
      expect(cg.n, region).toBe(g.n);
      expect(Math.abs(npsValue(pg) - g.previous), region).toBeLessThan(1e-9);
      expect(rel(npsTest(cg, pg)!, g.p), region).toBeLessThan(TOL);
    }
  });

  it("support_csat (3 months, last year) and delivery_csat per region (1 month, previous)", () => {
    const csat = (rows: Row[], touchpoint: string) => {
      const valid = rows.filter((r) => r.touchpoint === touchpoint).map((r) => num(r.satisfied)).filter((v) => Number.isInteger(v) && v >= 1 && v <= 5);
      return { x: valid.filter((v) => v >= 4).length, n: valid.length };
    };
    let w: Window = { n: 3, unit: "months" };
    let prevAsOf = comparisonAsOf(AS_OF, w, "last_year");
    expect(prevAsOf).toBe(expected.support_csat.compare.asOf);
    let c = csat(inWindow(responses, "answered_at", AS_OF, w), "support");
    let p0 = csat(inWindow(responses, "answered_at", prevAsOf, w), "support");
    expect(c.n).toBe(expected.support_csat.n);
    expect(rel(p0.x / p0.n, expected.support_csat.compare.value)).toBeLessThan(1e-12);
    expect(rel(proportionTest(c.x, c.n, p0.x, p0.n)!, expected.support_csat.compare.p)).toBeLessThan(TOL);

    w = { n: 1, unit: "months" };
    prevAsOf = comparisonAsOf(AS_OF, w, "previous");
    expect(prevAsOf).toBe(expected.delivery_csat.compare.asOf);
    const cur = inWindow(responses, "answered_at", AS_OF, w);
    const prev = inWindow(responses, "answered_at", prevAsOf, w);
    c = csat(cur, "delivery");
    p0 = csat(prev, "delivery");
    expect(rel(proportionTest(c.x, c.n, p0.x, p0.n)!, expected.delivery_csat.compare.p)).toBeLessThan(TOL);
    for (const g of expected.delivery_csat.groups) {
      const cg = csat(cur.filter((r) => r.region === g.key.region), "delivery");
      const pg = csat(prev.filter((r) => r.region === g.key.region), "delivery");
      expect(cg.n).toBe(g.n);
      expect(rel(proportionTest(cg.x, cg.n, pg.x, pg.n)!, g.p), g.key.region).toBeLessThan(TOL);
    }
  });

  it("low_effort_share: matching rows of all rows in the window (90 days, last year)", () => {
    const w: Window = { n: 90, unit: "days" };
    const prevAsOf = comparisonAsOf(AS_OF, w, "last_year");
    expect(prevAsOf).toBe(expected.low_effort_share.compare.asOf);
    const share = (rows: Row[]) => ({ x: rows.filter((r) => num(r.effort) <= 3).length, n: rows.length });
    const c = share(inWindow(responses, "answered_at", AS_OF, w));
    const p0 = share(inWindow(responses, "answered_at", prevAsOf, w));
    expect(c.n).toBe(expected.low_effort_share.n);
    expect(rel(c.x / c.n, expected.low_effort_share.value)).toBeLessThan(1e-12);
    expect(rel(proportionTest(c.x, c.n, p0.x, p0.n)!, expected.low_effort_share.compare.p)).toBeLessThan(TOL);
  });

  it("support_wait, effort and support_resolution: Welch (30 days previous, 8 weeks previous, 90 days last year)", () => {
    const cases: { name: string; w: Window; kind: "previous" | "last_year"; values: (rows: Row[]) => number[] }[] = [
      { name: "support_wait", w: { n: 30, unit: "days" }, kind: "previous", values: (rows) => rows.filter((r) => r.touchpoint === "support").map((r) => num(r.wait_seconds)).filter((v) => !Number.isNaN(v)) },
      { name: "effort", w: { n: 8, unit: "weeks" }, kind: "previous", values: (rows) => rows.map((r) => num(r.effort)).filter((v) => Number.isInteger(v) && v >= 1 && v <= 7) },
      { name: "support_resolution", w: { n: 90, unit: "days" }, kind: "last_year", values: (rows) => rows.filter((r) => r.touchpoint === "support").map((r) => (r.resolved === "true" ? 1 : 0)) },
    ];
    for (const { name, w, kind, values } of cases) {
      const prevAsOf = comparisonAsOf(AS_OF, w, kind);
      expect(prevAsOf, name).toBe(expected[name].compare.asOf);
      const c = momentsOf(values(inWindow(responses, "answered_at", AS_OF, w)));
      const p0 = momentsOf(values(inWindow(responses, "answered_at", prevAsOf, w)));
      expect(c.welford.n, name).toBe(expected[name].n);
      expect(rel(c.welford.mean, expected[name].value), name).toBeLessThan(1e-12);
      expect(rel(p0.welford.mean, expected[name].compare.value), name).toBeLessThan(1e-12);
      expect(rel(welchTest(c.welford, p0.welford)!, expected[name].compare.p), name).toBeLessThan(TOL);
      expect(rel(welchTest(c.sums, p0.sums)!, expected[name].compare.p), name).toBeLessThan(TOL);
      expect(isSignificant(welchTest(c.sums, p0.sums), 0.95), name).toBe(expected[name].compare.significant);
    }
  });
});
