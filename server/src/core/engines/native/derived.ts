// Derived columns (language-v2 §9.2): each is computed once per table into a real Column — a
// Float64Array (numbers, dates, datetimes, booleans; NaN = null) or dictionary codes (text) — so
// that it works everywhere a column read from the data does: aggregates, `where`, `by`,
// `timestamp`, funnels, cohorts and drivers, with the same fast paths.
//
// Columns are kept per table (its rowLines array, shared by every table the DataCache assembles
// from one reading) and keyed by the expression, the identities of the columns it reads and the
// zone, so an edit elsewhere in the workspace does not recompute them, and a re-read of an input
// column does. Only the columns the last evaluation of the table used are kept.
import type { Column, Table } from "../../data/table";
import { columnsOf, exprKey, type RowExpr, type ValueType } from "../../plan/ir";
import type { Zone } from "../../time/zone";
import { BLOCK, canonicalText, VectorCompiler } from "./vector";

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A number that identifies a column's data (its values or codes array). */
export function columnId(col: Column | undefined): number {
  if (!col) return 0;
  const arr = col.type === "text" ? col.codes : col.values;
  let id = ids.get(arr);
  if (id === undefined) ids.set(arr, (id = nextId++));
  return id;
}

/**
 * A key for an expression evaluated on a table: its canonical text, the identity of every column
 * it reads and the zone. Equal keys give equal values on every row.
 */
export function instanceKey(e: RowExpr | undefined, t: Table, zone: Zone): string {
  if (!e) return "";
  const cols = [...columnsOf(e)].sort().map((c) => `${JSON.stringify(c)}#${columnId(t.columns.get(c))}`);
  return `${exprKey(e)}|${cols.join(",")}|${zone.name}`;
}

const materialized = new WeakMap<Int32Array, Map<string, Column>>();

/** The table with canonical text columns (canonicalText) and the derived columns added, in order. */
export async function withDerived(table: Table, derived: { name: string; type: ValueType; expr: RowExpr }[], zone: Zone, signal?: AbortSignal): Promise<Table> {
  const columns = new Map<string, Column>();
  for (const [name, col] of table.columns) columns.set(name, col.type === "text" ? canonicalText(col) : col);
  const t: Table = { ...table, columns };
  const cache = materialized.get(table.rowLines);
  const used = new Map<string, Column>();
  for (const d of derived) {
    const key = `${JSON.stringify(d.name)}:${d.type}=${instanceKey(d.expr, t, zone)}`;
    let col = cache?.get(key);
    if (!col) col = await materialize(t, d.name, d.type, d.expr, zone, signal);
    used.set(key, col);
    columns.set(d.name, col);
  }
  // Keep what this evaluation used (an edited expression's old column goes).
  materialized.set(table.rowLines, used);
  return t;
}

async function materialize(t: Table, name: string, type: ValueType, expr: RowExpr, zone: Zone, signal?: AbortSignal): Promise<Column> {
  const compiler = new VectorCompiler(t, zone);
  const n = t.rowCount;
  const sel = new Int32Array(BLOCK);
  const v = type === "text" ? compiler.text(expr) : compiler.num(expr);
  const values = v.kind === "num" ? new Float64Array(n) : undefined;
  const codes = v.kind === "text" ? new Int32Array(n) : undefined;
  for (let from = 0; from < n; from += BLOCK) {
    if (signal && (from & 0x3ffff) === 0 && from > 0) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      signal.throwIfAborted();
    }
    const m = Math.min(BLOCK, n - from);
    for (let i = 0; i < m; i++) sel[i] = from + i;
    v.eval(sel, m);
    if (v.kind === "num") values!.set(v.out.subarray(0, m), from);
    else codes!.set(v.out.subarray(0, m), from);
  }
  if (v.kind === "text") return { name, type: "text", codes: codes!, dict: v.dict.snapshot() };
  return { name, type: type === "text" ? "number" : type, values: values! };
}
