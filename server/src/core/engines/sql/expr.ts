// Row expressions (plan/ir.ts) in SQL: the semantics of ir.ts's header, in every dialect.
import { typeOf, type Literal, type RowExpr, type ValueType } from "../../plan/ir";
import { TRIM_CHARS, type SqlDialect } from "./dialect";

export interface ExprContext {
  d: SqlDialect;
  /** IANA zone of the workspace. */
  zone: string;
  /** SQL of a column (read or derived) by .cx name. */
  col(name: string): string;
}

const MS_PER_DAY = 86400000;

/** A literal of a type in the SQL representation. */
export function literal(d: SqlDialect, t: ValueType | "null", v: Literal): string {
  if (v === null || t === "null") return t === "null" ? "NULL" : d.nullOf(t);
  switch (t) {
    case "number":
      return d.number(v as number);
    case "text":
      return d.string(String(v));
    case "boolean":
      return d.boolean(v as boolean);
    case "date":
      return d.date(v as number);
    case "datetime":
      return d.timestamp(v as number);
  }
}

/** A literal where the other side gives the type (comparisons): small integers stay bare. */
function operandLiteral(d: SqlDialect, t: ValueType | "null", v: Literal): string {
  if (t === "number" && typeof v === "number" && Number.isSafeInteger(v) && Math.abs(v) < 2 ** 31) return String(v);
  return literal(d, t, v);
}

export function renderExpr(e: RowExpr, cx: ExprContext): string {
  const d = cx.d;
  const r = (x: RowExpr) => renderExpr(x, cx);
  switch (e.k) {
    case "lit":
      return literal(d, e.t, e.v);
    case "col":
      return cx.col(e.name);
    case "neg":
      return `(- ${r(e.e)})`;
    case "not":
      return `(NOT ${r(e.e)})`;
    case "arith":
      if (e.op === "/") return `(${r(e.l)} / NULLIF(${r(e.r)}, 0))`;
      return `(${r(e.l)} ${e.op} ${r(e.r)})`;
    case "cmp": {
      const t = typeOf(e.l) === "null" ? typeOf(e.r) : typeOf(e.l);
      const side = (x: RowExpr, other: RowExpr) => (x.k === "lit" && other.k !== "lit" ? operandLiteral(d, x.t === "null" ? t : x.t, x.v) : r(x));
      const l = side(e.l, e.r);
      const rr = side(e.r, e.l);
      const op = e.op === "==" ? "=" : e.op === "!=" ? "<>" : e.op;
      if (t === "text" && e.op !== "==" && e.op !== "!=") return `(${d.textCompare(l, op, rr)})`;
      return `(${l} ${op} ${rr})`;
    }
    case "and":
      return `(${r(e.l)} AND ${r(e.r)})`;
    case "or":
      return `(${r(e.l)} OR ${r(e.r)})`;
    case "isnull":
      return `(${r(e.e)} IS ${e.negated ? "NOT " : ""}NULL)`;
    case "in": {
      const t = typeOf(e.e);
      const x = r(e.e);
      if (e.items.length === 0) return `(CASE WHEN ${x} IS NULL THEN NULL ELSE ${d.boolean(e.negated)} END)`;
      const items = e.items.map((v) => (v === null ? "NULL" : operandLiteral(d, t, v))).join(", ");
      return `(${x} ${e.negated ? "NOT IN" : "IN"} (${items}))`;
    }
    case "fn":
      return renderCall(e, cx);
  }
}

function renderCall(e: Extract<RowExpr, { k: "fn" }>, cx: ExprContext): string {
  const d = cx.d;
  const a = e.args;
  const r = (x: RowExpr) => renderExpr(x, cx);
  switch (e.fn) {
    case "if":
      return `(CASE WHEN ${r(a[0])} THEN ${r(a[1])} ELSE ${r(a[2])} END)`;
    case "lower":
      return d.lower(r(a[0]));
    case "upper":
      return d.upper(r(a[0]));
    case "trim":
      return d.trimChars(r(a[0]), TRIM_CHARS);
    case "contains":
      return d.contains(r(a[0]), r(a[1]));
    case "starts_with":
      return d.startsWith(r(a[0]), r(a[1]));
    case "date":
      return localDay(a[0], cx);
    case "day":
    case "week":
    case "month":
    case "quarter":
    case "year":
      return periodKey(e.fn, localDay(a[0], cx), d);
    case "midnight":
      return typeOf(a[0]) === "datetime" ? r(a[0]) : d.localMidnight(r(a[0]), cx.zone);
    case "days_between":
      if (typeOf(a[0]) === "date" && typeOf(a[1]) === "date") return d.daysBetween(r(a[0]), r(a[1]));
      return elapsed(a[0], a[1], MS_PER_DAY, cx);
    case "hours_between":
      return elapsed(a[0], a[1], 3600000, cx);
    case "minutes_between":
      return elapsed(a[0], a[1], 60000, cx);
    case "round":
      return renderRound(a, cx);
    case "abs":
      return `abs(${r(a[0])})`;
    case "coalesce":
      return a.length === 1 ? r(a[0]) : `COALESCE(${a.map(r).join(", ")})`;
    case "least":
    case "greatest": {
      // language-v2 §10.2: null when any argument is null (row context; unlike the metric context).
      const t = e.t === "null" ? "number" : e.t;
      const xs = a.map(r);
      if (xs.length === 1) return xs[0];
      const call = d.leastGreatest(e.fn, xs, t);
      if (!d.leastIgnoresNulls) return call;
      return `(CASE WHEN ${xs.map((x) => `${x} IS NULL`).join(" OR ")} THEN NULL ELSE ${call} END)`;
    }
    case "as_of":
      // The planner replaces as_of() with a date literal; an executor never sees it.
      return "NULL";
  }
}

/** The local date of a date or datetime expression. */
export function localDay(x: RowExpr, cx: ExprContext): string {
  const s = renderExpr(x, cx);
  return typeOf(x) === "datetime" ? cx.d.localDate(s, cx.zone) : s;
}

/** An instant of a date or datetime expression (a date at its local midnight). */
function instant(x: RowExpr, cx: ExprContext): string {
  const s = renderExpr(x, cx);
  return typeOf(x) === "date" ? cx.d.localMidnight(s, cx.zone) : s;
}

function elapsed(a: RowExpr, b: RowExpr, unit: number, cx: ExprContext): string {
  const d = cx.d;
  return `((${d.epochMs(instant(b, cx))} - ${d.epochMs(instant(a, cx))}) / ${unit})`;
}

/** The period key text (`2026-01-31`, `2026-W05`, `2026-01`, `2026-Q1`, `2026`) of a DATE expression. */
export function periodKey(p: "day" | "week" | "month" | "quarter" | "year", day: string, d: SqlDialect): string {
  const y = d.padInt(d.datePart("year", day), 4);
  switch (p) {
    case "day":
      return d.concat([y, "'-'", d.padInt(d.datePart("month", day), 2), "'-'", d.padInt(d.datePart("day", day), 2)]);
    case "week":
      return d.concat([d.padInt(d.datePart("isoyear", day), 4), "'-W'", d.padInt(d.datePart("isoweek", day), 2)]);
    case "month":
      return d.concat([y, "'-'", d.padInt(d.datePart("month", day), 2)]);
    case "quarter":
      return d.concat([y, "'-Q'", d.cast(d.datePart("quarter", day), "text")]);
    case "year":
      return y;
  }
}

/** round(x, d): d a literal is clamped to 0..15 (as natively); a computed d picks one of 16 roundings. */
function renderRound(a: RowExpr[], cx: ExprContext): string {
  const d = cx.d;
  const x = renderExpr(a[0], cx);
  const digits = a[1];
  if (!digits || digits.k === "lit") {
    const v = digits && typeof digits.v === "number" ? digits.v : 0;
    return d.roundHalfAway(x, Math.max(0, Math.min(15, Math.trunc(v))));
  }
  const dd = renderExpr(digits, cx);
  const branches = Array.from({ length: 15 }, (_, i) => `WHEN ${dd} < ${i + 1} THEN ${d.roundHalfAway(x, i)}`).join(" ");
  return `(CASE WHEN ${dd} IS NULL THEN ${d.roundHalfAway(x, 0)} ${branches} ELSE ${d.roundHalfAway(x, 15)} END)`;
}

/** A value as a number of the plan's representation (boolean 1/0, date day number, datetime epoch ms). */
export function asNumber(sql: string, t: ValueType | "null", d: SqlDialect): string {
  switch (t) {
    case "number":
      return sql;
    case "boolean":
      return d.cast(`CASE WHEN ${sql} THEN 1 WHEN NOT ${sql} THEN 0 END`, "number");
    case "date":
      return d.epochDays(sql);
    case "datetime":
      return d.epochMs(sql);
    default:
      return d.nullOf("number");
  }
}
