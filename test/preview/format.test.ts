// Value formatting of the scorecard preview (pure functions; the browser tests check that these strings
// are what a person sees).
import { describe, expect, it } from "vitest";
import { formatCi, formatCount, formatThreshold, formatValue, keyColumns, keyLabel, niceTicks, parseUnit, statusFor, statusInfo } from "../../client/src/preview/format";

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
