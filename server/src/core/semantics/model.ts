// The semantic model: what the checker learned, consumed by the evaluator, the reports and the
// editor features. Built once per analysis; plain data.
import type { Call, CompareOp, Declaration, Duration, Expr, Identifier } from "../syntax/ast";
import type { Diagnostic } from "../diagnostics";
import type { ColumnType, DataSchema } from "../data/table";
import type { DataFormat } from "../data/reader";
import type { Range, Span } from "../text";
import type { TrendPeriod, Unit } from "./schema";
import type { Sym, Workspace } from "./workspace";

export interface SourceInfo {
  sym: Sym;
  name: string;
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
  /** Columns known for checking: declared, else from the data; undefined when unknown. */
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
  /** Column of the first argument, if any. */
  column?: string;
  /** Every column read by this aggregate (argument and where). */
  columns: Set<string>;
  /** Constant options: percentile p, scale. */
  p?: number;
  scale?: number;
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
