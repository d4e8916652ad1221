// A source's plan (plan/plan.ts) as SQL: queries that return only aggregates, never rows.
//
// Every query starts with the same common table expressions:
//   cx_raw   the relation (files, a table, a query) with each column the plan reads, as raw
//            values plus what its conversion needs (textconv.ts: trimmed text, pattern matches)
//   cx_src   the typed columns under their .cx names (number → double, date → DATE,
//            datetime → instant, …)
//   cx_dN    one per derived column, in the plan's order (each may use the earlier ones)
//   cx_rows  + cx_day, the local date of the source's timestamp in the workspace zone
// and then computes one of:
//   breakdown  per breakdown (by columns / trend period): every measure as a filtered aggregate,
//              with GROUPING SETS ((), (by …), (period)) so that the overall row, the groups and
//              the periods come from one scan and a null key is never the overall row; the null
//              period is the bucket of rows without a timestamp. Scale and division checks ride
//              along on the first breakdown that scans every row.
//   funnel     per step a CTE of customers and the earliest matching time (joined to the step before)
//   cohort     per cohort and age: customers, observed and retained (activity: per cohort and age)
//   drivers    count, averages, min/max (constant columns) and correlations of the complete cases
//   checks     scale and division checks when no breakdown query scans every row
import type { Breakdown, ColumnSpec, CohortPlan, DriversPlan, FunnelPlan, Measure, SourcePlan } from "../../plan/plan";
import type { RowExpr, ValueType } from "../../plan/ir";
import type { TrendPeriod } from "../../semantics/schema";
import type { DialectName, SqlDialect } from "./dialect";
import { indent } from "./dialect";
import { asNumber, renderExpr, type ExprContext } from "./expr";
import { textConversion, valueTypeOf, type Conversion } from "./textconv";
import { fileRelation, type FileRelation } from "./files";

/** What is known about the source's relation before rendering (from the engine, or the files). */
export interface SourceShape {
  /** Columns of the relation as the engine names and types them (table, query, parquet, a CSV file's header). */
  columns?: { name: string; type: string }[];
  /** CSV read by DuckDB: the files grouped by identical header (raw names in order). */
  csvGroups?: { files: string[]; names: string[] }[];
  /** JSON / JSONL read by DuckDB: every key of every record. */
  jsonKeys?: string[];
  /** The source was read by the native reader and loaded into this table (columns: .cx names, typed). */
  loaded?: string;
  /** Columns of the plan the native reader did not find (not in the loaded table). */
  loadedMissing?: string[];
  /** Declared columns (used or not) the native reader did not find. */
  declaredMissing?: string[];
}

export interface RenderOptions {
  /** IANA zone of the workspace. */
  zone: string;
  shape?: SourceShape;
  /**
   * Whether the typed rows are computed once into a temporary table that every query reads
   * (default: the dialect's choice — DuckDB, embedded, does; warehouses do not).
   */
  materialize?: boolean;
}

export interface MeasureColumns {
  key: string;
  kind: Measure["kind"];
  /** Output column indices of n, a, b (−1: not computed). */
  n: number;
  a: number;
  b: number;
}

export interface ChecksColumns {
  scale: { key: string; col: number }[];
  divisions: { id: number; col: number }[];
}

export type QueryDecoder =
  | { kind: "breakdown"; breakdown: Breakdown; byTypes: ValueType[]; gb: number; gp: number; keys: number[]; period: number; measures: MeasureColumns[]; checks?: ChecksColumns }
  | { kind: "checks"; checks: ChecksColumns }
  | { kind: "funnel"; key: string; steps: number }
  | { kind: "cohort"; key: string; mode: CohortPlan["mode"]; periods: number }
  | { kind: "drivers"; key: string; k: number };

export interface RenderedQuery {
  /** What the query computes (shown as a comment). */
  title: string;
  sql: string;
  decode: QueryDecoder;
}

export interface RenderedSource {
  source: string;
  dialect: DialectName;
  /** Session statements run before the queries. */
  setup: string[];
  /** Statements run after the setup and before the queries (DuckDB: the typed rows, once, into a temporary table). */
  prepare: string[];
  queries: RenderedQuery[];
  /** Statements run after the queries, also when one fails (dropping what `prepare` made). */
  cleanup: string[];
  /** Notes shown as comments (e.g. "read by the native reader"). */
  notes: string[];
  /**
   * Columns of the plan that the relation does not have (by .cx name), as far as the shape tells:
   * the caller reports CX4002 on their declarations and treats the source's metrics as null, as
   * natively. (They read as null in the queries.)
   */
  missing: string[];
  /** Declared columns (the plan's schema, used or not) the relation does not have: CX4002 on each. */
  schemaMissing: string[];
}

// ------------------------------------------------------------------------------------- names

/** A prefix for internal names that no column of the source starts with. */
function internalPrefix(plan: SourcePlan): string {
  const names = [...plan.columns.keys(), ...plan.derived.map((x) => x.name)].map((n) => n.toLowerCase());
  for (let i = 0; ; i++) {
    const p = i === 0 ? "cx_" : `cx${i}_`;
    if (!names.some((n) => n.startsWith(p))) return p;
  }
}

class Names {
  constructor(readonly p: string) {}
  /** An internal name: lower-case letters, digits and `_`, so written unquoted in every dialect. */
  q(name: string): string {
    return this.p + name;
  }
  raw(name: string): string {
    return this.p + name;
  }
}

// ------------------------------------------------------------------------------------- the prefix

interface Prefix {
  /** `WITH …` up to and including cx_rows (no trailing comma). */
  ctes: string[];
  /** Types of every column of cx_rows by .cx name. */
  types: Map<string, ValueType>;
  cx: ExprContext;
  /** SQL of the local day of the timestamp in cx_rows (undefined without a timestamp). */
  day?: string;
  n: Names;
  notes: string[];
  /** Columns of the plan the relation does not have (read as null). */
  missing: string[];
  /** Columns of the schema the relation does not have. */
  schemaMissing: string[];
}

function buildPrefix(plan: SourcePlan, d: SqlDialect, opts: RenderOptions): Prefix {
  const n = new Names(internalPrefix(plan));
  const notes: string[] = [];
  const types = new Map<string, ValueType>();
  for (const [name, t] of plan.columns) types.set(name, valueTypeOf(t));
  for (const x of plan.derived) types.set(x.name, x.type);

  const rel = relationOf(plan, d, opts, n, notes);
  const inner: string[] = [];
  const middle: string[] = [];
  const typed: string[] = [];
  const missing: string[] = [];
  let k = 0;
  for (const [name, ctype] of plan.columns) {
    const spec = plan.schema.get(name);
    const raw = rel.raw(name, spec);
    const vt = valueTypeOf(ctype);
    if (!raw) {
      missing.push(name);
      typed.push(`${d.nullOf(vt)} AS ${d.ident(name)}`);
      continue;
    }
    const tag = n.raw(`c${k++}`);
    const conv = columnConversion(d, raw, ctype, spec, opts.zone, tag);
    for (const [alias, sql] of conv.inner) inner.push(`${sql} AS ${d.ident(alias)}`);
    for (const [alias, sql] of conv.middle?.((a) => d.ident(a)) ?? []) middle.push(`${sql} AS ${d.ident(alias)}`);
    typed.push(`${conv.finish((a) => d.ident(a))} AS ${d.ident(name)}`);
  }
  // Declared columns no metric reads must exist too (CX4002), as natively.
  const schemaMissing = declaredMissing(plan, opts.shape, missing);
  if (inner.length === 0) inner.push(`1 AS ${n.q("one")}`);
  if (typed.length === 0) typed.push(`1 AS ${n.q("one")}`);

  const ctes: string[] = [];
  ctes.push(`${n.q("raw")} AS (\n${indent(`SELECT\n${indent(inner.join(",\n"), 2)}\nFROM ${rel.from}`, 2)}\n)`);
  let typedFrom = n.q("raw");
  if (middle.length) {
    ctes.push(`${n.q("parts")} AS (\n${indent(`SELECT\n${indent(["*", ...middle].join(",\n"), 2)}\nFROM ${n.q("raw")}`, 2)}\n)`);
    typedFrom = n.q("parts");
  }
  ctes.push(`${n.q("src")} AS (\n${indent(`SELECT\n${indent(typed.join(",\n"), 2)}\nFROM ${typedFrom}`, 2)}\n)`);
  let last = n.q("src");
  const cx: ExprContext = { d, zone: opts.zone, col: (name) => d.ident(name) };
  plan.derived.forEach((x, i) => {
    const name = n.q(`d${i + 1}`);
    let e = renderExpr(x.expr, cx);
    if (x.expr.k === "lit") e = d.cast(e, x.type);
    ctes.push(`${name} AS (\n  SELECT *, ${e} AS ${d.ident(x.name)}\n  FROM ${last}\n)`);
    last = name;
  });
  let day: string | undefined;
  if (plan.timestamp) {
    const ts = d.ident(plan.timestamp.name);
    const daySql = plan.timestamp.type === "datetime" ? d.localDate(ts, opts.zone) : ts;
    ctes.push(`${n.q("rows")} AS (\n  SELECT *, ${daySql} AS ${n.q("day")}\n  FROM ${last}\n)`);
    day = n.q("day");
  } else {
    ctes.push(`${n.q("rows")} AS (\n  SELECT *\n  FROM ${last}\n)`);
  }
  return { ctes, types, cx, day, n, notes, missing, schemaMissing };
}

/**
 * Declared columns (used or not) the data does not have, as far as the shape tells — CX4002 for
 * each, as natively: a CSV's first header, JSON keys, a Parquet schema, a table's or query's
 * columns. Data loaded by the native reader has only the plan's columns (the reader reported the rest).
 */
function declaredMissing(plan: SourcePlan, shape: SourceShape | undefined, planMissing: string[]): string[] {
  if (shape?.loaded) return [...new Set([...planMissing, ...(shape.declaredMissing ?? [])])];
  if (!shape) return [...planMissing];
  const names = shape.csvGroups?.[0]?.names ?? shape.jsonKeys ?? shape.columns?.map((c) => c.name);
  if (!names) return [...planMissing];
  const out = new Set(planMissing);
  for (const [name, spec] of plan.schema) {
    const header = spec.header ?? name;
    if (resolveHeader(header, names) >= 0) continue;
    // JSON: a dotted path into nested objects (the keys list only top-level keys).
    if (shape.jsonKeys && header.includes(".") && resolveHeader(header.split(".")[0], names) >= 0) continue;
    out.add(name);
  }
  return [...out];
}

/** The conversion of a raw column: text rules for text data, a cast for typed data. */
function columnConversion(d: SqlDialect, raw: RawColumn, type: ValueType | "integer", spec: ColumnSpec | undefined, zone: string, tag: string): Conversion {
  const ctype = type as Parameters<typeof textConversion>[2];
  const vt = valueTypeOf(ctype);
  const engine = raw.type ? d.columnType(raw.type) : undefined;
  const alias = `${tag}_v`;
  // Values the native reader loaded are already converted (labels mapped, types read): as they are.
  if (raw.loaded) return { inner: [[alias, raw.sql]], finish: (ref) => ref(alias) };
  const textData = raw.text || engine === "text";
  if (textData && (vt !== "text" || spec?.map?.length)) return textConversion(d, raw.sql, ctype, spec, zone, tag);
  if (spec?.map?.length) return textConversion(d, d.cast(raw.sql, "text"), ctype, spec, zone, tag);
  let finish: (ref: (a: string) => string) => string;
  if (vt === "datetime" && raw.type && d.isNaiveTimestamp(raw.type)) finish = (ref) => d.naiveToInstant(ref(alias), zone);
  else if (vt === "datetime" && engine === "date") finish = (ref) => d.localMidnight(ref(alias), zone);
  else if (vt === "number" && engine === "boolean") finish = (ref) => asNumber(ref(alias), "boolean", d);
  else finish = (ref) => d.cast(ref(alias), vt);
  return { inner: [[alias, raw.sql]], finish };
}

export interface RawColumn {
  /** SQL of the raw value in the relation. */
  sql: string;
  /** The engine's type name, when known. */
  type?: string;
  /** The value is text to be converted by the native rules (CSV, JSON). */
  text?: boolean;
  /** Already typed by the native reader. */
  loaded?: boolean;
}

export interface Relation {
  from: string;
  raw(name: string, spec: ColumnSpec | undefined): RawColumn | undefined;
}

function relationOf(plan: SourcePlan, d: SqlDialect, opts: RenderOptions, n: Names, notes: string[]): Relation {
  const access = plan.access;
  const shape = opts.shape;
  if (shape?.loaded) {
    notes.push(`${plan.source}: read by the native reader and loaded into ${shape.loaded}`);
    const absent = new Set(shape.loadedMissing ?? []);
    return { from: d.ident(shape.loaded), raw: (name) => (absent.has(name) ? undefined : { sql: d.ident(name), loaded: true }) };
  }
  if (access.kind === "files") {
    const fr: FileRelation = fileRelation(plan, d, shape, n.p, notes);
    return fr;
  }
  const from = access.kind === "table" ? d.tableName(access.table) : d.subquery(stripSql(access.sql), n.q("query"));
  const cols = shape?.columns;
  return {
    from,
    raw: (name, spec) => {
      const header = spec?.header ?? name;
      if (!cols) return { sql: d.ident(header) };
      const found = resolveHeader(header, cols.map((c) => c.name));
      if (found < 0) return undefined;
      return { sql: d.ident(cols[found].name), type: cols[found].type };
    },
  };
}

/**
 * A user query for use as a subquery: what follows its last token — semicolons, whitespace,
 * `--` and block comments — is removed (string literals and quoted names are skipped while
 * looking). The subquery's closing parenthesis goes on a line of its own.
 */
export function stripSql(sql: string): string {
  let end = 0;
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl;
    } else if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === "\\" && c !== '"' ? 2 : 1;
      i = j + 1;
      end = Math.min(i, sql.length);
    } else if (/\s|;/.test(c)) i++;
    else {
      i++;
      end = i;
    }
  }
  return sql.slice(0, end);
}

/**
 * Header resolution (language-v2 §9.1): the exact name, else the one name equal ignoring case and
 * surrounding whitespace, if exactly one is. Returns the index in `names`, or −1.
 */
export function resolveHeader(header: string, names: string[]): number {
  const exact = names.indexOf(header);
  if (exact >= 0) return exact;
  const norm = (s: string) => s.trim().toLowerCase();
  const want = norm(header);
  let found = -1;
  for (let i = 0; i < names.length; i++) {
    if (norm(names[i]) === want) {
      if (found >= 0 && names[found] !== names[i]) return -1;
      if (found < 0) found = i;
    }
  }
  return found;
}

// ------------------------------------------------------------------------------------- conditions

function windowCond(p: Prefix, w: { lo: number; hi: number } | undefined): string | undefined {
  if (!w) return undefined;
  if (!p.day) return "FALSE";
  const d = p.cx.d;
  return `${p.day} > ${d.date(w.lo)} AND ${p.day} <= ${d.date(w.hi)}`;
}

function andAll(parts: (string | undefined)[]): string | undefined {
  const xs = parts.filter((x): x is string => !!x);
  if (xs.length === 0) return undefined;
  return xs.length === 1 ? xs[0] : xs.map((x) => `(${x})`).join(" AND ");
}

function whereCond(p: Prefix, e: RowExpr | undefined): string | undefined {
  return e ? renderExpr(e, p.cx) : undefined;
}

// ------------------------------------------------------------------------------------- period codes

/** The period code (eval/periods.ts periodCode) of a DATE. */
export function periodCodeSql(d: SqlDialect, day: string, p: TrendPeriod): string {
  switch (p) {
    case "day":
      return d.epochDays(day);
    case "week":
      return `(${d.datePart("isoyear", day)} * 100 + ${d.datePart("isoweek", day)})`;
    case "month":
      return `(${d.datePart("year", day)} * 12 + ${d.datePart("month", day)} - 1)`;
    case "quarter":
      return `(${d.datePart("year", day)} * 4 + ${d.datePart("quarter", day)} - 1)`;
    case "year":
      return d.datePart("year", day);
  }
}

/** A value in the plan's representation for output (dates → day numbers, datetimes → epoch ms). */
function outputValue(d: SqlDialect, sql: string, t: ValueType): string {
  return t === "date" || t === "datetime" ? asNumber(sql, t, d) : sql;
}

// ------------------------------------------------------------------------------------- queries

class Select {
  cols: string[] = [];
  posts: (((alias: string) => string) | undefined)[] = [];
  add(sql: string, post?: (alias: string) => string): number {
    this.cols.push(sql);
    this.posts.push(post);
    return this.cols.length - 1;
  }
}

function measureAggregates(m: Measure, p: Prefix, sel: Select, extraCond?: string): MeasureColumns {
  const d = p.cx.d;
  const cond = andAll([windowCond(p, m.window), whereCond(p, m.where), extraCond]);
  const out: MeasureColumns = { key: m.key, kind: m.kind, n: -1, a: -1, b: -1 };
  if (m.kind === "rows" || !m.arg) {
    out.n = sel.add(d.countRows(cond));
    return out;
  }
  const argType = typeOfArg(m.arg, p);
  const raw = renderExpr(m.arg, p.cx);
  if (m.kind === "values" || m.kind === "distinct") {
    out.n = sel.add(d.filtered("COUNT", raw, cond));
    if (m.kind === "distinct") out.a = sel.add(d.filtered("COUNT", raw, cond, true));
    return out;
  }
  const v = asNumber(raw, argType, d);
  switch (m.kind) {
    case "moments":
      out.n = sel.add(d.filtered("COUNT", v, cond));
      out.a = sel.add(d.filtered("SUM", v, cond));
      // M2 = Σ(x − mean)², stably: the population variance times the count.
      out.b = sel.add(`${d.filtered("VAR_POP", v, cond)} * ${d.filtered("COUNT", v, cond)}`);
      break;
    case "min":
    case "max":
      out.n = sel.add(d.filtered("COUNT", v, cond));
      out.a = sel.add(d.filtered(m.kind.toUpperCase(), v, cond));
      break;
    case "percentile": {
      out.n = sel.add(d.filtered("COUNT", v, cond));
      const pc = d.percentile(v, (m.p ?? 50) / 100, cond);
      out.a = sel.add(pc.agg, pc.post);
      break;
    }
    case "survey": {
      const s = m.survey ?? { fn: "nps", min: 0, max: 10 };
      const valid = `${v} = ${d.floor(v)} AND ${v} >= ${d.bareNumber(s.min)} AND ${v} <= ${d.bareNumber(s.max)}`;
      const c = andAll([cond, valid]);
      out.n = sel.add(d.countRows(c));
      if (s.fn === "nps") {
        out.a = sel.add(d.countRows(andAll([c, `${v} >= 9`])));
        out.b = sel.add(d.countRows(andAll([c, `${v} <= 6`])));
      } else if (s.fn === "csat") {
        out.a = sel.add(d.countRows(andAll([c, `${v} >= ${d.bareNumber(s.max - 1)}`])));
      } else {
        out.a = sel.add(d.filtered("SUM", v, c));
        out.b = sel.add(d.filtered("SUM", `${v} * ${v}`, c));
      }
      break;
    }
  }
  return out;
}

function typeOfArg(e: RowExpr, p: Prefix): ValueType | "null" {
  if (e.k === "col") return p.types.get(e.name) ?? e.t;
  switch (e.k) {
    case "lit":
    case "fn":
      return e.t;
    case "neg":
    case "arith":
      return "number";
    default:
      return "boolean";
  }
}

function checkAggregates(plan: SourcePlan, p: Prefix, sel: Select): ChecksColumns {
  const d = p.cx.d;
  const scale = plan.scaleChecks.map((c) => {
    const v = asNumber(renderExpr(c.arg, p.cx), typeOfArg(c.arg, p), d);
    const cond = `${v} IS NOT NULL AND (${v} < ${d.bareNumber(c.min)} OR ${v} > ${d.bareNumber(c.max)} OR ${v} <> ${d.floor(v)})`;
    return { key: c.key, col: sel.add(d.countRows(cond)) };
  });
  const divisions = plan.divisions.map((x) => {
    const cond = andAll([windowCond(p, x.window), whereCond(p, x.where), `${renderExpr(x.num, p.cx)} IS NOT NULL`, `${renderExpr(x.den, p.cx)} = 0`]);
    return { id: x.id, col: sel.add(d.countRows(cond)) };
  });
  return { scale, divisions };
}

function finishSelect(p: Prefix, sel: Select, body: (cols: string) => string, extraCtes: string[] = []): string {
  const d = p.cx.d;
  const aliases = sel.cols.map((_, i) => p.n.q(`c${i}`));
  const cols = sel.cols.map((c, i) => `${c} AS ${aliases[i]}`).join(",\n");
  let sql = body(cols);
  if (sel.posts.some((x) => x)) {
    const outer = sel.posts.map((post, i) => (post ? `${post(aliases[i])} AS ${aliases[i]}` : aliases[i])).join(",\n");
    sql = `SELECT\n${indent(outer, 2)}\nFROM ${d.subquery(sql, p.n.q("agg"))}`;
  }
  return `WITH\n${indent([...p.ctes, ...extraCtes].join(",\n"), 2)}\n${sql}`;
}

function breakdownQuery(plan: SourcePlan, p: Prefix, b: Breakdown, measures: Measure[], withChecks: boolean): RenderedQuery {
  const d = p.cx.d;
  const sel = new Select();
  const byTypes = b.by.map((c) => p.types.get(c) ?? "text");
  const grouping = b.by.length > 0 || !!b.trend;
  const periodCol = p.n.q("period");
  const gb = b.by.length ? sel.add(`GROUPING(${d.ident(b.by[0])})`) : -1;
  const gp = b.trend ? sel.add(`GROUPING(${periodCol})`) : -1;
  const keys = b.by.map((c, i) => sel.add(outputValue(d, d.ident(c), byTypes[i])));
  const period = b.trend ? sel.add(periodCol) : -1;
  const cols = measures.map((m) => measureAggregates(m, p, sel));
  const checks = withChecks ? checkAggregates(plan, p, sel) : undefined;
  // Every measure has a window: only rows in one of them are read.
  let prune: string | undefined;
  if (!withChecks && measures.length && measures.every((m) => m.window) && p.day) {
    const lo = Math.min(...measures.map((m) => m.window!.lo));
    const hi = Math.max(...measures.map((m) => m.window!.hi));
    prune = `${p.day} > ${d.date(lo)} AND ${p.day} <= ${d.date(hi)}`;
  }
  const extra: string[] = [];
  let from = p.n.q("rows");
  if (b.trend) {
    const code = p.day ? periodCodeSql(d, p.day, b.trend) : "NULL";
    extra.push(`${p.n.q("keyed")} AS (\n  SELECT *, ${code} AS ${periodCol}\n  FROM ${p.n.q("rows")}\n)`);
    from = p.n.q("keyed");
  }
  const sets: string[] = ["()"];
  if (b.by.length) sets.push(`(${b.by.map((c) => d.ident(c)).join(", ")})`);
  if (b.trend) sets.push(`(${periodCol})`);
  const sql = finishSelect(
    p,
    sel,
    (c) => `SELECT\n${indent(c, 2)}\nFROM ${from}${prune ? `\nWHERE ${prune}` : ""}${grouping ? `\nGROUP BY GROUPING SETS (${sets.join(", ")})` : ""}`,
    extra,
  );
  const what = [b.by.length ? `by ${b.by.join(", ")}` : "", b.trend ? `trend ${b.trend}` : ""].filter(Boolean).join(", ") || "overall";
  const title = `${measures.length} measure${measures.length === 1 ? "" : "s"} (${what})${checks && (checks.scale.length || checks.divisions.length) ? ", scale and division checks" : ""}`;
  return { title, sql, decode: { kind: "breakdown", breakdown: b, byTypes, gb, gp, keys, period, measures: cols, checks } };
}

function checksQuery(plan: SourcePlan, p: Prefix): RenderedQuery {
  const sel = new Select();
  const checks = checkAggregates(plan, p, sel);
  const sql = finishSelect(p, sel, (c) => `SELECT\n${indent(c, 2)}\nFROM ${p.n.q("rows")}`);
  return { title: "scale and division checks", sql, decode: { kind: "checks", checks } };
}

function funnelQuery(f: FunnelPlan, p: Prefix, plan: SourcePlan): RenderedQuery {
  const d = p.cx.d;
  const n = p.n;
  const ts = plan.timestamp;
  if (!ts) {
    const sql = `SELECT ${f.steps.map((_, i) => `0 AS ${n.q(`c${i}`)}`).join(", ")}`;
    return { title: `funnel ${f.name}: no timestamp`, sql, decode: { kind: "funnel", key: f.key, steps: f.steps.length } };
  }
  const tsCol = d.ident(ts.name);
  const tms = ts.type === "datetime" ? d.epochMs(tsCol) : `${d.epochDays(tsCol)} * 86400000`;
  const cust = d.ident(f.customer);
  const stepCols = f.steps.map((s, i) => `${renderExpr(s, p.cx)} AS ${n.q(`s${i + 1}`)}`);
  const ctes: string[] = [];
  ctes.push(
    `${n.q("ev")} AS (\n  SELECT ${cust} AS ${n.q("id")}, ${tms} AS ${n.q("t")}, ${p.day} AS ${n.q("evday")},\n${indent(stepCols.join(",\n"), 4)}\n  FROM ${n.q("rows")}\n  WHERE ${cust} IS NOT NULL AND ${tsCol} IS NOT NULL\n)`,
  );
  const win = f.window ? ` AND ${n.q("evday")} > ${d.date(f.window.lo)} AND ${n.q("evday")} <= ${d.date(f.window.hi)}` : "";
  ctes.push(
    `${n.q("f1")} AS (\n  SELECT ${n.q("id")}, MIN(${n.q("t")}) AS ${n.q("t1")}, MIN(${n.q("t")}) AS ${n.q("tk")}\n  FROM ${n.q("ev")}\n  WHERE ${n.q("s1")}${win}\n  GROUP BY ${n.q("id")}\n)`,
  );
  for (let k = 2; k <= f.steps.length; k++) {
    const within = f.withinMs !== undefined ? ` AND e.${n.q("t")} <= p.${n.q("t1")} + ${d.bareNumber(f.withinMs)}` : "";
    ctes.push(
      `${n.q(`f${k}`)} AS (\n  SELECT e.${n.q("id")}, p.${n.q("t1")}, MIN(e.${n.q("t")}) AS ${n.q("tk")}\n  FROM ${n.q("ev")} e\n  JOIN ${n.q(`f${k - 1}`)} p ON e.${n.q("id")} = p.${n.q("id")}\n  WHERE e.${n.q(`s${k}`)} AND e.${n.q("t")} >= p.${n.q("tk")}${within}\n  GROUP BY e.${n.q("id")}, p.${n.q("t1")}\n)`,
    );
  }
  const sel = new Select();
  f.steps.forEach((_, i) => sel.add(`${n.q(`n${i + 1}`)}.${n.q("n")}`));
  const counts = f.steps.map((_, i) => `(SELECT COUNT(*) AS ${n.q("n")} FROM ${n.q(`f${i + 1}`)}) AS ${n.q(`n${i + 1}`)}`);
  const sql = finishSelect(p, sel, (c) => `SELECT\n${indent(c, 2)}\nFROM ${counts.join("\nCROSS JOIN ")}`, ctes);
  return { title: `funnel ${f.name}: customers reaching each of ${f.steps.length} steps`, sql, decode: { kind: "funnel", key: f.key, steps: f.steps.length } };
}

/** A DATE + k periods of a cohort (weeks: 7 days; months, quarters: calendar months, clamped). */
function addPeriods(d: SqlDialect, day: string, k: string, period: CohortPlan["period"]): string {
  if (period === "week") return d.addDays(day, `7 * ${k}`);
  return d.addMonths(day, period === "month" ? k : `3 * ${k}`);
}

/** A sortable index of the period of a DATE (consecutive periods: consecutive indices), as the native engine's periodIndex. */
function periodIndexSql(d: SqlDialect, day: string, period: CohortPlan["period"]): string {
  if (period === "week") return d.floor(`(${d.epochDays(day)} - 4) / 7`);
  if (period === "month") return `(${d.datePart("year", day)} * 12 + ${d.datePart("month", day)} - 1)`;
  return `(${d.datePart("year", day)} * 4 + ${d.datePart("quarter", day)} - 1)`;
}

function cohortQuery(c: CohortPlan, p: Prefix, plan: SourcePlan): RenderedQuery {
  const d = p.cx.d;
  const n = p.n;
  const cust = d.ident(c.customer);
  const ctes: string[] = [];
  const sel = new Select();
  const age = n.q("age");
  const ages = d.integers(c.periods, n.q("ages"), n.raw("age"));
  const winOn = (x: string) => (c.window ? ` AND ${x} > ${d.date(c.window.lo)} AND ${x} <= ${d.date(c.window.hi)}` : "");
  const dayOf = (col: string | undefined): string | undefined => {
    if (!col) return undefined;
    const t = p.types.get(col);
    return t === "datetime" ? d.localDate(d.ident(col), p.cx.zone) : t === "date" ? d.ident(col) : undefined;
  };
  let body: string;
  if (c.mode === "subscription") {
    const start = dayOf(c.start);
    if (!start) return emptyCohort(c, p);
    const end = dayOf(c.end) ?? "NULL";
    ctes.push(
      `${n.q("cust")} AS (\n  SELECT ${cust} AS ${n.q("id")}, MIN(${start}) AS ${n.q("s")},\n    CASE WHEN COUNT(*) > COUNT(${end}) THEN NULL ELSE MAX(${end}) END AS ${n.q("e")}\n  FROM ${n.q("rows")}\n  WHERE ${cust} IS NOT NULL AND ${start} IS NOT NULL\n  GROUP BY ${cust}\n)`,
    );
    ctes.push(`${n.q("kept")} AS (\n  SELECT *, ${periodCodeSql(d, n.q("s"), c.period)} AS ${n.q("code")}\n  FROM ${n.q("cust")}\n  WHERE TRUE${winOn(n.q("s"))}\n)`);
    const boundary = addPeriods(d, n.q("s"), age, c.period);
    const observed = `${boundary} <= ${d.date(c.asOf)}`;
    sel.add(n.q("code"));
    sel.add(age);
    sel.add("COUNT(*)");
    sel.add(d.countRows(observed));
    sel.add(d.countRows(`${observed} AND (${n.q("e")} IS NULL OR ${n.q("e")} > ${boundary})`));
    body = `FROM ${n.q("kept")}\nCROSS JOIN ${ages}\nGROUP BY ${n.q("code")}, ${age}`;
  } else {
    if (!p.day) return emptyCohort(c, p);
    ctes.push(`${n.q("act")} AS (\n  SELECT ${cust} AS ${n.q("id")}, ${p.day} AS ${n.q("aday")}\n  FROM ${n.q("rows")}\n  WHERE ${cust} IS NOT NULL AND ${p.day} IS NOT NULL\n)`);
    ctes.push(
      `${n.q("first")} AS (\n  SELECT ${n.q("id")}, MIN(${n.q("aday")}) AS ${n.q("s")}\n  FROM ${n.q("act")}\n  GROUP BY ${n.q("id")}\n)`,
    );
    ctes.push(
      `${n.q("kept")} AS (\n  SELECT *, ${periodCodeSql(d, n.q("s"), c.period)} AS ${n.q("code")}, ${periodIndexSql(d, n.q("s"), c.period)} AS ${n.q("base")}\n  FROM ${n.q("first")}\n  WHERE TRUE${winOn(n.q("s"))}\n)`,
    );
    ctes.push(
      `${n.q("seen")} AS (\n  SELECT DISTINCT a.${n.q("id")}, ${periodIndexSql(d, `a.${n.q("aday")}`, c.period)} - k.${n.q("base")} AS ${n.q("k")}\n  FROM ${n.q("act")} a\n  JOIN ${n.q("kept")} k ON a.${n.q("id")} = k.${n.q("id")}\n)`,
    );
    // Age k is observed when its period has ended by the as-of date.
    const limit = `${periodIndexSql(d, d.date(c.asOf + 1), c.period)}`;
    const observed = `k.${n.q("base")} + ${age} < ${limit}`;
    sel.add(`k.${n.q("code")}`);
    sel.add(age);
    sel.add("COUNT(*)");
    sel.add(d.countRows(observed));
    sel.add(d.countRows(`${observed} AND s.${n.q("id")} IS NOT NULL`));
    body = `FROM ${n.q("kept")} k\nCROSS JOIN ${ages}\nLEFT JOIN ${n.q("seen")} s ON s.${n.q("id")} = k.${n.q("id")} AND s.${n.q("k")} = ${age}\nGROUP BY k.${n.q("code")}, ${age}`;
  }
  void plan;
  const sql = finishSelect(p, sel, (cols) => `SELECT\n${indent(cols, 2)}\n${body}`, ctes);
  return { title: `cohort ${c.name}: customers, observed and retained per cohort and age 0..${c.periods}`, sql, decode: { kind: "cohort", key: c.key, mode: c.mode, periods: c.periods } };
}

function emptyCohort(c: CohortPlan, p: Prefix): RenderedQuery {
  const d = p.cx.d;
  const sql = `SELECT 0 AS ${d.ident("code")}, 0 AS ${d.ident("age")}, 0 AS ${d.ident("n")}, 0 AS ${d.ident("o")}, 0 AS ${d.ident("r")} WHERE 1 = 0`;
  return { title: `cohort ${c.name}: nothing to compute`, sql, decode: { kind: "cohort", key: c.key, mode: c.mode, periods: c.periods } };
}

function driversQuery(x: DriversPlan, p: Prefix): RenderedQuery {
  const d = p.cx.d;
  const n = p.n;
  const k = x.columns.length;
  const vals = x.columns.map((e, i) => `${asNumber(renderExpr(e, p.cx), typeOfArg(e, p), d)} AS ${n.q(`x${i}`)}`);
  const cond = andAll([windowCond(p, x.window), whereCond(p, x.where)]);
  const ctes = [`${n.q("cases")} AS (\n  SELECT\n${indent(vals.join(",\n"), 4)}\n  FROM ${n.q("rows")}${cond ? `\n  WHERE ${cond}` : ""}\n)`];
  const xs = x.columns.map((_, i) => n.q(`x${i}`));
  const sel = new Select();
  sel.add("COUNT(*)");
  for (const v of xs) sel.add(`AVG(${v})`);
  for (const v of xs) sel.add(`MIN(${v})`);
  for (const v of xs) sel.add(`MAX(${v})`);
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) sel.add(d.corr(xs[i], xs[j]));
  const complete = xs.map((v) => `${v} IS NOT NULL`).join(" AND ");
  const sql = finishSelect(p, sel, (c) => `SELECT\n${indent(c, 2)}\nFROM ${n.q("cases")}\nWHERE ${complete}`, ctes);
  return { title: `drivers ${x.name}: complete cases, means, ranges and correlations of ${k} columns`, sql, decode: { kind: "drivers", key: x.key, k } };
}

// ------------------------------------------------------------------------------------- the source

/** Renders a source's plan in a dialect: the session setup and the queries, each with how to read its rows. */
export function renderSource(plan: SourcePlan, d: SqlDialect, opts: RenderOptions): RenderedSource {
  const full = buildPrefix(plan, d, opts);
  const prepare: string[] = [];
  const cleanup: string[] = [];
  let p = full;
  if (opts.materialize ?? d.materializes) {
    // Read and convert the data once; the queries aggregate the temporary table.
    const table = d.ident(`${full.n.p}rows_${plan.source}`);
    prepare.push(`CREATE OR REPLACE TEMP TABLE ${table} AS\nWITH\n${indent(full.ctes.join(",\n"), 2)}\nSELECT * FROM ${full.n.q("rows")}`);
    cleanup.push(`DROP TABLE IF EXISTS ${table}`);
    p = { ...full, ctes: [`${full.n.q("rows")} AS (\n  SELECT * FROM ${table}\n)`] };
  }
  const queries: RenderedQuery[] = [];
  // Measures by breakdown, in the order of first appearance.
  const groups = new Map<string, { b: Breakdown; measures: Measure[] }>();
  for (const m of plan.measures) {
    const key = JSON.stringify([m.breakdown.by, m.breakdown.trend ?? null]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { b: m.breakdown, measures: [] }));
    g.measures.push(m);
  }
  const needChecks = plan.scaleChecks.length > 0 || plan.divisions.length > 0;
  let checksDone = !needChecks;
  for (const { b, measures } of groups.values()) {
    // Checks ride on the first query that reads every row (one whose measures are not all windowed).
    const scansAll = !(measures.every((m) => m.window) && p.day);
    const withChecks = !checksDone && scansAll;
    if (withChecks) checksDone = true;
    queries.push(breakdownQuery(plan, p, b, measures, withChecks));
  }
  if (!checksDone) queries.push(checksQuery(plan, p));
  for (const f of plan.funnels) queries.push(funnelQuery(f, p, plan));
  for (const c of plan.cohorts) queries.push(cohortQuery(c, p, plan));
  for (const x of plan.drivers) queries.push(driversQuery(x, p));
  return { source: plan.source, dialect: d.name, setup: d.setup(opts.zone), prepare, queries, cleanup, notes: p.notes, missing: p.missing, schemaMissing: p.schemaMissing };
}

/** The SQL of a rendered source as one script with comments (`cx sql`). */
export function formatSource(r: RenderedSource): string {
  const out: string[] = [];
  out.push(`-- source ${commentText(r.source)} (${r.dialect})`);
  for (const note of r.notes) out.push(`-- ${commentText(note)}`);
  for (const s of r.setup) out.push(`${s};`);
  for (const s of r.prepare) {
    out.push("");
    out.push("-- the typed rows, read and converted once");
    out.push(`${s};`);
  }
  for (const q of r.queries) {
    out.push("");
    out.push(`-- ${commentText(q.title)}`);
    out.push(`${q.sql};`);
  }
  if (r.cleanup.length) out.push("");
  for (const s of r.cleanup) out.push(`${s};`);
  return out.join("\n") + "\n";
}

/** Text safe inside a `--` comment: one line, no control characters. */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === "\n" ? "⏎" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
}

/**
 * The typed rows of a source (cx_rows: read and derived columns under their .cx names, dates as
 * day numbers, datetimes as epoch ms), ordered by nothing. Never run by the executor — it returns
 * rows; tests use it to compare values with the native reader's.
 */
export function renderRowsQuery(plan: SourcePlan, d: SqlDialect, opts: RenderOptions): string {
  const p = buildPrefix(plan, d, opts);
  const cols = [...p.types].map(([name, t]) => `${outputValue(d, d.ident(name), t)} AS ${d.ident(name)}`);
  return `WITH\n${indent(p.ctes.join(",\n"), 2)}\nSELECT ${cols.join(", ")}\nFROM ${p.n.q("rows")}`;
}
