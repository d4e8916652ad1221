// Confidence intervals (server/src/core/stats.ts) against values worked out by hand below, and the
// t and normal quantiles against published table values.
import { describe, expect, it } from "vitest";
import {
  applyConfidence,
  isConclusive,
  meanInterval,
  normalQuantile,
  npsInterval,
  surveyInterval,
  tQuantile,
  wilsonInterval,
  zFor,
} from "../../server/src/core/stats";
import type { Report } from "../../server/src/core/report";
import { studentTCdf as tCdf } from "../../server/src/core/analysis/significance";

const Z95 = 1.959963984540054; // Φ⁻¹(0.975)

describe("quantiles", () => {
  it("normal quantile (AS 241) matches table values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(Z95, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.025)).toBeCloseTo(-Z95, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(zFor(0.95)).toBeCloseTo(Z95, 14);
    expect(zFor(0.9)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it("Student's t quantile matches table values to 1e-9", () => {
    const table: [number, number, number][] = [
      [0.975, 1, 12.706204736174707],
      [0.975, 2, 4.302652729749464],
      [0.975, 3, 3.1824463052837078],
      [0.9995, 4, 8.610301581379522],
      [0.995, 5, 4.032142983555228],
      [0.975, 8, 2.306004135204166],
      [0.975, 10, 2.228138851964938],
      [0.95, 20, 1.7247182429207866],
      [0.975, 29, 2.045229642132703],
      [0.6, 7, 0.2631668613520229],
    ];
    for (const [p, df, t] of table) {
      expect(Math.abs(tQuantile(p, df) - t), `t(${p}, ${df})`).toBeLessThan(1e-9);
      expect(Math.abs(tQuantile(1 - p, df) + t), `t(${1 - p}, ${df})`).toBeLessThan(1e-9);
    }
    // Closed forms: df = 1 is Cauchy, tan(π(p − ½)); df = 2 is (2p − 1)/√(2p(1 − p)).
    expect(tQuantile(0.9, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4), 12);
    expect(tQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 12);
    // Large df tends to the normal quantile.
    expect(Math.abs(tQuantile(0.975, 1e6) - Z95)).toBeLessThan(1e-5);
    expect(tQuantile(0.5, 9)).toBe(0);
  });

  it("t CDF inverts the quantile and the incomplete beta has known values", () => {
    for (const df of [3, 7.5, 30, 200]) for (const p of [0.01, 0.3, 0.9, 0.999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 12);
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_0.5(a, a) = 0.5.
  });
});

describe("intervals", () => {
  it("NPS: normal interval from the multinomial standard error", () => {
    // n = 100, 50 promoters, 20 detractors: p = 0.5, d = 0.2, NPS = 30.
    // var = (p + d − (p − d)²)/n = (0.7 − 0.09)/100 = 0.0061; se = 100·√0.0061 = 7.810249675906654.
    // ±1.959963984540054 · 7.810249675906654 = ±15.307808075042672 → [14.692191924957328, 45.30780807504267].
    const ci = npsInterval(50, 20, 100, 0.95)!;
    expect(ci.level).toBe(0.95);
    expect(ci.low).toBeCloseTo(14.692191924957328, 10);
    expect(ci.high).toBeCloseTo(45.30780807504267, 10);
    // n = 9, 4 promoters, 3 detractors: NPS 11.11; var = (7/9 − 1/81)/9 = 62/729; se = 100·√(62/729) = 29.162992125969666.
    const small = npsInterval(4, 3, 9, 0.95)!;
    expect(small.low).toBeCloseTo(11.11111111111111 - Z95 * 29.162992125969666, 10);
    expect(small.high).toBeCloseTo(68.26952535943684, 10);
    // Clamped to the scale: all promoters gives se = 0 → [100, 100]; a tiny sample cannot exceed ±100.
    expect(npsInterval(10, 0, 10, 0.95)).toEqual({ level: 0.95, low: 100, high: 100 });
    expect(npsInterval(1, 1, 2, 0.99)!.low).toBe(-100);
    expect(npsInterval(0, 0, 0, 0.95)).toBeNull();
  });

  it("CSAT: Wilson score interval", () => {
    // 81 of 100, z² = 3.841458820694124: centre = (0.81 + z²/200)/(1 + z²/100) = 0.7985320155558344,
    // half = z/(1 + z²/100)·√(0.81·0.19/100 + z²/40000) = 0.07632046934653822 → [0.7222115462093562, 0.8748524849023126].
    const ci = wilsonInterval(81, 100, 0.95)!;
    expect(ci.low).toBeCloseTo(0.7222115462093562, 12);
    expect(ci.high).toBeCloseTo(0.8748524849023126, 12);
    // 5 of 9 → [0.2666512934954931, 0.8112214789023354]; 0 of 10 → [0, z²/(n + z²)] = [0, 0.2775327998628892].
    const b = wilsonInterval(5, 9, 0.95)!;
    expect(b.low).toBeCloseTo(0.2666512934954931, 12);
    expect(b.high).toBeCloseTo(0.8112214789023354, 12);
    const c = wilsonInterval(0, 10, 0.95)!;
    expect(c.low).toBe(0);
    expect(c.high).toBeCloseTo((Z95 * Z95) / (10 + Z95 * Z95), 12);
  });

  it("CES / means: t interval with n − 1 degrees of freedom", () => {
    // 2, 3, 4, 6, 1, 7, 2, 3, 5: mean 33/9, sd = √(32/8) = 2, t(0.975, 8) = 2.306004135204166,
    // half = 2.306004135204166 · 2/3 = 1.537336090136111 → [2.129330576530556, 5.204002756802777].
    const ci = meanInterval(33 / 9, 2, 9, 0.95)!;
    expect(ci.low).toBeCloseTo(2.129330576530556, 9);
    expect(ci.high).toBeCloseTo(5.204002756802777, 9);
    expect(meanInterval(4, 0, 1, 0.95)).toBeNull();
    expect(surveyInterval({ fn: "ces", n: 9, mean: 33 / 9, sd: 2 }, 0.95)).toEqual(ci);
    expect(surveyInterval({ fn: "nps", n: 100, promoters: 50, detractors: 20 }, 0.95)).toEqual(npsInterval(50, 20, 100, 0.95));
    expect(surveyInterval({ fn: "csat", n: 100, positive: 81 }, 0.95)).toEqual(wilsonInterval(81, 100, 0.95));
    expect(surveyInterval(undefined, 0.95)).toBeNull();
  });

  it("a goal is not conclusive when the interval straddles its target", () => {
    const ci = { level: 0.95, low: 35, high: 45 };
    expect(isConclusive(ci, { op: ">=", value: 40 })).toBe(false);
    expect(isConclusive(ci, { op: ">=", value: 30 })).toBe(true);
    expect(isConclusive(ci, { op: ">=", value: 50 })).toBe(true);
    expect(isConclusive(ci, { op: "<", value: 35 })).toBe(true); // 35 < 35 is false at both ends
    expect(isConclusive(ci, { op: "<=", value: 35 })).toBe(false);
    expect(isConclusive(ci, { op: "==", value: 40 })).toBe(false);
    expect(isConclusive(ci, { op: "==", value: 50 })).toBe(true);
  });

  it("applyConfidence adds ci to survey metrics and conclusive to their goals", () => {
    const report = {
      cx: 1,
      asOf: "2026-06-30",
      files: [],
      diagnostics: [],
      metrics: [
        { name: "nps", label: "nps", unit: "points", touchpoint: null, value: 30, rows: 100, sample: 100, stats: { fn: "nps", n: 100, promoters: 50, detractors: 20 } },
        { name: "count", label: "count", unit: "count", touchpoint: null, value: 7, rows: 7 },
      ],
      goals: [
        { name: "g1", label: "g1", metric: "nps", status: "met", value: 30, target: { op: ">=", value: 25 }, warn: null, severity: "error" },
        { name: "g2", label: "g2", metric: "nps", status: "met", value: 30, target: { op: ">=", value: 10 }, warn: null, severity: "error" },
        { name: "g3", label: "g3", metric: "count", status: "met", value: 7, target: { op: ">=", value: 5 }, warn: null, severity: "error" },
      ],
      summary: { errors: 0, warnings: 0, goals: { met: 3, at_risk: 0, missed: 0, no_data: 0 } },
    } as unknown as Report;
    applyConfidence(report, 0.95);
    expect(report.metrics![0].ci).toEqual(npsInterval(50, 20, 100, 0.95));
    expect(report.metrics![1].ci).toBeUndefined();
    expect(report.goals!.map((g) => g.conclusive)).toEqual([false, true, undefined]);
  });
});
