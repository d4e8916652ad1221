// The six dialects. Live (tested against the engine): duckdb, postgres. Generated only (golden
// files, parsed by node-sql-parser where it has the dialect): bigquery, snowflake, databricks, trino.
import type { ValueType } from "../../plan/ir";
import { instantText, SqlDialect, type DatePart, type DialectName, type RenderedAggregate } from "./dialect";

/** Keeps capture group `g` (1-based) of a pattern and makes every other group non-capturing (for engines whose extract takes one group). */
export function onlyGroup(pattern: string, g: number): string {
  let n = 0;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      out += c + (pattern[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === "(" && pattern[i + 1] !== "?") {
      n++;
      out += n === g ? "(" : "(?:";
      continue;
    }
    out += c;
  }
  return out;
}

/** Percentile from a sorted array of the values (engines without an exact percentile aggregate). */
function arrayPercentile(p: number, len: (a: string) => string, at: (a: string, zeroBased: string) => string, num: (n: number) => string, floor: (x: string) => string, ceil: (x: string) => string, int: (x: string) => string) {
  return (a: string): string => {
    const rank = `${num(p)} * (${len(a)} - 1)`;
    const lo = int(floor(rank));
    const hi = int(ceil(rank));
    return `CASE WHEN ${len(a)} > 0 THEN ${at(a, lo)} + (${at(a, hi)} - ${at(a, lo)}) * (${rank} - ${floor(rank)}) END`;
  };
}

/** Capture groups of a pattern. */
export function countGroups(pattern: string): number {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "(" && pattern[i + 1] !== "?") n++;
  }
  return n;
}

// ------------------------------------------------------------------------------------- DuckDB

export class DuckDbDialect extends SqlDialect {
  readonly name: DialectName = "duckdb";
  override readonly materializes = true;

  type(t: ValueType): string {
    return { number: "DOUBLE", text: "VARCHAR", boolean: "BOOLEAN", date: "DATE", datetime: "TIMESTAMPTZ" }[t];
  }
  timestamp(ms: number): string {
    return `TIMESTAMPTZ '${instantText(ms).replace("T", " ").replace("Z", "+00")}'`;
  }
  localDate(ts: string, zone: string): string {
    return `CAST(timezone(${this.string(zone)}, ${ts}) AS DATE)`;
  }
  localMidnight(d: string, zone: string): string {
    return `timezone(${this.string(zone)}, CAST(${d} AS TIMESTAMP))`;
  }
  naiveToInstant(ts: string, zone: string): string {
    return `timezone(${this.string(zone)}, ${ts})`;
  }
  naiveFromMs(ms: string): string {
    return `make_timestamp(CAST(${ms} AS BIGINT) * 1000)`;
  }
  epochMs(ts: string): string {
    return `CAST(epoch_ms(${ts}) AS DOUBLE)`;
  }
  epochDays(d: string): string {
    return `CAST(${d} - DATE '1970-01-01' AS DOUBLE)`;
  }
  dateFromDays(days: string): string {
    return `(DATE '1970-01-01' + CAST(${days} AS INTEGER))`;
  }
  instantFromMs(ms: string): string {
    return `timezone('UTC', make_timestamp(CAST(${ms} AS BIGINT) * 1000))`;
  }
  daysBetween(a: string, b: string): string {
    return `CAST(${b} - ${a} AS DOUBLE)`;
  }
  addMonths(d: string, k: string): string {
    return `CAST(${d} + to_months(CAST(${k} AS INTEGER)) AS DATE)`;
  }
  addDays(d: string, k: string): string {
    return `(${d} + CAST(${k} AS INTEGER))`;
  }
  datePart(part: DatePart, d: string): string {
    const fn = { year: "year", month: "month", day: "day", quarter: "quarter", isoyear: "isoyear", isoweek: "week" }[part];
    return `${fn}(${d})`;
  }
  regexFull(s: string, pattern: string): string {
    return `regexp_full_match(${s}, ${this.string(pattern)})`;
  }
  regexGroup(s: string, pattern: string, group: number): string {
    return `NULLIF(regexp_extract(${s}, ${this.string("^" + pattern + "$")}, ${group}), '')`;
  }
  /** DuckDB's trim with a character set is slow: only values that start or end with one of them are trimmed. */
  override trimChars(s: string, chars: string): string {
    const cls = `[${[...chars].map((c) => (c === "\t" ? "\\t" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\u000b" ? "\\v" : c === "\f" ? "\\f" : c)).join("")}]`;
    return `CASE WHEN regexp_matches(${s}, ${this.string(`^${cls}|${cls}$`)}) THEN trim(${s}, ${this.string(chars)}) ELSE ${s} END`;
  }
  override matcher(pattern: string) {
    const groups = countGroups(pattern);
    const names = Array.from({ length: groups }, (_, i) => `'g${i + 1}'`).join(", ");
    return {
      prepare: (s: string) => `regexp_extract(${s}, ${this.string("^" + pattern + "$")}, [${names}])`,
      group: (m: string, g: number) => `NULLIF(${m}.g${g}, '')`,
    };
  }
  decimalRound(x: string, digits: number): string {
    return `CAST(CAST(round(CAST(CAST(${x} AS VARCHAR) AS DECIMAL(38, 20)), ${digits}) AS VARCHAR) AS DOUBLE)`;
  }
  percentile(x: string, p: number, cond: string | undefined): RenderedAggregate {
    return { agg: this.filtered("quantile_cont", `${x}, ${this.number(p)}`, cond) };
  }
  override setup(zone: string): string[] {
    return [`SET TimeZone = ${this.string(zone)}`];
  }
}

// ----------------------------------------------------------------------------------- PostgreSQL

export class PostgresDialect extends SqlDialect {
  readonly name: DialectName = "postgres";

  type(t: ValueType): string {
    return { number: "double precision", text: "text", boolean: "boolean", date: "date", datetime: "timestamptz" }[t];
  }
  override tryCast(e: string, t: ValueType): string {
    // PostgreSQL has no TRY_CAST: callers check the text with a pattern first.
    return this.cast(e, t);
  }
  timestamp(ms: number): string {
    return `TIMESTAMPTZ '${instantText(ms).replace("T", " ").replace("Z", "+00")}'`;
  }
  localDate(ts: string, zone: string): string {
    return `CAST((${ts}) AT TIME ZONE ${this.string(zone)} AS date)`;
  }
  localMidnight(d: string, zone: string): string {
    return `(CAST(${d} AS timestamp) AT TIME ZONE ${this.string(zone)})`;
  }
  naiveToInstant(ts: string, zone: string): string {
    return `((${ts}) AT TIME ZONE ${this.string(zone)})`;
  }
  naiveFromMs(ms: string): string {
    return `(TIMESTAMP '1970-01-01 00:00:00' + CAST(${ms} AS bigint) * INTERVAL '1 millisecond')`;
  }
  epochMs(ts: string): string {
    return `CAST(EXTRACT(EPOCH FROM ${ts}) * 1000 AS double precision)`;
  }
  epochDays(d: string): string {
    return `CAST(${d} - DATE '1970-01-01' AS double precision)`;
  }
  dateFromDays(days: string): string {
    return `(DATE '1970-01-01' + CAST(${days} AS integer))`;
  }
  instantFromMs(ms: string): string {
    return `(TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(${ms} AS bigint) * INTERVAL '1 millisecond')`;
  }
  daysBetween(a: string, b: string): string {
    return `CAST(${b} - ${a} AS double precision)`;
  }
  addMonths(d: string, k: string): string {
    return `CAST(${d} + CAST(${k} AS integer) * INTERVAL '1 month' AS date)`;
  }
  addDays(d: string, k: string): string {
    return `(${d} + CAST(${k} AS integer))`;
  }
  datePart(part: DatePart, d: string): string {
    const f = { year: "YEAR", month: "MONTH", day: "DAY", quarter: "QUARTER", isoyear: "ISOYEAR", isoweek: "WEEK" }[part];
    return `CAST(EXTRACT(${f} FROM ${d}) AS integer)`;
  }
  override textCompare(a: string, op: string, b: string): string {
    return `(${a}) COLLATE "C" ${op} (${b}) COLLATE "C"`;
  }
  override trimChars(s: string, chars: string): string {
    return `btrim(${s}, ${this.string(chars)})`;
  }
  override leastGreatest(fn: "least" | "greatest", args: string[], t: ValueType): string {
    return `${fn.toUpperCase()}(${args.map((x) => (t === "text" ? `(${x}) COLLATE "C"` : x)).join(", ")})`;
  }
  regexFull(s: string, pattern: string): string {
    return `(${s} ~ ${this.string("^(" + pattern + ")$")})`;
  }
  regexGroup(s: string, pattern: string, group: number): string {
    return `(regexp_match(${s}, ${this.string("^" + pattern + "$")}))[${group}]`;
  }
  override matcher(pattern: string) {
    return {
      prepare: (s: string) => `regexp_match(${s}, ${this.string("^" + pattern + "$")})`,
      group: (m: string, g: number) => `${m}[${g}]`,
    };
  }
  decimalRound(x: string, digits: number): string {
    return `CAST(round(CAST(CAST(${x} AS text) AS numeric), ${digits}) AS double precision)`;
  }
  percentile(x: string, p: number, cond: string | undefined): RenderedAggregate {
    const agg = `percentile_cont(${this.number(p)}) WITHIN GROUP (ORDER BY ${x})`;
    return { agg: cond ? `${agg} FILTER (WHERE ${cond})` : agg };
  }
  override setup(zone: string): string[] {
    // The shortest exact text of a double (round), and naive timestamps read in the workspace zone.
    return [`SET TIME ZONE ${this.string(zone)}`, "SET extra_float_digits = 1"];
  }
}

// ------------------------------------------------------------------------------------- BigQuery

export class BigQueryDialect extends SqlDialect {
  readonly name: DialectName = "bigquery";
  override readonly filterClause = false;
  override readonly leastIgnoresNulls = false;
  protected override readonly quote = "`";

  override ident(name: string): string {
    return "`" + name.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`";
  }
  override tableName(name: string): string {
    return name
      .split(".")
      .map((p) => this.ident(p))
      .join(".");
  }
  protected override plainString(s: string): string {
    return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  }
  override string(s: string): string {
    // BigQuery reads escapes in literals: control characters go in as \u escapes.
    let out = "";
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x5c) out += "\\\\";
      else if (cp === 0x27) out += "\\'";
      else if (cp < 0x20 || cp === 0x7f) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += ch;
    }
    return "'" + out + "'";
  }
  override chr(cp: number): string {
    return `CODE_POINTS_TO_STRING([${cp}])`;
  }
  override concat(parts: string[]): string {
    return `CONCAT(${parts.join(", ")})`;
  }
  type(t: ValueType): string {
    return { number: "FLOAT64", text: "STRING", boolean: "BOOL", date: "DATE", datetime: "TIMESTAMP" }[t];
  }
  override tryCast(e: string, t: ValueType): string {
    return `SAFE_CAST(${e} AS ${this.type(t)})`;
  }
  timestamp(ms: number): string {
    return `TIMESTAMP '${instantText(ms).replace("T", " ").replace("Z", "+00")}'`;
  }
  localDate(ts: string, zone: string): string {
    return `DATE(${ts}, ${this.string(zone)})`;
  }
  localMidnight(d: string, zone: string): string {
    return `TIMESTAMP(${d}, ${this.string(zone)})`;
  }
  naiveToInstant(ts: string, zone: string): string {
    return `TIMESTAMP(${ts}, ${this.string(zone)})`;
  }
  naiveFromMs(ms: string): string {
    return `DATETIME(TIMESTAMP_MILLIS(CAST(${ms} AS INT64)))`;
  }
  epochMs(ts: string): string {
    return `CAST(UNIX_MILLIS(${ts}) AS FLOAT64)`;
  }
  epochDays(d: string): string {
    return `CAST(UNIX_DATE(${d}) AS FLOAT64)`;
  }
  dateFromDays(days: string): string {
    return `DATE_FROM_UNIX_DATE(CAST(${days} AS INT64))`;
  }
  instantFromMs(ms: string): string {
    return `TIMESTAMP_MILLIS(CAST(${ms} AS INT64))`;
  }
  daysBetween(a: string, b: string): string {
    return `CAST(DATE_DIFF(${b}, ${a}, DAY) AS FLOAT64)`;
  }
  addMonths(d: string, k: string): string {
    return `DATE_ADD(${d}, INTERVAL CAST(${k} AS INT64) MONTH)`;
  }
  addDays(d: string, k: string): string {
    return `DATE_ADD(${d}, INTERVAL CAST(${k} AS INT64) DAY)`;
  }
  datePart(part: DatePart, d: string): string {
    const f = { year: "YEAR", month: "MONTH", day: "DAY", quarter: "QUARTER", isoyear: "ISOYEAR", isoweek: "ISOWEEK" }[part];
    return `EXTRACT(${f} FROM ${d})`;
  }
  override strpos(s: string, t: string): string {
    return `STRPOS(${s}, ${t})`;
  }
  override startsWith(s: string, t: string): string {
    return `STARTS_WITH(${s}, ${t})`;
  }
  override trimChars(s: string, chars: string): string {
    return `TRIM(${s}, ${this.string(chars)})`;
  }
  override padInt(e: string, width: number): string {
    return `LPAD(CAST(${e} AS STRING), ${width}, '0')`;
  }
  regexFull(s: string, pattern: string): string {
    return `REGEXP_CONTAINS(${s}, ${this.string("^(?:" + pattern + ")$")})`;
  }
  regexGroup(s: string, pattern: string, group: number): string {
    return `REGEXP_EXTRACT(${s}, ${this.string("^" + onlyGroup(pattern, group) + "$")})`;
  }
  decimalRound(x: string, digits: number): string {
    return `CAST(ROUND(CAST(CAST(${x} AS STRING) AS BIGNUMERIC), ${digits}) AS FLOAT64)`;
  }
  percentile(x: string, p: number, cond: string | undefined): RenderedAggregate {
    const v = cond ? `CASE WHEN ${cond} THEN ${x} END` : x;
    return {
      agg: `ARRAY_AGG(${v} IGNORE NULLS ORDER BY ${v})`,
      post: arrayPercentile(
        p,
        (a) => `ARRAY_LENGTH(${a})`,
        (a, i) => `${a}[OFFSET(${i})]`,
        (n) => this.number(n),
        (e) => `FLOOR(${e})`,
        (e) => `CEIL(${e})`,
        (e) => `CAST(${e} AS INT64)`,
      ),
    };
  }
  override integers(n: number, _alias: string, col: string): string {
    return `UNNEST(GENERATE_ARRAY(0, ${n})) AS ${col}`;
  }
}

// ------------------------------------------------------------------------------------ Snowflake

export class SnowflakeDialect extends SqlDialect {
  readonly name: DialectName = "snowflake";
  override readonly filterClause = false;
  override readonly leastIgnoresNulls = false;

  protected override plainString(s: string): string {
    // Snowflake reads backslash escapes in single-quoted literals.
    return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";
  }
  type(t: ValueType): string {
    return { number: "FLOAT", text: "VARCHAR", boolean: "BOOLEAN", date: "DATE", datetime: "TIMESTAMP_TZ" }[t];
  }
  timestamp(ms: number): string {
    return `CAST('${instantText(ms).replace("T", " ").replace("Z", " +00:00")}' AS TIMESTAMP_TZ)`;
  }
  localDate(ts: string, zone: string): string {
    return `CAST(CONVERT_TIMEZONE(${this.string(zone)}, ${ts}) AS DATE)`;
  }
  localMidnight(d: string, zone: string): string {
    return `TIMESTAMP_TZ_FROM_PARTS(YEAR(${d}), MONTH(${d}), DAY(${d}), 0, 0, 0, 0, ${this.string(zone)})`;
  }
  naiveToInstant(ts: string, zone: string): string {
    return `TIMESTAMP_TZ_FROM_PARTS(YEAR(${ts}), MONTH(${ts}), DAY(${ts}), HOUR(${ts}), MINUTE(${ts}), SECOND(${ts}), DATE_PART(NANOSECOND, ${ts}), ${this.string(zone)})`;
  }
  naiveFromMs(ms: string): string {
    return `TO_TIMESTAMP_NTZ(CAST(${ms} AS BIGINT), 3)`;
  }
  epochMs(ts: string): string {
    return `CAST(DATE_PART(EPOCH_MILLISECOND, ${ts}) AS FLOAT)`;
  }
  epochDays(d: string): string {
    return `CAST(DATEDIFF(day, DATE '1970-01-01', ${d}) AS FLOAT)`;
  }
  dateFromDays(days: string): string {
    return `DATEADD(day, CAST(${days} AS INTEGER), DATE '1970-01-01')`;
  }
  instantFromMs(ms: string): string {
    return `TO_TIMESTAMP_TZ(CAST(${ms} AS BIGINT), 3)`;
  }
  daysBetween(a: string, b: string): string {
    return `CAST(DATEDIFF(day, ${a}, ${b}) AS FLOAT)`;
  }
  addMonths(d: string, k: string): string {
    return `DATEADD(month, CAST(${k} AS INTEGER), ${d})`;
  }
  addDays(d: string, k: string): string {
    return `DATEADD(day, CAST(${k} AS INTEGER), ${d})`;
  }
  datePart(part: DatePart, d: string): string {
    const f = { year: "YEAR", month: "MONTH", day: "DAY", quarter: "QUARTER", isoyear: "YEAROFWEEKISO", isoweek: "WEEKISO" }[part];
    return `${f}(${d})`;
  }
  override strpos(s: string, t: string): string {
    return `POSITION(${t}, ${s})`;
  }
  override contains(s: string, t: string): string {
    return `CONTAINS(${s}, ${t})`;
  }
  override startsWith(s: string, t: string): string {
    return `STARTSWITH(${s}, ${t})`;
  }
  override trimChars(s: string, chars: string): string {
    return `TRIM(${s}, ${this.string(chars)})`;
  }
  regexFull(s: string, pattern: string): string {
    // REGEXP_LIKE matches the whole string.
    return `REGEXP_LIKE(${s}, ${this.string(pattern)})`;
  }
  regexGroup(s: string, pattern: string, group: number): string {
    return `REGEXP_SUBSTR(${s}, ${this.string("^" + pattern + "$")}, 1, 1, 'e', ${group})`;
  }
  decimalRound(x: string, digits: number): string {
    return `CAST(ROUND(CAST(CAST(${x} AS VARCHAR) AS NUMBER(38, 20)), ${digits}) AS FLOAT)`;
  }
  percentile(x: string, p: number, cond: string | undefined): RenderedAggregate {
    const v = cond ? `CASE WHEN ${cond} THEN ${x} END` : x;
    return { agg: `PERCENTILE_CONT(${this.number(p)}) WITHIN GROUP (ORDER BY ${v})` };
  }
  override setup(zone: string): string[] {
    return [`ALTER SESSION SET TIMEZONE = ${this.string(zone)}`];
  }
}

// ----------------------------------------------------------------------------------- Databricks

export class DatabricksDialect extends SqlDialect {
  readonly name: DialectName = "databricks";
  protected override readonly quote = "`";

  protected override plainString(s: string): string {
    // Spark SQL reads backslash escapes in literals.
    return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  }
  type(t: ValueType): string {
    return { number: "DOUBLE", text: "STRING", boolean: "BOOLEAN", date: "DATE", datetime: "TIMESTAMP" }[t];
  }
  timestamp(ms: number): string {
    return `TIMESTAMP '${instantText(ms)}'`;
  }
  localDate(ts: string, zone: string): string {
    return `CAST(from_utc_timestamp(${ts}, ${this.string(zone)}) AS DATE)`;
  }
  localMidnight(d: string, zone: string): string {
    return `to_utc_timestamp(CAST(${d} AS TIMESTAMP), ${this.string(zone)})`;
  }
  naiveToInstant(ts: string, zone: string): string {
    return `to_utc_timestamp(${ts}, ${this.string(zone)})`;
  }
  naiveFromMs(ms: string): string {
    return `timestamp_millis(CAST(${ms} AS BIGINT))`;
  }
  epochMs(ts: string): string {
    return `CAST(unix_millis(${ts}) AS DOUBLE)`;
  }
  epochDays(d: string): string {
    return `CAST(unix_date(${d}) AS DOUBLE)`;
  }
  dateFromDays(days: string): string {
    return `date_from_unix_date(CAST(${days} AS INT))`;
  }
  instantFromMs(ms: string): string {
    return `timestamp_millis(CAST(${ms} AS BIGINT))`;
  }
  daysBetween(a: string, b: string): string {
    return `CAST(datediff(${b}, ${a}) AS DOUBLE)`;
  }
  addMonths(d: string, k: string): string {
    return `add_months(${d}, CAST(${k} AS INT))`;
  }
  addDays(d: string, k: string): string {
    return `date_add(${d}, CAST(${k} AS INT))`;
  }
  datePart(part: DatePart, d: string): string {
    const f = { year: "YEAR", month: "MONTH", day: "DAY", quarter: "QUARTER", isoyear: "YEAROFWEEK", isoweek: "WEEK" }[part];
    return `extract(${f} FROM ${d})`;
  }
  override strpos(s: string, t: string): string {
    return `position(${t}, ${s})`;
  }
  override startsWith(s: string, t: string): string {
    return `startswith(${s}, ${t})`;
  }
  override trimChars(s: string, chars: string): string {
    return `btrim(${s}, ${this.string(chars)})`;
  }
  regexFull(s: string, pattern: string): string {
    return `(${s} RLIKE ${this.string("^(?:" + pattern + ")$")})`;
  }
  regexGroup(s: string, pattern: string, group: number): string {
    return `NULLIF(regexp_extract(${s}, ${this.string("^" + pattern + "$")}, ${group}), '')`;
  }
  decimalRound(x: string, digits: number): string {
    return `CAST(round(CAST(CAST(${x} AS STRING) AS DECIMAL(38, 20)), ${digits}) AS DOUBLE)`;
  }
  percentile(x: string, p: number, cond: string | undefined): RenderedAggregate {
    const agg = `percentile_cont(${this.number(p)}) WITHIN GROUP (ORDER BY ${x})`;
    return { agg: cond ? `${agg} FILTER (WHERE ${cond})` : agg };
  }
  override setup(): string[] {
    return ["SET TIME ZONE 'UTC'"];
  }
}

// ---------------------------------------------------------------------------------------- Trino

export class TrinoDialect extends SqlDialect {
  readonly name: DialectName = "trino";
  override readonly leastIgnoresNulls = false;

  type(t: ValueType): string {
    return { number: "double", text: "varchar", boolean: "boolean", date: "date", datetime: "timestamp(3) with time zone" }[t];
  }
  timestamp(ms: number): string {
    return `TIMESTAMP '${instantText(ms).replace("T", " ").replace("Z", " UTC")}'`;
  }
  localDate(ts: string, zone: string): string {
    return `CAST(${ts} AT TIME ZONE ${this.string(zone)} AS date)`;
  }
  localMidnight(d: string, zone: string): string {
    return `with_timezone(CAST(${d} AS timestamp(3)), ${this.string(zone)})`;
  }
  naiveToInstant(ts: string, zone: string): string {
    return `with_timezone(${ts}, ${this.string(zone)})`;
  }
  naiveFromMs(ms: string): string {
    return `date_add('millisecond', CAST(${ms} AS bigint), TIMESTAMP '1970-01-01 00:00:00.000')`;
  }
  epochMs(ts: string): string {
    return `CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000 UTC', ${ts}) AS double)`;
  }
  epochDays(d: string): string {
    return `CAST(date_diff('day', DATE '1970-01-01', ${d}) AS double)`;
  }
  dateFromDays(days: string): string {
    return `date_add('day', CAST(${days} AS bigint), DATE '1970-01-01')`;
  }
  instantFromMs(ms: string): string {
    return `date_add('millisecond', CAST(${ms} AS bigint), TIMESTAMP '1970-01-01 00:00:00.000 UTC')`;
  }
  daysBetween(a: string, b: string): string {
    return `CAST(date_diff('day', ${a}, ${b}) AS double)`;
  }
  addMonths(d: string, k: string): string {
    return `date_add('month', CAST(${k} AS bigint), ${d})`;
  }
  addDays(d: string, k: string): string {
    return `date_add('day', CAST(${k} AS bigint), ${d})`;
  }
  datePart(part: DatePart, d: string): string {
    const f = { year: "year", month: "month", day: "day", quarter: "quarter", isoyear: "year_of_week", isoweek: "week" }[part];
    return `${f}(${d})`;
  }
  override trimChars(s: string, chars: string): string {
    return `trim(BOTH ${this.string(chars)} FROM ${s})`;
  }
  regexFull(s: string, pattern: string): string {
    return `regexp_like(${s}, ${this.string("^(?:" + pattern + ")$")})`;
  }
  regexGroup(s: string, pattern: string, group: number): string {
    return `regexp_extract(${s}, ${this.string("^" + pattern + "$")}, ${group})`;
  }
  decimalRound(x: string, digits: number): string {
    return `CAST(round(CAST(CAST(${x} AS varchar) AS decimal(38, 20)), ${digits}) AS double)`;
  }
  percentile(x: string, p: number, cond: string | undefined): RenderedAggregate {
    const c = cond ? `${x} IS NOT NULL AND (${cond})` : `${x} IS NOT NULL`;
    return {
      agg: `array_sort(array_agg(${x}) FILTER (WHERE ${c}))`,
      post: arrayPercentile(
        p,
        (a) => `coalesce(cardinality(${a}), 0)`,
        (a, i) => `element_at(${a}, ${i} + 1)`,
        (n) => this.number(n),
        (e) => `floor(${e})`,
        (e) => `ceiling(${e})`,
        (e) => `CAST(${e} AS bigint)`,
      ),
    };
  }
}

const DIALECTS: Record<DialectName, SqlDialect> = {
  duckdb: new DuckDbDialect(),
  postgres: new PostgresDialect(),
  bigquery: new BigQueryDialect(),
  snowflake: new SnowflakeDialect(),
  databricks: new DatabricksDialect(),
  trino: new TrinoDialect(),
};

export function dialectFor(name: DialectName): SqlDialect {
  return DIALECTS[name];
}
