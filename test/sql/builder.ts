// Hand-made source plans for the SQL engine tests (until the planner makes them from .cx files).
import type { ColumnType } from "../../server/src/core/data/table";
import type { RowExpr, ValueType, Literal } from "../../server/src/core/plan/ir";
import type { Breakdown, ColumnSpec, Measure, SourceAccess, SourcePlan } from "../../server/src/core/plan/plan";

export const col = (name: string, t: ValueType): RowExpr => ({ k: "col", name, t });
export const lit = (t: ValueType | "null", v: Literal): RowExpr => ({ k: "lit", t, v });
export const num = (v: number): RowExpr => lit("number", v);
export const txt = (v: string): RowExpr => lit("text", v);
export const cmp = (op: "==" | "!=" | "<" | "<=" | ">" | ">=", l: RowExpr, r: RowExpr): RowExpr => ({ k: "cmp", op, l, r });
export const and = (l: RowExpr, r: RowExpr): RowExpr => ({ k: "and", l, r });
export const or = (l: RowExpr, r: RowExpr): RowExpr => ({ k: "or", l, r });
export const not = (e: RowExpr): RowExpr => ({ k: "not", e });
export const arith = (op: "+" | "-" | "*" | "/", l: RowExpr, r: RowExpr, div?: number): RowExpr => ({ k: "arith", op, l, r, div });
export const fn = (name: Extract<RowExpr, { k: "fn" }>["fn"], t: ValueType | "null", ...args: RowExpr[]): RowExpr => ({ k: "fn", fn: name, t, args });
export const isnull = (e: RowExpr, negated = false): RowExpr => ({ k: "isnull", e, negated });
export const inList = (e: RowExpr, items: Literal[], negated = false): RowExpr => ({ k: "in", e, items, negated });

export interface PlanSpec {
  source?: string;
  access: SourceAccess;
  columns: Record<string, ColumnType | { type: ColumnType; header?: string; map?: ColumnSpec["map"] }>;
  derived?: { name: string; type: ValueType; expr: RowExpr }[];
  timestamp?: { name: string; type: "date" | "datetime" };
  measures?: Measure[];
  funnels?: SourcePlan["funnels"];
  cohorts?: SourcePlan["cohorts"];
  drivers?: SourcePlan["drivers"];
  scaleChecks?: SourcePlan["scaleChecks"];
  divisions?: SourcePlan["divisions"];
}

export function plan(s: PlanSpec): SourcePlan {
  const schema = new Map<string, ColumnSpec>();
  const columns = new Map<string, ColumnType>();
  for (const [name, c] of Object.entries(s.columns)) {
    const spec = typeof c === "string" ? { type: c } : c;
    schema.set(name, { type: spec.type, header: spec.header ?? name, map: spec.map });
    columns.set(name, spec.type);
  }
  return {
    source: s.source ?? "src",
    access: s.access,
    schema,
    columns,
    derived: s.derived ?? [],
    timestamp: s.timestamp,
    measures: s.measures ?? [],
    funnels: s.funnels ?? [],
    cohorts: s.cohorts ?? [],
    drivers: s.drivers ?? [],
    scaleChecks: s.scaleChecks ?? [],
    divisions: s.divisions ?? [],
  };
}

let seq = 0;
export function measure(kind: Measure["kind"], o: Partial<Omit<Measure, "kind">> = {}): Measure {
  const breakdown: Breakdown = o.breakdown ?? { by: [] };
  return { key: o.key ?? `${kind}#${seq++}`, kind, breakdown, ...o } as Measure;
}

export const csv = (files: string[], delimiter = ","): SourceAccess => ({ kind: "files", files, format: "csv", delimiter, encoding: "utf-8" });
export const jsonl = (files: string[]): SourceAccess => ({ kind: "files", files, format: "jsonl", delimiter: ",", encoding: "utf-8" });
export const json = (files: string[]): SourceAccess => ({ kind: "files", files, format: "json", delimiter: ",", encoding: "utf-8" });
