// The evaluation plan: engine-neutral data saying what each source must compute. The planner
// (plan/planner.ts) makes it from the semantic model and an as-of date; an executor runs it —
// the native kernel (engines/native/) or an SQL engine (engines/sql/) — and returns only
// aggregates (`SourceOutput`); the assembler (eval/assemble.ts) turns those into metric, goal,
// journey, funnel, cohort and drivers results, identically for every engine.
//
//   model ──planner──▶ WorkspacePlan ──executor (per source)──▶ SourceOutput ──assembler──▶ EvalResult
//
// Everything here is plain data (JSON-serialisable but for the Maps), so plans can be shown
// (`cx sql`), compared in tests and cached by key.
import type { ColumnType } from "../data/table";
import type { DataFormat } from "../data/reader";
import type { TrendPeriod } from "../semantics/schema";
import type { Literal, RowExpr, ValueType } from "./ir";

/** Local dates lo < d ≤ hi (days since 1970-01-01), the rows of a `window` (§5.1). */
export interface DayRange {
  lo: number;
  hi: number;
}

/** How a measure's rows are split: `by` columns and/or `trend` periods of the source's timestamp. */
export interface Breakdown {
  by: string[];
  trend?: TrendPeriod;
}

/**
 * What a measure computes per bucket (see BreakdownOutput for buckets), over the rows of its
 * window where `where` is true. Its values, per kind (n is always the measure's sample size,
 * cli.md "Sample size"):
 *   rows        n: rows
 *   values      n: non-null values of `arg`
 *   distinct    n: non-null values, a: distinct non-null values
 *   moments     n: non-null values, a: their sum, b: M2 = Σ(x − mean)², the sum of squared
 *               deviations (compute it stably: shifted sums or Welford's method natively,
 *               var_pop(x) · count(x) in SQL — never Σx² − (Σx)²/n on raw values)
 *   min / max   n: non-null values, a: the smallest / largest (NaN: none)
 *   percentile  n: non-null values, a: the `p`-th percentile, linear interpolation between
 *               closest ranks (NaN: none)
 *   survey      n: valid answers (non-null integers in [min, max]); a, b:
 *                 nps  a: promoters (≥ 9), b: detractors (≤ 6)
 *                 csat a: top-two answers (≥ max − 1)
 *                 ces  a: sum, b: sum of squares
 * Values of `arg` are numbers (date: day number, datetime: epoch ms, boolean: 1/0) except for
 * `values` and `distinct`, which take any type (text included).
 */
export type MeasureKind = "rows" | "values" | "distinct" | "moments" | "min" | "max" | "percentile" | "survey";

export interface Measure {
  /** Canonical key: equal keys compute equal things (the plan holds each once). */
  key: string;
  kind: MeasureKind;
  /** The row expression aggregated (absent for `rows`). */
  arg?: RowExpr;
  /** percentile: p in [0, 100]. */
  p?: number;
  /** survey: which score and its scale. */
  survey?: { fn: "nps" | "csat" | "ces"; min: number; max: number };
  /** Rows of the source's timestamp window (absent: all rows). */
  window?: DayRange;
  /** Only rows where this is true. */
  where?: RowExpr;
  breakdown: Breakdown;
}

/** A funnel (language-v2 §12) over one event source. */
export interface FunnelPlan {
  key: string;
  name: string;
  /** The customer column (any type; null customers are ignored). */
  customer: string;
  /** One condition per step, in order. */
  steps: RowExpr[];
  /** Later steps within this many milliseconds after the first (inclusive); absent: no limit. */
  withinMs?: number;
  /** The first step's rows must be in this window. */
  window?: DayRange;
}

/** A cohort analysis (language-v2 §13). */
export interface CohortPlan {
  key: string;
  name: string;
  customer: string;
  mode: "subscription" | "activity";
  /** Subscription: start and end columns (date or datetime); activity: the source's timestamp. */
  start?: string;
  end?: string;
  period: "week" | "month" | "quarter";
  periods: number;
  /** Customers whose start (first activity) local date is in this range. */
  window?: DayRange;
  /** The as-of date (day number): decides which ages are observed. */
  asOf: number;
}

/** A key-driver analysis (language-v2 §14): the complete cases' moments. */
export interface DriversPlan {
  key: string;
  name: string;
  /** Outcome first, then the drivers in declaration order. */
  columns: RowExpr[];
  window?: DayRange;
  where?: RowExpr;
}

/** Values outside a score's scale (CX4006): counted over every row of the source. */
export interface ScaleCheck {
  key: string;
  arg: RowExpr;
  min: number;
  max: number;
}

/** A division in a row expression (CX4007): rows where it divided a non-null number by zero. */
export interface DivisionCheck {
  id: number;
  /** The numerator and denominator. */
  num: RowExpr;
  den: RowExpr;
  /** Rows on which the division is evaluated (absent: every row). */
  window?: DayRange;
  where?: RowExpr;
}

/** A declared (or inferred) column: its type, the header or key it is read from, and its answer labels (§9.1). */
export interface ColumnSpec {
  type: ColumnType;
  /** `from "HEADER"` as written, else the column's name (JSON/JSONL/YAML: may be a dotted path). */
  header: string;
  /** `map { … }`: labels as written and values in the column's representation (numbers, 1/0, day numbers, epoch ms, strings). */
  map?: { label: string; value: number | string }[];
}

export type Encoding = "utf-8" | "utf-16" | "latin1" | "windows-1252";

/** Where a source's rows come from. */
export type SourceAccess =
  | { kind: "files"; files: string[]; format: DataFormat; delimiter: string; encoding: Encoding }
  | { kind: "table"; connection: string; table: string }
  | { kind: "query"; connection: string; sql: string };

export interface SourcePlan {
  source: string;
  access: SourceAccess;
  /** Every column of the source's schema (declared, or read from the data / the engine), by .cx name. */
  schema: Map<string, ColumnSpec>;
  /** The columns the plan reads from the data (by .cx name) and their types: a subset of `schema`. */
  columns: Map<string, ColumnType>;
  /** Derived columns, in an order where each comes after those it uses (§9.2). */
  derived: { name: string; type: ValueType; expr: RowExpr }[];
  /** The timestamp column (read or derived), if the source has one and the plan needs it. */
  timestamp?: { name: string; type: "date" | "datetime" };
  measures: Measure[];
  funnels: FunnelPlan[];
  cohorts: CohortPlan[];
  drivers: DriversPlan[];
  scaleChecks: ScaleCheck[];
  divisions: DivisionCheck[];
}

export interface WorkspacePlan {
  /** The as-of date (and each comparison as-of date) the plan was made for: measures carry their windows. */
  asOf: string;
  /** IANA zone of the workspace (local dates of datetimes). */
  timezone: string;
  sources: Map<string, SourcePlan>;
}

// ---------------------------------------------------------------------------------------------
// What executors return.

/**
 * The groups and periods of one breakdown of a source. A measure's buckets are laid out as
 *   [0] overall, [1 … G] groups (in `groups` order), [G+1 … G+P] periods (in `periods` order),
 *   [G+P+1] rows without a timestamp (trend only), [G+P+2] an empty bucket (nothing, ever).
 * Groups and periods are the executor's own (any order, possibly with keys no row of a given
 * measure has, or no row at all — the native engine has a group per dictionary code of a text
 * column); the assembler orders them and drops those without rows.
 */
export interface BreakdownOutput {
  /** Key of each group: one value per `by` column, in the plan's representation (ir.ts). */
  groups: Literal[][];
  /** Period code of each period (eval/periods.ts periodCode). */
  periods: number[];
}

/** A measure's values per bucket (see MeasureKind for what n, a and b hold). */
export interface MeasureOutput {
  n(bucket: number): number;
  a(bucket: number): number;
  b(bucket: number): number;
}

export interface FunnelOutput {
  /** Customers who reached each step. */
  customers: number[];
}

export interface CohortOutput {
  /** Per cohort (any order): its period code, customers, and per age 0..periods observed and retained customers. */
  cohorts: { code: number; customers: number; observed: number[]; retained: number[] }[];
}

export interface DriversOutput {
  /** Complete cases. */
  n: number;
  /** Per column (outcome first): mean, and whether it is constant over the complete cases. */
  means: number[];
  constant: boolean[];
  /** Pearson correlations between the columns (symmetric; NaN where a column is constant). */
  corr: number[][];
}

export interface SourceOutput {
  breakdown(b: Breakdown): BreakdownOutput;
  measure(key: string): MeasureOutput;
  funnel(key: string): FunnelOutput;
  cohort(key: string): CohortOutput;
  drivers(key: string): DriversOutput;
  /** Scale check results: how many values are outside, and (native only) the first such row's location. */
  scale(key: string): { count: number; first?: { file: string; line: number; value: number } };
  /** Division checks: rows where a non-null number was divided by zero. */
  division(id: number): number;
}

/** Buckets of a breakdown: the index of the group, the period, the no-timestamp and the empty bucket. */
export function bucketLayout(b: BreakdownOutput): { groups: number; periods: number; noTimestamp: number; empty: number; count: number } {
  const g = b.groups.length;
  const p = b.periods.length;
  return { groups: 1, periods: 1 + g, noTimestamp: 1 + g + p, empty: 2 + g + p, count: 3 + g + p };
}

export function breakdownKey(b: Breakdown): string {
  return `by ${JSON.stringify(b.by)} trend ${b.trend ?? ""}`;
}
