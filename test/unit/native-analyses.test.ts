// Funnels, cohorts and drivers on the native executor (language-v2 §12–§14): small fixtures whose
// expected counts are worked out by hand in the comments, then the conformance data
// (../shared/conformance/cases-v2) with hand-built plans, checked against the counts, means and
// correlations of the cases' expected reports.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { runNative } from "../../server/src/core/engines/native/executor";
import { parseDate, parseDateTime } from "../../server/src/core/data/convert";
import { readSource } from "../../server/src/core/data/reader";
import type { Column, ColumnType, Table } from "../../server/src/core/data/table";
import { periodLabel } from "../../server/src/core/eval/periods";
import type { RowExpr } from "../../server/src/core/plan/ir";
import type { CohortOutput, CohortPlan, DriversPlan, FunnelPlan, SourcePlan } from "../../server/src/core/plan/plan";
import { NodeHost } from "../../server/src/node/host";
import { UTC, zoneFor, type Zone } from "../../server/src/core/time/zone";

const MIN = 60000;
const DAY = 86400000;

// ------------------------------------------------------------------ helpers

function plan(parts: Partial<SourcePlan>): SourcePlan {
  return {
    source: "s",
    access: { kind: "files", files: [], format: "csv", delimiter: ",", encoding: "utf-8" },
    schema: new Map(),
    columns: new Map(),
    derived: [],
    measures: [],
    funnels: [],
    cohorts: [],
    drivers: [],
    scaleChecks: [],
    divisions: [],
    ...parts,
  };
}

/** A table from rows of JS values: text columns are strings, the rest numbers (null: null). */
function table(types: Record<string, ColumnType>, rows: (string | number | null)[][]): Table {
  const names = Object.keys(types);
  const columns = new Map<string, Column>();
  names.forEach((name, j) => {
    if (types[name] === "text") {
      const dict: string[] = [];
      const codes = Int32Array.from(rows, (row) => {
        const v = row[j];
        if (v === null) return -1;
        let c = dict.indexOf(String(v));
        if (c < 0) c = dict.push(String(v)) - 1;
        return c;
      });
      columns.set(name, { name, type: "text", codes, dict });
    } else columns.set(name, { name, type: types[name] as Exclude<ColumnType, "text">, values: Float64Array.from(rows, (row) => (row[j] === null ? NaN : (row[j] as number))) });
  });
  return { rowCount: rows.length, columns, rowLines: Int32Array.from(rows, (_, i) => i + 2), files: ["data.csv"] };
}

const col = (name: string, t: "text" | "number" | "date" | "datetime" = "text"): RowExpr => ({ k: "col", t, name });
const eq = (c: string, v: string): RowExpr => ({ k: "cmp", op: "==", l: col(c), r: { k: "lit", t: "text", v } });
const inList = (c: string, vs: string[]): RowExpr => ({ k: "in", e: col(c), items: vs, negated: false });
const at = (s: string) => parseDateTime(s)!;
const day = (s: string) => parseDate(s)!;

async function funnelCustomers(t: Table, f: Omit<FunnelPlan, "key" | "name">, ts: SourcePlan["timestamp"], zone: Zone = UTC): Promise<number[]> {
  const out = await runNative(plan({ timestamp: ts, funnels: [{ key: "f", name: "f", ...f }] }), t, zone);
  return out.funnel("f").customers;
}

/** Cohorts by label, ages as [observed, retained] pairs. */
function cohortTable(out: CohortOutput, period: CohortPlan["period"]): Record<string, { customers: number; ages: [number, number][] }> {
  const res: Record<string, { customers: number; ages: [number, number][] }> = {};
  for (const c of [...out.cohorts].sort((a, b) => a.code - b.code)) res[periodLabel(c.code, period)] = { customers: c.customers, ages: c.observed.map((o, k) => [o, c.retained[k]]) };
  return res;
}

// ------------------------------------------------------------------ funnels by hand

const STEPS: RowExpr[] = [eq("event", "view"), inList("event", ["cart", "express"]), inList("event", ["checkout", "express"]), inList("event", ["purchase", "express"])];
const EVENTS: [string | null, string, string | null][] = [
  // C1: every step in order, minutes apart → reaches 4.
  ["C1", "view", "2026-03-02T10:00:00Z"], ["C1", "cart", "2026-03-02T10:05:00Z"], ["C1", "checkout", "2026-03-02T10:10:00Z"], ["C1", "purchase", "2026-03-02T10:20:00Z"],
  // C2: the only cart is before the view → reaches 1.
  ["C2", "cart", "2026-03-02T09:00:00Z"], ["C2", "view", "2026-03-02T10:00:00Z"], ["C2", "checkout", "2026-03-02T11:00:00Z"],
  // C3: t1 is the EARLIEST view (03-01); the cart on 03-09 is 8 days later: not within 7 days
  // (a later view on 03-09 does not restart the funnel) → reaches 1; without `within` → 2.
  ["C3", "view", "2026-03-01T10:00:00Z"], ["C3", "view", "2026-03-09T09:00:00Z"], ["C3", "cart", "2026-03-09T10:00:00Z"],
  // A null customer: ignored.
  [null, "view", "2026-03-02T10:00:00Z"], [null, "cart", "2026-03-02T10:01:00Z"],
  // C5: the view has no timestamp (ignored) → never reaches step 1.
  ["C5", "view", null], ["C5", "cart", "2026-03-02T10:00:00Z"],
  // C6: one "express" row serves steps 2, 3 and 4 → reaches 4.
  ["C6", "view", "2026-03-03T08:00:00Z"], ["C6", "express", "2026-03-03T08:30:00Z"],
  // C7: cart at the same instant as the view (t2 ≥ t1 holds), checkout a minute before → reaches 2.
  ["C7", "checkout", "2026-03-04T09:59:00Z"], ["C7", "view", "2026-03-04T10:00:00Z"], ["C7", "cart", "2026-03-04T10:00:00Z"],
  // C8: two views; the cart 40 minutes after the first → with within 30 minutes, no (t1 is the first view).
  ["C8", "view", "2026-03-05T12:00:00Z"], ["C8", "view", "2026-03-05T12:30:00Z"], ["C8", "cart", "2026-03-05T12:40:00Z"],
];

describe("funnels, by hand", () => {
  const t = table({ customer: "text", event: "text", at: "datetime" }, EVENTS.map(([c, e, ts]) => [c, e, ts === null ? null : at(ts)]));
  const ts = { name: "at", type: "datetime" as const };

  it("resolves steps in order per customer (within 7 days)", async () => {
    // step 1: C1 C2 C3 C6 C7 C8 = 6; step 2: C1 C6 C7 C8 = 4; step 3: C1 C6 = 2; step 4: C1 C6 = 2.
    expect(await funnelCustomers(t, { customer: "customer", steps: STEPS, withinMs: 7 * DAY }, ts)).toEqual([6, 4, 2, 2]);
  });

  it("without `within`, later steps may come any time after", async () => {
    // C3's cart now counts: step 2 = C1 C3 C6 C7 C8 = 5.
    expect(await funnelCustomers(t, { customer: "customer", steps: STEPS }, ts)).toEqual([6, 5, 2, 2]);
  });

  it("`within` counts from the first step's earliest row, inclusive", async () => {
    // 30 minutes: C1 (cart +5 min) C6 (express +30 min, inclusive) C7 (+0); C8's cart is +40 min after its first view.
    expect(await funnelCustomers(t, { customer: "customer", steps: STEPS.slice(0, 2), withinMs: 30 * MIN }, ts)).toEqual([6, 3]);
    expect(await funnelCustomers(t, { customer: "customer", steps: STEPS.slice(0, 2), withinMs: 30 * MIN - 1 }, ts)).toEqual([6, 2]);
  });

  it("a window applies to the first step's rows only", async () => {
    // Window (03-02, 03-04]: step-1 rows on 03-03 and 03-04: C6 and C7 (C3's 03-09 view is outside,
    // its 03-01 view too). C6 reaches 4, C7 reaches 2.
    const window = { lo: day("2026-03-02"), hi: day("2026-03-04") };
    expect(await funnelCustomers(t, { customer: "customer", steps: STEPS, withinMs: 7 * DAY, window }, ts)).toEqual([2, 2, 1, 1]);
    // Window (03-08, 03-09]: only C3's second view (03-09 09:00) → t1 = 03-09 09:00, cart an hour later.
    expect(await funnelCustomers(t, { customer: "customer", steps: STEPS, withinMs: 7 * DAY, window: { lo: day("2026-03-08"), hi: day("2026-03-09") } }, ts)).toEqual([1, 1, 0, 0]);
  });

  it("numeric customer ids give the same counts", async () => {
    const ids = table({ customer: "integer", event: "text", at: "datetime" }, EVENTS.map(([c, e, s]) => [c === null ? null : Number(c.slice(1)), e, s === null ? null : at(s)]));
    expect(await funnelCustomers(ids, { customer: "customer", steps: STEPS, withinMs: 7 * DAY }, ts)).toEqual([6, 4, 2, 2]);
  });

  it("a date timestamp is its local midnight: `within` is elapsed time, daylight-saving changes included", async () => {
    // D1: view 03-28, cart 03-29; D2: view 03-28, cart 03-30. In UTC midnights are 24 h apart:
    // D2's cart is 48 h after its view. In Europe/Berlin clocks go forward on 2026-03-29, so
    // local midnight of 03-30 is only 47 h after that of 03-28.
    const d = table({ customer: "text", event: "text", on: "date" }, [
      ["D1", "view", day("2026-03-28")], ["D1", "cart", day("2026-03-29")],
      ["D2", "view", day("2026-03-28")], ["D2", "cart", day("2026-03-30")],
    ]);
    const dts = { name: "on", type: "date" as const };
    const berlin = zoneFor("Europe/Berlin")!;
    for (const zone of [UTC, berlin]) {
      expect(await funnelCustomers(d, { customer: "customer", steps: STEPS.slice(0, 2), withinMs: DAY }, dts, zone)).toEqual([2, 1]);
      expect(await funnelCustomers(d, { customer: "customer", steps: STEPS.slice(0, 2), withinMs: 36 * 3600000 }, dts, zone)).toEqual([2, 1]);
      expect(await funnelCustomers(d, { customer: "customer", steps: STEPS.slice(0, 2), withinMs: 2 * DAY }, dts, zone)).toEqual([2, 2]);
    }
    expect(await funnelCustomers(d, { customer: "customer", steps: STEPS.slice(0, 2), withinMs: 47 * 3600000 }, dts, UTC)).toEqual([2, 1]);
    expect(await funnelCustomers(d, { customer: "customer", steps: STEPS.slice(0, 2), withinMs: 47 * 3600000 }, dts, berlin)).toEqual([2, 2]);
  });

  it("steps may use derived columns", async () => {
    const derived = [{ name: "kind", type: "text" as const, expr: { k: "fn" as const, fn: "upper" as const, t: "text" as const, args: [col("event")] } }];
    const out = await runNative(plan({ timestamp: ts, derived, funnels: [{ key: "f", name: "f", customer: "customer", steps: [eq("kind", "VIEW"), eq("kind", "CART")], withinMs: 7 * DAY }] }), t, UTC);
    expect(out.funnel("f").customers).toEqual([6, 3]); // C1 C7 C8 (C6's "express" is not "CART")
  });
});

// ------------------------------------------------------------------ cohorts by hand

describe("cohorts, by hand", () => {
  it("subscription mode: earliest start, latest end (null wins), clamped months", async () => {
    // as of 2026-04-30, monthly, ages 0..2:
    //   A: 01-31 → 03-15. Boundaries 01-31, 02-28 (clamped), 03-31: observed 0,1,2; retained 0 (03-15 > 01-31), 1 (> 02-28), not 2.
    //   B: rows 02-10 → 02-20 and 03-01 → null: start 02-10, end null (wins) → retained at every observed age;
    //      boundaries 02-10, 03-10, 04-10: all ≤ 04-30 → observed 0,1,2.
    //   C: 01-15 → 01-15: end = start, not after it → retained at no age; observed 0,1,2.
    //   D: 04-30 → null: observed 0 only (05-30 > as-of).
    //   E: null start → ignored. A null customer → ignored.
    //   F: 02-01 → 02-15, and a row without a start or an end: the null end wins → retained at ages 0, 1, 2.
    const t = table({ customer: "text", start: "date", end: "date" }, [
      ["A", day("2026-01-31"), day("2026-03-15")],
      ["B", day("2026-02-10"), day("2026-02-20")], ["B", day("2026-03-01"), null],
      ["C", day("2026-01-15"), day("2026-01-15")],
      ["D", day("2026-04-30"), null],
      ["E", null, null],
      ["F", day("2026-02-01"), day("2026-02-15")], ["F", null, null],
      [null, day("2026-01-01"), null],
    ]);
    const c: CohortPlan = { key: "c", name: "c", customer: "customer", mode: "subscription", start: "start", end: "end", period: "month", periods: 2, asOf: day("2026-04-30") };
    const out = await runNative(plan({ cohorts: [c] }), t, UTC);
    expect(cohortTable(out.cohort("c"), "month")).toEqual({
      "2026-01": { customers: 2, ages: [[2, 1], [2, 1], [2, 0]] }, // A, C
      "2026-02": { customers: 2, ages: [[2, 2], [2, 2], [2, 2]] }, // B, F
      "2026-04": { customers: 1, ages: [[1, 1], [0, 0], [0, 0]] }, // D
    });
    // A window of (02-01, 04-30]: only B and D (F starts on 02-01, outside).
    const w = await runNative(plan({ cohorts: [{ ...c, window: { lo: day("2026-02-01"), hi: day("2026-04-30") } }] }), t, UTC);
    expect(Object.keys(cohortTable(w.cohort("c"), "month"))).toEqual(["2026-02", "2026-04"]);
  });

  it("datetimes count as their local dates in the zone", async () => {
    // 2026-01-31T23:30Z is 2026-02-01 in Berlin: cohort 2026-02 there, 2026-01 in UTC.
    const t = table({ customer: "text", start: "datetime", end: "datetime" }, [["X", at("2026-01-31T23:30:00Z"), null]]);
    const c: CohortPlan = { key: "c", name: "c", customer: "customer", mode: "subscription", start: "start", end: "end", period: "month", periods: 1, asOf: day("2026-03-15") };
    const berlin = await runNative(plan({ cohorts: [c] }), t, zoneFor("Europe/Berlin")!);
    expect(cohortTable(berlin.cohort("c"), "month")).toEqual({ "2026-02": { customers: 1, ages: [[1, 1], [1, 1]] } });
    const utc = await runNative(plan({ cohorts: [c] }), t, UTC);
    expect(cohortTable(utc.cohort("c"), "month")).toEqual({ "2026-01": { customers: 1, ages: [[1, 1], [1, 1]] } });
  });

  it("activity mode: first activity's period, an age observed once its period has ended", async () => {
    // as of 2026-03-31, monthly, ages 0..2:
    //   P: 01-10, 01-20, 03-05 → cohort 2026-01; ages: 0 (Jan) yes, 1 (Feb) no, 2 (Mar) yes; Mar ends 03-31 ≤ as-of: observed 0..2.
    //   Q: 02-28, 03-01 → cohort 2026-02; ages 0, 1 retained; age 2 (Apr) not observed.
    //   R: 03-31 → cohort 2026-03; age 0 observed (Mar ended), age 1 not.
    //   S: 04-01 (after as-of) → cohort 2026-04, age 0 not observed (Apr has not ended).
    const t = table({ customer: "text", on: "date" }, [
      ["P", day("2026-03-05")], ["P", day("2026-01-10")], ["P", day("2026-01-20")],
      ["Q", day("2026-02-28")], ["Q", day("2026-03-01")],
      ["R", day("2026-03-31")], ["S", day("2026-04-01")], [null, day("2026-01-01")], ["T", null],
    ]);
    const c: CohortPlan = { key: "c", name: "c", customer: "customer", mode: "activity", period: "month", periods: 2, asOf: day("2026-03-31") };
    const out = await runNative(plan({ timestamp: { name: "on", type: "date" }, cohorts: [c] }), t, UTC);
    expect(cohortTable(out.cohort("c"), "month")).toEqual({
      "2026-01": { customers: 1, ages: [[1, 1], [1, 0], [1, 1]] },
      "2026-02": { customers: 1, ages: [[1, 1], [1, 1], [0, 0]] },
      "2026-03": { customers: 1, ages: [[1, 1], [0, 0], [0, 0]] },
      "2026-04": { customers: 1, ages: [[0, 0], [0, 0], [0, 0]] },
    });
    // Weekly: 2026-03-30 is a Monday; R (Tue 03-31) and S (Wed 04-01) start in 2026-W14, which ends
    // 04-05 > as-of: not observed. Q (Sat 02-28, W09) came back on Sun 03-01, the same week: age 1 (W10) not retained.
    const w = await runNative(plan({ timestamp: { name: "on", type: "date" }, cohorts: [{ ...c, period: "week", periods: 1 }] }), t, UTC);
    const weeks = cohortTable(w.cohort("c"), "week");
    expect(weeks["2026-W14"]).toEqual({ customers: 2, ages: [[0, 0], [0, 0]] });
    expect(weeks["2026-W09"]).toEqual({ customers: 1, ages: [[1, 1], [1, 0]] });
  });
});

// ------------------------------------------------------------------ drivers by hand

describe("drivers, by hand", () => {
  it("complete cases, means, constant columns and Pearson correlations", async () => {
    // Rows 1–4 are complete; row 5 has a null driver, row 6 a null outcome: left out (n = 4).
    //   y  = 1 2 3 4      mean 2.5
    //   x1 = 2 4 6 8      mean 5    corr(y, x1) = 1
    //   x2 = 1 1 1 1      constant  correlations NaN
    //   x3 = 4 3 2 1      mean 2.5  corr(y, x3) = −1
    const t = table({ y: "number", x1: "number", x2: "number", x3: "number" }, [
      [1, 2, 1, 4], [2, 4, 1, 3], [3, 6, 1, 2], [4, 8, 1, 1], [5, null, 1, 0], [null, 1, 1, 1],
    ]);
    const d: DriversPlan = { key: "d", name: "d", columns: ["y", "x1", "x2", "x3"].map((c) => col(c, "number")) };
    const out = (await runNative(plan({ drivers: [d] }), t, UTC)).drivers("d");
    expect(out.n).toBe(4);
    expect(out.means).toEqual([2.5, 5, 1, 2.5]);
    expect(out.constant).toEqual([false, false, true, false]);
    expect(out.corr[0][1]).toBeCloseTo(1, 14);
    expect(out.corr[0][3]).toBeCloseTo(-1, 14);
    expect(out.corr[1][3]).toBeCloseTo(-1, 14);
    expect(out.corr[0][2]).toBeNaN();
    expect(out.corr[2][2]).toBeNaN();
    expect(out.corr[3][3]).toBe(1);
  });

  it("a correlation of one half, with a window and a where", async () => {
    // Kept: rows with g == "a" on days in (10, 20]: y = 1 2 3, x = 1 3 2.
    // Deviations y: −1 0 1, x: −1 1 0 → Σ dy·dx = 1, Σ dy² = 2, Σ dx² = 2 → r = 1 / 2 = 0.5.
    const t = table({ g: "text", on: "date", y: "number", x: "number" }, [
      ["a", 11, 1, 1], ["a", 15, 2, 3], ["a", 20, 3, 2], ["b", 15, 9, 0], ["a", 21, 7, 7], ["a", 10, 8, 1],
    ]);
    const d: DriversPlan = { key: "d", name: "d", columns: [col("y", "number"), col("x", "number")], window: { lo: 10, hi: 20 }, where: eq("g", "a") };
    const out = (await runNative(plan({ timestamp: { name: "on", type: "date" }, drivers: [d] }), t, UTC)).drivers("d");
    expect(out.n).toBe(3);
    expect(out.means).toEqual([2, 2]);
    expect(out.corr[0][1]).toBeCloseTo(0.5, 15);
    expect(out.corr[1][0]).toBe(out.corr[0][1]);
  });
});

// ------------------------------------------------------------------ the conformance data

const CASES = join(__dirname, "../../../shared/conformance/cases-v2");
const AS_OF = day("2026-06-30");
const host = new NodeHost();

async function read(dir: string, file: string, format: "csv" | "jsonl", columns: Record<string, ColumnType>): Promise<Table> {
  const declared = new Map(Object.entries(columns));
  const r = await readSource({ name: "s", files: [join(CASES, dir, "data", file)], format, delimiter: ",", declared }, declared, host);
  return r.table;
}

function expected(dir: string): any {
  return JSON.parse(host.readText(join(CASES, dir, "case.json"))!);
}

describe("conformance data: v2-funnel", () => {
  it("gives each funnel's customers per step", async () => {
    const t = await read("v2-funnel", "events.csv", "csv", { event_id: "text", customer_id: "text", event: "text", at: "datetime", device: "text" });
    const purchase = [eq("event", "product_view"), eq("event", "add_to_cart"), inList("event", ["checkout_start", "express_checkout"]), inList("event", ["order_placed", "express_checkout"])];
    const handpicked = [{ k: "and", l: eq("event", "product_view"), r: { k: "fn", fn: "starts_with", t: "boolean", args: [col("customer_id"), { k: "lit", t: "text", v: "H" }] } } as RowExpr, ...purchase.slice(1)];
    const last30 = { lo: AS_OF - 30, hi: AS_OF };
    const funnels: FunnelPlan[] = [
      { key: "purchase", name: "purchase", customer: "customer_id", steps: purchase, withinMs: 7 * DAY },
      { key: "purchase_last_30_days", name: "p30", customer: "customer_id", steps: purchase, withinMs: 7 * DAY, window: last30 },
      { key: "view_to_order", name: "v", customer: "customer_id", steps: [eq("event", "product_view"), eq("event", "order_placed")] },
      { key: "quick_app_cart", name: "q", customer: "customer_id", steps: [{ k: "and", l: eq("event", "product_view"), r: eq("device", "app") }, eq("event", "add_to_cart")], withinMs: 30 * MIN },
      { key: "handpicked", name: "h", customer: "customer_id", steps: handpicked, withinMs: 7 * DAY },
      { key: "handpicked_30_days", name: "h30", customer: "customer_id", steps: handpicked, withinMs: 7 * DAY, window: last30 },
    ];
    const out = await runNative(plan({ timestamp: { name: "at", type: "datetime" }, funnels }), t, UTC);
    const want = expected("v2-funnel").funnels;
    for (const f of funnels) expect(out.funnel(f.key).customers, f.key).toEqual(want[f.key].steps.map((s: { customers: number }) => s.customers));
  });
});

function checkCohorts(out: CohortOutput, period: CohortPlan["period"], want: { cohorts: { cohort: string; customers: number; ages: { observed: number; retained: number }[] }[] }, what: string): void {
  const got = cohortTable(out, period);
  const exp = Object.fromEntries(want.cohorts.map((c) => [c.cohort, { customers: c.customers, ages: c.ages.map((a) => [a.observed, a.retained]) }]));
  expect(got, what).toEqual(exp);
}

describe("conformance data: cohorts", () => {
  it("v2-cohort-subscription", async () => {
    const cols = { customer_id: "text", plan: "text", signup_date: "date", cancel_date: "date" } as const;
    const subs = await read("v2-cohort-subscription", "subscriptions.csv", "csv", cols);
    const pilot = await read("v2-cohort-subscription", "pilot.csv", "csv", cols);
    const base = { customer: "customer_id", mode: "subscription" as const, start: "signup_date", end: "cancel_date", asOf: AS_OF };
    const cohorts: CohortPlan[] = [
      { key: "monthly_retention", name: "m", ...base, period: "month", periods: 6 },
      { key: "quarterly_retention", name: "q", ...base, period: "quarter", periods: 2 },
      { key: "weekly_recent", name: "w", ...base, period: "week", periods: 8, window: { lo: AS_OF - 84, hi: AS_OF } },
    ];
    const want = expected("v2-cohort-subscription").cohorts;
    const out = await runNative(plan({ cohorts }), subs, UTC);
    for (const c of cohorts) checkCohorts(out.cohort(c.key), c.period, want[c.key], c.key);
    const p = await runNative(plan({ cohorts: [{ key: "pilot_retention", name: "p", ...base, period: "month", periods: 3 }] }), pilot, UTC);
    checkCohorts(p.cohort("pilot_retention"), "month", want.pilot_retention, "pilot_retention");
  });

  it("v2-cohort-activity", async () => {
    const orders = await read("v2-cohort-activity", "orders.jsonl", "jsonl", { order_id: "text", customer: "text", placed_at: "datetime", amount: "number" });
    const pilot = await read("v2-cohort-activity", "pilot_orders.csv", "csv", { customer: "text", ordered_on: "date" });
    const base = { customer: "customer", mode: "activity" as const, asOf: AS_OF };
    const cohorts: CohortPlan[] = [
      { key: "repeat_buyers", name: "r", ...base, period: "month", periods: 4 },
      { key: "weekly_repeat", name: "w", ...base, period: "week", periods: 6 },
      { key: "quarterly_repeat", name: "q", ...base, period: "quarter", periods: 2 },
    ];
    const want = expected("v2-cohort-activity").cohorts;
    const out = await runNative(plan({ timestamp: { name: "placed_at", type: "datetime" }, cohorts }), orders, UTC);
    for (const c of cohorts) checkCohorts(out.cohort(c.key), c.period, want[c.key], c.key);
    const p = await runNative(plan({ timestamp: { name: "ordered_on", type: "date" }, cohorts: [{ key: "pilot_repeat", name: "p", ...base, period: "month", periods: 3 }] }), pilot, UTC);
    checkCohorts(p.cohort("pilot_repeat"), "month", want.pilot_repeat, "pilot_repeat");
  });
});

describe("conformance data: v2-drivers", () => {
  it("gives n, the drivers' means and their correlations with the outcome", async () => {
    const t = await read("v2-drivers", "relationship.csv", "csv", {
      respondent: "text", region: "text", recommend: "integer", delivery_sat: "integer", support_sat: "integer", checkout_sat: "integer", app_sat: "integer", answered_at: "date",
    });
    const four = ["recommend", "delivery_sat", "support_sat", "checkout_sat", "app_sat"].map((c) => col(c, "number"));
    const drivers: DriversPlan[] = [
      { key: "recommendation_drivers", name: "r", columns: four },
      { key: "eu_recent", name: "e", columns: four, where: eq("region", "EU"), window: { lo: AS_OF - 90, hi: AS_OF } },
      { key: "two_drivers", name: "t", columns: four.slice(0, 3) },
      { key: "latam_drivers", name: "l", columns: four, where: eq("region", "LATAM") },
    ];
    const out = await runNative(plan({ timestamp: { name: "answered_at", type: "date" }, drivers }), t, UTC);
    const want = expected("v2-drivers").drivers;
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    for (const d of drivers) {
      const got = out.drivers(d.key);
      expect(got.n, d.key).toBe(want[d.key].n);
      want[d.key].drivers.forEach((w: { mean?: number; correlation?: number }, j: number) => {
        if (w.mean !== undefined) expect(close(got.means[j + 1], w.mean), `${d.key} mean ${j}: ${got.means[j + 1]} vs ${w.mean}`).toBe(true);
        if (w.correlation !== undefined) expect(close(got.corr[0][j + 1], w.correlation), `${d.key} corr ${j}: ${got.corr[0][j + 1]} vs ${w.correlation}`).toBe(true);
      });
      // The matrix is symmetric with ones on the diagonal.
      for (let j = 0; j < d.columns.length; j++) {
        expect(got.corr[j][j]).toBe(1);
        for (let k = 0; k < d.columns.length; k++) expect(got.corr[j][k]).toBe(got.corr[k][j]);
      }
    }
  });
});

