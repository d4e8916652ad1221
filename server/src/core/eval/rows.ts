// Row-context expressions (language reference §4.1, §4.3): the condition after `where`.
//
// Two compilers, one semantics (SQL three-valued logic; a `where` keeps a row only when its
// condition is true):
//  - compileFilter turns a condition into a step that narrows a selection of row indices. The
//    common shapes get a specialised loop: `text_col == "x"`, `in`, `is null` become a lookup in
//    a truth table over the column's dictionary codes; `num_col >= 9` a plain comparison; `and`
//    narrows twice. Every other shape (or, not, arithmetic, column against column, calls) falls
//    back to compileRow, evaluated on the selected rows only.
//  - compileRow turns any row expression into a closure over row indices.
import type { Expr } from "../syntax/ast";
import type { Column, ColumnType, Table } from "../data/table";
import { parseDate, parseDateTime } from "../data/convert";

export type Value = number | string | boolean | null;
export type RowFn = (r: number) => Value;

/** Narrows a selection: copies the rows of `sel[0..n)` that pass into `out` (may be `sel`), returns how many. */
export type FilterStep = (sel: Int32Array, n: number, out: Int32Array) => number;

const COMPARE_OPS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const FLIPPED: Record<string, string> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** Compiles a `where` condition into a selection step. */
export function compileFilter(e: Expr, t: Table): FilterStep {
  const x = unparen(e);
  if (x.kind === "Binary" && x.op === "and") {
    const l = compileFilter(x.left, t);
    const r = compileFilter(x.right, t);
    return (sel, n, out) => r(out, l(sel, n, out), out);
  }
  const col = (x.kind === "Binary" || x.kind === "In" || x.kind === "IsNull") ? simpleColumn(x, t) : undefined;
  if (col) {
    if (col.type === "text") {
      // A truth table over the dictionary: one lookup per row.
      const truth = new Uint8Array(col.dict.length);
      const test = compileRow(replaceColumn(x), { rowCount: 1, columns: new Map(), rowLines: new Int32Array(0), files: [] });
      for (let c = 0; c < col.dict.length; c++) truth[c] = cellTest(test, col.dict[c]) ? 1 : 0;
      const nullPasses = cellTest(test, null);
      const codes = col.codes;
      return (sel, n, out) => {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const r = sel[i];
          const c = codes[r];
          if (c >= 0 ? truth[c] === 1 : nullPasses) out[m++] = r;
        }
        return m;
      };
    }
    const numeric = numericFilter(x, col);
    if (numeric) return numeric;
  }
  const f = compileRow(e, t);
  return (sel, n, out) => {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const r = sel[i];
      if (f(r) === true) out[m++] = r;
    }
    return m;
  };
}

/** The column of a comparison of one column with literals (`col op lit`, `lit op col`, `col in [..]`, `col is null`). */
function simpleColumn(x: Expr, t: Table): Column | undefined {
  const colOf = (e: Expr) => (e.kind === "Ref" ? t.columns.get(refName(e)) : undefined);
  switch (x.kind) {
    case "IsNull":
      return colOf(unparen(x.operand));
    case "In":
      return colOf(unparen(x.operand));
    case "Binary": {
      if (!COMPARE_OPS.has(x.op)) return undefined;
      const l = unparen(x.left), r = unparen(x.right);
      if (l.kind === "Ref" && isLiteral(r)) return colOf(l);
      if (r.kind === "Ref" && isLiteral(l)) return colOf(r);
      return undefined;
    }
    default:
      return undefined;
  }
}

function isLiteral(e: Expr): boolean {
  return e.kind === "String" || e.kind === "Number" || e.kind === "Percent" || e.kind === "Boolean" || e.kind === "Null" || (e.kind === "Unary" && e.op === "-" && e.operand.kind === "Number");
}

// For the text truth table: the condition with its column replaced by a placeholder that
// compileRow reads from `cell`, so the table is built with exactly compileRow's semantics.
let cell: Value = null;
const CELL = "\u0000cell";

function replaceColumn(x: Expr): Expr {
  const sub = (e: Expr): Expr => (unparen(e).kind === "Ref" ? ({ ...unparen(e), kind: "Ref", head: { name: CELL }, member: undefined } as unknown as Expr) : e);
  switch (x.kind) {
    case "IsNull":
      return { ...x, operand: sub(x.operand) };
    case "In":
      return { ...x, operand: sub(x.operand) };
    case "Binary":
      return { ...x, left: sub(x.left), right: sub(x.right) };
    default:
      return x;
  }
}

function cellTest(f: RowFn, v: Value): boolean {
  cell = v;
  return f(0) === true;
}

/** `num_col op literal` (and `is null`) on a numeric, date or boolean column, as plain loops. */
function numericFilter(x: Expr, col: Exclude<Column, { type: "text" }>): FilterStep | undefined {
  const vals = col.values;
  if (x.kind === "IsNull") {
    const keepNull = !x.negated;
    return (sel, n, out) => {
      let m = 0;
      for (let i = 0; i < n; i++) {
        const r = sel[i];
        if ((vals[r] !== vals[r]) === keepNull) out[m++] = r;
      }
      return m;
    };
  }
  if (x.kind !== "Binary") return undefined; // `in` on numbers: the general path
  const colLeft = unparen(x.left).kind === "Ref";
  const op = colLeft ? x.op : FLIPPED[x.op];
  const lit = literalFor(unparen(colLeft ? x.right : x.left), col.type);
  // Values compare only with values of the same kind (numbers with numbers, booleans with
  // booleans); anything else, or null, is null, and no row passes.
  const k = col.type === "boolean" ? "boolean" : "number";
  if (lit === null || typeof lit !== k) return () => 0;
  const c = typeof lit === "boolean" ? (lit ? 1 : 0) : (lit as number);
  if (col.type === "datetime" || col.type === "date" || col.type === "boolean" || col.type === "integer" || col.type === "number") {
    switch (op) {
      case "==": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] === c) out[m++] = r; } return m; };
      case "!=": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; const v = vals[r]; if (v === v && v !== c) out[m++] = r; } return m; };
      case "<": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] < c) out[m++] = r; } return m; };
      case "<=": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] <= c) out[m++] = r; } return m; };
      case ">": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] > c) out[m++] = r; } return m; };
      case ">=": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] >= c) out[m++] = r; } return m; };
    }
  }
  return undefined;
}

function unparen(e: Expr): Expr {
  return e.kind === "Paren" ? unparen(e.expr) : e;
}

function refName(e: Extract<Expr, { kind: "Ref" }>): string {
  return e.member ? e.member.name : e.head.name;
}

/** Compiles a row-context expression to a closure over row indices with SQL three-valued logic. */
export function compileRow(e: Expr, t: Table): RowFn {
  const c = (x: Expr): RowFn => compileRow(x, t);
  switch (e.kind) {
    case "Number":
    case "Percent": {
      const v = e.value;
      return () => v;
    }
    case "String": {
      const v = e.value;
      return () => v;
    }
    case "Boolean": {
      const v = e.value;
      return () => v;
    }
    case "Null":
    case "Missing":
      return () => null;
    case "Paren":
      return c(e.expr);
    case "Ref": {
      if (e.head.name === CELL) return () => cell;
      const col = t.columns.get(refName(e));
      if (!col) return () => null;
      if (col.type === "text") {
        const codes = col.codes, dict = col.dict;
        return (r) => (codes[r] < 0 ? null : dict[codes[r]]);
      }
      const vals = col.values;
      if (col.type === "boolean") return (r) => (Number.isNaN(vals[r]) ? null : vals[r] !== 0);
      return (r) => (Number.isNaN(vals[r]) ? null : vals[r]);
    }
    case "Unary": {
      const f = c(e.operand);
      if (e.op === "not") return (r) => {
        const v = f(r);
        return v === null ? null : !v;
      };
      return (r) => {
        const v = f(r);
        return typeof v === "number" ? -v : null;
      };
    }
    case "IsNull": {
      const f = c(e.operand);
      return e.negated ? (r) => f(r) !== null : (r) => f(r) === null;
    }
    case "In": {
      const colType = columnTypeOf(e.operand, t);
      const items = e.items.map((it) => literalFor(it, colType));
      const f = c(e.operand);
      const hasNull = items.includes(null);
      const set = new Set(items.filter((x) => x !== null));
      return (r) => {
        const v = f(r);
        if (v === null) return null;
        if (set.has(v as never)) return !e.negated;
        if (hasNull) return null;
        return e.negated;
      };
    }
    case "Binary": {
      const op = e.op;
      if (op === "and" || op === "or") {
        const l = c(e.left), rr = c(e.right);
        if (op === "and") return (r) => {
          const a = l(r);
          if (a === false) return false;
          const b = rr(r);
          if (b === false) return false;
          return a === null || b === null ? null : true;
        };
        return (r) => {
          const a = l(r);
          if (a === true) return true;
          const b = rr(r);
          if (b === true) return true;
          return a === null || b === null ? null : false;
        };
      }
      // Literals compared with date/datetime columns are read as dates (§4.3).
      const lt = columnTypeOf(e.left, t);
      const rt = columnTypeOf(e.right, t);
      const left: RowFn = e.left.kind === "String" && rt ? constFn(literalFor(e.left, rt)) : c(e.left);
      const right: RowFn = e.right.kind === "String" && lt ? constFn(literalFor(e.right, lt)) : c(e.right);
      switch (op) {
        case "+": case "-": case "*": case "/":
          return (r) => {
            const a = left(r), b = right(r);
            if (typeof a !== "number" || typeof b !== "number") return null;
            switch (op) {
              case "+": return a + b;
              case "-": return a - b;
              case "*": return a * b;
              default: return b === 0 ? null : a / b;
            }
          };
        default:
          return (r) => compareValues(op, left(r), right(r));
      }
    }
    case "Call": {
      const fn = e.callee.name;
      const args = e.args.filter((a) => !a.name).map((a) => c(a.value));
      return (r) => {
        const vs = args.map((f) => f(r));
        switch (fn) {
          case "abs":
            return typeof vs[0] === "number" ? Math.abs(vs[0]) : null;
          case "round":
            return typeof vs[0] === "number" ? roundHalfAway(vs[0], typeof vs[1] === "number" ? vs[1] : 0) : null;
          case "coalesce":
            return vs.find((v) => v !== null) ?? null;
          case "least":
          case "greatest": {
            const ns = vs.filter((v): v is number => typeof v === "number");
            return ns.length ? (fn === "least" ? Math.min(...ns) : Math.max(...ns)) : null;
          }
          default:
            return null;
        }
      };
    }
  }
}

function constFn(v: Value): RowFn {
  return () => v;
}

function columnTypeOf(e: Expr, t: Table): ColumnType | undefined {
  if (e.kind !== "Ref") return undefined;
  return t.columns.get(refName(e))?.type;
}

/** A literal's runtime value, read as a date (days) or datetime (ms) against such a column. */
export function literalFor(e: Expr, colType: ColumnType | undefined): Value {
  if (e.kind === "String") {
    if (colType === "date") {
      const d = parseDate(e.value);
      if (d !== null) return d;
      const dt = parseDateTime(e.value);
      return dt === null ? null : dt / 86400000;
    }
    if (colType === "datetime") return parseDateTime(e.value);
    return e.value;
  }
  if (e.kind === "Number" || e.kind === "Percent") return e.value;
  if (e.kind === "Boolean") return e.value;
  if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "Number") return -e.operand.value;
  return null;
}

function compareValues(op: string, a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (typeof a !== typeof b) return null;
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    default:
      return null;
  }
}

/** Round half away from zero at `digits` decimals, exact for decimal inputs like 2.675. */
export function roundHalfAway(v: number, digits: number): number {
  const d = Math.max(0, Math.min(15, Math.trunc(digits)));
  const sign = v < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(v)}e${d}`);
  if (!Number.isFinite(shifted)) return v;
  return sign * Number(`${Math.round(shifted)}e-${d}`);
}
