// The evaluation kernel: every aggregate of every metric on one source, computed in ONE pass
// over the source's rows (language reference §4.2, §5.1–§5.3).
//
// A plan is built first (evaluate.ts registers what its metrics need), then `run()` walks the
// rows in blocks of BLOCK rows. For each block:
//   1. each Filter (a window, then a `where`, shared by every aggregate with the same) narrows the block's
//      rows to a selection of row indices — a window once for all metrics that share it;
//   2. each Breakdown (`by` columns and/or `trend` period) gives every row its group and period;
//   3. each Lane — a (filter, breakdown part) pair — turns the selection into bucket numbers;
//   4. each Accumulator adds the selected rows to its buckets, one tight loop per lane.
// After the pass, accumulators whose buckets add up (counts, survey histograms, min/max) get
// their overall value by merging their group (or period) buckets instead of a third update per
// row. Nothing is allocated per row, there are no Date objects and no per-row closures except
// for `where` conditions of unusual shapes (rows.ts).
//
// Buckets: an accumulator of breakdown B has B.buckets buckets: [0] the overall value, then
// one per local group key (a text column's dictionary code + 1, else an id from a pre-pass),
// one per local period (from a day → period table), one for rows without a timestamp (so that
// the periods add up to the whole), and a last one that is never filled (the value of "no
// rows"). Group and period keys are local to the source; the evaluator maps them to the
// metric's ordered groups and periods afterwards.
import { formatDate, formatDateTime } from "../data/convert";
import type { Column, Table } from "../data/table";
import type { TrendPeriod } from "../semantics/schema";
import type { Expr } from "../syntax/ast";
import { periodCode } from "./periods";
import { compileFilter, type FilterStep, type Value } from "./rows";

const BLOCK = 4096;
const MS_PER_DAY = 86400000;

/** The rows of a block that pass a window and/or a `where` (or every row: no parent, no step). */
export class Filter {
  readonly sel = new Int32Array(BLOCK);
  n = 0;
  constructor(
    readonly parent: Filter | undefined,
    private readonly step: FilterStep | undefined,
  ) {}

  /** Selects every row of the block, in order. */
  get all(): boolean {
    return !this.parent && !this.step;
  }

  run(from: number, to: number): void {
    if (!this.parent) {
      const sel = this.sel;
      for (let r = from; r < to; r++) sel[r - from] = r;
      this.n = to - from;
      if (this.step) this.n = this.step(sel, this.n, sel);
      return;
    }
    this.n = this.step!(this.parent.sel, this.parent.n, this.sel);
  }
}

/** A window on the source's timestamp: asOf − N < day ≤ asOf; a null timestamp is outside. */
export function windowStep(ts: Column | undefined, lo: number, hi: number): FilterStep {
  if (!ts || ts.type === "text") return () => 0;
  const vals = ts.values;
  if (ts.type === "datetime") {
    return (sel, n, out) => {
      let m = 0;
      for (let i = 0; i < n; i++) {
        const r = sel[i];
        const d = Math.floor(vals[r] / MS_PER_DAY);
        if (d > lo && d <= hi) out[m++] = r;
      }
      return m;
    };
  }
  return (sel, n, out) => {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const r = sel[i];
      const d = vals[r];
      if (d > lo && d <= hi) out[m++] = r;
    }
    return m;
  };
}

export function whereStep(e: Expr, t: Table): FilterStep {
  return compileFilter(e, t);
}

/** A group key part as reported (text, number, boolean, date string or null) and as sorted. */
export interface LocalKey {
  values: Value[];
  sortValues: Value[];
}

/** Groups (`by`) and periods (`trend`) of a source's rows, as local bucket offsets. */
export class Breakdown {
  /** Number of local group keys and local periods. */
  groupSlots = 0;
  periodSlots = 0;
  /** Bucket of each row of the current block (indexed by row − from): its group, its period. */
  readonly group = new Int32Array(BLOCK);
  readonly period = new Int32Array(BLOCK);
  /** The key of each local group; the period code of each local period. */
  groupKeys: (k: number) => LocalKey = () => ({ values: [], sortValues: [] });
  periodCodes: number[] = [];

  private groupOf: ((from: number, to: number, out: Int32Array) => void) | undefined;
  private periodOf: ((from: number, to: number, out: Int32Array) => void) | undefined;

  constructor(t: Table, by: string[], ts: Column | undefined, trend: TrendPeriod | undefined) {
    if (by.length) this.planGroups(t, by);
    if (trend) this.planPeriods(t, ts, trend);
  }

  get hasGroups(): boolean {
    return this.groupOf !== undefined;
  }

  get hasPeriods(): boolean {
    return this.periodOf !== undefined;
  }

  /** Buckets: [overall, groups…, periods…, no timestamp, empty]. */
  get buckets(): number {
    return 3 + this.groupSlots + this.periodSlots;
  }

  /** The buckets that add up to the overall one: the groups, else the periods and the rows without a timestamp. */
  get parts(): [number, number] | undefined {
    if (this.hasGroups) return [1, 1 + this.groupSlots];
    if (this.hasPeriods) return [1 + this.groupSlots, 2 + this.groupSlots + this.periodSlots];
    return undefined;
  }

  run(from: number, to: number): void {
    this.groupOf?.(from, to, this.group);
    this.periodOf?.(from, to, this.period);
  }

  private planGroups(t: Table, by: string[]): void {
    const cols = by.map((c) => t.columns.get(c)!);
    if (cols.length === 1 && cols[0].type === "text") {
      // One text column: the dictionary code is the key (0 = null).
      const { codes, dict } = cols[0];
      this.groupSlots = dict.length + 1;
      this.groupKeys = (k) => {
        const v = k === 0 ? null : dict[k - 1];
        return { values: [v], sortValues: [v] };
      };
      this.groupOf = (from, to, out) => {
        for (let r = from; r < to; r++) out[r - from] = codes[r] + 2; // bucket 1 + (code + 1)
      };
      return;
    }
    // Anything else: ids from a pre-pass over the key columns (by value, in order of appearance).
    const n = t.rowCount;
    const ids = new Int32Array(n);
    const index = new Map<string, number>();
    const firstRow: number[] = [];
    for (let r = 0; r < n; r++) {
      let k = "";
      for (const c of cols) k += cellKey(c, r) + "\u0000";
      let id = index.get(k);
      if (id === undefined) {
        id = firstRow.length;
        index.set(k, id);
        firstRow.push(r);
      }
      ids[r] = id;
    }
    this.groupSlots = firstRow.length;
    this.groupKeys = (k) => ({ values: cols.map((c) => cellValue(c, firstRow[k])), sortValues: cols.map((c) => cellSortValue(c, firstRow[k])) });
    this.groupOf = (from, to, out) => {
      for (let r = from; r < to; r++) out[r - from] = ids[r] + 1;
    };
  }

  private planPeriods(t: Table, ts: Column | undefined, trend: TrendPeriod): void {
    const vals = ts && ts.type !== "text" ? ts.values : undefined;
    const base = 1 + this.groupSlots;
    if (!vals) {
      this.periodOf = (from, to, out) => out.fill(base, 0, to - from); // all rows: "no timestamp"
      return;
    }
    const toDay = ts!.type === "datetime" ? (v: number) => Math.floor(v / MS_PER_DAY) : (v: number) => v;
    // A table from day to local period over the days that occur.
    const [lo, hi] = extent(vals, t.rowCount);
    if (lo > hi) {
      this.periodOf = (from, to, out) => out.fill(base, 0, to - from);
      return;
    }
    const first = toDay(lo);
    const last = toDay(hi);
    const table = new Int32Array(last - first + 1);
    const local = new Map<number, number>();
    for (let d = first; d <= last; d++) {
      const code = periodCode(d, trend);
      let p = local.get(code);
      if (p === undefined) {
        p = this.periodCodes.length;
        local.set(code, p);
        this.periodCodes.push(code);
      }
      table[d - first] = base + p;
    }
    this.periodSlots = this.periodCodes.length;
    const none = base + this.periodSlots;
    const datetime = ts!.type === "datetime";
    this.periodOf = (from, to, out) => {
      for (let r = from; r < to; r++) {
        const v = vals[r];
        out[r - from] = v !== v ? none : table[(datetime ? Math.floor(v / MS_PER_DAY) : v) - first];
      }
    };
  }
}

/** Which bucket each selected row of a filter goes to, for one part (overall, group, period) of a breakdown. */
export class Lane {
  readonly ids: Int32Array;
  constructor(
    readonly filter: Filter,
    private readonly part: Int32Array | undefined, // undefined: the overall bucket 0
  ) {
    // Every row selected (no window, no where): the selection is the block, so the part is the answer.
    this.ids = part && filter.all ? part : part ? new Int32Array(BLOCK) : ALL_ZERO;
  }

  run(from: number): void {
    const part = this.part;
    if (!part || this.ids === part) return;
    const { sel, n } = this.filter;
    const ids = this.ids;
    for (let i = 0; i < n; i++) ids[i] = part[sel[i] - from];
  }
}

/** Bucket 0 for every row: the lane of accumulators without groups or periods. */
const ALL_ZERO = new Int32Array(BLOCK);

// ---------------------------------------------------------------------------------------------
// Accumulators: one per distinct (function, column, options, filter, breakdown). `add` takes the
// selected rows and their buckets; `result` reads a bucket.

export abstract class Accumulator {
  /** While being computed: where its rows come from. */
  lanes: Lane[] = [];
  breakdown: Breakdown | undefined;
  constructor(readonly buckets: number) {}
  abstract add(sel: Int32Array, n: number, ids: Int32Array): void;
  /** The value of bucket b; `ctxRows`: rows of the bucket before `where` (for share). */
  abstract result(b: number, ctxRows: number): number | null;
  /** Adds bucket `from` (of `source`, by default this one) into bucket `to`, for accumulators whose buckets add up exactly. */
  merge?(to: number, from: number, source?: this): void;
  /** The same function, column, options and filter, whatever the breakdown. */
  family = "";
  /** After the pass: keep only what `result` needs. */
  finish(): void {}
}

/** count(src), and the row counts behind share, `rows` and group presence. */
export class CountRows extends Accumulator {
  readonly n: Float64Array;
  constructor(buckets: number) {
    super(buckets);
    this.n = new Float64Array(buckets);
  }
  add(_sel: Int32Array, n: number, ids: Int32Array): void {
    const c = this.n;
    if (ids === ALL_ZERO) {
      c[0] += n;
      return;
    }
    for (let i = 0; i < n; i++) c[ids[i]]++;
  }
  result(b: number): number {
    return this.n[b];
  }
  override merge(to: number, from: number, source: this = this): void {
    this.n[to] += source.n[from];
  }
}

/** share(src where c): matching rows ÷ rows of the bucket — read off the row counter of its filter. */
export class Share extends Accumulator {
  constructor(private readonly rows: CountRows) {
    super(rows.buckets);
  }
  add(): void {}
  result(b: number, ctxRows: number): number | null {
    return ctxRows > 0 ? this.rows.n[b] / ctxRows : null;
  }
}

/** count(src.col): non-null values. */
export class CountValues extends Accumulator {
  private readonly n: Float64Array;
  constructor(buckets: number, private readonly col: Column) {
    super(buckets);
    this.n = new Float64Array(buckets);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const c = this.n;
    if (this.col.type === "text") {
      const codes = this.col.codes;
      for (let i = 0; i < n; i++) if (codes[sel[i]] >= 0) c[ids[i]]++;
    } else {
      const vals = this.col.values;
      for (let i = 0; i < n; i++) {
        const v = vals[sel[i]];
        if (v === v) c[ids[i]]++;
      }
    }
  }
  result(b: number): number {
    return this.n[b];
  }
  override merge(to: number, from: number, source: this = this): void {
    this.n[to] += source.n[from];
  }
}

/** count_distinct(src.col): a bitset over dictionary codes per bucket (text), else a set of values. */
export class CountDistinct extends Accumulator {
  private readonly count: Float64Array;
  private bits: Uint32Array | undefined;
  private readonly words: number;
  private sets: Set<number>[] | undefined;
  constructor(buckets: number, private readonly col: Column) {
    super(buckets);
    this.count = new Float64Array(buckets);
    this.words = col.type === "text" ? (col.dict.length + 31) >>> 5 : 0;
    // Bitsets while they stay small (≤ 32 MB); a set per bucket otherwise.
    if (col.type === "text" && buckets * this.words <= 1 << 23) this.bits = new Uint32Array(buckets * this.words);
    else this.sets = Array.from({ length: buckets }, () => new Set<number>());
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const count = this.count;
    const bits = this.bits;
    if (bits) {
      const codes = (this.col as Extract<Column, { type: "text" }>).codes;
      const words = this.words;
      for (let i = 0; i < n; i++) {
        const b = ids[i];
        const c = codes[sel[i]];
        if (c < 0) continue;
        const w = b * words + (c >>> 5);
        const m = 1 << (c & 31);
        if ((bits[w] & m) === 0) {
          bits[w] |= m;
          count[b]++;
        }
      }
      return;
    }
    const sets = this.sets!;
    const col = this.col;
    for (let i = 0; i < n; i++) {
      const b = ids[i];
      const v = col.type === "text" ? col.codes[sel[i]] : col.values[sel[i]];
      if (col.type === "text" ? v < 0 : v !== v) continue;
      const s = sets[b];
      if (!s.has(v)) {
        s.add(v);
        count[b]++;
      }
    }
  }
  override finish(): void {
    this.bits = undefined;
    this.sets = undefined;
  }
  result(b: number): number {
    return this.count[b];
  }
}

/** sum and avg of non-null values. */
export class SumAvg extends Accumulator {
  private readonly s: Float64Array;
  private readonly n: Float64Array;
  constructor(buckets: number, private readonly vals: Float64Array, private readonly avg: boolean) {
    super(buckets);
    this.s = new Float64Array(buckets);
    this.n = new Float64Array(buckets);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { s, vals } = this;
    const c = this.n;
    for (let i = 0; i < n; i++) {
      const b = ids[i];
      const v = vals[sel[i]];
      if (v !== v) continue;
      s[b] += v;
      c[b]++;
    }
  }
  result(b: number): number | null {
    if (!this.avg) return this.s[b];
    return this.n[b] > 0 ? this.s[b] / this.n[b] : null;
  }
}

export class MinMax extends Accumulator {
  private readonly best: Float64Array;
  constructor(buckets: number, private readonly vals: Float64Array, private readonly isMin: boolean) {
    super(buckets);
    this.best = new Float64Array(buckets).fill(NaN);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { best, vals, isMin } = this;
    for (let i = 0; i < n; i++) {
      const b = ids[i];
      const v = vals[sel[i]];
      if (v !== v) continue;
      const cur = best[b];
      if (cur !== cur || (isMin ? v < cur : v > cur)) best[b] = v;
    }
  }
  result(b: number): number | null {
    return Number.isNaN(this.best[b]) ? null : this.best[b];
  }
  override merge(to: number, from: number, source: this = this): void {
    const v = source.best[from];
    const cur = this.best[to];
    if (v === v && (cur !== cur || (this.isMin ? v < cur : v > cur))) this.best[to] = v;
  }
}

/** median and percentile: the values of each bucket in a growable typed array, then nth-element. */
export class Percentile extends Accumulator {
  private readonly lists: (Float64Array | undefined)[];
  private readonly lens: Int32Array;
  constructor(buckets: number, private readonly vals: Float64Array, private readonly p: number) {
    super(buckets);
    this.lists = new Array(buckets).fill(undefined);
    this.lens = new Int32Array(buckets);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { lists, lens, vals } = this;
    for (let i = 0; i < n; i++) {
      const b = ids[i];
      const v = vals[sel[i]];
      if (v !== v) continue;
      let list = lists[b];
      const len = lens[b];
      if (list === undefined || len === list.length) {
        // The overall bucket gets room for every row at once (no copies while it grows).
        const next = new Float64Array(list ? list.length * 2 : b === 0 ? vals.length : 64);
        if (list) next.set(list);
        lists[b] = list = next;
      }
      list[len] = v;
      lens[b] = len + 1;
    }
  }
  private results: Float64Array | undefined; // NaN = null
  override finish(): void {
    this.results = new Float64Array(this.buckets).fill(NaN);
    for (let b = 0; b < this.buckets; b++) {
      const list = this.lists[b];
      if (list) this.results[b] = percentileOf(list, this.lens[b], this.p)!;
      this.lists[b] = undefined;
    }
  }
  result(b: number): number | null {
    const v = this.results![b];
    return v === v ? v : null;
  }
}

/**
 * nps, csat and ces over the valid answers (integers inside the scale): a histogram of the
 * answers per bucket — one increment per row, no branch on the answer — from which the score,
 * the sample and the statistics for confidence intervals are read exactly.
 */
export class Survey extends Accumulator {
  private readonly hist: Int32Array; // (rows fit in an Int32Array: see Table.rowLines)
  private readonly width: number;
  constructor(buckets: number, private readonly vals: Float64Array, readonly fn: "nps" | "csat" | "ces", private readonly min: number, private readonly max: number) {
    super(buckets);
    this.width = max - min + 1;
    this.hist = new Int32Array(buckets * this.width);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { vals, hist, width, min } = this;
    for (let i = 0; i < n; i++) {
      const x = vals[sel[i]] - min; // NaN for null
      const k = x | 0;
      if (k !== x || k < 0 || k >= width) continue; // null, not an integer, or outside the scale
      hist[ids[i] * width + k]++;
    }
  }
  override merge(to: number, from: number, source: this = this): void {
    const w = this.width;
    for (let k = 0; k < w; k++) this.hist[to * w + k] += source.hist[from * w + k];
  }
  /** n valid answers; a: promoters (nps), top-two box (csat), sum (ces); d: detractors (nps), sum of squares (ces). */
  counts(b: number): { n: number; a: number; d: number } {
    let n = 0, a = 0, d = 0;
    for (let k = 0; k < this.width; k++) {
      const c = this.hist[b * this.width + k];
      const v = this.min + k;
      n += c;
      if (this.fn === "nps") {
        if (v >= 9) a += c;
        else if (v <= 6) d += c;
      } else if (this.fn === "csat") {
        if (v >= this.max - 1) a += c;
      } else {
        a += v * c;
        d += v * v * c;
      }
    }
    return { n, a, d };
  }
  result(b: number): number | null {
    const { n, a, d } = this.counts(b);
    if (n === 0) return null;
    if (this.fn === "nps") return ((a - d) / n) * 100;
    return a / n;
  }
}

/** Runs every registered filter, breakdown, lane and accumulator of one source in one pass. */
/**
 * What the last evaluation computed on a table, for the next one: accumulators (finished) and
 * breakdowns, by key. Keyed by the table's rowLines array, which the DataCache shares between
 * every table it assembles from one reading of the data, so an edit to a formula recomputes only
 * the aggregates it changes, and the entry goes away with the DataCache's.
 */
const lastRun = new WeakMap<Int32Array, Map<string, Accumulator | Breakdown>>();

/** Runs the registered accumulators of one source in one pass, reusing the previous evaluation's. */
export class Kernel {
  private readonly filters = new Map<string, Filter>();
  private readonly lanes = new Map<string, Lane>();
  /** Accumulators and breakdowns of this evaluation (kept for the next one). */
  private readonly used = new Map<string, Accumulator | Breakdown>();
  private readonly previous: Map<string, Accumulator | Breakdown>;
  /** Accumulators to compute in this pass, and those whose overall bucket is merged from others. */
  private readonly fresh: Accumulator[] = [];
  private readonly merges: { acc: Accumulator; parts: [number, number] }[] = [];

  constructor(readonly table: Table) {
    this.previous = lastRun.get(table.rowLines) ?? new Map();
  }

  /** The filter with this key, made by `make` on first use (make a parent before its children). */
  filter(key: string, make: () => Filter): Filter {
    let f = this.filters.get(key);
    if (!f) this.filters.set(key, (f = make()));
    return f;
  }

  breakdown(key: string, make: () => Breakdown): Breakdown {
    return this.reuse(`breakdown\u0001${key}`, make);
  }

  /**
   * An accumulator fed by `filter` over every part of `breakdown` (overall, groups, periods).
   * `family`: its key without the breakdown — an accumulator of the family without groups or
   * periods is the overall bucket of one with them.
   */
  accumulator<A extends Accumulator>(family: string, filter: Filter, filterKey: string, bd: Breakdown, bdKey: string, make: () => A): A {
    return this.reuse(`${family}\u0001${bdKey}`, () => {
      const acc = make();
      acc.family = family;
      const lane = (part: string, ids: Int32Array | undefined) => {
        const k = `${filterKey}\u0001${bdKey}\u0001${part}`;
        let l = this.lanes.get(k);
        if (!l) this.lanes.set(k, (l = new Lane(filter, ids)));
        return l;
      };
      // The overall bucket is filled by its own lane unless it is the sum of the group or period buckets.
      const parts = bd.parts;
      if (!parts || !acc.merge) acc.lanes.push(lane("all", undefined));
      if (bd.hasGroups) acc.lanes.push(lane("group", bd.group));
      if (bd.hasPeriods) acc.lanes.push(lane("period", bd.period));
      if (parts && acc.merge) this.merges.push({ acc, parts });
      this.fresh.push(acc);
      acc.breakdown = bd;
      return acc;
    });
  }

  private reuse<T extends Accumulator | Breakdown>(key: string, make: () => T): T {
    let x = (this.used.get(key) ?? this.previous.get(key)) as T | undefined;
    if (!x) x = make();
    this.used.set(key, x);
    return x;
  }

  /** The pass: every block of rows through the filters, breakdowns and lanes that the new accumulators need. */
  run(): void {
    // An accumulator with only an overall bucket is copied from one of its family that has parts.
    const merged = new Map<string, Accumulator>();
    for (const { acc } of this.merges) merged.set(acc.family, acc);
    const copies: [Accumulator, Accumulator][] = [];
    const accs: Accumulator[] = [];
    for (const a of this.fresh) {
      const from = a.merge && !a.breakdown!.parts ? merged.get(a.family) : undefined;
      if (from) copies.push([a, from]);
      else accs.push(a);
    }
    if (this.fresh.length) {
      const lanes = [...new Set(accs.flatMap((a) => a.lanes))];
      const needed = new Set<Filter>();
      for (const l of lanes) for (let f: Filter | undefined = l.filter; f; f = f.parent) needed.add(f);
      const filters = [...this.filters.values()].filter((f) => needed.has(f)); // creation order: parents first
      const breakdowns = [...new Set(accs.map((a) => a.breakdown!))];
      const n = this.table.rowCount;
      for (let from = 0; from < n; from += BLOCK) {
        const to = Math.min(n, from + BLOCK);
        for (const f of filters) f.run(from, to);
        for (const b of breakdowns) b.run(from, to);
        for (const l of lanes) l.run(from);
        for (const a of accs) for (const l of a.lanes) a.add(l.filter.sel, l.filter.n, l.ids);
      }
      for (const { acc, parts } of this.merges) for (let b = parts[0]; b < parts[1]; b++) acc.merge!(0, b);
      for (const [a, from] of copies) a.merge!(0, 0, from);
      for (const a of this.fresh) {
        a.finish();
        a.lanes = [];
        a.breakdown = undefined;
      }
    }
    lastRun.set(this.table.rowLines, this.used);
  }
}

/** The smallest and largest non-null value of a column (kept per column). */
const extents = new WeakMap<Float64Array, [number, number]>();
function extent(vals: Float64Array, n: number): [number, number] {
  let e = extents.get(vals);
  if (!e) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < n; r++) {
      const v = vals[r];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    extents.set(vals, (e = [lo, hi]));
  }
  return e;
}

// ---------------------------------------------------------------------------------------------

/** Linear interpolation between closest ranks (NumPy "linear", PostgreSQL percentile_cont) of a[0..n). Reorders a. */
export function percentileOf(a: Float64Array, n: number, p: number): number | null {
  if (n === 0) return null;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const x = nthElement(a, n, lo);
  if (hi === lo) return x;
  // The next rank is the smallest value to the right of position lo.
  let y = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i] < y) y = a[i];
  return x + (pos - lo) * (y - x);
}

/** Places the k-th smallest of a[0..n) at a[k], smaller ones before it, larger ones after (quickselect). */
export function nthElement(a: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (right > left) {
    // Median of three as the pivot.
    const mid = (left + right) >>> 1;
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

// ------------------------------------------------------------------ cells (group keys)

function cellKey(c: Column, r: number): string {
  if (c.type === "text") return c.codes[r] < 0 ? "\u0001" : "t" + c.codes[r];
  const v = c.values[r];
  return Number.isNaN(v) ? "\u0001" : "n" + v;
}

function cellValue(c: Column, r: number): Value {
  if (c.type === "text") return c.codes[r] < 0 ? null : c.dict[c.codes[r]];
  const v = c.values[r];
  if (Number.isNaN(v)) return null;
  switch (c.type) {
    case "boolean":
      return v !== 0;
    case "date":
      return formatDate(v);
    case "datetime":
      return formatDateTime(v);
    default:
      return v;
  }
}

function cellSortValue(c: Column, r: number): Value {
  if (c.type === "text") return c.codes[r] < 0 ? null : c.dict[c.codes[r]];
  const v = c.values[r];
  return Number.isNaN(v) ? null : v;
}

