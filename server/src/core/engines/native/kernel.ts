// The native kernel: every measure of a source computed in ONE pass over its rows, in blocks of
// BLOCK rows (language reference §4.2, §5.1–§5.3; plan/plan.ts says what is computed).
//
// executor.ts registers what a SourcePlan needs; `run()` then walks the rows. For each block:
//   1. each Filter (a window, then a `where`, shared by every consumer with the same) narrows the
//      block's rows to a selection of row indices — a window once for all measures that share it;
//   2. each Breakdown (`by` columns and/or `trend` period) gives every row its group and period;
//   3. each Lane — a (filter, breakdown part) pair — turns the selection into bucket numbers;
//   4. each Operand evaluates a row expression (vector.ts) over a filter's selection, once for
//      every accumulator that aggregates it under that filter;
//   5. each Accumulator adds the selected rows (a column read directly, or an operand's slots) to
//      its buckets, one tight loop per lane; other consumers (funnel steps, drivers, checks) take
//      their filter's selection.
// After the pass, accumulators whose buckets add up exactly (counts, survey histograms, min/max)
// get their overall value by merging their group (or period) buckets instead of a third update
// per row. Nothing is allocated per row, and there are no Date objects.
//
// Buckets (plan.ts bucketLayout): an accumulator of breakdown B has B.buckets buckets: [0] the
// overall value, [1 … G] one per group key, [G+1 … G+P] one per period, [G+P+1] rows without a
// timestamp (so that the periods add up to the whole), [G+P+2] one that is never filled (the value
// of "no rows"). Periods are those that occur in the table; groups are too, except that a breakdown
// by one text column has a group per dictionary code and one for null, some maybe without rows
// (the assembler drops those: BreakdownOutput).
import { recycle, reuseFloat64 } from "../../data/scratch";
import type { Column, Table } from "../../data/table";
import type { TrendPeriod } from "../../semantics/schema";
import { periodCode } from "../../eval/periods";
import type { Literal } from "../../plan/ir";
import { BLOCK, dayOf, IDENTITY, MS_PER_DAY, NULL_DAY, type DayReader, type FilterStep, type Vec } from "./vector";

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
    this.n = this.parent.n === 0 ? 0 : this.step!(this.parent.sel, this.parent.n, this.sel);
  }
}

/** A row expression evaluated over a filter's selection: slot i is the value of row sel[i]. */
export class Operand {
  constructor(
    readonly filter: Filter,
    readonly vec: Vec,
  ) {}
  run(): void {
    if (this.filter.n > 0) this.vec.eval(this.filter.sel, this.filter.n);
  }
}

/** Groups (`by`) and periods (`trend`) of a source's rows, as bucket numbers. */
export class Breakdown {
  /** Number of groups and periods. */
  groupSlots = 0;
  periodSlots = 0;
  /** Bucket of each row of the current block (indexed by row − from): its group, its period. */
  readonly group = new Int32Array(BLOCK);
  readonly period = new Int32Array(BLOCK);
  /** The key of each group (plan representation: ir.ts); the period code of each period. */
  groupKeys: Literal[][] = [];
  periodCodes: number[] = [];

  private groupOf: ((from: number, to: number, out: Int32Array) => void) | undefined;
  private periodOf: ((from: number, to: number, out: Int32Array) => void) | undefined;

  /** `by`: the columns (undefined: missing from the data, all null); `days`: the timestamp's local days. */
  constructor(rowCount: number, by: (Column | undefined)[], days: DayReader, trend: TrendPeriod | undefined) {
    if (by.length) this.planGroups(rowCount, by);
    if (trend) this.planPeriods(rowCount, days, trend);
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

  private planGroups(n: number, by: (Column | undefined)[]): void {
    const single = by.length === 1 ? by[0] : undefined;
    if (single?.type === "text") {
      // One text column: a group per dictionary code, and one for null first — bucket 2 + code,
      // with no pass over the rows and no array per row. A group no row has (no null, or a code
      // no row uses) stays empty, and the assembler drops groups without rows (BreakdownOutput).
      const codes = single.codes;
      const size = single.dict.length;
      if (n > 0) {
        const keys: Literal[][] = new Array(size + 1);
        keys[0] = [null];
        for (let c = 0; c < size; c++) keys[c + 1] = [single.dict.at(c)!];
        this.groupKeys = keys;
        this.groupSlots = size + 1;
      }
      this.groupOf = (from, to, out) => {
        for (let r = from; r < to; r++) out[r - from] = codes[r] + 2;
      };
      return;
    }
    // Per column a dense id per row (0 = null, then 1…count), combined column by column into
    // dense ids numbered in order of first appearance, so the groups are those that occur.
    let ids = new Int32Array(n);
    let groups = 1; // ids so far: all rows in one group
    for (const col of by) {
      const { codes, ids: colIds, count } = denseIds(col, n);
      const width = count + 1;
      const next = new Int32Array(n);
      let size = 0;
      const table = groups * width <= 1 << 24 ? new Int32Array(groups * width).fill(-1) : undefined;
      const index = table ? undefined : new Map<number, number>();
      for (let r = 0; r < n; r++) {
        const k = ids[r] * width + (codes ? codes[r] + 1 : colIds![r]);
        let id: number | undefined;
        if (table) {
          id = table[k];
          if (id < 0) table[k] = id = size++;
        } else {
          id = index!.get(k);
          if (id === undefined) index!.set(k, (id = size++));
        }
        next[r] = id;
      }
      ids = next;
      groups = size;
    }
    const firstRow = new Array<number>(groups).fill(-1);
    for (let r = 0; r < n; r++) if (firstRow[ids[r]] < 0) firstRow[ids[r]] = r;
    const final = ids;
    this.groupSlots = n === 0 ? 0 : groups;
    this.groupKeys = n === 0 ? [] : firstRow.map((r) => by.map((c) => cellValue(c, r)));
    this.groupOf = (from, to, out) => {
      for (let r = from; r < to; r++) out[r - from] = final[r] + 1;
    };
  }

  private planPeriods(n: number, days: DayReader, trend: TrendPeriod): void {
    const base = 1 + this.groupSlots;
    if (days.kind === "none") {
      this.periodOf = (from, to, out) => out.fill(base, 0, to - from); // every row: no timestamp
      return;
    }
    // Local period of each row from a table over the days that occur: day − first → period + 1.
    const [first, last] = dayExtent(days, n);
    if (first > last || last - first > 1 << 24) {
      if (first <= last) this.periodsByMap(n, days, trend, base);
      else this.periodOf = (from, to, out) => out.fill(base, 0, to - from);
      return;
    }
    const table = new Int32Array(last - first + 1); // 0: not seen yet
    const seen = daysSeen(days, n, first, last);
    const local = new Map<number, number>();
    for (let i = 0; i < seen.length; i++) {
      if (!seen[i]) continue;
      const code = periodCode(first + i, trend);
      let p = local.get(code);
      if (p === undefined) {
        p = this.periodCodes.length;
        local.set(code, p);
        this.periodCodes.push(code);
      }
      table[i] = p + 1;
    }
    this.periodSlots = this.periodCodes.length;
    const none = base + this.periodSlots;
    const off = base - 1;
    this.periodOf = (from, to, out) => {
      switch (days.kind) {
        case "values": {
          const vals = days.vals;
          for (let r = from; r < to; r++) {
            const d = vals[r];
            out[r - from] = d !== d ? none : table[d - first] + off;
          }
          return;
        }
        case "utc": {
          const vals = days.vals;
          for (let r = from; r < to; r++) {
            const v = vals[r];
            out[r - from] = v !== v ? none : table[Math.floor(v / 86400000) - first] + off;
          }
          return;
        }
        case "days": {
          const ds = days.days;
          for (let r = from; r < to; r++) {
            const d = ds[r];
            out[r - from] = d === -2147483648 ? none : table[d - first] + off;
          }
        }
      }
    };
  }

  /** Periods of timestamps spread over more than 2^24 days: a Map per day (rare: bad data). */
  private periodsByMap(n: number, days: DayReader, trend: TrendPeriod, base: number): void {
    const local = new Map<number, number>();
    const per = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const d = dayOf(days, r);
      if (d !== d) {
        per[r] = -1;
        continue;
      }
      const code = periodCode(d, trend);
      let p = local.get(code);
      if (p === undefined) {
        p = this.periodCodes.length;
        local.set(code, p);
        this.periodCodes.push(code);
      }
      per[r] = p;
    }
    this.periodSlots = this.periodCodes.length;
    const none = base + this.periodSlots;
    this.periodOf = (from, to, out) => {
      for (let r = from; r < to; r++) out[r - from] = per[r] < 0 ? none : base + per[r];
    };
  }
}

/**
 * Dense ids of a column's values: id 0 is null, then 1…count. A text column's are its codes + 1
 * (`codes`: no array is made); other types are numbered once per column (`ids`, kept per column).
 */
export interface DenseIds {
  codes?: Int32Array;
  ids?: Int32Array;
  count: number;
}
const idCache = new WeakMap<Float64Array, DenseIds>();
export function denseIds(col: Column | undefined, n: number): DenseIds {
  if (!col) return { ids: new Int32Array(n), count: 0 };
  if (col.type === "text") return { codes: col.codes, count: col.dict.length };
  let c = idCache.get(col.values);
  if (c) return c;
  const ids = new Int32Array(n);
  const vals = col.values;
  const index = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    const v = vals[r];
    if (v !== v) continue;
    let id = index.get(v);
    if (id === undefined) index.set(v, (id = index.size + 1));
    ids[r] = id;
  }
  idCache.set(col.values, (c = { ids, count: index.size }));
  return c;
}

/** The array a day reader reads (what facts about its column are kept by), if any. */
function columnOf(days: DayReader): object | undefined {
  return days.kind === "days" ? days.days : days.kind === "none" ? undefined : days.vals;
}

/** The smallest and largest local day of a timestamp column (Infinity, −Infinity: none). Kept per column. */
const extents = new WeakMap<object, [number, number]>();
function dayExtent(days: DayReader, n: number): [number, number] {
  const key = columnOf(days);
  if (!key) return [Infinity, -Infinity];
  let e = extents.get(key);
  if (e) return e;
  let lo = Infinity;
  let hi = -Infinity;
  if (days.kind === "days") {
    const ds = days.days;
    for (let r = 0; r < n; r++) {
      const d = ds[r];
      if (d === NULL_DAY) continue;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
  } else {
    const vals = (days as { vals: Float64Array }).vals;
    for (let r = 0; r < n; r++) {
      const v = vals[r];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (days.kind === "utc" && lo <= hi) {
      lo = Math.floor(lo / MS_PER_DAY);
      hi = Math.floor(hi / MS_PER_DAY);
    }
  }
  extents.set(key, (e = [lo, hi]));
  return e;
}

/** Which local days occur: seen[d − first] is 1 for each (first, last: dayExtent's). Kept per column. */
const seenDays = new WeakMap<object, Uint8Array>();
function daysSeen(days: DayReader, n: number, first: number, last: number): Uint8Array {
  const key = columnOf(days);
  let seen = key && seenDays.get(key);
  if (seen) return seen;
  seen = new Uint8Array(last - first + 1);
  markDays(days, n, first, seen);
  if (key) seenDays.set(key, seen);
  return seen;
}

/** Marks seen[d − first] for every local day d that occurs. */
function markDays(days: DayReader, n: number, first: number, seen: Uint8Array): void {
  switch (days.kind) {
    case "values": {
      const vals = days.vals;
      for (let r = 0; r < n; r++) {
        const v = vals[r];
        if (v === v) seen[v - first] = 1;
      }
      return;
    }
    case "utc": {
      const vals = days.vals;
      for (let r = 0; r < n; r++) {
        const v = vals[r];
        if (v === v) seen[Math.floor(v / MS_PER_DAY) - first] = 1;
      }
      return;
    }
    case "days": {
      const ds = days.days;
      for (let r = 0; r < n; r++) {
        const d = ds[r];
        if (d !== NULL_DAY) seen[d - first] = 1;
      }
      return;
    }
    default:
  }
}

/** A cell in the plan's representation (ir.ts): text, number, boolean, day number, epoch ms or null. */
export function cellValue(c: Column | undefined, r: number): Literal {
  if (!c) return null;
  if (c.type === "text") return c.codes[r] < 0 ? null : c.dict.at(c.codes[r])!;
  const v = c.values[r];
  if (v !== v) return null;
  return c.type === "boolean" ? v !== 0 : v;
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
export const ALL_ZERO = new Int32Array(BLOCK);

// ---------------------------------------------------------------------------------------------
// Accumulators. `add` takes a selection (row indices into `vals`/`codes`, or IDENTITY when the
// values come from an operand's slots), how many, and each one's bucket.

export abstract class Accumulator {
  /** While being computed: where its rows come from. */
  lanes: Lane[] = [];
  breakdown: Breakdown | undefined;
  /** The operand whose slots it reads (undefined: it reads a column at the selected rows). */
  operand: Operand | undefined;
  constructor(readonly buckets: number) {}
  abstract add(sel: Int32Array, n: number, ids: Int32Array): void;
  /** Adds bucket `from` (of `source`, by default this one) into bucket `to`, for accumulators whose buckets add up exactly. */
  merge?(to: number, from: number, source?: this): void;
  /** The same kind, argument, options and filter, whatever the breakdown. */
  family = "";
  /** After the pass: keep only what the outputs need. */
  finish(): void {}
  /** The measure's values (plan.ts MeasureKind). */
  abstract n(b: number): number;
  /** What the kind does not define is 0 (as the reference executor). */
  a(_b: number): number {
    return 0;
  }
  b(_b: number): number {
    return 0;
  }
}

/** rows: the rows of each bucket. */
export class CountRows extends Accumulator {
  readonly count: Float64Array;
  constructor(buckets: number) {
    super(buckets);
    this.count = new Float64Array(buckets);
  }
  add(_sel: Int32Array, n: number, ids: Int32Array): void {
    const c = this.count;
    if (ids === ALL_ZERO) {
      c[0] += n;
      return;
    }
    for (let i = 0; i < n; i++) c[ids[i]]++;
  }
  n(b: number): number {
    return this.count[b];
  }
  override merge(to: number, from: number, source: this = this): void {
    this.count[to] += source.count[from];
  }
}

/** values: non-null values (numbers: NaN is null; text codes: -1 is null). */
export class CountValues extends Accumulator {
  private readonly count: Float64Array;
  constructor(
    buckets: number,
    private readonly vals: Float64Array | undefined,
    private readonly codes: Int32Array | undefined,
  ) {
    super(buckets);
    this.count = new Float64Array(buckets);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const c = this.count;
    const codes = this.codes;
    if (codes) {
      for (let i = 0; i < n; i++) if (codes[sel[i]] >= 0) c[ids[i]]++;
      return;
    }
    const vals = this.vals!;
    for (let i = 0; i < n; i++) {
      const v = vals[sel[i]];
      if (v === v) c[ids[i]]++;
    }
  }
  n(b: number): number {
    return this.count[b];
  }
  override merge(to: number, from: number, source: this = this): void {
    this.count[to] += source.count[from];
  }
}

/**
 * distinct: non-null values and distinct non-null values. Text from a column: a bitset over the
 * dictionary codes per bucket (codes are canonical: one per string); anything else a set per bucket.
 */
export class CountDistinct extends Accumulator {
  private readonly count: Float64Array;
  private readonly distinct: Float64Array;
  private bits: Uint32Array | undefined;
  private readonly words: number;
  private sets: Set<number>[] | undefined;
  constructor(
    buckets: number,
    private readonly vals: Float64Array | undefined,
    private readonly codes: Int32Array | undefined,
    /** The dictionary size when it is fixed (a column's); undefined for computed text. */
    dictSize: number | undefined,
  ) {
    super(buckets);
    this.count = new Float64Array(buckets);
    this.distinct = new Float64Array(buckets);
    this.words = dictSize !== undefined ? (dictSize + 31) >>> 5 : 0;
    // Bitsets while they stay small (≤ 32 MB); a set per bucket otherwise.
    if (codes && dictSize !== undefined && buckets * this.words <= 1 << 23) this.bits = new Uint32Array(buckets * this.words);
    else this.sets = Array.from({ length: buckets }, () => new Set<number>());
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { count, distinct, bits } = this;
    const codes = this.codes;
    if (bits && codes) {
      if (ids === ALL_ZERO) {
        // One bucket: the counts in locals (the same result).
        let c = 0;
        let d = 0;
        for (let i = 0; i < n; i++) {
          const code = codes[sel[i]];
          if (code < 0) continue;
          c++;
          const w = code >>> 5;
          const m = 1 << (code & 31);
          const x = bits[w];
          if ((x & m) === 0) {
            bits[w] = x | m;
            d++;
          }
        }
        count[0] += c;
        distinct[0] += d;
        return;
      }
      const words = this.words;
      for (let i = 0; i < n; i++) {
        const c = codes[sel[i]];
        if (c < 0) continue;
        const b = ids[i];
        count[b]++;
        const w = b * words + (c >>> 5);
        const m = 1 << (c & 31);
        if ((bits[w] & m) === 0) {
          bits[w] |= m;
          distinct[b]++;
        }
      }
      return;
    }
    const sets = this.sets!;
    const vals = this.vals;
    for (let i = 0; i < n; i++) {
      const v = codes ? codes[sel[i]] : vals![sel[i]];
      if (codes ? v < 0 : v !== v) continue;
      const b = ids[i];
      count[b]++;
      const s = sets[b];
      if (!s.has(v)) {
        s.add(v);
        distinct[b]++;
      }
    }
  }
  override finish(): void {
    this.bits = undefined;
    this.sets = undefined;
  }
  n(b: number): number {
    return this.count[b];
  }
  override a(b: number): number {
    return this.distinct[b];
  }
}

/**
 * moments: non-null values, their sum (added in row order) and M2 = Σ(x − mean)², by Welford's
 * method on values shifted by the bucket's first value K (y = x − K; δ = y − mean_y;
 * mean_y += δ / n; M2 += δ · (y − mean_y)). M2 does not depend on the shift, and the shift keeps
 * it accurate where the values are large next to their spread (epoch milliseconds, amounts around
 * a big mean), where Σx² − (Σx)²/n — and plain Welford — lose digits.
 */
export class Moments extends Accumulator {
  private readonly count: Float64Array;
  private readonly s: Float64Array;
  private readonly shift: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  constructor(
    buckets: number,
    private readonly vals: Float64Array,
  ) {
    super(buckets);
    this.count = new Float64Array(buckets);
    this.s = new Float64Array(buckets);
    this.shift = new Float64Array(buckets);
    this.mean = new Float64Array(buckets);
    this.m2 = new Float64Array(buckets);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { count, s, shift, mean, m2, vals } = this;
    if (ids === ALL_ZERO) {
      // One bucket: the state in locals (the same operations in the same order).
      let c = count[0];
      let a = s[0];
      let k = shift[0];
      let mu = mean[0];
      let q = m2[0];
      for (let i = 0; i < n; i++) {
        const v = vals[sel[i]];
        if (v !== v) continue;
        if (c === 0) k = v;
        c++;
        a += v;
        const y = v - k;
        const d = y - mu;
        mu += d / c;
        q += d * (y - mu);
      }
      count[0] = c;
      s[0] = a;
      shift[0] = k;
      mean[0] = mu;
      m2[0] = q;
      return;
    }
    for (let i = 0; i < n; i++) {
      const v = vals[sel[i]];
      if (v !== v) continue;
      const b = ids[i];
      if (count[b] === 0) shift[b] = v;
      const c = ++count[b];
      s[b] += v;
      const y = v - shift[b];
      const d = y - mean[b];
      const mu = (mean[b] += d / c);
      m2[b] += d * (y - mu);
    }
  }
  n(b: number): number {
    return this.count[b];
  }
  override a(b: number): number {
    return this.s[b];
  }
  override b(b: number): number {
    return this.m2[b];
  }
}

/** min / max: non-null values and the smallest / largest (NaN: none). */
export class MinMax extends Accumulator {
  private readonly count: Float64Array;
  private readonly best: Float64Array;
  constructor(
    buckets: number,
    private readonly vals: Float64Array,
    private readonly isMin: boolean,
  ) {
    super(buckets);
    this.count = new Float64Array(buckets);
    this.best = new Float64Array(buckets).fill(NaN);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { best, vals, isMin, count } = this;
    for (let i = 0; i < n; i++) {
      const v = vals[sel[i]];
      if (v !== v) continue;
      const b = ids[i];
      count[b]++;
      const cur = best[b];
      if (cur !== cur || (isMin ? v < cur : v > cur)) best[b] = v;
    }
  }
  n(b: number): number {
    return this.count[b];
  }
  override a(b: number): number {
    return this.best[b];
  }
  override merge(to: number, from: number, source: this = this): void {
    this.count[to] += source.count[from];
    const v = source.best[from];
    const cur = this.best[to];
    if (v === v && (cur !== cur || (this.isMin ? v < cur : v > cur))) this.best[to] = v;
  }
}

/** percentile: the values of each bucket in a growable typed array, then nth-element. */
export class Percentile extends Accumulator {
  private readonly lists: (Float64Array | undefined)[];
  private readonly lens: Int32Array;
  private results: Float64Array | undefined; // NaN = none
  /**
   * While every row so far is selected, in order, for bucket 0 (a percentile over a whole column,
   * `rowIndexed`): the rows [0, rangeEnd) are its values, not copied (-1: no longer so). Such a
   * percentile is selected in the column itself (columnPercentile: no 8 MB list for 1M rows).
   */
  private rangeEnd: number;
  constructor(
    buckets: number,
    private readonly vals: Float64Array,
    private readonly p: number,
    /** Room for the overall bucket's values at once (the rows of the table; 0: grow as needed). */
    private readonly capacity: number,
    /** `vals` is a column, indexed by row (not an operand's slots). */
    rowIndexed = false,
  ) {
    super(buckets);
    this.lists = new Array(buckets).fill(undefined);
    this.lens = new Int32Array(buckets);
    this.rangeEnd = rowIndexed ? 0 : -1;
  }
  /** Leaves the range mode: the rows so far are copied into bucket 0's list. */
  private materialize(): void {
    const end = this.rangeEnd;
    this.rangeEnd = -1;
    if (end <= 0) return;
    const size = Math.max(end, this.capacity, 64);
    const list = reuseFloat64(size) ?? new Float64Array(size);
    const vals = this.vals;
    let len = 0;
    for (let r = 0; r < end; r++) {
      const v = vals[r];
      if (v === v) list[len++] = v;
    }
    this.lists[0] = list;
    this.lens[0] = len;
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    if (this.rangeEnd >= 0) {
      const end = this.rangeEnd;
      if (ids === ALL_ZERO && (n === 0 || (sel[0] === end && sel[n - 1] === end + n - 1))) {
        this.rangeEnd = end + n; // (a selection is increasing: these are the rows end … end + n − 1)
        return;
      }
      this.materialize();
    }
    const { lists, lens, vals } = this;
    if (ids === ALL_ZERO) {
      // One bucket: make room for the whole selection, then copy the non-null values.
      let list = lists[0];
      let len = lens[0];
      if (list === undefined || len + n > list.length) {
        const size = Math.max(list ? list.length * 2 : 0, len + n, this.capacity, 64);
        const next = reuseFloat64(size) ?? new Float64Array(size);
        if (list) {
          next.set(list.subarray(0, len));
          recycle(list.buffer);
        }
        lists[0] = list = next;
      }
      for (let i = 0; i < n; i++) {
        const v = vals[sel[i]];
        if (v === v) list[len++] = v;
      }
      lens[0] = len;
      return;
    }
    for (let i = 0; i < n; i++) {
      const v = vals[sel[i]];
      if (v !== v) continue;
      const b = ids[i];
      let list = lists[b];
      const len = lens[b];
      if (list === undefined || len === list.length) {
        const size = list ? list.length * 2 : b === 0 ? Math.max(1024, this.capacity) : 64;
        const next = reuseFloat64(size) ?? new Float64Array(size);
        if (list) {
          next.set(list);
          recycle(list.buffer);
        }
        lists[b] = list = next;
      }
      list[len] = v;
      lens[b] = len + 1;
    }
  }
  override finish(): void {
    this.results = new Float64Array(this.buckets).fill(NaN);
    if (this.rangeEnd >= 0) {
      const r = columnPercentile(this.vals, this.rangeEnd, this.p);
      if (r) {
        this.lens[0] = r.n;
        this.results[0] = r.value;
        return;
      }
      this.materialize(); // (a bucket too large to collect: as a list)
    }
    for (let b = 0; b < this.buckets; b++) {
      const list = this.lists[b];
      if (list) {
        this.results[b] = percentileOf(list, this.lens[b], this.p) ?? NaN;
        recycle(list.buffer); // (its pages are in: the next large list takes it, data/scratch.ts)
      }
      this.lists[b] = undefined;
    }
  }
  n(b: number): number {
    return this.lens[b];
  }
  override a(b: number): number {
    return this.results![b];
  }
}

/**
 * survey (nps, csat, ces) over the valid answers (integers inside the scale): a histogram of the
 * answers per bucket — one increment per row, no branch on the answer — from which n, a and b
 * are read exactly.
 */
export class Survey extends Accumulator {
  private readonly hist: Int32Array; // (rows fit in an Int32Array: see Table.rowLines)
  private readonly width: number;
  constructor(
    buckets: number,
    private readonly vals: Float64Array,
    readonly fn: "nps" | "csat" | "ces",
    private readonly min: number,
    private readonly max: number,
  ) {
    super(buckets);
    this.width = max - min + 1;
    this.hist = new Int32Array(buckets * this.width);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { vals, hist, width, min } = this;
    if (ids === ALL_ZERO) {
      for (let i = 0; i < n; i++) {
        const x = vals[sel[i]] - min;
        const k = x | 0;
        if (k === x && k >= 0 && k < width) hist[k]++;
      }
      return;
    }
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
  n(b: number): number {
    let n = 0;
    for (let k = 0; k < this.width; k++) n += this.hist[b * this.width + k];
    return n;
  }
  override a(b: number): number {
    let a = 0;
    for (let k = 0; k < this.width; k++) {
      const c = this.hist[b * this.width + k];
      const v = this.min + k;
      if (this.fn === "nps") {
        if (v >= 9) a += c;
      } else if (this.fn === "csat") {
        if (v >= this.max - 1) a += c;
      } else a += v * c;
    }
    return a;
  }
  override b(b: number): number {
    let d = 0;
    for (let k = 0; k < this.width; k++) {
      const c = this.hist[b * this.width + k];
      const v = this.min + k;
      if (this.fn === "nps") {
        if (v <= 6) d += c;
      } else if (this.fn === "ces") d += v * v * c;
    }
    return this.fn === "csat" ? 0 : d;
  }
}

/** survey over a scale too wide for a histogram (or not of integers): the counts themselves. */
export class SurveyDirect extends Accumulator {
  private readonly count: Float64Array;
  private readonly sa: Float64Array;
  private readonly sb: Float64Array;
  constructor(
    buckets: number,
    private readonly vals: Float64Array,
    readonly fn: "nps" | "csat" | "ces",
    private readonly min: number,
    private readonly max: number,
  ) {
    super(buckets);
    this.count = new Float64Array(buckets);
    this.sa = new Float64Array(buckets);
    this.sb = new Float64Array(buckets);
  }
  add(sel: Int32Array, n: number, ids: Int32Array): void {
    const { vals, min, max, fn, count, sa, sb } = this;
    for (let i = 0; i < n; i++) {
      const v = vals[sel[i]];
      if (!(v >= min && v <= max) || !Number.isInteger(v)) continue;
      const b = ids[i];
      count[b]++;
      if (fn === "nps") {
        if (v >= 9) sa[b]++;
        else if (v <= 6) sb[b]++;
      } else if (fn === "csat") {
        if (v >= max - 1) sa[b]++;
      } else {
        sa[b] += v;
        sb[b] += v * v;
      }
    }
  }
  override merge(to: number, from: number, source: this = this): void {
    this.count[to] += source.count[from];
    this.sa[to] += source.sa[from];
    this.sb[to] += source.sb[from];
  }
  n(b: number): number {
    return this.count[b];
  }
  override a(b: number): number {
    return this.sa[b];
  }
  override b(b: number): number {
    return this.fn === "csat" ? 0 : this.sb[b];
  }
}

// ---------------------------------------------------------------------------------------------

/** Anything else that takes a filter's selection in the pass (funnel steps, drivers, checks). */
export interface Consumer {
  readonly filter: Filter;
  readonly operands: Operand[];
  /** The block's selection is in filter.sel[0..filter.n); operands' slots are filled. */
  consume(from: number): void;
  /** After the pass. */
  finish(): void;
}

/**
 * What the last evaluation computed on a table, for the next one: accumulators (finished),
 * breakdowns and other results, by key. Keyed by the table's rowLines array, which the DataCache
 * shares between every table it assembles from one reading of the data, so an edit to a formula
 * recomputes only what it changes, and the entry goes away with the DataCache's.
 */
const lastRun = new WeakMap<Int32Array, Map<string, unknown>>();

/** Hands control back to the host between blocks (so that an abort signal can arrive). */
function yieldToHost(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** Runs the registered accumulators and consumers of one source in one pass, reusing the previous evaluation's. */
export class Kernel {
  private readonly filters = new Map<string, Filter>();
  private readonly lanes = new Map<string, Lane>();
  private readonly operands = new Map<string, Operand>();
  /** Results of this evaluation (kept for the next one). */
  private readonly used = new Map<string, unknown>();
  private readonly previous: Map<string, unknown>;
  /** Accumulators to compute in this pass, and those whose overall bucket is merged from others. */
  private readonly fresh: Accumulator[] = [];
  private readonly merges: { acc: Accumulator; parts: [number, number] }[] = [];
  private readonly consumers: Consumer[] = [];

  constructor(readonly table: Table) {
    this.previous = lastRun.get(table.rowLines) ?? new Map();
  }

  /** The filter with this key, made by `make` on first use (make a parent before its children). */
  filter(key: string, make: () => Filter): Filter {
    let f = this.filters.get(key);
    if (!f) this.filters.set(key, (f = make()));
    return f;
  }

  /** The operand with this key (expression and filter), made on first use. */
  operand(key: string, make: () => Operand): Operand {
    let o = this.operands.get(key);
    if (!o) this.operands.set(key, (o = make()));
    return o;
  }

  breakdown(key: string, make: () => Breakdown): Breakdown {
    return this.reuse(`breakdown\u0001${key}`, make);
  }

  /** A result kept from the previous evaluation (or made now, by `make`, and kept for the next). */
  reuse<T>(key: string, make: () => T): T {
    let x = (this.used.get(key) ?? this.previous.get(key)) as T | undefined;
    if (x === undefined) x = make();
    this.used.set(key, x);
    return x;
  }

  /** Whether the previous evaluation (or this one) has a result with this key. */
  has(key: string): boolean {
    return this.used.has(key) || this.previous.has(key);
  }

  /** A consumer to run in the pass. */
  addConsumer(c: Consumer): void {
    this.consumers.push(c);
  }

  /**
   * An accumulator fed by `filter` over every part of `breakdown` (overall, groups, periods).
   * `family`: its key without the breakdown — an accumulator of the family without groups or
   * periods is the overall bucket of one with them.
   */
  accumulator<A extends Accumulator>(family: string, filter: Filter, filterKey: string, bd: Breakdown, bdKey: string, operand: Operand | undefined, make: () => A): A {
    return this.reuse(`${family}\u0001${bdKey}`, () => {
      const acc = make();
      acc.family = family;
      acc.operand = operand;
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

  /** The pass: every block of rows through the filters, breakdowns, lanes and operands that the new work needs. */
  async run(signal?: AbortSignal): Promise<void> {
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
    const consumers = this.consumers;
    if (accs.length || consumers.length) {
      const lanes = [...new Set(accs.flatMap((a) => a.lanes))];
      const operands = [...new Set([...accs.map((a) => a.operand), ...consumers.flatMap((c) => c.operands)].filter((o): o is Operand => o !== undefined))];
      const needed = new Set<Filter>();
      const need = (f: Filter) => {
        for (let x: Filter | undefined = f; x; x = x.parent) needed.add(x);
      };
      for (const l of lanes) need(l.filter);
      for (const o of operands) need(o.filter);
      for (const c of consumers) need(c.filter);
      const filters = [...this.filters.values()].filter((f) => needed.has(f)); // creation order: parents first
      const breakdowns = [...new Set(accs.map((a) => a.breakdown!))];
      const n = this.table.rowCount;
      let lastYield = Date.now();
      for (let from = 0; from < n; from += BLOCK) {
        if (signal && (from & 0x3ffff) === 0 && Date.now() - lastYield > 20) {
          await yieldToHost();
          signal.throwIfAborted();
          lastYield = Date.now();
        }
        const to = Math.min(n, from + BLOCK);
        for (const f of filters) f.run(from, to);
        for (const b of breakdowns) b.run(from, to);
        for (const l of lanes) l.run(from);
        for (const o of operands) o.run();
        for (const a of accs) {
          const sel = a.operand ? IDENTITY : undefined;
          for (const l of a.lanes) if (l.filter.n > 0) a.add(sel ?? l.filter.sel, l.filter.n, l.ids);
        }
        for (const c of consumers) if (c.filter.n > 0) c.consume(from);
      }
      signal?.throwIfAborted();
    }
    for (const { acc, parts } of this.merges) for (let b = parts[0]; b < parts[1]; b++) acc.merge!(0, b);
    for (const [a, from] of copies) a.merge!(0, 0, from);
    for (const a of this.fresh) {
      a.finish();
      a.lanes = [];
      a.breakdown = undefined;
      a.operand = undefined;
    }
    for (const c of consumers) c.finish();
    lastRun.set(this.table.rowLines, this.used);
  }
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
  return x + (pos - lo) * (smallestFrom(a, lo + 1, n) - x);
}

/** The smallest of a[from..n) (Infinity when empty): after nthElement(a, n, k), the (k+1)-th smallest is smallestFrom(a, k + 1, n). */
function smallestFrom(a: Float64Array, from: number, n: number): number {
  let y = Infinity;
  for (let i = from; i < n; i++) if (a[i] < y) y = a[i];
  return y;
}

/** The top 16 bits of a double's order-preserving key, from its high word (sign, exponent, 4 bits of mantissa). */
function topKey(hi: number): number {
  return (hi > 0x7fffffff ? ~hi : hi | 0x80000000) >>> 16;
}

/** Candidates a whole-column percentile collects at most (2 MB); beyond, it copies the column as a list does. */
const COLUMN_BUCKET_MAX = 1 << 18;

/**
 * The p-th percentile of the non-NaN values of vals[0, end) and their number, without changing
 * the column and without copying it (a percentile over 1M rows would otherwise fill an 8 MB list):
 * one pass counts the values by the top 16 bits of their order-preserving 64-bit key (sign,
 * exponent, 4 bits of mantissa), a second collects the one or two buckets the ranks fall in, and
 * nthElement picks among those. Undefined when a bucket is too large to collect (many values
 * sharing their top 16 bits): the caller then copies the column.
 */
export function columnPercentile(vals: Float64Array, end: number, p: number): { value: number; n: number } | undefined {
  const words = new Uint32Array(vals.buffer, vals.byteOffset, end * 2);
  const counts = new Int32Array(65536);
  let n = 0;
  for (let r = 0; r < end; r++) {
    const v = vals[r];
    if (v !== v) continue;
    n++;
    counts[topKey(words[2 * r + 1])]++;
  }
  if (n === 0) return { value: NaN, n };
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  // The buckets of ranks lo and hi, and the ranks within them.
  let d = 0;
  let before = 0;
  while (before + counts[d] <= lo) before += counts[d++];
  const kLo = lo - before;
  let e = d;
  let beforeE = before;
  while (beforeE + counts[e] <= hi) beforeE += counts[e++];
  if (counts[d] > COLUMN_BUCKET_MAX) return undefined;
  const bucket = new Float64Array(counts[d]);
  let m = 0;
  let next = Infinity; // the smallest value of bucket e, when it is not d
  for (let r = 0; r < end; r++) {
    const key = topKey(words[2 * r + 1]);
    if (key === d) {
      const v = vals[r];
      if (v === v) bucket[m++] = v;
    } else if (key === e) {
      const v = vals[r];
      if (v < next) next = v;
    }
  }
  const x = nthElement(bucket, m, kLo);
  if (hi === lo) return { value: x, n };
  const y = e === d ? smallestFrom(bucket, kLo + 1, m) : next;
  return { value: x + (pos - lo) * (y - x), n };
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
