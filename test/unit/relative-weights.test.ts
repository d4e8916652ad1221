// Johnson's relative weights of language-v2 §14 (server/src/core/analysis/relativeWeights.ts).
// Checked against: known eigenvalues; the two-driver closed form (derived below); the OLS R² of
// the regression solved independently by normal equations on the raw data; and the conformance
// case cases-v2/v2-drivers, recomputed from its CSV file here.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  analyzeDrivers,
  CoMoments,
  CrossSums,
  exactPearson,
  pearsonFromMoments,
  pearsonFromSums,
  relativeWeights,
  symmetricEigen,
  type Moments,
} from "../../server/src/core/analysis/relativeWeights";

const rel = (got: number, want: number) => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), and standard normals from them (Box–Muller). */
function random(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

function matVec(A: number[][], x: number[]): number[] {
  return A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is copied). */
function solve(A: number[][], b: number[]): number[] {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < k; c++) {
    let best = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[best][c])) best = r;
    [M[c], M[best]] = [M[best], M[c]];
    for (let r = c + 1; r < k; r++) {
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= k; j++) M[r][j] -= f * M[c][j];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = M[r][k];
    for (let j = r + 1; j < k; j++) s -= M[r][j] * x[j];
    x[r] = s / M[r][r];
  }
  return x;
}

/** OLS of y on the columns of X with an intercept, by normal equations on centered data; R² = 1 − SSE/SST from the residuals. */
function olsR2(X: number[][], y: number[]): number {
  const n = y.length;
  const k = X.length;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / n;
  const Xc = X.map((col) => {
    const m = mean(col);
    return col.map((v) => v - m);
  });
  const my = mean(y);
  const yc = y.map((v) => v - my);
  const XtX = Xc.map((a) => Xc.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)));
  const Xty = Xc.map((a) => a.reduce((s, v, i) => s + v * yc[i], 0));
  const b = solve(XtX, Xty);
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < k; j++) fit += b[j] * Xc[j][i];
    sse += (yc[i] - fit) ** 2;
    sst += yc[i] ** 2;
  }
  return 1 - sse / sst;
}

/** Correlation matrix R of the drivers and r with the outcome, from moments (variable 0 = outcome). */
function correlations(m: Moments): { R: number[][]; r: number[] } {
  const C = m.comoments;
  const k = C.length - 1;
  const corr = (a: number, b: number) => pearsonFromMoments(C[a][a], C[b][b], C[a][b])!;
  const R = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : corr(i + 1, j + 1))));
  return { R, r: Array.from({ length: k }, (_, j) => corr(0, j + 1)) };
}

function momentsOf(columns: Float64Array[], kind: "welford" | "sums" = "sums"): Moments {
  const acc = kind === "welford" ? new CoMoments(columns.length) : new CrossSums(columns.length);
  for (let i = 0; i < columns[0].length; i++) acc.add(columns, i);
  return acc.moments();
}

// ------------------------------------------------------------------ eigen-decomposition

function checkDecomposition(A: number[][], tol: number) {
  const k = A.length;
  const { values, vectors: V } = symmetricEigen(A);
  for (let j = 0; j < k; j++) {
    const v = V.map((row) => row[j]);
    const Av = matVec(A, v);
    for (let i = 0; i < k; i++) expect(Math.abs(Av[i] - values[j] * v[i]), `residual ${i},${j}`).toBeLessThan(tol);
    for (let m = 0; m < k; m++) {
      const dot = V.reduce((s, row) => s + row[j] * row[m], 0);
      expect(Math.abs(dot - (j === m ? 1 : 0)), `VᵀV ${j},${m}`).toBeLessThan(tol);
    }
    if (j > 0) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
  }
  return values;
}

describe("symmetricEigen", () => {
  it("finds the known eigenvalues 2 − 2cos(jπ/(k + 1)) of the second-difference matrix", () => {
    const k = 9;
    const A = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));
    const values = checkDecomposition(A, 1e-13);
    const want = Array.from({ length: k }, (_, j) => 2 - 2 * Math.cos(((j + 1) * Math.PI) / (k + 1))).sort((a, b) => b - a);
    values.forEach((v, j) => expect(Math.abs(v - want[j])).toBeLessThan(1e-14));
  });

  it("decomposes random symmetric matrices (residual, orthonormality, trace)", () => {
    const { normal } = random(42);
    for (const k of [1, 2, 3, 5, 12, 30]) {
      const A = Array.from({ length: k }, () => new Array<number>(k).fill(0));
      for (let i = 0; i < k; i++) for (let j = i; j < k; j++) A[i][j] = A[j][i] = normal();
      const values = checkDecomposition(A, 1e-12 * k);
      const trace = A.reduce((s, row, i) => s + row[i], 0);
      expect(Math.abs(values.reduce((a, b) => a + b, 0) - trace)).toBeLessThan(1e-12 * k);
    }
  });

  it("handles repeated and zero eigenvalues", () => {
    const I = [1, 2, 3, 4].map((_, i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
    expect(checkDecomposition(I, 1e-15)).toEqual([1, 1, 1, 1]);
    // Rank one: v·vᵀ has eigenvalues |v|², 0, 0.
    const v = [1, 2, 2];
    const values = checkDecomposition(v.map((a) => v.map((b) => a * b)), 1e-14);
    expect(values[0]).toBeCloseTo(9, 13);
    expect(Math.abs(values[1])).toBeLessThan(1e-14);
    expect(Math.abs(values[2])).toBeLessThan(1e-14);
  });
});

// ------------------------------------------------------------------ relative weights

/**
 * The two-driver closed form. R = [[1, ρ], [ρ, 1]] has eigenvectors (1, 1)/√2 and (1, −1)/√2 with
 * eigenvalues 1 + ρ and 1 − ρ, so with p = √(1 + ρ) and q = √(1 − ρ):
 * W = R^½ = [[a, b], [b, a]], a = (p + q)/2, b = (p − q)/2, and
 * W⁻¹ = [[c, d], [d, c]], c = (1/p + 1/q)/2, d = (1/p − 1/q)/2;
 * β = W⁻¹r, ε₁ = a²β₁² + b²β₂², ε₂ = b²β₁² + a²β₂². (a² + b² = 1, so R² = β₁² + β₂², which is the
 * familiar two-predictor R² = (r₁² + r₂² − 2ρr₁r₂)/(1 − ρ²).)
 */
function twoDrivers(rho: number, r1: number, r2: number) {
  const p = Math.sqrt(1 + rho);
  const q = Math.sqrt(1 - rho);
  const [a, b, c, d] = [(p + q) / 2, (p - q) / 2, (1 / p + 1 / q) / 2, (1 / p - 1 / q) / 2];
  const b1 = c * r1 + d * r2;
  const b2 = d * r1 + c * r2;
  return [a * a * b1 * b1 + b * b * b2 * b2, b * b * b1 * b1 + a * a * b2 * b2];
}

describe("relativeWeights", () => {
  it("matches the two-driver closed form and the two-predictor R²", () => {
    const { uniform } = random(7);
    for (let i = 0; i < 200; i++) {
      const rho = 1.98 * uniform() - 0.99;
      // r must be a possible correlation vector: |r|ᵀR⁻¹r ≤ 1.
      const r1 = 1.8 * uniform() - 0.9;
      const r2 = 1.8 * uniform() - 0.9;
      const r2model = (r1 * r1 + r2 * r2 - 2 * rho * r1 * r2) / (1 - rho * rho);
      if (r2model > 1) continue;
      const got = relativeWeights([[1, rho], [rho, 1]], [r1, r2])!;
      const want = twoDrivers(rho, r1, r2);
      expect(rel(got.raw[0], want[0]), `ρ=${rho}`).toBeLessThan(1e-11);
      expect(rel(got.raw[1], want[1]), `ρ=${rho}`).toBeLessThan(1e-11);
      expect(rel(got.r2, r2model)).toBeLessThan(1e-11);
      expect(Math.abs(got.importance[0] + got.importance[1] - 1)).toBeLessThan(1e-15);
    }
  });

  it("gives r_j² when the drivers are uncorrelated", () => {
    const r = [0.5, -0.3, 0.2, 0.1];
    const I = r.map((_, i) => r.map((__, j) => (i === j ? 1 : 0)));
    const got = relativeWeights(I, r)!;
    got.raw.forEach((e, j) => expect(e).toBeCloseTo(r[j] * r[j], 15));
    expect(got.r2).toBeCloseTo(0.39, 15);
  });

  it("R² is the OLS R² of the regression (normal equations on the raw data); importances add up to 1", () => {
    for (const [seed, k, n] of [
      [1, 3, 50],
      [2, 5, 400],
      [3, 8, 1000],
      [4, 12, 300],
    ]) {
      const { normal } = random(seed);
      // Correlated drivers: each is a mix of a few shared factors and its own noise.
      const factors = Array.from({ length: 3 }, () => Array.from({ length: n }, normal));
      const X = Array.from({ length: k }, (_, j) => Array.from({ length: n }, (_, i) => factors[j % 3][i] * (0.5 + j / k) + factors[(j + 1) % 3][i] * 0.3 + normal() + 5 * j));
      const y = Array.from({ length: n }, (_, i) => X.reduce((s, col, j) => s + col[i] * (j % 2 ? 0.4 : -0.2), 0) + 2 * normal());
      const m = momentsOf([Float64Array.from(y), ...X.map((c) => Float64Array.from(c))]);
      const { R, r } = correlations(m);
      const got = relativeWeights(R, r)!;
      expect(rel(got.r2, olsR2(X, y)), `k=${k}`).toBeLessThan(1e-10);
      expect(Math.abs(got.importance.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
      for (const e of got.raw) expect(e).toBeGreaterThanOrEqual(0);
      // Reordering the drivers reorders the weights.
      const order = Array.from({ length: k }, (_, j) => k - 1 - j);
      const back = relativeWeights(order.map((i) => order.map((j) => R[i][j])), order.map((j) => r[j]))!;
      order.forEach((j, i) => expect(rel(back.raw[i], got.raw[j])).toBeLessThan(1e-10));
    }
  });

  it("handles a driver that is a linear combination of others without NaN (pseudo-inverse)", () => {
    const n = 300;
    const { normal } = random(11);
    const x1 = Array.from({ length: n }, normal);
    const x2 = Array.from({ length: n }, (_, i) => 0.6 * x1[i] + normal());
    const x3 = x1.map((v, i) => v + x2[i]); // exactly collinear
    const y = x1.map((v, i) => 0.7 * v - 0.4 * x2[i] + normal());
    const m = momentsOf([y, x1, x2, x3].map((c) => Float64Array.from(c)));
    const { R, r } = correlations(m);
    const got = relativeWeights(R, r)!;
    expect(got).not.toBeNull();
    for (const v of [...got.raw, ...got.importance, got.r2]) expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(got.importance.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    // x3 adds nothing to the span: R² is that of the regression on x1 and x2.
    expect(rel(got.r2, olsR2([x1, x2], y))).toBeLessThan(1e-9);

    // A duplicated driver: the two copies share equally.
    const dup = relativeWeights(
      [
        [1, 1, R[0][1]],
        [1, 1, R[0][1]],
        [R[0][1], R[0][1], 1],
      ],
      [r[0], r[0], r[1]],
    )!;
    expect(rel(dup.raw[0], dup.raw[1])).toBeLessThan(1e-9);
    expect(rel(dup.r2, relativeWeights([[1, R[0][1]], [R[0][1], 1]], [r[0], r[1]])!.r2)).toBeLessThan(1e-9);
  });

  it("is null for malformed input or when no driver correlates with the outcome", () => {
    expect(relativeWeights([], [])).toBeNull();
    expect(relativeWeights([[1, 0.2]], [0.3])).toBeNull();
    expect(relativeWeights([[1, NaN], [NaN, 1]], [0.3, 0.2])).toBeNull();
    expect(relativeWeights([[1, 0.2], [0.2, 1]], [0.3, Infinity])).toBeNull();
    expect(relativeWeights([[1, 0.2], [0.2, 1]], [0, 0])).toBeNull();
    expect(relativeWeights([[1]], [0.6])).toEqual({ raw: [0.36], r2: 0.36, importance: [1] });
  });
});

// ------------------------------------------------------------------ moments and correlations

describe("moments and Pearson correlations", () => {
  it("CrossSums, CoMoments, pearsonFromSums and a two-pass computation agree", () => {
    const { normal } = random(5);
    const n = 1000;
    const x = Float64Array.from({ length: n }, () => 3 + normal());
    const y = Float64Array.from(x, (v) => 2 - 0.5 * v + normal());
    const mx = x.reduce((a, b) => a + b, 0) / n;
    const my = y.reduce((a, b) => a + b, 0) / n;
    let cxx = 0;
    let cyy = 0;
    let cxy = 0;
    for (let i = 0; i < n; i++) {
      cxx += (x[i] - mx) ** 2;
      cyy += (y[i] - my) ** 2;
      cxy += (x[i] - mx) * (y[i] - my);
    }
    const want = cxy / Math.sqrt(cxx * cyy);
    let [sx, sy, sxx, syy, sxy] = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      sx += x[i];
      sy += y[i];
      sxx += x[i] * x[i];
      syy += y[i] * y[i];
      sxy += x[i] * y[i];
    }
    expect(rel(pearsonFromSums(n, sx, sy, sxx, syy, sxy)!, want)).toBeLessThan(1e-12);
    for (const kind of ["sums", "welford"] as const) {
      const m = momentsOf([y, x], kind);
      expect(m.n).toBe(n);
      expect(rel(m.means[0], my)).toBeLessThan(1e-14);
      expect(rel(m.means[1], mx)).toBeLessThan(1e-14);
      expect(rel(m.comoments[1][1], cxx)).toBeLessThan(1e-12);
      expect(rel(m.comoments[0][1], cxy)).toBeLessThan(1e-12);
      expect(m.comoments[1][0]).toBe(m.comoments[0][1]);
      expect(rel(pearsonFromMoments(m.comoments[0][0], m.comoments[1][1], m.comoments[0][1])!, want)).toBeLessThan(1e-12);
    }
  });

  it("skips rows with a null value (complete cases)", () => {
    const a = Float64Array.from([1, 2, NaN, 4, 5]);
    const b = Float64Array.from([2, NaN, 3, 8, 10]);
    for (const acc of [new CoMoments(2), new CrossSums(2)]) {
      const added = [0, 1, 2, 3, 4].map((i) => acc.add([a, b], i));
      expect(added).toEqual([true, false, false, true, true]);
      const m = acc.moments();
      expect(m.n).toBe(3);
      expect(m.means[0]).toBeCloseTo(10 / 3, 14);
      expect(m.means[1]).toBeCloseTo(20 / 3, 14);
      // b = 2a on the complete rows: correlation exactly 1.
      expect(pearsonFromMoments(m.comoments[0][0], m.comoments[1][1], m.comoments[0][1])).toBeCloseTo(1, 14);
    }
    expect(new CrossSums(2).moments().means.every(Number.isNaN)).toBe(true);
  });

  it("stays accurate for values far from 0 (shifted sums and Welford; plain sums do not)", () => {
    // x = 1e6 + i/64 for i in 0..99999 (exact doubles); y = 2x + (−1)^i/64: the correlation is known exactly.
    const n = 100000;
    const x = Float64Array.from({ length: n }, (_, i) => 1e6 + (i % 1000) / 64);
    const y = Float64Array.from(x, (v, i) => 2 * v + (i % 2 ? 1 : -1) / 64);
    // Exact, in units of 1/64² over whole periods of j = i mod 1000: Var(x) = V = (1000² − 1)/12,
    // Cov(x, e) = c = ½ (each pair j = 2m, 2m + 1 adds 1 to Σ(j − 499.5)·e_j·64, 500 pairs over
    // 1000), Var(e) = 1; r = (2V + c)/√(V·(4V + 4c + 1)).
    const V = (1000 * 1000 - 1) / 12;
    const c = 0.5;
    const want = (2 * V + c) / Math.sqrt(V * (4 * V + 4 * c + 1));
    for (const kind of ["sums", "welford"] as const) {
      const m = momentsOf([y, x], kind);
      const r = pearsonFromMoments(m.comoments[0][0], m.comoments[1][1], m.comoments[0][1])!;
      expect(rel(r, want), kind).toBeLessThan(kind === "sums" ? 1e-15 : 1e-13); // measured: 0 and 2.2e-15
      // Shifted sums of these dyadic values are exact; Welford's running mean drifts by rounding (measured 4.5e-15).
      expect(rel(m.means[1], 1e6 + 999 / 128), kind).toBeLessThan(kind === "sums" ? 1e-16 : 1e-13);
    }
    let [sx, sy, sxx, syy, sxy] = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      sx += x[i];
      sy += y[i];
      sxx += x[i] * x[i];
      syy += y[i] * y[i];
      sxy += x[i] * y[i];
    }
    const plain = pearsonFromSums(n, sx, sy, sxx, syy, sxy);
    // Unshifted sums: Σx² ≈ 1e17 has lost the digits of the co-moments (measured error 1.4e-3).
    expect(plain === null || rel(plain, want) > 1e-4).toBe(true);
  });
});

// ------------------------------------------------------------------ analyzeDrivers

describe("analyzeDrivers", () => {
  it("leaves out drivers with zero variance, and needs n ≥ k + 2", () => {
    const { normal } = random(3);
    const n = 60;
    const x1 = Float64Array.from({ length: n }, normal);
    const x2 = Float64Array.from({ length: n }, () => 7); // constant
    const x3 = Float64Array.from(x1, (v) => 0.5 * v + normal());
    const y = Float64Array.from(x1, (v, i) => v + x3[i] + normal());
    const all = analyzeDrivers(momentsOf([y, x1, x2, x3]));
    expect(all.constantDrivers).toEqual([1]);
    expect(all.drivers[1]).toEqual({ importance: null, correlation: null, mean: 7 });
    const without = analyzeDrivers(momentsOf([y, x1, x3]));
    expect(rel(all.r2!, without.r2!)).toBeLessThan(1e-12);
    expect(rel(all.drivers[0].importance!, without.drivers[0].importance!)).toBeLessThan(1e-12);
    expect(rel(all.drivers[2].importance!, without.drivers[1].importance!)).toBeLessThan(1e-12);
    expect(all.tooFewRows).toBe(false);

    // k = 3 drivers need 5 complete rows.
    const few = (rows: number) => analyzeDrivers(momentsOf([y, x1, x2, x3].map((c) => c.slice(0, rows))));
    expect(few(4).tooFewRows).toBe(true);
    expect(few(4).drivers.map((d) => d.importance)).toEqual([null, null, null]);
    expect(few(4).r2).toBeNull();
    expect(few(5).tooFewRows).toBe(false);
    expect(few(5).r2).not.toBeNull();

    const flat = analyzeDrivers(momentsOf([Float64Array.from(x1, () => 3), x1, x3]));
    expect(flat.constantOutcome).toBe(true);
    expect(flat.r2).toBeNull();
    expect(flat.drivers.map((d) => d.correlation)).toEqual([null, null]);
  });
});

// ------------------------------------------------------------------ conformance case v2-drivers

const CASE = fileURLToPath(new URL("../../../shared/conformance/cases-v2/v2-drivers", import.meta.url));

describe.skipIf(!existsSync(CASE))("conformance case v2-drivers, recomputed from its CSV file", () => {
  const expected = JSON.parse(readFileSync(resolve(CASE, "case.json"), "utf8")).drivers;
  const [head, ...lines] = existsSync(CASE) ? readFileSync(resolve(CASE, "data/relationship.csv"), "utf8").trim().split(/\r?\n/) : [""];
  const names = head.split(",");
  const rows = lines.map((l) => l.split(","));
  const col = (name: string) => names.indexOf(name);
  const numeric = (cells: string[], name: string) => (cells[col(name)] === "" ? NaN : Number(cells[col(name)]));
  const DRIVERS = { delivery: "delivery_sat", support: "support_sat", checkout: "checkout_sat", app: "app_sat" } as const;
  // eu_recent: region == "EU", window 90 days at 2026-06-30: 2026-04-01 < answered_at ≤ 2026-06-30.
  const models: Record<string, { drivers: (keyof typeof DRIVERS)[]; keep: (cells: string[]) => boolean }> = {
    recommendation_drivers: { drivers: ["delivery", "support", "checkout", "app"], keep: () => true },
    eu_recent: {
      drivers: ["delivery", "support", "checkout", "app"],
      keep: (c) => c[col("region")] === "EU" && c[col("answered_at")] > "2026-04-01" && c[col("answered_at")] <= "2026-06-30",
    },
    two_drivers: { drivers: ["delivery", "support"], keep: () => true },
    latam_drivers: { drivers: ["delivery", "support", "checkout", "app"], keep: (c) => c[col("region")] === "LATAM" },
  };

  for (const [name, model] of Object.entries(models)) {
    it(`${name}: n, R², importances, correlations and means to 1e-9`, () => {
      const kept = rows.filter(model.keep);
      const columns = [Float64Array.from(kept, (c) => numeric(c, "recommend")), ...model.drivers.map((d) => Float64Array.from(kept, (c) => numeric(c, DRIVERS[d])))];
      const want = expected[name];
      for (const kind of ["sums", "welford"] as const) {
        const got = analyzeDrivers(momentsOf(columns, kind));
        expect(got.n).toBe(want.n);
        if (want.r2 === undefined) {
          expect(got.tooFewRows).toBe(true);
          expect(got.drivers.map((d) => d.importance)).toEqual(want.drivers.map((d: { importance: null }) => d.importance));
          continue;
        }
        expect(rel(got.r2!, want.r2), `${name} R² (${kind})`).toBeLessThan(1e-9);
        want.drivers.forEach((d: { name: string; importance: number; correlation: number; mean: number }, j: number) => {
          expect(model.drivers[j]).toBe(d.name);
          expect(rel(got.drivers[j].importance!, d.importance), `${d.name} importance`).toBeLessThan(1e-9);
          expect(rel(got.drivers[j].correlation!, d.correlation), `${d.name} correlation`).toBeLessThan(1e-9);
          expect(rel(got.drivers[j].mean!, d.mean), `${d.name} mean`).toBeLessThan(1e-9);
        });
      }
      if (name === "two_drivers") {
        // The closed form on the same data.
        const m = momentsOf(columns);
        const { R, r } = correlations(m);
        const [e1, e2] = twoDrivers(R[0][1], r[0], r[1]);
        expect(rel(e1 / (e1 + e2), want.drivers[0].importance)).toBeLessThan(1e-9);
        expect(rel(e1 + e2, want.r2)).toBeLessThan(1e-9);
      }
    });
  }
});

describe("exactPearson: integer columns from exact sums", () => {
  const col = (xs: number[]) => ({
    integral: xs.every(Number.isInteger),
    maxAbs: Math.max(...xs.map(Math.abs)),
    sum: xs.reduce((a, b) => a + b, 0),
    sumSq: xs.reduce((a, b) => a + b * b, 0),
  });
  const dot = (xs: number[], ys: number[]) => xs.reduce((s, x, i) => s + x * ys[i], 0);
  it("is exactly 0 for uncorrelated answers (an online algorithm leaves 4e-17 here)", () => {
    const recommend = [4, 6, 10, 5, 5];
    const satisfied = [5, 3, 4, 3, 3];
    expect(exactPearson(5, col(recommend), col(satisfied), dot(recommend, satisfied))).toBe(0);
  });
  it("agrees with the two-pass correlation on integer data, and declines what it cannot sum exactly", () => {
    const r = random(11);
    const xs = Array.from({ length: 200 }, () => Math.floor(r.uniform() * 11));
    const ys = xs.map((x) => x + Math.floor(r.uniform() * 5));
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const want = dot(xs.map((x) => x - mx), ys.map((y) => y - my)) / Math.sqrt(dot(xs.map((x) => x - mx), xs.map((x) => x - mx)) * dot(ys.map((y) => y - my), ys.map((y) => y - my)));
    expect(rel(exactPearson(200, col(xs), col(ys), dot(xs, ys))!, want)).toBeLessThan(1e-12);
    expect(exactPearson(3, col([1, 2.5, 3]), col([1, 2, 4]), 0)).toBeUndefined();
    expect(exactPearson(2 ** 20, col([2 ** 17, 1]), col([1, 2]), 0)).toBeUndefined();
    expect(exactPearson(3, col([2, 2, 2]), col([1, 2, 3]), 12)).toBeNaN();
  });
});
