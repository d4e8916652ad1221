// SQL dialects: what differs between engines, behind one interface (like MetricFlow's renderers
// and Malloy's Dialect classes). The query builder (render.ts) and the expression renderer
// (expr.ts) write SQL only through these methods, so every identifier and literal goes through
// the dialect's escaper and every engine gets the semantics of plan/ir.ts.
//
// Representations inside the generated SQL (converted to the plan's at the edges, render.ts):
//   number → a double, text → a string, boolean → a boolean, date → a DATE,
//   datetime → an instant (TIMESTAMP WITH TIME ZONE or the engine's equivalent).
import type { ValueType } from "../../plan/ir";
import { formatDate, formatDateTime } from "../../data/convert";
import { LOWER_FROM, LOWER_TO, UPPER_FROM, UPPER_TO } from "./casemap";

export const DIALECT_NAMES = ["duckdb", "postgres", "bigquery", "snowflake", "databricks", "trino"] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

/** Parts of a date the renderers extract (all as integers). */
export type DatePart = "year" | "month" | "day" | "quarter" | "isoyear" | "isoweek";

/** An aggregate as rendered: the expression in the GROUP BY query, and optionally a step that an outer query applies to its alias. */
export interface RenderedAggregate {
  agg: string;
  post?: (alias: string) => string;
}

/** JavaScript's String.prototype.trim whitespace: what the native conversions trim (data/convert.ts). */
export const JS_WHITESPACE = "\t\n\u000b\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
/** What `trim` removes (ir.ts): spaces, tabs, CR and LF. */
export const TRIM_CHARS = " \t\r\n";

export abstract class SqlDialect {
  abstract readonly name: DialectName;
  /** `agg(x) FILTER (WHERE c)`; otherwise `agg(CASE WHEN c THEN x END)`. */
  readonly filterClause: boolean = true;
  /** LEAST/GREATEST skip nulls (PostgreSQL, DuckDB, Databricks) rather than returning null. */
  readonly leastIgnoresNulls: boolean = true;
  /** Typed rows computed once into a temporary table (an embedded engine), rather than in every query. */
  readonly materializes: boolean = false;
  /** Quote character of identifiers. */
  protected readonly quote: string = '"';

  // ------------------------------------------------------------------ identifiers and literals

  /** A quoted identifier: any text, escaped (a quote is doubled). */
  ident(name: string): string {
    const q = this.quote;
    return q + name.split(q).join(q + q) + q;
  }

  /** A dotted table name as written in `table:` — each part quoted on its own. */
  tableName(name: string): string {
    return name
      .split(".")
      .map((p) => this.ident(p))
      .join(".");
  }

  /** A string literal: quotes escaped, control characters (and backslashes where the dialect reads escapes) spelled out. */
  string(s: string): string {
    // Control characters become chr() calls so that no literal holds a raw line break or NUL.
    const parts: string[] = [];
    let run = "";
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || cp === 0x7f) {
        if (run) parts.push(this.plainString(run));
        run = "";
        parts.push(this.chr(cp));
      } else run += ch;
    }
    if (run || parts.length === 0) parts.push(this.plainString(run));
    return parts.length === 1 ? parts[0] : this.concat(parts);
  }

  /** A literal of text without control characters. */
  protected plainString(s: string): string {
    return "'" + s.split("'").join("''") + "'";
  }

  /** The one-character string of a code point. */
  chr(cp: number): string {
    return `chr(${cp})`;
  }

  concat(parts: string[]): string {
    return "(" + parts.join(" || ") + ")";
  }

  /** A double literal. */
  number(n: number): string {
    if (Number.isNaN(n)) return `CAST('NaN' AS ${this.type("number")})`;
    if (!Number.isFinite(n)) return `CAST('${n > 0 ? "Infinity" : "-Infinity"}' AS ${this.type("number")})`;
    return `CAST(${numberText(n)} AS ${this.type("number")})`;
  }

  /** A number literal where an integer is enough (comparisons with a double, counts, offsets). */
  bareNumber(n: number): string {
    return Number.isSafeInteger(n) ? String(n) : this.number(n);
  }

  boolean(b: boolean): string {
    return b ? "TRUE" : "FALSE";
  }

  /** A date literal from a day number. */
  date(days: number): string {
    return `DATE '${formatDate(days)}'`;
  }

  /** An instant literal from epoch milliseconds. */
  abstract timestamp(ms: number): string;

  /** NULL of a type. */
  nullOf(t: ValueType | "null"): string {
    return t === "null" ? "NULL" : `CAST(NULL AS ${this.type(t)})`;
  }

  // ------------------------------------------------------------------ types

  abstract type(t: ValueType): string;

  cast(e: string, t: ValueType): string {
    return `CAST(${e} AS ${this.type(t)})`;
  }

  /** CAST that gives null instead of an error (used only on text already checked by a pattern). */
  tryCast(e: string, t: ValueType): string {
    return `TRY_CAST(${e} AS ${this.type(t)})`;
  }

  // ------------------------------------------------------------------ time

  /** The local date (a DATE) of an instant in the zone. */
  abstract localDate(ts: string, zone: string): string;
  /** The instant of a date's local midnight in the zone. */
  abstract localMidnight(d: string, zone: string): string;
  /** A naive (zone-less) timestamp read as a local time in the zone → instant. */
  abstract naiveToInstant(ts: string, zone: string): string;
  /** An instant → epoch milliseconds (a double). */
  abstract epochMs(ts: string): string;
  /** A date → days since 1970-01-01 (a double). */
  abstract epochDays(d: string): string;
  /** A date from days since 1970-01-01 (an integer expression). */
  abstract dateFromDays(days: string): string;
  /** An instant from epoch milliseconds (an integer-valued expression). */
  abstract instantFromMs(ms: string): string;
  /** A naive (zone-less) timestamp from wall-clock milliseconds since 1970-01-01 00:00. */
  abstract naiveFromMs(ms: string): string;
  /** b − a in calendar days (both DATEs), as a double. */
  abstract daysBetween(a: string, b: string): string;
  /** A date + k months (k an integer expression), the day clamped to the month's end. */
  abstract addMonths(d: string, k: string): string;
  /** A date + k days. */
  abstract addDays(d: string, k: string): string;
  /** An integer part of a date. */
  abstract datePart(part: DatePart, d: string): string;

  // ------------------------------------------------------------------ text

  /** Text comparison by code point (binary collation). */
  textCompare(a: string, op: string, b: string): string {
    return `${a} ${op} ${b}`;
  }
  /** LEAST / GREATEST of values of one type (text by code point). */
  leastGreatest(fn: "least" | "greatest", args: string[], _t: ValueType): string {
    return `${fn.toUpperCase()}(${args.join(", ")})`;
  }
  /** Position of t in s (1-based, 0 when absent). */
  strpos(s: string, t: string): string {
    return `strpos(${s}, ${t})`;
  }
  contains(s: string, t: string): string {
    return `(${this.strpos(s, t)} > 0)`;
  }
  startsWith(s: string, t: string): string {
    return `starts_with(${s}, ${t})`;
  }
  length(s: string): string {
    return `length(${s})`;
  }
  translate(s: string, from: string, to: string): string {
    return `translate(${s}, ${this.string(from)}, ${this.string(to)})`;
  }
  /** Removes the given characters at both ends. */
  trimChars(s: string, chars: string): string {
    return `trim(${s}, ${this.string(chars)})`;
  }
  /** `lower` of ir.ts, character by character from the generated table (engines' own lower differ on İ, ß, …). */
  lower(s: string): string {
    return this.translate(s, LOWER_FROM, LOWER_TO);
  }
  upper(s: string): string {
    return this.translate(s, UPPER_FROM, UPPER_TO);
  }
  /** An integer expression as decimal text, left-padded with zeros to `width` digits. */
  padInt(e: string, width: number): string {
    return `lpad(${this.cast(e, "text")}, ${width}, '0')`;
  }
  /** The engine's own lower-casing (used only where ASCII letters are all that matter). */
  engineLower(s: string): string {
    return `lower(${s})`;
  }
  /**
   * A pattern applied once per value: `prepare` gives the match (evaluated once, in an inner
   * query), `group` a capture group of it (1-based; null when there is no match or the group did
   * not take part). Patterns use capture groups only (no `(?:`), character classes, ?, *, +, {n}.
   */
  matcher(pattern: string): { prepare(s: string): string; group(m: string, g: number): string } {
    return { prepare: (s) => s, group: (m, g) => this.regexGroup(m, pattern, g) };
  }
  /** Pattern match of the whole string (RE2/POSIX subset: classes, groups, ?, *, +, {n}). */
  abstract regexFull(s: string, pattern: string): string;
  /** Capture group `group` (1-based) of the first match, as text (null when no match or the group did not take part). */
  abstract regexGroup(s: string, pattern: string, group: number): string;

  // ------------------------------------------------------------------ numbers

  /** Half away from zero at `digits` decimals of the number's shortest decimal text (|x| < 2^52). */
  abstract decimalRound(x: string, digits: number): string;

  /**
   * `round` of ir.ts as the native engine computes it (engines/native/vector.ts roundHalfAway):
   * exact decimal rounding, half away from zero, of the number's shortest decimal text; a number
   * of 2^52 or more is already an integer and stays as it is.
   */
  roundHalfAway(x: string, digits: number): string {
    return `CASE WHEN abs(${x}) >= 4503599627370496 THEN ${x} ELSE ${this.decimalRound(x, digits)} END`;
  }
  floor(x: string): string {
    return `floor(${x})`;
  }

  // ------------------------------------------------------------------ aggregates

  /** Filtered aggregate `fn(arg)` over rows where `cond` holds (cond undefined: all rows). */
  filtered(fn: string, arg: string, cond: string | undefined, distinct = false): string {
    const d = distinct ? "DISTINCT " : "";
    if (!cond) return `${fn}(${d}${arg})`;
    if (this.filterClause) return `${fn}(${d}${arg}) FILTER (WHERE ${cond})`;
    return `${fn}(${d}CASE WHEN ${cond} THEN ${arg} END)`;
  }

  /** Rows where cond holds (all rows without cond). */
  countRows(cond: string | undefined): string {
    if (!cond) return "COUNT(*)";
    if (this.filterClause) return `COUNT(*) FILTER (WHERE ${cond})`;
    return `COUNT(CASE WHEN ${cond} THEN 1 END)`;
  }

  /** The p-quantile (0..1) with linear interpolation between closest ranks, over non-null x where cond holds. */
  abstract percentile(x: string, p: number, cond: string | undefined): RenderedAggregate;

  corr(a: string, b: string): string {
    return `CORR(${a}, ${b})`;
  }

  // ------------------------------------------------------------------ relations

  /** A relation of one integer column `col` (an internal name, unquoted) holding 0..n. */
  integers(n: number, alias: string, col: string): string {
    const rows = Array.from({ length: n + 1 }, (_, i) => `SELECT ${i} AS ${col}`).join(" UNION ALL ");
    return `(${rows}) AS ${alias}`;
  }

  /** A derived table: `(query) AS alias`. */
  subquery(sql: string, alias: string): string {
    return `(\n${indent(sql, 2)}\n) AS ${alias}`;
  }

  /** Statements that set the session up before the queries (time zone, …). */
  setup(_zone: string): string[] {
    return [];
  }

  /** A query that returns no rows but the columns (and types) of a relation. */
  probe(relation: string): string {
    return `SELECT * FROM ${relation} LIMIT 0`;
  }

  /** The ColumnType of an engine type name (lower case), or undefined when it is not usable. */
  columnType(engineType: string): "text" | "integer" | "number" | "boolean" | "date" | "datetime" | undefined {
    const t = engineType.toLowerCase().replace(/\(.*$/, "").trim();
    if (/^(tinyint|smallint|integer|int|int2|int4|int8|int16|int32|int64|bigint|hugeint|ubigint|uinteger|usmallint|utinyint|byteint|long|short|byte)$/.test(t)) return "integer";
    if (/^(double|double precision|float|float4|float8|float64|real|decimal|numeric|number|bignumeric)$/.test(t)) return "number";
    if (/^(boolean|bool)$/.test(t)) return "boolean";
    if (t === "date") return "date";
    if (/^(timestamp|timestamptz|datetime|timestamp with time zone|timestamp without time zone|timestamp_tz|timestamp_ltz|timestamp_ntz|timestamp_ns|timestamp_ms|timestamp_s|timestamp with local time zone)/.test(t)) return "datetime";
    if (/^(text|varchar|char|character|character varying|string|bpchar|name|uuid|json|jsonb|enum)/.test(t)) return "text";
    return undefined;
  }

  /** Whether an engine timestamp type has no zone (a local date-time, read in the workspace zone). */
  isNaiveTimestamp(engineType: string): boolean {
    const t = engineType.toLowerCase().trim();
    return /^(timestamp|timestamp without time zone|timestamp_ntz|datetime|timestamp_ns|timestamp_ms|timestamp_s)(\(\d+\))?$/.test(t) && !/tz|with time zone/.test(t);
  }
}

/** The shortest text of a double that reads back as the same double, in SQL literal syntax. */
export function numberText(n: number): string {
  if (Object.is(n, -0)) return "-0.0";
  const s = String(n);
  return s.replace("e+", "e");
}

export function indent(text: string, n: number): string {
  const pad = " ".repeat(n);
  return text
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");
}

/** The instant text of a literal: ISO 8601 in UTC with milliseconds. */
export function instantText(ms: number): string {
  const s = formatDateTime(ms);
  return s.includes(".") ? s : s.replace("Z", ".000Z");
}
