// The evaluator (language reference §4.2–§5): reads the columns the workspace needs from each
// source once, then computes every sound metric over typed arrays — overall, per `by` group and
// per `trend` period in one pass per aggregate — and derives goals and journeys.
//
// Invariants:
// - Never one object per row: columns are typed arrays; per-row work is closures over indices.
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
import { formatDate, formatDateTime, parseDate, parseDateTime } from "../data/convert";
import { functionInfo, scoreScale } from "../semantics/functions";
import type { AggregateUse, GoalInfo, MetricInfo, SemanticModel, SourceInfo, Threshold } from "../semantics/model";
import type { TrendPeriod, Unit } from "../semantics/schema";
import { periodCode, periodLabel, windowStart } from "./periods";
import { formatValue } from "./format";

export type GoalStatus = "met" | "at_risk" | "missed" | "no_data";

/** `min_sample` of nps/csat/ces metrics that do not declare one (CX4008). */
export const DEFAULT_MIN_SAMPLE = 30;

export interface GroupResult {
  key: Record<string, string | number | boolean | null>;
  value: number | null;
  rows: number;
}

export interface TrendResult {
  period: string;
  value: number | null;
  rows: number;
}

export interface MetricResult {
  name: string;
  label: string;
  unit: Unit | null;
  currency?: string;
  decimals?: number;
  touchpoint: string | null;
  value: number | null;
  rows: number;
  groups?: GroupResult[];
  trend?: TrendResult[];
  /** Valid answers of a survey aggregate (nps/csat/ces), when the formula is one. */
  sample?: number;
  /** Survey breakdown for confidence intervals: promoters/detractors (nps), top-box (csat), mean/sd (ces). */
  stats?: SurveyStats;
}

export interface SurveyStats {
  fn: "nps" | "csat" | "ces";
  n: number;
  promoters?: number;
  detractors?: number;
  positive?: number;
  mean?: number;
  sd?: number;
}

export interface GoalResult {
  name: string;
  label: string;
  metric: string | null;
  status: GoalStatus;
  value: number | null;
  target: { op: string; value: number } | null;
  warn: { op: string; value: number } | null;
  severity: "error" | "warning";
  owner?: string;
}

export interface JourneyStep {
  touchpoint: string;
  label: string;
  stage: string | null;
  metric: string | null;
  value: number | null;
  weight: number;
  goal: GoalStatus | null;
}

export interface JourneyResult {
  name: string;
  label: string;
  unit: Unit | null;
  value: number | null;
  steps: JourneyStep[];
}

export interface EvalResult {
  asOf: string;
  metrics: MetricResult[];
  goals: GoalResult[];
  journeys: JourneyResult[];
  /** Data, evaluation and goal diagnostics (CX4xxx, CX5xxx). */
  diagnostics: Diagnostic[];
}

export interface EvaluateOptions {
  /** The as-of date, YYYY-MM-DD. */
  asOf: string;
  cache: DataCache;
  signal?: AbortSignal;
}

type Value = number | string | boolean | null;
type RowFn = (r: number) => Value;

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

/** Results of one aggregate instance over all buckets of a partition. */
interface AggValues {
  values: (number | null)[];
  rows: Float64Array;
  stats?: SurveyStats[];
}

export async function evaluate(analysis: Analysis, opts: EvaluateOptions): Promise<EvalResult> {
  const ev = new Evaluator(analysis.model, opts);
  return ev.run(analysis);
}

class Evaluator {
  readonly diagnostics: Diagnostic[] = [];
  readonly tables = new Map<string, Table>();
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
    const metrics: MetricResult[] = [];
    const byName = new Map<string, MetricResult>();
    for (const m of this.model.metrics.values()) {
      this.opts.signal?.throwIfAborted();
      const r = this.evaluateMetric(m);
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
    return { asOf: this.opts.asOf, metrics, goals, journeys, diagnostics: this.diagnostics };
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
      if (!info.readable) continue;
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
    if (info.declared) this.diagnostics.push(...missingColumns(info.name, info.declared.keys(), new Set(result.header), info));
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

  private evaluateMetric(m: MetricInfo): MetricResult {
    const base: MetricResult = {
      name: m.name,
      label: m.label,
      unit: m.unit ?? m.inferredUnit ?? null,
      touchpoint: m.touchpoint ?? null,
      value: null,
      rows: 0,
    };
    if (m.currency) base.currency = m.currency;
    if (m.decimals !== undefined) base.decimals = m.decimals;
    if (!m.sound || !m.value) return this.emptyBreakdowns(base, m);
    const instances: AggInstance[] = [];
    const compiled = this.compileMetric(m, m.window, instances, new Set());
    // Every input present?
    for (const inst of instances) {
      const t = this.tables.get(inst.use.source);
      const miss = this.missing.get(inst.use.source);
      if (!t || [...inst.use.columns].some((c) => miss?.has(c) || !t.columns.has(c))) return this.emptyBreakdowns(base, m);
    }
    const srcs = [...this.transitiveSources(m)];
    for (const s of srcs) {
      const t = this.tables.get(s);
      if (!t) return this.emptyBreakdowns(base, m);
      const info = this.model.sources.get(s)!;
      if (m.by.some((c) => !t.columns.has(c))) return this.emptyBreakdowns(base, m);
      if ((m.window || m.trend || instances.some((i) => i.window)) && (!info.timestamp || !t.columns.has(info.timestamp))) return this.emptyBreakdowns(base, m);
    }

    const part = this.partition(m, srcs);
    const results = instances.map((inst) => this.aggregate(inst, part));
    const bucketCount = 1 + part.groups.length + part.periods.length;
    const valueAt = (b: number, context: string) => this.evalC(compiled, results, b, m, context);
    const rowsAt = (b: number) => results.reduce((mx, r) => Math.max(mx, r.rows[b]), 0);
    void bucketCount;
    base.value = valueAt(0, "");
    base.rows = rowsAt(0);
    if (m.by.length) {
      base.groups = part.groups.map((g, i) => ({ key: g.key, value: valueAt(1 + i, ` (group ${describeKey(g.key)})`), rows: rowsAt(1 + i) }));
    }
    if (m.trend) {
      const off = 1 + part.groups.length;
      base.trend = part.periods.map((p, i) => ({ period: p.label, value: valueAt(off + i, ` (period ${p.label})`), rows: rowsAt(off + i) }));
    }
    // Survey statistics (sample size, inputs for confidence intervals) when the formula is one survey aggregate.
    const root = unwrap(m.value);
    if (root.kind === "Call" && instances.length === 1 && ["nps", "csat", "ces"].includes(instances[0].use.fn) && results[0].stats) {
      base.stats = results[0].stats[0];
      base.sample = base.stats.n;
    }
    this.checkSample(m, base);
    return base;
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
    const n = r.sample ?? r.rows;
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

  private evalC(c: CExpr, results: AggValues[], b: number, m: MetricInfo, context: string): number | null {
    const ev = (x: CExpr): number | null => {
      switch (x.k) {
        case "const":
          return x.v;
        case "agg":
          return results[x.id].values[b];
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

  // ------------------------------------------------------------------ partitions

  private partition(m: MetricInfo, srcs: string[]): Partition {
    const groups: { key: GroupResult["key"]; sortKey: Value[] }[] = [];
    const periods: { code: number; label: string }[] = [];
    const gidBySource = new Map<string, Int32Array>();
    const pidBySource = new Map<string, Int32Array>();
    const groupIds = new Map<string, number>();
    const periodIds = new Map<number, number>();
    const present = new Set<number>();
    const presentPeriods = new Set<number>();
    for (const s of srcs) {
      const t = this.tables.get(s)!;
      const info = this.model.sources.get(s)!;
      const n = t.rowCount;
      const inWindow = this.windowFilter(t, info, m.window);
      if (m.by.length) {
        const cols = m.by.map((c) => t.columns.get(c)!);
        const gid = new Int32Array(n);
        const local = new Map<string, number>();
        for (let r = 0; r < n; r++) {
          const parts = cols.map((c) => cellKey(c, r));
          const lk = parts.join("\u0000");
          let g = local.get(lk);
          if (g === undefined) {
            // Dictionary codes are per source: the shared key is built from the values.
            const gk = JSON.stringify(cols.map((c) => cellValue(c, r)));
            g = groupIds.get(gk);
            if (g === undefined) {
              g = groups.length;
              groupIds.set(gk, g);
              const key: GroupResult["key"] = {};
              const sortKey: Value[] = [];
              cols.forEach((c, i) => {
                const v = cellValue(c, r);
                key[m.by[i]] = v;
                sortKey.push(cellSortValue(c, r));
              });
              groups.push({ key, sortKey });
            }
            local.set(lk, g);
          }
          gid[r] = g;
          if (!inWindow || inWindow(r)) present.add(g);
        }
        gidBySource.set(s, gid);
      }
      if (m.trend) {
        const ts = t.columns.get(info.timestamp!)!;
        const vals = (ts as { values: Float64Array }).values;
        const isDateTime = ts.type === "datetime";
        const pid = new Int32Array(n);
        const codeCache = new Map<number, number>();
        for (let r = 0; r < n; r++) {
          const v = vals[r];
          if (Number.isNaN(v)) {
            pid[r] = -1;
            continue;
          }
          const day = isDateTime ? Math.floor(v / 86400000) : v;
          let code = codeCache.get(day);
          if (code === undefined) {
            code = periodCode(day, m.trend);
            codeCache.set(day, code);
          }
          let p = periodIds.get(code);
          if (p === undefined) {
            p = periods.length;
            periodIds.set(code, p);
            periods.push({ code, label: periodLabel(code, m.trend) });
          }
          pid[r] = p;
          if (!inWindow || inWindow(r)) presentPeriods.add(p);
        }
        pidBySource.set(s, pid);
      }
    }
    // Order: groups by key (column by column; numbers numerically, text by code point, nulls last); periods ascending.
    const gOrder = [...present].sort((a, b) => compareKeys(groups[a].sortKey, groups[b].sortKey));
    const pOrder = [...presentPeriods].sort((a, b) => periods[a].code - periods[b].code);
    const gRemap = new Int32Array(groups.length).fill(-1);
    gOrder.forEach((g, i) => (gRemap[g] = i));
    const pRemap = new Int32Array(periods.length).fill(-1);
    pOrder.forEach((p, i) => (pRemap[p] = i));
    for (const [s, arr] of gidBySource) {
      for (let r = 0; r < arr.length; r++) arr[r] = gRemap[arr[r]];
      gidBySource.set(s, arr);
    }
    for (const arr of pidBySource.values()) for (let r = 0; r < arr.length; r++) if (arr[r] >= 0) arr[r] = pRemap[arr[r]];
    return {
      groups: gOrder.map((g) => groups[g]),
      periods: pOrder.map((p) => periods[p]),
      gidBySource,
      pidBySource,
    };
  }

  /** Row predicate for a window, or undefined for no window. Rows with a null timestamp are outside. */
  private windowFilter(t: Table, info: SourceInfo, w: Duration | undefined): ((r: number) => boolean) | undefined {
    if (!w || !info.timestamp) return undefined;
    const col = t.columns.get(info.timestamp);
    if (!col || col.type === "text") return () => false;
    const lo = windowStart(this.asOfDay, w);
    const hi = this.asOfDay;
    const vals = col.values;
    if (col.type === "datetime") {
      return (r) => {
        const d = Math.floor(vals[r] / 86400000);
        return d > lo && d <= hi;
      };
    }
    return (r) => vals[r] > lo && vals[r] <= hi;
  }

  // ------------------------------------------------------------------ aggregates

  private aggregate(inst: AggInstance, part: Partition): AggValues {
    const { use } = inst;
    const t = this.tables.get(use.source)!;
    const info = this.model.sources.get(use.source)!;
    const n = t.rowCount;
    const G = part.groups.length;
    const P = part.periods.length;
    const nb = 1 + G + P;
    const gid = part.gidBySource.get(use.source);
    const pid = part.pidBySource.get(use.source);
    const inWindow = this.windowFilter(t, info, inst.window);
    const where = use.call.args[0]?.where ? compileRow(use.call.args[0].where, t, info) : undefined;
    const rows = new Float64Array(nb);
    const ctxRows = new Float64Array(nb);
    const col = use.column ? t.columns.get(use.column) : undefined;
    const acc = makeAccumulator(use, col, nb);
    const fn = use.fn;
    const scale = fn === "nps" || fn === "csat" || fn === "ces" ? scoreScale(fn, use.scale) : undefined;
    if (scale && col) this.checkScale(use, col, t, scale);

    const buckets = [0, -1, -1];
    for (let r = 0; r < n; r++) {
      if (inWindow && !inWindow(r)) continue;
      buckets[1] = gid && gid[r] >= 0 ? 1 + gid[r] : -1;
      buckets[2] = pid && pid[r] >= 0 ? 1 + G + pid[r] : -1;
      for (let k = 0; k < 3; k++) if (buckets[k] >= 0) ctxRows[buckets[k]]++;
      if (where && where(r) !== true) continue;
      for (let k = 0; k < 3; k++) {
        const b = buckets[k];
        if (b < 0) continue;
        rows[b]++;
        acc.add(b, r);
      }
    }
    const values: (number | null)[] = new Array(nb);
    for (let b = 0; b < nb; b++) values[b] = acc.result(b, ctxRows[b]);
    return { values, rows, stats: acc.stats ? Array.from({ length: nb }, (_, b) => acc.stats!(b)) : undefined };
  }

  /** CX4006 once per column and scale: values outside the scale are excluded (§4.2). */
  private checkScale(use: AggregateUse, col: Column, t: Table, scale: { min: number; max: number }): void {
    const key = `${use.source}.${use.column}:${scale.min}-${scale.max}`;
    if (this.reportedScale.has(key) || col.type === "text") return;
    this.reportedScale.add(key);
    let count = 0;
    let first = -1;
    const vals = col.values;
    for (let r = 0; r < t.rowCount; r++) {
      const v = vals[r];
      if (Number.isNaN(v)) continue;
      if (v < scale.min || v > scale.max || !Number.isInteger(v)) {
        if (first < 0) first = r;
        count++;
      }
    }
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
  gidBySource: Map<string, Int32Array>;
  pidBySource: Map<string, Int32Array>;
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

/** Round half away from zero at `digits` decimals, exact for decimal inputs like 2.675. */
export function roundHalfAway(v: number, digits: number): number {
  const d = Math.max(0, Math.min(15, Math.trunc(digits)));
  const sign = v < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(v)}e${d}`);
  if (!Number.isFinite(shifted)) return v;
  return sign * Number(`${Math.round(shifted)}e-${d}`);
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

// ------------------------------------------------------------------ cells

function cellKey(c: Column, r: number): string {
  if (c.type === "text") return c.codes[r] < 0 ? "\u0001" : "t" + c.codes[r];
  const v = c.values[r];
  return Number.isNaN(v) ? "\u0001" : "n" + v;
}

function cellValue(c: Column, r: number): string | number | boolean | null {
  if (c.type === "text") return c.codes[r] < 0 ? null : c.dict[c.codes[r]];
  const v = c.values[r];
  if (Number.isNaN(v)) return null;
  switch (c.type) {
    case "boolean":
      return v !== 0;
    case "date":
      return formatDate(v);
    case "datetime":
      return formatDateTime(v);
    default:
      return v;
  }
}

function cellSortValue(c: Column, r: number): Value {
  if (c.type === "text") return c.codes[r] < 0 ? null : c.dict[c.codes[r]];
  const v = c.values[r];
  return Number.isNaN(v) ? null : v;
}

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

// ------------------------------------------------------------------ row expressions (where)

/** Compiles a row-context expression to a closure over row indices with SQL three-valued logic. */
export function compileRow(e: Expr, t: Table, info: SourceInfo): RowFn {
  const c = (x: Expr): RowFn => compileRow(x, t, info);
  switch (e.kind) {
    case "Number":
    case "Percent": {
      const v = e.value;
      return () => v;
    }
    case "String": {
      const v = e.value;
      return () => v;
    }
    case "Boolean": {
      const v = e.value;
      return () => v;
    }
    case "Null":
    case "Missing":
      return () => null;
    case "Paren":
      return c(e.expr);
    case "Ref": {
      const name = e.member ? e.member.name : e.head.name;
      const col = t.columns.get(name);
      if (!col) return () => null;
      if (col.type === "text") {
        const codes = col.codes, dict = col.dict;
        return (r) => (codes[r] < 0 ? null : dict[codes[r]]);
      }
      const vals = col.values;
      if (col.type === "boolean") return (r) => (Number.isNaN(vals[r]) ? null : vals[r] !== 0);
      return (r) => (Number.isNaN(vals[r]) ? null : vals[r]);
    }
    case "Unary": {
      const f = c(e.operand);
      if (e.op === "not") return (r) => {
        const v = f(r);
        return v === null ? null : !v;
      };
      return (r) => {
        const v = f(r);
        return typeof v === "number" ? -v : null;
      };
    }
    case "IsNull": {
      const f = c(e.operand);
      return e.negated ? (r) => f(r) !== null : (r) => f(r) === null;
    }
    case "In": {
      const colType = columnTypeOf(e.operand, t);
      const items = e.items.map((it) => literalFor(it, colType));
      const f = c(e.operand);
      const hasNull = items.includes(null);
      const set = new Set(items.filter((x) => x !== null));
      return (r) => {
        const v = f(r);
        if (v === null) return null;
        if (set.has(v as never)) return !e.negated;
        if (hasNull) return null;
        return e.negated;
      };
    }
    case "Binary": {
      const op = e.op;
      if (op === "and" || op === "or") {
        const l = c(e.left), rr = c(e.right);
        if (op === "and") return (r) => {
          const a = l(r);
          if (a === false) return false;
          const b = rr(r);
          if (b === false) return false;
          return a === null || b === null ? null : true;
        };
        return (r) => {
          const a = l(r);
          if (a === true) return true;
          const b = rr(r);
          if (b === true) return true;
          return a === null || b === null ? null : false;
        };
      }
      // Literals compared with date/datetime columns are read as dates (§4.3).
      const lt = columnTypeOf(e.left, t);
      const rt = columnTypeOf(e.right, t);
      const left: RowFn = e.left.kind === "String" && rt ? constFn(literalFor(e.left, rt)) : c(e.left);
      const right: RowFn = e.right.kind === "String" && lt ? constFn(literalFor(e.right, lt)) : c(e.right);
      switch (op) {
        case "+": case "-": case "*": case "/":
          return (r) => {
            const a = left(r), b = right(r);
            if (typeof a !== "number" || typeof b !== "number") return null;
            switch (op) {
              case "+": return a + b;
              case "-": return a - b;
              case "*": return a * b;
              default: return b === 0 ? null : a / b;
            }
          };
        default:
          return (r) => compareValues(op, left(r), right(r));
      }
    }
    case "Call": {
      const fn = e.callee.name;
      const args = e.args.filter((a) => !a.name).map((a) => c(a.value));
      return (r) => {
        const vs = args.map((f) => f(r));
        switch (fn) {
          case "abs":
            return typeof vs[0] === "number" ? Math.abs(vs[0]) : null;
          case "round":
            return typeof vs[0] === "number" ? roundHalfAway(vs[0], typeof vs[1] === "number" ? vs[1] : 0) : null;
          case "coalesce":
            return vs.find((v) => v !== null) ?? null;
          case "least":
          case "greatest": {
            const ns = vs.filter((v): v is number => typeof v === "number");
            return ns.length ? (fn === "least" ? Math.min(...ns) : Math.max(...ns)) : null;
          }
          default:
            return null;
        }
      };
    }
  }
}

function constFn(v: Value): RowFn {
  return () => v;
}

function columnTypeOf(e: Expr, t: Table): ColumnType | undefined {
  if (e.kind !== "Ref") return undefined;
  return t.columns.get(e.member ? e.member.name : e.head.name)?.type;
}

/** A literal's runtime value, read as a date (days) or datetime (ms) against such a column. */
function literalFor(e: Expr, colType: ColumnType | undefined): Value {
  if (e.kind === "String") {
    if (colType === "date") {
      const d = parseDate(e.value);
      if (d !== null) return d;
      const dt = parseDateTime(e.value);
      return dt === null ? null : dt / 86400000;
    }
    if (colType === "datetime") return parseDateTime(e.value);
    return e.value;
  }
  if (e.kind === "Number" || e.kind === "Percent") return e.value;
  if (e.kind === "Boolean") return e.value;
  if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "Number") return -e.operand.value;
  return null;
}

function compareValues(op: string, a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (typeof a !== typeof b) {
    return null;
  }
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    default:
      return null;
  }
}

// ------------------------------------------------------------------ accumulators

interface Accumulator {
  add(b: number, r: number): void;
  result(b: number, ctxRows: number): number | null;
  stats?: (b: number) => SurveyStats;
}

function makeAccumulator(use: AggregateUse, col: Column | undefined, nb: number): Accumulator {
  const fn = use.fn;
  const num = col && col.type !== "text" ? col.values : undefined;
  const codes = col && col.type === "text" ? col.codes : undefined;
  const notNull = (r: number) => (num ? !Number.isNaN(num[r]) : codes ? codes[r] >= 0 : true);
  switch (fn) {
    case "count": {
      const n = new Float64Array(nb);
      return {
        add: col ? (b, r) => { if (notNull(r)) n[b]++; } : (b) => { n[b]++; },
        result: (b) => n[b],
      };
    }
    case "share": {
      const n = new Float64Array(nb);
      return { add: (b) => { n[b]++; }, result: (b, ctx) => (ctx > 0 ? n[b] / ctx : null) };
    }
    case "count_distinct": {
      const sets: Set<number>[] = Array.from({ length: nb }, () => new Set());
      return {
        add: (b, r) => {
          if (codes) { if (codes[r] >= 0) sets[b].add(codes[r]); }
          else if (num && !Number.isNaN(num[r])) sets[b].add(num[r]);
        },
        result: (b) => sets[b].size,
      };
    }
    case "sum":
    case "avg": {
      const s = new Float64Array(nb), n = new Float64Array(nb);
      return {
        add: (b, r) => { const v = num![r]; if (v === v) { s[b] += v; n[b]++; } },
        result: (b) => (fn === "sum" ? s[b] : n[b] > 0 ? s[b] / n[b] : null),
      };
    }
    case "min":
    case "max": {
      const best = new Float64Array(nb).fill(NaN);
      const isMin = fn === "min";
      return {
        add: (b, r) => {
          const v = num![r];
          if (v !== v) return;
          const cur = best[b];
          if (cur !== cur || (isMin ? v < cur : v > cur)) best[b] = v;
        },
        result: (b) => (Number.isNaN(best[b]) ? null : best[b]),
      };
    }
    case "median":
    case "percentile": {
      const lists: number[][] = Array.from({ length: nb }, () => []);
      const p = fn === "median" ? 50 : use.p ?? 50;
      return {
        add: (b, r) => { const v = num![r]; if (v === v) lists[b].push(v); },
        result: (b) => percentileLinear(lists[b], p),
      };
    }
    case "nps":
    case "csat":
    case "ces": {
      const { min, max } = scoreScale(fn, use.scale);
      const valid = new Float64Array(nb), a = new Float64Array(nb), d = new Float64Array(nb), s2 = new Float64Array(nb);
      const top = fn === "csat" ? max - 1 : 0;
      return {
        add: (b, r) => {
          const v = num![r];
          if (v !== v || v < min || v > max || !Number.isInteger(v)) return;
          valid[b]++;
          if (fn === "nps") { if (v >= 9) a[b]++; else if (v <= 6) d[b]++; }
          else if (fn === "csat") { if (v >= top) a[b]++; }
          else { a[b] += v; s2[b] += v * v; }
        },
        result: (b) => {
          const n = valid[b];
          if (n === 0) return null;
          if (fn === "nps") return ((a[b] - d[b]) / n) * 100;
          return a[b] / n;
        },
        stats: (b) => {
          const n = valid[b];
          if (fn === "nps") return { fn, n, promoters: a[b], detractors: d[b] };
          if (fn === "csat") return { fn, n, positive: a[b] };
          const mean = n ? a[b] / n : 0;
          const sd = n > 1 ? Math.sqrt(Math.max(0, (s2[b] - n * mean * mean) / (n - 1))) : 0;
          return { fn, n, mean, sd };
        },
      };
    }
    default:
      return { add: () => {}, result: () => null };
  }
}

/** Linear interpolation between closest ranks (NumPy "linear", PostgreSQL percentile_cont). */
export function percentileLinear(values: number[], p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
