// The native executor: runs one source's plan (plan/plan.ts) over its columnar Table and returns
// only aggregates (SourceOutput). Every measure, division check, scale check over an expression,
// funnel step and drivers analysis of the source is computed in ONE pass of the kernel
// (kernel.ts); cohorts read their two or three columns in passes of their own (cohort.ts).
//
//   runNative(plan, table, zone, signal?) → Promise<SourceOutput>
//
// - Derived columns are materialized first (derived.ts), once per table and expression.
// - Filters are shared by key: a window (its bounds), then a `where` (its expression and the
//   identities of the columns it reads); breakdowns by their columns, trend and timestamp.
// - The results of the last evaluation of the same table are reused by key (kernel.ts lastRun):
//   the editor's next evaluation after an edit recomputes only what the edit changed.
// - Abortable: between blocks the pass hands control back to the host and checks `signal`
//   (AbortSignal.throwIfAborted: the promise rejects with the signal's reason).
//
// Decisions (documented for the SQL engines and the assembler):
//   - A measure's `a`/`b` that its kind does not define are 0 (as the reference executor's).
//   - A window on a source without a timestamp selects no row (every row's timestamp is null).
//   - A column of the plan that the table does not have reads as null everywhere.
//   - Scale checks: `first.line` is the 1-based line of the data file where the row starts.
import { clearScratch } from "../../data/scratch";
import type { Column, Table } from "../../data/table";
import { typeOf, type RowExpr } from "../../plan/ir";
import {
  breakdownKey,
  type Breakdown as PlanBreakdown,
  type BreakdownOutput,
  type CohortOutput,
  type DayRange,
  type DriversOutput,
  type FunnelOutput,
  type Measure,
  type MeasureOutput,
  type SourceOutput,
  type SourcePlan,
} from "../../plan/plan";
import type { Zone } from "../../time/zone";
import { activityCohorts, subscriptionCohorts } from "./cohort";
import { columnId, instanceKey, withDerived } from "./derived";
import { DriversConsumer } from "./drivers";
import { resolveFunnel, RowCollector } from "./funnel";
import {
  Breakdown,
  CountDistinct,
  CountRows,
  CountValues,
  Filter,
  Kernel,
  MinMax,
  Moments,
  Operand,
  Percentile,
  Survey,
  SurveyDirect,
  type Accumulator,
  type Consumer,
} from "./kernel";
import { dayReader, VectorCompiler, windowStep, type DayReader, type NumVec, type TextVec } from "./vector";

/** Runs a source's plan over its table: every aggregate it asks for, in one pass. */
export async function runNative(plan: SourcePlan, table: Table, zone: Zone, signal?: AbortSignal): Promise<SourceOutput> {
  const t = await withDerived(table, plan.derived, zone, signal);
  try {
    return await new Execution(plan, t, zone).run(signal);
  } finally {
    clearScratch(); // (buffers kept for this evaluation, data/scratch.ts, are not held past it)
  }
}

class Execution {
  private readonly compiler: VectorCompiler;
  private readonly kernel: Kernel;
  private readonly ts: Column | undefined;
  private readonly days: DayReader;
  private readonly tsKey: string;
  private readonly breakdowns = new Map<string, { bd: Breakdown; key: string }>();
  private readonly measures = new Map<string, Accumulator>();
  private readonly after: (() => void)[] = [];
  private readonly funnels = new Map<string, FunnelOutput>();
  private readonly cohorts = new Map<string, CohortOutput>();
  private readonly drivers = new Map<string, DriversOutput>();
  private readonly scales = new Map<string, { count: number; first?: { file: string; line: number; value: number } }>();
  private readonly divisions = new Map<number, number>();
  private readonly collectors = new Map<string, RowCollector>();

  constructor(
    private readonly plan: SourcePlan,
    private readonly t: Table,
    private readonly zone: Zone,
  ) {
    this.compiler = new VectorCompiler(t, zone);
    this.kernel = new Kernel(t);
    this.ts = plan.timestamp ? t.columns.get(plan.timestamp.name) : undefined;
    this.days = dayReader(this.ts, zone);
    this.tsKey = `${columnId(this.ts)}@${zone.name}`;
  }

  private key(e: RowExpr | undefined): string {
    return instanceKey(e, this.t, this.zone);
  }

  /** The filter of a window and a `where` (shared by key), and its key. */
  private filterFor(window: DayRange | undefined, where: RowExpr | undefined): [Filter, string] {
    const k = this.kernel;
    let parent: Filter | undefined;
    let key = "";
    if (window) {
      key = `w${window.lo}:${window.hi}@${this.tsKey}`;
      parent = k.filter(key, () => new Filter(undefined, windowStep(this.days, window.lo, window.hi)));
    }
    if (!where) return [parent ?? k.filter("", () => new Filter(undefined, undefined)), key];
    key = `${key}&${this.key(where)}`;
    return [k.filter(key, () => new Filter(parent, this.compiler.filter(where))), key];
  }

  private breakdownFor(b: PlanBreakdown): { bd: Breakdown; key: string } {
    const pk = breakdownKey(b);
    let x = this.breakdowns.get(pk);
    if (!x) {
      const cols = b.by.map((c) => this.t.columns.get(c));
      const key = `${b.by.map((c, i) => `${JSON.stringify(c)}#${columnId(cols[i])}`).join(",")}|${b.trend ?? ""}|${b.trend ? this.tsKey : ""}`;
      const bd = this.kernel.breakdown(key, () => new Breakdown(this.t.rowCount, cols, this.days, b.trend));
      this.breakdowns.set(pk, (x = { bd, key }));
    }
    return x;
  }

  private operand(filter: Filter, fKey: string, e: RowExpr, kind: "num" | "text" | "any"): Operand {
    const k = `${fKey}\u0001${kind}\u0001${this.key(e)}`;
    return this.kernel.operand(k, () => new Operand(filter, kind === "num" ? this.compiler.num(e) : kind === "text" ? this.compiler.text(e) : this.compiler.vec(e)));
  }

  private measure(m: Measure): void {
    const [filter, fKey] = this.filterFor(m.window, m.where);
    const { bd, key: bdKey } = this.breakdownFor(m.breakdown);
    const arg = m.arg;
    const family = `${m.kind}\u0001${this.key(arg)}\u0001${m.p ?? ""}\u0001${m.survey ? `${m.survey.fn}:${m.survey.min}:${m.survey.max}` : ""}\u0001${fKey}`;
    const buckets = bd.buckets;
    if (m.kind === "rows" || !arg) {
      this.measures.set(m.key, this.kernel.accumulator(`rows\u0001${fKey}`, filter, fKey, bd, bdKey, undefined, () => new CountRows(buckets)));
      return;
    }
    // The argument: a column read at the selected rows, or an operand's slots.
    const col = arg.k === "col" ? this.t.columns.get(arg.name) : undefined;
    const text = typeOf(arg) === "text";
    let operand: Operand | undefined;
    let vals: Float64Array | undefined;
    let codes: Int32Array | undefined;
    let dictSize: number | undefined;
    if (col && (col.type === "text") === text) {
      if (col.type === "text") {
        codes = col.codes;
        dictSize = col.dict.length;
      } else vals = col.values;
    } else if (text && (m.kind === "values" || m.kind === "distinct")) {
      operand = this.operand(filter, fKey, arg, "text");
      codes = (operand.vec as TextVec).out;
    } else {
      operand = this.operand(filter, fKey, arg, "num");
      vals = (operand.vec as NumVec).out;
    }
    const num = vals ?? new Float64Array(0);
    const make = (): Accumulator => {
      switch (m.kind) {
        case "values":
          return new CountValues(buckets, vals, codes);
        case "distinct":
          return new CountDistinct(buckets, vals, codes, dictSize);
        case "moments":
          return new Moments(buckets, num);
        case "min":
        case "max":
          return new MinMax(buckets, num, m.kind === "min");
        case "percentile":
          // Room for every row at once when every row may count; else the lists grow.
          return new Percentile(buckets, num, m.p ?? 50, m.where || m.window ? 0 : this.t.rowCount, !operand);
        default: {
          const s = m.survey ?? { fn: "ces" as const, min: 0, max: 0 };
          const histogram = Number.isInteger(s.min) && Number.isInteger(s.max) && s.max >= s.min && s.max - s.min < 4096;
          return histogram ? new Survey(buckets, num, s.fn, s.min, s.max) : new SurveyDirect(buckets, num, s.fn, s.min, s.max);
        }
      }
    };
    this.measures.set(m.key, this.kernel.accumulator(family, filter, fKey, bd, bdKey, operand, make));
  }

  /** A result kept from the last evaluation of this table, or a consumer that computes it in the pass. */
  private consumed<C extends Consumer, R>(key: string, make: () => C, result: (c: C) => R, store: (r: R) => void): void {
    if (this.kernel.has(key)) {
      store(this.kernel.reuse<R>(key, () => undefined as R));
      return;
    }
    const c = make();
    this.kernel.addConsumer(c);
    this.after.push(() => store(this.kernel.reuse(key, () => result(c))));
  }

  private scaleCheck(s: SourcePlan["scaleChecks"][number]): void {
    const t = this.t;
    const locate = (count: number, row: number, value: number) => {
      if (row < 0) return { count };
      const file = t.fileOfRow ? t.files[t.fileOfRow[row]] : t.files[0];
      return { count, first: { file, line: t.rowLines[row], value } };
    };
    const col = s.arg.k === "col" ? t.columns.get(s.arg.name) : undefined;
    if (col && col.type !== "text") {
      const { count, first } = outsideScale(col.values, t.rowCount, s.min, s.max);
      this.scales.set(s.key, locate(count, first, first >= 0 ? col.values[first] : NaN));
      return;
    }
    const [filter, fKey] = this.filterFor(undefined, undefined);
    const operand = this.operand(filter, fKey, s.arg, "num");
    this.consumed(
      `scale\u0001${this.key(s.arg)}\u0001${s.min}\u0001${s.max}`,
      () => new ScaleConsumer(filter, operand, s.min, s.max),
      (c) => locate(c.count, c.firstRow, c.firstValue),
      (r) => this.scales.set(s.key, r),
    );
  }

  private division(d: SourcePlan["divisions"][number]): void {
    const [filter, fKey] = this.filterFor(d.window, d.where);
    const num = this.operand(filter, fKey, d.num, "num");
    const den = this.operand(filter, fKey, d.den, "num");
    this.consumed(
      `division\u0001${this.key(d.num)}\u0001${this.key(d.den)}\u0001${fKey}`,
      () => new DivisionConsumer(filter, num, den),
      (c) => c.count,
      (r) => this.divisions.set(d.id, r),
    );
  }

  /** A reference to a column of the table, typed as the table has it. */
  private colRef(name: string): RowExpr {
    const c = this.t.columns.get(name);
    const t = !c ? "number" : c.type === "integer" ? "number" : c.type;
    return { k: "col", t, name };
  }

  private funnel(f: SourcePlan["funnels"][number]): void {
    const ts = this.plan.timestamp;
    // Rows with a null customer or timestamp are ignored.
    const base: RowExpr | undefined = ts ? { k: "and", l: { k: "isnull", e: this.colRef(f.customer), negated: true }, r: { k: "isnull", e: this.colRef(ts.name), negated: true } } : undefined;
    const key = `funnel\u0001${this.key(this.colRef(f.customer))}\u0001${this.tsKey}\u0001${f.steps.map((e) => this.key(e)).join("\u0002")}\u0001${f.withinMs ?? ""}\u0001${f.window ? `${f.window.lo}:${f.window.hi}` : ""}`;
    if (!base) {
      this.funnels.set(f.key, { customers: f.steps.map(() => 0) });
      return;
    }
    if (this.kernel.has(key)) {
      this.funnels.set(f.key, this.kernel.reuse<FunnelOutput>(key, () => ({ customers: [] })));
      return;
    }
    // Filters: (window →) customer and timestamp not null → the step's condition, each shared by
    // key, and one row collector per distinct filter (funnels with the same steps share them).
    const k = this.kernel;
    const baseKey = `funnel-base\u0001${this.key(base)}`;
    const steps = f.steps.map((step, i) => {
      const window = i === 0 ? f.window : undefined;
      const [parent, parentKey] = window ? this.filterFor(window, undefined) : [undefined, ""];
      const bKey = `${parentKey}&${baseKey}`;
      const b = k.filter(bKey, () => new Filter(parent, this.compiler.filter(base)));
      const sKey = `${bKey}&${this.key(step)}`;
      const filter = k.filter(sKey, () => new Filter(b, this.compiler.filter(step)));
      let c = this.collectors.get(sKey);
      if (!c) {
        this.collectors.set(sKey, (c = new RowCollector(filter)));
        k.addConsumer(c);
      }
      return c;
    });
    this.after.push(() => {
      const out = resolveFunnel(steps, this.t.columns.get(f.customer), this.ts, this.t.rowCount, f.withinMs, this.zone);
      this.funnels.set(f.key, this.kernel.reuse(key, () => out));
    });
  }

  private cohort(c: SourcePlan["cohorts"][number]): void {
    const t = this.t;
    const customer = t.columns.get(c.customer);
    const startName = c.mode === "activity" ? c.start ?? this.plan.timestamp?.name : c.start;
    const start = startName ? t.columns.get(startName) : undefined;
    const end = c.mode === "subscription" && c.end ? t.columns.get(c.end) : undefined;
    const key = `cohort\u0001${c.mode}\u0001${columnId(customer)}\u0001${columnId(start)}\u0001${columnId(end)}\u0001${c.period}\u0001${c.periods}\u0001${c.asOf}\u0001${c.window ? `${c.window.lo}:${c.window.hi}` : ""}\u0001${this.zone.name}`;
    this.after.push(() => {
      this.cohorts.set(
        c.key,
        this.kernel.reuse(key, () =>
          c.mode === "activity" ? activityCohorts(c, customer, start, this.zone, t.rowCount) : subscriptionCohorts(c, customer, start, end, this.zone, t.rowCount),
        ),
      );
    });
  }

  private driversOf(d: SourcePlan["drivers"][number]): void {
    const [filter, fKey] = this.filterFor(d.window, d.where);
    const operands = d.columns.map((e) => this.operand(filter, fKey, e, "num"));
    this.consumed(
      `drivers\u0001${d.columns.map((e) => this.key(e)).join("\u0002")}\u0001${fKey}`,
      () => new DriversConsumer(filter, operands),
      (c) => c.output!,
      (r) => this.drivers.set(d.key, r),
    );
  }

  async run(signal?: AbortSignal): Promise<SourceOutput> {
    const p = this.plan;
    for (const m of p.measures) this.measure(m);
    for (const s of p.scaleChecks) this.scaleCheck(s);
    for (const d of p.divisions) this.division(d);
    for (const f of p.funnels) this.funnel(f);
    for (const c of p.cohorts) this.cohort(c);
    for (const d of p.drivers) this.driversOf(d);
    await this.kernel.run(signal);
    for (const f of this.after) f();
    for (const c of this.collectors.values()) c.rows = new Int32Array(0); // free the row lists
    return this.output();
  }

  private output(): SourceOutput {
    const missing = (what: string, key: string | number) => new Error(`native executor: no ${what} '${key}' in the plan of source '${this.plan.source}'`);
    return {
      breakdown: (b) => {
        const { bd } = this.breakdownFor(b);
        return { groups: bd.groupKeys, periods: bd.periodCodes } satisfies BreakdownOutput;
      },
      measure: (key) => {
        const acc = this.measures.get(key);
        if (!acc) throw missing("measure", key);
        return { n: (b) => acc.n(b), a: (b) => acc.a(b), b: (b) => acc.b(b) } satisfies MeasureOutput;
      },
      funnel: (key) => {
        const f = this.funnels.get(key);
        if (!f) throw missing("funnel", key);
        return f;
      },
      cohort: (key) => {
        const c = this.cohorts.get(key);
        if (!c) throw missing("cohort", key);
        return c;
      },
      drivers: (key) => {
        const d = this.drivers.get(key);
        if (!d) throw missing("drivers analysis", key);
        return d;
      },
      scale: (key) => {
        const s = this.scales.get(key);
        if (!s) throw missing("scale check", key);
        return s;
      },
      division: (id) => {
        const d = this.divisions.get(id);
        if (d === undefined) throw missing("division check", id);
        return d;
      },
    };
  }
}

/** Non-null values of an expression that are not integers inside [min, max]: how many, and the first. */
class ScaleConsumer implements Consumer {
  readonly operands: Operand[];
  count = 0;
  firstRow = -1;
  firstValue = NaN;
  constructor(
    readonly filter: Filter,
    private readonly operand: Operand,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.operands = [operand];
  }
  consume(): void {
    const { sel, n } = this.filter;
    const vals = (this.operand.vec as NumVec).out;
    const { min, max } = this;
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (v !== v || (v >= min && v <= max && Number.isInteger(v))) continue;
      if (this.firstRow < 0) {
        this.firstRow = sel[i];
        this.firstValue = v;
      }
      this.count++;
    }
  }
  finish(): void {}
}

/** Rows where a non-null numerator meets a zero denominator. */
class DivisionConsumer implements Consumer {
  readonly operands: Operand[];
  count = 0;
  constructor(
    readonly filter: Filter,
    private readonly num: Operand,
    private readonly den: Operand,
  ) {
    this.operands = [num, den];
  }
  consume(): void {
    const n = this.filter.n;
    const a = (this.num.vec as NumVec).out;
    const b = (this.den.vec as NumVec).out;
    let c = 0;
    for (let i = 0; i < n; i++) if (b[i] === 0 && a[i] === a[i]) c++;
    this.count += c;
  }
  finish(): void {}
}

/** Values of a column outside [min, max] or not integers (CX4006): how many, and the first row. Kept per column. */
const scaleChecks = new WeakMap<Float64Array, Map<string, { count: number; first: number }>>();
function outsideScale(vals: Float64Array, n: number, min: number, max: number): { count: number; first: number } {
  let known = scaleChecks.get(vals);
  if (!known) scaleChecks.set(vals, (known = new Map()));
  const key = `${min}..${max}`;
  let r = known.get(key);
  if (!r) {
    let count = 0;
    let first = -1;
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (v !== v || (v >= min && v <= max && Number.isInteger(v))) continue;
      if (first < 0) first = i;
      count++;
    }
    known.set(key, (r = { count, first }));
  }
  return r;
}

