// Row expressions as typed-array loops (plan/ir.ts is the semantics contract; language-v2 §10).
//
// A RowExpr is compiled once per table into a tree of vectors. Each vector owns a buffer of
// BLOCK slots and, given a selection of row indices (sel[0..n)), fills slot i with the value of
// row sel[i]: numbers, dates (day numbers), datetimes (epoch ms) and booleans (1/0) in a
// Float64Array with NaN = null; text as Int32Array codes into a dictionary (-1 = null). Nothing is
// allocated per row, and there is no per-row interpretation of objects:
//   - text functions (lower, upper, trim) and period keys (day … year) are computed once per
//     distinct input (dictionary code, day) and remembered in a lookup table;
//   - text comparisons with a literal, `in`, `contains` and `starts_with` with a literal are truth
//     tables over the dictionary codes;
//   - local dates of a datetime column are computed once per column and zone (localDays);
//   - a filter step narrows a selection in place: `and` narrows twice, a column compared with a
//     literal is a plain loop over the column, anything else evaluates the condition as a vector
//     and keeps the rows where it is true (SQL three-valued logic: null is not true).
//
// Decisions where ir.ts leaves room (the SQL engines must agree):
//   - `lower`/`upper`: Unicode simple case mapping, code point by code point. JavaScript gives the
//     full mapping; where that differs from the simple one (a character whose full mapping has more
//     than one code point: ß, İ, ŉ, the Greek letters with ypogegrammeni, ligatures …) the simple
//     mapping is taken from a small table (SIMPLE_LOWER/SIMPLE_UPPER), and a character without a
//     simple mapping is kept.
//   - arithmetic follows IEEE doubles; a NaN produced by arithmetic (Infinity − Infinity) is null.
//   - a column the table does not have reads as null (the caller reports missing columns).
import type { Column, Strings, Table, TextColumn } from "../../data/table";
import { periodCode, periodLabel } from "../../eval/periods";
import type { TrendPeriod } from "../../semantics/schema";
import { typeOf, type Literal, type RowExpr } from "../../plan/ir";
import type { Zone } from "../../time/zone";

/** Rows per block: every buffer of the native engine has this many slots. */
export const BLOCK = 4096;
export const MS_PER_DAY = 86400000;
/** A null in an Int32Array of local days. */
export const NULL_DAY = -2147483648;

/** Narrows a selection: copies the rows of `sel[0..n)` that pass into `out` (may be `sel`), returns how many. */
export type FilterStep = (sel: Int32Array, n: number, out: Int32Array) => number;

// ------------------------------------------------------------------ dictionaries

/**
 * Distinct strings and their codes. Column dictionaries are fixed (a column's `Strings`, whose
 * strings may be decoded only on first use: ask for `str(c)` only where the string is needed);
 * computed text interns as it goes.
 */
export class Dict {
  private index: Map<string, number> | undefined;
  private readonly added: string[] = [];
  constructor(private readonly base: Strings = NO_STRINGS) {}

  get size(): number {
    return this.base.length + this.added.length;
  }

  str(c: number): string {
    const n = this.base.length;
    return c < n ? this.base.at(c)! : this.added[c - n];
  }

  intern(s: string): number {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.base.length; i++) {
        const t = this.base.at(i)!;
        if (!this.index.has(t)) this.index.set(t, i);
      }
    }
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.size;
      this.added.push(s);
      this.index.set(s, c);
    }
    return c;
  }

  /** The strings so far, as a column's dictionary. */
  snapshot(): Strings {
    if (this.added.length === 0) return this.base;
    const out: string[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.str(i));
    return out;
  }

  /**
   * A test of `str(c) === lit` that does not decode the dictionary's strings, when it can: the
   * strings are UTF-8 bytes and `lit` is well-formed without U+FFFD (then its UTF-8 equals a
   * value's bytes exactly when the value decodes to it: invalid bytes decode with U+FFFD).
   */
  equalsLiteral(lit: string): ((c: number) => boolean) | undefined {
    const base = this.base;
    if (!base.equalsBytes || this.added.length > 0 || lit.includes("\uFFFD") || !isWellFormed(lit)) return undefined;
    const bytes = utf8.encode(lit);
    return (c) => base.equalsBytes!(c, bytes);
  }
}

const NO_STRINGS: Strings = [];
const utf8 = new TextEncoder();

/** Whether a string has no lone surrogate (String.prototype.isWellFormed, Node 20). */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const d = s.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/**
 * A text column whose dictionary holds each string once: the column itself when it already does,
 * else a remapped copy, made once per codes array. Readers key their dictionaries by the bytes of
 * the values (UTF-8 after decoding and unescaping); distinct valid UTF-8 byte strings decode to
 * distinct strings, so only values holding U+FFFD (invalid bytes replaced, CX4009) can repeat a
 * string, and only those are compared — no hashing of every value of a large dictionary, and no
 * decoding of the values whose bytes are all ASCII (`mayHoldReplacement`).
 */
const canonical = new WeakMap<Int32Array, TextColumn>();
export function canonicalText(col: TextColumn): TextColumn {
  let c = canonical.get(col.codes);
  if (c) return c;
  const d = col.dict;
  const suspects: number[] = [];
  for (let i = 0; i < d.length; i++) if ((!d.mayHoldReplacement || d.mayHoldReplacement(i)) && d.at(i)!.includes("\uFFFD")) suspects.push(i);
  const first = new Map<string, number>();
  const remap = new Map<number, number>(); // a repeated string's code → its first code
  for (const i of suspects) {
    const f = first.get(d.at(i)!);
    if (f === undefined) first.set(d.at(i)!, i);
    else remap.set(i, f);
  }
  if (remap.size === 0) c = col;
  else {
    // Renumber: codes of repeated strings go to their first occurrence, the rest close up.
    const to = new Int32Array(d.length);
    const dict: string[] = [];
    for (let i = 0; i < d.length; i++) {
      const f = remap.get(i);
      if (f === undefined) to[i] = dict.push(d.at(i)!) - 1;
      else to[i] = to[f];
    }
    const codes = new Int32Array(col.codes.length);
    for (let r = 0; r < codes.length; r++) codes[r] = col.codes[r] < 0 ? -1 : to[col.codes[r]];
    c = { name: col.name, type: "text", codes, dict };
  }
  canonical.set(col.codes, c);
  return c;
}

// ------------------------------------------------------------------ local dates

const localDayCache = new WeakMap<Float64Array, Map<string, Int32Array>>();

/**
 * The local date (day number, NULL_DAY for null) of every instant of a datetime column in a zone,
 * computed once per column and zone. UTC callers use Math.floor(ms / MS_PER_DAY) instead.
 */
export function localDays(vals: Float64Array, zone: Zone): Int32Array {
  let byZone = localDayCache.get(vals);
  if (!byZone) localDayCache.set(vals, (byZone = new Map()));
  let days = byZone.get(zone.name);
  if (!days) {
    days = new Int32Array(vals.length);
    for (let r = 0; r < vals.length; r++) {
      const v = vals[r];
      days[r] = v === v ? zone.localDay(v) : NULL_DAY;
    }
    byZone.set(zone.name, days);
  }
  return days;
}

/** How to read the local date of each row of a date or datetime column. */
export type DayReader =
  | { kind: "none" }
  | { kind: "values"; vals: Float64Array } // a date column: the values are the days (NaN = null)
  | { kind: "utc"; vals: Float64Array } // a datetime column in UTC: floor(ms / day)
  | { kind: "days"; days: Int32Array }; // a datetime column in another zone: cached local days

export function dayReader(col: Column | undefined, zone: Zone): DayReader {
  if (!col || (col.type !== "date" && col.type !== "datetime")) return { kind: "none" };
  if (col.type === "date") return { kind: "values", vals: col.values };
  if (zone.name === "UTC") return { kind: "utc", vals: col.values };
  return { kind: "days", days: localDays(col.values, zone) };
}

/** The local day of row r (NaN for null). */
export function dayOf(d: DayReader, r: number): number {
  switch (d.kind) {
    case "none":
      return NaN;
    case "values":
      return d.vals[r];
    case "utc":
      return Math.floor(d.vals[r] / MS_PER_DAY);
    case "days": {
      const v = d.days[r];
      return v === NULL_DAY ? NaN : v;
    }
  }
}

/** Fills out[i] with the local day of row sel[i] (NaN for null). */
export function daysOf(d: DayReader, sel: Int32Array, n: number, out: Float64Array): void {
  switch (d.kind) {
    case "none":
      out.fill(NaN, 0, n);
      return;
    case "values": {
      const vals = d.vals;
      for (let i = 0; i < n; i++) out[i] = vals[sel[i]];
      return;
    }
    case "utc": {
      const vals = d.vals;
      for (let i = 0; i < n; i++) out[i] = Math.floor(vals[sel[i]] / MS_PER_DAY);
      return;
    }
    case "days": {
      const days = d.days;
      for (let i = 0; i < n; i++) {
        const v = days[sel[i]];
        out[i] = v === NULL_DAY ? NaN : v;
      }
    }
  }
}

/** A selection step keeping the rows whose local day d satisfies lo < d ≤ hi (a null day is outside). */
export function windowStep(d: DayReader, lo: number, hi: number): FilterStep {
  switch (d.kind) {
    case "none":
      return () => 0;
    case "values": {
      const vals = d.vals;
      return (sel, n, out) => {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const r = sel[i];
          const v = vals[r];
          if (v > lo && v <= hi) out[m++] = r;
        }
        return m;
      };
    }
    case "utc": {
      // lo < floor(ms / day) ≤ hi  ⇔  (lo + 1) · day ≤ ms < (hi + 1) · day
      const a = (lo + 1) * MS_PER_DAY;
      const b = (hi + 1) * MS_PER_DAY;
      const vals = d.vals;
      return (sel, n, out) => {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const r = sel[i];
          const v = vals[r];
          if (v >= a && v < b) out[m++] = r;
        }
        return m;
      };
    }
    case "days": {
      const days = d.days;
      return (sel, n, out) => {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const r = sel[i];
          const v = days[r];
          if (v > lo && v <= hi && v !== NULL_DAY) out[m++] = r;
        }
        return m;
      };
    }
  }
}

// ------------------------------------------------------------------ scalar helpers (shared with derived values)

/**
 * Round half away from zero at `digits` decimals (clamped to 0…15), exact for decimal inputs: the
 * shortest decimal representation of the double (2.675, not 2.67499999999999982236431605997495353221893310546875)
 * is rounded digit by digit. (A `${x}e${d}` string form, used before, returns
 * x unchanged when String(x) has an exponent — |x| < 1e-6 or ≥ 1e21; this does not.)
 */
export function roundHalfAway(v: number, digits: number): number {
  const d = Math.max(0, Math.min(15, Math.trunc(digits)));
  if (!Number.isFinite(v)) return v;
  const sign = v < 0 ? -1 : 1;
  const [m, e] = Math.abs(v).toExponential().split("e"); // shortest round-trip digits
  const ds = m.replace(".", "");
  const keep = Number(e) + 1 + d; // digits up to the d-th decimal
  let int = 0n;
  if (keep >= 0) {
    int = keep === 0 ? 0n : BigInt(ds.slice(0, keep).padEnd(keep, "0"));
    if (keep < ds.length && ds.charCodeAt(keep) >= 53) int += 1n; // the next digit is 5 or more
  }
  return sign * Number(`${int}e-${d}`);
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * roundHalfAway without strings where that gives the same double: when |v|·10^d is not within a
 * few hundred ulps of a half (the decimal reading could then not round differently), the rounded
 * integer r is the same and r / 10^d is the correctly rounded value of the decimal r·10^-d, which
 * is what the string path parses. Everything else takes the string path.
 */
export function roundFast(v: number, digits: number): number {
  const d = Math.max(0, Math.min(15, Math.trunc(digits)));
  const a = Math.abs(v);
  const p = POW10[d];
  const s = a * p;
  if (s < 4503599627370496) {
    const f = s - Math.floor(s);
    if (Math.abs(f - 0.5) > s * 1e-13 + 1e-300) {
      const r = Math.round(s);
      return (v < 0 ? -1 : 1) * (d === 0 ? r : r / p);
    }
  }
  return roundHalfAway(v, digits);
}

/** Compares two strings by code point (UTF-16 order differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (D800–DFFF) stand for code points above FFFF: after E000–FFFF.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Simple case mappings where JavaScript's full mapping of the character has several code points. */
const SIMPLE_LOWER = new Map<number, number>([[0x130, 0x69]]);
const SIMPLE_UPPER = new Map<number, number>([
  ...[0x1f80, 0x1f90, 0x1fa0].flatMap((base) => Array.from({ length: 8 }, (_, i): [number, number] => [base + i, base + i + 8])),
  [0x1fb3, 0x1fbc],
  [0x1fc3, 0x1fcc],
  [0x1ff3, 0x1ffc],
]);
const ASCII = /^[\x00-\x7f]*$/;

/** `lower`/`upper`: Unicode simple case mapping, code point by code point. */
export function simpleCase(s: string, upper: boolean): string {
  if (ASCII.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = "";
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    if (m === ch) out += ch;
    else if (m.length === 1 || (m.length === 2 && m.codePointAt(0)! > 0xffff)) out += m;
    else {
      const simple = (upper ? SIMPLE_UPPER : SIMPLE_LOWER).get(ch.codePointAt(0)!);
      out += simple === undefined ? ch : String.fromCodePoint(simple);
    }
  }
  return out;
}

/** `trim`: spaces, tabs, CR and LF at both ends. */
export function trimText(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isTrimmed(s.charCodeAt(a))) a++;
  while (b > a && isTrimmed(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function isTrimmed(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

// ------------------------------------------------------------------ vectors

export interface NumVec {
  readonly kind: "num";
  /** Slot i: the value of row sel[i] (NaN = null). */
  readonly out: Float64Array;
  /** True for a literal: `out` holds it in every slot and eval does nothing. */
  readonly konst: boolean;
  eval(sel: Int32Array, n: number): void;
}

export interface TextVec {
  readonly kind: "text";
  /** Slot i: the code of row sel[i]'s value in `dict` (-1 = null). */
  readonly out: Int32Array;
  readonly dict: Dict;
  readonly konst: boolean;
  eval(sel: Int32Array, n: number): void;
}

export type Vec = NumVec | TextVec;

const NOOP = () => {};

function numConst(v: number): NumVec {
  return { kind: "num", out: new Float64Array(BLOCK).fill(v), konst: true, eval: NOOP };
}

function textConst(s: string | null): TextVec {
  const dict = new Dict(s === null ? [] : [s]);
  return { kind: "text", out: new Int32Array(BLOCK).fill(s === null ? -1 : 0), dict, konst: true, eval: NOOP };
}

function numVec(evalFn: (sel: Int32Array, n: number, out: Float64Array) => void): NumVec {
  const out = new Float64Array(BLOCK);
  return { kind: "num", out, konst: false, eval: (sel, n) => evalFn(sel, n, out) };
}

/** A value of a literal in the numeric representation: booleans 1/0, null NaN. */
function litNum(v: Literal): number {
  if (v === null) return NaN;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  return NaN;
}

/**
 * Per-code values of a function of the dictionary's strings, computed on first use (the
 * dictionary may grow while the vector runs): a truth table (0, 1, NaN for null) or a remap to
 * another dictionary's codes.
 */
class CodeTable {
  private t: Float64Array;
  constructor(size: number, private readonly f: (code: number) => number) {
    this.t = new Float64Array(Math.max(16, size)).fill(-Infinity);
  }
  get(c: number): number {
    let t = this.t;
    if (c >= t.length) {
      const next = new Float64Array(Math.max(c + 1, t.length * 2)).fill(-Infinity);
      next.set(t);
      this.t = t = next;
    }
    let v = t[c];
    if (v === -Infinity) t[c] = v = this.f(c);
    return v;
  }
}

/** Per-day values (period keys), computed once per distinct day: a dense table over the days seen, a Map beyond. */
class DayTable {
  private lo = 0;
  private t = new Int32Array(0);
  private readonly far = new Map<number, number>();
  constructor(private readonly f: (day: number) => number) {}
  get(d: number): number {
    let i = d - this.lo;
    if (i < 0 || i >= this.t.length) {
      if (this.t.length === 0) {
        this.lo = d - 512;
        this.t = new Int32Array(2048).fill(-2);
        i = d - this.lo;
      } else {
        const lo = Math.min(this.lo, d - 512);
        const hi = Math.max(this.lo + this.t.length, d + 512);
        if (hi - lo > 1 << 20) {
          let v = this.far.get(d);
          if (v === undefined) this.far.set(d, (v = this.f(d)));
          return v;
        }
        const next = new Int32Array(hi - lo).fill(-2);
        next.set(this.t, this.lo - lo);
        this.t = next;
        this.lo = lo;
        i = d - lo;
      }
    }
    let v = this.t[i];
    if (v === -2) this.t[i] = v = this.f(d);
    return v;
  }
}

/**
 * Compiles row expressions for one table and zone. Columns are read from `table.columns` (text
 * columns should be canonical: see canonicalText). Every vector it returns owns its buffers: use
 * one per place it is evaluated.
 */
export class VectorCompiler {
  constructor(
    readonly table: Table,
    readonly zone: Zone,
  ) {}

  /** A vector of the expression's natural kind: text for text, numbers for the rest. */
  vec(e: RowExpr): Vec {
    return typeOf(e) === "text" ? this.text(e) : this.num(e);
  }

  // ---------------------------------------------------------------- numbers, dates, datetimes, booleans

  num(e: RowExpr): NumVec {
    switch (e.k) {
      case "lit":
        return numConst(litNum(e.v));
      case "col": {
        const col = this.table.columns.get(e.name);
        if (!col || col.type === "text") return numConst(NaN);
        const vals = col.values;
        return numVec((sel, n, out) => {
          for (let i = 0; i < n; i++) out[i] = vals[sel[i]];
        });
      }
      case "neg": {
        const x = this.num(e.e);
        const xs = x.out;
        return numVec((sel, n, out) => {
          x.eval(sel, n);
          for (let i = 0; i < n; i++) out[i] = -xs[i];
        });
      }
      case "not": {
        const x = this.num(e.e);
        const xs = x.out;
        return numVec((sel, n, out) => {
          x.eval(sel, n);
          for (let i = 0; i < n; i++) out[i] = 1 - xs[i]; // NaN stays NaN
        });
      }
      case "arith":
        return this.arith(e.op, this.num(e.l), this.num(e.r));
      case "cmp":
        return this.cmp(e.op, e.l, e.r);
      case "and":
      case "or": {
        const l = this.num(e.l);
        const r = this.num(e.r);
        const a = l.out;
        const b = r.out;
        const and = e.k === "and";
        return numVec((sel, n, out) => {
          l.eval(sel, n);
          r.eval(sel, n);
          if (and) {
            for (let i = 0; i < n; i++) {
              const x = a[i];
              const y = b[i];
              out[i] = x === 0 || y === 0 ? 0 : x !== x || y !== y ? NaN : 1;
            }
          } else {
            for (let i = 0; i < n; i++) {
              const x = a[i];
              const y = b[i];
              out[i] = x === 1 || y === 1 ? 1 : x !== x || y !== y ? NaN : 0;
            }
          }
        });
      }
      case "isnull": {
        const neg = e.negated;
        if (typeOf(e.e) === "text") {
          const x = this.text(e.e);
          const xs = x.out;
          return numVec((sel, n, out) => {
            x.eval(sel, n);
            for (let i = 0; i < n; i++) out[i] = (xs[i] < 0) !== neg ? 1 : 0;
          });
        }
        const x = this.num(e.e);
        const xs = x.out;
        return numVec((sel, n, out) => {
          x.eval(sel, n);
          for (let i = 0; i < n; i++) out[i] = (xs[i] !== xs[i]) !== neg ? 1 : 0;
        });
      }
      case "in":
        return this.inVec(e.e, e.items, e.negated);
      case "fn":
        return this.fnNum(e);
    }
  }

  private arith(op: string, l: NumVec, r: NumVec): NumVec {
    const a = l.out;
    const b = r.out;
    const run = (sel: Int32Array, n: number) => {
      l.eval(sel, n);
      r.eval(sel, n);
    };
    switch (op) {
      case "+":
        return numVec((sel, n, out) => {
          run(sel, n);
          for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
        });
      case "-":
        return numVec((sel, n, out) => {
          run(sel, n);
          for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
        });
      case "*":
        return numVec((sel, n, out) => {
          run(sel, n);
          for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
        });
      default:
        return numVec((sel, n, out) => {
          run(sel, n);
          for (let i = 0; i < n; i++) {
            const y = b[i];
            out[i] = y === 0 ? NaN : a[i] / y;
          }
        });
    }
  }

  private cmp(op: string, le: RowExpr, re: RowExpr): NumVec {
    const lt = typeOf(le);
    const rt = typeOf(re);
    if (lt === "text" || rt === "text") {
      if (lt === "null" || rt === "null") return numConst(NaN);
      return this.textCmp(op, this.text(le), this.text(re));
    }
    const l = this.num(le);
    const r = this.num(re);
    const a = l.out;
    const b = r.out;
    const loop = (test: (x: number, y: number) => boolean) =>
      numVec((sel, n, out) => {
        l.eval(sel, n);
        r.eval(sel, n);
        for (let i = 0; i < n; i++) {
          const x = a[i];
          const y = b[i];
          out[i] = x !== x || y !== y ? NaN : test(x, y) ? 1 : 0;
        }
      });
    switch (op) {
      case "==":
        return numVec((sel, n, out) => {
          l.eval(sel, n);
          r.eval(sel, n);
          for (let i = 0; i < n; i++) {
            const x = a[i];
            const y = b[i];
            out[i] = x !== x || y !== y ? NaN : x === y ? 1 : 0;
          }
        });
      case "!=":
        return numVec((sel, n, out) => {
          l.eval(sel, n);
          r.eval(sel, n);
          for (let i = 0; i < n; i++) {
            const x = a[i];
            const y = b[i];
            out[i] = x !== x || y !== y ? NaN : x !== y ? 1 : 0;
          }
        });
      case "<":
        return loop((x, y) => x < y);
      case "<=":
        return loop((x, y) => x <= y);
      case ">":
        return loop((x, y) => x > y);
      default:
        return loop((x, y) => x >= y);
    }
  }

  private textCmp(op: string, l: TextVec, r: TextVec): NumVec {
    const test = textTest(op);
    // One side a literal: a truth table over the other side's dictionary.
    if (l.konst || r.konst) {
      const other = l.konst ? r : l;
      const k = (l.konst ? l : r).out[0];
      if (k < 0) return numConst(NaN);
      const od = other.dict;
      const s = (l.konst ? l : r).dict.str(k);
      const eq = op === "==" || op === "!=" ? od.equalsLiteral(s) : undefined;
      const truth = eq
        ? new CodeTable(od.size, (c) => (eq(c) === (op === "==") ? 1 : 0))
        : new CodeTable(od.size, l.konst ? (c) => (test(s, od.str(c)) ? 1 : 0) : (c) => (test(od.str(c), s) ? 1 : 0));
      return this.codesTo(other, (c) => truth.get(c));
    }
    const a = l.out;
    const b = r.out;
    const sameDict = l.dict === r.dict;
    const ld = l.dict;
    const rd = r.dict;
    return numVec((sel, n, out) => {
      l.eval(sel, n);
      r.eval(sel, n);
      for (let i = 0; i < n; i++) {
        const x = a[i];
        const y = b[i];
        if (x < 0 || y < 0) out[i] = NaN;
        else if (sameDict && (op === "==" || op === "!=")) out[i] = (x === y) === (op === "==") ? 1 : 0;
        else out[i] = test(ld.str(x), rd.str(y)) ? 1 : 0;
      }
    });
  }

  /** A number per non-null code of a text vector (null codes give NaN). */
  private codesTo(x: TextVec, f: (code: number) => number): NumVec {
    const xs = x.out;
    return numVec((sel, n, out) => {
      x.eval(sel, n);
      for (let i = 0; i < n; i++) {
        const c = xs[i];
        out[i] = c < 0 ? NaN : f(c);
      }
    });
  }

  private inVec(e: RowExpr, items: Literal[], negated: boolean): NumVec {
    const hasNull = items.some((v) => v === null);
    // Three-valued: a match is true; else null when an item is null; else false. `not in` negates.
    const miss = hasNull ? NaN : negated ? 1 : 0;
    const hit = negated ? 0 : 1;
    if (typeOf(e) === "text") {
      const x = this.text(e);
      const texts = items.filter((v): v is string => typeof v === "string");
      const d = x.dict;
      // Compared as bytes when every item can be (equalsLiteral), else as strings.
      const eqs = texts.map((t) => d.equalsLiteral(t));
      const set = new Set(texts);
      const truth = eqs.every((f) => f !== undefined)
        ? new CodeTable(d.size, (c) => (eqs.some((f) => f!(c)) ? hit : miss))
        : new CodeTable(d.size, (c) => (set.has(d.str(c)) ? hit : miss));
      return this.codesTo(x, (c) => truth.get(c));
    }
    const x = this.num(e);
    const xs = x.out;
    const vals = items.filter((v) => v !== null).map(litNum);
    const set = new Set(vals);
    return numVec((sel, n, out) => {
      x.eval(sel, n);
      for (let i = 0; i < n; i++) {
        const v = xs[i];
        out[i] = v !== v ? NaN : set.has(v) ? hit : miss;
      }
    });
  }

  /** The local day of a date or datetime expression (a datetime column uses its cached local days). */
  private localDay(e: RowExpr): NumVec {
    if (typeOf(e) === "date") return this.num(e);
    if (e.k === "col") {
      const col = this.table.columns.get(e.name);
      if (!col || col.type === "text") return numConst(NaN);
      const d = dayReader(col, this.zone);
      return numVec((sel, n, out) => daysOf(d, sel, n, out));
    }
    const x = this.num(e);
    const xs = x.out;
    const zone = this.zone;
    const utc = zone.name === "UTC";
    return numVec((sel, n, out) => {
      x.eval(sel, n);
      for (let i = 0; i < n; i++) {
        const v = xs[i];
        out[i] = v !== v ? NaN : utc ? Math.floor(v / MS_PER_DAY) : zone.localDay(v);
      }
    });
  }

  /** The instant of an expression: a datetime as it is, a date at its local midnight. */
  private instant(e: RowExpr): NumVec {
    if (typeOf(e) !== "date") return this.num(e);
    const x = this.num(e);
    const xs = x.out;
    const zone = this.zone;
    const utc = zone.name === "UTC";
    return numVec((sel, n, out) => {
      x.eval(sel, n);
      for (let i = 0; i < n; i++) {
        const v = xs[i];
        out[i] = v !== v ? NaN : utc ? v * MS_PER_DAY : zone.fromLocal(v * MS_PER_DAY);
      }
    });
  }

  private fnNum(e: Extract<RowExpr, { k: "fn" }>): NumVec {
    const args = e.args;
    switch (e.fn) {
      case "if": {
        const c = this.num(args[0]);
        const a = this.num(args[1]);
        const b = this.num(args[2]);
        const cs = c.out;
        const as = a.out;
        const bs = b.out;
        return numVec((sel, n, out) => {
          c.eval(sel, n);
          a.eval(sel, n);
          b.eval(sel, n);
          for (let i = 0; i < n; i++) out[i] = cs[i] === 1 ? as[i] : bs[i];
        });
      }
      case "contains":
      case "starts_with": {
        const s = this.text(args[0]);
        const t = this.text(args[1]);
        const test = e.fn === "contains" ? (x: string, y: string) => x.includes(y) : (x: string, y: string) => x.startsWith(y);
        if (t.konst || s.konst) {
          const k = t.konst ? t : s;
          const other = t.konst ? s : t;
          if (k.out[0] < 0) return numConst(NaN);
          const lit = k.dict.str(k.out[0]);
          const od = other.dict;
          const truth = new CodeTable(od.size, t.konst ? (c) => (test(od.str(c), lit) ? 1 : 0) : (c) => (test(lit, od.str(c)) ? 1 : 0));
          return this.codesTo(other, (c) => truth.get(c));
        }
        const ss = s.out;
        const ts = t.out;
        const sd = s.dict;
        const td = t.dict;
        return numVec((sel, n, out) => {
          s.eval(sel, n);
          t.eval(sel, n);
          for (let i = 0; i < n; i++) {
            const x = ss[i];
            const y = ts[i];
            out[i] = x < 0 || y < 0 ? NaN : test(sd.str(x), td.str(y)) ? 1 : 0;
          }
        });
      }
      case "date":
        return this.localDay(args[0]);
      case "midnight":
        return this.instant(args[0]);
      case "days_between":
      case "hours_between":
      case "minutes_between": {
        if (e.fn === "days_between" && typeOf(args[0]) === "date" && typeOf(args[1]) === "date") {
          return this.arith("-", this.num(args[1]), this.num(args[0]));
        }
        const a = this.instant(args[0]);
        const b = this.instant(args[1]);
        const unit = e.fn === "days_between" ? MS_PER_DAY : e.fn === "hours_between" ? 3600000 : 60000;
        const as = a.out;
        const bs = b.out;
        return numVec((sel, n, out) => {
          a.eval(sel, n);
          b.eval(sel, n);
          for (let i = 0; i < n; i++) out[i] = (bs[i] - as[i]) / unit;
        });
      }
      case "round": {
        const x = this.num(args[0]);
        const xs = x.out;
        if (args.length < 2) {
          return numVec((sel, n, out) => {
            x.eval(sel, n);
            for (let i = 0; i < n; i++) {
              const v = xs[i];
              out[i] = v !== v ? NaN : roundFast(v, 0);
            }
          });
        }
        const d = this.num(args[1]);
        const ds = d.out;
        return numVec((sel, n, out) => {
          x.eval(sel, n);
          d.eval(sel, n);
          for (let i = 0; i < n; i++) {
            const v = xs[i];
            const k = ds[i];
            out[i] = v !== v || k !== k ? NaN : roundFast(v, k);
          }
        });
      }
      case "abs": {
        const x = this.num(args[0]);
        const xs = x.out;
        return numVec((sel, n, out) => {
          x.eval(sel, n);
          for (let i = 0; i < n; i++) out[i] = Math.abs(xs[i]);
        });
      }
      case "coalesce": {
        const xs = args.map((a) => this.num(a));
        return numVec((sel, n, out) => {
          out.fill(NaN, 0, n);
          for (const x of xs) {
            x.eval(sel, n);
            const v = x.out;
            for (let i = 0; i < n; i++) if (out[i] !== out[i]) out[i] = v[i];
          }
        });
      }
      case "least":
      case "greatest": {
        // Row context: any null argument gives null (language-v2 §10.2).
        const xs = args.map((a) => this.num(a));
        const least = e.fn === "least";
        return numVec((sel, n, out) => {
          for (let k = 0; k < xs.length; k++) {
            const x = xs[k];
            x.eval(sel, n);
            const v = x.out;
            if (k === 0) {
              out.set(v.subarray(0, n));
              continue;
            }
            for (let i = 0; i < n; i++) {
              const y = v[i];
              const cur = out[i];
              if (y !== y) out[i] = NaN;
              else if (least ? y < cur : y > cur) out[i] = y;
            }
          }
        });
      }
      default:
        // Text functions in a numeric place, and as_of() (the planner replaces it): null.
        return numConst(NaN);
    }
  }

  // ---------------------------------------------------------------- text

  text(e: RowExpr): TextVec {
    switch (e.k) {
      case "lit":
        return textConst(typeof e.v === "string" ? e.v : null);
      case "col": {
        const col = this.table.columns.get(e.name);
        if (!col || col.type !== "text") return textConst(null);
        const codes = col.codes;
        const out = new Int32Array(BLOCK);
        return {
          kind: "text",
          out,
          dict: new Dict(col.dict),
          konst: false,
          eval: (sel, n) => {
            for (let i = 0; i < n; i++) out[i] = codes[sel[i]];
          },
        };
      }
      case "fn":
        return this.fnText(e);
      default:
        return textConst(null);
    }
  }

  /** A text vector whose codes are a function of another's (lower, upper, trim), computed once per code. */
  private mapText(x: TextVec, f: (s: string) => string): TextVec {
    const dict = new Dict();
    const xd = x.dict;
    const table = new CodeTable(xd.size, (c) => dict.intern(f(xd.str(c))));
    const xs = x.out;
    const out = new Int32Array(BLOCK);
    return {
      kind: "text",
      out,
      dict,
      konst: false,
      eval: (sel, n) => {
        x.eval(sel, n);
        for (let i = 0; i < n; i++) {
          const c = xs[i];
          out[i] = c < 0 ? -1 : table.get(c);
        }
      },
    };
  }

  /** Codes of several text vectors in one dictionary (if, coalesce, least, greatest). */
  private merged(xs: TextVec[]): { dict: Dict; tables: CodeTable[] } {
    const dict = new Dict();
    return { dict, tables: xs.map((x) => new CodeTable(x.dict.size, (c) => dict.intern(x.dict.str(c)))) };
  }

  private fnText(e: Extract<RowExpr, { k: "fn" }>): TextVec {
    const args = e.args;
    const out = new Int32Array(BLOCK);
    switch (e.fn) {
      case "lower":
      case "upper": {
        const upper = e.fn === "upper";
        return this.mapText(this.text(args[0]), (s) => simpleCase(s, upper));
      }
      case "trim":
        return this.mapText(this.text(args[0]), trimText);
      case "day":
      case "week":
      case "month":
      case "quarter":
      case "year": {
        const p = e.fn as TrendPeriod;
        const x = this.localDay(args[0]);
        const xs = x.out;
        const dict = new Dict();
        const table = new DayTable((d) => dict.intern(periodLabel(periodCode(d, p), p)));
        return {
          kind: "text",
          out,
          dict,
          konst: false,
          eval: (sel, n) => {
            x.eval(sel, n);
            for (let i = 0; i < n; i++) {
              const d = xs[i];
              out[i] = d !== d ? -1 : table.get(d);
            }
          },
        };
      }
      case "if": {
        const c = this.num(args[0]);
        const a = this.text(args[1]);
        const b = this.text(args[2]);
        const { dict, tables } = this.merged([a, b]);
        const cs = c.out;
        const as = a.out;
        const bs = b.out;
        return {
          kind: "text",
          out,
          dict,
          konst: false,
          eval: (sel, n) => {
            c.eval(sel, n);
            a.eval(sel, n);
            b.eval(sel, n);
            for (let i = 0; i < n; i++) {
              if (cs[i] === 1) out[i] = as[i] < 0 ? -1 : tables[0].get(as[i]);
              else out[i] = bs[i] < 0 ? -1 : tables[1].get(bs[i]);
            }
          },
        };
      }
      case "coalesce": {
        const xs = args.map((a) => this.text(a));
        const { dict, tables } = this.merged(xs);
        return {
          kind: "text",
          out,
          dict,
          konst: false,
          eval: (sel, n) => {
            out.fill(-1, 0, n);
            for (let k = 0; k < xs.length; k++) {
              const x = xs[k];
              x.eval(sel, n);
              const v = x.out;
              const t = tables[k];
              for (let i = 0; i < n; i++) if (out[i] < 0 && v[i] >= 0) out[i] = t.get(v[i]);
            }
          },
        };
      }
      case "least":
      case "greatest": {
        // Any null argument gives null; text compares by code point.
        const xs = args.map((a) => this.text(a));
        const { dict, tables } = this.merged(xs);
        const least = e.fn === "least";
        return {
          kind: "text",
          out,
          dict,
          konst: false,
          eval: (sel, n) => {
            for (let k = 0; k < xs.length; k++) {
              const x = xs[k];
              x.eval(sel, n);
              const v = x.out;
              const t = tables[k];
              for (let i = 0; i < n; i++) {
                const c = v[i];
                if (k === 0) out[i] = c < 0 ? -1 : t.get(c);
                else if (out[i] < 0) continue;
                else if (c < 0) out[i] = -1;
                else {
                  const m = t.get(c);
                  const d = compareCodePoints(dict.str(m), dict.str(out[i]));
                  if (least ? d < 0 : d > 0) out[i] = m;
                }
              }
            }
          },
        };
      }
      default:
        return textConst(null);
    }
  }

  // ---------------------------------------------------------------- filters

  /** A selection step keeping the rows where the condition is true. */
  filter(e: RowExpr): FilterStep {
    if (e.k === "and") {
      const l = this.filter(e.l);
      const r = this.filter(e.r);
      return (sel, n, out) => r(out, l(sel, n, out), out);
    }
    if (e.k === "lit") {
      if (e.v !== true) return () => 0;
      return (sel, n, out) => {
        if (out !== sel) out.set(sel.subarray(0, n));
        return n;
      };
    }
    const fast = this.columnFilter(e);
    if (fast) return fast;
    const v = this.num(e);
    const vs = v.out;
    return (sel, n, out) => {
      v.eval(sel, n);
      let m = 0;
      for (let i = 0; i < n; i++) if (vs[i] === 1) out[m++] = sel[i];
      return m;
    };
  }

  /** `col op literal`, `literal op col`, `col in [...]`, `col is null`: loops over the column itself. */
  private columnFilter(e: RowExpr): FilterStep | undefined {
    let colExpr: RowExpr | undefined;
    if (e.k === "isnull" || e.k === "in") colExpr = e.e;
    else if (e.k === "cmp") {
      if (e.l.k === "col" && e.r.k === "lit") colExpr = e.l;
      else if (e.r.k === "col" && e.l.k === "lit") colExpr = e.r;
    }
    if (!colExpr || colExpr.k !== "col") return undefined;
    const col = this.table.columns.get(colExpr.name);
    if (!col) return undefined;
    if (col.type === "text") {
      // A truth table over the dictionary, made with the vector semantics on each distinct value.
      if (e.k === "cmp" && typeOf(e.l) !== "text" && typeOf(e.r) !== "text") return undefined;
      const truth = this.dictTruth(col, e);
      const codes = col.codes;
      const nullPasses = truth.nullPasses;
      const t = truth.t;
      return (sel, n, out) => {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const r = sel[i];
          const c = codes[r];
          if (c >= 0 ? t[c] === 1 : nullPasses) out[m++] = r;
        }
        return m;
      };
    }
    const vals = col.values;
    if (e.k === "isnull") {
      const keepNull = !e.negated;
      return (sel, n, out) => {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const r = sel[i];
          const v = vals[r];
          if ((v !== v) === keepNull) out[m++] = r;
        }
        return m;
      };
    }
    if (e.k === "in") {
      const items = e.items.filter((v) => v !== null).map(litNum);
      if (e.negated) {
        if (items.length !== e.items.length) return () => 0; // a null item: no row is true
        const set = new Set(items);
        return (sel, n, out) => {
          let m = 0;
          for (let i = 0; i < n; i++) {
            const r = sel[i];
            const v = vals[r];
            if (v === v && !set.has(v)) out[m++] = r;
          }
          return m;
        };
      }
      const set = new Set(items);
      return (sel, n, out) => {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const r = sel[i];
          if (set.has(vals[r])) out[m++] = r;
        }
        return m;
      };
    }
    if (e.k !== "cmp") return undefined;
    const colLeft = e.l.k === "col";
    const lit = (colLeft ? e.r : e.l) as Extract<RowExpr, { k: "lit" }>;
    const c = litNum(lit.v);
    if (c !== c) return () => 0;
    const op = colLeft ? e.op : FLIPPED[e.op];
    switch (op) {
      case "==": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] === c) out[m++] = r; } return m; };
      case "!=": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; const v = vals[r]; if (v === v && v !== c) out[m++] = r; } return m; };
      case "<": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] < c) out[m++] = r; } return m; };
      case "<=": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] <= c) out[m++] = r; } return m; };
      case ">": return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] > c) out[m++] = r; } return m; };
      default: return (sel, n, out) => { let m = 0; for (let i = 0; i < n; i++) { const r = sel[i]; if (vals[r] >= c) out[m++] = r; } return m; };
    }
  }

  /** Whether condition `e` on text column `col` is true for each dictionary code, and for null. */
  private dictTruth(col: TextColumn, e: RowExpr): { t: Uint8Array; nullPasses: boolean } {
    // Evaluate the condition with the vector semantics over a one-column table of the dictionary.
    const values = col.dict.length + 1;
    const codes = new Int32Array(values);
    for (let c = 0; c < col.dict.length; c++) codes[c] = c;
    codes[col.dict.length] = -1;
    const name = (e.k === "cmp" ? (e.l.k === "col" ? e.l : e.r) : (e as { e: RowExpr }).e) as Extract<RowExpr, { k: "col" }>;
    const sub = new VectorCompiler({ rowCount: values, columns: new Map([[name.name, { name: name.name, type: "text", codes, dict: col.dict }]]), rowLines: new Int32Array(0), files: [] }, this.zone);
    const v = sub.num(e);
    const t = new Uint8Array(values);
    const sel = new Int32Array(BLOCK);
    for (let from = 0; from < values; from += BLOCK) {
      const n = Math.min(BLOCK, values - from);
      for (let i = 0; i < n; i++) sel[i] = from + i;
      v.eval(sel, n);
      for (let i = 0; i < n; i++) t[from + i] = v.out[i] === 1 ? 1 : 0;
    }
    return { t, nullPasses: t[col.dict.length] === 1 };
  }
}

const FLIPPED: Record<string, string> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function textTest(op: string): (a: string, b: string) => boolean {
  switch (op) {
    case "==":
      return (a, b) => a === b;
    case "!=":
      return (a, b) => a !== b;
    case "<":
      return (a, b) => compareCodePoints(a, b) < 0;
    case "<=":
      return (a, b) => compareCodePoints(a, b) <= 0;
    case ">":
      return (a, b) => compareCodePoints(a, b) > 0;
    default:
      return (a, b) => compareCodePoints(a, b) >= 0;
  }
}

/** Every row of a block, in order: the selection of an unfiltered block, and the identity for vectors' slots. */
export const IDENTITY = Int32Array.from({ length: BLOCK }, (_, i) => i);
