// What each declaration kind accepts (language reference §3). The binder, the checker, completion
// and hovers all read this one table.
import type { DeclKind } from "../syntax/ast";

export type ValueShape =
  | "string" // "…"
  | "name" // an identifier (reference or enum value)
  | "name-or-string" // identifier or string (touchpoint channel)
  | "number" // a number literal
  | "integer"
  | "expr" // a metric formula
  | "threshold" // >= 40
  | "duration" // 90 days
  | "names" // ident or [ident, …]
  | "name-list" // [ident, …]
  | "columns" // columns { name: type [from "HEADER"] [map { … }] }
  | "derive" // derive { name [: type] = row expression }
  | "condition" // a row condition (funnel steps' and drivers' `where`)
  | "steps" // steps { name: condition }
  | "driver-list" // drivers { name: column }
  | "word"; // a dashed name or a string: encoding: windows-1252

export interface PropertySpec {
  name: string;
  shape: ValueShape;
  required?: boolean;
  /** Allowed identifier values for enum-like properties. */
  values?: readonly string[];
  /** What it refers to, for `name` shapes that are references. */
  ref?: DeclKind | "column";
  doc: string;
}

export const UNITS = ["count", "number", "percent", "points", "currency", "seconds", "minutes", "hours", "days"] as const;
export type Unit = (typeof UNITS)[number];
export const TREND_PERIODS = ["day", "week", "month", "quarter", "year"] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];
export const STAGES = ["awareness", "consideration", "purchase", "delivery", "onboarding", "usage", "support", "retention", "advocacy"] as const;
export const FORMATS = ["csv", "json", "jsonl", "yaml", "parquet"] as const;
export const ENCODINGS = ["utf-8", "utf-16", "latin1", "iso-8859-1", "windows-1252", "cp1252"] as const;
export const SCOPES = ["overall", "groups"] as const;
export const COMPARES = ["previous", "last_year"] as const;
export const COHORT_PERIODS = ["week", "month", "quarter"] as const;
export const SEVERITIES = ["error", "warning"] as const;

const P = (name: string, shape: ValueShape, doc: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({ name, shape, doc, ...extra });

export const PROPERTIES: Record<DeclKind, PropertySpec[]> = {
  source: [
    P("file", "string", "Path or glob of the data file(s), relative to this .cx file. (Or `connection:` with `table:` or `sql:`.)"),
    P("connection", "name", "A connection of cx.yaml (`connections:`): the data is a table or query of that SQL engine."),
    P("table", "string", "With `connection:`: the table, e.g. \"cx.survey_responses\"."),
    P("sql", "string", "With `connection:`: a query whose result is the data, e.g. \"select … from …\"."),
    P("format", "name", "Data format: csv, json, jsonl, yaml or parquet (default: from the file extension).", { values: FORMATS }),
    P("encoding", "word", "Text encoding of the data file: utf-8 (default), utf-16, latin1, windows-1252. A byte-order mark wins.", { values: ENCODINGS }),
    P("delimiter", "string", "CSV field delimiter (default \",\")."),
    P("timestamp", "name", "The date or datetime column used by `window:` and `trend:`.", { ref: "column" }),
    P("columns", "columns", "Declared schema: `columns { name: type }` with types text, integer, number, boolean, date, datetime; `from \"HEADER\"` reads a differently named column, `map { \"label\": value }` translates answer labels."),
    P("derive", "derive", "Computed columns: `derive { wait_minutes = minutes_between(opened_at, first_reply_at) }`."),
    P("label", "string", "Display name."),
    P("description", "string", "What this data is."),
    P("owner", "string", "Who maintains this data."),
  ],
  touchpoint: [
    P("label", "string", "Display name (default: the name)."),
    P("stage", "name", "Journey stage, e.g. awareness, consideration, purchase, delivery, support."),
    P("channel", "name-or-string", "Channel, e.g. web, app, store, phone."),
    P("owner", "string", "Team that owns this touchpoint."),
    P("description", "string", "What happens at this touchpoint."),
    P("score", "name", "The metric that stands for this touchpoint in journeys.", { ref: "metric" }),
    P("weight", "number", "Weight in journeys (a number > 0, default 1)."),
  ],
  metric: [
    P("label", "string", "Display name."),
    P("description", "string", "What this metric means."),
    P("touchpoint", "name", "The touchpoint this metric describes.", { ref: "touchpoint" }),
    P("unit", "name", "Display unit: count, number, percent, points, currency \"EUR\", seconds, minutes, hours, days.", { values: UNITS }),
    P("value", "expr", "The formula, e.g. nps(surveys.recommend where touchpoint == \"checkout\").", { required: true }),
    P("by", "names", "Breakdown: one column, or [col1, col2]."),
    P("window", "duration", "Only rows of the last N days/weeks/months/years before the as-of date."),
    P("trend", "name", "Compute per period: day, week, month, quarter or year.", { values: TREND_PERIODS }),
    P("decimals", "integer", "Display precision."),
    P("compare", "name", "Compare with the window before (previous) or the same window a year earlier (last_year), with a significance test. Needs `window`.", { values: COMPARES }),
    P("min_sample", "integer", "Fewest rows for a trustworthy value (default 30 for nps/csat/ces)."),
  ],
  goal: [
    P("metric", "name", "The metric this goal is about.", { required: true, ref: "metric" }),
    P("target", "threshold", "Comparator and number, e.g. >= 40 or <= 5%.", { required: true }),
    P("warn", "threshold", "Looser threshold: between warn and target the goal is at risk."),
    P("severity", "name", "error (default) or warning: a missed goal of severity error fails CI.", { values: SEVERITIES }),
    P("scope", "name", "overall (default): the metric's overall value must meet the target; groups: every group of its `by` must.", { values: SCOPES }),
    P("owner", "string", "Who is accountable for this goal."),
    P("description", "string", "Why this goal matters."),
    P("label", "string", "Display name."),
  ],
  journey: [
    P("label", "string", "Display name."),
    P("description", "string", "What this journey is."),
    P("touchpoints", "name-list", "The touchpoints in order, e.g. [product_page, checkout, delivery].", { required: true, ref: "touchpoint" }),
  ],
  funnel: [
    P("label", "string", "Display name."),
    P("description", "string", "What this funnel measures."),
    P("source", "name", "The event source: one row per event, with a timestamp.", { required: true, ref: "source" }),
    P("customer", "name", "The column that identifies a customer.", { required: true, ref: "column" }),
    P("steps", "steps", "The steps in order: `steps { name: condition … }` (two or more); a step named like a touchpoint is that touchpoint's step.", { required: true }),
    P("within", "duration", "All steps within this time of the first one, e.g. 7 days, 12 hours, 30 minutes."),
    P("window", "duration", "Only customers whose first step is in the last N days/weeks/months/years before the as-of date."),
  ],
  cohort: [
    P("label", "string", "Display name."),
    P("description", "string", "What this cohort analysis measures."),
    P("source", "name", "The source: customers with start/end dates (subscription), or activities with a timestamp.", { required: true, ref: "source" }),
    P("customer", "name", "The column that identifies a customer.", { required: true, ref: "column" }),
    P("start", "name", "Subscription mode: the date a customer started.", { ref: "column" }),
    P("end", "name", "Subscription mode: the date a customer left (null: still a customer).", { ref: "column" }),
    P("period", "name", "Cohort and age period: week, month or quarter.", { required: true, values: COHORT_PERIODS }),
    P("periods", "integer", "The oldest age shown: ages 0..periods.", { required: true }),
    P("window", "duration", "Only customers who started (first activity) in the last N days/weeks/months/years."),
  ],
  drivers: [
    P("label", "string", "Display name."),
    P("description", "string", "What this analysis explains."),
    P("source", "name", "The respondent-level survey: one row per respondent.", { required: true, ref: "source" }),
    P("outcome", "name", "The overall score to explain (a numeric column), e.g. recommend.", { required: true, ref: "column" }),
    P("drivers", "driver-list", "Two or more numeric columns: `drivers { delivery: delivery_sat … }`; a name that is a touchpoint links to it.", { required: true }),
    P("where", "condition", "Only rows matching this condition, e.g. where: region == \"EU\"."),
    P("window", "duration", "Only rows of the last N days/weeks/months/years before the as-of date."),
  ],
};

export function propertySpec(kind: DeclKind, name: string): PropertySpec | undefined {
  return PROPERTIES[kind].find((p) => p.name === name);
}

export const KIND_NOUN: Record<DeclKind, string> = {
  source: "source",
  touchpoint: "touchpoint",
  metric: "metric",
  goal: "goal",
  journey: "journey",
  funnel: "funnel",
  cohort: "cohort",
  drivers: "drivers analysis",
};
