// The native executor (engines/native/executor.ts) against a row-by-row reference: random source
// plans — measures of every kind over random row expressions, windows, `where`s, `by` columns
// (derived ones too), trends, derived timestamps, scale and division checks — on random tables in
// several zones must give exactly the reference's numbers in every bucket of plan.ts's layout.
import { describe, expect, it } from "vitest";
import { runNative } from "../../server/src/core/engines/native/executor";
import { withDerived } from "../../server/src/core/engines/native/derived";
import { periodCode } from "../../server/src/core/eval/periods";
import type { Literal, RowExpr, ValueType } from "../../server/src/core/plan/ir";
import { bucketLayout, type Measure, type MeasureKind, type SourceOutput, type SourcePlan } from "../../server/src/core/plan/plan";
import type { Table } from "../../server/src/core/data/table";
import type { TrendPeriod } from "../../server/src/core/semantics/schema";
import { UTC, zoneFor, type Zone } from "../../server/src/core/time/zone";
import { COLUMNS, pick, randomExpr, randomTable, refEval, rng, type Value } from "../support/native-ref";


type Derived = SourcePlan["derived"][number];

/** Replaces references to derived columns by their expressions (the reference never materializes). */
function inline(e: RowExpr, derived: Map<string, RowExpr>): RowExpr {
  switch (e.k) {
    case "col":
      return derived.has(e.name) ? inline(derived.get(e.name)!, derived) : e;
    case "neg":
    case "not":
    case "isnull":
    case "in":
      return { ...e, e: inline(e.e, derived) };
    case "arith":
    case "cmp":
    case "and":
    case "or":
      return { ...e, l: inline(e.l, derived), r: inline(e.r, derived) } as RowExpr;
    case "fn":
      return { ...e, args: e.args.map((a) => inline(a, derived)) };
    default:
      return e;
  }
}

function derivedColumns(r: () => number): Derived[] {
  return [
    { name: "dv_num", type: "number", expr: randomExpr(r, "number", 2) },
    { name: "dv_text", type: "text", expr: randomExpr(r, "text", 2) },
    { name: "dv_month", type: "text", expr: { k: "fn", fn: "month", t: "text", args: [{ k: "col", t: "datetime", name: "t_a" }] } },
    { name: "dv_ts", type: "datetime", expr: { k: "fn", fn: "coalesce", t: "datetime", args: [{ k: "col", t: "datetime", name: "t_a" }, { k: "col", t: "datetime", name: "t_b" }] } },
    { name: "dv_bool", type: "boolean", expr: randomExpr(r, "boolean", 2) },
    { name: "dv_chain", type: "number", expr: { k: "arith", op: "*", l: { k: "col", t: "number", name: "dv_num" }, r: { k: "lit", t: "number", v: 2 } } },
    { name: "dv_date", type: "date", expr: { k: "fn", fn: "date", t: "date", args: [{ k: "col", t: "datetime", name: "dv_ts" }] } },
  ];
}

const KINDS: MeasureKind[] = ["rows", "values", "distinct", "moments", "min", "max", "percentile", "survey"];
const BY_COLUMNS = ["s_a", "s_dup", "b_a", "i_c", "d_a", "t_b", "dv_text", "dv_month", "dv_bool", "dv_date"];
const SCALES = [
  { fn: "nps" as const, min: 0, max: 10 },
  { fn: "csat" as const, min: 1, max: 5 },
  { fn: "ces" as const, min: 1, max: 7 },
  { fn: "ces" as const, min: 0, max: 5000 }, // too wide for a histogram
];

function randomArg(r: () => number, kind: MeasureKind): RowExpr {
  const derivedRef = (name: string, t: ValueType): RowExpr => ({ k: "col", t, name });
  if (kind === "values" || kind === "distinct") {
    const t = pick(r, ["number", "text", "boolean", "date", "datetime"] as ValueType[]);
    if (r() < 0.2) return pick(r, [derivedRef("dv_text", "text"), derivedRef("dv_month", "text"), derivedRef("dv_num", "number")]);
    return randomExpr(r, t, Math.floor(r() * 3));
  }
  if (kind === "survey") {
    return pick(r, [
      { k: "col", t: "number", name: "i_c" },
      { k: "fn", fn: "round", t: "number", args: [{ k: "arith", op: "/", l: { k: "col", t: "number", name: "n_a" }, r: { k: "lit", t: "number", v: 10 } }] },
      { k: "fn", fn: "abs", t: "number", args: [{ k: "col", t: "number", name: "i_c" }] },
    ] as RowExpr[]);
  }
  if (r() < 0.15) return pick(r, [derivedRef("dv_num", "number"), derivedRef("dv_chain", "number")]);
  const t = r() < 0.7 ? "number" : pick(r, ["date", "datetime", "boolean"] as ValueType[]);
  return randomExpr(r, t, Math.floor(r() * 3));
}

function randomPlan(r: () => number, timestamp: SourcePlan["timestamp"]): SourcePlan {
  const measures: Measure[] = [];
  for (let i = 0; i < 36; i++) {
    const kind = KINDS[i % KINDS.length];
    const by = r() < 0.5 ? [] : r() < 0.7 ? [pick(r, BY_COLUMNS)] : [pick(r, BY_COLUMNS), pick(r, BY_COLUMNS)];
    const trend = r() < 0.4 ? pick(r, ["day", "week", "month", "quarter", "year"] as TrendPeriod[]) : undefined;
    const lo = 19723 + Math.floor(r() * 900);
    measures.push({
      key: `m${i}`,
      kind,
      arg: kind === "rows" ? undefined : randomArg(r, kind),
      p: kind === "percentile" ? pick(r, [0, 10, 50, 90, 99.5, 100]) : undefined,
      survey: kind === "survey" ? pick(r, SCALES) : undefined,
      window: r() < 0.4 ? { lo, hi: lo + 1 + Math.floor(r() * 300) } : undefined,
      where: r() < 0.5 ? (r() < 0.3 ? { k: "col", t: "boolean", name: "dv_bool" } : randomExpr(r, "boolean", 1 + Math.floor(r() * 2))) : undefined,
      breakdown: { by, trend },
    });
  }
  // Pairs of measures that differ only in their breakdown (one without): merged overall buckets.
  for (const m of measures.slice(0, 8)) measures.push({ ...m, key: `${m.key}-plain`, breakdown: { by: [] } });
  return {
    source: "s",
    access: { kind: "files", files: ["data.csv"], format: "csv", delimiter: ",", encoding: "utf-8" },
    schema: new Map(),
    columns: new Map(),
    derived: derivedColumns(r),
    timestamp,
    measures,
    funnels: [],
    cohorts: [],
    drivers: [],
    scaleChecks: [
      { key: "sc0", arg: { k: "col", t: "number", name: "i_c" }, min: 0, max: 10 },
      { key: "sc1", arg: { k: "arith", op: "*", l: { k: "col", t: "number", name: "n_a" }, r: { k: "lit", t: "number", v: 0.1 } }, min: -5, max: 5 },
      { key: "sc2", arg: { k: "col", t: "number", name: "dv_chain" }, min: -1000, max: 1000 },
    ],
    divisions: [
      { id: 1, num: { k: "col", t: "number", name: "n_a" }, den: { k: "col", t: "number", name: "i_c" } },
      { id: 2, num: { k: "col", t: "number", name: "n_b" }, den: { k: "arith", op: "-", l: { k: "col", t: "number", name: "i_c" }, r: { k: "lit", t: "number", v: 1 } }, where: { k: "col", t: "boolean", name: "b_a" } },
      { id: 3, num: { k: "col", t: "number", name: "dv_num" }, den: { k: "col", t: "number", name: "n_a" }, window: { lo: 19900, hi: 20300 } },
    ],
  };
}

// ------------------------------------------------------------------ the reference

interface RefBuckets {
  all: Value[][];
  groups: Map<string, Value[][]>;
  periods: Map<number, Value[][]>;
  none: Value[][];
}

function numeric(v: Value): number | null {
  return v === null ? null : typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "number" ? v : null;
}

/** n, a, b of a measure over the values of its rows (one array per row: [value]). */
function refValues(m: Measure, rows: Value[][]): [number, number, number] {
  const vals = rows.map((x) => x[0]);
  switch (m.kind) {
    case "rows":
      return [rows.length, 0, 0];
    case "values":
      return [vals.filter((v) => v !== null).length, 0, 0];
    case "distinct": {
      const nn = vals.filter((v) => v !== null);
      return [nn.length, new Set(nn.map((v) => (typeof v === "boolean" ? Number(v) : v))).size, 0];
    }
    case "moments": {
      // n, the sum in row order, and M2 = Σ(x − mean)² by two passes.
      const nn = vals.map(numeric).filter((v): v is number => v !== null);
      let s = 0;
      for (const v of nn) s += v;
      const mean = nn.length ? s / nn.length : 0;
      let m2 = 0;
      for (const v of nn) m2 += (v - mean) * (v - mean);
      return [nn.length, s, m2];
    }
    case "min":
    case "max": {
      const nn = vals.map(numeric).filter((v): v is number => v !== null);
      let best = NaN;
      for (const v of nn) if (best !== best || (m.kind === "min" ? v < best : v > best)) best = v;
      return [nn.length, best, 0];
    }
    case "percentile": {
      const nn = vals.map(numeric).filter((v): v is number => v !== null).sort((a, b) => a - b);
      if (!nn.length) return [0, NaN, 0];
      const pos = (m.p! / 100) * (nn.length - 1);
      const lo = Math.floor(pos);
      const x = nn[lo];
      if (lo + 1 >= nn.length || pos === lo) return [nn.length, x, 0];
      return [nn.length, x + (pos - lo) * (nn[lo + 1] - x), 0];
    }
    case "survey": {
      const { fn, min, max } = m.survey!;
      const ok = vals.map(numeric).filter((v): v is number => v !== null && Number.isInteger(v) && v >= min && v <= max);
      if (fn === "nps") return [ok.length, ok.filter((v) => v >= 9).length, ok.filter((v) => v <= 6).length];
      if (fn === "csat") return [ok.length, ok.filter((v) => v >= max - 1).length, 0];
      // Sums of integers: exact in any order.
      return [ok.length, ok.reduce((a, v) => a + v, 0), ok.reduce((a, v) => a + v * v, 0)];
    }
  }
}

function keyOf(values: Literal[]): string {
  return JSON.stringify(values);
}

function check(plan: SourcePlan, table: Table, zone: Zone, out: SourceOutput): number {
  const derived = new Map(plan.derived.map((d) => [d.name, d.expr]));
  const x = (e: RowExpr) => inline(e, derived);
  const tsExpr = plan.timestamp ? x({ k: "col", t: plan.timestamp.type, name: plan.timestamp.name }) : undefined;
  const dayOf = (r: number): number | null => {
    if (!tsExpr) return null;
    const v = refEval(tsExpr, table, r, zone);
    if (v === null) return null;
    return plan.timestamp!.type === "datetime" ? zone.localDay(v as number) : (v as number);
  };
  const days = Array.from({ length: table.rowCount }, (_, r) => dayOf(r));
  let checked = 0;
  for (const m of plan.measures) {
    const ref: RefBuckets = { all: [], groups: new Map(), periods: new Map(), none: [] };
    const by = m.breakdown.by.map((c) => x({ k: "col", t: COLUMNS.find((s) => s.name === c)?.type ?? plan.derived.find((d) => d.name === c)!.type, name: c }));
    const groupKey = (r: number) => keyOf(by.map((e) => refEval(e, table, r, zone) as Literal));
    // Groups and periods are those that occur in the table.
    if (by.length) for (let r = 0; r < table.rowCount; r++) if (!ref.groups.has(groupKey(r))) ref.groups.set(groupKey(r), []);
    if (m.breakdown.trend) for (const d of days) if (d !== null) ref.periods.set(periodCode(d, m.breakdown.trend), []);
    const arg = m.arg ? x(m.arg) : undefined;
    const where = m.where ? x(m.where) : undefined;
    for (let r = 0; r < table.rowCount; r++) {
      if (m.window) {
        const d = days[r];
        if (d === null || !(d > m.window.lo && d <= m.window.hi)) continue;
      }
      if (where && refEval(where, table, r, zone) !== true) continue;
      const row = [arg ? refEval(arg, table, r, zone) : null];
      ref.all.push(row);
      if (by.length) ref.groups.get(groupKey(r))!.push(row);
      if (m.breakdown.trend) {
        const d = days[r];
        if (d === null) ref.none.push(row);
        else ref.periods.get(periodCode(d, m.breakdown.trend))!.push(row);
      }
    }
    const bd = out.breakdown(m.breakdown);
    const lay = bucketLayout(bd);
    const mo = out.measure(m.key);
    const same = (bucket: number, rows: Value[][], what: string) => {
      const want = refValues(m, rows);
      const got = [mo.n(bucket), mo.a(bucket), mo.b(bucket)];
      for (let k = 0; k < 3; k++) {
        // M2: Welford's method against two passes — equal to rounding.
        const tolerance = m.kind === "moments" && k === 2 ? 1e-9 * Math.max(Math.abs(want[k]), 1) : 0;
        if (!Object.is(got[k], want[k]) && !(Math.abs(got[k] - want[k]) <= tolerance)) {
          expect({ measure: m, what, bucket, k, got: got[k] }).toEqual({ measure: m, what, bucket, k, got: want[k] });
        }
      }
      checked++;
    };
    same(0, ref.all, "overall");
    // Every group that occurs is there, once; the executor may also have groups no row has (one
    // per dictionary code, and null: BreakdownOutput), which must then be empty.
    const keys = bd.groups.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    if (!by.length) expect(keys).toEqual([]);
    for (const k of ref.groups.keys()) expect(keys).toContain(k);
    bd.groups.forEach((g, i) => same(lay.groups + i, ref.groups.get(keyOf(g)) ?? [], `group ${keyOf(g)}`));
    expect(new Set(bd.periods)).toEqual(new Set(ref.periods.keys()));
    bd.periods.forEach((p, i) => same(lay.periods + i, ref.periods.get(p)!, `period ${p}`));
    if (m.breakdown.trend) same(lay.noTimestamp, ref.none, "no timestamp");
    same(lay.empty, [], "empty");
  }
  // Scale checks: over every row.
  for (const s of plan.scaleChecks) {
    const e = x(s.arg);
    let count = 0;
    let first = -1;
    let value = NaN;
    for (let r = 0; r < table.rowCount; r++) {
      const v = numeric(refEval(e, table, r, zone));
      if (v === null || (Number.isInteger(v) && v >= s.min && v <= s.max)) continue;
      if (first < 0) {
        first = r;
        value = v;
      }
      count++;
    }
    const got = out.scale(s.key);
    expect(got.count).toBe(count);
    if (first >= 0) expect(got.first).toEqual({ file: "data.csv", line: table.rowLines[first], value });
    else expect(got.first).toBeUndefined();
  }
  for (const d of plan.divisions) {
    let count = 0;
    for (let r = 0; r < table.rowCount; r++) {
      if (d.window && !(days[r] !== null && days[r]! > d.window.lo && days[r]! <= d.window.hi)) continue;
      if (d.where && refEval(x(d.where), table, r, zone) !== true) continue;
      if (refEval(x(d.num), table, r, zone) !== null && refEval(x(d.den), table, r, zone) === 0) count++;
    }
    expect(out.division(d.id)).toBe(count);
  }
  return checked;
}

describe("native executor: measures, breakdowns and checks agree with a row-by-row reference", () => {
  const cases: [Zone, SourcePlan["timestamp"]][] = [
    [UTC, { name: "t_a", type: "datetime" }],
    [zoneFor("Europe/Berlin")!, { name: "t_a", type: "datetime" }],
    [zoneFor("America/New_York")!, { name: "dv_ts", type: "datetime" }],
    [UTC, { name: "d_a", type: "date" }],
    [zoneFor("Europe/Berlin")!, { name: "dv_date", type: "date" }],
    [UTC, undefined],
  ];
  cases.forEach(([zone, ts], i) => {
    it(`random plan ${i}: zone ${zone.name}, timestamp ${ts ? `${ts.name} (${ts.type})` : "none"}`, async () => {
      const r = rng(1000 + i);
      // More rows than a block, so that blocks, lanes and merges are exercised.
      const table = randomTable(r, 9000);
      const plan = randomPlan(r, ts);
      const out = await runNative(plan, table, zone);
      expect(check(plan, table, zone, out)).toBeGreaterThan(plan.measures.length);
    });
  });
});

describe("native executor: reuse and abort", () => {
  it("materializes a derived column once per table and expression", async () => {
    const r = rng(12);
    const table = randomTable(r, 5000);
    const month: Derived = { name: "m", type: "text", expr: { k: "fn", fn: "month", t: "text", args: [{ k: "col", t: "datetime", name: "t_a" }] } };
    const sum: Derived = { name: "x", type: "number", expr: { k: "arith", op: "+", l: { k: "col", t: "number", name: "n_a" }, r: { k: "col", t: "number", name: "n_b" } } };
    const first = await withDerived(table, [month, sum], UTC);
    // Another evaluation of the same table (another object, the same arrays) with an edited x: m is kept.
    const edited = await withDerived({ ...table, columns: new Map(table.columns) }, [month, { ...sum, expr: { ...sum.expr, op: "-" } as RowExpr }], UTC);
    expect(edited.columns.get("m")).toBe(first.columns.get("m"));
    expect(edited.columns.get("x")).not.toBe(first.columns.get("x"));
    // Another zone, or a re-read input column, is another column.
    expect((await withDerived(table, [month], zoneFor("Europe/Berlin")!)).columns.get("m")).not.toBe(first.columns.get("m"));
    const reread = new Map(table.columns);
    const ta = table.columns.get("t_a") as { values: Float64Array };
    reread.set("t_a", { name: "t_a", type: "datetime", values: Float64Array.from(ta.values) });
    expect((await withDerived({ ...table, columns: reread }, [month], UTC)).columns.get("m")).not.toBe(first.columns.get("m"));
  });

  it("a second evaluation of the same table (other plan, shared measures) gives a fresh evaluation's results", async () => {
    const r = rng(77);
    const table = randomTable(r, 6000);
    const a = randomPlan(r, { name: "t_a", type: "datetime" });
    const b = { ...randomPlan(r, { name: "t_a", type: "datetime" }), derived: a.derived };
    b.measures = [...a.measures.slice(0, 20), ...b.measures.slice(0, 10).map((m) => ({ ...m, key: `b-${m.key}` }))];
    await runNative(a, table, UTC);
    const reused = await runNative(b, table, UTC);
    // A copy of the table has other arrays: nothing to reuse.
    const copy: Table = { ...table, rowLines: Int32Array.from(table.rowLines), columns: new Map([...table.columns].map(([k, c]) => [k, c.type === "text" ? { ...c, codes: Int32Array.from(c.codes) } : { ...c, values: Float64Array.from(c.values) }])) };
    check(b, copy, UTC, await runNative(b, copy, UTC));
    check(b, table, UTC, reused);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const r = rng(3);
    const table = randomTable(r, 300000);
    const plan = randomPlan(r, { name: "t_a", type: "datetime" });
    const ac = new AbortController();
    ac.abort(new Error("stale"));
    await expect(runNative(plan, table, UTC, ac.signal)).rejects.toThrow("stale");
  });
});

describe("native executor: edge cases", () => {
  it("an empty table and a table without timestamps give empty results, not errors", async () => {
    const r = rng(8);
    for (const rows of [0, 3]) {
      const table = randomTable(r, rows);
      const ts = table.columns.get("t_a") as { values: Float64Array };
      ts.values.fill(NaN); // no row has a timestamp
      const plan = randomPlan(r, { name: "t_a", type: "datetime" });
      plan.funnels = [{ key: "f", name: "f", customer: "s_a", steps: [{ k: "lit", t: "boolean", v: true }, { k: "lit", t: "boolean", v: true }] }];
      plan.cohorts = [{ key: "c", name: "c", customer: "s_a", mode: "activity", period: "month", periods: 2, asOf: 20000 }];
      plan.drivers = [{ key: "d", name: "d", columns: [{ k: "col", t: "number", name: "n_a" }, { k: "col", t: "number", name: "n_b" }] }];
      const out = await runNative(plan, table, UTC);
      check(plan, table, UTC, out);
      expect(out.funnel("f").customers).toEqual([0, 0]);
      expect(out.cohort("c").cohorts).toEqual([]);
      if (rows === 0) expect(out.drivers("d")).toEqual({ n: 0, means: [NaN, NaN], constant: [true, true], corr: [[NaN, NaN], [NaN, NaN]] });
    }
  });
});
