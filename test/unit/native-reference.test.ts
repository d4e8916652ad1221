// The native executor against the reference executor (engines/reference: the plan's semantics
// written plainly, the oracle of every engine): random source plans with measures, breakdowns,
// derived columns, checks, funnels, cohorts and drivers, on random tables in several zones.
//
// The two share the decimal `round` and Unicode simple case mapping (engines/native/vector.ts),
// each tested on its own in native-vector.test.ts; everything else is computed independently.
import { describe, expect, it } from "vitest";
import { runNative } from "../../server/src/core/engines/native/executor";
import { runReference } from "../../server/src/core/engines/reference/executor";
import type { Literal, RowExpr, ValueType } from "../../server/src/core/plan/ir";
import { bucketLayout, type Breakdown, type MeasureKind, type SourceOutput, type SourcePlan } from "../../server/src/core/plan/plan";
import type { Table } from "../../server/src/core/data/table";
import type { TrendPeriod } from "../../server/src/core/semantics/schema";
import { UTC, zoneFor, type Zone } from "../../server/src/core/time/zone";
import { pick, randomExpr, randomTable, rng } from "../support/native-ref";

const DAY = 86400000;

/** Every expression is compared (kept as a hook for known differences, of which there are none). */
function comparable(_e: RowExpr): boolean {
  return true;
}

function expr(r: () => number, t: ValueType, depth: number): RowExpr {
  for (;;) {
    const e = randomExpr(r, t, depth);
    if (comparable(e)) return e;
  }
}

const KINDS: MeasureKind[] = ["rows", "values", "distinct", "moments", "min", "max", "percentile", "survey"];
const BY = ["s_a", "s_dup", "b_a", "i_c", "d_a", "t_b", "dv_text", "dv_bool"];

function randomPlan(r: () => number, ts: SourcePlan["timestamp"], asOf: number): SourcePlan {
  const day = () => 19723 + Math.floor(r() * 900);
  const window = () => {
    const lo = day();
    return { lo, hi: lo + 1 + Math.floor(r() * 300) };
  };
  const measures = KINDS.flatMap((kind, i) =>
    [0, 1, 2].map((j) => {
      const by = r() < 0.5 ? [] : r() < 0.7 ? [pick(r, BY)] : [pick(r, BY), pick(r, BY)];
      const trend = r() < 0.4 ? pick(r, ["day", "week", "month", "quarter", "year"] as TrendPeriod[]) : undefined;
      const argType: ValueType = kind === "values" || kind === "distinct" ? pick(r, ["number", "text", "boolean", "date", "datetime"] as ValueType[]) : kind === "survey" ? "number" : r() < 0.7 ? "number" : pick(r, ["date", "datetime"] as ValueType[]);
      return {
        key: `m${i}.${j}`,
        kind,
        arg: kind === "rows" ? undefined : kind === "survey" ? ({ k: "col", t: "number", name: "i_c" } as RowExpr) : expr(r, argType, Math.floor(r() * 3)),
        p: kind === "percentile" ? pick(r, [0, 25, 50, 90, 100]) : undefined,
        survey: kind === "survey" ? pick(r, [{ fn: "nps" as const, min: 0, max: 10 }, { fn: "csat" as const, min: 1, max: 5 }, { fn: "ces" as const, min: 1, max: 7 }]) : undefined,
        window: r() < 0.4 ? window() : undefined,
        where: r() < 0.5 ? expr(r, "boolean", 1 + Math.floor(r() * 2)) : undefined,
        breakdown: { by, ...(trend ? { trend } : {}) } as Breakdown,
      };
    }),
  );
  const steps = () => Array.from({ length: 2 + Math.floor(r() * 3) }, () => expr(r, "boolean", 1));
  return {
    source: "s",
    access: { kind: "files", files: ["data.csv"], format: "csv", delimiter: ",", encoding: "utf-8" },
    schema: new Map(),
    columns: new Map(),
    derived: [
      { name: "dv_num", type: "number", expr: expr(r, "number", 2) },
      { name: "dv_text", type: "text", expr: expr(r, "text", 2) },
      { name: "dv_bool", type: "boolean", expr: expr(r, "boolean", 2) },
      { name: "dv_ts", type: "datetime", expr: { k: "fn", fn: "coalesce", t: "datetime", args: [{ k: "col", t: "datetime", name: "t_a" }, { k: "col", t: "datetime", name: "t_b" }] } },
    ],
    timestamp: ts,
    measures,
    funnels: ts
      ? [
          { key: "f1", name: "f1", customer: "s_b", steps: steps(), withinMs: pick(r, [30 * 60000, DAY, 7 * DAY, 47 * 3600000]) },
          { key: "f2", name: "f2", customer: "i_c", steps: steps(), window: window() },
          { key: "f3", name: "f3", customer: "s_a", steps: steps(), withinMs: 30 * DAY, window: window() },
        ]
      : [],
    cohorts: [
      { key: "c1", name: "c1", customer: "s_b", mode: "subscription", start: "d_a", end: "d_b", period: "month", periods: 6, asOf },
      { key: "c2", name: "c2", customer: "i_c", mode: "subscription", start: "t_a", end: "d_b", period: "week", periods: 4, asOf, window: window() },
      { key: "c3", name: "c3", customer: "s_a", mode: "subscription", start: "d_b", end: "t_b", period: "quarter", periods: 3, asOf },
      ...(ts
        ? ([
            { key: "c4", name: "c4", customer: "s_b", mode: "activity", period: "month", periods: 5, asOf },
            { key: "c5", name: "c5", customer: "i_c", mode: "activity", period: "week", periods: 8, asOf, window: window() },
            { key: "c6", name: "c6", customer: "s_dup", mode: "activity", period: "quarter", periods: 2, asOf },
          ] as SourcePlan["cohorts"])
        : []),
    ],
    drivers: [
      { key: "d1", name: "d1", columns: ["n_a", "n_b", "i_c", "dv_num"].map((name) => ({ k: "col", t: "number", name }) as RowExpr) },
      { key: "d2", name: "d2", columns: [{ k: "col", t: "number", name: "i_c" }, expr(r, "number", 1), expr(r, "number", 1)], where: expr(r, "boolean", 1), window: ts ? window() : undefined },
    ],
    scaleChecks: [
      { key: "sc0", arg: { k: "col", t: "number", name: "i_c" }, min: 0, max: 10 },
      { key: "sc1", arg: expr(r, "number", 2), min: -5, max: 5 },
    ],
    divisions: [
      { id: 1, num: { k: "col", t: "number", name: "n_a" }, den: { k: "col", t: "number", name: "i_c" } },
      { id: 2, num: expr(r, "number", 1), den: expr(r, "number", 1), where: expr(r, "boolean", 1), window: ts ? window() : undefined },
    ],
  };
}

const close = (a: number, b: number, rel: number) => Object.is(a, b) || a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);

function compare(plan: SourcePlan, native: SourceOutput, ref: SourceOutput): number {
  let values = 0;
  const eq = (what: string, got: number, want: number, rel = 0) => {
    values++;
    if (!close(got, want, rel)) expect({ what, got }).toEqual({ what, got: want });
  };
  for (const m of plan.measures) {
    const nb = native.breakdown(m.breakdown);
    const rb = ref.breakdown(m.breakdown);
    const nl = bucketLayout(nb);
    const rl = bucketLayout(rb);
    const key = (g: Literal[]) => JSON.stringify(g);
    expect(new Set(nb.groups.map(key))).toEqual(new Set(rb.groups.map(key)));
    expect(new Set(nb.periods)).toEqual(new Set(rb.periods));
    const pairs: [number, number, string][] = [[0, 0, "overall"], [nl.noTimestamp, rl.noTimestamp, "no timestamp"], [nl.empty, rl.empty, "empty"]];
    const rGroup = new Map(rb.groups.map((g, i) => [key(g), i]));
    nb.groups.forEach((g, i) => pairs.push([nl.groups + i, rl.groups + rGroup.get(key(g))!, `group ${key(g)}`]));
    const rPeriod = new Map(rb.periods.map((p, i) => [p, i]));
    nb.periods.forEach((p, i) => pairs.push([nl.periods + i, rl.periods + rPeriod.get(p)!, `period ${p}`]));
    const no = native.measure(m.key);
    const ro = ref.measure(m.key);
    for (const [nbk, rbk, what] of pairs) {
      const w = `${m.key} ${m.kind} ${JSON.stringify(m.arg)} ${what}`;
      eq(`${w} n`, no.n(nbk), ro.n(rbk));
      eq(`${w} a`, no.a(nbk), ro.a(rbk));
      eq(`${w} b`, no.b(nbk), ro.b(rbk), m.kind === "moments" ? 1e-9 : 0);
    }
  }
  for (const f of plan.funnels) {
    expect(native.funnel(f.key).customers, `${f.key} ${JSON.stringify(f)}`).toEqual(ref.funnel(f.key).customers);
    values += f.steps.length;
  }
  for (const c of plan.cohorts) {
    const byCode = (o: SourceOutput) => Object.fromEntries(o.cohort(c.key).cohorts.map((x) => [x.code, x]));
    expect(byCode(native), c.key).toEqual(byCode(ref));
    values += native.cohort(c.key).cohorts.length;
  }
  for (const d of plan.drivers) {
    const a = native.drivers(d.key);
    const b = ref.drivers(d.key);
    eq(`${d.key} n`, a.n, b.n);
    expect(a.constant).toEqual(b.constant);
    a.means.forEach((m, j) => eq(`${d.key} mean ${j}`, m, b.means[j], 1e-12));
    a.corr.forEach((row, j) => row.forEach((v, k) => eq(`${d.key} corr ${j} ${k}`, v, b.corr[j][k], 1e-9)));
  }
  for (const s of plan.scaleChecks) {
    expect(native.scale(s.key)).toEqual(ref.scale(s.key));
    values++;
  }
  for (const d of plan.divisions) eq(`division ${d.id}`, native.division(d.id), ref.division(d.id));
  return values;
}

describe("native executor agrees with the reference executor", () => {
  const cases: [Zone, SourcePlan["timestamp"]][] = [
    [UTC, { name: "t_a", type: "datetime" }],
    [zoneFor("Europe/Berlin")!, { name: "t_a", type: "datetime" }],
    [zoneFor("America/New_York")!, { name: "d_a", type: "date" }],
    [zoneFor("Europe/Berlin")!, { name: "dv_ts", type: "datetime" }],
    [zoneFor("Etc/GMT-3")!, { name: "d_b", type: "date" }],
    [UTC, undefined],
  ];
  cases.forEach(([zone, ts], i) => {
    it(`random plan ${i}: zone ${zone.name}, timestamp ${ts ? ts.name : "none"}`, async () => {
      const r = rng(4242 + i);
      const table: Table = randomTable(r, 5000);
      const plan = randomPlan(r, ts, 20400 + Math.floor(r() * 300));
      const values = compare(plan, await runNative(plan, table, zone), runReference(plan, table, zone));
      expect(values).toBeGreaterThan(plan.measures.length * 3);
    });
  });
});
