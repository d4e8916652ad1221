// The JSON report of `cx eval --format json` (../shared/spec/cli.md), as the preview reads it.
// Everything is optional or nullable beyond the spec's minimum: the webview receives data over a
// message channel and must render whatever arrives without throwing. Fields marked "later" are not in
// version 1 of the report yet (source locations; confidence intervals, issue 6) and are rendered when
// present.

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

export interface MetricGroup {
  key: Record<string, KeyValue>;
  value: number | null;
  rows?: number;
  ci?: ConfidenceInterval | null;
  n?: number | null;
}

export interface TrendPoint {
  period: string;
  value: number | null;
  rows?: number;
  ci?: ConfidenceInterval | null;
  n?: number | null;
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
  /** Valid answers of a survey metric (the report's `sample`); `n` is accepted as an alias. */
  sample?: number | null;
  n?: number | null;
  location?: SourceLocation | null;
}

export interface Threshold {
  op: string;
  value: number;
}

export interface GoalResult {
  name: string;
  metric: string;
  status: GoalStatus | string;
  value: number | null;
  target: Threshold | null;
  warn?: Threshold | null;
  severity?: Severity | string;
  /** Later (issue 6): false when the metric's interval straddles the target. */
  conclusive?: boolean;
  location?: SourceLocation | null;
}

export interface JourneyStep {
  touchpoint: string;
  label?: string | null;
  metric?: string | null;
  value: number | null;
  weight?: number | null;
  goal?: GoalStatus | string | null;
}

export interface JourneyResult {
  name: string;
  label?: string | null;
  unit?: string | null;
  value: number | null;
  steps: JourneyStep[];
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
