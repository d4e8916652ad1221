// Sample values of derived columns (`derive { wait_minutes = … }`, language-v2 §9.2) for hovers.
//
// Cheap by construction: the derived expressions are evaluated by the reference executor
// (engines/reference) on the first SAMPLE_ROWS rows of the source's table — the columns they read
// come from the DataCache, so an editor that has evaluated already has them in memory. The plan is
// one `rows` measure per derived column broken down by that column: its groups are the column's
// distinct values in order of first appearance (with their row counts), and `min`/`max` measures
// give the range of numeric and date columns. The language server runs this in its evaluation
// worker after each evaluation; hovers show the result.
import { sourceSpec } from "../analyze";
import type { DataCache } from "../data/reader";
import type { Column, ColumnType, Table } from "../data/table";
import { formatDate, formatDateTime, parseDate } from "../data/convert";
import { runReference } from "../engines/reference/executor";
import type { Literal, RowExpr, ValueType } from "../plan/ir";
import { substituteAsOf } from "../plan/planner";
import type { Measure, SourcePlan } from "../plan/plan";
import type { SemanticModel, SourceInfo } from "../semantics/model";
import type { Zone } from "../time/zone";

/** Rows a sample is taken from (the first rows of the data). */
export const SAMPLE_ROWS = 200;
/** Distinct values kept per derived column. */
const MAX_VALUES = 8;

export interface DerivedSample {
  /** Rows the sample was computed on (the first rows of the data, at most SAMPLE_ROWS). */
  rows: number;
  /** The first distinct non-null values, formatted (dates as YYYY-MM-DD, date-times in ISO form). */
  values: string[];
  /** More distinct values than `values` shows. */
  more: boolean;
  /** Rows where the value is null. */
  nulls: number;
  /** Smallest and largest value (numbers, dates and date-times), formatted. */
  min?: string;
  max?: string;
}

/** Samples by source name, then derived column name. */
export type DerivedSamples = Map<string, Map<string, DerivedSample>>;

export interface SampleOptions {
  zone: Zone;
  /** The evaluation's as-of date, YYYY-MM-DD (for `as_of()`). */
  asOf: string;
  signal?: AbortSignal;
  rows?: number;
}

/** Samples of every derived column of every readable file source (sources whose data cannot be read are left out). */
export async function sampleDerived(model: SemanticModel, cache: DataCache, opts: SampleOptions): Promise<DerivedSamples> {
  const out: DerivedSamples = new Map();
  for (const info of model.sources.values()) {
    if (!info.derived.size || info.kind !== "file" || !info.readable || !info.files.length || !info.columns) continue;
    opts.signal?.throwIfAborted();
    const samples = await sampleSource(info, cache, opts).catch((e) => {
      if (opts.signal?.aborted) throw e;
      return undefined;
    });
    if (samples?.size) out.set(info.name, samples);
  }
  return out;
}

async function sampleSource(info: SourceInfo, cache: DataCache, opts: SampleOptions): Promise<Map<string, DerivedSample> | undefined> {
  const order = dependencyOrder(info);
  if (!order.length) return undefined;
  const needed = new Map<string, ColumnType>();
  for (const name of order) {
    for (const dep of info.derived.get(name)!.deps) {
      if (info.derived.has(dep)) continue;
      const t = info.columns!.get(dep);
      if (t) needed.set(dep, t);
    }
  }
  const read = await cache.read(sourceSpec(info, opts.zone), needed, opts.signal);
  if (read.diagnostics.some((d) => d.severity === "error")) return undefined;
  if ([...needed.keys()].some((c) => !read.table.columns.has(c))) return undefined;
  const table = firstRows(read.table, opts.rows ?? SAMPLE_ROWS);
  const asOf = parseDate(opts.asOf) ?? 0;
  const derived = order.map((name) => {
    const d = info.derived.get(name)!;
    return { name, type: valueType(d.type), expr: substituteAsOf(d.expr!, asOf) };
  });
  const measures: Measure[] = [];
  for (const d of derived) {
    measures.push({ key: `rows:${d.name}`, kind: "rows", breakdown: { by: [d.name] } });
    if (d.type === "number" || d.type === "date" || d.type === "datetime") {
      const arg: RowExpr = { k: "col", t: d.type, name: d.name };
      measures.push({ key: `min:${d.name}`, kind: "min", arg, breakdown: { by: [] } });
      measures.push({ key: `max:${d.name}`, kind: "max", arg, breakdown: { by: [] } });
    }
  }
  const plan: SourcePlan = {
    source: info.name,
    access: { kind: "files", files: info.files, format: info.format, delimiter: info.delimiter, encoding: info.encoding },
    schema: new Map(),
    columns: needed,
    derived,
    measures,
    funnels: [],
    cohorts: [],
    drivers: [],
    scaleChecks: [],
    divisions: [],
  };
  const output = runReference(plan, table, opts.zone);
  const result = new Map<string, DerivedSample>();
  for (const d of derived) {
    const groups = output.breakdown({ by: [d.name] }).groups;
    const rowsOf = output.measure(`rows:${d.name}`);
    const values: string[] = [];
    let nulls = 0;
    groups.forEach((key, g) => {
      const v = key[0];
      if (v === null) nulls += rowsOf.n(1 + g);
      else if (values.length <= MAX_VALUES) values.push(show(v, d.type));
    });
    const sample: DerivedSample = { rows: table.rowCount, values: values.slice(0, MAX_VALUES), more: values.length > MAX_VALUES, nulls };
    if (d.type === "number" || d.type === "date" || d.type === "datetime") {
      const lo = output.measure(`min:${d.name}`).a(0);
      const hi = output.measure(`max:${d.name}`).a(0);
      if (!Number.isNaN(lo) && !Number.isNaN(hi)) {
        sample.min = show(lo, d.type);
        sample.max = show(hi, d.type);
      }
    }
    result.set(d.name, sample);
  }
  return result;
}

/** The derived columns without errors, each after those it uses (columns on a cycle or using a broken one are left out). */
function dependencyOrder(info: SourceInfo): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done" | "bad">();
  for (const start of info.derived.keys()) {
    if (state.has(start)) continue;
    const stack: { n: string; i: number }[] = [{ n: start, i: 0 }];
    state.set(start, "visiting");
    while (stack.length) {
      const top = stack[stack.length - 1];
      const d = info.derived.get(top.n)!;
      if (!d.expr || !d.ok) {
        state.set(top.n, "bad");
        stack.pop();
        continue;
      }
      if (top.i < d.deps.length) {
        const next = d.deps[top.i++];
        if (!info.derived.has(next)) continue;
        const s = state.get(next);
        if (s === undefined) {
          state.set(next, "visiting");
          stack.push({ n: next, i: 0 });
        } else if (s !== "done") state.set(top.n, "bad");
        continue;
      }
      stack.pop();
      if (state.get(top.n) === "bad" || d.deps.some((x) => info.derived.has(x) && state.get(x) !== "done")) {
        state.set(top.n, "bad");
        continue;
      }
      state.set(top.n, "done");
      order.push(top.n);
    }
  }
  return order;
}

function valueType(t: ColumnType): ValueType {
  return t === "integer" ? "number" : t;
}

/** The first `n` rows of a table (typed arrays are shared, not copied). */
function firstRows(t: Table, n: number): Table {
  if (t.rowCount <= n) return t;
  const columns = new Map<string, Column>();
  for (const [name, c] of t.columns) columns.set(name, c.type === "text" ? { ...c, codes: c.codes.subarray(0, n) } : { ...c, values: c.values.subarray(0, n) });
  return { rowCount: n, columns, rowLines: t.rowLines.subarray(0, n), files: t.files, ...(t.fileOfRow ? { fileOfRow: t.fileOfRow.subarray(0, n) } : {}) };
}

function show(v: Literal, type: ValueType): string {
  if (typeof v === "number") {
    if (type === "date") return formatDate(v);
    if (type === "datetime") return formatDateTime(v);
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  }
  return String(v);
}
