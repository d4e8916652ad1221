// Row expressions as typed, engine-neutral data: what the checker makes of the row context
// (language reference §4.1; language-v2 §10) — the argument of an aggregate, a `where`, a derived
// column, a funnel step, a drivers' `where`. The native engine compiles them to typed-array loops
// (engines/native/vector.ts); the SQL renderers print them in each dialect (engines/sql/). Both
// read only this file's shapes, never the syntax tree.
//
// Types and representations (the same in every engine; SQL renderers convert at the edges):
//   number    IEEE double                          (integer columns are numbers here)
//   text      string; compared by code point (binary collation)
//   boolean   true/false
//   date      a local date: days since 1970-01-01
//   datetime  an instant: milliseconds since 1970-01-01T00:00Z
//   null      a literal null (any type)
// Operands of a comparison always have one type (the checker inserts `midnight` to compare a date
// with a datetime); literals are already in the representation of their type (a date string
// compared with a date column is a date literal here).
//
// Semantics (every engine must give exactly these):
//   - any operand null → null (language-v2 §10.2: `least`/`greatest` included, unlike the metric
//     context's, which ignore nulls), except: `and`/`or` (SQL three-valued logic), `isnull`,
//     `if` (a null condition picks the else branch; only the chosen branch matters), `coalesce`;
//   - `/` by zero → null (counted for CX4007 through the plan's division checks);
//   - `in` is `e == i1 or e == i2 …` in three-valued logic (a null item makes a non-match null);
//   - text comparison by code point; `lower`/`upper` map each character by Unicode simple case
//     mapping (UnicodeData.txt: one character to one; ß stays ß); `trim` removes spaces,
//     tabs, CR and LF at both ends; `contains`/`starts_with` are case-sensitive;
//   - `date(x)`: a datetime's local date in the workspace zone (a date stays itself);
//     `day`…`year`: the period key text of the local date (`2026-01-31`, `2026-W05` (ISO week),
//     `2026-01`, `2026-Q1`, `2026`); `midnight(d)`: the instant of a date's local midnight;
//   - `days_between(a, b)`: b − a in days — calendar days when both are dates, else elapsed time
//     between instants (dates at their local midnight) ÷ 24 h; `hours_between`, `minutes_between`:
//     elapsed time between instants;
//   - `round(x, d)`: half away from zero at d decimals (d defaults to 0), exact for decimal inputs.

export type ValueType = "number" | "text" | "boolean" | "date" | "datetime";

/** A place in a .cx file: absolute path and UTF-16 offsets. */
export interface SourceLoc {
  file: string;
  start: number;
  end: number;
}
export type Literal = number | string | boolean | null;

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type ArithOp = "+" | "-" | "*" | "/";

export type RowFunction =
  | "if"
  | "lower"
  | "upper"
  | "trim"
  | "contains"
  | "starts_with"
  | "day"
  | "week"
  | "month"
  | "quarter"
  | "year"
  | "date"
  | "midnight"
  | "days_between"
  | "hours_between"
  | "minutes_between"
  | "round"
  | "abs"
  | "coalesce"
  | "least"
  | "greatest"
  /** `as_of()`: the evaluation's as-of date. Only in the checker's output; the planner replaces it
   *  with a date literal (plans are made per as-of date), so executors never see it. */
  | "as_of";

export type RowExpr =
  /** A literal in its type's representation; `t: "null"` for the null literal. */
  | { k: "lit"; t: ValueType | "null"; v: Literal }
  /** A column of the expression's source: read from the data, or derived (SourcePlan.derived). */
  | { k: "col"; t: ValueType; name: string }
  | { k: "neg"; e: RowExpr }
  | { k: "not"; e: RowExpr }
  /** `div`: the id of this division's check (SourcePlan.divisions, set by the planner); `loc`: where
   *  the operator is written (for CX4007). Neither is part of the expression's meaning or key. */
  | { k: "arith"; op: ArithOp; l: RowExpr; r: RowExpr; div?: number; loc?: SourceLoc }
  | { k: "cmp"; op: CompareOp; l: RowExpr; r: RowExpr }
  | { k: "and"; l: RowExpr; r: RowExpr }
  | { k: "or"; l: RowExpr; r: RowExpr }
  | { k: "isnull"; e: RowExpr; negated: boolean }
  /** `items` are literals of `e`'s type (or null). */
  | { k: "in"; e: RowExpr; items: Literal[]; negated: boolean }
  | { k: "fn"; fn: RowFunction; args: RowExpr[]; t: ValueType | "null" };

/** The value type of an expression ("null" for a bare null literal). */
export function typeOf(e: RowExpr): ValueType | "null" {
  switch (e.k) {
    case "lit":
    case "col":
    case "fn":
      return e.t;
    case "neg":
    case "arith":
      return "number";
    case "not":
    case "cmp":
    case "and":
    case "or":
    case "isnull":
    case "in":
      return "boolean";
  }
}

/** Every column an expression reads (derived ones by name; SourcePlan.derived says what they read). */
export function columnsOf(e: RowExpr, out = new Set<string>()): Set<string> {
  const stack: RowExpr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.k) {
      case "col":
        out.add(x.name);
        break;
      case "neg":
      case "not":
      case "isnull":
      case "in":
        stack.push(x.e);
        break;
      case "arith":
      case "cmp":
      case "and":
      case "or":
        stack.push(x.l, x.r);
        break;
      case "fn":
        stack.push(...x.args);
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * A canonical text of an expression: equal texts mean equal expressions (shared filters,
 * accumulators and SQL aggregates are keyed by it). Division ids are not part of it.
 */
export function exprKey(e: RowExpr | undefined): string {
  if (!e) return "";
  switch (e.k) {
    case "lit":
      return `${e.t}:${JSON.stringify(e.v)}`;
    case "col":
      return `$${JSON.stringify(e.name)}`;
    case "neg":
    case "not":
      return `${e.k}(${exprKey(e.e)})`;
    case "arith":
    case "cmp":
      return `(${exprKey(e.l)} ${e.op} ${exprKey(e.r)})`;
    case "and":
    case "or":
      return `(${exprKey(e.l)} ${e.k} ${exprKey(e.r)})`;
    case "isnull":
      return `isnull${e.negated ? "!" : ""}(${exprKey(e.e)})`;
    case "in":
      return `in${e.negated ? "!" : ""}(${exprKey(e.e)};${JSON.stringify(e.items)})`;
    case "fn":
      return `${e.fn}(${e.args.map(exprKey).join(",")})`;
  }
}

export const lit = (t: ValueType | "null", v: Literal): RowExpr => ({ k: "lit", t, v });
export const TRUE: RowExpr = { k: "lit", t: "boolean", v: true };
