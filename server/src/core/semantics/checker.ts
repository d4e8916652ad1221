// The checker (language reference §3–§5, §7): resolves names, checks property values, types,
// units, contexts, cycles and goals, and builds the SemanticModel. Never throws.
//
// Invariant: a metric is `sound` when its own declaration has no error and everything it uses
// (metrics, sources, columns) is sound; only sound metrics are evaluated, and a metric that is
// not sound gets no further diagnostics of its own (spec §6, "as complete as it can be").
import type { Argument, Call, CompareOp, Expr, Identifier, Property, PropertyValue, Ref, StringLit } from "../syntax/ast";
import { isExpr, walkExpr } from "../syntax/ast";
import { diag, type Code, type Diagnostic, type RelatedInfo } from "../diagnostics";
import { didYouMean } from "../suggest";
import type { Range, Span } from "../text";
import { COLUMN_TYPES, type ColumnType } from "../data/table";
import { parseDate, parseDateTime } from "../data/convert";
import { FUNCTIONS, functionInfo, type FunctionInfo } from "./functions";
import { TREND_PERIODS, UNITS, type TrendPeriod, type Unit } from "./schema";
import type {
  AggregateUse, GoalInfo, JourneyInfo, MetricInfo, Reference, RefTarget, SemanticModel, SourceInfo, Threshold, TouchpointInfo,
} from "./model";
import type { Sym, Workspace } from "./workspace";

type VType = "number" | "boolean" | "text" | "date" | "datetime" | "null" | "unknown";

interface TypeInfo {
  type: VType;
  unit?: Unit;
  /** Integer-valued column (for nps/csat/ces). */
  integer?: boolean;
  /** A string literal (may be read as a date against a date column). */
  literal?: StringLit;
}

const UNKNOWN: TypeInfo = { type: "unknown" };

function colVType(t: ColumnType): VType {
  return t === "integer" ? "number" : t;
}

export function check(ws: Workspace, sources: Map<string, SourceInfo>): SemanticModel {
  const c = new Checker(ws, sources);
  return c.run();
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly references: Reference[] = [];
  readonly touchpoints = new Map<string, TouchpointInfo>();
  readonly metrics = new Map<string, MetricInfo>();
  readonly goals = new Map<string, GoalInfo>();
  readonly journeys = new Map<string, JourneyInfo>();
  /** Names used by something, for CX3009. */
  private readonly used = new Set<string>();
  /** Current declaration being checked (for locations and error flags). */
  private cur!: Sym;
  private curErrors = 0;

  constructor(
    readonly ws: Workspace,
    readonly sources: Map<string, SourceInfo>,
  ) {}

  run(): SemanticModel {
    const syms = this.ws.decls.filter((s) => s.bound);
    for (const s of syms) if (s.kind === "source") this.checkSource(s);
    for (const s of syms) if (s.kind === "touchpoint") this.checkTouchpoint(s);
    for (const s of syms) if (s.kind === "metric" && !this.metrics.has(s.name)) this.checkMetric(s);
    this.checkMetricGraph();
    for (const s of syms) if (s.kind === "touchpoint") this.checkTouchpointScore(s);
    for (const s of syms) if (s.kind === "goal") this.checkGoal(s);
    for (const s of syms) if (s.kind === "journey") this.checkJourney(s);
    this.reportUnused(syms);
    return {
      workspace: this.ws,
      sources: this.sources,
      touchpoints: this.touchpoints,
      metrics: this.metrics,
      goals: this.goals,
      journeys: this.journeys,
      references: this.references,
      diagnostics: this.diagnostics,
    };
  }

  // ---------------------------------------------------------------- helpers

  private range(span: Span, sym: Sym = this.cur): Range {
    return sym.file.parse.lines.rangeOf(span);
  }

  private report(code: Code, span: Span, args: Record<string, string | number>, extra: { related?: RelatedInfo[]; data?: Record<string, unknown>; sym?: Sym } = {}): void {
    const sym = extra.sym ?? this.cur;
    const d = diag(code, sym.file.path, this.range(span, sym), args, { related: extra.related, data: extra.data });
    this.diagnostics.push(d);
    if (d.severity === "error" && sym === this.cur) this.curErrors++;
  }

  private ref(span: Span, target: RefTarget, sym: Sym = this.cur): void {
    this.references.push({ file: sym.file.path, span, target });
  }

  private prop(sym: Sym, name: string): Property | undefined {
    return sym.props.get(name);
  }

  private symsOf(kind: Sym["kind"]): string[] {
    return [...this.ws.symbols.values()].filter((s) => s.kind === kind).map((s) => s.name);
  }

  /** Resolves a name expected to be of `kind`; reports CX2001 (or a kind mismatch) otherwise. */
  private resolveName(id: Identifier, kind: "metric" | "touchpoint" | "source"): Sym | undefined {
    const sym = this.ws.symbols.get(id.name);
    if (sym && sym.kind === kind) {
      this.ref(id.span, { kind, name: id.name });
      this.used.add(id.name);
      return sym;
    }
    if (sym) {
      this.report("CX2001", id.span, { what: kind, name: id.name, hint: ` '${id.name}' is a ${sym.kind}, not a ${kind}.` });
      return undefined;
    }
    const { hint, suggestion } = didYouMean(id.name, this.symsOf(kind));
    this.report("CX2001", id.span, { what: kind, name: id.name, hint }, { data: { kind, suggestion } });
    return undefined;
  }

  /** The value of a property that must be a plain identifier. */
  private identValue(p: Property, what: string): Identifier | undefined {
    const v = p.value;
    if (v && v.kind === "Ref" && !v.member) return v.head;
    if (v) this.report("CX3001", v.span, { detail: `'${p.key.name}' must be ${what}.` });
    return undefined;
  }

  private stringValue(p: Property): StringLit | undefined {
    const v = p.value;
    if (v && v.kind === "String") return v;
    if (v) this.report("CX3001", v.span, { detail: `'${p.key.name}' must be a string in double quotes, e.g. ${p.key.name}: "…".` });
    return undefined;
  }

  private numberValue(p: Property): number | undefined {
    const v = p.value;
    if (v && v.kind === "Number") return v.value;
    if (v && v.kind === "Unary" && v.op === "-" && v.operand.kind === "Number") return -v.operand.value;
    if (v) this.report("CX3001", v.span, { detail: `'${p.key.name}' must be a number.` });
    return undefined;
  }

  private enumValue<T extends string>(p: Property, values: readonly T[], what: string): T | undefined {
    const id = this.identValue(p, `one of ${values.join(", ")}`);
    if (!id) return undefined;
    if ((values as readonly string[]).includes(id.name)) return id.name as T;
    const { hint, suggestion } = didYouMean(id.name, values);
    this.report("CX3001", id.span, { detail: `'${id.name}' is not a valid ${what}.${hint || ` Use one of: ${values.join(", ")}.`}` }, { data: suggestion ? { suggestion } : undefined });
    return undefined;
  }

  private noTag(p: Property): void {
    if (p.tag && p.key.name !== "unit") this.report("CX1001", p.tag.span, { detail: `Unexpected string after the value of '${p.key.name}'.` });
  }

  private labelOf(sym: Sym): string {
    const p = this.prop(sym, "label");
    return p?.value?.kind === "String" ? p.value.value : sym.name;
  }

  private optionalString(sym: Sym, name: string): string | undefined {
    const p = this.prop(sym, name);
    if (!p) return undefined;
    return this.stringValue(p)?.value;
  }

  // ---------------------------------------------------------------- sources

  private checkSource(sym: Sym): void {
    this.cur = sym;
    const info = this.sources.get(sym.name);
    if (!info) return;
    for (const p of sym.props.values()) this.noTag(p);
    for (const name of ["label", "description", "owner"]) this.optionalString(sym, name);
    const delim = this.prop(sym, "delimiter");
    if (delim) {
      const s = this.stringValue(delim);
      if (s && [...s.value].length !== 1) this.report("CX3001", s.span, { detail: `'delimiter' must be one character, e.g. ";" or "\\t".` });
    }
    const cols = this.prop(sym, "columns");
    if (cols && cols.value?.kind === "Block") {
      for (const cp of cols.value.properties) {
        this.ref(cp.key.span, { kind: "column", source: sym.name, name: cp.key.name });
        const v = cp.value;
        if (v && v.kind === "Ref" && !v.member) {
          if (!(COLUMN_TYPES as readonly string[]).includes(v.head.name)) {
            const { hint } = didYouMean(v.head.name, COLUMN_TYPES);
            this.report("CX3001", v.span, { detail: `Unknown column type '${v.head.name}'.${hint || ` Use one of: ${COLUMN_TYPES.join(", ")}.`}` });
          }
        } else {
          this.report("CX3001", (v ?? cp.key).span, { detail: `Column '${cp.key.name}' needs a type: one of ${COLUMN_TYPES.join(", ")}.` });
        }
      }
    } else if (cols && cols.value) {
      this.report("CX1001", cols.value.span, { detail: "'columns' takes a block: columns { name: type … }." });
    }
    const ts = this.prop(sym, "timestamp");
    if (ts) {
      const id = this.identValue(ts, "a column name");
      if (id) {
        this.ref(id.span, { kind: "column", source: sym.name, name: id.name });
        const t = info.columns?.get(id.name);
        if (info.columns && t === undefined) {
          const { hint, suggestion } = didYouMean(id.name, info.columns.keys());
          this.report("CX2003", id.span, { name: id.name, source: sym.name, hint }, { data: { source: sym.name, suggestion } });
        } else if (t !== undefined && t !== "date" && t !== "datetime") {
          this.report("CX3001", id.span, { detail: `The timestamp column '${id.name}' must be a date or datetime column, but it is ${t}.` });
        }
      }
    }
  }

  // ---------------------------------------------------------------- touchpoints

  private checkTouchpoint(sym: Sym): void {
    this.cur = sym;
    for (const p of sym.props.values()) this.noTag(p);
    const stage = this.prop(sym, "stage");
    const stageId = stage ? this.identValue(stage, "an identifier such as purchase or support") : undefined;
    const ch = this.prop(sym, "channel");
    let channel: string | undefined;
    if (ch?.value?.kind === "String") channel = ch.value.value;
    else if (ch) channel = this.identValue(ch, "an identifier or a string")?.name;
    const w = this.prop(sym, "weight");
    let weight = 1;
    if (w) {
      const n = this.numberValue(w);
      if (n !== undefined) {
        if (n > 0) weight = n;
        else this.report("CX3001", w.value!.span, { detail: "'weight' must be a number greater than 0." });
      }
    }
    this.touchpoints.set(sym.name, {
      sym,
      name: sym.name,
      label: this.labelOf(sym),
      stage: stageId?.name,
      channel,
      owner: this.optionalString(sym, "owner"),
      description: this.optionalString(sym, "description"),
      weight,
    });
    this.optionalString(sym, "label");
  }

  private checkTouchpointScore(sym: Sym): void {
    this.cur = sym;
    const p = this.prop(sym, "score");
    const tp = this.touchpoints.get(sym.name);
    if (!p || !tp) return;
    const id = this.identValue(p, "a metric name");
    if (id && this.resolveName(id, "metric")) tp.score = id.name;
  }

  // ---------------------------------------------------------------- metrics

  private checkMetric(sym: Sym): void {
    this.cur = sym;
    this.curErrors = 0;
    for (const p of sym.props.values()) this.noTag(p);
    const m: MetricInfo = {
      sym,
      name: sym.name,
      label: this.labelOf(sym),
      description: this.optionalString(sym, "description"),
      by: [],
      refs: [],
      aggregates: [],
      ownOk: true,
      sound: true,
    };
    this.optionalString(sym, "label");
    this.metrics.set(sym.name, m);
    const tp = this.prop(sym, "touchpoint");
    if (tp) {
      const id = this.identValue(tp, "a touchpoint name");
      if (id && this.resolveName(id, "touchpoint")) m.touchpoint = id.name;
    }
    const unit = this.prop(sym, "unit");
    if (unit) {
      m.unit = this.enumValue(unit, UNITS, "unit");
      if (unit.tag) {
        if (m.unit === "currency") m.currency = unit.tag.value;
        else this.report("CX1001", unit.tag.span, { detail: "Only 'currency' takes a code, as in unit: currency \"EUR\"." });
      }
    }
    const trend = this.prop(sym, "trend");
    if (trend) m.trend = this.enumValue<TrendPeriod>(trend, TREND_PERIODS, "trend period");
    const win = this.prop(sym, "window");
    if (win) {
      if (win.value?.kind === "Duration") {
        if (win.value.amount <= 0) this.report("CX3001", win.value.span, { detail: "'window' must be a positive duration, e.g. 90 days." });
        else m.window = win.value;
      } else if (win.value) this.report("CX3001", win.value.span, { detail: "'window' must be a duration such as 90 days, 12 weeks, 6 months or 1 year." });
    }
    for (const name of ["decimals", "min_sample"] as const) {
      const p = this.prop(sym, name);
      if (!p) continue;
      const n = this.numberValue(p);
      if (n === undefined) continue;
      if (!Number.isInteger(n) || n < 0 || (name === "decimals" && n > 12)) {
        this.report("CX3001", p.value!.span, { detail: `'${name}' must be a whole number${name === "decimals" ? " from 0 to 12" : " ≥ 0"}.` });
      } else if (name === "decimals") m.decimals = n;
      else m.minSample = n;
    }
    const value = this.prop(sym, "value");
    if (value) {
      if (isExpr(value.value)) {
        m.value = value.value;
        const t = this.checkMetricExpr(value.value, m);
        if (t.type === "boolean" || t.type === "text" || t.type === "date" || t.type === "datetime") {
          this.report("CX3001", value.value.span, { detail: `A metric's value must be a number, but this formula gives ${t.type === "boolean" ? "true/false" : t.type}.` });
        }
        m.inferredUnit = t.unit;
      } else if (value.value) {
        this.report("CX3001", value.value.span, { detail: "'value' must be a formula, e.g. count(orders where status == \"refunded\") / count(orders)." });
      }
    }
    // by: columns of every source used by the formula (checked after the graph is known).
    const by = this.prop(sym, "by");
    if (by) {
      const items = by.value?.kind === "List" ? by.value.items : by.value ? [by.value] : [];
      for (const it of items) {
        if (it.kind === "Ref" && !it.member) m.by.push(it.head.name);
        else this.report("CX3001", it.span, { detail: "'by' takes column names: by: channel or by: [channel, region]." });
      }
      const seen = new Set<string>();
      for (const it of items) {
        if (it.kind === "Ref" && !it.member) {
          if (seen.has(it.head.name)) this.report("CX2002", it.span, { detail: `Column '${it.head.name}' is listed twice in 'by'.` });
          seen.add(it.head.name);
        }
      }
    }
    if (this.curErrors > 0) m.ownOk = false;
  }

  /** Metric context (§4.1): bare identifiers are metrics; columns only inside aggregates. */
  private checkMetricExpr(e: Expr, m: MetricInfo): TypeInfo {
    const literal = literalType(e);
    if (literal) return literal;
    switch (e.kind) {
      case "Paren":
        return this.checkMetricExpr(e.expr, m);
      case "Ref": {
        if (e.member) {
          const src = this.ws.symbols.get(e.head.name);
          if (src?.kind === "source") {
            this.ref(e.head.span, { kind: "source", name: e.head.name });
            this.used.add(e.head.name);
            this.report("CX3002", e.span, { detail: `'${e.head.name}.${e.member.name}' is a column; a column can only be used inside an aggregate such as sum(${e.head.name}.${e.member.name}) or avg(…).` });
          } else {
            this.resolveName(e.head, "source");
          }
          return UNKNOWN;
        }
        const sym = this.ws.symbols.get(e.head.name);
        if (sym?.kind === "source") {
          this.ref(e.head.span, { kind: "source", name: e.head.name });
          this.used.add(e.head.name);
          this.report("CX3002", e.span, { detail: `'${e.head.name}' is a source; use it inside an aggregate such as count(${e.head.name}).` });
          return UNKNOWN;
        }
        const target = this.resolveName(e.head, "metric");
        if (!target) return UNKNOWN;
        if (!m.refs.includes(target.name)) m.refs.push(target.name);
        return { type: "number", unit: this.metricUnit(target.name) };
      }
      case "Call":
        return this.checkCall(e, m, undefined);
      case "Unary": {
        const t = this.checkMetricExpr(e.operand, m);
        if (e.op === "not") return this.expectBoolean(t, e.operand, "'not'");
        return this.expectNumber(t, e.operand, "'-'");
      }
      case "Binary":
        return this.checkBinary(e.op, e.left, e.right, e.opSpan, (x) => this.checkMetricExpr(x, m));
      case "In":
      case "IsNull": {
        const t = this.checkMetricExpr(e.operand, m);
        if (e.kind === "In") for (const it of e.items) this.checkMetricExpr(it, m);
        void t;
        return { type: "boolean" };
      }
    }
    return UNKNOWN;
  }

  private unitInProgress = new Set<string>();

  /** Effective unit of a metric: declared, else inferred; undefined inside a cycle. */
  private metricUnit(name: string): Unit | undefined {
    const m = this.metrics.get(name);
    if (m) return m.unit ?? m.inferredUnit;
    // Not checked yet (used before it is declared): check it now.
    if (this.unitInProgress.has(name)) return undefined;
    const sym = this.ws.symbols.get(name);
    if (!sym || sym.kind !== "metric") return undefined;
    this.unitInProgress.add(name);
    const saved = { cur: this.cur, errors: this.curErrors };
    this.checkMetric(sym);
    this.cur = saved.cur;
    this.curErrors = saved.errors;
    this.unitInProgress.delete(name);
    const mm = this.metrics.get(name)!;
    return mm.unit ?? mm.inferredUnit;
  }

  private expectNumber(t: TypeInfo, at: Expr, what: string): TypeInfo {
    if (t.type === "number" || t.type === "unknown" || t.type === "null") return t.type === "null" ? { type: "null" } : t;
    this.report("CX3001", at.span, { detail: `${what} needs a number, but this is ${describe(t)}.` });
    return UNKNOWN;
  }

  private expectBoolean(t: TypeInfo, at: Expr, what: string): TypeInfo {
    if (t.type === "boolean" || t.type === "unknown" || t.type === "null") return { type: "boolean" };
    this.report("CX3001", at.span, { detail: `${what} needs a condition (true or false), but this is ${describe(t)}.` });
    return { type: "boolean" };
  }

  private checkBinary(op: string, left: Expr, right: Expr, opSpan: Span, sub: (e: Expr) => TypeInfo): TypeInfo {
    const l = sub(left);
    const r = sub(right);
    if (op === "and" || op === "or") {
      this.expectBoolean(l, left, `'${op}'`);
      this.expectBoolean(r, right, `'${op}'`);
      return { type: "boolean" };
    }
    if (op === "+" || op === "-" || op === "*" || op === "/") {
      const a = this.expectNumber(l, left, `'${op}'`);
      const b = this.expectNumber(r, right, `'${op}'`);
      return { type: "number", unit: this.combineUnits(op, a.unit, b.unit, opSpan) };
    }
    // comparison
    this.checkComparable(l, r, left, right);
    if (l.unit && r.unit && l.unit !== r.unit && l.unit !== "number" && r.unit !== "number") {
      this.report("CX3003", opSpan, { detail: `Comparing ${l.unit} with ${r.unit}.` });
    }
    return { type: "boolean" };
  }

  private combineUnits(op: string, a: Unit | undefined, b: Unit | undefined, at: Span): Unit | undefined {
    if (a === undefined || b === undefined) return a ?? b;
    if (op === "+" || op === "-") {
      if (a === b) return a;
      if (a === "number") return b;
      if (b === "number") return a;
      this.report("CX3003", at, { detail: `'${op}' combines ${a} and ${b}; the result's unit is unclear. Convert one side or declare 'unit:'.` });
      return a;
    }
    if (op === "*") {
      if (a === "number") return b;
      if (b === "number") return a;
      return "number";
    }
    // division
    if (a === "count" && b === "count") return "percent";
    if (b === "number") return a;
    if (a === b) return "number";
    return "number";
  }

  /** Row or metric context comparison operands must have compatible types (§4.3). */
  private checkComparable(l: TypeInfo, r: TypeInfo, le: Expr, re: Expr): void {
    const dateLike = (t: TypeInfo) => t.type === "date" || t.type === "datetime";
    if (dateLike(l) && r.literal) return this.checkDateLiteral(r.literal, l.type);
    if (dateLike(r) && l.literal) return this.checkDateLiteral(l.literal, r.type);
    const a = l.type, b = r.type;
    if (a === "unknown" || b === "unknown" || a === "null" || b === "null") return;
    const compatible = a === b || (dateLike(l) && dateLike(r));
    if (!compatible) {
      this.report("CX3001", re.span, { detail: `Cannot compare ${describe(l)} with ${describe(r)}.` });
      void le;
    }
  }

  private checkDateLiteral(s: StringLit, type: VType): void {
    const ok = type === "date" ? parseDate(s.value) !== null || parseDateTime(s.value) !== null : parseDateTime(s.value) !== null;
    if (!ok) this.report("CX3001", s.span, { detail: `'${s.value}' is not a date. Write dates as "YYYY-MM-DD"${type === "datetime" ? " or \"YYYY-MM-DDTHH:MM:SS\"" : ""}.` });
  }

  // ---------------------------------------------------------------- calls

  /** `rowSource` is set when the call appears inside an aggregate (row context). */
  private checkCall(e: Call, m: MetricInfo, rowSource: SourceInfo | undefined | null): TypeInfo {
    const fn = functionInfo(e.callee.name);
    if (!fn) {
      const { hint, suggestion } = didYouMean(e.callee.name, Object.keys(FUNCTIONS));
      this.report("CX2004", e.callee.span, { name: e.callee.name, hint }, { data: { suggestion } });
      // The arguments' meaning depends on the function, so they are not checked further.
      return UNKNOWN;
    }
    this.ref(e.callee.span, { kind: "function", name: fn.name });
    if (fn.aggregate) {
      if (rowSource !== undefined) {
        this.report("CX3002", e.callee.span, { detail: `Aggregates cannot be nested: '${fn.name}(…)' is inside another aggregate. Compute it in a separate metric and combine the metrics.` });
        return UNKNOWN;
      }
      return this.checkAggregate(e, fn, m);
    }
    // scalar function
    const positional = e.args.filter((a) => !a.name);
    for (const a of e.args) {
      if (a.name) this.report("CX3008", a.name.span, { detail: `'${fn.name}' has no option '${a.name.name}'.` });
      if (a.where) this.report("CX3002", a.whereSpan ?? a.where.span, { detail: `'where' filters rows and only works inside an aggregate such as count(…) or avg(…), not in '${fn.name}'.` });
    }
    if (positional.length < fn.minArgs || positional.length > fn.maxArgs) {
      this.report("CX3008", e.callee.span, { detail: `'${fn.name}' takes ${arity(fn)}, but ${positional.length} ${positional.length === 1 ? "was" : "were"} given. Usage: ${fn.signature}.` });
    }
    const types = positional.map((a) => (rowSource === undefined ? this.checkMetricExpr(a.value, m) : this.checkRowExpr(a.value, rowSource, m, undefined)));
    types.forEach((t, i) => this.expectNumber(t, positional[i].value, `'${fn.name}'`));
    if (fn.name === "round" && positional[1]) {
      const d = positional[1].value;
      if (!(d.kind === "Number" && Number.isInteger(d.value) && d.value >= 0 && d.value <= 15)) {
        this.report("CX3008", d.span, { detail: "round's digits must be a whole number from 0 to 15." });
      }
    }
    let unit: Unit | undefined;
    for (const t of types) if (t.unit && t.unit !== "number") unit ??= t.unit;
    return { type: "number", unit: unit ?? types[0]?.unit };
  }

  private checkAggregate(e: Call, fn: FunctionInfo, m: MetricInfo): TypeInfo {
    const positional = e.args.filter((a) => !a.name);
    const named = e.args.filter((a) => a.name);
    const first = positional[0];
    const use: Partial<AggregateUse> = { call: e, fn: fn.name, columns: new Set() };
    for (const a of positional.slice(1)) {
      if (a.where) this.report("CX3002", a.whereSpan ?? a.where.span, { detail: `'where' belongs to the first argument of '${fn.name}'.` });
    }
    if (!first) {
      this.report("CX3008", e.callee.span, { detail: `'${fn.name}' needs ${fn.rows === "rows" ? "a source" : "a column"}: ${fn.signature}.` });
      return { type: "number", unit: fn.unit === "column" ? "number" : (fn.unit as Unit) };
    }
    if (positional.length > fn.maxArgs || positional.length < fn.minArgs) {
      this.report("CX3008", e.callee.span, { detail: `'${fn.name}' takes ${arity(fn)}, but ${positional.length} ${positional.length === 1 ? "was" : "were"} given. Usage: ${fn.signature}.` });
    }
    // Named options
    for (const a of named) {
      const opt = a.name!.name;
      const allowed = fn.options?.[opt];
      if (!allowed) {
        this.report("CX3008", a.name!.span, { detail: `'${fn.name}' has no option '${opt}'.${fn.options ? ` Options: ${Object.keys(fn.options).join(", ")}.` : ""}` });
        continue;
      }
      const v = a.value;
      if (v.kind === "Number" && allowed.includes(v.value)) use.scale = v.value;
      else this.report("CX3008", v.span, { detail: `'${opt}' of '${fn.name}' must be one of ${allowed.join(", ")}.` });
      if (a.where) this.report("CX3002", a.whereSpan ?? a.where.span, { detail: "'where' belongs to the first argument." });
    }
    // First argument: src or src.col
    let source: SourceInfo | undefined;
    let colType: ColumnType | undefined;
    const arg = first.value;
    if (arg.kind === "Call" && functionInfo(arg.callee.name)?.aggregate) {
      this.report("CX3002", arg.callee.span, { detail: `Aggregates cannot be nested: '${arg.callee.name}(…)' is inside '${fn.name}(…)'. Compute it in a separate metric and combine the metrics.` });
      return { type: "number", unit: fn.unit === "column" || fn.unit === "arg" ? "number" : fn.unit };
    }
    if (arg.kind !== "Ref") {
      this.report("CX3008", arg.span, { detail: `The first argument of '${fn.name}' must be ${fn.rows === "rows" ? "a source" : "a column such as surveys.recommend"}: ${fn.signature}.` });
      if (first.where) this.checkRowExpr(first.where, undefined, m, undefined);
      return { type: "number", unit: fn.unit === "column" || fn.unit === "arg" ? "number" : fn.unit };
    }
    const headSym = this.ws.symbols.get(arg.head.name);
    if (headSym?.kind === "metric") {
      this.ref(arg.head.span, { kind: "metric", name: arg.head.name });
      this.report("CX3002", arg.span, { detail: `'${arg.head.name}' is a metric; an aggregate reads rows of a source. Use the metric outside the aggregate, e.g. value: ${arg.head.name} * 2.` });
    } else if (this.resolveName(arg.head, "source")) {
      source = this.sources.get(arg.head.name);
      use.source = arg.head.name;
    }
    if (arg.member) {
      if (fn.rows === "rows") {
        this.report("CX3008", arg.member.span, { detail: `'${fn.name}' counts rows: write ${fn.name}(${arg.head.name} where …), without a column.` });
      }
      if (source) {
        colType = this.resolveColumn(arg.member, source);
        if (colType !== undefined) {
          use.column = arg.member.name;
          use.columns!.add(arg.member.name);
        }
      }
    } else if (fn.rows === "column") {
      this.report("CX3008", arg.span, { detail: `'${fn.name}' needs a column: ${fn.name}(${arg.head.name}.<column>).` });
    }
    if (colType !== undefined && fn.accepts && !fn.accepts.includes(colType)) {
      this.report("CX3001", arg.span, { detail: `'${fn.name}' needs a ${fn.accepts.includes("date") ? "numeric or date" : "numeric"} column, but '${arg.head.name}.${arg.member!.name}' is ${colType}.` });
    }
    if (first.where) {
      const wt = this.checkRowExpr(first.where, source ?? null, m, use as AggregateUse);
      this.expectBoolean(wt, first.where, "'where'");
    }
    if (fn.name === "percentile") {
      const p = positional[1]?.value;
      if (p) {
        if (p.kind === "Number" && p.value >= 0 && p.value <= 100) use.p = p.value;
        else this.report("CX3008", p.span, { detail: "The percentile must be a number from 0 to 100, e.g. percentile(tickets.minutes, 90)." });
      }
    }
    if (source && use.source) m.aggregates.push(use as AggregateUse);
    let unit: Unit;
    if (fn.unit === "column" || fn.unit === "arg") unit = "number";
    else unit = fn.unit;
    const type: VType = (fn.name === "min" || fn.name === "max") && (colType === "date" || colType === "datetime") ? colType : "number";
    return { type, unit };
  }

  private resolveColumn(id: Identifier, source: SourceInfo): ColumnType | undefined {
    if (!source.columns) {
      // Unknown schema (unreadable data): the source is broken; nothing more to say here.
      this.ref(id.span, { kind: "column", source: source.name, name: id.name });
      return undefined;
    }
    const t = source.columns.get(id.name);
    if (t === undefined) {
      const { hint, suggestion } = didYouMean(id.name, source.columns.keys());
      this.report("CX2003", id.span, { name: id.name, source: source.name, hint }, { data: { source: source.name, suggestion } });
      return undefined;
    }
    this.ref(id.span, { kind: "column", source: source.name, name: id.name });
    return t;
  }

  /**
   * Row context (§4.1): bare identifiers are columns of `source`; `src.col` too.
   * `source` is null when the aggregate's source could not be resolved (names are then not checked).
   */
  private checkRowExpr(e: Expr, source: SourceInfo | null | undefined, m: MetricInfo, use: AggregateUse | undefined): TypeInfo {
    const sub = (x: Expr) => this.checkRowExpr(x, source, m, use);
    const literal = literalType(e);
    if (literal) return literal;
    switch (e.kind) {
      case "Paren":
        return sub(e.expr);
      case "Ref": {
        let colId: Identifier;
        if (e.member) {
          const head = this.ws.symbols.get(e.head.name);
          if (source && e.head.name !== source.name) {
            if (head?.kind === "source") {
              this.ref(e.head.span, { kind: "source", name: e.head.name });
              this.report("CX3002", e.span, { detail: `Inside an aggregate over '${source.name}', only columns of '${source.name}' can be used, not '${e.head.name}.${e.member.name}'.` });
            } else this.resolveName(e.head, "source");
            return UNKNOWN;
          }
          if (source) this.ref(e.head.span, { kind: "source", name: e.head.name });
          colId = e.member;
        } else {
          colId = e.head;
        }
        if (!source) return UNKNOWN;
        if (!e.member && source.columns && !source.columns.has(colId.name)) {
          const sym = this.ws.symbols.get(colId.name);
          if (sym?.kind === "metric") {
            this.ref(colId.span, { kind: "metric", name: colId.name });
            this.report("CX3002", e.span, { detail: `'${colId.name}' is a metric; metrics cannot be used inside an aggregate (here '${colId.name}' would have to be a column of '${source.name}').` });
            return UNKNOWN;
          }
        }
        const t = this.resolveColumn(colId, source);
        if (t === undefined) return UNKNOWN;
        use?.columns.add(colId.name);
        return { type: colVType(t), integer: t === "integer", unit: "number" };
      }
      case "Call":
        return this.checkCall(e, m, source ?? null);
      case "Unary": {
        const t = sub(e.operand);
        return e.op === "not" ? this.expectBoolean(t, e.operand, "'not'") : this.expectNumber(t, e.operand, "'-'");
      }
      case "Binary":
        return this.checkBinary(e.op, e.left, e.right, e.opSpan, sub);
      case "In": {
        const t = sub(e.operand);
        for (const it of e.items) {
          if (!isLiteral(it)) this.report("CX3001", it.span, { detail: "'in' takes a list of literal values, e.g. channel in [\"web\", \"app\"]." });
          else this.checkComparable(t, sub(it), e.operand, it);
        }
        return { type: "boolean" };
      }
      case "IsNull":
        sub(e.operand);
        return { type: "boolean" };
    }
    return UNKNOWN;
  }

  // ---------------------------------------------------------------- metric graph

  private checkMetricGraph(): void {
    // Cycles (CX3004 on every metric in a cycle), with Tarjan's SCC.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    let counter = 0;
    const inCycle = new Set<string>();
    const strong = (v: string) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      for (const w of this.metrics.get(v)?.refs ?? []) {
        if (!this.metrics.has(w)) continue;
        if (!index.has(w)) {
          strong(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        const self = comp.length === 1 && this.metrics.get(v)!.refs.includes(v);
        if (comp.length > 1 || self) {
          comp.reverse();
          const cycle = [...comp, comp[0]].join(" → ");
          for (const name of comp) {
            inCycle.add(name);
            const m = this.metrics.get(name)!;
            this.cur = m.sym;
            const related = comp.filter((n) => n !== name).map((n) => {
              const o = this.metrics.get(n)!.sym;
              return { file: o.file.path, range: o.file.parse.lines.rangeOf(o.decl.name!.span), message: `'${n}' is part of the cycle` };
            });
            this.report("CX3004", m.sym.decl.name!.span, { name, cycle }, { related });
            m.ownOk = false;
          }
        }
      }
    };
    for (const name of this.metrics.keys()) if (!index.has(name)) strong(name);

    // Soundness: own declaration ok, sources readable, referenced metrics sound.
    const state = new Map<string, boolean>();
    const sound = (name: string, seen: Set<string>): boolean => {
      const known = state.get(name);
      if (known !== undefined) return known;
      const m = this.metrics.get(name);
      if (!m) return false;
      if (seen.has(name)) return false;
      seen.add(name);
      let ok = m.ownOk && m.value !== undefined;
      if (!m.ownOk) m.brokenReason = "its definition has errors";
      for (const a of m.aggregates) {
        const s = this.sources.get(a.source);
        if (!s || !s.readable) {
          ok = false;
          m.brokenReason ??= `source '${a.source}' cannot be read`;
        }
      }
      for (const r of m.refs) {
        if (!sound(r, seen)) {
          ok = false;
          m.brokenReason ??= `metric '${r}' has no value`;
        }
      }
      state.set(name, ok);
      m.sound = ok;
      return ok;
    };
    for (const name of this.metrics.keys()) sound(name, new Set());

    // by / window / trend need every source used (transitively) to have the columns / timestamp.
    for (const m of this.metrics.values()) {
      if (!m.ownOk || inCycle.has(m.name)) continue;
      this.cur = m.sym;
      const before = this.diagnostics.length;
      const srcs = this.sourcesOf(m.name, true);
      const win = this.prop(m.sym, "window");
      const trend = this.prop(m.sym, "trend");
      for (const sname of srcs) {
        const s = this.sources.get(sname);
        if (!s) continue;
        if (m.window && win && !s.timestamp) this.report("CX3005", win.key.span, { property: "window", source: sname });
        if (m.trend && trend && !s.timestamp) this.report("CX3005", trend.key.span, { property: "trend", source: sname });
        if (m.by.length && s.columns) {
          const by = this.prop(m.sym, "by")!;
          const items = by.value?.kind === "List" ? by.value.items : by.value ? [by.value] : [];
          for (const it of items) {
            if (it.kind !== "Ref" || it.member) continue;
            if (!s.columns.has(it.head.name)) {
              const { hint, suggestion } = didYouMean(it.head.name, s.columns.keys());
              this.report("CX2003", it.head.span, { name: it.head.name, source: sname, hint: hint || ` Every source used by '${m.name}' needs the 'by' column.` }, { data: { source: sname, suggestion } });
            } else {
              this.ref(it.head.span, { kind: "column", source: sname, name: it.head.name });
            }
          }
        }
      }
      if (this.diagnostics.slice(before).some((d) => d.severity === "error")) {
        m.ownOk = false;
        m.sound = false;
        m.brokenReason = "its definition has errors";
      }
    }
    // Propagate unsoundness introduced above to referencing metrics.
    let changed = true;
    while (changed) {
      changed = false;
      for (const m of this.metrics.values()) {
        if (m.sound && m.refs.some((r) => !this.metrics.get(r)?.sound)) {
          m.sound = false;
          m.brokenReason ??= "a metric it uses has no value";
          changed = true;
        }
      }
    }
    // Declared unit vs inferred (CX3003).
    for (const m of this.metrics.values()) {
      const declared = this.prop(m.sym, "unit");
      if (m.unit && m.inferredUnit && m.unit !== m.inferredUnit && m.inferredUnit !== "number" && declared?.value) {
        this.cur = m.sym;
        this.report("CX3003", declared.value.span, { detail: `The formula of '${m.name}' gives ${m.inferredUnit}, but its unit is declared as ${m.unit}.` });
      }
    }
  }

  /** Sources read by a metric's formula, including through metric references. */
  sourcesOf(name: string, transitive: boolean, seen = new Set<string>()): Set<string> {
    const out = new Set<string>();
    const m = this.metrics.get(name);
    if (!m || seen.has(name)) return out;
    seen.add(name);
    for (const a of m.aggregates) out.add(a.source);
    if (transitive) for (const r of m.refs) for (const s of this.sourcesOf(r, true, seen)) out.add(s);
    return out;
  }

  // ---------------------------------------------------------------- goals

  private checkGoal(sym: Sym): void {
    this.cur = sym;
    this.curErrors = 0;
    for (const p of sym.props.values()) this.noTag(p);
    const g: GoalInfo = { sym, name: sym.name, label: this.labelOf(sym), severity: "error", ok: true };
    this.optionalString(sym, "label");
    this.optionalString(sym, "description");
    g.owner = this.optionalString(sym, "owner");
    const mp = this.prop(sym, "metric");
    if (mp) {
      const id = this.identValue(mp, "a metric name");
      if (id && this.resolveName(id, "metric")) g.metric = id.name;
    }
    const sev = this.prop(sym, "severity");
    if (sev) g.severity = this.enumValue(sev, ["error", "warning"] as const, "severity") ?? "error";
    const target = this.prop(sym, "target");
    const warn = this.prop(sym, "warn");
    g.target = target ? this.threshold(target) : undefined;
    g.warn = warn ? this.threshold(warn) : undefined;
    const unit = g.metric ? this.metricUnit(g.metric) : undefined;
    if (unit === "percent") {
      for (const [p, t] of [[target, g.target], [warn, g.warn]] as const) {
        if (p?.value && t && !t.percent && Math.abs(t.value) > 1) {
          const v = p.value.kind === "Threshold" ? p.value.value : p.value;
          this.report("CX3006", v.span, { metric: g.metric!, value: formatNum(t.value) }, { data: { percent: `${formatNum(t.value)}%` } });
        }
      }
    }
    if (g.target && g.warn && warn) {
      const dir = (op: CompareOp) => (op === ">=" || op === ">" ? 1 : op === "<=" || op === "<" ? -1 : 0);
      const dt = dir(g.target.op), dw = dir(g.warn.op);
      const stricter =
        dt === 0 || dw === 0 || dt !== dw ? g.target.op !== g.warn.op || g.warn.value !== g.target.value : dt > 0 ? g.warn.value > g.target.value : g.warn.value < g.target.value;
      if (stricter && !(dt === 0 && dw === 0 && g.warn.value === g.target.value)) {
        this.report("CX3007", warn.key.span, { warn: g.warn.text, target: g.target.text });
      }
    }
    g.ok = this.curErrors === 0;
    this.goals.set(sym.name, g);
  }

  private threshold(p: Property): Threshold | undefined {
    const v = p.value;
    if (!v || v.kind !== "Threshold") {
      if (v) this.report("CX3001", v.span, { detail: `'${p.key.name}' must be a comparison such as >= 40 or <= 5%.` });
      return undefined;
    }
    let e: Expr = v.value;
    let sign = 1;
    while (e.kind === "Paren") e = e.expr;
    if (e.kind === "Unary" && e.op === "-") {
      sign = -1;
      e = e.operand;
    }
    if (e.kind === "Number" || e.kind === "Percent") {
      const text = `${v.op} ${sign < 0 ? "-" : ""}${e.raw}`;
      return { op: v.op, value: sign * e.value, percent: e.kind === "Percent", text };
    }
    this.report("CX3001", v.value.span, { detail: `A threshold compares with a number or a percent, e.g. ${v.op} 40 or ${v.op} 80%.` });
    return undefined;
  }

  // ---------------------------------------------------------------- journeys

  private checkJourney(sym: Sym): void {
    this.cur = sym;
    for (const p of sym.props.values()) this.noTag(p);
    const j: JourneyInfo = { sym, name: sym.name, label: this.labelOf(sym), touchpoints: [] };
    this.optionalString(sym, "label");
    this.optionalString(sym, "description");
    const tp = this.prop(sym, "touchpoints");
    if (tp?.value) {
      const items = tp.value.kind === "List" ? tp.value.items : [tp.value];
      if (tp.value.kind !== "List") this.report("CX3001", tp.value.span, { detail: "'touchpoints' is a list in journey order, e.g. [product_page, checkout, delivery]." });
      const units = new Map<Unit, string>();
      for (const it of items) {
        if (it.kind !== "Ref" || it.member) {
          this.report("CX3001", it.span, { detail: "'touchpoints' lists touchpoint names." });
          continue;
        }
        const t = this.resolveName(it.head, "touchpoint");
        if (!t) continue;
        j.touchpoints.push(t.name);
        const info = this.touchpoints.get(t.name);
        if (!info?.score) {
          this.report("CX3010", it.head.span, { name: t.name, journey: sym.name });
          continue;
        }
        const u = this.metricUnit(info.score);
        if (u) {
          if (units.size && !units.has(u)) {
            const [otherUnit, other] = [...units.entries()][0];
            this.report("CX3003", it.head.span, { detail: `Touchpoint '${t.name}' is scored by '${info.score}' (${u}), but '${other}' is ${otherUnit}; a journey averages scores of one unit.` });
          }
          if (!units.has(u)) units.set(u, info.score);
        }
      }
      if (units.size === 1) j.unit = [...units.keys()][0];
    }
    this.journeys.set(sym.name, j);
  }

  // ---------------------------------------------------------------- unused

  private reportUnused(syms: Sym[]): void {
    for (const m of this.metrics.values()) {
      if (m.touchpoint) this.used.add(m.name);
    }
    for (const g of this.goals.values()) if (g.metric) this.used.add(g.metric);
    for (const s of syms) {
      if (s.kind === "goal" || s.kind === "journey") continue;
      if (this.used.has(s.name)) continue;
      if (s.kind === "metric" && this.metrics.get(s.name)?.touchpoint) continue;
      this.cur = s;
      const what = s.kind === "metric" ? "Metric" : s.kind === "source" ? "Source" : "Touchpoint";
      const d = diag("CX3009", s.file.path, this.range(s.decl.name!.span, s), { what, name: s.name });
      this.diagnostics.push(d);
    }
  }
}

/** The type of a literal (or a Missing placeholder); undefined for every other expression. */
function literalType(e: Expr): TypeInfo | undefined {
  switch (e.kind) {
    case "Number":
      return { type: "number", unit: "number" };
    case "Percent":
      return { type: "number", unit: "percent" };
    case "String":
      return { type: "text", literal: e };
    case "Boolean":
      return { type: "boolean" };
    case "Null":
      return { type: "null" };
    case "Missing":
      return UNKNOWN;
    default:
      return undefined;
  }
}

function isLiteral(e: Expr): boolean {
  return e.kind === "Number" || e.kind === "Percent" || e.kind === "String" || e.kind === "Boolean" || e.kind === "Null" || (e.kind === "Unary" && e.op === "-" && e.operand.kind === "Number");
}

function describe(t: TypeInfo): string {
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

function arity(fn: FunctionInfo): string {
  if (fn.maxArgs === Infinity) return `at least ${fn.minArgs} argument${fn.minArgs === 1 ? "" : "s"}`;
  if (fn.minArgs === fn.maxArgs) return `${fn.minArgs} argument${fn.minArgs === 1 ? "" : "s"}`;
  return `${fn.minArgs} to ${fn.maxArgs} arguments`;
}

function formatNum(n: number): string {
  return String(n);
}

export { walkExpr };
export type { PropertyValue, Ref, Argument };
