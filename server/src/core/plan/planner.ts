// The planner: from the semantic model and an as-of date to the engine-neutral plan (plan.ts) —
// what each source must compute — and to one program per metric and evaluation date (the
// metric's formula as a flat list of instructions over the plan's measures). Executors run the
// plan; the assembler (eval/assemble.ts) runs the programs over the executors' outputs.
//
// Invariants:
// - A measure is planned once per distinct meaning (its key): metrics that share an aggregate,
//   a window or a filter share the measure, whatever engine runs it.
// - Metric references are inlined (language reference §4.4): a reference is the referenced
//   formula in the referencing metric's context (its groups and periods), with the referenced
//   metric's own window if it declares one. Inlined formulas are shared within a program (a
//   reference used twice is compiled once), and compiling is iterative, so neither long chains
//   nor repeated references can blow up.
// - `compare:` (§11.2) plans the metric a second time at the comparison as-of date: the whole
//   evaluation moves (windows, `as_of()`), so referenced metrics move with it.
import type { Binary, Call, Duration, Expr } from "../syntax/ast";
import { metricSources, type AggregateUse, type MetricInfo, type SemanticModel, type SourceInfo } from "../semantics/model";
import type { TrendPeriod } from "../semantics/schema";
import { functionInfo, scoreScale } from "../semantics/functions";
import { parseDate } from "../data/convert";
import { windowStart } from "../eval/periods";
import type { ColumnType } from "../data/table";
import { columnsOf, exprKey, type RowExpr, type SourceLoc } from "./ir";
import {
  breakdownKey, type Breakdown, type ColumnSpec, type CohortPlan, type DayRange, type DivisionCheck, type DriversPlan, type FunnelPlan, type Measure,
  type MeasureKind, type SourcePlan, type WorkspacePlan,
} from "./plan";

/** One aggregate as a metric uses it, in its context: the measures its value and `rows` come from. */
export interface AggInstance {
  source: string;
  fn: string;
  /** The value measure (for share: the matching rows). */
  value: string;
  /** Rows after the window and `where` (the report's `rows`). */
  rows: string;
  /** share: rows of the context (window, no `where`). */
  context?: string;
  /** For the CX4006 check of nps/csat/ces. */
  scale?: string;
}

export interface AnalysisInstance {
  kind: "funnel" | "cohort";
  name: string;
  /** Funnel plan or cohort plan key, and its source. */
  key: string;
  source: string;
  /** conversion: the step index (default the last); retention: the age. */
  step?: number;
  age?: number;
}

export type Instr =
  | { op: "const"; v: number | null }
  | { op: "agg"; i: number }
  | { op: "analysis"; i: number }
  | { op: "neg"; a: number }
  | { op: "bin"; o: "+" | "-" | "*" | "/"; a: number; b: number; node: Binary; owner: MetricInfo }
  | { op: "call"; fn: string; args: number[] };

/** A metric's formula at one evaluation date, as instructions in evaluation order (the last is the value). */
export interface Program {
  metric: MetricInfo;
  /** The evaluation date (day number). */
  asOf: number;
  instrs: Instr[];
  aggs: AggInstance[];
  analyses: AnalysisInstance[];
  breakdown: Breakdown;
  /** Per source read: the rows of the metric's own window per bucket (which groups and periods exist). */
  presence: Map<string, string>;
  /** The formula is exactly one aggregate (for `n` and significance). */
  single?: AggregateUse;
}

export interface PlannedWorkspace {
  plan: WorkspacePlan;
  /** Per sound metric: its program now, and at its comparison date when it has `compare`. */
  programs: Map<string, { now: Program; previous?: Program; previousAsOf?: number }>;
  funnels: Map<string, { key: string; source: string }>;
  cohorts: Map<string, { key: string; source: string }>;
  drivers: Map<string, { key: string; source: string }>;
  /** Division checks: where each division is written. */
  divisionLocs: Map<number, SourceLoc>;
  /** Scale checks: which aggregate (function and column text) each is for. */
  scaleUses: Map<string, { source: string; fn: string; column: string; min: number; max: number }>;
}

export interface PlanOptions {
  asOf: string;
  timezone: string;
}

const DAY_UNITS: Record<string, number> = { minute: 60000, hour: 3600000, day: 86400000, week: 7 * 86400000 };

export function planWorkspace(model: SemanticModel, opts: PlanOptions): PlannedWorkspace {
  return new Planner(model, opts).run();
}

class Planner {
  private readonly sources = new Map<string, SourcePlan>();
  private readonly measureIndex = new Map<string, Map<string, Measure>>();
  private readonly divisionLocs = new Map<number, SourceLoc>();
  private readonly divisionKeys = new Map<string, number>();
  private readonly scaleUses = new Map<string, { source: string; fn: string; column: string; min: number; max: number }>();
  private readonly asOf: number;

  constructor(
    private readonly model: SemanticModel,
    private readonly opts: PlanOptions,
  ) {
    this.asOf = parseDate(opts.asOf) ?? 0;
  }

  run(): PlannedWorkspace {
    const programs = new Map<string, { now: Program; previous?: Program; previousAsOf?: number }>();
    const funnels = new Map<string, { key: string; source: string }>();
    const cohorts = new Map<string, { key: string; source: string }>();
    const drivers = new Map<string, { key: string; source: string }>();
    for (const f of this.model.funnels.values()) {
      const p = this.funnel(f.name, this.asOf);
      if (p) funnels.set(f.name, p);
    }
    for (const c of this.model.cohorts.values()) {
      const p = this.cohort(c.name, this.asOf);
      if (p) cohorts.set(c.name, p);
    }
    for (const d of this.model.drivers.values()) {
      const p = this.drivers(d.name, this.asOf);
      if (p) drivers.set(d.name, p);
    }
    for (const m of this.model.metrics.values()) {
      if (!m.sound || !m.value) continue;
      const now = this.program(m, this.asOf);
      if (!now) continue;
      const entry: { now: Program; previous?: Program; previousAsOf?: number } = { now };
      if (m.compare && m.window) {
        const prevAsOf = m.compare === "previous" ? windowStart(this.asOf, m.window) : windowStart(this.asOf, { amount: 1, unit: "year" });
        entry.previousAsOf = prevAsOf;
        entry.previous = this.program(m, prevAsOf);
      }
      programs.set(m.name, entry);
    }
    // Derived columns of every source: division checks over all rows, and the ones plans need.
    for (const sp of this.sources.values()) this.finishSource(sp);
    return {
      plan: { asOf: this.opts.asOf, timezone: this.opts.timezone, sources: this.sources },
      programs,
      funnels,
      cohorts,
      drivers,
      divisionLocs: this.divisionLocs,
      scaleUses: this.scaleUses,
    };
  }

  // ------------------------------------------------------------------ sources and measures

  private sourcePlan(name: string): SourcePlan | undefined {
    const existing = this.sources.get(name);
    if (existing) return existing;
    const info = this.model.sources.get(name);
    if (!info || !info.readable) return undefined;
    const schema = new Map<string, ColumnSpec>();
    if (info.specs) for (const [k, v] of info.specs) schema.set(k, { ...v });
    else if (info.columns) for (const [k, t] of info.columns) if (!info.derived.has(k)) schema.set(k, { type: t, header: k });
    const sp: SourcePlan = {
      source: name,
      access:
        info.kind === "sql"
          ? info.table !== undefined
            ? { kind: "table", connection: info.connection ?? "", table: info.table }
            : { kind: "query", connection: info.connection ?? "", sql: info.sql ?? "" }
          : { kind: "files", files: info.files, format: info.format, delimiter: info.delimiter, encoding: info.encoding },
      schema,
      columns: new Map(),
      derived: [],
      measures: [],
      funnels: [],
      cohorts: [],
      drivers: [],
      scaleChecks: [],
      divisions: [],
    };
    const ts = info.timestamp ? info.columns?.get(info.timestamp) : undefined;
    if (info.timestamp && (ts === "date" || ts === "datetime")) sp.timestamp = { name: info.timestamp, type: ts };
    this.sources.set(name, sp);
    this.measureIndex.set(name, new Map());
    return sp;
  }

  private measure(source: string, m: Omit<Measure, "key">): string {
    const sp = this.sourcePlan(source)!;
    const key = [
      m.kind,
      exprKey(m.arg),
      m.p ?? "",
      m.survey ? `${m.survey.fn}:${m.survey.min}-${m.survey.max}` : "",
      m.window ? `${m.window.lo}..${m.window.hi}` : "",
      exprKey(m.where),
      breakdownKey(m.breakdown),
    ].join("\u0001");
    const index = this.measureIndex.get(source)!;
    if (!index.has(key)) {
      const full: Measure = { key, ...m };
      index.set(key, full);
      sp.measures.push(full);
    }
    return key;
  }

  private windowRange(w: Duration | undefined, asOf: number): DayRange | undefined {
    return w ? { lo: windowStart(asOf, w), hi: asOf } : undefined;
  }

  /** Replaces `as_of()` with the evaluation date; registers division checks. */
  private bind(e: RowExpr | undefined, asOf: number, source: string, rows: { window?: DayRange; where?: RowExpr }): RowExpr | undefined {
    if (!e) return undefined;
    const bound = substituteAsOf(e, asOf);
    this.divisions(bound, source, rows);
    return bound;
  }

  /** One DivisionCheck per division of `e` (in the rows it is evaluated on), with `if` branches as guards. */
  private divisions(e: RowExpr, source: string, rows: { window?: DayRange; where?: RowExpr }): void {
    const sp = this.sources.get(source)!;
    const visit = (x: RowExpr, guard: RowExpr | undefined) => {
      switch (x.k) {
        case "arith":
          visit(x.l, guard);
          visit(x.r, guard);
          if (x.op === "/" && x.loc) {
            const where = and(rows.where, guard);
            const key = `${x.loc.file}:${x.loc.start}|${exprKey(x.l)}|${exprKey(x.r)}|${rows.window ? `${rows.window.lo}..${rows.window.hi}` : ""}|${exprKey(where)}`;
            let id = this.divisionKeys.get(key);
            if (id === undefined) {
              id = this.divisionKeys.size;
              this.divisionKeys.set(key, id);
              this.divisionLocs.set(id, x.loc);
              const check: DivisionCheck = { id, num: x.l, den: x.r, window: rows.window, where };
              sp.divisions.push(check);
            }
          }
          break;
        case "fn":
          if (x.fn === "if") {
            const [c, a, b] = x.args;
            visit(c, guard);
            visit(a, and(guard, c));
            visit(b, and(guard, { k: "or", l: { k: "isnull", e: c, negated: false }, r: { k: "not", e: c } }));
          } else x.args.forEach((y) => visit(y, guard));
          break;
        case "neg":
        case "not":
        case "isnull":
        case "in":
          visit(x.e, guard);
          break;
        case "cmp":
        case "and":
        case "or":
          visit(x.l, guard);
          visit(x.r, guard);
          break;
        default:
          break;
      }
    };
    visit(e, undefined);
  }

  /** Marks the columns an expression reads as needed by the plan (derived ones through their definitions). */
  private need(source: string, names: Iterable<string>): void {
    const sp = this.sources.get(source)!;
    const info = this.model.sources.get(source)!;
    const stack = [...names];
    const seen = new Set<string>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const d = info.derived.get(n);
      if (d) {
        stack.push(...d.deps);
        continue;
      }
      const t = sp.schema.get(n)?.type ?? info.columns?.get(n);
      if (t) sp.columns.set(n, t as ColumnType);
    }
  }

  /** Derived columns the plan reads (and their dependencies), in dependency order; their division checks. */
  private finishSource(sp: SourcePlan): void {
    const info = this.model.sources.get(sp.source)!;
    const used = new Set<string>();
    const visitExpr = (e: RowExpr | undefined) => {
      if (e) for (const c of columnsOf(e)) used.add(c);
    };
    for (const m of sp.measures) {
      visitExpr(m.arg);
      visitExpr(m.where);
      m.breakdown.by.forEach((c) => used.add(c));
    }
    for (const f of sp.funnels) {
      used.add(f.customer);
      f.steps.forEach(visitExpr);
    }
    for (const c of sp.cohorts) {
      used.add(c.customer);
      if (c.start) used.add(c.start);
      if (c.end) used.add(c.end);
    }
    for (const d of sp.drivers) {
      d.columns.forEach(visitExpr);
      visitExpr(d.where);
    }
    for (const s of sp.scaleChecks) visitExpr(s.arg);
    for (const d of sp.divisions) {
      visitExpr(d.num);
      visitExpr(d.den);
      visitExpr(d.where);
    }
    if (sp.timestamp) used.add(sp.timestamp.name);
    // Derived columns used, with what they use, in dependency order (iterative DFS).
    const order: string[] = [];
    const state = new Map<string, 1 | 2>();
    for (const start of used) {
      if (!info.derived.has(start) || state.has(start)) continue;
      const stack: { n: string; i: number }[] = [{ n: start, i: 0 }];
      state.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const deps = info.derived.get(top.n)?.deps ?? [];
        if (top.i < deps.length) {
          const next = deps[top.i++];
          if (info.derived.has(next) && !state.has(next)) {
            state.set(next, 1);
            stack.push({ n: next, i: 0 });
          }
          continue;
        }
        state.set(top.n, 2);
        order.push(top.n);
        stack.pop();
      }
    }
    for (const name of order) {
      const d = info.derived.get(name)!;
      if (!d.expr) continue;
      const expr = this.bind(d.expr, this.asOf, sp.source, {});
      sp.derived.push({ name, type: d.type === "integer" ? "number" : d.type, expr: expr! });
    }
    this.need(sp.source, used);
    if (sp.timestamp && !sp.columns.has(sp.timestamp.name) && !info.derived.has(sp.timestamp.name)) sp.columns.set(sp.timestamp.name, sp.timestamp.type);
  }

  // ------------------------------------------------------------------ metrics

  private program(m: MetricInfo, asOf: number): Program | undefined {
    const p: Program = {
      metric: m,
      asOf,
      instrs: [],
      aggs: [],
      analyses: [],
      breakdown: { by: m.by, trend: m.trend },
      presence: new Map(),
    };
    // Every source the formula reads (through references too) must be planned.
    const sources = metricSources(this.model.metrics, m);
    for (const s of sources) if (!this.sourcePlan(s)) return undefined;
    const ownWindow = this.windowRange(m.window, asOf);
    for (const s of sources) {
      p.presence.set(s, this.measure(s, { kind: "rows", window: ownWindow, breakdown: p.breakdown }));
      const info = this.model.sources.get(s)!;
      for (const c of m.by) this.need(s, [c]);
      if ((m.trend || m.window) && info.timestamp) this.need(s, [info.timestamp]);
    }
    const root = this.compile(m, asOf, p);
    if (root === undefined) return undefined;
    const top = unparen(m.value!);
    if (top.kind === "Call" && functionInfo(top.callee.name)?.aggregate && p.aggs.length === 1) {
      p.single = m.aggregates.find((a) => a.call === top);
    }
    return p;
  }

  /** Compiles a metric's formula (references inlined, shared) into `p.instrs`; iterative. */
  private compile(m: MetricInfo, asOf: number, p: Program): number | undefined {
    const memo = new Map<string, number>();
    const aggMemo = new Map<string, number>();
    const emit = (i: Instr) => p.instrs.push(i) - 1;
    type Frame = { e: Expr; owner: MetricInfo; window: Duration | undefined; state: number; kids: number[]; memoKey?: string };
    const frames: Frame[] = [{ e: m.value!, owner: m, window: m.window, state: 0, kids: [] }];
    let last = -1;
    while (frames.length) {
      const f = frames[frames.length - 1];
      const e = f.e;
      const done = (index: number) => {
        frames.pop();
        if (f.memoKey) memo.set(f.memoKey, index);
        last = index;
        if (frames.length) frames[frames.length - 1].kids.push(index);
      };
      switch (e.kind) {
        case "Number":
        case "Percent":
          done(emit({ op: "const", v: e.value }));
          continue;
        case "Paren":
          if (f.state === 0) {
            f.state = 1;
            frames.push({ e: e.expr, owner: f.owner, window: f.window, state: 0, kids: [] });
          } else done(f.kids[0]);
          continue;
        case "Unary":
          if (e.op !== "-") {
            done(emit({ op: "const", v: null }));
            continue;
          }
          if (f.state === 0) {
            f.state = 1;
            frames.push({ e: e.operand, owner: f.owner, window: f.window, state: 0, kids: [] });
          } else done(emit({ op: "neg", a: f.kids[0] }));
          continue;
        case "Binary":
          if (e.op !== "+" && e.op !== "-" && e.op !== "*" && e.op !== "/") {
            done(emit({ op: "const", v: null }));
            continue;
          }
          if (f.state === 0) {
            f.state = 1;
            frames.push({ e: e.left, owner: f.owner, window: f.window, state: 0, kids: [] });
          } else if (f.state === 1) {
            f.state = 2;
            frames.push({ e: e.right, owner: f.owner, window: f.window, state: 0, kids: [] });
          } else done(emit({ op: "bin", o: e.op, a: f.kids[0], b: f.kids[1], node: e, owner: f.owner }));
          continue;
        case "Ref": {
          const rm = e.member ? undefined : this.model.metrics.get(e.head.name);
          if (!rm?.value) {
            done(emit({ op: "const", v: null }));
            continue;
          }
          const window = rm.window ?? f.window;
          const key = `${rm.name}|${window ? `${window.amount} ${window.unit}` : ""}`;
          const known = memo.get(key);
          if (known !== undefined) {
            done(known);
            continue;
          }
          if (f.state === 0) {
            f.state = 1;
            frames.push({ e: rm.value, owner: rm, window, state: 0, kids: [], memoKey: key });
          } else done(f.kids[0]);
          continue;
        }
        case "Call": {
          const fn = functionInfo(e.callee.name);
          if (fn?.aggregate) {
            const use = f.owner.aggregates.find((a) => a.call === e);
            const w = this.windowRange(f.window, asOf);
            const key = `${f.owner.name}|${e.span.start}|${w ? `${w.lo}..${w.hi}` : ""}`;
            let i = aggMemo.get(key);
            if (i === undefined && use) {
              const inst = this.aggregate(use, w, asOf, p.breakdown);
              i = p.aggs.push(inst) - 1;
              aggMemo.set(key, i);
            }
            done(i === undefined ? emit({ op: "const", v: null }) : emit({ op: "agg", i }));
            continue;
          }
          if (fn?.context === "metric") {
            const use = f.owner.analyses.find((a) => a.call === e);
            const planned = use ? (use.kind === "funnel" ? this.funnel(use.name, asOf) : this.cohort(use.name, asOf)) : undefined;
            if (!use || !planned) {
              done(emit({ op: "const", v: null }));
              continue;
            }
            let step: number | undefined;
            if (use.kind === "funnel") {
              const funnel = this.model.funnels.get(use.name)!;
              step = use.step ? funnel.steps.findIndex((s) => s.name === use.step) : funnel.steps.length - 1;
            }
            const i = p.analyses.push({ kind: use.kind, name: use.name, key: planned.key, source: planned.source, step, age: use.age }) - 1;
            done(emit({ op: "analysis", i }));
            continue;
          }
          if (!fn) {
            done(emit({ op: "const", v: null }));
            continue;
          }
          const args = e.args.filter((a) => !a.name);
          if (f.state < args.length) {
            frames.push({ e: args[f.state++].value, owner: f.owner, window: f.window, state: 0, kids: [] });
            continue;
          }
          done(emit({ op: "call", fn: fn.name, args: f.kids }));
          continue;
        }
        default:
          done(emit({ op: "const", v: null }));
          continue;
      }
    }
    return last;
  }

  /** The measures of one aggregate in a metric's context. */
  private aggregate(use: AggregateUse, window: DayRange | undefined, asOf: number, breakdown: Breakdown): AggInstance {
    const s = use.source;
    const where = this.bind(use.where, asOf, s, { window });
    const arg = this.bind(use.arg, asOf, s, { window, where });
    const info = this.model.sources.get(s)!;
    this.need(s, use.columns);
    if (window && info.timestamp) this.need(s, [info.timestamp]);
    const rows = this.measure(s, { kind: "rows", window, where, breakdown });
    const inst: AggInstance = { source: s, fn: use.fn, value: rows, rows };
    const valueOf = (kind: MeasureKind, extra: Partial<Measure> = {}) => this.measure(s, { kind, arg, window, where, breakdown, ...extra });
    switch (use.fn) {
      case "count":
        if (arg) inst.value = valueOf("values");
        break;
      case "count_distinct":
        inst.value = valueOf("distinct");
        break;
      case "sum":
      case "avg":
        inst.value = valueOf("moments");
        break;
      case "min":
      case "max":
        inst.value = valueOf(use.fn);
        break;
      case "median":
      case "percentile":
        inst.value = valueOf("percentile", { p: use.fn === "median" ? 50 : use.p ?? 50 });
        break;
      case "share":
        inst.context = this.measure(s, { kind: "rows", window, breakdown });
        break;
      case "nps":
      case "csat":
      case "ces": {
        const { min, max } = scoreScale(use.fn, use.scale);
        inst.value = valueOf("survey", { survey: { fn: use.fn, min, max } });
        if (arg) inst.scale = this.scaleCheck(s, use, arg, min, max);
        break;
      }
    }
    return inst;
  }

  private scaleCheck(source: string, use: AggregateUse, arg: RowExpr, min: number, max: number): string {
    const sp = this.sources.get(source)!;
    const key = `${exprKey(arg)}|${min}..${max}`;
    if (!sp.scaleChecks.some((c) => c.key === key)) sp.scaleChecks.push({ key, arg, min, max });
    const call: Call = use.call;
    const first = call.args.find((a) => !a.name)?.value;
    const column = use.column ?? (first ? `${first.span.start}` : "?");
    this.scaleUses.set(`${source}\u0001${key}`, { source, fn: use.fn, column, min, max });
    return key;
  }

  // ------------------------------------------------------------------ funnels, cohorts, drivers

  private funnel(name: string, asOf: number): { key: string; source: string } | undefined {
    const f = this.model.funnels.get(name);
    if (!f?.ok || !f.source || !f.customer) return undefined;
    const sp = this.sourcePlan(f.source);
    if (!sp) return undefined;
    const window = this.windowRange(f.window, asOf);
    const withinMs = f.within ? withinToMs(f.within) : undefined;
    const key = `${name}|${window ? `${window.lo}..${window.hi}` : ""}`;
    if (!sp.funnels.some((x) => x.key === key)) {
      const steps = f.steps.map((s) => this.bind(s.condition, asOf, f.source!, {})!);
      const plan: FunnelPlan = { key, name, customer: f.customer, steps, withinMs, window };
      sp.funnels.push(plan);
      const info = this.model.sources.get(f.source)!;
      this.need(f.source, [f.customer, ...(info.timestamp ? [info.timestamp] : [])]);
    }
    return { key, source: f.source };
  }

  private cohort(name: string, asOf: number): { key: string; source: string } | undefined {
    const c = this.model.cohorts.get(name);
    if (!c?.ok || !c.source || !c.customer || !c.period || c.periods === undefined) return undefined;
    const sp = this.sourcePlan(c.source);
    if (!sp) return undefined;
    const window = this.windowRange(c.window, asOf);
    const key = `${name}|${asOf}|${window ? `${window.lo}..${window.hi}` : ""}`;
    if (!sp.cohorts.some((x) => x.key === key)) {
      const plan: CohortPlan = { key, name, customer: c.customer, mode: c.mode, start: c.start, end: c.end, period: c.period, periods: c.periods, window, asOf };
      sp.cohorts.push(plan);
      const info = this.model.sources.get(c.source)!;
      this.need(c.source, [c.customer, ...(c.start ? [c.start] : []), ...(c.end ? [c.end] : []), ...(c.mode === "activity" && info.timestamp ? [info.timestamp] : [])]);
    }
    return { key, source: c.source };
  }

  private drivers(name: string, asOf: number): { key: string; source: string } | undefined {
    const d = this.model.drivers.get(name);
    if (!d?.ok || !d.source || !d.outcome) return undefined;
    const sp = this.sourcePlan(d.source);
    if (!sp) return undefined;
    const info = this.model.sources.get(d.source)!;
    const window = this.windowRange(d.window, asOf);
    const key = `${name}|${window ? `${window.lo}..${window.hi}` : ""}`;
    if (!sp.drivers.some((x) => x.key === key)) {
      const col = (n: string): RowExpr => ({ k: "col", t: colType(info, n), name: n });
      const where = this.bind(d.where, asOf, d.source, { window });
      const plan: DriversPlan = { key, name, columns: [col(d.outcome), ...d.drivers.map((x) => col(x.column))], window, where };
      sp.drivers.push(plan);
      this.need(d.source, [d.outcome, ...d.drivers.map((x) => x.column), ...(window && info.timestamp ? [info.timestamp] : [])]);
    }
    return { key, source: d.source };
  }
}

function colType(info: SourceInfo, name: string): "number" {
  void info;
  void name;
  return "number";
}

export function withinToMs(d: Duration): number {
  const unit = DAY_UNITS[d.unit];
  if (unit) return d.amount * unit;
  // Months and years have no fixed length; a funnel's `within` uses 30 and 365 days for them.
  return d.amount * (d.unit === "month" ? 30 : 365) * 86400000;
}

function and(a: RowExpr | undefined, b: RowExpr | undefined): RowExpr | undefined {
  if (!a) return b;
  if (!b) return a;
  return { k: "and", l: a, r: b };
}

function unparen(e: Expr): Expr {
  while (e.kind === "Paren") e = e.expr;
  return e;
}

/** A copy of `e` with `as_of()` replaced by the date literal `asOf` (other nodes shared when unchanged). */
export function substituteAsOf(e: RowExpr, asOf: number): RowExpr {
  switch (e.k) {
    case "fn": {
      if (e.fn === "as_of") return { k: "lit", t: "date", v: asOf };
      const args = e.args.map((a) => substituteAsOf(a, asOf));
      return args.every((a, i) => a === e.args[i]) ? e : { ...e, args };
    }
    case "neg":
    case "not":
    case "isnull":
    case "in": {
      const x = substituteAsOf(e.e, asOf);
      return x === e.e ? e : { ...e, e: x };
    }
    case "arith": {
      const l = substituteAsOf(e.l, asOf);
      const r = substituteAsOf(e.r, asOf);
      // A fresh node, so that the planner's division id is per use.
      return { ...e, l, r };
    }
    case "cmp":
    case "and":
    case "or": {
      const l = substituteAsOf(e.l, asOf);
      const r = substituteAsOf(e.r, asOf);
      return l === e.l && r === e.r ? e : { ...e, l, r };
    }
    default:
      return e;
  }
}

export type { TrendPeriod };
