// The evaluation's results: what every engine's evaluation produces and every report renders
// (cli.md, "JSON report" and "Version 2 additions"). Plain data, JSON-serialisable.
import type { Unit } from "../semantics/schema";

export type GoalStatus = "met" | "at_risk" | "missed" | "no_data";

export type KeyValue = string | number | boolean | null;

/** A comparison of one bucket (the metric, or one group) with its value at the comparison as-of date (§11.2). */
export interface Change {
  /** The value at the comparison as-of date; null when there is none. */
  previous: number | null;
  /** value − previous (a fraction for percent metrics); null when either is null. */
  change: number | null;
  /** Two-sided p-value of the test of §11.2; null when no test applies. */
  p: number | null;
  /** p < 1 − confidence; null when p is null. */
  significant: boolean | null;
}

export interface GroupResult extends Partial<Change> {
  key: Record<string, KeyValue>;
  value: number | null;
  rows: number;
  /** Sample size (cli.md "Sample size"); null when the formula is not exactly one aggregate. */
  n: number | null;
}

export interface TrendResult {
  period: string;
  value: number | null;
  rows: number;
  n: number | null;
}

/** `compare:` on a metric (report field `compare`). */
export interface CompareResult {
  kind: "previous" | "last_year";
  /** The comparison as-of date, YYYY-MM-DD. */
  asOf: string;
  /** The metric's value at that date. */
  value: number | null;
  change: number | null;
  p: number | null;
  significant: boolean | null;
  /** Human description of the compared period, e.g. "previous 90 days", "same 3 months last year". */
  label: string;
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
  /** Sample size (cli.md "Sample size"): one meaning everywhere; null for formulas that are not one aggregate. */
  n: number | null;
  groups?: GroupResult[];
  trend?: TrendResult[];
  compare?: CompareResult;
  /** Survey breakdown for confidence intervals: promoters/detractors (nps), top-box (csat), mean/sd (ces). */
  stats?: SurveyStats;
  /** Where the value comes from when it is not a plain aggregate: a funnel or cohort. */
  analysis?: { kind: "funnel" | "cohort"; name: string };
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

export interface GoalGroupResult {
  key: Record<string, KeyValue>;
  value: number | null;
  status: GoalStatus;
}

export interface GoalResult {
  name: string;
  label: string;
  metric: string | null;
  /** overall (default) or groups (§11.1). */
  scope: "overall" | "groups";
  status: GoalStatus;
  /** The metric's overall value; with scope groups, the value of the worst group (null when none). */
  value: number | null;
  target: { op: string; value: number } | null;
  warn: { op: string; value: number } | null;
  severity: "error" | "warning";
  owner?: string;
  /** scope: groups — every group's status, in the metric's group order. */
  groups?: GoalGroupResult[];
}

export interface JourneyStep {
  touchpoint: string;
  label: string;
  stage: string | null;
  metric: string | null;
  value: number | null;
  weight: number;
  goal: GoalStatus | null;
  /** Share of the journey's customers who reach this touchpoint (from a funnel step named after it), else null. */
  reach?: number | null;
  /** Relative importance for the outcome (from a drivers analysis with a driver named after it), else null. */
  importance?: number | null;
  /** The funnel step with the lowest conversion from the step before. */
  weakest?: boolean;
  /** The most important touchpoint among those whose goal is not met (or whose score is lowest). */
  priority?: boolean;
}

export interface JourneyResult {
  name: string;
  label: string;
  unit: Unit | null;
  value: number | null;
  steps: JourneyStep[];
}

export interface FunnelStepResult {
  name: string;
  label: string;
  /** The touchpoint of the same name, if any. */
  touchpoint: string | null;
  customers: number;
  /** customers ÷ customers of the step before (1 for the first step); null when the step before has none. */
  conversion: number | null;
  /** customers ÷ customers of the first step; null when the first has none. */
  overall: number | null;
}

export interface FunnelResult {
  name: string;
  label: string;
  /** The last step's `overall`. */
  value: number | null;
  /** Customers who reached the first step. */
  customers: number;
  steps: FunnelStepResult[];
}

export interface CohortAge {
  age: number;
  observed: number;
  retained: number;
}

export interface CohortRow {
  /** Period key of the cohort (§5.3 form: 2026-01, 2026-W05, 2026-Q1). */
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
  label: string;
  mode: "subscription" | "activity";
  period: "week" | "month" | "quarter";
  periods: number;
  /** The curve at age `periods`. */
  value: number | null;
  curve: CohortCurvePoint[];
  cohorts: CohortRow[];
}

export interface DriverResult {
  name: string;
  column: string;
  touchpoint: string | null;
  label: string;
  /** ε_j / R²; null with too few cases or a constant driver. */
  importance: number | null;
  /** Pearson correlation with the outcome over the complete cases. */
  correlation: number | null;
  /** Mean over the complete cases (the driver's performance). */
  mean: number | null;
  /** Raw relative weight ε_j. */
  weight: number | null;
}

export interface DriversResult {
  name: string;
  label: string;
  outcome: string;
  /** Complete cases. */
  n: number;
  r2: number | null;
  drivers: DriverResult[];
}
