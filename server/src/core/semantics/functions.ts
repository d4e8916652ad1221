// Built-in functions (language reference §4.2, §4.3): one table for the checker, the evaluator,
// hovers, completion and signature help.
import type { Unit } from "./schema";

export type AggregateName =
  | "count" | "count_distinct" | "sum" | "avg" | "min" | "max" | "median" | "percentile" | "share" | "nps" | "csat" | "ces";
export type ScalarName = "round" | "abs" | "coalesce" | "least" | "greatest";
export type RowFunctionName =
  | "if" | "lower" | "upper" | "trim" | "contains" | "starts_with" | "day" | "week" | "month" | "quarter" | "year" | "date"
  | "days_between" | "hours_between" | "minutes_between" | "as_of";
export type AnalysisName = "conversion" | "retention";

export interface FunctionInfo {
  name: string;
  aggregate: boolean;
  /** Where it may be used: "row" functions only on rows (language-v2 §10.2), "metric" functions only in a
   *  metric's formula (conversion, retention); absent: both (round, abs, coalesce, least, greatest). */
  context?: "row" | "metric";
  /** Signature shown in completion and signature help. */
  signature: string;
  parameters: { label: string; doc: string }[];
  /** Named options (e.g. scale) with allowed values. */
  options?: Record<string, readonly number[]>;
  doc: string;
  /** Whether the first argument may be a whole source (rows) rather than a column. */
  rows: "rows" | "column" | "either";
  /** Column types accepted for column arguments. */
  accepts?: readonly ("integer" | "number" | "date" | "datetime" | "boolean" | "text")[];
  /** Result unit, or "column" for the column's, or "arg" for the first argument's. */
  unit: Unit | "arg" | "column";
  /** Scale of survey scores, for validity and confidence intervals. */
  minArgs: number;
  maxArgs: number;
}

const NUMERIC = ["integer", "number"] as const;

/** Named options without a prototype, so that `options[name]` of a user's name (`toString:`) is undefined. */
const opts = (o: Record<string, readonly number[]>): Record<string, readonly number[]> => Object.assign(Object.create(null) as Record<string, readonly number[]>, o);

const row = (name: string, signature: string, parameters: { label: string; doc: string }[], doc: string, minArgs: number, maxArgs: number, unit: Unit | "arg" = "number"): FunctionInfo => ({
  name, aggregate: false, context: "row", signature, parameters, doc, rows: "column", unit, minArgs, maxArgs,
});
const D = { label: "d", doc: "A date or date-time column (a datetime counts by its local date in the workspace time zone)." };
const AB = [
  { label: "a", doc: "The earlier date or date-time." },
  { label: "b", doc: "The later date or date-time." },
];

export const FUNCTIONS: Record<AggregateName | ScalarName | RowFunctionName | AnalysisName, FunctionInfo> = {
  count: {
    name: "count", aggregate: true, signature: "count(source | source.column [where condition])",
    parameters: [{ label: "source | source.column", doc: "All rows of a source, or the non-null values of a column." }],
    doc: "Number of rows, or of non-null values of a column. 0 when there are none.", rows: "either", unit: "count", minArgs: 1, maxArgs: 1,
  },
  count_distinct: {
    name: "count_distinct", aggregate: true, signature: "count_distinct(source.column [where condition])",
    parameters: [{ label: "source.column", doc: "The column whose distinct non-null values are counted." }],
    doc: "Number of distinct non-null values. 0 when there are none.", rows: "column", unit: "count", minArgs: 1, maxArgs: 1,
  },
  sum: {
    name: "sum", aggregate: true, signature: "sum(source.column [where condition])",
    parameters: [{ label: "source.column", doc: "A numeric column." }],
    doc: "Sum of the non-null values (0 when there are none).", rows: "column", accepts: NUMERIC, unit: "number", minArgs: 1, maxArgs: 1,
  },
  avg: {
    name: "avg", aggregate: true, signature: "avg(source.column [where condition])",
    parameters: [{ label: "source.column", doc: "A numeric column." }],
    doc: "Mean of the non-null values; null when there are none.", rows: "column", accepts: NUMERIC, unit: "number", minArgs: 1, maxArgs: 1,
  },
  min: {
    name: "min", aggregate: true, signature: "min(source.column [where condition])",
    parameters: [{ label: "source.column", doc: "A numeric or date column." }],
    doc: "Smallest non-null value; null when there are none.", rows: "column", accepts: [...NUMERIC, "date", "datetime"], unit: "column", minArgs: 1, maxArgs: 1,
  },
  max: {
    name: "max", aggregate: true, signature: "max(source.column [where condition])",
    parameters: [{ label: "source.column", doc: "A numeric or date column." }],
    doc: "Largest non-null value; null when there are none.", rows: "column", accepts: [...NUMERIC, "date", "datetime"], unit: "column", minArgs: 1, maxArgs: 1,
  },
  median: {
    name: "median", aggregate: true, signature: "median(source.column [where condition])",
    parameters: [{ label: "source.column", doc: "A numeric column." }],
    doc: "The 50th percentile (linear interpolation); null when there are no values.", rows: "column", accepts: NUMERIC, unit: "number", minArgs: 1, maxArgs: 1,
  },
  percentile: {
    name: "percentile", aggregate: true, signature: "percentile(source.column [where condition], p)",
    parameters: [
      { label: "source.column", doc: "A numeric column." },
      { label: "p", doc: "The percentile, 0 to 100." },
    ],
    doc: "The p-th percentile by linear interpolation between closest ranks (NumPy's \"linear\", PostgreSQL's percentile_cont).",
    rows: "column", accepts: NUMERIC, unit: "number", minArgs: 2, maxArgs: 2,
  },
  share: {
    name: "share", aggregate: true, signature: "share(source where condition)",
    parameters: [{ label: "source where condition", doc: "The rows to count, as a share of all rows in the current context." }],
    doc: "Rows matching the condition ÷ all rows of the source in the current context (after window, within the group or period). A percent.",
    rows: "rows", unit: "percent", minArgs: 1, maxArgs: 1,
  },
  nps: {
    name: "nps", aggregate: true, signature: "nps(source.column [where condition])",
    parameters: [{ label: "source.column", doc: "Likelihood to recommend, integers 0..10." }],
    doc: "Net Promoter Score: (promoters − detractors) ÷ valid answers × 100. Promoters answer 9–10, passives 7–8, detractors 0–6. From −100 to +100 points.",
    rows: "column", accepts: NUMERIC, unit: "points", minArgs: 1, maxArgs: 1,
  },
  csat: {
    name: "csat", aggregate: true, signature: "csat(source.column [where condition], scale: 5)",
    parameters: [
      { label: "source.column", doc: "Satisfaction, integers 1..scale." },
      { label: "scale: 5", doc: "Scale of the answers: 5 (default), 7 or 10." },
    ],
    options: opts({ scale: [5, 7, 10] }),
    doc: "Customer Satisfaction: the share of valid answers in the top two points of the scale (top-two box: 4–5 of 5, 6–7 of 7, 9–10 of 10). A percent.",
    rows: "column", accepts: NUMERIC, unit: "percent", minArgs: 1, maxArgs: 1,
  },
  ces: {
    name: "ces", aggregate: true, signature: "ces(source.column [where condition], scale: 7)",
    parameters: [
      { label: "source.column", doc: "Customer effort, integers 1..scale." },
      { label: "scale: 7", doc: "Scale of the answers: 7 (default) or 5." },
    ],
    options: opts({ scale: [5, 7] }),
    doc: "Customer Effort Score: the mean of valid answers (lower is easier).",
    rows: "column", accepts: NUMERIC, unit: "number", minArgs: 1, maxArgs: 1,
  },
  round: {
    name: "round", aggregate: false, signature: "round(x, digits)",
    parameters: [
      { label: "x", doc: "A number." },
      { label: "digits", doc: "Decimal digits to keep (default 0)." },
    ],
    doc: "Rounds half away from zero.", rows: "column", unit: "arg", minArgs: 1, maxArgs: 2,
  },
  abs: {
    name: "abs", aggregate: false, signature: "abs(x)", parameters: [{ label: "x", doc: "A number." }],
    doc: "Absolute value.", rows: "column", unit: "arg", minArgs: 1, maxArgs: 1,
  },
  coalesce: {
    name: "coalesce", aggregate: false, signature: "coalesce(x, y, …)", parameters: [{ label: "x, y, …", doc: "Values; the first non-null wins." }],
    doc: "The first argument that is not null.", rows: "column", unit: "arg", minArgs: 1, maxArgs: Infinity,
  },
  least: {
    name: "least", aggregate: false, signature: "least(x, y, …)", parameters: [{ label: "x, y, …", doc: "Values; nulls are ignored." }],
    doc: "The smallest argument. In a metric's formula nulls are ignored; on rows (inside an aggregate, a where or a derive) any null argument gives null.", rows: "column", unit: "arg", minArgs: 1, maxArgs: Infinity,
  },
  greatest: {
    name: "greatest", aggregate: false, signature: "greatest(x, y, …)", parameters: [{ label: "x, y, …", doc: "Values; nulls are ignored." }],
    doc: "The largest argument. In a metric's formula nulls are ignored; on rows any null argument gives null.", rows: "column", unit: "arg", minArgs: 1, maxArgs: Infinity,
  },
  if: row("if", "if(condition, then, else)", [
    { label: "condition", doc: "A condition on the row." },
    { label: "then", doc: "The value when the condition is true." },
    { label: "else", doc: "The value when it is false or null." },
  ], "`then` when the condition is true, else `else` (also when the condition is null).", 3, 3, "arg"),
  lower: row("lower", "lower(text)", [{ label: "text", doc: "A text value." }], "The text in lower case.", 1, 1),
  upper: row("upper", "upper(text)", [{ label: "text", doc: "A text value." }], "The text in upper case.", 1, 1),
  trim: row("trim", "trim(text)", [{ label: "text", doc: "A text value." }], "The text without spaces, tabs and line breaks at either end.", 1, 1),
  contains: row("contains", "contains(text, part)", [
    { label: "text", doc: "The text to search." },
    { label: "part", doc: "The text to find (case-sensitive)." },
  ], "True when `text` contains `part` (case-sensitive).", 2, 2),
  starts_with: row("starts_with", "starts_with(text, prefix)", [
    { label: "text", doc: "The text to test." },
    { label: "prefix", doc: "The beginning to look for (case-sensitive)." },
  ], "True when `text` begins with `prefix` (case-sensitive).", 2, 2),
  day: row("day", "day(d)", [D], "The day as text, e.g. \"2026-01-31\".", 1, 1),
  week: row("week", "week(d)", [D], "The ISO week as text, e.g. \"2026-W05\".", 1, 1),
  month: row("month", "month(d)", [D], "The month as text, e.g. \"2026-01\" (sorts in calendar order).", 1, 1),
  quarter: row("quarter", "quarter(d)", [D], "The quarter as text, e.g. \"2026-Q1\".", 1, 1),
  year: row("year", "year(d)", [D], "The year as text, e.g. \"2026\".", 1, 1),
  date: row("date", "date(t)", [D], "The local date of a date-time (in the workspace time zone).", 1, 1),
  days_between: row("days_between", "days_between(a, b)", AB, "b − a in days: calendar days between two dates, else elapsed time (fractional).", 2, 2, "days"),
  hours_between: row("hours_between", "hours_between(a, b)", AB, "Elapsed hours from a to b (fractional; daylight-saving changes count as they happened).", 2, 2, "hours"),
  minutes_between: row("minutes_between", "minutes_between(a, b)", AB, "Elapsed minutes from a to b (fractional).", 2, 2, "minutes"),
  as_of: row("as_of", "as_of()", [], "The evaluation's as-of date.", 0, 0),
  conversion: {
    name: "conversion", aggregate: false, context: "metric", signature: "conversion(funnel[, step])",
    parameters: [
      { label: "funnel", doc: "A funnel declaration." },
      { label: "step", doc: "A step of the funnel (default: the last)." },
    ],
    doc: "The share of the funnel's customers who reach the step (default: the last step), from the first step. A percent.",
    rows: "column", unit: "percent", minArgs: 1, maxArgs: 2,
  },
  retention: {
    name: "retention", aggregate: false, context: "metric", signature: "retention(cohort, age)",
    parameters: [
      { label: "cohort", doc: "A cohort declaration." },
      { label: "age", doc: "An age in periods, 0 … the cohort's periods." },
    ],
    doc: "The retention curve of the cohort at that age: retained ÷ observed customers over all cohorts. A percent.",
    rows: "column", unit: "percent", minArgs: 2, maxArgs: 2,
  },
};

export function functionInfo(name: string): FunctionInfo | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name as AggregateName] : undefined;
}

/** Valid score range of the survey aggregates for a given scale. */
export function scoreScale(fn: "nps" | "csat" | "ces", scale?: number): { min: number; max: number } {
  if (fn === "nps") return { min: 0, max: 10 };
  return { min: 1, max: scale ?? (fn === "csat" ? 5 : 7) };
}
