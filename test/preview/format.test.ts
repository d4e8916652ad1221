// Value formatting of the scorecard preview (pure functions; the browser tests check that these strings
// are what a person sees).
import { describe, expect, it } from "vitest";
import { quadrants } from "../../client/src/preview/analyses";
import { visibleControls } from "../../client/src/preview/dom";
import {
  changeDirection,
  compareLabel,
  formatChange,
  formatCi,
  formatCount,
  formatP,
  formatThreshold,
  formatValue,
  keyColumns,
  keyId,
  keyLabel,
  niceTicks,
  parseUnit,
  significanceText,
  statusFor,
  statusInfo,
} from "../../client/src/preview/format";
import { worstGroups } from "../../client/src/preview/render";

describe("formatValue", () => {
  it.each([
    [0.842, "percent", {}, "84.2 %"],
    [0.8, "percent", {}, "80.0 %"],
    [0.84256, "percent", { decimals: 2 }, "84.26 %"],
    [0.84256, "percent", { decimals: 0 }, "84 %"],
    [-0.051, "percent", {}, "−5.1 %"],
    [42.5, "points", {}, "+42.5"],
    [-3.14, "points", {}, "−3.1"],
    [0, "points", {}, "0.0"],
    [-0.04, "points", {}, "0.0"],
    [36.19018776499092, "points", { decimals: 1 }, "+36.2"],
    [42, "points", { decimals: 0 }, "+42"],
    [40, "points", { signed: false }, "40.0"],
    [281.774, "currency", { currency: "EUR" }, "€ 281.77"],
    [4739.02, "currency", { currency: "eur", decimals: 2 }, "€ 4,739.02"],
    [281.774, 'currency "EUR"', {}, "€ 281.77"],
    [1281.5, "currency CHF", {}, "1,281.50 CHF"],
    [-12.5, "currency", { currency: "USD" }, "$ −12.50"],
    [281.774, "currency", {}, "281.77"],
    [12345, "count", {}, "12,345"],
    [1234567, "count", {}, "1,234,567"],
    [2.45, "count", {}, "2.5"],
    [5.666666666666667, "number", { decimals: 2 }, "5.67"],
    [5.666666666666667, "number", {}, "5.67"],
    [1200, "number", {}, "1,200"],
    [64, "minutes", { decimals: 0 }, "64 min"],
    [64, "minutes", {}, "64 min"],
    [12.25, "minutes", {}, "12.3 min"],
    [4.24, "hours", {}, "4.2 h"],
    [37, "seconds", {}, "37 s"],
    [1, "days", {}, "1 day"],
    [3.5, "days", {}, "3.5 days"],
    [3.5, "days", { decimals: 2 }, "3.50 days"],
    [7, "unknown-unit", {}, "7"],
    [7.123, null, {}, "7.12"],
  ] as const)("%s %s %o → %s", (value, unit, opts, expected) => {
    expect(formatValue(value, unit, opts)).toBe(expected);
  });

  it("says 'no data' for null and 'n/a' for non-numbers", () => {
    expect(formatValue(null, "percent")).toBe("no data");
    expect(formatValue(undefined, "points")).toBe("no data");
    expect(formatValue(Number.NaN, "points")).toBe("n/a");
    expect(formatValue("12" as unknown as number, "points")).toBe("n/a");
  });
});

describe("thresholds, intervals, statuses", () => {
  it("formats thresholds compactly, without the points sign", () => {
    expect(formatThreshold({ op: ">=", value: 0.8 }, "percent")).toBe("≥ 80 %");
    expect(formatThreshold({ op: "<=", value: 0.075 }, "percent")).toBe("≤ 7.5 %");
    expect(formatThreshold({ op: ">=", value: 40 }, "points")).toBe("≥ 40");
    expect(formatThreshold({ op: ">", value: -10 }, "points")).toBe("> −10");
    expect(formatThreshold({ op: "<=", value: 60 }, "minutes", { decimals: 0 })).toBe("≤ 60 min");
    expect(formatThreshold({ op: ">=", value: 4500 }, "currency", { currency: "EUR", decimals: 2 })).toBe("≥ € 4,500");
    expect(formatThreshold({ op: "==", value: 1 }, "count")).toBe("= 1");
    expect(formatThreshold(null, "count")).toBe("—");
  });

  it("formats confidence intervals", () => {
    expect(formatCi({ low: 0.8123, high: 0.8711, level: 0.95 }, "percent")).toBe("95 % CI 81.2 % – 87.1 %");
    expect(formatCi({ low: 38.07, high: 46.93, level: 0.9 }, "points")).toBe("90 % CI +38.1 – +46.9");
    expect(formatCi(null, "points")).toBeNull();
  });

  it("gives every status a mark and a text", () => {
    expect(statusInfo("met")).toEqual({ mark: "✓", text: "Met", cls: "met" });
    expect(statusInfo("at_risk").text).toBe("At risk");
    expect(statusInfo("missed").mark).toBe("✗");
    expect(statusInfo("no_data").text).toBe("No data");
    expect(statusInfo("weird")).toEqual({ mark: "?", text: "weird", cls: "unknown" });
    expect(statusInfo("constructor").cls).toBe("unknown");
  });

  it("evaluates a value against a goal's thresholds as §5.4 does", () => {
    const target = { op: ">=", value: 0.8 };
    const warn = { op: ">=", value: 0.7 };
    expect(statusFor(0.85, target, warn)).toBe("met");
    expect(statusFor(0.75, target, warn)).toBe("at_risk");
    expect(statusFor(0.6, target, warn)).toBe("missed");
    expect(statusFor(0.75, target, null)).toBe("missed");
    expect(statusFor(null, target, warn)).toBe("no_data");
    expect(statusFor(0.5, null)).toBeNull();
  });
});

describe("keys, units and ticks", () => {
  it("labels breakdown keys", () => {
    expect(keyLabel({ channel: "web" })).toBe("web");
    expect(keyLabel({ channel: "web", region: null })).toBe("web · (null)");
    expect(keyLabel({ year: 2026, vip: true })).toBe("2026 · true");
    expect(keyColumns([{ key: { a: 1 } }, { key: { a: 2, b: 3 } }])).toEqual(["a", "b"]);
  });

  it("parses currency codes", () => {
    expect(parseUnit('currency "EUR"')).toEqual({ unit: "currency", currency: "EUR" });
    expect(parseUnit("currency", "usd")).toEqual({ unit: "currency", currency: "USD" });
    expect(parseUnit("currency", "<b>")).toEqual({ unit: "currency", currency: null });
    expect(parseUnit(undefined)).toEqual({ unit: "number", currency: null });
  });

  it("counts", () => {
    expect(formatCount(3302)).toBe("3,302");
    expect(formatCount(null)).toBe("—");
  });

  it("makes nice ticks", () => {
    expect(niceTicks(17.4, 44.1, 4)).toEqual([10, 20, 30, 40, 50]);
    expect(niceTicks(0.8, 0.95, 4)).toEqual([0.8, 0.85, 0.9, 0.95]);
    expect(niceTicks(5, 5, 4).length).toBeGreaterThan(1);
  });
});

describe("changes (language-v2 §11.2)", () => {
  it.each([
    // Percent metrics: the change is a fraction, shown in percentage points.
    [0.05, "percent", {}, "+5.0 pts"],
    [-0.033166458072590776, "percent", {}, "−3.3 pts"],
    [0.0004, "percent", {}, "0.0 pts"],
    [0.05123, "percent", { decimals: 2 }, "+5.12 pts"],
    // NPS and other points: points.
    [34.624756335282655, "points", {}, "+34.6 pts"],
    [-8, "points", {}, "−8.0 pts"],
    [-0.01, "points", {}, "0.0 pts"],
    // Other units: the metric's unit.
    [2.1, "currency", { currency: "EUR" }, "+€ 2.10"],
    [-12.5, 'currency "CHF"', {}, "−12.50 CHF"],
    [-0.4, "hours", {}, "−0.4 h"],
    [3, "minutes", { decimals: 0 }, "+3 min"],
    [120, "count", {}, "+120"],
    [0.12000000000000011, "number", {}, "+0.12"],
    [0, "count", {}, "0"],
  ] as const)("%s %s %o → %s", (change, unit, opts, expected) => {
    expect(formatChange(change, unit, opts)).toBe(expected);
  });

  it("gives the direction of the change as displayed", () => {
    expect(changeDirection(0.05, "percent")).toBe("up");
    expect(changeDirection(-8, "points")).toBe("down");
    expect(changeDirection(0.0004, "percent")).toBe("flat");
    expect(changeDirection(null, "percent")).toBe("flat");
  });

  it("formats p-values with two significant digits", () => {
    expect(formatP(0.031)).toBe("= 0.031");
    expect(formatP(0.41)).toBe("= 0.41");
    expect(formatP(0.5395181584141282)).toBe("= 0.54");
    expect(formatP(0.0025918783580704025)).toBe("= 0.0026");
    expect(formatP(1)).toBe("= 1.00");
    expect(formatP(0.03)).toBe("= 0.03");
    expect(formatP(0.2)).toBe("= 0.20");
    expect(formatP(0.0105)).toBe("= 0.011");
    expect(formatP(0.001)).toBe("= 0.001");
    expect(formatP(9.688396441693127e-5)).toBe("< 0.001");
    expect(formatP(null)).toBe("n/a");
  });

  it("says whether a change is significant, in words", () => {
    expect(significanceText(0.03, true)).toEqual({ text: "significant (p = 0.03)", kind: "significant" });
    expect(significanceText(0.41, false)).toEqual({ text: "not significant (p = 0.41)", kind: "not-significant" });
    expect(significanceText(null, null)).toEqual({ text: "no significance test", kind: "untested" });
    expect(significanceText(0.2, undefined)).toEqual({ text: "p = 0.20", kind: "untested" });
  });

  it("names the compared period", () => {
    expect(compareLabel({ kind: "previous", label: "previous 90 days" })).toBe("vs previous 90 days");
    expect(compareLabel({ kind: "last_year", label: "same 3 months last year" })).toBe("vs same 3 months last year");
    expect(compareLabel({ kind: "last_year", asOf: "2025-06-30" })).toBe("vs same period last year (as of 2025-06-30)");
    expect(compareLabel({ kind: "previous", label: "  " })).toBe("vs previous period");
  });

  it("identifies breakdown keys whatever their order", () => {
    expect(keyId({ a: 1, b: null })).toBe(keyId({ b: null, a: 1 }));
    expect(keyId({ a: "1" })).not.toBe(keyId({ a: 1 }));
  });
});

describe("goals for every group (language-v2 §11.1)", () => {
  it("lists the groups that are not met, the worst first", () => {
    const groups = [
      { key: { s: "a" }, value: 1.3, status: "missed" },
      { key: { s: "b" }, value: 22, status: "at_risk" },
      { key: { s: "c" }, value: 35, status: "met" },
      { key: { s: "d" }, value: -5, status: "missed" },
      { key: { s: null }, value: null, status: "no_data" },
    ];
    expect(worstGroups(groups, { op: ">=", value: 30 }).map((g) => g.key.s)).toEqual(["d", "a", "b", null]);
    // For an upper bound the highest value is the worst.
    const times = [
      { key: { s: "x" }, value: 70, status: "missed" },
      { key: { s: "y" }, value: 95, status: "missed" },
      { key: { s: "z" }, value: 50, status: "met" },
    ];
    expect(worstGroups(times, { op: "<=", value: 60 }).map((g) => g.key.s)).toEqual(["y", "x"]);
  });
});

describe("drivers quadrants (language-v2 §14)", () => {
  it("splits at the drivers' mean importance and mean performance", () => {
    const d = (name: string, importance: number | null, mean: number | null) => ({ name, importance, mean, correlation: null });
    const list = [d("a", 0.5, 7.1), d("b", 0.3, 6.4), d("c", 0.15, 7.7), d("d", 0.05, 6.8), d("e", null, 5)];
    const q = quadrants(list);
    expect(q.importance).toBeCloseTo(0.25, 12);
    expect(q.performance).toBeCloseTo(7, 12);
    expect(list.map(q.of)).toEqual(["keep_up", "fix_first", "possible_overkill", "lower_priority", null]);
    expect(quadrants([d("x", null, 1)]).importance).toBeNull();
  });
});

describe("control characters", () => {
  it("shows bidi overrides and control characters as visible escapes, keeps tabs and newlines", () => {
    expect(visibleControls("a\u202Eb\u202Cc")).toBe("a\\u202Eb\\u202Cc");
    expect(visibleControls("\u2066x\u2069")).toBe("\\u2066x\\u2069");
    expect(visibleControls("bell\u0007 esc\u001b[31m")).toBe("bell\\u0007 esc\\u001B[31m");
    expect(visibleControls("select 1\n\tfrom t\r\n")).toBe("select 1\n\tfrom t\r\n");
    expect(visibleControls("Ünïcødé עברית ✓")).toBe("Ünïcødé עברית ✓");
  });
});
