// The semantic model: what the checker learned, consumed by the evaluator, the reports and the
// editor features. Built once per analysis; plain data.
import type { Call, CompareOp, Declaration, Duration, Expr, Identifier } from "../syntax/ast";
import type { Diagnostic } from "../diagnostics";
import type { ColumnType, DataSchema } from "../data/table";
import type { DataFormat } from "../data/reader";
import type { Range, Span } from "../text";
import type { TrendPeriod, Unit } from "./schema";
import type { Sym, Workspace } from "./workspace";
import type { ColumnSpec, Encoding } from "../plan/plan";
import type { RowExpr, ValueType } from "../plan/ir";

/** A derived column (`derive { name = … }`, language-v2 §9.2). */
export interface DerivedInfo {
  name: string;
  /** The expression's type (declared when written `name: type = …`). */
  type: ColumnType;
  /** The lowered expression; undefined when it has errors. */
  expr?: RowExpr;
  /** Columns it reads (read or derived). */
  deps: string[];
  /** Where the name is written. */
  span: Span;
  /** Written `name: type = …`. */
  declaredType?: ColumnType;
  /** The expression's unit (minutes for minutes_between, …). */
  unit?: Unit;
  ok: boolean;
}

export interface SourceInfo {
  sym: Sym;
  name: string;
  /** Files (`file:`), or a table or query of a connection (`connection:` with `table:` or `sql:`). */
  kind: "file" | "sql";
  connection?: string;
  table?: string;
  sql?: string;
  /** `encoding:` (default utf-8). */
  encoding: Encoding;
  /** Declared columns with their headers (`from`) and labels (`map`). */
  specs?: Map<string, ColumnSpec>;
  /** Derived columns by name (also listed in `columns` with their types). */
  derived: Map<string, DerivedInfo>;
  /** The `file:` value as written. */
  pattern?: string;
  /** Resolved, confined, existing files (sorted); empty when the source is unreadable. */
  files: string[];
  format: DataFormat;
  delimiter: string;
  timestamp?: string;
  /** The `columns { }` block, if any. */
  declared?: Map<string, ColumnType>;
  /** Where each declared column is declared (for CX4002). */
  declaredAt: Map<string, Range>;
  /** Columns known for checking: declared (else from the data) and derived; undefined when unknown. */
  columns?: Map<string, ColumnType>;
  /** Schema as scanned from the data (sources without `columns`, and in `check`). */
  schema?: DataSchema;
  /** False when the data cannot be read (missing, outside the root, bad format). */
  readable: boolean;
}

export interface Threshold {
  op: CompareOp;
  value: number;
  /** Written as a percent literal. */
  percent: boolean;
  text: string;
}

export interface AggregateUse {
  call: Call;
  fn: string;
  source: string;
  /** Column of the first argument, when it is a plain column. */
  column?: string;
  /** Every column read by this aggregate (argument and where; derived columns by name). */
  columns: Set<string>;
  /** The lowered first argument; undefined when it names rows (`count(src)`, `share(src where …)`). */
  arg?: RowExpr;
  argType?: ValueType;
  /** The lowered `where`. */
  where?: RowExpr;
  /** Constant options: percentile p, scale. */
  p?: number;
  scale?: number;
  /** False when the argument or the `where` has errors (the metric is then not sound). */
  ok: boolean;
}

/** `conversion(FUNNEL[, STEP])` or `retention(COHORT, AGE)` in a metric formula (§12, §13). */
export interface AnalysisUse {
  call: Call;
  kind: "funnel" | "cohort";
  name: string;
  /** conversion: the step's index (default: the last); retention: the age. */
  step?: string;
  age?: number;
}

export interface MetricInfo {
  sym: Sym;
  name: string;
  label: string;
  description?: string;
  touchpoint?: string;
  value?: Expr;
  unit?: Unit;
  currency?: string;
  inferredUnit?: Unit;
  by: string[];
  window?: Duration;
  trend?: TrendPeriod;
  decimals?: number;
  minSample?: number;
  /** Metrics referenced directly. */
  refs: string[];
  /** Aggregates written directly in this metric's formula. */
  aggregates: AggregateUse[];
  /** conversion()/retention() calls in this metric's formula. */
  analyses: AnalysisUse[];
  /** `compare:` (§11.2). */
  compare?: "previous" | "last_year";
  /** No error in its own declaration (ok = also every input sound; see `sound`). */
  ownOk: boolean;
  /** Own declaration, referenced metrics, sources and columns all sound: the metric can be evaluated. */
  sound: boolean;
  /** Why not sound (for hovers), if known. */
  brokenReason?: string;
}

export interface GoalInfo {
  sym: Sym;
  name: string;
  label: string;
  metric?: string;
  target?: Threshold;
  warn?: Threshold;
  severity: "error" | "warning";
  owner?: string;
  /** `scope:` (§11.1). */
  scope: "overall" | "groups";
  ok: boolean;
}

export interface FunnelStepInfo {
  name: string;
  label: string;
  /** The touchpoint of the same name, if any. */
  touchpoint?: string;
  condition?: RowExpr;
  span: Span;
}

export interface FunnelInfo {
  sym: Sym;
  name: string;
  label: string;
  source?: string;
  customer?: string;
  steps: FunnelStepInfo[];
  within?: Duration;
  window?: Duration;
  /** Own declaration without errors and its source sound. */
  ok: boolean;
}

export interface CohortInfo {
  sym: Sym;
  name: string;
  label: string;
  source?: string;
  customer?: string;
  start?: string;
  end?: string;
  mode: "subscription" | "activity";
  period?: "week" | "month" | "quarter";
  periods?: number;
  window?: Duration;
  ok: boolean;
}

export interface DriverInfo {
  name: string;
  column: string;
  touchpoint?: string;
  label: string;
  span: Span;
}

export interface DriversInfo {
  sym: Sym;
  name: string;
  label: string;
  source?: string;
  outcome?: string;
  drivers: DriverInfo[];
  where?: RowExpr;
  window?: Duration;
  ok: boolean;
}

export interface TouchpointInfo {
  sym: Sym;
  name: string;
  label: string;
  stage?: string;
  channel?: string;
  owner?: string;
  description?: string;
  score?: string;
  weight: number;
}

export interface JourneyInfo {
  sym: Sym;
  name: string;
  label: string;
  touchpoints: string[];
  unit?: Unit;
}

export type RefTarget =
  | { kind: "metric" | "touchpoint" | "source" | "goal" | "journey" | "funnel" | "cohort" | "drivers"; name: string }
  /** A derived column (`derive { name = … }`), a funnel step or a driver of a drivers declaration. */
  | { kind: "derived"; source: string; name: string }
  | { kind: "step"; funnel: string; name: string }
  | { kind: "column"; source: string; name: string }
  | { kind: "function"; name: string };

/** A resolved name occurrence, for go-to-definition, references, rename and hovers. */
export interface Reference {
  file: string;
  span: Span;
  target: RefTarget;
}

export interface SemanticModel {
  workspace: Workspace;
  sources: Map<string, SourceInfo>;
  touchpoints: Map<string, TouchpointInfo>;
  metrics: Map<string, MetricInfo>;
  goals: Map<string, GoalInfo>;
  journeys: Map<string, JourneyInfo>;
  funnels: Map<string, FunnelInfo>;
  cohorts: Map<string, CohortInfo>;
  drivers: Map<string, DriversInfo>;
  references: Reference[];
  /** Every diagnostic of loading, binding, source resolution, data scanning and checking. */
  diagnostics: Diagnostic[];
}

export function identSpan(id: Identifier | undefined): Span | undefined {
  return id?.span;
}

export function declName(d: Declaration): string | undefined {
  return d.name?.name;
}

/**
 * A metric and every metric it uses, directly or through others, each once (iterative, so a chain
 * of any length is safe). `follow` decides which references to follow (default: all).
 */
export function metricClosure(metrics: Map<string, MetricInfo>, m: MetricInfo, follow: (ref: MetricInfo) => boolean = () => true): MetricInfo[] {
  const out: MetricInfo[] = [];
  const seen = new Set<string>();
  const stack = [m];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x.name)) continue;
    seen.add(x.name);
    out.push(x);
    for (const r of x.refs) {
      const rm = metrics.get(r);
      if (rm && follow(rm)) stack.push(rm);
    }
  }
  return out;
}

/** The sources a metric's formula reads, through the metrics it uses too. */
export function metricSources(metrics: Map<string, MetricInfo>, m: MetricInfo): Set<string> {
  const out = new Set<string>();
  for (const x of metricClosure(metrics, m)) for (const a of x.aggregates) out.add(a.source);
  return out;
}
