// Row context (language reference §4.1, §4.3; language-v2 §10): type-checks a row expression —
// an aggregate's argument, a `where`, a derived column, a funnel step, a drivers' `where` — and
// lowers it to the engine-neutral IR of plan/ir.ts. One walk does both, so what is checked is
// exactly what runs. Never throws; errors are reported through the context, and an expression
// with an error has no IR (what uses it is then not evaluated).
import type { Call, Expr, Identifier, StringLit } from "../syntax/ast";
import type { Span } from "../text";
import type { Code, RelatedInfo } from "../diagnostics";
import type { ColumnType } from "../data/table";
import { parseDate } from "../data/convert";
import type { RefTarget, SourceInfo } from "./model";
import type { Unit } from "./schema";
import type { Sym } from "./workspace";
import { functionInfo } from "./functions";
import type { Literal, RowExpr, RowFunction, ValueType } from "../plan/ir";
import { parseInstant } from "../time/instant";
import type { Zone } from "../time/zone";

export type VType = ValueType | "null" | "unknown";

export interface RowType {
  type: VType;
  unit?: Unit;
  /** Integer-valued (for nps/csat/ces, and `integer` derived columns). */
  integer?: boolean;
  /** A string literal (read as a date against a date column). */
  literal?: StringLit;
  /** The lowered expression; undefined when it (or a part) has an error or is unknown. */
  ir?: RowExpr;
}

export const UNKNOWN: RowType = { type: "unknown" };

/** What the row checker needs from the checker. */
export interface RowContext {
  report(code: Code, span: Span, args: Record<string, string | number>, extra?: { related?: RelatedInfo[]; data?: Record<string, unknown> }): void;
  ref(span: Span, target: RefTarget): void;
  /** The symbol of a name in the workspace namespace. */
  symbol(name: string): Sym | undefined;
  /** Marks a declaration as used (CX3009). */
  use(name: string): void;
  /**
   * The type of a column of `source` (read or derived — a derived column is checked on first use),
   * reporting CX2003 when there is none; undefined then, or when the schema is unknown.
   */
  columnType(id: Identifier, source: SourceInfo): { type: ColumnType; unit?: Unit } | undefined;
  /** The path of the file being checked (for IR locations). */
  file: string;
  zone: Zone;
}

export interface RowScope {
  /** The rows' source; null when it could not be resolved (names are then not checked). */
  source: SourceInfo | null;
  /** In an aggregate's argument columns are written `source.column`; elsewhere bare names are columns. */
  qualified: boolean;
  /** Collects the columns read (by name). */
  columns: Set<string>;
  /** Where the expression is, for messages: "an aggregate", "a derived column", "a funnel step", … */
  context: string;
}

const NUMERIC_ARGS = new Set(["round", "abs", "least", "greatest"]);
const TEXT_FNS = new Set(["lower", "upper", "trim"]);
const PERIOD_FNS = new Set(["day", "week", "month", "quarter", "year"]);
const BETWEEN_UNITS: Record<string, Unit> = { days_between: "days", hours_between: "hours", minutes_between: "minutes" };

function colVType(t: ColumnType): ValueType {
  return t === "integer" ? "number" : t;
}

export function describeType(t: RowType): string {
  switch (t.type) {
    case "text":
      return t.literal ? `the text "${t.literal.value}"` : "text";
    case "boolean":
      return "a true/false condition";
    case "date":
      return "a date";
    case "datetime":
      return "a date-time";
    case "null":
      return "null";
    default:
      return "a number";
  }
}

export class RowChecker {
  constructor(private readonly ctx: RowContext) {}

  check(e: Expr, scope: RowScope): RowType {
    switch (e.kind) {
      case "Number":
        return { type: "number", unit: "number", integer: Number.isInteger(e.value), ir: { k: "lit", t: "number", v: e.value } };
      case "Percent":
        return { type: "number", unit: "percent", ir: { k: "lit", t: "number", v: e.value } };
      case "String":
        return { type: "text", literal: e, ir: { k: "lit", t: "text", v: e.value } };
      case "Boolean":
        return { type: "boolean", ir: { k: "lit", t: "boolean", v: e.value } };
      case "Null":
        return { type: "null", ir: { k: "lit", t: "null", v: null } };
      case "Missing":
        return UNKNOWN;
      case "Paren":
        return this.check(e.expr, scope);
      case "Ref":
        return this.ref(e, scope);
      case "Call":
        return this.call(e, scope);
      case "Unary": {
        const t = this.check(e.operand, scope);
        if (e.op === "not") {
          const b = this.expectBoolean(t, e.operand, "'not'");
          return { type: "boolean", ir: b.ir && { k: "not", e: b.ir } };
        }
        const n = this.expectNumber(t, e.operand, "'-'");
        if (n.ir?.k === "lit" && typeof n.ir.v === "number") return { ...n, ir: { k: "lit", t: "number", v: -n.ir.v } };
        return { type: "number", unit: n.unit, integer: n.integer, ir: n.ir && { k: "neg", e: n.ir } };
      }
      case "Binary": {
        const l = this.check(e.left, scope);
        const r = this.check(e.right, scope);
        if (e.op === "and" || e.op === "or") {
          const a = this.expectBoolean(l, e.left, `'${e.op}'`);
          const b = this.expectBoolean(r, e.right, `'${e.op}'`);
          return { type: "boolean", ir: a.ir && b.ir && { k: e.op, l: a.ir, r: b.ir } };
        }
        if (e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/") {
          const a = this.expectNumber(l, e.left, `'${e.op}'`);
          const b = this.expectNumber(r, e.right, `'${e.op}'`);
          const unit = a.unit === b.unit ? a.unit : a.unit === "number" ? b.unit : b.unit === "number" ? a.unit : "number";
          return {
            type: "number",
            unit: e.op === "/" ? (b.unit === "number" ? a.unit : "number") : unit,
            integer: e.op !== "/" && a.integer && b.integer,
            ir: a.ir && b.ir && { k: "arith", op: e.op, l: a.ir, r: b.ir, loc: { file: this.ctx.file, start: e.opSpan.start, end: e.opSpan.end } },
          };
        }
        const pair = this.comparable(l, r, e.left, e.right);
        return { type: "boolean", ir: pair && { k: "cmp", op: e.op, l: pair[0], r: pair[1] } };
      }
      case "In": {
        const t = this.check(e.operand, scope);
        const items: Literal[] = [];
        let ok = t.ir !== undefined;
        for (const it of e.items) {
          const lit = literalValue(it);
          if (lit === undefined) {
            this.ctx.report("CX3001", it.span, { detail: "'in' takes a list of literal values, e.g. channel in [\"web\", \"app\"]." });
            ok = false;
            continue;
          }
          const v = this.literalAs(lit, it, t);
          if (v === undefined) ok = false;
          else items.push(v);
        }
        return { type: "boolean", ir: ok && t.ir ? { k: "in", e: t.ir, items, negated: e.negated } : undefined };
      }
      case "IsNull": {
        const t = this.check(e.operand, scope);
        return { type: "boolean", ir: t.ir && { k: "isnull", e: t.ir, negated: e.negated } };
      }
    }
  }

  // ------------------------------------------------------------------ names

  private ref(e: Extract<Expr, { kind: "Ref" }>, scope: RowScope): RowType {
    const source = scope.source;
    let colId: Identifier;
    if (e.member) {
      const head = this.ctx.symbol(e.head.name);
      if (head?.kind !== "source") {
        if (head) {
          this.ctx.ref(e.head.span, { kind: head.kind, name: head.name } as RefTarget);
          this.ctx.report("CX3002", e.head.span, { detail: `'${e.head.name}' is a ${head.kind}, not a source; write columns as source.column.` });
        } else {
          this.ctx.report("CX2001", e.head.span, { what: "source", name: e.head.name });
        }
        return UNKNOWN;
      }
      this.ctx.ref(e.head.span, { kind: "source", name: e.head.name });
      this.ctx.use(e.head.name);
      if (source && e.head.name !== source.name) {
        this.ctx.report("CX3002", e.span, { detail: `Only columns of '${source.name}' can be used here, not '${e.head.name}.${e.member.name}': an aggregate (or a declaration) reads one source.` });
        return UNKNOWN;
      }
      colId = e.member;
    } else {
      colId = e.head;
      const sym = this.ctx.symbol(colId.name);
      const isColumn = source?.columns?.has(colId.name) ?? false;
      if (!isColumn && sym && (sym.kind === "metric" || sym.kind === "funnel" || sym.kind === "cohort" || sym.kind === "drivers")) {
        this.ctx.ref(colId.span, { kind: sym.kind, name: sym.name });
        this.ctx.report("CX3002", e.span, { detail: `'${colId.name}' is a ${sym.kind}; ${sym.kind}s cannot be used inside ${scope.context}${source ? ` (here '${colId.name}' would have to be a column of '${source.name}')` : ""}.` });
        return UNKNOWN;
      }
      if (scope.qualified && !isColumn) {
        if (sym?.kind === "source") {
          this.ctx.ref(colId.span, { kind: "source", name: sym.name });
          this.ctx.report("CX3002", e.span, { detail: `'${colId.name}' is a source; inside an expression write one of its columns, e.g. ${colId.name}.<column>.` });
          return UNKNOWN;
        }
        this.ctx.report("CX3002", e.span, { detail: `Inside an aggregate's argument write columns as source.column${source ? `, e.g. ${source.name}.${colId.name}` : ""}.` });
        return UNKNOWN;
      }
    }
    if (!source) return UNKNOWN;
    const col = this.ctx.columnType(colId, source);
    if (!col) return UNKNOWN;
    scope.columns.add(colId.name);
    const t = colVType(col.type);
    return { type: t, unit: col.unit ?? "number", integer: col.type === "integer", ir: { k: "col", t, name: colId.name } };
  }

  // ------------------------------------------------------------------ calls

  private call(e: Call, scope: RowScope): RowType {
    const name = e.callee.name;
    const fn = functionInfo(name);
    if (!fn) {
      this.ctx.report("CX2004", e.callee.span, { name, hint: "" });
      return UNKNOWN;
    }
    this.ctx.ref(e.callee.span, { kind: "function", name: fn.name });
    if (fn.aggregate) {
      this.ctx.report("CX3002", e.callee.span, { detail: `Aggregates cannot be nested or used on rows: '${name}(…)' is inside a row expression. Compute it in a separate metric and combine the metrics.` });
      return UNKNOWN;
    }
    if (fn.context === "metric") {
      this.ctx.report("CX3002", e.callee.span, { detail: `'${name}(…)' is a metric-level function; it cannot be used on rows.` });
      return UNKNOWN;
    }
    for (const a of e.args) {
      if (a.name) this.ctx.report("CX3008", a.name.span, { detail: `'${name}' has no option '${a.name.name}'.` });
      if (a.where) this.ctx.report("CX3002", a.whereSpan ?? a.where.span, { detail: `'where' filters rows and only works in an aggregate's argument, not in '${name}'.` });
    }
    const positional = e.args.filter((a) => !a.name);
    if (positional.length < fn.minArgs || positional.length > fn.maxArgs) {
      const arity = fn.maxArgs === Infinity ? `at least ${fn.minArgs} argument${fn.minArgs === 1 ? "" : "s"}` : fn.minArgs === fn.maxArgs ? `${fn.minArgs} argument${fn.minArgs === 1 ? "" : "s"}` : `${fn.minArgs} to ${fn.maxArgs} arguments`;
      this.ctx.report("CX3008", e.callee.span, { detail: `'${name}' takes ${arity}, but ${positional.length} ${positional.length === 1 ? "was" : "were"} given. Usage: ${fn.signature}.` });
      positional.forEach((a) => this.check(a.value, scope));
      return UNKNOWN;
    }
    const args = positional.map((a) => this.check(a.value, scope));
    const irs = args.map((a) => a.ir);
    const all = irs.every((x): x is RowExpr => x !== undefined);
    const fnIr = (f: RowFunction, t: ValueType | "null", xs: (RowExpr | undefined)[] = irs): RowExpr | undefined =>
      xs.every((x) => x !== undefined) ? { k: "fn", fn: f, args: xs as RowExpr[], t } : undefined;
    if (NUMERIC_ARGS.has(name)) {
      const ns = args.map((a, i) => this.expectNumber(a, positional[i].value, `'${name}'`));
      if (name === "round" && positional[1]) {
        const d = positional[1].value;
        if (!(d.kind === "Number" && Number.isInteger(d.value) && d.value >= 0 && d.value <= 15)) {
          this.ctx.report("CX3008", d.span, { detail: "round's digits must be a whole number from 0 to 15." });
          return UNKNOWN;
        }
      }
      let unit: Unit | undefined;
      for (const t of ns) if (t.unit && t.unit !== "number") unit ??= t.unit;
      const integer = name === "round" ? (positional[1] === undefined || (positional[1].value.kind === "Number" && positional[1].value.value === 0)) : ns.every((t) => t.integer);
      return { type: "number", unit: unit ?? ns[0]?.unit, integer, ir: all ? fnIr(name as RowFunction, "number", ns.map((t) => t.ir)) : undefined };
    }
    if (name === "coalesce" || name === "if") {
      const values = name === "if" ? args.slice(1) : args;
      const valueExprs = name === "if" ? positional.slice(1) : positional;
      let cond: RowType | undefined;
      if (name === "if") cond = this.expectBoolean(args[0], positional[0].value, "the condition of 'if'");
      const unified = this.unify(values, valueExprs.map((a) => a.value), `'${name}'`);
      if (!unified) return UNKNOWN;
      const xs = name === "if" ? [cond?.ir, ...unified.irs] : unified.irs;
      return { type: unified.type, unit: unified.unit, integer: unified.integer, ir: fnIr(name, unified.type === "unknown" ? "null" : unified.type, xs) };
    }
    if (TEXT_FNS.has(name) || name === "contains" || name === "starts_with") {
      args.forEach((a, i) => this.expectText(a, positional[i].value, `'${name}'`));
      return { type: TEXT_FNS.has(name) ? "text" : "boolean", ir: all && args.every((a) => a.type === "text" || a.type === "null") ? fnIr(name as RowFunction, TEXT_FNS.has(name) ? "text" : "boolean") : undefined };
    }
    if (PERIOD_FNS.has(name) || name === "date") {
      const d = this.expectDateLike(args[0], positional[0].value, `'${name}'`);
      return { type: name === "date" ? "date" : "text", ir: d ? fnIr(name as RowFunction, name === "date" ? "date" : "text", [d]) : undefined };
    }
    if (name in BETWEEN_UNITS) {
      const a = this.expectDateLike(args[0], positional[0].value, `'${name}'`);
      const b = this.expectDateLike(args[1], positional[1].value, `'${name}'`);
      return { type: "number", unit: BETWEEN_UNITS[name], ir: a && b ? fnIr(name as RowFunction, "number", [a, b]) : undefined };
    }
    if (name === "as_of") return { type: "date", ir: { k: "fn", fn: "as_of", args: [], t: "date" } };
    return UNKNOWN;
  }

  /** A common type for coalesce's arguments and if's branches (a date with a date-time is a date-time). */
  private unify(ts: RowType[], es: Expr[], what: string): { type: VType; unit?: Unit; integer?: boolean; irs: (RowExpr | undefined)[] } | undefined {
    const known = ts.filter((t) => t.type !== "null" && t.type !== "unknown");
    if (ts.some((t) => t.type === "unknown")) return { type: known[0]?.type ?? "unknown", irs: ts.map(() => undefined) };
    let type: VType = known[0]?.type ?? "null";
    if (known.some((t) => t.type === "datetime") && known.every((t) => t.type === "date" || t.type === "datetime")) type = "datetime";
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      if (t.type === "null" || t.type === type || (type === "datetime" && t.type === "date")) continue;
      if (t.type === "text" && t.literal && (type === "date" || type === "datetime")) continue;
      this.ctx.report("CX3001", es[i].span, { detail: `${what} needs values of one type, but this is ${describeType(t)} and another is ${describeType({ type })}.` });
      return undefined;
    }
    const irs = ts.map((t) => {
      if (!t.ir) return undefined;
      if (type === "datetime" && t.type === "date") return { k: "fn", fn: "midnight", args: [t.ir], t: "datetime" } as RowExpr;
      if (t.type === "text" && t.literal && (type === "date" || type === "datetime")) return this.dateLiteral(t.literal, type);
      return t.ir;
    });
    const units = known.map((t) => t.unit).filter((u) => u && u !== "number");
    return { type, unit: units[0] ?? known[0]?.unit, integer: known.every((t) => t.integer), irs };
  }

  // ------------------------------------------------------------------ types

  expectNumber(t: RowType, at: Expr, what: string): RowType {
    if (t.type === "number" || t.type === "unknown" || t.type === "null") return t;
    this.ctx.report("CX3001", at.span, { detail: `${what} needs a number, but this is ${describeType(t)}.` });
    return UNKNOWN;
  }

  expectBoolean(t: RowType, at: Expr, what: string): RowType {
    if (t.type === "boolean" || t.type === "unknown" || t.type === "null") return t.type === "unknown" ? t : { type: "boolean", ir: t.ir };
    this.ctx.report("CX3001", at.span, { detail: `${what} needs a condition (true or false), but this is ${describeType(t)}.` });
    return UNKNOWN;
  }

  private expectText(t: RowType, at: Expr, what: string): void {
    if (t.type === "text" || t.type === "unknown" || t.type === "null") return;
    this.ctx.report("CX3001", at.span, { detail: `${what} needs text, but this is ${describeType(t)}.` });
  }

  /** A date or date-time operand (a date string literal is read as a date). */
  private expectDateLike(t: RowType, at: Expr, what: string): RowExpr | undefined {
    if (t.type === "date" || t.type === "datetime" || t.type === "null") return t.ir;
    if (t.type === "unknown") return undefined;
    if (t.literal) {
      const lit = this.dateLiteral(t.literal, parseDate(t.literal.value) !== null ? "date" : "datetime");
      if (lit) return lit;
      return undefined;
    }
    this.ctx.report("CX3001", at.span, { detail: `${what} needs a date or a date-time, but this is ${describeType(t)}.` });
    return undefined;
  }

  /** A string literal as a date (day number) or date-time (instant in the workspace zone); CX3001 when it is not one. */
  private dateLiteral(s: StringLit, type: "date" | "datetime"): RowExpr | undefined {
    if (type === "date") {
      const d = parseDate(s.value);
      if (d !== null) return { k: "lit", t: "date", v: d };
    }
    const ms = parseInstant(s.value, this.ctx.zone);
    if (ms !== null) return { k: "lit", t: "datetime", v: ms };
    this.ctx.report("CX3001", s.span, { detail: `'${s.value}' is not a date. Write dates as "YYYY-MM-DD"${type === "datetime" ? " or date-times as \"YYYY-MM-DDTHH:MM:SS\"" : ""}.` });
    return undefined;
  }

  /** The operands of a comparison with one type (§4.3), or undefined (reported) when they cannot be compared. */
  private comparable(l: RowType, r: RowType, le: Expr, re: Expr): [RowExpr, RowExpr] | undefined {
    const dateLike = (t: RowType) => t.type === "date" || t.type === "datetime";
    if (l.type === "unknown" || r.type === "unknown") return undefined;
    if (!l.ir || !r.ir) return undefined;
    if (dateLike(l) && r.literal) {
      const lit = this.dateLiteral(r.literal, l.type as "date" | "datetime");
      return lit ? this.alignDates(l.ir, l.type, lit) : undefined;
    }
    if (dateLike(r) && l.literal) {
      const lit = this.dateLiteral(l.literal, r.type as "date" | "datetime");
      if (!lit) return undefined;
      const [b, a] = this.alignDates(r.ir, r.type, lit);
      return [a, b];
    }
    if (l.type === "null" || r.type === "null") return [l.ir, r.ir];
    if (dateLike(l) && dateLike(r)) return this.alignDates(l.ir, l.type, r.ir);
    if (l.type === r.type) return [l.ir, r.ir];
    this.ctx.report("CX3001", re.span, { detail: `Cannot compare ${describeType(l)} with ${describeType(r)}.` });
    void le;
    return undefined;
  }

  /** A date compared with a date-time is read as its local midnight. */
  private alignDates(a: RowExpr, aType: VType, b: RowExpr): [RowExpr, RowExpr] {
    const bType = b.k === "lit" || b.k === "col" || b.k === "fn" ? b.t : aType;
    if (aType === bType) return [a, b];
    const mid = (x: RowExpr): RowExpr => ({ k: "fn", fn: "midnight", args: [x], t: "datetime" });
    return aType === "date" ? [mid(a), b] : [a, mid(b)];
  }

  /** A literal of an `in` list converted to the operand's type; undefined (reported) when it does not fit. */
  private literalAs(v: Literal, at: Expr, t: RowType): Literal | undefined {
    if (v === null || t.type === "unknown" || t.type === "null") return v;
    if ((t.type === "date" || t.type === "datetime") && typeof v === "string" && at.kind === "String") {
      const lit = this.dateLiteral(at, t.type);
      if (!lit || lit.k !== "lit") return undefined;
      if (lit.t !== t.type) {
        this.ctx.report("CX3001", at.span, { detail: `'${v}' is a date-time, but the values compared are dates; write "YYYY-MM-DD".` });
        return undefined;
      }
      return lit.v;
    }
    const kind = typeof v === "string" ? "text" : typeof v === "boolean" ? "boolean" : "number";
    if (kind === t.type) return v;
    this.ctx.report("CX3001", at.span, { detail: `Cannot compare ${describeType(t)} with ${describeType({ type: kind })}.` });
    return undefined;
  }
}

/** The value of a literal expression (`-3` included), or undefined for anything else. */
export function literalValue(e: Expr): Literal | undefined {
  switch (e.kind) {
    case "Number":
    case "Percent":
      return e.value;
    case "String":
      return e.value;
    case "Boolean":
      return e.value;
    case "Null":
      return null;
    case "Unary":
      return e.op === "-" && (e.operand.kind === "Number" || e.operand.kind === "Percent") ? -e.operand.value : undefined;
    case "Paren":
      return literalValue(e.expr);
    default:
      return undefined;
  }
}
