// The JSON report of `cx eval --format json` (../shared/spec/cli.md, including "Version 2 additions"),
// as the preview reads it; the core's shapes are server/src/core/eval/results.ts and core/report.ts.
// Everything is optional or nullable beyond the spec's minimum: the webview receives data over a
// message channel and must render whatever arrives without throwing.

export type GoalStatus = "met" | "at_risk" | "missed" | "no_data";
export type Severity = "error" | "warning" | "info";

/** 1-based, as everywhere in the report. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Later (issue 6): a confidence interval; `level` is a fraction such as 0.95. */
export interface ConfidenceInterval {
  low: number;
  high: number;
  level: number;
}

export type KeyValue = string | number | boolean | null;

/**
 * A comparison with the value at the comparison as-of date (language-v2 §11.2). On a metric it is the
 * report field `compare`; a group carries the same fields inline.
 */
export interface ChangeFields {
  /** The value at the comparison as-of date; null when there is none. */
  previous?: number | null;
  /** value − previous (a fraction for percent metrics: 0.05 is 5 points); null when either is null. */
  change?: number | null;
  /** Two-sided p-value; null when no test applies. */
  p?: number | null;
  /** p < 1 − confidence; null when p is null. */
  significant?: boolean | null;
}

export interface MetricGroup extends ChangeFields {
  key: Record<string, KeyValue>;
  value: number | null;
  rows?: number;
  ci?: ConfidenceInterval | null;
  /** Sample size (cli.md "Sample size, one meaning everywhere"); null when the formula is not one aggregate. */
  n?: number | null;
}

export interface TrendPoint {
  period: string;
  value: number | null;
  rows?: number;
  ci?: ConfidenceInterval | null;
  /** Sample size of the period. */
  n?: number | null;
}

/** `compare:` on a metric (report field `compare`). */
export interface CompareResult {
  kind?: "previous" | "last_year" | string;
  /** The comparison as-of date, YYYY-MM-DD. */
  asOf?: string | null;
  /** The metric's value at that date. */
  value: number | null;
  change: number | null;
  p?: number | null;
  significant?: boolean | null;
  /** The compared period, e.g. "previous 90 days", "same 3 months last year". */
  label?: string | null;
}

export interface MetricResult {
  name: string;
  label?: string | null;
  description?: string | null;
  /** `count | number | percent | points | currency | seconds | minutes | hours | days`; a currency code may
   * come as `currency: "EUR"` or inside the unit (`currency "EUR"`). */
  unit?: string | null;
  currency?: string | null;
  decimals?: number | null;
  touchpoint?: string | null;
  value: number | null;
  rows?: number | null;
  groups?: MetricGroup[];
  trend?: TrendPoint[];
  ci?: ConfidenceInterval | null;
  /** Sample size: the number of values the metric's one aggregate used; null for other formulas. */
  n?: number | null;
  compare?: CompareResult | null;
  /** The SQL an SQL engine runs for this metric (engines.md), shown behind a "Show SQL" toggle. */
  sql?: string | null;
  /** Where the value comes from when it is not a plain aggregate: a funnel or a cohort. */
  analysis?: { kind: "funnel" | "cohort" | string; name: string } | null;
  location?: SourceLocation | null;
}

export interface Threshold {
  op: string;
  value: number;
}

/** One group of a `scope: groups` goal. */
export interface GoalGroupResult {
  key: Record<string, KeyValue>;
  value: number | null;
  status: GoalStatus | string;
}

export interface GoalResult {
  name: string;
  label?: string | null;
  metric: string;
  /** overall (default) or groups (language-v2 §11.1). */
  scope?: "overall" | "groups" | string;
  status: GoalStatus | string;
  /** The metric's value; with scope groups, the value of the worst group. */
  value: number | null;
  target: Threshold | null;
  warn?: Threshold | null;
  severity?: Severity | string;
  /** Later (issue 6): false when the metric's interval straddles the target. */
  conclusive?: boolean;
  /** scope: groups — every group's status, in the metric's group order. */
  groups?: GoalGroupResult[];
  location?: SourceLocation | null;
}

export interface JourneyStep {
  touchpoint: string;
  label?: string | null;
  metric?: string | null;
  value: number | null;
  weight?: number | null;
  goal?: GoalStatus | string | null;
  /** Share of the journey's customers who reach this touchpoint (from a funnel step named after it). */
  reach?: number | null;
  /** Relative importance for the outcome (from a drivers analysis with a driver named after it). */
  importance?: number | null;
  /** The funnel step with the lowest conversion from the step before. */
  weakest?: boolean;
  /** The most important touchpoint among those whose goal is not met. */
  priority?: boolean;
}

export interface JourneyResult {
  name: string;
  label?: string | null;
  unit?: string | null;
  value: number | null;
  steps: JourneyStep[];
  location?: SourceLocation | null;
}

export interface FunnelStep {
  name: string;
  label?: string | null;
  /** The touchpoint of the same name, if any. */
  touchpoint?: string | null;
  customers: number;
  /** customers ÷ customers of the step before (1 for the first); null when the step before has none. */
  conversion: number | null;
  /** customers ÷ customers of the first step. */
  overall: number | null;
}

export interface FunnelResult {
  name: string;
  label?: string | null;
  /** The last step's `overall`. */
  value: number | null;
  customers?: number | null;
  steps: FunnelStep[];
  location?: SourceLocation | null;
}

export interface CohortAge {
  age: number;
  observed: number;
  retained: number;
}

export interface CohortRow {
  /** Period key of the cohort: 2026-01, 2026-W05, 2026-Q1. */
  cohort: string;
  customers: number;
  ages: CohortAge[];
}

export interface CohortCurvePoint extends CohortAge {
  /** Σ retained ÷ Σ observed; null when none observed. */
  rate: number | null;
}

export interface CohortResult {
  name: string;
  label?: string | null;
  mode?: "subscription" | "activity" | string;
  period?: "week" | "month" | "quarter" | string;
  periods?: number;
  /** The curve at age `periods`. */
  value: number | null;
  curve: CohortCurvePoint[];
  cohorts: CohortRow[];
  location?: SourceLocation | null;
}

export interface DriverResult {
  name: string;
  column?: string | null;
  touchpoint?: string | null;
  label?: string | null;
  /** Relative weight ÷ R² (the importances add up to 1); null with too few cases or a constant driver. */
  importance: number | null;
  correlation: number | null;
  /** Mean over the complete cases: the driver's performance. */
  mean: number | null;
  weight?: number | null;
}

export interface DriversResult {
  name: string;
  label?: string | null;
  outcome?: string | null;
  /** Complete cases. */
  n?: number | null;
  r2?: number | null;
  drivers: DriverResult[];
  location?: SourceLocation | null;
}

/** The report's touchpoints (titles and links for metric groups, funnel steps and drivers). */
export interface ReportTouchpoint {
  name: string;
  label?: string | null;
  stage?: string | null;
  location?: SourceLocation | null;
}

export interface ReportDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: Severity | string;
  code: string;
  message: string;
}

export interface Report {
  cx?: number;
  asOf?: string | null;
  files?: string[];
  diagnostics?: ReportDiagnostic[];
  metrics?: MetricResult[];
  goals?: GoalResult[];
  journeys?: JourneyResult[];
  funnels?: FunnelResult[];
  cohorts?: CohortResult[];
  drivers?: DriversResult[];
  touchpoints?: ReportTouchpoint[];
  summary?: {
    errors?: number;
    warnings?: number;
    goals?: Partial<Record<GoalStatus, number>>;
  };
}

/** Messages the extension posts to the webview. */
export type ToWebview =
  | { type: "computing" }
  | { type: "report"; report: Report; folder?: string | { name?: string } | null }
  | { type: "error"; message: string };

/** Messages the webview posts to the extension. */
export type FromWebview = { type: "ready" } | { type: "refresh" } | ({ type: "reveal" } & SourceLocation);
