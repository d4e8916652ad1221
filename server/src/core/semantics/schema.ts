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
  | "columns"; // columns { name: type }

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
export const FORMATS = ["csv", "json", "jsonl", "yaml"] as const;
export const SEVERITIES = ["error", "warning"] as const;

const P = (name: string, shape: ValueShape, doc: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({ name, shape, doc, ...extra });

export const PROPERTIES: Record<DeclKind, PropertySpec[]> = {
  source: [
    P("file", "string", "Path or glob of the data file(s), relative to this .cx file.", { required: true }),
    P("format", "name", "Data format: csv, json, jsonl or yaml (default: from the file extension).", { values: FORMATS }),
    P("delimiter", "string", "CSV field delimiter (default \",\")."),
    P("timestamp", "name", "The date or datetime column used by `window:` and `trend:`.", { ref: "column" }),
    P("columns", "columns", "Declared schema: `columns { name: type }` with types text, integer, number, boolean, date, datetime."),
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
    P("min_sample", "integer", "Fewest rows for a trustworthy value (default 30 for nps/csat/ces)."),
  ],
  goal: [
    P("metric", "name", "The metric this goal is about.", { required: true, ref: "metric" }),
    P("target", "threshold", "Comparator and number, e.g. >= 40 or <= 5%.", { required: true }),
    P("warn", "threshold", "Looser threshold: between warn and target the goal is at risk."),
    P("severity", "name", "error (default) or warning: a missed goal of severity error fails CI.", { values: SEVERITIES }),
    P("owner", "string", "Who is accountable for this goal."),
    P("description", "string", "Why this goal matters."),
    P("label", "string", "Display name."),
  ],
  journey: [
    P("label", "string", "Display name."),
    P("description", "string", "What this journey is."),
    P("touchpoints", "name-list", "The touchpoints in order, e.g. [product_page, checkout, delivery].", { required: true, ref: "touchpoint" }),
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
};
