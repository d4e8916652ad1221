// The checker (language reference §3–§5, §7; language-v2 §9–§15): resolves names, checks
// property values, types, units, contexts, cycles and goals, lowers every row expression to the
// plan's IR (rowcheck.ts), and builds the SemanticModel. Never throws.
//
// Invariant: a metric is `sound` when its own declaration has no error and everything it uses
// (metrics, sources, columns, funnels, cohorts) is sound; only sound metrics are evaluated, and a
// metric that is not sound gets no further diagnostics of its own (spec §6, "as complete as it
// can be"). Funnels, cohorts and drivers follow the same rule with their `ok` flag.
//
// Hostile input: formulas are at most MAX_EXPR_DEPTH deep (the parser guarantees it), and every
// walk over the graph of declarations (metric references, derived columns) is iterative or
// bounded, so a chain or a cycle of thousands of metrics cannot overflow the stack. Lookups keyed
// by user text use Maps only.
import type { Call, CompareOp, DeriveEntry, Duration, Expr, Identifier, Property, PropertyValue, Ref, StringLit, Argument } from "../syntax/ast";
import { isExpr, walkExpr } from "../syntax/ast";
import { diag, type Code, type Diagnostic, type RelatedInfo } from "../diagnostics";
import { didYouMean } from "../suggest";
import type { Range, Span } from "../text";
import { COLUMN_TYPES, type ColumnType } from "../data/table";
import { parseDate } from "../data/convert";
import { FUNCTIONS, functionInfo, type FunctionInfo } from "./functions";
import { COHORT_PERIODS, COMPARES, ENCODINGS, SCOPES, TREND_PERIODS, UNITS, type TrendPeriod, type Unit } from "./schema";
import type {
  AggregateUse, AnalysisUse, CohortInfo, DerivedInfo, DriverInfo, DriversInfo, FunnelInfo, FunnelStepInfo, GoalInfo, JourneyInfo, MetricInfo, Reference,
  RefTarget, SemanticModel, SourceInfo, Threshold, TouchpointInfo,
} from "./model";
import type { Sym, Workspace } from "./workspace";
import { metricClosure, metricSources } from "./model";
import { RowChecker, describeType, literalValue, type RowContext, type RowScope, type RowType, type VType } from "./rowcheck";
import { encodingOf } from "./sources";
import { parseInstant } from "../time/instant";
import { UTC, zoneFor, type Zone } from "../time/zone";

interface TypeInfo {
  type: VType;
  unit?: Unit;
  integer?: boolean;
  literal?: StringLit;
}

const UNKNOWN: TypeInfo = { type: "unknown" };

/** Longest chain of metric references evaluated (each link is inlined into the referencing formula). */
export const MAX_REFERENCE_DEPTH = 64;

const TIME_UNITS = new Set<Unit>(["seconds", "minutes", "hours", "days", "currency"]);

export function check(ws: Workspace, sources: Map<string, SourceInfo>): SemanticModel {
  const c = new Checker(ws, sources);
  return c.run();
}

class Checker implements RowContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly references: Reference[] = [];
  readonly touchpoints = new Map<string, TouchpointInfo>();
  readonly metrics = new Map<string, MetricInfo>();
  readonly goals = new Map<string, GoalInfo>();
  readonly journeys = new Map<string, JourneyInfo>();
  readonly funnels = new Map<string, FunnelInfo>();
  readonly cohorts = new Map<string, CohortInfo>();
  readonly drivers = new Map<string, DriversInfo>();
  /** Names used by something, for CX3009. */
  private readonly used = new Set<string>();
  /** Current declaration being checked (for locations and error flags). */
  private cur!: Sym;
  private curErrors = 0;
  readonly zone: Zone;
  private readonly rows: RowChecker;
  /** Derived columns: entries per source, and the names being checked (cycle detection). */
  private readonly deriveEntries = new Map<string, Map<string, DeriveEntry>>();
  private readonly deriving: { source: string; name: string }[] = [];

  constructor(
    readonly ws: Workspace,
    readonly sources: Map<string, SourceInfo>,
  ) {
    this.zone = (ws.config.timezone && zoneFor(ws.config.timezone)) || UTC;
    this.rows = new RowChecker(this);
  }

  run(): SemanticModel {
    const syms = this.ws.decls.filter((s) => s.bound);
    for (const s of syms) if (s.kind === "source") this.checkSource(s);
    for (const s of syms) if (s.kind === "touchpoint") this.checkTouchpoint(s);
    for (const s of syms) if (s.kind === "funnel") this.checkFunnel(s);
    for (const s of syms) if (s.kind === "cohort") this.checkCohort(s);
    for (const s of syms) if (s.kind === "drivers") this.checkDrivers(s);
    for (const s of this.metricOrder(syms)) this.checkMetric(s);
    // Keep declaration order (reports list metrics in it): they were checked in dependency order.
    const checked = new Map(this.metrics);
    this.metrics.clear();
    for (const s of syms) {
      const m = s.kind === "metric" ? checked.get(s.name) : undefined;
      if (m) this.metrics.set(s.name, m);
    }
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
      funnels: this.funnels,
      cohorts: this.cohorts,
      drivers: this.drivers,
      references: this.references,
      diagnostics: this.diagnostics,
    };
  }

  // ---------------------------------------------------------------- helpers (and RowContext)

  get file(): string {
    return this.cur.file.path;
  }

  private range(span: Span, sym: Sym = this.cur): Range {
    return sym.file.parse.lines.rangeOf(span);
  }

  report(code: Code, span: Span, args: Record<string, string | number>, extra: { related?: RelatedInfo[]; data?: Record<string, unknown>; sym?: Sym } = {}): void {
    const sym = extra.sym ?? this.cur;
    const d = diag(code, sym.file.path, this.range(span, sym), args, { related: extra.related, data: extra.data });
    this.diagnostics.push(d);
    if (d.severity === "error" && sym === this.cur) this.curErrors++;
  }

  ref(span: Span, target: RefTarget, sym: Sym = this.cur): void {
    this.references.push({ file: sym.file.path, span, target });
  }

  symbol(name: string): Sym | undefined {
    return this.ws.symbols.get(name);
  }

  use(name: string): void {
    this.used.add(name);
  }

  /** Runs `f` with `sym` as the current declaration (its errors are counted there, not here). */
  private withSym<T>(sym: Sym, f: () => T): T {
    const saved = { cur: this.cur, errors: this.curErrors };
    this.cur = sym;
    this.curErrors = 0;
    try {
      return f();
    } finally {
      this.cur = saved.cur;
      this.curErrors = saved.errors;
    }
  }

  columnType(id: Identifier, source: SourceInfo): { type: ColumnType; unit?: Unit } | undefined {
    const entries = this.deriveEntries.get(source.name);
    if (entries?.has(id.name)) {
      const d = this.derivedColumn(source, id.name);
      this.ref(id.span, { kind: "derived", source: source.name, name: id.name });
      return d?.ok ? { type: d.type, unit: d.unit } : undefined;
    }
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
    return { type: t };
  }

  private prop(sym: Sym, name: string): Property | undefined {
    return sym.props.get(name);
  }

  private symsOf(kind: Sym["kind"]): string[] {
    const out: string[] = [];
    for (const s of this.ws.symbols.values()) if (s.kind === kind) out.push(s.name);
    return out;
  }

  /** Resolves a name expected to be of `kind`; reports CX2001 (or a kind mismatch) otherwise. */
  private resolveName(id: Identifier, kind: Sym["kind"]): Sym | undefined {
    const sym = this.ws.symbols.get(id.name);
    if (sym && sym.kind === kind) {
      this.ref(id.span, { kind, name: id.name } as RefTarget);
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

  /** A `window:` duration: days, weeks, months or years, positive. */
  private windowValue(p: Property | undefined): Duration | undefined {
    if (!p?.value) return undefined;
    const v = p.value;
    if (v.kind !== "Duration") {
      this.report("CX3001", v.span, { detail: `'${p.key.name}' must be a duration such as 90 days, 12 weeks, 6 months or 1 year.` });
      return undefined;
    }
    if (v.unit === "minute" || v.unit === "hour") {
      this.report("CX3001", v.span, { detail: `'${p.key.name}' counts whole days: use days, weeks, months or years (minutes and hours only work in a funnel's 'within').` });
      return undefined;
    }
    if (!(v.amount > 0) || !Number.isInteger(v.amount)) {
      this.report("CX3001", v.span, { detail: `'${p.key.name}' must be a positive whole duration, e.g. 90 days.` });
      return undefined;
    }
    return v;
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

  /** A property naming a column of `source` (read or derived). */
  private columnProp(p: Property | undefined, source: SourceInfo | undefined, what: string): { name: string; type?: ColumnType } | undefined {
    if (!p) return undefined;
    const id = this.identValue(p, `a column name (${what})`);
    if (!id) return undefined;
    if (!source) return { name: id.name };
    const t = this.columnType(id, source);
    return t ? { name: id.name, type: t.type } : undefined;
  }

  // ---------------------------------------------------------------- sources

  private checkSource(sym: Sym): void {
    this.cur = sym;
    this.curErrors = 0;
    const info = this.sources.get(sym.name);
    if (!info) return;
    for (const p of sym.props.values()) this.noTag(p);
    for (const name of ["label", "description", "owner"]) this.optionalString(sym, name);
    const delim = this.prop(sym, "delimiter");
    if (delim) {
      const s = this.stringValue(delim);
      if (s && [...s.value].length !== 1) this.report("CX3001", s.span, { detail: `'delimiter' must be one character, e.g. ";" or "\\t".` });
    }
    const enc = this.prop(sym, "encoding");
    if (enc?.value && !encodingOf(enc.value)) {
      this.report("CX3001", enc.value.span, { detail: `Unknown encoding. Use one of: ${ENCODINGS.join(", ")} (case-insensitive).` });
    }
    this.checkSourceKind(sym, info);
    const cols = this.prop(sym, "columns");
    if (cols && cols.value?.kind === "Block") {
      for (const cp of cols.value.properties) this.checkColumnDecl(sym, info, cp);
    } else if (cols && cols.value) {
      this.report("CX1001", cols.value.span, { detail: "'columns' takes a block: columns { name: type … }." });
    }
    const derive = this.prop(sym, "derive");
    if (derive?.value?.kind === "DeriveBlock") {
      const entries = new Map<string, DeriveEntry>();
      for (const e of derive.value.entries) {
        const first = entries.get(e.name.name);
        if (first) {
          this.report("CX2002", e.name.span, { detail: `Derived column '${e.name.name}' is defined twice in source '${sym.name}'.` }, {
            related: [{ file: sym.file.path, range: this.range(first.name.span), message: "first defined here" }],
          });
          continue;
        }
        if (info.declared?.has(e.name.name) || (!info.declared && info.columns?.has(e.name.name))) {
          this.report("CX2002", e.name.span, { detail: `'${e.name.name}' is already a column of source '${sym.name}'; give the derived column another name.` });
          continue;
        }
        entries.set(e.name.name, e);
      }
      this.deriveEntries.set(sym.name, entries);
      for (const name of entries.keys()) this.derivedColumn(info, name);
    } else if (derive?.value) {
      this.report("CX1001", derive.value.span, { detail: "'derive' takes a block: derive { name = expression … }." });
    }
    const ts = this.prop(sym, "timestamp");
    if (ts) {
      const id = this.identValue(ts, "a column name");
      if (id) {
        const t = this.columnType(id, info);
        if (t !== undefined && t.type !== "date" && t.type !== "datetime") {
          this.report("CX3001", id.span, { detail: `The timestamp column '${id.name}' must be a date or datetime column, but it is ${t.type}.` });
        }
      }
    }
  }

  /** `file:` or `connection:` with exactly one of `table:` and `sql:` (engines.md §2). */
  private checkSourceKind(sym: Sym, info: SourceInfo): void {
    const file = this.prop(sym, "file");
    const conn = this.prop(sym, "connection");
    const table = this.prop(sym, "table");
    const sql = this.prop(sym, "sql");
    if (table) this.stringValue(table);
    if (sql) this.stringValue(sql);
    if (!file && !conn) {
      this.report("CX2006", sym.decl.name!.span, { what: "Source", name: sym.name, property: "file" }, { data: { property: "file" } });
      return;
    }
    if (conn) {
      if (file) this.report("CX2005", file.key.span, { name: "file", what: "a source with 'connection'", hint: " A source reads either a file or a table/query of a connection, not both." });
      const id = this.identValue(conn, "the name of a connection in cx.yaml");
      if (id) {
        const cc = this.ws.config.connections?.get(id.name);
        if (!cc) {
          const names = [...(this.ws.config.connections?.keys() ?? [])];
          const { hint } = didYouMean(id.name, names);
          this.report("CX2001", id.span, { what: "connection", name: id.name, hint: hint || (names.length ? ` Connections in cx.yaml: ${names.join(", ")}.` : " Declare it under 'connections:' in cx.yaml.") });
        }
      }
      if (!table && !sql) this.report("CX2006", sym.decl.name!.span, { what: "Source", name: sym.name, property: "table" }, { data: { property: "table" } });
      if (table && sql) this.report("CX2005", sql.key.span, { name: "sql", what: "a source with 'table'", hint: " Give either 'table' or 'sql'." });
      for (const p of ["format", "delimiter", "encoding"] as const) {
        const x = this.prop(sym, p);
        if (x) this.report("CX2005", x.key.span, { name: p, what: "a source read through a connection", hint: ` '${p}' only applies to files.` });
      }
      if (info.kind !== "sql") info.kind = "sql";
      return;
    }
    for (const p of [table, sql]) {
      if (p) this.report("CX2005", p.key.span, { name: p.key.name, what: "a file source", hint: " 'table' and 'sql' need 'connection: NAME'." });
    }
  }

  /** `name: type [from "HEADER"] [map { "label": value … }]` (language-v2 §9.1). */
  private checkColumnDecl(sym: Sym, info: SourceInfo, cp: Property): void {
    this.ref(cp.key.span, { kind: "column", source: sym.name, name: cp.key.name });
    const v = cp.value;
    const typeId = v?.kind === "ColumnDecl" ? v.type : v?.kind === "Ref" && !v.member ? v.head : undefined;
    if (!typeId) {
      this.report("CX3001", (v ?? cp.key).span, { detail: `Column '${cp.key.name}' needs a type: one of ${COLUMN_TYPES.join(", ")}.` });
      return;
    }
    if (!(COLUMN_TYPES as readonly string[]).includes(typeId.name)) {
      const { hint } = didYouMean(typeId.name, COLUMN_TYPES);
      this.report("CX3001", typeId.span, { detail: `Unknown column type '${typeId.name}'.${hint || ` Use one of: ${COLUMN_TYPES.join(", ")}.`}` });
      return;
    }
    const type = typeId.name as ColumnType;
    if (v?.kind !== "ColumnDecl" || !v.map) return;
    const seen = new Map<string, StringLit>();
    const map: { label: string; value: number | string }[] = [];
    for (const e of v.map.entries) {
      const folded = foldCase(e.label.value.trim());
      const first = seen.get(folded);
      if (first) {
        this.report("CX2002", e.label.span, { detail: `Map label "${e.label.value}" repeats "${first.value}" (labels are compared ignoring case).` }, {
          related: [{ file: sym.file.path, range: this.range(first.span), message: "first given here" }],
        });
        continue;
      }
      seen.set(folded, e.label);
      const mapped = this.mapValue(e.value, type, cp.key.name);
      if (mapped !== undefined) map.push({ label: e.label.value, value: mapped });
    }
    const spec = info.specs?.get(cp.key.name);
    if (spec && map.length) spec.map = map;
  }

  /** A map entry's value in the column's representation; CX3001 when it is not a value of the type. */
  private mapValue(e: Expr, type: ColumnType, column: string): number | string | undefined {
    const v = literalValue(e);
    const bad = (what: string) => {
      this.report("CX3001", e.span, { detail: `Column '${column}' is ${type}, so a map value must be ${what}.` });
      return undefined;
    };
    switch (type) {
      case "integer":
        return typeof v === "number" && Number.isInteger(v) ? v : bad("a whole number");
      case "number":
        return typeof v === "number" ? v : bad("a number");
      case "boolean":
        return typeof v === "boolean" ? (v ? 1 : 0) : bad("true or false");
      case "text":
        return typeof v === "string" ? v : bad("a string in double quotes");
      case "date": {
        const d = typeof v === "string" ? parseDate(v) : null;
        return d !== null ? d : bad("a date written as a string, e.g. \"2026-01-31\"");
      }
      case "datetime": {
        const ms = typeof v === "string" ? parseInstant(v, this.zone) : null;
        return ms !== null ? ms : bad("a date-time written as a string, e.g. \"2026-01-31T09:30:00\"");
      }
    }
  }

  /** Checks (once) and returns a derived column; reports CX3004 on every name of a cycle (language-v2 §9.2). */
  private derivedColumn(info: SourceInfo, name: string): DerivedInfo | undefined {
    const done = info.derived.get(name);
    if (done) return done;
    const entry = this.deriveEntries.get(info.name)?.get(name);
    if (!entry) return undefined;
    const at = this.deriving.findIndex((d) => d.source === info.name && d.name === name);
    if (at >= 0) {
      const cycle = this.deriving.slice(at).map((d) => d.name);
      const text = [...cycle, cycle[0]].join(" → ");
      this.withSym(info.sym, () => {
        for (const n of cycle) {
          const e = this.deriveEntries.get(info.name)!.get(n)!;
          if (info.derived.get(n)?.ok === false && this.cycleReported.has(`${info.name}.${n}`)) continue;
          this.cycleReported.add(`${info.name}.${n}`);
          this.report("CX3004", e.name.span, { name: n, cycle: text, what: "Derived column" });
        }
      });
      return undefined;
    }
    this.deriving.push({ source: info.name, name });
    const result = this.withSym(info.sym, (): DerivedInfo => {
      const scope: RowScope = { source: info, qualified: false, columns: new Set(), context: "a derived column" };
      const t = this.rows.check(entry.expr, scope);
      let ok = t.ir !== undefined && this.curErrors === 0 && !this.cycleReported.has(`${info.name}.${name}`);
      let type: ColumnType = t.type === "number" ? (t.integer ? "integer" : "number") : t.type === "text" || t.type === "boolean" || t.type === "date" || t.type === "datetime" ? t.type : "text";
      let declaredType: ColumnType | undefined;
      if (entry.type) {
        if (!(COLUMN_TYPES as readonly string[]).includes(entry.type.name)) {
          this.report("CX3001", entry.type.span, { detail: `Unknown column type '${entry.type.name}'. Use one of: ${COLUMN_TYPES.join(", ")}.` });
          ok = false;
        } else {
          declaredType = entry.type.name as ColumnType;
          const fits = t.type === "unknown" || t.type === "null" || declaredType === type || (declaredType === "number" && type === "integer");
          if (!fits) {
            this.report("CX3001", entry.expr.span, { detail: `Derived column '${name}' is declared ${declaredType}, but its expression gives ${describeType(t)}.` });
            ok = false;
          } else type = declaredType;
        }
      }
      if (t.type === "null" && !declaredType) {
        this.report("CX3001", entry.expr.span, { detail: `The expression of '${name}' is always null; declare its type (${name}: number = …) or compute a value.` });
        ok = false;
      }
      return { name, type, expr: ok ? t.ir : undefined, deps: [...scope.columns], span: entry.name.span, declaredType, unit: t.unit, ok };
    });
    this.deriving.pop();
    if (this.cycleReported.has(`${info.name}.${name}`)) result.ok = false;
    info.derived.set(name, result);
    if (info.columns) info.columns.set(name, result.type);
    return result;
  }

  private readonly cycleReported = new Set<string>();

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

  /** The touchpoint named like a step or driver, if any (it links to it). */
  private touchpointNamed(id: Identifier): string | undefined {
    const sym = this.ws.symbols.get(id.name);
    if (sym?.kind !== "touchpoint") return undefined;
    this.ref(id.span, { kind: "touchpoint", name: id.name });
    this.used.add(id.name);
    return id.name;
  }

  // ---------------------------------------------------------------- metrics

  /**
   * Metrics in an order where every metric comes after the metrics it references (cycles broken
   * anywhere), found without recursion: so that checking a formula finds the units of the metrics
   * it uses already known, whatever the length of a chain of references.
   */
  private metricOrder(syms: Sym[]): Sym[] {
    const metrics = syms.filter((s) => s.kind === "metric");
    const byName = new Map(metrics.map((s) => [s.name, s]));
    const deps = new Map<string, string[]>();
    for (const s of metrics) {
      const v = s.props.get("value")?.value;
      const out: string[] = [];
      if (isExpr(v)) {
        walkMetricRefs(v, (name) => {
          if (byName.has(name) && name !== s.name) out.push(name);
        });
      }
      deps.set(s.name, out);
    }
    const order: Sym[] = [];
    const state = new Map<string, 1 | 2>();
    for (const s of metrics) {
      if (state.has(s.name)) continue;
      const stack: { name: string; i: number }[] = [{ name: s.name, i: 0 }];
      state.set(s.name, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const ds = deps.get(top.name)!;
        if (top.i < ds.length) {
          const next = ds[top.i++];
          if (!state.has(next)) {
            state.set(next, 1);
            stack.push({ name: next, i: 0 });
          }
          continue;
        }
        state.set(top.name, 2);
        order.push(byName.get(top.name)!);
        stack.pop();
      }
    }
    return order;
  }

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
      analyses: [],
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
    m.window = this.windowValue(win);
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
    const compare = this.prop(sym, "compare");
    if (compare) {
      const c = this.enumValue(compare, COMPARES, "comparison");
      if (c && !win) {
        this.report("CX3012", compare.key.span, { detail: `'compare: ${c}' compares this metric's window with ${c === "previous" ? "the window before it" : "the same window a year earlier"}, so the metric needs a 'window', e.g. window: 90 days.` });
      } else if (c) m.compare = c;
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
    if (m.analyses.length) {
      for (const p of [by, trend]) {
        if (p) this.report("CX3002", p.key.span, { detail: `A metric using ${m.analyses[0].kind === "funnel" ? "conversion()" : "retention()"} has one value for the whole ${m.analyses[0].kind}; it cannot have '${p.key.name}'.` });
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
        if (sym && (sym.kind === "funnel" || sym.kind === "cohort")) {
          this.ref(e.head.span, { kind: sym.kind, name: sym.name });
          this.report("CX3002", e.span, { detail: `'${e.head.name}' is a ${sym.kind}; use ${sym.kind === "funnel" ? `conversion(${e.head.name})` : `retention(${e.head.name}, AGE)`} to get a number from it.` });
          return UNKNOWN;
        }
        const target = this.resolveName(e.head, "metric");
        if (!target) return UNKNOWN;
        if (!m.refs.includes(target.name)) m.refs.push(target.name);
        return { type: "number", unit: this.metricUnit(target.name) };
      }
      case "Call":
        return this.checkCall(e, m);
      case "Unary": {
        const t = this.checkMetricExpr(e.operand, m);
        if (e.op === "not") return this.expectBoolean(t, e.operand, "'not'");
        return this.expectNumber(t, e.operand, "'-'");
      }
      case "Binary":
        return this.checkBinary(e.op, e.left, e.right, e.opSpan, (x) => this.checkMetricExpr(x, m));
      case "In":
      case "IsNull": {
        this.checkMetricExpr(e.operand, m);
        if (e.kind === "In") for (const it of e.items) this.checkMetricExpr(it, m);
        return { type: "boolean" };
      }
    }
    return UNKNOWN;
  }

  /** Effective unit of a metric: declared, else inferred; undefined when not checked yet (a cycle). */
  private metricUnit(name: string): Unit | undefined {
    const m = this.metrics.get(name);
    return m ? m.unit ?? m.inferredUnit : undefined;
  }

  private expectNumber(t: TypeInfo, at: Expr, what: string): TypeInfo {
    if (t.type === "number" || t.type === "unknown" || t.type === "null") return t.type === "null" ? { type: "null" } : t;
    this.report("CX3001", at.span, { detail: `${what} needs a number, but this is ${describeType(t)}.` });
    return UNKNOWN;
  }

  private expectBoolean(t: TypeInfo, at: Expr, what: string): TypeInfo {
    if (t.type === "boolean" || t.type === "unknown" || t.type === "null") return { type: "boolean" };
    this.report("CX3001", at.span, { detail: `${what} needs a condition (true or false), but this is ${describeType(t)}.` });
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
    const a = l.type, b = r.type;
    if (a !== "unknown" && b !== "unknown" && a !== "null" && b !== "null" && a !== b) {
      this.report("CX3001", right.span, { detail: `Cannot compare ${describeType(l)} with ${describeType(r)}.` });
    }
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
    return "number";
  }

  // ---------------------------------------------------------------- calls (metric context)

  private checkCall(e: Call, m: MetricInfo): TypeInfo {
    const fn = functionInfo(e.callee.name);
    if (!fn) {
      const { hint, suggestion } = didYouMean(e.callee.name, Object.keys(FUNCTIONS));
      this.report("CX2004", e.callee.span, { name: e.callee.name, hint }, { data: { suggestion } });
      // The arguments' meaning depends on the function, so they are not checked further.
      return UNKNOWN;
    }
    this.ref(e.callee.span, { kind: "function", name: fn.name });
    if (fn.aggregate) return this.checkAggregate(e, fn, m);
    if (fn.context === "row") {
      this.report("CX3002", e.callee.span, { detail: `'${fn.name}(…)' works on rows: use it inside an aggregate, e.g. avg(${fn.name === "if" ? "if(source.col > 3, 1, 0)" : `${fn.name}(source.col)`}), in a 'where', or in a source's 'derive'. A metric combines values of aggregates and other metrics.` });
      return UNKNOWN;
    }
    if (fn.context === "metric") return this.checkAnalysisCall(e, fn, m);
    // scalar function
    const positional = e.args.filter((a) => !a.name);
    for (const a of e.args) {
      if (a.name) this.report("CX3008", a.name.span, { detail: `'${fn.name}' has no option '${a.name.name}'.` });
      if (a.where) this.report("CX3002", a.whereSpan ?? a.where.span, { detail: `'where' filters rows and only works inside an aggregate such as count(…) or avg(…), not in '${fn.name}'.` });
    }
    if (positional.length < fn.minArgs || positional.length > fn.maxArgs) {
      this.report("CX3008", e.callee.span, { detail: `'${fn.name}' takes ${arity(fn)}, but ${positional.length} ${positional.length === 1 ? "was" : "were"} given. Usage: ${fn.signature}.` });
    }
    const types = positional.map((a) => this.checkMetricExpr(a.value, m));
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

  /** `conversion(FUNNEL[, STEP])`, `retention(COHORT, AGE)` (language-v2 §12, §13). */
  private checkAnalysisCall(e: Call, fn: FunctionInfo, m: MetricInfo): TypeInfo {
    const result: TypeInfo = { type: "number", unit: "percent" };
    const positional = e.args.filter((a) => !a.name);
    for (const a of e.args) {
      if (a.name) this.report("CX3008", a.name.span, { detail: `'${fn.name}' has no option '${a.name.name}'.` });
      if (a.where) this.report("CX3002", a.whereSpan ?? a.where.span, { detail: `'where' does not apply to '${fn.name}': put conditions in the ${fn.name === "conversion" ? "funnel's steps" : "cohort's source"}.` });
    }
    if (positional.length < fn.minArgs || positional.length > fn.maxArgs) {
      this.report("CX3008", e.callee.span, { detail: `'${fn.name}' takes ${arity(fn)}, but ${positional.length} ${positional.length === 1 ? "was" : "were"} given. Usage: ${fn.signature}.` });
      return result;
    }
    const kind = fn.name === "conversion" ? "funnel" : "cohort";
    const first = positional[0].value;
    if (first.kind !== "Ref" || first.member) {
      this.report("CX3008", first.span, { detail: `The first argument of '${fn.name}' is the name of a ${kind}: ${fn.signature}.` });
      return result;
    }
    const target = this.resolveName(first.head, kind);
    if (!target) return result;
    const use: AnalysisUse = { call: e, kind, name: target.name };
    if (kind === "funnel") {
      const stepArg = positional[1]?.value;
      if (stepArg) {
        const f = this.funnels.get(target.name);
        if (stepArg.kind !== "Ref" || stepArg.member) {
          this.report("CX3008", stepArg.span, { detail: `The second argument of 'conversion' is a step of funnel '${target.name}'${f?.steps.length ? `: one of ${f.steps.map((s) => s.name).join(", ")}` : ""}.` });
          return result;
        }
        const step = f?.steps.find((s) => s.name === stepArg.head.name);
        if (f && !step) {
          const { hint } = didYouMean(stepArg.head.name, f.steps.map((s) => s.name));
          this.report("CX2001", stepArg.head.span, { what: `step of funnel '${target.name}'`, name: stepArg.head.name, hint: hint || ` Its steps: ${f.steps.map((s) => s.name).join(", ")}.` });
          return result;
        }
        if (step) this.ref(stepArg.head.span, { kind: "step", funnel: target.name, name: step.name });
        use.step = stepArg.head.name;
      }
    } else {
      const ageArg = positional[1].value;
      const c = this.cohorts.get(target.name);
      const max = c?.periods;
      if (ageArg.kind !== "Number" || !Number.isInteger(ageArg.value) || ageArg.value < 0 || (max !== undefined && ageArg.value > max)) {
        this.report("CX3008", ageArg.span, { detail: `The age of 'retention' is a whole number of periods from 0 to ${max ?? "the cohort's periods"}, e.g. retention(${target.name}, 3).` });
        return result;
      }
      use.age = ageArg.value;
    }
    m.analyses.push(use);
    return result;
  }

  private checkAggregate(e: Call, fn: FunctionInfo, m: MetricInfo): TypeInfo {
    const positional = e.args.filter((a) => !a.name);
    const named = e.args.filter((a) => a.name);
    const first = positional[0];
    const fnUnit = (): Unit => (fn.unit === "column" || fn.unit === "arg" ? "number" : fn.unit);
    const use: AggregateUse = { call: e, fn: fn.name, source: "", columns: new Set(), ok: true };
    const errorsBefore = this.curErrors;
    for (const a of positional.slice(1)) {
      if (a.where) this.report("CX3002", a.whereSpan ?? a.where.span, { detail: `'where' belongs to the first argument of '${fn.name}'.` });
    }
    if (!first) {
      this.report("CX3008", e.callee.span, { detail: `'${fn.name}' needs ${fn.rows === "rows" ? "a source" : "a column"}: ${fn.signature}.` });
      return { type: "number", unit: fnUnit() };
    }
    if (positional.length > fn.maxArgs || positional.length < fn.minArgs) {
      this.report("CX3008", e.callee.span, { detail: `'${fn.name}' takes ${arity(fn)}, but ${positional.length} ${positional.length === 1 ? "was" : "were"} given. Usage: ${fn.signature}.` });
    }
    // Named options (a Map of the function's options: never a lookup in a plain object by user text).
    const options = new Map(Object.entries(fn.options ?? {}));
    for (const a of named) {
      const opt = a.name!.name;
      const allowed = options.get(opt);
      if (!allowed) {
        this.report("CX3008", a.name!.span, { detail: `'${fn.name}' has no option '${opt}'.${options.size ? ` Options: ${[...options.keys()].join(", ")}.` : ""}` });
        continue;
      }
      const v = a.value;
      if (v.kind === "Number" && allowed.includes(v.value)) use.scale = v.value;
      else this.report("CX3008", v.span, { detail: `'${opt}' of '${fn.name}' must be one of ${allowed.join(", ")}.` });
      if (a.where) this.report("CX3002", a.whereSpan ?? a.where.span, { detail: "'where' belongs to the first argument." });
    }
    const arg = unparen(first.value);
    let source: SourceInfo | undefined;
    let argType: RowType | undefined;
    if (arg.kind === "Call" && functionInfo(arg.callee.name)?.aggregate) {
      this.report("CX3002", arg.callee.span, { detail: `Aggregates cannot be nested: '${arg.callee.name}(…)' is inside '${fn.name}(…)'. Compute it in a separate metric and combine the metrics.` });
      return { type: "number", unit: fnUnit() };
    }
    if (arg.kind === "Ref") {
      // `src` (rows) or `src.col`.
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
          const col = this.columnType(arg.member, source);
          if (col !== undefined) {
            use.column = arg.member.name;
            use.columns.add(arg.member.name);
            const t = col.type === "integer" ? "number" : col.type;
            argType = { type: t, integer: col.type === "integer", unit: col.unit, ir: { k: "col", t, name: arg.member.name } };
          }
        }
      } else if (fn.rows === "column") {
        this.report("CX3008", arg.span, { detail: `'${fn.name}' needs a column: ${fn.name}(${arg.head.name}.<column>).` });
      }
    } else {
      // A row expression over one source (language-v2 §10.1).
      if (fn.rows === "rows") {
        this.report("CX3008", arg.span, { detail: `'${fn.name}' counts rows: write ${fn.name}(source where condition).` });
        return { type: "number", unit: fnUnit() };
      }
      const heads = qualifiedSources(arg, (name) => this.ws.symbols.get(name)?.kind === "source");
      if (heads.length === 0) {
        this.report("CX3002", arg.span, { detail: `An aggregate reads one source: write its columns as source.column, e.g. ${fn.name}(orders.amount * orders.quantity).` });
        this.checkDetached(arg);
        return { type: "number", unit: fnUnit() };
      }
      const src = heads[0];
      if (heads.some((h) => h.name !== src.name)) {
        const other = heads.find((h) => h.name !== src.name)!;
        this.report("CX3002", other.span, { detail: `An aggregate reads one source, but this expression uses '${src.name}' and '${other.name}'. Aggregate each source separately and combine the metrics.` });
      }
      if (this.resolveName(src, "source")) {
        source = this.sources.get(src.name);
        use.source = src.name;
      }
      const scope: RowScope = { source: source ?? null, qualified: true, columns: use.columns, context: "an aggregate" };
      argType = this.rows.check(arg, scope);
      if (argType.type === "unknown") argType = undefined;
    }
    if (argType && fn.accepts) {
      const t = argType.type;
      const ok = t === "null" || t === "unknown" || (t === "number" ? fn.accepts.includes("number") || fn.accepts.includes("integer") : fn.accepts.includes(t));
      if (!ok) {
        const what = fn.accepts.includes("date") ? "numeric or date" : "numeric";
        const detail = arg.kind === "Ref" && arg.member
          ? `'${fn.name}' needs a ${what} column, but '${arg.head.name}.${arg.member.name}' is ${t}.`
          : `'${fn.name}' needs ${fn.accepts.includes("date") ? "numbers or dates" : "numbers"}, but this is ${describeType(argType)}.`;
        this.report("CX3001", first.value.span, { detail });
        argType = undefined;
      }
    }
    if (first.where) {
      const scope: RowScope = { source: source ?? null, qualified: false, columns: use.columns, context: "an aggregate" };
      const wt = this.rows.check(first.where, scope);
      const w = this.rows.expectBoolean(wt, first.where, "'where'");
      use.where = w.ir;
      if (!w.ir) use.ok = false;
    }
    if (fn.name === "percentile") {
      const p = positional[1]?.value;
      if (p) {
        if (p.kind === "Number" && p.value >= 0 && p.value <= 100) use.p = p.value;
        else this.report("CX3008", p.span, { detail: "The percentile must be a number from 0 to 100, e.g. percentile(tickets.minutes, 90)." });
      }
    }
    const rowsArg = arg.kind === "Ref" && !arg.member;
    if (rowsArg) use.arg = undefined;
    else if (argType?.ir) {
      use.arg = argType.ir;
      use.argType = argType.type === "null" || argType.type === "unknown" ? "number" : argType.type;
    } else use.ok = false;
    if (this.curErrors > errorsBefore) use.ok = false;
    if (source && use.source) m.aggregates.push(use);
    let unit: Unit = fnUnit();
    if ((fn.unit === "number" || fn.unit === "column") && argType?.unit && TIME_UNITS.has(argType.unit) && fn.name !== "count" && fn.name !== "count_distinct") unit = argType.unit;
    const type: VType = (fn.name === "min" || fn.name === "max") && (argType?.type === "date" || argType?.type === "datetime") ? argType.type : "number";
    return { type, unit };
  }

  /** Names in an expression with no source (reported above): still record references for the editor. */
  private checkDetached(e: Expr): void {
    walkExpr(e, (x) => {
      if (x.kind === "Ref" && !x.member) {
        const sym = this.ws.symbols.get(x.head.name);
        if (sym) this.ref(x.head.span, { kind: sym.kind, name: sym.name } as RefTarget);
      }
    });
  }

  // ---------------------------------------------------------------- metric graph

  private checkMetricGraph(): void {
    const inCycle = new Set<string>();
    // Cycles (CX3004 on every metric in a cycle): Tarjan's SCC, iterative.
    for (const comp of stronglyConnected([...this.metrics.keys()], (v) => (this.metrics.get(v)?.refs ?? []).filter((w) => this.metrics.has(w)))) {
      const v = comp[0];
      const self = comp.length === 1 && this.metrics.get(v)!.refs.includes(v);
      if (comp.length === 1 && !self) continue;
      const shown = comp.length > 12 ? [...comp.slice(0, 10), `… (${comp.length} metrics)`] : comp;
      const cycle = [...shown, comp[0]].join(" → ");
      for (const name of comp) {
        inCycle.add(name);
        const m = this.metrics.get(name)!;
        this.cur = m.sym;
        const related = comp
          .filter((n) => n !== name)
          .slice(0, 10)
          .map((n) => {
            const o = this.metrics.get(n)!.sym;
            return { file: o.file.path, range: o.file.parse.lines.rangeOf(o.decl.name!.span), message: `'${n}' is part of the cycle` };
          });
        this.report("CX3004", m.sym.decl.name!.span, { what: "Metric", name, cycle }, { related });
        m.ownOk = false;
      }
    }

    // Soundness and the depth of reference chains, in dependency order (no recursion).
    const order = this.metricTopoOrder();
    const depth = new Map<string, number>();
    for (const name of order) {
      const m = this.metrics.get(name)!;
      let ok = m.ownOk && m.value !== undefined && !inCycle.has(name);
      if (!m.ownOk) m.brokenReason = "its definition has errors";
      for (const a of m.aggregates) {
        const s = this.sources.get(a.source);
        if (!s || !s.readable) {
          ok = false;
          m.brokenReason ??= `source '${a.source}' cannot be read`;
        } else if (!a.ok) {
          ok = false;
          m.brokenReason ??= "its formula has errors";
        }
      }
      for (const u of m.analyses) {
        const target = u.kind === "funnel" ? this.funnels.get(u.name) : this.cohorts.get(u.name);
        if (!target?.ok) {
          ok = false;
          m.brokenReason ??= `${u.kind} '${u.name}' cannot be evaluated`;
        }
      }
      let d = 0;
      for (const r of m.refs) {
        const rm = this.metrics.get(r);
        if (!rm?.sound) {
          ok = false;
          m.brokenReason ??= `metric '${r}' has no value`;
        }
        d = Math.max(d, (depth.get(r) ?? 0) + 1);
      }
      depth.set(name, d);
      if (d > MAX_REFERENCE_DEPTH && ok && m.sym.decl.name) {
        this.cur = m.sym;
        this.report("CX3013", m.sym.decl.name.span, { detail: `Metric '${name}' sits at the end of a chain of ${d} metric references; chains longer than ${MAX_REFERENCE_DEPTH} are not evaluated. Shorten the chain (reference metrics nearer the data).` });
        m.ownOk = false;
        ok = false;
        m.brokenReason = "its chain of references is too long";
      }
      m.sound = ok;
    }

    // by / window / trend need every source used (transitively) to have the columns / timestamp.
    for (const name of order) {
      const m = this.metrics.get(name)!;
      if (!m.ownOk || inCycle.has(m.name)) continue;
      this.cur = m.sym;
      const before = this.diagnostics.length;
      const win = this.prop(m.sym, "window");
      const trend = this.prop(m.sym, "trend");
      const windowed = this.windowedSources(m);
      for (const sname of this.sourcesOf(m.name)) {
        const s = this.sources.get(sname);
        if (!s) continue;
        const hasTs = s.timestamp !== undefined;
        if (m.window && win && windowed.own.has(sname) && !hasTs) this.report("CX3005", win.key.span, { what: "'window'", source: sname });
        if (m.trend && trend && !hasTs) this.report("CX3005", trend.key.span, { what: "'trend'", source: sname });
        if (m.by.length && s.columns) {
          const by = this.prop(m.sym, "by")!;
          const items = by.value?.kind === "List" ? by.value.items : by.value ? [by.value] : [];
          for (const it of items) {
            if (it.kind !== "Ref" || it.member) continue;
            const known = s.columns.has(it.head.name) || this.deriveEntries.get(sname)?.has(it.head.name);
            if (!known) {
              const { hint, suggestion } = didYouMean(it.head.name, s.columns.keys());
              this.report("CX2003", it.head.span, { name: it.head.name, source: sname, hint: hint || ` Every source used by '${m.name}' needs the 'by' column.` }, { data: { source: sname, suggestion } });
            } else if (this.deriveEntries.get(sname)?.has(it.head.name)) {
              const d = this.derivedColumn(s, it.head.name);
              this.ref(it.head.span, { kind: "derived", source: sname, name: it.head.name });
              if (!d?.ok) {
                m.sound = false;
                m.brokenReason ??= `derived column '${it.head.name}' has errors`;
              }
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
    // Propagate unsoundness introduced above to referencing metrics (dependency order: one pass).
    for (const name of order) {
      const m = this.metrics.get(name)!;
      if (m.sound && m.refs.some((r) => !this.metrics.get(r)?.sound)) {
        m.sound = false;
        m.brokenReason ??= "a metric it uses has no value";
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

  /** Metrics with every referenced metric before its referrers (cycles in any order), without recursion. */
  private metricTopoOrder(): string[] {
    const order: string[] = [];
    const state = new Map<string, 1 | 2>();
    for (const start of this.metrics.keys()) {
      if (state.has(start)) continue;
      const stack: { name: string; i: number }[] = [{ name: start, i: 0 }];
      state.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const refs = this.metrics.get(top.name)?.refs ?? [];
        if (top.i < refs.length) {
          const next = refs[top.i++];
          if (this.metrics.has(next) && !state.has(next)) {
            state.set(next, 1);
            stack.push({ name: next, i: 0 });
          }
          continue;
        }
        state.set(top.name, 2);
        order.push(top.name);
        stack.pop();
      }
    }
    return order;
  }

  /**
   * Sources whose rows a metric's window applies to (§4.4): those of its own aggregates and of
   * referenced metrics without a window of their own (transitively).
   */
  private windowedSources(m: MetricInfo): { own: Set<string> } {
    const own = new Set<string>();
    for (const x of metricClosure(this.metrics, m, (rm) => !rm.window)) for (const a of x.aggregates) own.add(a.source);
    return { own };
  }

  /** Sources read by a metric's formula, including through metric references. */
  sourcesOf(name: string): Set<string> {
    const m = this.metrics.get(name);
    return m ? metricSources(this.metrics, m) : new Set();
  }

  // ---------------------------------------------------------------- goals

  private checkGoal(sym: Sym): void {
    this.cur = sym;
    this.curErrors = 0;
    for (const p of sym.props.values()) this.noTag(p);
    const g: GoalInfo = { sym, name: sym.name, label: this.labelOf(sym), severity: "error", scope: "overall", ok: true };
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
    const scope = this.prop(sym, "scope");
    if (scope) {
      const s = this.enumValue(scope, SCOPES, "scope");
      if (s === "groups") {
        const m = g.metric ? this.metrics.get(g.metric) : undefined;
        if (m && m.by.length === 0) {
          this.report("CX3011", scope.key.span, { detail: `'scope: groups' checks the target on every group of '${m.name}', but '${m.name}' has no 'by'. Add 'by: <column>' to the metric, or use scope: overall.` });
        } else g.scope = "groups";
      }
    }
    const target = this.prop(sym, "target");
    const warn = this.prop(sym, "warn");
    g.target = target ? this.threshold(target) : undefined;
    g.warn = warn ? this.threshold(warn) : undefined;
    const unit = g.metric ? this.metricUnit(g.metric) : undefined;
    if (unit === "percent") {
      for (const [p, t] of [[target, g.target], [warn, g.warn]] as const) {
        if (p?.value && t && !t.percent && Math.abs(t.value) > 1) {
          const v = p.value.kind === "Threshold" ? p.value.value : p.value;
          this.report("CX3006", v.span, { metric: g.metric!, value: String(t.value) }, { data: { percent: `${t.value}%` } });
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
          // A touchpoint that is a funnel step or a driver still has something to show (§12, §14).
          if (!this.isStepOrDriver(t.name)) this.report("CX3010", it.head.span, { name: t.name, journey: sym.name });
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

  private isStepOrDriver(touchpoint: string): boolean {
    for (const f of this.funnels.values()) if (f.steps.some((s) => s.touchpoint === touchpoint)) return true;
    for (const d of this.drivers.values()) if (d.drivers.some((x) => x.touchpoint === touchpoint)) return true;
    return false;
  }

  // ---------------------------------------------------------------- funnels, cohorts, drivers

  /** The `source:` of a funnel, cohort or drivers declaration. */
  private analysisSource(sym: Sym): SourceInfo | undefined {
    const p = this.prop(sym, "source");
    if (!p) return undefined;
    const id = this.identValue(p, "a source name");
    if (!id || !this.resolveName(id, "source")) return undefined;
    return this.sources.get(id.name);
  }

  private needsTimestamp(sym: Sym, source: SourceInfo | undefined, property: string, at?: Span): void {
    if (!source || source.timestamp !== undefined) return;
    const p = this.prop(sym, property);
    this.report("CX3005", at ?? p?.key.span ?? sym.decl.name!.span, { what: `'${property}'`, source: source.name });
  }

  private checkFunnel(sym: Sym): void {
    this.cur = sym;
    this.curErrors = 0;
    for (const p of sym.props.values()) this.noTag(p);
    this.optionalString(sym, "label");
    this.optionalString(sym, "description");
    const f: FunnelInfo = { sym, name: sym.name, label: this.labelOf(sym), steps: [], ok: false };
    this.funnels.set(sym.name, f);
    const source = this.analysisSource(sym);
    f.source = source?.name;
    if (source && source.timestamp === undefined) {
      const p = this.prop(sym, "source")!;
      this.report("CX3005", p.value!.span, { what: "A funnel", source: source.name });
    }
    f.customer = this.columnProp(this.prop(sym, "customer"), source, "the customer")?.name;
    const steps = this.prop(sym, "steps");
    if (steps?.value?.kind === "Block") {
      const seen = new Set<string>();
      for (const sp of steps.value.properties) {
        const name = sp.key.name;
        if (seen.has(name)) {
          this.report("CX2002", sp.key.span, { detail: `Step '${name}' is listed twice in funnel '${sym.name}'.` });
          continue;
        }
        seen.add(name);
        const step: FunnelStepInfo = { name, label: name, span: sp.key.span };
        step.touchpoint = this.touchpointNamed(sp.key);
        if (step.touchpoint) step.label = this.touchpoints.get(step.touchpoint)?.label ?? name;
        this.ref(sp.key.span, { kind: "step", funnel: sym.name, name });
        if (!isExpr(sp.value)) {
          this.report("CX3001", (sp.value ?? sp.key).span, { detail: `Step '${name}' needs a condition on the rows of its source, e.g. ${name}: event == "${name}".` });
        } else {
          const t = this.rows.check(sp.value, { source: source ?? null, qualified: false, columns: new Set(), context: "a funnel step" });
          step.condition = this.rows.expectBoolean(t, sp.value, `Step '${name}'`).ir;
        }
        f.steps.push(step);
      }
      if (f.steps.length < 2) this.report("CX2006", (f.steps.length ? steps.key : sym.decl.name!).span, { what: "Funnel", name: sym.name, property: "steps (two or more)" });
    } else if (steps?.value) {
      this.report("CX1001", steps.value.span, { detail: "'steps' takes a block: steps { first: condition  second: condition … }." });
    }
    const within = this.prop(sym, "within");
    if (within?.value) {
      if (within.value.kind !== "Duration" || !(within.value.amount > 0)) this.report("CX3001", within.value.span, { detail: "'within' must be a positive duration, e.g. 7 days, 12 hours or 30 minutes." });
      else f.within = within.value;
    }
    f.window = this.windowValue(this.prop(sym, "window"));
    f.ok = this.curErrors === 0 && !!source?.readable && f.steps.every((s) => s.condition !== undefined) && f.customer !== undefined && f.steps.length >= 2;
  }

  private checkCohort(sym: Sym): void {
    this.cur = sym;
    this.curErrors = 0;
    for (const p of sym.props.values()) this.noTag(p);
    this.optionalString(sym, "label");
    this.optionalString(sym, "description");
    const c: CohortInfo = { sym, name: sym.name, label: this.labelOf(sym), mode: "activity", ok: false };
    this.cohorts.set(sym.name, c);
    const source = this.analysisSource(sym);
    c.source = source?.name;
    c.customer = this.columnProp(this.prop(sym, "customer"), source, "the customer")?.name;
    const startP = this.prop(sym, "start");
    const endP = this.prop(sym, "end");
    const dateCol = (p: Property | undefined, what: string) => {
      const col = this.columnProp(p, source, what);
      if (col?.type && col.type !== "date" && col.type !== "datetime") {
        this.report("CX3001", p!.value!.span, { detail: `'${p!.key.name}' must be a date or datetime column, but '${col.name}' is ${col.type}.` });
        return undefined;
      }
      return col?.name;
    };
    if (startP || endP) {
      c.mode = "subscription";
      c.start = dateCol(startP, "the start date");
      c.end = dateCol(endP, "the end date");
      if (!startP) this.report("CX2006", sym.decl.name!.span, { what: "Cohort", name: sym.name, property: "start" });
      if (!endP) this.report("CX2006", sym.decl.name!.span, { what: "Cohort", name: sym.name, property: "end" });
    } else if (source && source.timestamp === undefined) {
      const p = this.prop(sym, "source")!;
      this.report("CX3005", p.value!.span, { what: "A cohort without 'start' and 'end' (activity mode)", source: source.name });
    }
    const period = this.prop(sym, "period");
    if (period) c.period = this.enumValue(period, COHORT_PERIODS, "cohort period");
    const periods = this.prop(sym, "periods");
    if (periods) {
      const n = this.numberValue(periods);
      if (n !== undefined) {
        if (!Number.isInteger(n) || n < 0 || n > 520) this.report("CX3001", periods.value!.span, { detail: "'periods' must be a whole number from 0 to 520 (the oldest age shown)." });
        else c.periods = n;
      }
    }
    c.window = this.windowValue(this.prop(sym, "window"));
    if (c.window) this.needsTimestamp(sym, c.mode === "activity" ? source : undefined, "window");
    c.ok = this.curErrors === 0 && !!source?.readable && c.customer !== undefined && c.period !== undefined && c.periods !== undefined &&
      (c.mode === "activity" || (c.start !== undefined && c.end !== undefined));
  }

  private checkDrivers(sym: Sym): void {
    this.cur = sym;
    this.curErrors = 0;
    for (const p of sym.props.values()) this.noTag(p);
    this.optionalString(sym, "label");
    this.optionalString(sym, "description");
    const d: DriversInfo = { sym, name: sym.name, label: this.labelOf(sym), drivers: [], ok: false };
    this.drivers.set(sym.name, d);
    const source = this.analysisSource(sym);
    d.source = source?.name;
    const numeric = (p: Property | undefined, id: Identifier | undefined, what: string): string | undefined => {
      if (!id) return undefined;
      if (!source) return id.name;
      const t = this.columnType(id, source);
      if (!t) return undefined;
      if (t.type !== "integer" && t.type !== "number") {
        this.report("CX3001", id.span, { detail: `${what} must be a numeric column, but '${id.name}' is ${t.type}.` });
        return undefined;
      }
      void p;
      return id.name;
    };
    const outcome = this.prop(sym, "outcome");
    if (outcome) d.outcome = numeric(outcome, this.identValue(outcome, "a numeric column"), "The outcome");
    const drivers = this.prop(sym, "drivers");
    if (drivers?.value?.kind === "Block") {
      const seen = new Set<string>();
      for (const dp of drivers.value.properties) {
        const name = dp.key.name;
        if (seen.has(name)) {
          this.report("CX2002", dp.key.span, { detail: `Driver '${name}' is listed twice.` });
          continue;
        }
        seen.add(name);
        const col = numeric(dp, this.identValue(dp, "a numeric column, e.g. delivery: delivery_sat"), `Driver '${name}'`);
        const touchpoint = this.touchpointNamed(dp.key);
        const info: DriverInfo = { name, column: col ?? "", touchpoint, label: touchpoint ? this.touchpoints.get(touchpoint)?.label ?? name : name, span: dp.key.span };
        if (col) d.drivers.push(info);
        else d.drivers.push({ ...info, column: "" });
      }
      if (d.drivers.length < 2) this.report("CX2006", (d.drivers.length ? drivers.key : sym.decl.name!).span, { what: "Drivers analysis", name: sym.name, property: "drivers (two or more)" });
    } else if (drivers?.value) {
      this.report("CX1001", drivers.value.span, { detail: "'drivers' takes a block: drivers { touchpoint: column … }." });
    }
    const where = this.prop(sym, "where");
    if (where?.value) {
      if (!isExpr(where.value)) this.report("CX3001", where.value.span, { detail: "'where' takes a condition on the rows, e.g. where: region == \"EU\"." });
      else {
        const t = this.rows.check(where.value, { source: source ?? null, qualified: false, columns: new Set(), context: "a row condition" });
        d.where = this.rows.expectBoolean(t, where.value, "'where'").ir;
        if (!d.where) this.curErrors++;
      }
    }
    d.window = this.windowValue(this.prop(sym, "window"));
    if (d.window) this.needsTimestamp(sym, source, "window");
    d.ok = this.curErrors === 0 && !!source?.readable && d.outcome !== undefined && d.drivers.length >= 2 && d.drivers.every((x) => x.column !== "");
  }

  // ---------------------------------------------------------------- unused

  private reportUnused(syms: Sym[]): void {
    for (const m of this.metrics.values()) {
      if (m.touchpoint) this.used.add(m.name);
    }
    for (const g of this.goals.values()) if (g.metric) this.used.add(g.metric);
    for (const s of syms) {
      if (s.kind !== "metric" && s.kind !== "source" && s.kind !== "touchpoint") continue;
      if (this.used.has(s.name)) continue;
      if (s.kind === "metric" && this.metrics.get(s.name)?.touchpoint) continue;
      this.cur = s;
      const what = s.kind === "metric" ? "Metric" : s.kind === "source" ? "Source" : "Touchpoint";
      const detail =
        s.kind === "metric"
          ? "is not used by any goal, journey or other metric and has no touchpoint: it only appears on the scorecard"
          : s.kind === "source"
            ? "is declared but never read by a metric, funnel, cohort or drivers analysis"
            : "is declared but never used by a metric, journey, funnel step or driver";
      const d = diag("CX3009", s.file.path, this.range(s.decl.name!.span, s), { what, name: s.name, detail });
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

function unparen(e: Expr): Expr {
  while (e.kind === "Paren") e = e.expr;
  return e;
}

function arity(fn: FunctionInfo): string {
  if (fn.maxArgs === Infinity) return `at least ${fn.minArgs} argument${fn.minArgs === 1 ? "" : "s"}`;
  if (fn.minArgs === fn.maxArgs) return `${fn.minArgs} argument${fn.minArgs === 1 ? "" : "s"}`;
  return `${fn.minArgs} to ${fn.maxArgs} arguments`;
}

/** Unicode default case folding, as the readers compare map labels (language-v2 §9.1). */
export function foldCase(s: string): string {
  return s.toUpperCase().toLowerCase();
}

/** The source heads of `src.col` references in an aggregate's argument (not inside nested calls' `where`). */
function qualifiedSources(e: Expr, isSource: (name: string) => boolean): Identifier[] {
  const out: Identifier[] = [];
  walkExpr(e, (x) => {
    if (x.kind === "Ref" && x.member && isSource(x.head.name)) out.push(x.head);
  });
  return out;
}

/** Bare identifiers of a metric formula outside aggregates (candidate metric references). */
function walkMetricRefs(e: Expr, f: (name: string) => void): void {
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.kind) {
      case "Ref":
        if (!x.member) f(x.head.name);
        break;
      case "Call": {
        const fn = functionInfo(x.callee.name);
        if (fn?.aggregate || fn?.context === "metric") break;
        for (const a of x.args) stack.push(a.value);
        break;
      }
      case "Unary":
      case "IsNull":
        stack.push(x.operand);
        break;
      case "In":
        stack.push(x.operand, ...x.items);
        break;
      case "Binary":
        stack.push(x.left, x.right);
        break;
      case "Paren":
        stack.push(x.expr);
        break;
      default:
        break;
    }
  }
}

/** Tarjan's strongly connected components, iterative (no recursion however long the chains). */
export function stronglyConnected(nodes: string[], edges: (v: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { v: string; es: string[]; i: number }[] = [];
    const open = (v: string) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      work.push({ v, es: edges(v), i: 0 });
    };
    open(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.es.length) {
        const w = top.es[top.i++];
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        comp.reverse();
        out.push(comp);
      }
    }
  }
  return out;
}

export { walkExpr };
export type { PropertyValue, Ref, Argument };
