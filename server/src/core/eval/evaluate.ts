// The evaluator (language reference §4.2–§5): reads the columns the workspace needs from each
// source once, plans every sound metric (its aggregates, references inlined, become accumulators
// of its sources' kernels), runs ONE pass per source (kernel.ts) that fills every accumulator —
// overall, per `by` group and per `trend` period — then reads each metric off its accumulators
// and derives goals and journeys.
//
// Invariants:
// - Never one object per row: columns and accumulators are typed arrays.
// - The results are those of evaluating each aggregate on its own; sharing (filters,
//   breakdowns, accumulators, the previous evaluation's) is keyed by everything a result
//   depends on: function, options, the identity of the columns read, window bounds, `where`.
// - A metric that is not sound (checker) or whose data is missing is null, without further
//   diagnostics of its own.
// - Metric references are inlined: the referenced formula is evaluated in the referencing
//   metric's context (its groups and periods), with the referenced metric's own window if it
//   declares one, else the referencing metric's (§4.4).
import type { Binary, Call, Duration, Expr } from "../syntax/ast";
import { diag, type Diagnostic } from "../diagnostics";
import type { Analysis } from "../analyze";
import { missingColumns } from "../analyze";
import type { DataCache, ReadResult } from "../data/reader";
import type { Column, ColumnType, Table } from "../data/table";
import { parseDate } from "../data/convert";
import { functionInfo, scoreScale } from "../semantics/functions";
import type { AggregateUse, GoalInfo, MetricInfo, SemanticModel, SourceInfo, Threshold } from "../semantics/model";
import { periodLabel, windowStart } from "./periods";
import { roundHalfAway, type Value } from "./rows";
import {
  Accumulator, Breakdown, CountDistinct, CountRows, CountValues, Filter, Kernel, MinMax, Percentile, Share, SumAvg, Survey, whereStep, windowStep,
} from "./kernel";

export { roundHalfAway } from "./rows";
import { formatValue } from "./format";

export type {
  GoalStatus, GroupResult, TrendResult, MetricResult, SurveyStats, GoalResult, GoalGroupResult, JourneyStep, JourneyResult,
  FunnelResult, FunnelStepResult, CohortResult, CohortRow, CohortAge, CohortCurvePoint, DriversResult, DriverResult, CompareResult, KeyValue,
} from "./results";
import type {
  GroupResult, MetricResult, SurveyStats, GoalResult, JourneyStep, JourneyResult, FunnelResult, CohortResult, DriversResult,
} from "./results";

/** `min_sample` of nps/csat/ces metrics that do not declare one (CX4008). */
export const DEFAULT_MIN_SAMPLE = 30;

export interface EvalResult {
  asOf: string;
  metrics: MetricResult[];
  goals: GoalResult[];
  journeys: JourneyResult[];
  funnels: FunnelResult[];
  cohorts: CohortResult[];
  drivers: DriversResult[];
  /** Data, evaluation and goal diagnostics (CX4xxx, CX5xxx). */
  diagnostics: Diagnostic[];
}

export interface EvaluateOptions {
  /** The as-of date, YYYY-MM-DD. */
  asOf: string;
  cache: DataCache;
  signal?: AbortSignal;
}


/** A compiled metric-context expression. */
type CExpr =
  | { k: "const"; v: number | null }
  | { k: "agg"; id: number }
  | { k: "bin"; op: string; l: CExpr; r: CExpr; node: Binary }
  | { k: "neg"; e: CExpr }
  | { k: "call"; fn: string; args: CExpr[] };

interface AggInstance {
  use: AggregateUse;
  window?: Duration;
}


export async function evaluate(analysis: Analysis, opts: EvaluateOptions): Promise<EvalResult> {
  const ev = new Evaluator(analysis.model, opts);
  return ev.run(analysis);
}

class Evaluator {
  readonly diagnostics: Diagnostic[] = [];
  readonly tables = new Map<string, Table>();
  /** One kernel per source: every aggregate over the source in one pass. */
  private readonly kernels = new Map<string, Kernel>();
  /** Columns missing from each source's data (metrics using them are null). */
  readonly missing = new Map<string, Set<string>>();
  readonly asOfDay: number;
  private readonly reportedDiv = new Set<Binary>();
  private readonly reportedScale = new Set<string>();

  constructor(
    readonly model: SemanticModel,
    readonly opts: EvaluateOptions,
  ) {
    this.asOfDay = parseDate(opts.asOf) ?? 0;
  }

  async run(analysis: Analysis): Promise<EvalResult> {
    await this.readSources(analysis);
    // Plan every metric, run one pass per source, then read the metrics off the accumulators.
    const plans = new Map<MetricInfo, MetricPlan | undefined>();
    for (const m of this.model.metrics.values()) plans.set(m, this.plan(m));
    for (const k of this.kernels.values()) {
      this.opts.signal?.throwIfAborted();
      k.run();
    }
    const metrics: MetricResult[] = [];
    const byName = new Map<string, MetricResult>();
    for (const m of this.model.metrics.values()) {
      const r = this.evaluateMetric(m, plans.get(m));
      metrics.push(r);
      byName.set(m.name, r);
    }
    const goals = [...this.model.goals.values()].map((g) => this.evaluateGoal(g, byName));
    const goalByMetric = new Map<string, GoalResult>();
    for (const g of goals) if (g.metric && !goalByMetric.has(g.metric)) goalByMetric.set(g.metric, g);
    const journeys: JourneyResult[] = [...this.model.journeys.values()].map((j) => {
      const steps: JourneyStep[] = j.touchpoints.map((t) => {
        const tp = this.model.touchpoints.get(t)!;
        const score = tp.score ? byName.get(tp.score) : undefined;
        return {
          touchpoint: t,
          label: tp.label,
          stage: tp.stage ?? null,
          metric: tp.score ?? null,
          value: score?.value ?? null,
          weight: tp.weight,
          goal: tp.score ? goalByMetric.get(tp.score)?.status ?? null : null,
        };
      });
      let num = 0;
      let den = 0;
      for (const s of steps) {
        if (s.value === null || s.metric === null) continue;
        num += s.value * s.weight;
        den += s.weight;
      }
      return { name: j.name, label: j.label, unit: j.unit ?? null, value: den > 0 ? num / den : null, steps };
    });
    return { asOf: this.opts.asOf, metrics, goals, journeys, funnels: [], cohorts: [], drivers: [], diagnostics: this.diagnostics };
  }

  // ------------------------------------------------------------------ data

  private async readSources(analysis: Analysis): Promise<void> {
    const needed = new Map<string, Map<string, ColumnType>>();
    const need = (source: string, column: string) => {
      const s = this.model.sources.get(source);
      const t = s?.columns?.get(column);
      if (!s || t === undefined) return;
      let m = needed.get(source);
      if (!m) needed.set(source, (m = new Map()));
      m.set(column, t);
    };
    for (const m of this.model.metrics.values()) {
      if (!m.sound) continue;
      const srcs = this.transitiveSources(m);
      for (const a of this.instances(m)) {
        for (const c of a.use.columns) need(a.use.source, c);
        if (!needed.has(a.use.source)) needed.set(a.use.source, new Map());
      }
      for (const s of srcs) {
        for (const c of m.by) need(s, c);
        const info = this.model.sources.get(s);
        if (info?.timestamp) need(s, info.timestamp);
      }
    }
    for (const info of this.model.sources.values()) {
      if (!info.readable) {
        // A source whose data could not be read at all (its scan found only errors): report them.
        const pending = analysis.pendingScanDiagnostics.get(info.name);
        if (pending) this.diagnostics.push(...pending);
        continue;
      }
      const cols = needed.get(info.name);
      if (!cols) {
        // Not used by any metric: still report its data problems (scan, or a header-only check).
        const pending = analysis.pendingScanDiagnostics.get(info.name);
        if (pending) this.diagnostics.push(...pending);
        if (info.declared) await this.read(info, new Map());
        continue;
      }
      await this.read(info, cols);
    }
  }

  private async read(info: SourceInfo, cols: Map<string, ColumnType>): Promise<void> {
    let result: ReadResult;
    try {
      // Declared columns no metric reads are still type-checked (CX4003), without being kept.
      const validateOnly = new Map([...(info.declared ?? new Map<string, ColumnType>())].filter(([c]) => !cols.has(c)));
      result = await this.opts.cache.read({ name: info.name, files: info.files, format: info.format, delimiter: info.delimiter, declared: info.declared }, cols, this.opts.signal, validateOnly);
    } catch (err) {
      if (this.opts.signal?.aborted) throw err;
      info.readable = false;
      const at = info.sym.props.get("file")?.value ?? info.sym.decl.name!;
      this.diagnostics.push(diag("CX4001", info.sym.file.path, info.sym.file.parse.lines.rangeOf(at.span), { detail: `Source '${info.name}': cannot read the data: ${(err as Error).message}` }));
      return;
    }
    this.diagnostics.push(...result.diagnostics);
    if (info.declared) this.diagnostics.push(...missingColumns(info.name, info.declared.keys(), result, result.header, info));
    if (cols.size > 0 || result.table.rowCount > 0) this.tables.set(info.name, result.table);
    const missing = new Set(result.missing);
    for (const c of cols.keys()) if (!result.table.columns.has(c)) missing.add(c);
    this.missing.set(info.name, missing);
    if (result.diagnostics.some((d) => d.severity === "error") && result.header.length === 0) info.readable = false;
  }

  private transitiveSources(m: MetricInfo, seen = new Set<string>()): Set<string> {
    const out = new Set<string>();
    if (seen.has(m.name)) return out;
    seen.add(m.name);
    for (const a of m.aggregates) out.add(a.source);
    for (const r of m.refs) {
      const rm = this.model.metrics.get(r);
      if (rm) for (const s of this.transitiveSources(rm, seen)) out.add(s);
    }
    return out;
  }

  /** Aggregate instances of a metric with references inlined, each with its effective window. */
  private instances(m: MetricInfo, window = m.window, seen = new Set<string>(), out: AggInstance[] = []): AggInstance[] {
    if (seen.has(m.name)) return out;
    seen.add(m.name);
    for (const use of m.aggregates) out.push({ use, window });
    for (const r of m.refs) {
      const rm = this.model.metrics.get(r);
      if (rm) this.instances(rm, rm.window ?? window, new Set(seen), out);
    }
    return out;
  }

  // ------------------------------------------------------------------ metrics

  /**
   * What a metric needs from the kernels: every aggregate instance (references inlined) gets an
   * accumulator on its source's kernel, plus row counters for `rows`, `share` and group presence.
   * Undefined when the metric cannot be evaluated (not sound, or some input is missing).
   */
  private plan(m: MetricInfo): MetricPlan | undefined {
    if (!m.sound || !m.value) return undefined;
    const instances: AggInstance[] = [];
    const compiled = this.compileMetric(m, m.window, instances, new Set());
    // Every input present?
    for (const inst of instances) {
      const t = this.tables.get(inst.use.source);
      const miss = this.missing.get(inst.use.source);
      if (!t || [...inst.use.columns].some((c) => miss?.has(c) || !t.columns.has(c))) return undefined;
    }
    const srcs = [...this.transitiveSources(m)];
    for (const s of srcs) {
      const t = this.tables.get(s);
      if (!t) return undefined;
      const info = this.model.sources.get(s)!;
      if (m.by.some((c) => !t.columns.has(c))) return undefined;
      if ((m.window || m.trend || instances.some((i) => i.window)) && (!info.timestamp || !t.columns.has(info.timestamp))) return undefined;
    }
    // Keys of groups and periods are those of the rows in the metric's own window (§5.2, §5.3).
    const presence = new Map<string, { bd: Breakdown; rows: CountRows }>();
    for (const s of srcs) {
      const { kernel, bd, bdKey } = this.breakdownFor(s, m);
      const [f, fKey] = this.filterFor(s, m.window, undefined);
      presence.set(s, { bd, rows: kernel.accumulator(`rows\u0001${fKey}`, f, fKey, bd, bdKey, () => new CountRows(bd.buckets)) });
    }
    const aggs = instances.map((inst): InstancePlan => {
      const { use } = inst;
      const s = use.source;
      const t = this.tables.get(s)!;
      const { kernel, bd, bdKey } = this.breakdownFor(s, m);
      const [ctx, ctxKey] = this.filterFor(s, inst.window, undefined);
      const where = use.call.args[0]?.where;
      const [f, fKey] = this.filterFor(s, inst.window, where);
      const rows = kernel.accumulator(`rows\u0001${fKey}`, f, fKey, bd, bdKey, () => new CountRows(bd.buckets));
      const col = use.column ? t.columns.get(use.column) : undefined;
      // count(src) is the row count every instance keeps anyway, and share is read off it.
      const acc = use.fn === "count" && !col
        ? rows
        : use.fn === "share"
        ? new Share(rows)
        : kernel.accumulator(`${use.fn}\u0001${columnKey(t, use.column)}\u0001${use.p ?? ""}\u0001${use.scale ?? ""}\u0001${fKey}`, f, fKey, bd, bdKey, () => makeAccumulator(use, col, bd.buckets));
      const ctxRows = use.fn === "share" ? kernel.accumulator(`rows\u0001${ctxKey}`, ctx, ctxKey, bd, bdKey, () => new CountRows(bd.buckets)) : undefined;
      return { inst, acc, rows, ctxRows, col, table: t };
    });
    return { compiled, srcs, presence, aggs };
  }

  private kernelOf(source: string): Kernel {
    let k = this.kernels.get(source);
    if (!k) this.kernels.set(source, (k = new Kernel(this.tables.get(source)!)));
    return k;
  }

  private breakdownFor(source: string, m: MetricInfo): { kernel: Kernel; bd: Breakdown; bdKey: string } {
    const kernel = this.kernelOf(source);
    const info = this.model.sources.get(source)!;
    const t = kernel.table;
    const bdKey = `by ${m.by.map((c) => columnKey(t, c)).join(",")} trend ${m.trend ? `${m.trend} of ${columnKey(t, info.timestamp)}` : ""}`;
    const ts = info.timestamp ? t.columns.get(info.timestamp) : undefined;
    const bd = kernel.breakdown(bdKey, () => new Breakdown(kernel.table, m.by, ts, m.trend));
    return { kernel, bd, bdKey };
  }

  /** The filter of a window and a `where` on a source (shared by every aggregate that has the same). */
  private filterFor(source: string, window: Duration | undefined, where: Expr | undefined): [Filter, string] {
    const kernel = this.kernelOf(source);
    const info = this.model.sources.get(source)!;
    const t = kernel.table;
    let parent: Filter | undefined;
    let key = "";
    if (window && info.timestamp) {
      const lo = windowStart(this.asOfDay, window);
      key = `window ${lo}..${this.asOfDay} of ${columnKey(t, info.timestamp)}`;
      parent = kernel.filter(key, () => new Filter(undefined, windowStep(t.columns.get(info.timestamp!), lo, this.asOfDay)));
    }
    if (!where) return [parent ?? kernel.filter("", () => new Filter(undefined, undefined)), key];
    key += ` where ${exprKey(where)} of ${[...refNames(where)].map((c) => columnKey(t, c)).join(",")}`;
    return [kernel.filter(key, () => new Filter(parent, whereStep(where, t))), key];
  }

  private evaluateMetric(m: MetricInfo, plan: MetricPlan | undefined): MetricResult {
    const base: MetricResult = {
      name: m.name,
      label: m.label,
      unit: m.unit ?? m.inferredUnit ?? null,
      touchpoint: m.touchpoint ?? null,
      value: null,
      rows: 0,
      n: null,
    };
    if (m.currency) base.currency = m.currency;
    if (m.decimals !== undefined) base.decimals = m.decimals;
    if (!plan) return this.emptyBreakdowns(base, m);
    for (const a of plan.aggs) {
      const fn = a.inst.use.fn;
      if ((fn === "nps" || fn === "csat" || fn === "ces") && a.col) this.checkScale(a.inst.use, a.col, a.table, scoreScale(fn, a.inst.use.scale));
    }
    const part = this.partition(m, plan);
    // The bucket of each instance's accumulator for each of the metric's buckets.
    const bucketsOf = plan.aggs.map((a) => part.buckets.get(a.inst.use.source)!);
    const valueAt = (b: number, context: string) => {
      const values = plan.aggs.map((a, i) => {
        const k = bucketsOf[i][b];
        return a.acc.result(k, a.ctxRows ? a.ctxRows.n[k] : 0);
      });
      return this.evalC(plan.compiled, values, m, context);
    };
    const rowsAt = (b: number) => plan.aggs.reduce((mx, a, i) => Math.max(mx, a.rows.n[bucketsOf[i][b]]), 0);
    base.value = valueAt(0, "");
    base.rows = rowsAt(0);
    if (m.by.length) {
      base.groups = part.groups.map((g, i) => ({ key: g.key, value: valueAt(1 + i, ` (group ${describeKey(g.key)})`), rows: rowsAt(1 + i), n: null }));
    }
    if (m.trend) {
      const off = 1 + part.groups.length;
      base.trend = part.periods.map((p, i) => ({ period: p.label, value: valueAt(off + i, ` (period ${p.label})`), rows: rowsAt(off + i), n: null }));
    }
    // Survey statistics (sample size, inputs for confidence intervals) when the formula is one survey aggregate.
    const root = unwrap(m.value!);
    const only = plan.aggs[0]?.acc;
    if (root.kind === "Call" && plan.aggs.length === 1 && only instanceof Survey) {
      base.stats = surveyStats(only, 0);
    }
    this.checkSample(m, base);
    return base;
  }

  /**
   * The metric's buckets — overall, its groups ordered by key, its periods in order — and for
   * each source, the kernel bucket behind each of them (the empty bucket where the source has
   * no such group or period).
   */
  private partition(m: MetricInfo, plan: MetricPlan): Partition {
    const groups: { key: GroupResult["key"]; sortKey: Value[] }[] = [];
    const groupIds = new Map<string, number>();
    const periods: { code: number; label: string }[] = [];
    const periodIds = new Map<number, number>();
    const local = new Map<string, { groups: Map<number, number>; periods: Map<number, number> }>();
    for (const [s, { bd, rows }] of plan.presence) {
      const mine = { groups: new Map<number, number>(), periods: new Map<number, number>() };
      local.set(s, mine);
      if (bd.hasGroups) {
        for (let k = 0; k < bd.groupSlots; k++) {
          if (rows.n[1 + k] === 0) continue;
          const lk = bd.groupKeys(k);
          const gk = JSON.stringify(lk.values);
          let g = groupIds.get(gk);
          if (g === undefined) {
            g = groups.length;
            groupIds.set(gk, g);
            const key: GroupResult["key"] = {};
            m.by.forEach((c, i) => (key[c] = lk.values[i]));
            groups.push({ key, sortKey: lk.sortValues });
          }
          mine.groups.set(g, 1 + k);
        }
      }
      if (bd.hasPeriods) {
        const off = 1 + bd.groupSlots;
        for (let p = 0; p < bd.periodSlots; p++) {
          if (rows.n[off + p] === 0) continue;
          const code = bd.periodCodes[p];
          let id = periodIds.get(code);
          if (id === undefined) {
            id = periods.length;
            periodIds.set(code, id);
            periods.push({ code, label: periodLabel(code, m.trend!) });
          }
          mine.periods.set(id, off + p);
        }
      }
    }
    // Order: groups by key (column by column; numbers numerically, text by code point, nulls last); periods ascending.
    const gOrder = groups.map((_, i) => i).sort((a, b) => compareKeys(groups[a].sortKey, groups[b].sortKey));
    const pOrder = periods.map((_, i) => i).sort((a, b) => periods[a].code - periods[b].code);
    const buckets = new Map<string, Int32Array>();
    for (const [s, { bd }] of plan.presence) {
      const mine = local.get(s)!;
      const empty = bd.buckets - 1;
      const map = new Int32Array(1 + gOrder.length + pOrder.length);
      gOrder.forEach((g, i) => (map[1 + i] = mine.groups.get(g) ?? empty));
      pOrder.forEach((p, i) => (map[1 + gOrder.length + i] = mine.periods.get(p) ?? empty));
      buckets.set(s, map);
    }
    return { groups: gOrder.map((g) => groups[g]), periods: pOrder.map((p) => periods[p]), buckets };
  }

  /**
   * CX4008 when a computed value rests on fewer rows than `min_sample` (valid answers for a survey
   * metric, else rows). With an explicit `min_sample` it is a warning; the implicit default of 30
   * for nps/csat/ces metrics reports it as info, so that workspaces valid under the language
   * reference get no warnings it does not define.
   */
  private checkSample(m: MetricInfo, r: MetricResult): void {
    if (r.value === null || !m.sym.decl.name) return;
    const min = m.minSample ?? (r.stats ? DEFAULT_MIN_SAMPLE : undefined);
    const n = r.stats ? r.stats.n : r.rows;
    if (min === undefined || n >= min) return;
    const what = r.stats ? (n === 1 ? "valid answer" : "valid answers") : n === 1 ? "row" : "rows";
    const hint = m.minSample === undefined ? " Collect more answers, widen the window, or set 'min_sample' on the metric." : "";
    const at = m.sym.file.parse.lines.rangeOf(m.sym.decl.name.span);
    this.diagnostics.push(diag("CX4008", m.sym.file.path, at, { name: m.name, n, what, min, hint }, { severity: m.minSample === undefined ? "info" : "warning", data: { sample: n, minSample: min } }));
  }

  private emptyBreakdowns(base: MetricResult, m: MetricInfo): MetricResult {
    if (m.by.length) base.groups = [];
    if (m.trend) base.trend = [];
    return base;
  }

  private compileMetric(m: MetricInfo, window: Duration | undefined, out: AggInstance[], stack: Set<string>): CExpr {
    const aggIndex = new Map<Call, number>();
    const compile = (e: Expr): CExpr => {
      switch (e.kind) {
        case "Number":
        case "Percent":
          return { k: "const", v: e.value };
        case "Null":
          return { k: "const", v: null };
        case "Paren":
          return compile(e.expr);
        case "Unary":
          return e.op === "-" ? { k: "neg", e: compile(e.operand) } : { k: "const", v: null };
        case "Binary":
          return { k: "bin", op: e.op, l: compile(e.left), r: compile(e.right), node: e };
        case "Ref": {
          const rm = this.model.metrics.get(e.head.name);
          if (!rm?.value || stack.has(rm.name)) return { k: "const", v: null };
          const inner = new Set(stack).add(m.name);
          return this.compileMetric(rm, rm.window ?? window, out, inner);
        }
        case "Call": {
          const fn = functionInfo(e.callee.name);
          if (!fn) return { k: "const", v: null };
          if (fn.aggregate) {
            const use = m.aggregates.find((a) => a.call === e);
            if (!use) return { k: "const", v: null };
            let id = aggIndex.get(e);
            if (id === undefined) {
              id = out.length;
              out.push({ use, window });
              aggIndex.set(e, id);
            }
            return { k: "agg", id };
          }
          return { k: "call", fn: fn.name, args: e.args.filter((a) => !a.name).map((a) => compile(a.value)) };
        }
        default:
          return { k: "const", v: null };
      }
    };
    return compile(m.value!);
  }

  private evalC(c: CExpr, values: (number | null)[], m: MetricInfo, context: string): number | null {
    const ev = (x: CExpr): number | null => {
      switch (x.k) {
        case "const":
          return x.v;
        case "agg":
          return values[x.id];
        case "neg": {
          const v = ev(x.e);
          return v === null ? null : -v;
        }
        case "bin": {
          const l = ev(x.l);
          const r = ev(x.r);
          if (l === null || r === null) return null;
          switch (x.op) {
            case "+":
              return l + r;
            case "-":
              return l - r;
            case "*":
              return l * r;
            case "/":
              if (r === 0) {
                this.reportDivision(x.node, m, context);
                return null;
              }
              return l / r;
            default:
              return null;
          }
        }
        case "call": {
          const args = x.args.map(ev);
          switch (x.fn) {
            case "round": {
              const v = args[0];
              if (v === null || v === undefined) return null;
              return roundHalfAway(v, args[1] ?? 0);
            }
            case "abs":
              return args[0] === null ? null : Math.abs(args[0]);
            case "coalesce":
              return args.find((a) => a !== null) ?? null;
            case "least":
            case "greatest": {
              const vs = args.filter((a): a is number => a !== null);
              if (!vs.length) return null;
              return x.fn === "least" ? Math.min(...vs) : Math.max(...vs);
            }
            default:
              return null;
          }
        }
      }
    };
    const v = ev(c);
    return v === null || Number.isNaN(v) ? null : v;
  }

  private reportDivision(node: Binary, m: MetricInfo, context: string): void {
    if (this.reportedDiv.has(node)) return;
    this.reportedDiv.add(node);
    // The division may sit in a referenced metric's formula: locate it in the file that holds it.
    const owner = [...this.model.metrics.values()].find((x) => x.value && x.value.span.start <= node.span.start && node.span.end <= x.value.span.end && containsNode(x.value, node)) ?? m;
    this.diagnostics.push(
      diag("CX4007", owner.sym.file.path, owner.sym.file.parse.lines.rangeOf(node.span), {
        detail: `Division by zero while evaluating '${m.name}'${context}: the denominator is 0, so the value is null (no data).`,
      }),
    );
  }

  /** CX4006 once per column and scale: values outside the scale are excluded (§4.2). */
  private checkScale(use: AggregateUse, col: Column, t: Table, scale: { min: number; max: number }): void {
    const key = `${use.source}.${use.column}:${scale.min}-${scale.max}`;
    if (this.reportedScale.has(key) || col.type === "text") return;
    this.reportedScale.add(key);
    const vals = col.values;
    const { count, first } = outsideScale(vals, t.rowCount, scale.min, scale.max);
    if (count === 0) return;
    const file = t.fileOfRow ? t.files[t.fileOfRow[first]] : t.files[0];
    const line = t.rowLines[first] - 1;
    this.diagnostics.push(
      diag("CX4006", file, { start: { line, character: 0 }, end: { line, character: 0 } }, {
        detail: `${count.toLocaleString("en-US")} value${count === 1 ? "" : "s"} of column '${use.column}' ${count === 1 ? "is" : "are"} outside the ${use.fn} scale ${scale.min}..${scale.max} and ${count === 1 ? "is" : "are"} left out (first: ${vals[first]} on line ${line + 1}; source '${use.source}').`,
      }),
    );
  }

  // ------------------------------------------------------------------ goals

  private evaluateGoal(g: GoalInfo, metrics: Map<string, MetricResult>): GoalResult {
    const m = g.metric ? metrics.get(g.metric) : undefined;
    const v = m?.value ?? null;
    const res: GoalResult = {
      name: g.name,
      label: g.label,
      metric: g.metric ?? null,
      scope: "overall",
      status: "no_data",
      value: v,
      target: g.target ? { op: g.target.op, value: g.target.value } : null,
      warn: g.warn ? { op: g.warn.op, value: g.warn.value } : null,
      severity: g.severity,
    };
    if (g.owner) res.owner = g.owner;
    if (!g.ok || !g.target) return res;
    const sym = g.sym;
    const at = sym.file.parse.lines.rangeOf(sym.decl.name!.span);
    const info = g.metric ? this.model.metrics.get(g.metric) : undefined;
    const fmt = (x: number) => formatValue(x, m?.unit ?? null, { currency: m?.currency, decimals: m?.decimals });
    const fmtT = (t: Threshold) => `${t.op} ${t.percent || m?.unit === "percent" ? formatValue(t.value, "percent", {}) : fmt(t.value)}`;
    if (v === null) {
      if (info?.sound) {
        this.diagnostics.push(diag("CX5003", sym.file.path, at, { name: g.name, metric: g.metric!, reason: " (no rows matched)" }));
      }
      return res;
    }
    if (satisfies(v, g.target)) res.status = "met";
    else if (g.warn && satisfies(v, g.warn)) res.status = "at_risk";
    else res.status = "missed";
    if (res.status === "missed") {
      this.diagnostics.push(diag("CX5001", sym.file.path, at, { name: g.name, metric: g.metric!, value: fmt(v), target: fmtT(g.target) }, { severity: g.severity }));
    } else if (res.status === "at_risk") {
      this.diagnostics.push(diag("CX5002", sym.file.path, at, { name: g.name, metric: g.metric!, value: fmt(v), target: fmtT(g.target), warn: fmtT(g.warn!) }));
    }
    return res;
  }
}

interface Partition {
  groups: { key: GroupResult["key"]; sortKey: Value[] }[];
  periods: { code: number; label: string }[];
  /** For each source: the kernel bucket behind each metric bucket (overall, groups, periods). */
  buckets: Map<string, Int32Array>;
}

interface InstancePlan {
  inst: AggInstance;
  acc: Accumulator;
  /** Rows that pass the instance's window and `where`, per bucket (the result's `rows`). */
  rows: CountRows;
  /** share: rows of each bucket before `where`. */
  ctxRows?: CountRows;
  col?: Column;
  table: Table;
}

interface MetricPlan {
  compiled: CExpr;
  srcs: string[];
  /** Per source: its breakdown and the rows in the metric's window per bucket (which keys appear). */
  presence: Map<string, { bd: Breakdown; rows: CountRows }>;
  aggs: InstancePlan[];
}

export function satisfies(v: number, t: { op: string; value: number }): boolean {
  const eps = 1e-12 * Math.max(1, Math.abs(t.value));
  switch (t.op) {
    case ">=":
      return v >= t.value - eps;
    case ">":
      return v > t.value;
    case "<=":
      return v <= t.value + eps;
    case "<":
      return v < t.value;
    case "==":
      return Math.abs(v - t.value) <= eps;
    default:
      return false;
  }
}

function unwrap(e: Expr): Expr {
  return e.kind === "Paren" ? unwrap(e.expr) : e;
}

function containsNode(root: Expr, target: Expr): boolean {
  let found = false;
  const visit = (e: Expr) => {
    if (found) return;
    if (e === target) {
      found = true;
      return;
    }
    switch (e.kind) {
      case "Binary":
        visit(e.left);
        visit(e.right);
        break;
      case "Unary":
        visit(e.operand);
        break;
      case "Paren":
        visit(e.expr);
        break;
      case "Call":
        e.args.forEach((a) => visit(a.value));
        break;
      default:
        break;
    }
  };
  visit(root);
  return found;
}

// ------------------------------------------------------------------ group keys

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function compareKeys(a: Value[], b: Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === "string" && typeof y === "string") {
      const c = compareCodePoints(x, y);
      if (c) return c;
      continue;
    }
    if (typeof x === "number" && typeof y === "number") {
      if (x !== y) return x - y;
      continue;
    }
    const c = String(x) < String(y) ? -1 : 1;
    return c;
  }
  return 0;
}

function describeKey(key: GroupResult["key"]): string {
  return Object.entries(key).map(([k, v]) => `${k} = ${v === null ? "null" : v}`).join(", ");
}

/** A structural key for an expression (its shape without positions), to share filters. */
function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v) => (k === "span" || k.endsWith("Span") ? undefined : v));
}

/** The columns a row expression reads. */
function refNames(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case "Ref":
      out.add(e.member ? e.member.name : e.head.name);
      break;
    case "Binary":
      refNames(e.left, out);
      refNames(e.right, out);
      break;
    case "Unary":
    case "IsNull":
    case "In":
      refNames(e.operand, out);
      break;
    case "Paren":
      refNames(e.expr, out);
      break;
    case "Call":
      for (const a of e.args) refNames(a.value, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * A column in cache keys: its name and the identity of its data (a column the DataCache keeps
 * is the same object from one evaluation to the next; another type or a new reading is another).
 */
const columnIds = new WeakMap<Column, number>();
let nextColumnId = 1;
function columnKey(t: Table, name: string | undefined): string {
  const c = name === undefined ? undefined : t.columns.get(name);
  if (!c) return `${name ?? ""}#-`;
  let id = columnIds.get(c);
  if (id === undefined) columnIds.set(c, (id = nextColumnId++));
  return `${name}#${id}`;
}

/** Non-null values outside [min, max] or not integers (CX4006): how many, and the first row. Kept per column. */
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
      if (v !== v) continue;
      if (v < min || v > max || !Number.isInteger(v)) {
        if (first < 0) first = i;
        count++;
      }
    }
    known.set(key, (r = { count, first }));
  }
  return r;
}

// ------------------------------------------------------------------ accumulators

function makeAccumulator(use: AggregateUse, col: Column | undefined, buckets: number): Accumulator {
  const num = col && col.type !== "text" ? col.values : new Float64Array(0);
  switch (use.fn) {
    case "count":
      return col ? new CountValues(buckets, col) : new CountRows(buckets);
    case "count_distinct":
      return col ? new CountDistinct(buckets, col) : new CountRows(buckets);
    case "sum":
    case "avg":
      return new SumAvg(buckets, num, use.fn === "avg");
    case "min":
    case "max":
      return new MinMax(buckets, num, use.fn === "min");
    case "median":
    case "percentile":
      return new Percentile(buckets, num, use.fn === "median" ? 50 : use.p ?? 50);
    case "nps":
    case "csat":
    case "ces": {
      const { min, max } = scoreScale(use.fn, use.scale);
      return new Survey(buckets, num, use.fn, min, max);
    }
    default:
      return new Nothing(buckets);
  }
}

/** An unknown function (the checker reports it): always null. */
class Nothing extends Accumulator {
  add(): void {}
  result(): null {
    return null;
  }
}

function surveyStats(acc: Survey, b: number): SurveyStats {
  const fn = acc.fn;
  const { n, a, d } = acc.counts(b);
  if (fn === "nps") return { fn, n, promoters: a, detractors: d };
  if (fn === "csat") return { fn, n, positive: a };
  const mean = n ? a / n : 0;
  const sd = n > 1 ? Math.sqrt(Math.max(0, (d - n * mean * mean) / (n - 1))) : 0;
  return { fn, n, mean, sd };
}
