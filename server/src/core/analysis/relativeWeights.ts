// Key-driver analysis of `drivers` (language-v2 §14): Johnson's relative weights, the symmetric
// eigen-decomposition they need (cyclic Jacobi), and the one-pass accumulators that turn rows into
// means, co-moments and correlations. Pure: no I/O. Formulas and decisions: docs/statistics.md.

import { diffOfProducts } from "./significance";

// ------------------------------------------------------------------ eigen-decomposition

/**
 * Eigen-decomposition of a symmetric matrix A = V·diag(values)·Vᵀ by the cyclic Jacobi method
 * (Golub & Van Loan §8.5; rotations as in Numerical Recipes `jacobi`). Values are in descending
 * order; `vectors[i][j]` is component i of the eigenvector of `values[j]` (columns are
 * eigenvectors, orthonormal). Only the upper triangle of A is read. Accuracy: eigenvalues to a
 * few ε·‖A‖ absolute; a k×k matrix takes about 6–10 sweeps of k²/2 rotations.
 */
export function symmetricEigen(A: number[][]): { values: number[]; vectors: number[][] } {
  const k = A.length;
  const a = new Float64Array(k * k);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    v[i * k + i] = 1;
    for (let j = i; j < k; j++) a[i * k + j] = a[j * k + i] = A[i][j];
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < k; i++) {
      diag += a[i * k + i] * a[i * k + i];
      for (let j = i + 1; j < k; j++) off += a[i * k + j] * a[i * k + j];
    }
    if (!(off > 1e-36 * diag) || !Number.isFinite(off)) break;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (apq === 0) continue;
        const app = a[p * k + p];
        const aqq = a[q * k + q];
        // Skip rotations that cannot change the diagonal any more (after the first sweeps).
        if (sweep > 3 && Math.abs(apq) * 1e18 < Math.min(Math.abs(app), Math.abs(aqq))) {
          a[p * k + q] = a[q * k + p] = 0;
          continue;
        }
        // tan of the rotation angle: the smaller root of t² + 2θt − 1 = 0, θ = (aqq − app)/(2apq).
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        a[p * k + p] = app - t * apq;
        a[q * k + q] = aqq + t * apq;
        a[p * k + q] = a[q * k + p] = 0;
        for (let r = 0; r < k; r++) {
          if (r !== p && r !== q) {
            const arp = a[r * k + p];
            const arq = a[r * k + q];
            a[r * k + p] = a[p * k + r] = arp - s * (arq + tau * arp);
            a[r * k + q] = a[q * k + r] = arq + s * (arp - tau * arq);
          }
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = vrp - s * (vrq + tau * vrp);
          v[r * k + q] = vrq + s * (vrp - tau * vrq);
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => a[y * k + y] - a[x * k + x]);
  return {
    values: order.map((j) => a[j * k + j]),
    vectors: Array.from({ length: k }, (_, i) => order.map((j) => v[i * k + j])),
  };
}

// ------------------------------------------------------------------ relative weights

/** Eigenvalues at or below this fraction of the largest are treated as 0 (a collinear driver). */
export const EIGEN_FLOOR = 1e-12;

/**
 * Johnson's relative weights. R: the k×k correlation matrix of the drivers (symmetric, unit
 * diagonal); r: their correlations with the outcome. With R = VΛVᵀ, W = VΛ^½Vᵀ and
 * β = W⁻¹r = VΛ^(−½)Vᵀr: raw weight ε_j = Σ_k W_jk²·β_k², R² = Σ_j ε_j (= βᵀβ = rᵀR⁻¹r, the
 * standardized OLS R²), importance ε_j/R².
 *
 * Near-singular R (a driver that is a linear combination of others): eigenvalues ≤ EIGEN_FLOOR·λ_max
 * are treated as exactly 0 and W⁻¹ becomes the pseudo-inverse (VΛ^(−½)⁺Vᵀ): the model is the
 * regression on the drivers' span, collinear drivers share its weight (two identical drivers get
 * equal halves), and nothing is NaN. Null when the input is malformed or not finite, or when
 * R² = 0 (no driver correlates with the outcome: importances are undefined).
 */
export function relativeWeights(R: number[][], r: number[]): { raw: number[]; r2: number; importance: number[] } | null {
  const k = r.length;
  if (k === 0 || R.length !== k) return null;
  for (let i = 0; i < k; i++) {
    if (R[i].length !== k || !Number.isFinite(r[i])) return null;
    for (let j = 0; j < k; j++) if (!Number.isFinite(R[i][j])) return null;
  }
  const { values, vectors: V } = symmetricEigen(R);
  const floor = EIGEN_FLOOR * values[0];
  if (!(values[0] > 0)) return null;
  const root = values.map((l) => (l > floor ? Math.sqrt(l) : 0));
  // Vᵀr, then β = V·Λ^(−½)⁺·(Vᵀr).
  const vr = new Float64Array(k);
  for (let m = 0; m < k; m++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += V[i][m] * r[i];
    vr[m] = root[m] > 0 ? s / root[m] : 0;
  }
  const beta = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let m = 0; m < k; m++) s += V[i][m] * vr[m];
    beta[i] = s;
  }
  const raw = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < k; c++) {
      let w = 0; // W_jc = Σ_m V_jm·√λ_m·V_cm
      for (let m = 0; m < k; m++) w += V[j][m] * root[m] * V[c][m];
      raw[j] += w * w * beta[c] * beta[c];
    }
  }
  let r2 = 0;
  for (const e of raw) r2 += e;
  if (!(r2 > 0) || !Number.isFinite(r2)) return null;
  return { raw, r2, importance: raw.map((e) => e / r2) };
}

// ------------------------------------------------------------------ moments and correlations

/** Means and co-moments C_ij = Σ(x_i − x̄_i)(x_j − x̄_j) of p variables over n complete rows. */
export interface Moments {
  n: number;
  means: number[];
  /** p×p, symmetric. */
  comoments: number[][];
}

/**
 * Pearson correlation from co-moments: Cxy/√(Cxx·Cyy), clamped to [−1, 1]; null when a variance
 * is 0 (or the input is not finite).
 */
export function pearsonFromMoments(cxx: number, cyy: number, cxy: number): number | null {
  if (!(cxx > 0) || !(cyy > 0) || !Number.isFinite(cxx * cyy) || !Number.isFinite(cxy)) return null;
  return Math.max(-1, Math.min(1, cxy / Math.sqrt(cxx) / Math.sqrt(cyy)));
}

/**
 * Pearson correlation from one-pass sums n, Σx, Σy, Σx², Σy², Σxy (of values, or of values minus a
 * shift per variable). Each co-moment n·Σxy − Σx·Σy is formed with error-free products, so the
 * only cancellation left is the one already in the sums (exact for integer data below 2^53; use
 * shifted sums or CoMoments otherwise).
 */
export function pearsonFromSums(n: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): number | null {
  if (!(n >= 2)) return null;
  return pearsonFromMoments(diffOfProducts(n, sxx, sx, sx) / n, diffOfProducts(n, syy, sy, sy) / n, diffOfProducts(n, sxy, sx, sy) / n);
}

/** What every engine gathers about a drivers column over the complete cases, for exactPearson. */
export interface ExactColumn {
  /** Every value is an integer. */
  integral: boolean;
  /** max |x|. */
  maxAbs: number;
  /** Σx. */
  sum: number;
  /** Σx². */
  sumSq: number;
}

/**
 * The Pearson correlation of two integer columns from their plain sums (and Σxy), when every such
 * sum over the n rows is an integer below 2^53 and so exact in any order: then each engine — the
 * native kernel, the reference executor, an SQL engine's SUMs — gets the same number, and exactly 0
 * for uncorrelated answers (integer survey scales often are), where online or two-pass algorithms
 * each leave their own rounding noise (±1e-17). Undefined when a sum might not be exact (a value
 * that is not an integer, or n·max|x|² ≥ 2^53): engines use their own accurate algorithms then.
 * NaN when a variance is 0.
 */
export function exactPearson(n: number, a: ExactColumn, b: ExactColumn, sumProducts: number): number | undefined {
  if (!a.integral || !b.integral || !(n >= 2)) return undefined;
  const m = Math.max(a.maxAbs, b.maxAbs, 1);
  if (!(n * m * m < 2 ** 53)) return undefined;
  return pearsonFromSums(n, a.sum, b.sum, a.sumSq, b.sumSq, sumProducts) ?? NaN;
}

/** Index of (i, j), i ≤ j, in a packed upper triangle of p variables. */
function packed(i: number, j: number, p: number): number {
  return i * p - (i * (i - 1)) / 2 + (j - i);
}

/**
 * Welford accumulator of means and co-moments for p variables (the numerically stable one: its
 * error does not depend on how far the values are from 0). Per complete row, with δ_i = x_i − x̄_i
 * before the update: x̄_i += δ_i/n, C_ij += δ_i·(x_j − x̄_j new). One instance per model and
 * group; O(p²) per row, no allocation per row.
 */
export class CoMoments {
  n = 0;
  private readonly mean: Float64Array;
  private readonly c: Float64Array;
  private readonly delta: Float64Array;
  constructor(readonly p: number) {
    this.mean = new Float64Array(p);
    this.c = new Float64Array((p * (p + 1)) / 2);
    this.delta = new Float64Array(p);
  }

  /** Adds row `row` of the columns (one per variable, NaN = null). Returns false, adding nothing, when a value is null. */
  add(columns: ArrayLike<ArrayLike<number>>, row: number): boolean {
    const p = this.p;
    for (let i = 0; i < p; i++) if (Number.isNaN(columns[i][row])) return false;
    const n = ++this.n;
    for (let i = 0; i < p; i++) {
      const x = columns[i][row];
      const d = x - this.mean[i];
      this.delta[i] = d;
      this.mean[i] += d / n;
    }
    let at = 0;
    for (let i = 0; i < p; i++) {
      const d = this.delta[i];
      for (let j = i; j < p; j++) this.c[at++] += d * (columns[j][row] - this.mean[j]);
    }
    return true;
  }

  moments(): Moments {
    return unpack(this.p, this.n, Array.from(this.mean), (i, j) => this.c[packed(i, j, this.p)]);
  }
}

/**
 * One-pass sums of p variables, shifted by the first complete row (K): n, Σ(x_i − K_i) and
 * Σ(x_i − K_i)(x_j − K_j). Cheaper per row than CoMoments (no division) and exact for integer
 * data (ratings) while the sums stay below 2^53; for other data its accuracy depends on the shift
 * being near the mean (which the first row usually is). Co-moments: (n·Q_ij − S_i·S_j)/n with
 * error-free products.
 */
export class CrossSums {
  n = 0;
  private readonly shift: Float64Array;
  private readonly s: Float64Array;
  private readonly q: Float64Array;
  constructor(readonly p: number) {
    this.shift = new Float64Array(p);
    this.s = new Float64Array(p);
    this.q = new Float64Array((p * (p + 1)) / 2);
  }

  /** Adds row `row` of the columns (one per variable, NaN = null). Returns false, adding nothing, when a value is null. */
  add(columns: ArrayLike<ArrayLike<number>>, row: number): boolean {
    const p = this.p;
    for (let i = 0; i < p; i++) if (Number.isNaN(columns[i][row])) return false;
    if (this.n++ === 0) for (let i = 0; i < p; i++) this.shift[i] = columns[i][row];
    let at = 0;
    for (let i = 0; i < p; i++) {
      const d = columns[i][row] - this.shift[i];
      this.s[i] += d;
      for (let j = i; j < p; j++) this.q[at++] += d * (columns[j][row] - this.shift[j]);
    }
    return true;
  }

  moments(): Moments {
    const { n, p, s, q } = this;
    const means = Array.from(this.shift, (k, i) => (n > 0 ? k + s[i] / n : NaN));
    return unpack(p, n, means, (i, j) => (n > 0 ? diffOfProducts(n, q[packed(i, j, p)], s[i], s[j]) / n : 0));
  }
}

function unpack(p: number, n: number, means: number[], get: (i: number, j: number) => number): Moments {
  const comoments = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      // A variance is never negative; rounding can leave −1e-17 for a constant column.
      const v = i === j ? Math.max(0, get(i, i)) : get(i, j);
      comoments[i][j] = comoments[j][i] = v;
    }
  }
  return { n, means: n > 0 ? means : means.map(() => NaN), comoments };
}

// ------------------------------------------------------------------ the drivers result

export interface DriverWeight {
  /** Share of R² (the importances of the model's drivers add up to 1); null when left out or no model. */
  importance: number | null;
  /** Pearson correlation with the outcome; null when the driver or the outcome has zero variance. */
  correlation: number | null;
  /** Mean over the complete cases (the driver's performance); null when n = 0. */
  mean: number | null;
}

export interface DriversAnalysis {
  n: number;
  /** R² of the model; null when there is none. */
  r2: number | null;
  /** In the order of the variables 1..p−1. */
  drivers: DriverWeight[];
  /** Why there is no model or a driver was left out (each is CX4008 for the evaluator). */
  tooFewRows: boolean;
  constantOutcome: boolean;
  /** Indices (0-based, into `drivers`) of drivers with zero variance, left out of the model. */
  constantDrivers: number[];
}

/**
 * §14 from the moments of complete cases: variable 0 is the outcome, variables 1..k the drivers.
 * n < k + 2: every importance null (tooFewRows). Drivers with zero variance get null importance
 * and correlation and are left out; the others form R and r. Means are reported whenever n > 0.
 */
export function analyzeDrivers(m: Moments): DriversAnalysis {
  const k = m.means.length - 1;
  const { n, comoments: C } = m;
  const constantOutcome = n > 0 && !(C[0][0] > 0);
  const constantDrivers: number[] = [];
  const drivers: DriverWeight[] = [];
  for (let j = 1; j <= k; j++) {
    if (n > 0 && !(C[j][j] > 0)) constantDrivers.push(j - 1);
    drivers.push({ importance: null, correlation: n >= 2 ? pearsonFromMoments(C[0][0], C[j][j], C[0][j]) : null, mean: n > 0 ? m.means[j] : null });
  }
  const result: DriversAnalysis = { n, r2: null, drivers, tooFewRows: n < k + 2, constantOutcome, constantDrivers };
  if (result.tooFewRows || constantOutcome) return result;
  const kept: number[] = [];
  for (let j = 1; j <= k; j++) if (C[j][j] > 0) kept.push(j);
  if (kept.length === 0) return result;
  const R = kept.map((a) => kept.map((b) => (a === b ? 1 : (pearsonFromMoments(C[a][a], C[b][b], C[a][b]) as number))));
  const r = kept.map((j) => drivers[j - 1].correlation as number);
  const weights = relativeWeights(R, r);
  if (!weights) return result;
  result.r2 = weights.r2;
  kept.forEach((j, i) => (drivers[j - 1].importance = weights.importance[i]));
  return result;
}
