// The assembler: from the executors' aggregates (plan.ts SourceOutput) to metric, goal, journey,
// funnel, cohort and drivers results — the same code for every engine, so engines can only
// differ in the aggregates they return (language reference §4–§5; language-v2 §11–§14).
//
// A metric's buckets are its overall value, its groups (ordered by key: numbers numerically,
// text by code point, dates chronologically, nulls last — §5.2) and its trend periods. Groups
// and periods are those with rows in the metric's own window in any source it reads (before any
// `where`); each source's own bucket for them is found by key.
import { diag, type Diagnostic } from "../diagnostics";
import type { Binary } from "../syntax/ast";
import { metricClosure, type GoalInfo, type MetricInfo, type SemanticModel, type SourceInfo, type Threshold } from "../semantics/model";
import type { TrendPeriod } from "../semantics/schema";
import type { ColumnType } from "../data/table";
import { formatDate, formatDateTime, parseDate } from "../data/convert";
import { relativeWeights } from "../analysis/relativeWeights";
import { isSignificant, npsTest, proportionTest, welchTest } from "../analysis/significance";
import { columnsOf, type Literal } from "../plan/ir";
import { bucketLayout, type SourceOutput } from "../plan/plan";
import type { AggInstance, PlannedWorkspace, Program } from "../plan/planner";
import { periodLabel, windowStart } from "./periods";
import { roundHalfAway } from "../engines/native/vector";
import { formatValue } from "./format";
import { satisfies } from "./threshold";
import type {
  CohortResult, CompareResult, DriversResult, FunnelResult, GoalGroupResult, GoalResult, GoalStatus, GroupResult, JourneyResult, JourneyStep, KeyValue,
  MetricResult, SurveyStats, TrendResult,
} from "./results";

/** `min_sample` of nps/csat/ces metrics that do not declare one (CX4008). */
export const DEFAULT_MIN_SAMPLE = 30;

export interface AssembleInput {
  model: SemanticModel;
  planned: PlannedWorkspace;
  /** Each planned source's output; missing when its executor failed (its metrics are null). */
  outputs: Map<string, SourceOutput>;
  asOf: string;
  confidence: number;
  /** Sources evaluated by an SQL engine: CX4006 is reported with its count on the declaration. */
  sqlSources: Set<string>;
  /** Columns each source's data lacks (CX4002 reported): what uses them has no value. */
  missing?: Map<string, Set<string>>;
}

export interface Assembled {
  metrics: MetricResult[];
  goals: GoalResult[];
  journeys: JourneyResult[];
  funnels: FunnelResult[];
  cohorts: CohortResult[];
  drivers: DriversResult[];
  /** Diagnostics found while assembling (CX4006, CX4007, CX4008, CX5xxx). */
  diagnostics: Diagnostic[];
}

interface Bucket {
  /** Per source: its bucket for this metric bucket. */
  of: Map<string, number>;
}

interface Partition {
  groups: { key: Record<string, KeyValue>; id: string; buckets: Map<string, number> }[];
  periods: { code: number; label: string; buckets: Map<string, number> }[];
  /** Per source: its breakdown's empty bucket (a group or period the source does not have). */
  empty: Map<string, number>;
}

export function assemble(input: AssembleInput): Assembled {
  return new Assembler(input).run();
}

class Assembler {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly reportedDiv = new Set<Binary>();
  private readonly byName = new Map<string, MetricResult>();

  constructor(private readonly input: AssembleInput) {}

  private get model(): SemanticModel {
    return this.input.model;
  }

  run(): Assembled {
    const funnels = this.funnels();
    const cohorts = this.cohorts();
    const drivers = this.driversResults();
    const metrics: MetricResult[] = [];
    for (const m of this.model.metrics.values()) {
      const r = this.metric(m);
      metrics.push(r);
      this.byName.set(m.name, r);
    }
    this.scaleDiagnostics();
    this.divisionDiagnostics();
    const goals = [...this.model.goals.values()].map((g) => this.goal(g));
    const journeys = this.journeys(goals, funnels, drivers);
    return { metrics, goals, journeys, funnels, cohorts, drivers, diagnostics: this.diagnostics };
  }

  // ------------------------------------------------------------------ metrics

  private metric(m: MetricInfo): MetricResult {
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
    const entry = this.input.planned.programs.get(m.name);
    const p = entry?.now;
    const ready = p && this.ready(p) && !this.usesMissing(m);
    if (!p || !ready) {
      if (m.by.length) base.groups = [];
      if (m.trend) base.trend = [];
      if (m.compare && entry?.previousAsOf !== undefined) base.compare = this.emptyCompare(m, entry.previousAsOf);
      return base;
    }
    const part = this.partition(p);
    const at = (b: Bucket, context: string) => this.evaluate(p, b, context);
    const overall: Bucket = { of: new Map([...p.presence.keys()].map((s) => [s, 0])) };
    base.value = at(overall, "");
    base.rows = this.rowsAt(p, overall);
    base.n = this.nAt(p, overall);
    if (m.by.length) {
      base.groups = part.groups.map((g): GroupResult => {
        const b: Bucket = { of: g.buckets };
        return { key: g.key, value: at(b, ` (group ${describeKey(g.key)})`), rows: this.rowsAt(p, b), n: this.nAt(p, b) };
      });
    }
    if (m.trend) {
      base.trend = part.periods.map((q): TrendResult => {
        const b: Bucket = { of: q.buckets };
        return { period: q.label, value: at(b, ` (period ${q.label})`), rows: this.rowsAt(p, b), n: this.nAt(p, b) };
      });
    }
    const stats = this.surveyStats(p, overall);
    if (stats) base.stats = stats;
    const a0 = p.analyses[0];
    if (a0 && p.aggs.length === 0) base.analysis = { kind: a0.kind, name: a0.name };
    if (m.compare && entry.previousAsOf !== undefined) base.compare = this.compare(m, p, part, base, entry.previous, entry.previousAsOf);
    this.checkSample(m, base);
    return base;
  }

  /** Reads a column its data lacks (through references and derived columns too): then it has no value. */
  private usesMissing(m: MetricInfo): boolean {
    const missing = this.input.missing;
    if (!missing?.size) return false;
    for (const x of metricClosure(this.model.metrics, m)) {
      for (const a of x.aggregates) {
        const gone = missing.get(a.source);
        if (!gone) continue;
        const info = this.model.sources.get(a.source)!;
        const cols = [...a.columns, ...m.by, ...(info.timestamp && (m.window || m.trend || x.window) ? [info.timestamp] : [])];
        if (this.reads(info, cols, gone)) return true;
      }
    }
    return false;
  }

  /** Whether any of `cols` (derived ones through what they read) is in `gone`. */
  private reads(info: SourceInfo, cols: Iterable<string>, gone: Set<string>): boolean {
    const stack = [...cols];
    const seen = new Set<string>();
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      if (gone.has(c)) return true;
      const d = info.derived.get(c);
      if (d) stack.push(...d.deps);
    }
    return false;
  }

  /** Whether a funnel, cohort or drivers analysis of `source` reads a missing column. */
  private analysisUsesMissing(source: string | undefined, cols: (string | undefined)[]): boolean {
    const gone = source ? this.input.missing?.get(source) : undefined;
    if (!gone) return false;
    const info = this.model.sources.get(source!)!;
    return this.reads(info, [...cols.filter((c): c is string => c !== undefined), ...(info.timestamp ? [info.timestamp] : [])], gone);
  }

  /** Every source the program reads has an output. */
  private ready(p: Program): boolean {
    for (const s of p.presence.keys()) if (!this.input.outputs.has(s)) return false;
    for (const a of p.analyses) if (!this.input.outputs.has(a.source)) return false;
    return true;
  }

  private partition(p: Program): Partition {
    const groups = new Map<string, { key: Record<string, KeyValue>; sort: Literal[]; buckets: Map<string, number> }>();
    const periods = new Map<number, Map<string, number>>();
    const empty = new Map<string, number>();
    for (const [s, presenceKey] of p.presence) {
      const out = this.input.outputs.get(s)!;
      const bd = out.breakdown(p.breakdown);
      const layout = bucketLayout(bd);
      empty.set(s, layout.empty);
      const rows = out.measure(presenceKey);
      const info = this.model.sources.get(s)!;
      if (p.breakdown.by.length) {
        bd.groups.forEach((key, i) => {
          const b = layout.groups + i;
          if (!(rows.n(b) > 0)) return;
          const display = key.map((v, j) => displayValue(v, columnTypeOf(info, p.breakdown.by[j])));
          const id = JSON.stringify(display);
          let g = groups.get(id);
          if (!g) {
            const k: Record<string, KeyValue> = {};
            p.breakdown.by.forEach((c, j) => (k[c] = display[j]));
            groups.set(id, (g = { key: k, sort: key, buckets: new Map() }));
          }
          g.buckets.set(s, b);
        });
      }
      if (p.breakdown.trend) {
        bd.periods.forEach((code, i) => {
          const b = layout.periods + i;
          if (!(rows.n(b) > 0)) return;
          let q = periods.get(code);
          if (!q) periods.set(code, (q = new Map()));
          q.set(s, b);
        });
      }
    }
    const ordered = [...groups.entries()].sort((a, b) => compareKeys(a[1].sort, b[1].sort));
    const fill = (buckets: Map<string, number>) => {
      for (const [s, e] of empty) if (!buckets.has(s)) buckets.set(s, e);
      return buckets;
    };
    return {
      groups: ordered.map(([id, g]) => ({ key: g.key, id, buckets: fill(g.buckets) })),
      periods: [...periods.entries()].sort((a, b) => a[0] - b[0]).map(([code, buckets]) => ({ code, label: periodLabel(code, p.breakdown.trend as TrendPeriod), buckets: fill(buckets) })),
      empty,
    };
  }

  /** The value of one aggregate instance at a bucket of its source. */
  private aggValue(a: AggInstance, bucket: number): number | null {
    const out = this.input.outputs.get(a.source)!;
    const v = out.measure(a.value);
    switch (a.fn) {
      case "count":
        return v.n(bucket);
      case "count_distinct":
        return v.a(bucket);
      case "sum":
        return v.n(bucket) > 0 ? v.a(bucket) : 0;
      case "avg":
        return v.n(bucket) > 0 ? v.a(bucket) / v.n(bucket) : null;
      case "min":
      case "max":
      case "median":
      case "percentile": {
        const x = v.a(bucket);
        return x === x ? x : null;
      }
      case "share": {
        const ctx = out.measure(a.context!).n(bucket);
        return ctx > 0 ? v.n(bucket) / ctx : null;
      }
      case "nps": {
        const n = v.n(bucket);
        return n > 0 ? ((v.a(bucket) - v.b(bucket)) / n) * 100 : null;
      }
      case "csat":
      case "ces": {
        const n = v.n(bucket);
        return n > 0 ? v.a(bucket) / n : null;
      }
      default:
        return null;
    }
  }

  private analysisValue(p: Program, i: number): number | null {
    const a = p.analyses[i];
    const out = this.input.outputs.get(a.source)!;
    if (a.kind === "funnel") {
      const customers = out.funnel(a.key).customers;
      const first = customers[0];
      return first > 0 ? customers[a.step ?? customers.length - 1] / first : null;
    }
    const curve = cohortCurve(out.cohort(a.key), this.model.cohorts.get(a.name)!.periods ?? 0);
    return curve[a.age ?? 0]?.rate ?? null;
  }

  /** Runs a program's instructions at one bucket (instructions are in evaluation order: one loop, no recursion). */
  private evaluate(p: Program, b: Bucket, context: string): number | null {
    const vals = new Array<number | null>(p.instrs.length);
    const aggAt = (i: number) => {
      const a = p.aggs[i];
      return this.aggValue(a, b.of.get(a.source) ?? 0);
    };
    for (let k = 0; k < p.instrs.length; k++) {
      const x = p.instrs[k];
      switch (x.op) {
        case "const":
          vals[k] = x.v;
          break;
        case "agg":
          vals[k] = aggAt(x.i);
          break;
        case "analysis":
          vals[k] = this.analysisValue(p, x.i);
          break;
        case "neg": {
          const v = vals[x.a];
          vals[k] = v === null ? null : -v;
          break;
        }
        case "bin": {
          const l = vals[x.a];
          const r = vals[x.b];
          if (l === null || r === null) {
            vals[k] = null;
            break;
          }
          switch (x.o) {
            case "+":
              vals[k] = l + r;
              break;
            case "-":
              vals[k] = l - r;
              break;
            case "*":
              vals[k] = l * r;
              break;
            case "/":
              if (r === 0) {
                if (p.asOf === this.asOfDay) this.reportDivision(x.node, x.owner, p.metric, context);
                vals[k] = null;
              } else vals[k] = l / r;
              break;
          }
          break;
        }
        case "call": {
          const args = x.args.map((i) => vals[i]);
          vals[k] = callScalar(x.fn, args);
          break;
        }
      }
    }
    const v = vals[vals.length - 1] ?? null;
    return v === null || !Number.isFinite(v) ? null : v;
  }

  private get asOfDay(): number {
    return parseDate(this.input.asOf) ?? 0;
  }

  private rowsAt(p: Program, b: Bucket): number {
    let rows = 0;
    for (const a of p.aggs) {
      const out = this.input.outputs.get(a.source)!;
      rows = Math.max(rows, out.measure(a.rows).n(b.of.get(a.source) ?? 0));
    }
    return rows;
  }

  /** Sample size (cli.md "Sample size"): the single aggregate's n; null for other formulas. */
  private nAt(p: Program, b: Bucket): number | null {
    if (!p.single || p.aggs.length !== 1) return null;
    const a = p.aggs[0];
    const out = this.input.outputs.get(a.source)!;
    const bucket = b.of.get(a.source) ?? 0;
    if (a.fn === "share") return out.measure(a.context!).n(bucket);
    return out.measure(a.value).n(bucket);
  }

  private surveyStats(p: Program, b: Bucket): SurveyStats | undefined {
    if (!p.single || p.aggs.length !== 1) return undefined;
    const a = p.aggs[0];
    if (a.fn !== "nps" && a.fn !== "csat" && a.fn !== "ces") return undefined;
    const v = this.input.outputs.get(a.source)!.measure(a.value);
    const bucket = b.of.get(a.source) ?? 0;
    const n = v.n(bucket);
    if (a.fn === "nps") return { fn: "nps", n, promoters: v.a(bucket), detractors: v.b(bucket) };
    if (a.fn === "csat") return { fn: "csat", n, positive: v.a(bucket) };
    const mean = n ? v.a(bucket) / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(0, (v.b(bucket) - n * mean * mean) / (n - 1))) : 0;
    return { fn: "ces", n, mean, sd };
  }

  // ------------------------------------------------------------------ comparisons (§11.2)

  private compareLabel(m: MetricInfo): string {
    const w = m.window!;
    const span = `${w.amount} ${w.unit}${w.amount === 1 ? "" : "s"}`;
    return m.compare === "previous" ? `previous ${span}` : `same ${span} last year`;
  }

  private emptyCompare(m: MetricInfo, asOf: number): CompareResult {
    return { kind: m.compare!, asOf: formatDate(asOf), value: null, change: null, p: null, significant: null, label: this.compareLabel(m) };
  }

  private compare(m: MetricInfo, now: Program, part: Partition, base: MetricResult, prev: Program | undefined, prevAsOf: number): CompareResult {
    const out = this.emptyCompare(m, prevAsOf);
    if (!prev || !this.ready(prev)) {
      for (const g of base.groups ?? []) Object.assign(g, { previous: null, change: null, p: null, significant: null });
      return out;
    }
    const prevPart = this.partition(prev);
    const overall: Bucket = { of: new Map([...prev.presence.keys()].map((s) => [s, 0])) };
    const nowOverall: Bucket = { of: new Map([...now.presence.keys()].map((s) => [s, 0])) };
    out.value = this.evaluate(prev, overall, " (comparison)");
    out.change = base.value !== null && out.value !== null ? base.value - out.value : null;
    out.p = this.pValue(now, nowOverall, prev, overall);
    out.significant = isSignificant(out.p, this.input.confidence);
    const prevGroups = new Map(prevPart.groups.map((g) => [g.id, g]));
    part.groups.forEach((g, i) => {
      const r = base.groups![i];
      const pg = prevGroups.get(g.id);
      if (!pg) {
        Object.assign(r, { previous: null, change: null, p: null, significant: null });
        return;
      }
      const pb: Bucket = { of: pg.buckets };
      const previous = this.evaluate(prev, pb, ` (comparison, group ${describeKey(g.key)})`);
      const p = this.pValue(now, { of: g.buckets }, prev, pb);
      Object.assign(r, { previous, change: r.value !== null && previous !== null ? r.value - previous : null, p, significant: isSignificant(p, this.input.confidence) });
    });
    return out;
  }

  /** The two-sided p of §11.2 for a formula that is exactly one nps, csat, share, ces or avg; else null. */
  private pValue(now: Program, nb: Bucket, prev: Program, pb: Bucket): number | null {
    if (!now.single || now.aggs.length !== 1 || prev.aggs.length !== 1) return null;
    const a1 = now.aggs[0];
    const a0 = prev.aggs[0];
    const o1 = this.input.outputs.get(a1.source)!;
    const o0 = this.input.outputs.get(a0.source)!;
    const b1 = nb.of.get(a1.source) ?? 0;
    const b0 = pb.of.get(a0.source) ?? 0;
    const v1 = o1.measure(a1.value);
    const v0 = o0.measure(a0.value);
    switch (a1.fn) {
      case "nps":
        return npsTest({ n: v1.n(b1), promoters: v1.a(b1), detractors: v1.b(b1) }, { n: v0.n(b0), promoters: v0.a(b0), detractors: v0.b(b0) });
      case "csat":
        return proportionTest(v1.a(b1), v1.n(b1), v0.a(b0), v0.n(b0));
      case "share":
        return proportionTest(v1.n(b1), o1.measure(a1.context!).n(b1), v0.n(b0), o0.measure(a0.context!).n(b0));
      case "ces":
        return welchTest({ n: v1.n(b1), sum: v1.a(b1), sumsq: v1.b(b1) }, { n: v0.n(b0), sum: v0.a(b0), sumsq: v0.b(b0) });
      case "avg": {
        const mean = (v: { n(b: number): number; a(b: number): number }, b: number) => (v.n(b) > 0 ? v.a(b) / v.n(b) : NaN);
        return welchTest({ n: v1.n(b1), mean: mean(v1, b1), m2: v1.b(b1) }, { n: v0.n(b0), mean: mean(v0, b0), m2: v0.b(b0) });
      }
      default:
        return null;
    }
  }

  // ------------------------------------------------------------------ data diagnostics found while assembling

  private reportDivision(node: Binary, owner: MetricInfo, m: MetricInfo, context: string): void {
    if (this.reportedDiv.has(node)) return;
    this.reportedDiv.add(node);
    this.diagnostics.push(
      diag("CX4007", owner.sym.file.path, owner.sym.file.parse.lines.rangeOf(node.span), {
        detail: `Division by zero while evaluating '${m.name}'${context}: the denominator is 0, so the value is null (no data).`,
      }),
    );
  }

  /** CX4006 once per column and scale: values outside the scale are left out (§4.2). */
  private scaleDiagnostics(): void {
    for (const [k, use] of this.input.planned.scaleUses) {
      const out = this.input.outputs.get(use.source);
      if (!out) continue;
      const key = k.slice(use.source.length + 1);
      const r = out.scale(key);
      if (r.count === 0) continue;
      const count = r.count.toLocaleString("en-US");
      const are = r.count === 1 ? "is" : "are";
      const what = `${count} value${r.count === 1 ? "" : "s"} of ${/^\d+$/.test(use.column) ? "the expression" : `column '${use.column}'`} ${are} outside the ${use.fn} scale ${use.min}..${use.max} (or not whole numbers) and ${are} left out`;
      const info = this.model.sources.get(use.source)!;
      if (r.first && !this.input.sqlSources.has(use.source)) {
        const line = r.first.line - 1;
        this.diagnostics.push(
          diag("CX4006", r.first.file, { start: { line, character: 0 }, end: { line, character: 0 } }, {
            detail: `${what} (first: ${r.first.value} on line ${line + 1}; source '${use.source}').`,
          }, { data: { column: use.column, source: use.source, line: r.first.line } }),
        );
      } else if (use.at) {
        // An expression, on an engine without row positions: where the expression is written.
        this.diagnostics.push(diag("CX4006", use.at.file, use.at.range, { detail: `Source '${use.source}': ${what}.` }));
      } else {
        this.diagnostics.push(diag("CX4006", info.sym.file.path, info.sym.file.parse.lines.rangeOf(info.sym.decl.name!.span), { detail: `Source '${use.source}': ${what}.` }));
      }
    }
  }

  /** CX4007 on divisions in row expressions (derived columns, aggregate arguments): rows where they divided by zero. */
  private divisionDiagnostics(): void {
    const byLoc = new Map<string, { count: number; loc: { file: string; start: number; end: number } }>();
    for (const sp of this.input.planned.plan.sources.values()) {
      const out = this.input.outputs.get(sp.source);
      if (!out) continue;
      for (const d of sp.divisions) {
        const loc = this.input.planned.divisionLocs.get(d.id);
        if (!loc) continue;
        const count = out.division(d.id);
        const k = `${loc.file}:${loc.start}`;
        const prev = byLoc.get(k);
        if (!prev || count > prev.count) byLoc.set(k, { count, loc });
      }
    }
    for (const { count, loc } of byLoc.values()) {
      if (count === 0) continue;
      const file = this.model.workspace.fileMap.get(loc.file);
      if (!file) continue;
      this.diagnostics.push(
        diag("CX4007", loc.file, file.parse.lines.rangeOf({ start: loc.start, end: loc.end }), {
          detail: `Division by zero on ${count.toLocaleString("en-US")} row${count === 1 ? "" : "s"}: the value is null there (no data). Guard the denominator, e.g. if(x > 0, y / x, null).`,
        }),
      );
    }
  }

  /**
   * CX4008 when a computed value rests on fewer than `min_sample` values (n; rows when n is not
   * defined). With an explicit `min_sample` it is a warning; the implicit default of 30 for
   * nps/csat/ces metrics is info, so that workspaces valid under the language reference get no
   * warnings it does not define.
   */
  private checkSample(m: MetricInfo, r: MetricResult): void {
    if (r.value === null || !m.sym.decl.name) return;
    const min = m.minSample ?? (r.stats ? DEFAULT_MIN_SAMPLE : undefined);
    const n = r.n ?? r.rows;
    if (min === undefined || n >= min) return;
    const what = r.stats ? (n === 1 ? "valid answer" : "valid answers") : n === 1 ? "value" : "values";
    const hint = m.minSample === undefined ? " Collect more answers, widen the window, or set 'min_sample' on the metric." : "";
    const at = m.sym.file.parse.lines.rangeOf(m.sym.decl.name.span);
    this.diagnostics.push(diag("CX4008", m.sym.file.path, at, { name: m.name, n, what, min, hint }, { severity: m.minSample === undefined ? "info" : "warning", data: { sample: n, minSample: min } }));
  }

  // ------------------------------------------------------------------ goals (§5.4, §11.1)

  private goal(g: GoalInfo): GoalResult {
    const m = g.metric ? this.byName.get(g.metric) : undefined;
    const res: GoalResult = {
      name: g.name,
      label: g.label,
      metric: g.metric ?? null,
      scope: g.scope,
      status: "no_data",
      value: m?.value ?? null,
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
    const statusOf = (v: number | null): GoalStatus => (v === null ? "no_data" : satisfies(v, g.target!) ? "met" : g.warn && satisfies(v, g.warn) ? "at_risk" : "missed");
    if (g.scope === "groups") {
      const groups: GoalGroupResult[] = (m?.groups ?? []).map((x) => ({ key: x.key, value: x.value, status: statusOf(x.value) }));
      res.groups = groups;
      // The worst group: the worst status; among equals, the value farthest on the wrong side of the target.
      const rank: Record<GoalStatus, number> = { missed: 3, at_risk: 2, met: 1, no_data: 0 };
      const op = g.target.op;
      const badness = (v: number) => (op === ">=" || op === ">" ? -v : op === "<=" || op === "<" ? v : Math.abs(v - g.target!.value));
      let worst: GoalGroupResult | undefined;
      for (const x of groups) {
        if (x.status === "no_data") continue;
        if (!worst || rank[x.status] > rank[worst.status] || (rank[x.status] === rank[worst.status] && badness(x.value!) > badness(worst.value!))) worst = x;
      }
      res.status = worst?.status ?? "no_data";
      res.value = worst?.value ?? null;
      if (res.status === "no_data") {
        if (info?.sound) this.diagnostics.push(diag("CX5003", sym.file.path, at, { name: g.name, metric: g.metric!, reason: " in any group (no rows matched)" }));
        return res;
      }
      const missed = groups.filter((x) => x.status === "missed");
      const atRisk = groups.filter((x) => x.status === "at_risk");
      const list = (xs: GoalGroupResult[]) => {
        const shown = xs.slice(0, 5).map((x) => `${describeKey(x.key)} (${fmt(x.value!)})`).join(", ");
        return xs.length > 5 ? `${shown}, … ${xs.length - 5} more` : shown;
      };
      const total = groups.filter((x) => x.status !== "no_data").length;
      if (res.status === "missed") {
        const w = worst!;
        this.diagnostics.push(diag("CX5001", sym.file.path, at, {
          name: g.name, metric: g.metric!, value: `${fmt(w.value!)} in ${describeKey(w.key)} (the worst of ${total} groups; ${missed.length} missed${atRisk.length ? `, ${atRisk.length} at risk` : ""}: ${list([...missed, ...atRisk])})`, target: fmtT(g.target),
        }, { severity: g.severity }));
      } else if (res.status === "at_risk") {
        const w = worst!;
        this.diagnostics.push(diag("CX5002", sym.file.path, at, {
          name: g.name, metric: g.metric!, value: `${fmt(w.value!)} in ${describeKey(w.key)} (the worst of ${total} groups; ${atRisk.length} at risk: ${list(atRisk)})`, target: fmtT(g.target), warn: fmtT(g.warn!),
        }));
      }
      return res;
    }
    const v = m?.value ?? null;
    if (v === null) {
      if (info?.sound) this.diagnostics.push(diag("CX5003", sym.file.path, at, { name: g.name, metric: g.metric!, reason: " (no rows matched)" }));
      return res;
    }
    res.status = statusOf(v);
    if (res.status === "missed") {
      this.diagnostics.push(diag("CX5001", sym.file.path, at, { name: g.name, metric: g.metric!, value: fmt(v), target: fmtT(g.target) }, { severity: g.severity }));
    } else if (res.status === "at_risk") {
      this.diagnostics.push(diag("CX5002", sym.file.path, at, { name: g.name, metric: g.metric!, value: fmt(v), target: fmtT(g.target), warn: fmtT(g.warn!) }));
    }
    return res;
  }

  // ------------------------------------------------------------------ funnels, cohorts, drivers

  private funnels(): FunnelResult[] {
    const out: FunnelResult[] = [];
    for (const f of this.model.funnels.values()) {
      const planned = this.input.planned.funnels.get(f.name);
      const o = planned && !this.analysisUsesMissing(f.source, [f.customer, ...f.steps.flatMap((x) => (x.condition ? [...columnsOf(x.condition)] : []))]) ? this.input.outputs.get(planned.source) : undefined;
      const customers = o ? o.funnel(planned!.key).customers : f.steps.map(() => 0);
      const ok = o !== undefined;
      const first = customers[0] ?? 0;
      const steps = f.steps.map((s, i) => ({
        name: s.name,
        label: s.label,
        touchpoint: s.touchpoint ?? null,
        customers: customers[i] ?? 0,
        conversion: !ok ? null : i === 0 ? (first > 0 ? 1 : null) : customers[i - 1] > 0 ? customers[i] / customers[i - 1] : null,
        overall: !ok || first === 0 ? null : customers[i] / first,
      }));
      out.push({ name: f.name, label: f.label, value: ok ? steps[steps.length - 1]?.overall ?? null : null, customers: first, steps });
    }
    return out;
  }

  private cohorts(): CohortResult[] {
    const out: CohortResult[] = [];
    for (const c of this.model.cohorts.values()) {
      const periods = c.periods ?? 0;
      const period = c.period ?? "month";
      const planned = this.input.planned.cohorts.get(c.name);
      const o = planned && !this.analysisUsesMissing(c.source, [c.customer, c.start, c.end]) ? this.input.outputs.get(planned.source) : undefined;
      const res: CohortResult = { name: c.name, label: c.label, mode: c.mode, period, periods, value: null, curve: [], cohorts: [] };
      if (o && planned) {
        const data = o.cohort(planned.key);
        res.curve = cohortCurve(data, periods);
        res.value = res.curve[periods]?.rate ?? null;
        res.cohorts = [...data.cohorts]
          .sort((a, b) => a.code - b.code)
          .map((x) => ({
            cohort: periodLabel(x.code, period),
            customers: x.customers,
            ages: x.observed.map((obs, age) => ({ age, observed: obs, retained: x.retained[age] ?? 0 })),
          }));
      }
      out.push(res);
    }
    return out;
  }

  private driversResults(): DriversResult[] {
    const out: DriversResult[] = [];
    for (const d of this.model.drivers.values()) {
      const planned = this.input.planned.drivers.get(d.name);
      const o = planned && !this.analysisUsesMissing(d.source, [d.outcome, ...d.drivers.map((x) => x.column), ...(d.where ? columnsOf(d.where) : [])]) ? this.input.outputs.get(planned.source) : undefined;
      const res: DriversResult = {
        name: d.name,
        label: d.label,
        outcome: d.outcome ?? "",
        n: 0,
        r2: null,
        drivers: d.drivers.map((x) => ({ name: x.name, column: x.column, touchpoint: x.touchpoint ?? null, label: x.label, importance: null, correlation: null, mean: null, weight: null })),
      };
      out.push(res);
      if (!o || !planned) continue;
      const data = o.drivers(planned.key);
      res.n = data.n;
      const k = d.drivers.length;
      const at = d.sym.file.parse.lines.rangeOf(d.sym.decl.name!.span);
      const finite = (x: number) => (Number.isFinite(x) ? x : null);
      res.drivers.forEach((x, j) => {
        x.mean = data.n > 0 ? finite(data.means[j + 1]) : null;
        x.correlation = data.constant[0] || data.constant[j + 1] ? null : finite(data.corr[0][j + 1]);
      });
      if (data.n < k + 2) {
        this.diagnostics.push(diag("CX4008", d.sym.file.path, at, {
          name: d.name, n: data.n, what: data.n === 1 ? "complete case" : "complete cases", min: k + 2,
          hint: ` A drivers analysis of ${k} drivers needs at least ${k + 2} respondents who answered the outcome and every driver.`,
        }, { severity: "warning", data: { sample: data.n, minSample: k + 2 } }));
        continue;
      }
      // Constant drivers are left out of the model (and reported).
      const model: number[] = [];
      for (let j = 0; j < k; j++) {
        if (data.constant[j + 1]) {
          this.diagnostics.push(diag("CX4008", d.sym.file.path, at, {
            name: d.name, n: data.n, what: "complete cases", min: k + 2,
            hint: ` Driver '${d.drivers[j].name}' has the same value in every complete case, so it cannot explain anything; it is left out of the model.`,
          }, { severity: "warning", data: { constant: d.drivers[j].name } }));
        } else model.push(j);
      }
      if (data.constant[0] || model.length === 0) continue;
      const R = model.map((i) => model.map((j) => (i === j ? 1 : data.corr[i + 1][j + 1])));
      const r = model.map((j) => data.corr[0][j + 1]);
      const rw = relativeWeights(R, r);
      if (!rw) continue;
      res.r2 = rw.r2;
      model.forEach((j, i) => {
        res.drivers[j].importance = rw.importance[i];
        res.drivers[j].weight = rw.raw[i];
      });
    }
    return out;
  }

  // ------------------------------------------------------------------ journeys (§5.5, language-v2 §12–§14)

  private journeys(goals: GoalResult[], funnels: FunnelResult[], drivers: DriversResult[]): JourneyResult[] {
    const goalByMetric = new Map<string, GoalResult>();
    for (const g of goals) if (g.metric && !goalByMetric.has(g.metric)) goalByMetric.set(g.metric, g);
    return [...this.model.journeys.values()].map((j) => {
      const steps: JourneyStep[] = j.touchpoints.map((t) => {
        const tp = this.model.touchpoints.get(t)!;
        const score = tp.score ? this.byName.get(tp.score) : undefined;
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
      // Reach: the first funnel with a step for each of the journey's touchpoints that has one.
      const funnel = funnels.find((f) => f.steps.some((s) => s.touchpoint && j.touchpoints.includes(s.touchpoint)));
      const analysis = drivers.find((d) => d.drivers.some((x) => x.touchpoint && j.touchpoints.includes(x.touchpoint)));
      for (const s of steps) {
        const fs = funnel?.steps.find((x) => x.touchpoint === s.touchpoint);
        if (fs) s.reach = fs.overall;
        const dr = analysis?.drivers.find((x) => x.touchpoint === s.touchpoint);
        if (dr) s.importance = dr.importance;
      }
      // The weakest step: lowest conversion from the step before among the funnel's steps in this journey.
      if (funnel) {
        let weakest: JourneyStep | undefined;
        let worst = Infinity;
        for (const s of steps) {
          const fs = funnel.steps.find((x) => x.touchpoint === s.touchpoint);
          const idx = fs ? funnel.steps.indexOf(fs) : -1;
          if (idx > 0 && fs!.conversion !== null && fs!.conversion < worst) {
            worst = fs!.conversion;
            weakest = s;
          }
        }
        if (weakest) weakest.weakest = true;
      }
      // The most important under-performer: highest importance among steps whose goal is not met
      // (or, without goals, whose driver mean is below the analysis' average of means).
      if (analysis) {
        const meanOf = (s: JourneyStep) => analysis.drivers.find((x) => x.touchpoint === s.touchpoint)?.mean ?? null;
        const means = analysis.drivers.map((x) => x.mean).filter((x): x is number => x !== null);
        const avg = means.length ? means.reduce((a, b) => a + b, 0) / means.length : 0;
        let best: JourneyStep | undefined;
        for (const s of steps) {
          if (s.importance === null || s.importance === undefined) continue;
          const under = s.goal ? s.goal === "missed" || s.goal === "at_risk" : (meanOf(s) ?? Infinity) < avg;
          if (under && (!best || s.importance > (best.importance ?? -1))) best = s;
        }
        if (best) best.priority = true;
      }
      let num = 0;
      let den = 0;
      for (const s of steps) {
        if (s.value === null || s.metric === null) continue;
        num += s.value * s.weight;
        den += s.weight;
      }
      return { name: j.name, label: j.label, unit: j.unit ?? null, value: den > 0 ? num / den : null, steps };
    });
  }
}

/** Retention curve (§13): per age, Σ retained ÷ Σ observed over all cohorts. */
export function cohortCurve(data: { cohorts: { observed: number[]; retained: number[] }[] }, periods: number): { age: number; observed: number; retained: number; rate: number | null }[] {
  const curve = [];
  for (let age = 0; age <= periods; age++) {
    let observed = 0;
    let retained = 0;
    for (const c of data.cohorts) {
      observed += c.observed[age] ?? 0;
      retained += c.retained[age] ?? 0;
    }
    curve.push({ age, observed, retained, rate: observed > 0 ? retained / observed : null });
  }
  return curve;
}

function callScalar(fn: string, args: (number | null)[]): number | null {
  switch (fn) {
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
      let best: number | null = null;
      for (const a of args) if (a !== null && (best === null || (fn === "least" ? a < best : a > best))) best = a;
      return best;
    }
    default:
      return null;
  }
}

export { satisfies };

function columnTypeOf(info: SourceInfo, column: string): ColumnType {
  return info.columns?.get(column) ?? "text";
}

/** A key value as reported: dates and date-times as ISO text, booleans as true/false. */
function displayValue(v: Literal, type: ColumnType): KeyValue {
  if (v === null) return null;
  switch (type) {
    case "date":
      return typeof v === "number" ? formatDate(v) : v;
    case "datetime":
      return typeof v === "number" ? formatDateTime(v) : v;
    case "boolean":
      return typeof v === "boolean" ? v : v === 1 || v === "true";
    default:
      return v;
  }
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

/** Group order (§5.2): column by column; numbers numerically, text by code point, dates chronologically, false before true, nulls last. */
export function compareKeys(a: Literal[], b: Literal[]): number {
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
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "boolean" && typeof y === "boolean") return x ? 1 : -1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function describeKey(key: Record<string, KeyValue>): string {
  return Object.entries(key).map(([k, v]) => `${k} = ${v === null ? "null" : v}`).join(", ");
}

export { windowStart };
