// A scalar reference for the native engine's tests: random typed tables, random well-typed row
// expressions (plan/ir.ts), and a straightforward row-by-row interpreter of ir.ts's semantics,
// written independently of engines/native (plain JS values, JS Date for calendar keys).
import type { Column, Table } from "../../server/src/core/data/table";
import type { Literal, RowExpr, ValueType } from "../../server/src/core/plan/ir";
import type { Zone } from "../../server/src/core/time/zone";

export type Value = number | string | boolean | null;

/** A seeded PRNG (mulberry32): tests are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const DAY = 86400000;
/** 2024-01-01 … 2026-12-31, around the daylight-saving changes of Europe and America. */
const DAY_LO = 19723;
const DAY_HI = 20818;

export const TEXT_POOL = [
  "", "a", "abc", "ABC", "Abc", " padded ", "\ttab\n", "\r\nx", "straße", "STRASSE", "ß", "İstanbul", "ı", "ᾳ", "ᾼ", "ΣΑΣ", "σ",
  "😀", "\uFF21", "\uFFFD", "ǅ", "Ⱥ", "ⱥ", "ﬁ", "web", "app", "store", "we", "ab", "b", "2026-01", "é", "É",
];
export const NUM_POOL = [0, -0, 1, -1, 2.5, -2.5, 0.5, 1.005, 2.675, -2.675, 1e-7, 123456.789, 9, 10, 6, 7, 3, 1e15, 0.1, 0.2, 0.3];

export interface ColSpec {
  name: string;
  type: ValueType;
}

export const COLUMNS: ColSpec[] = [
  { name: "n_a", type: "number" },
  { name: "n_b", type: "number" },
  { name: "i_c", type: "number" },
  { name: "b_a", type: "boolean" },
  { name: "d_a", type: "date" },
  { name: "d_b", type: "date" },
  { name: "t_a", type: "datetime" },
  { name: "t_b", type: "datetime" },
  { name: "s_a", type: "text" },
  { name: "s_b", type: "text" },
  { name: "s_dup", type: "text" },
];

function randomNumber(r: () => number, name: string): number {
  if (name === "i_c") return Math.floor(r() * 13) - 1;
  return r() < 0.5 ? pick(r, NUM_POOL) : Math.round((r() * 200 - 100) * 1000) / 1000;
}

function randomDay(r: () => number): number {
  return DAY_LO + Math.floor(r() * (DAY_HI - DAY_LO));
}

function randomInstant(r: () => number): number {
  // Whole minutes, and often within hours of midnight (local dates differ from UTC dates there).
  const d = randomDay(r);
  const minutes = r() < 0.4 ? pick(r, [0, 30, 60, 90, 120, 1380, 1410, 1439, 1, 59]) : Math.floor(r() * 1440);
  return d * DAY + minutes * 60000 + (r() < 0.1 ? 500 : 0);
}

/** A table of `rows` rows over COLUMNS, about one value in eight null. s_dup's dictionary repeats strings. */
export function randomTable(r: () => number, rows: number): Table {
  const columns = new Map<string, Column>();
  for (const spec of COLUMNS) {
    if (spec.type === "text") {
      // s_dup: a dictionary that repeats strings, as a reader's may where invalid bytes became U+FFFD.
      const dict = spec.name === "s_dup" ? ["x\uFFFD", "\uFFFD", "x\uFFFD", "Y", "\uFFFD", "y"] : [...TEXT_POOL];
      const codes = new Int32Array(rows);
      for (let i = 0; i < rows; i++) codes[i] = r() < 0.12 ? -1 : Math.floor(r() * dict.length);
      columns.set(spec.name, { name: spec.name, type: "text", codes, dict });
      continue;
    }
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      if (r() < 0.12) values[i] = NaN;
      else if (spec.type === "boolean") values[i] = r() < 0.5 ? 1 : 0;
      else if (spec.type === "date") values[i] = randomDay(r);
      else if (spec.type === "datetime") values[i] = randomInstant(r);
      else values[i] = randomNumber(r, spec.name);
    }
    columns.set(spec.name, { name: spec.name, type: spec.type === "number" ? "number" : spec.type, values });
  }
  return { rowCount: rows, columns, rowLines: Int32Array.from({ length: rows }, (_, i) => i + 2), files: ["data.csv"] };
}

function randomLiteral(r: () => number, t: ValueType): Literal {
  if (r() < 0.08) return null;
  switch (t) {
    case "number":
      return pick(r, NUM_POOL);
    case "text":
      return pick(r, TEXT_POOL);
    case "boolean":
      return r() < 0.5;
    case "date":
      return randomDay(r);
    case "datetime":
      return randomInstant(r);
  }
}

const lit = (t: ValueType, v: Literal): RowExpr => ({ k: "lit", t: v === null ? "null" : t, v });

/** A random well-typed expression of type t. */
export function randomExpr(r: () => number, t: ValueType, depth: number): RowExpr {
  const leaf = depth <= 0 || r() < 0.25;
  const cols = COLUMNS.filter((c) => c.type === t);
  if (leaf) {
    if (cols.length && r() < 0.7) return { k: "col", t, name: pick(r, cols).name };
    return lit(t, randomLiteral(r, t));
  }
  const sub = (tt: ValueType) => randomExpr(r, tt, depth - 1);
  const anyType = () => pick(r, ["number", "text", "boolean", "date", "datetime"] as ValueType[]);
  const generic = (): RowExpr | undefined => {
    switch (Math.floor(r() * 4)) {
      case 0:
        return { k: "fn", fn: "if", t, args: [sub("boolean"), sub(t), sub(t)] };
      case 1:
        return { k: "fn", fn: "coalesce", t, args: [sub(t), sub(t), ...(r() < 0.3 ? [sub(t)] : [])] };
      case 2:
        return t === "boolean" ? undefined : { k: "fn", fn: pick(r, ["least", "greatest"] as const), t, args: [sub(t), sub(t), ...(r() < 0.3 ? [sub(t)] : [])] };
      default:
        return undefined;
    }
  };
  if (r() < 0.2) {
    const g = generic();
    if (g) return g;
  }
  switch (t) {
    case "number":
      switch (Math.floor(r() * 8)) {
        case 0:
          return { k: "neg", e: sub("number") };
        case 1:
        case 2:
          return { k: "arith", op: pick(r, ["+", "-", "*", "/"] as const), l: sub("number"), r: sub("number") };
        case 3:
          return { k: "fn", fn: "round", t, args: r() < 0.5 ? [sub("number")] : [sub("number"), lit("number", pick(r, [0, 1, 2, 3, null]))] };
        case 4:
          return { k: "fn", fn: "abs", t, args: [sub("number")] };
        case 5: {
          const a = pick(r, ["date", "datetime"] as ValueType[]);
          const b = pick(r, ["date", "datetime"] as ValueType[]);
          return { k: "fn", fn: pick(r, ["days_between", "hours_between", "minutes_between"] as const), t, args: [sub(a), sub(b)] };
        }
        default:
          return { k: "col", t, name: pick(r, cols).name };
      }
    case "boolean":
      switch (Math.floor(r() * 9)) {
        case 0:
          return { k: "not", e: sub("boolean") };
        case 1:
        case 2: {
          const tt = anyType();
          return { k: "cmp", op: pick(r, ["==", "!=", "<", "<=", ">", ">="] as const), l: sub(tt), r: sub(tt) };
        }
        case 3: {
          // Column against literal (the filter fast paths), either side.
          const c = pick(r, COLUMNS);
          const colE: RowExpr = { k: "col", t: c.type, name: c.name };
          const l = lit(c.type, randomLiteral(r, c.type));
          const op = pick(r, ["==", "!=", "<", "<=", ">", ">="] as const);
          return r() < 0.5 ? { k: "cmp", op, l: colE, r: l } : { k: "cmp", op, l, r: colE };
        }
        case 4:
          return { k: pick(r, ["and", "or"] as const), l: sub("boolean"), r: sub("boolean") };
        case 5:
          return { k: "isnull", e: sub(anyType()), negated: r() < 0.5 };
        case 6: {
          const tt = anyType();
          const items = Array.from({ length: 1 + Math.floor(r() * 4) }, () => randomLiteral(r, tt));
          return { k: "in", e: r() < 0.5 ? { k: "col", t: tt, name: pick(r, COLUMNS.filter((c) => c.type === tt)).name } : sub(tt), items, negated: r() < 0.4 };
        }
        case 7:
          return { k: "fn", fn: pick(r, ["contains", "starts_with"] as const), t, args: [sub("text"), sub("text")] };
        default:
          return { k: "col", t, name: "b_a" };
      }
    case "text":
      switch (Math.floor(r() * 3)) {
        case 0:
          return { k: "fn", fn: pick(r, ["lower", "upper", "trim"] as const), t, args: [sub("text")] };
        case 1:
          return { k: "fn", fn: pick(r, ["day", "week", "month", "quarter", "year"] as const), t, args: [sub(pick(r, ["date", "datetime"] as ValueType[]))] };
        default:
          return { k: "col", t, name: pick(r, cols).name };
      }
    case "date":
      return r() < 0.6 ? { k: "fn", fn: "date", t, args: [sub(pick(r, ["date", "datetime"] as ValueType[]))] } : { k: "col", t, name: pick(r, cols).name };
    case "datetime":
      return r() < 0.5 ? { k: "fn", fn: "midnight", t, args: [sub("date")] } : { k: "col", t, name: pick(r, cols).name };
  }
}

// ------------------------------------------------------------------ the reference interpreter

/** Code-point order, by explicit code point arrays. */
export function refCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** Simple case mappings of the pool's characters whose full mapping has several code points (UnicodeData.txt). */
const SIMPLE: Record<string, { lower?: string; upper?: string }> = {
  "İ": { lower: "i" },
  "ᾳ": { upper: "ᾼ" },
};

function refCase(s: string, upper: boolean): string {
  return Array.from(s, (ch) => {
    const full = upper ? ch.toUpperCase() : ch.toLowerCase();
    if (Array.from(full).length === 1) return full;
    return (upper ? SIMPLE[ch]?.upper : SIMPLE[ch]?.lower) ?? ch;
  }).join("");
}

const iso = (day: number) => new Date(day * DAY).toISOString();

function refPeriod(day: number, p: string): string {
  const s = iso(day);
  const y = s.slice(0, 4);
  const m = Number(s.slice(5, 7));
  switch (p) {
    case "day":
      return s.slice(0, 10);
    case "month":
      return s.slice(0, 7);
    case "quarter":
      return `${y}-Q${Math.ceil(m / 3)}`;
    case "year":
      return y;
    default: {
      // ISO week: the week's Thursday decides the year; week 1 holds the year's first Thursday.
      const date = new Date(day * DAY);
      const dow = (date.getUTCDay() + 6) % 7; // Monday 0
      const thursday = new Date((day - dow + 3) * DAY);
      const wy = thursday.getUTCFullYear();
      const jan1 = Date.UTC(wy, 0, 1) / DAY;
      const week = Math.floor((day - dow + 3 - jan1) / 7) + 1;
      return `${wy}-W${String(week).padStart(2, "0")}`;
    }
  }
}

/** Half away from zero on the shortest decimal form of v (String(v)), with BigInt digits. */
export function refRound(v: number, digits: number): number {
  const d = Math.max(0, Math.min(15, Math.trunc(digits)));
  if (!Number.isFinite(v)) return v;
  const s = String(Math.abs(v));
  const i = s.indexOf("e");
  const mant = i < 0 ? s : s.slice(0, i);
  const exp = i < 0 ? 0 : Number(s.slice(i + 1));
  const [ip, fp = ""] = mant.split(".");
  const all = ip + fp;
  const point = ip.length + exp + d; // the decimal point of all × 10^(exp + d)
  let int = point <= 0 ? 0n : BigInt(all.slice(0, point).padEnd(point, "0"));
  const next = point < 0 ? 0 : point < all.length ? Number(all[point]) : 0;
  if (next >= 5) int += 1n;
  return (v < 0 ? -1 : 1) * Number(`${int}e-${d}`);
}

function typeOfRef(e: RowExpr): ValueType | "null" {
  switch (e.k) {
    case "lit":
    case "col":
    case "fn":
      return e.t;
    case "neg":
    case "arith":
      return "number";
    default:
      return "boolean";
  }
}

/** The value of e on row r of t. */
export function refEval(e: RowExpr, t: Table, r: number, zone: Zone): Value {
  const ev = (x: RowExpr) => refEval(x, t, r, zone);
  const localDay = (ms: number) => zone.localDay(ms);
  const instant = (x: RowExpr, v: number) => (typeOfRef(x) === "date" ? zone.fromLocal(v * DAY) : v);
  switch (e.k) {
    case "lit":
      return e.v;
    case "col": {
      const c = t.columns.get(e.name);
      if (!c) return null;
      if (c.type === "text") return c.codes[r] < 0 ? null : c.dict.at(c.codes[r])!;
      const v = c.values[r];
      if (Number.isNaN(v)) return null;
      return c.type === "boolean" ? v === 1 : v;
    }
    case "neg": {
      const v = ev(e.e);
      return v === null ? null : -(v as number);
    }
    case "not": {
      const v = ev(e.e);
      return v === null ? null : !v;
    }
    case "arith": {
      const a = ev(e.l);
      const b = ev(e.r);
      if (a === null || b === null) return null;
      const x = a as number;
      const y = b as number;
      if (e.op === "/" && y === 0) return null;
      const v = e.op === "+" ? x + y : e.op === "-" ? x - y : e.op === "*" ? x * y : x / y;
      return Number.isNaN(v) ? null : v;
    }
    case "cmp": {
      const a = ev(e.l);
      const b = ev(e.r);
      if (a === null || b === null) return null;
      const c = typeof a === "string" ? refCompare(a, b as string) : Number(a) - Number(b);
      switch (e.op) {
        case "==":
          return c === 0;
        case "!=":
          return c !== 0;
        case "<":
          return c < 0;
        case "<=":
          return c <= 0;
        case ">":
          return c > 0;
        case ">=":
          return c >= 0;
      }
      return null;
    }
    case "and": {
      const a = ev(e.l);
      const b = ev(e.r);
      if (a === false || b === false) return false;
      return a === null || b === null ? null : true;
    }
    case "or": {
      const a = ev(e.l);
      const b = ev(e.r);
      if (a === true || b === true) return true;
      return a === null || b === null ? null : false;
    }
    case "isnull":
      return (ev(e.e) === null) !== e.negated;
    case "in": {
      // e == i1 or e == i2 … in three-valued logic.
      const v = ev(e.e);
      let acc: boolean | null = false;
      for (const item of e.items) {
        const eq = v === null || item === null ? null : v === item;
        if (eq === true) acc = true;
        else if (eq === null && acc === false) acc = null;
      }
      return e.negated ? (acc === null ? null : !acc) : acc;
    }
    case "fn": {
      const a = e.args;
      switch (e.fn) {
        case "if":
          return ev(a[0]) === true ? ev(a[1]) : ev(a[2]);
        case "coalesce": {
          for (const x of a) {
            const v = ev(x);
            if (v !== null) return v;
          }
          return null;
        }
        case "least":
        case "greatest": {
          // Row context: null when any argument is null (language-v2 §10.2).
          const vs = a.map(ev);
          if (vs.some((v) => v === null)) return null;
          let best = vs[0]!;
          for (const v of vs.slice(1)) {
            const c = typeof v === "string" ? refCompare(v, best as string) : (v as number) - (best as number);
            if (e.fn === "least" ? c < 0 : c > 0) best = v!;
          }
          return best;
        }
      }
      const vs = a.map(ev);
      if (vs.some((v) => v === null)) return null;
      switch (e.fn) {
        case "lower":
          return refCase(vs[0] as string, false);
        case "upper":
          return refCase(vs[0] as string, true);
        case "trim":
          return (vs[0] as string).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
        case "contains":
          return (vs[0] as string).includes(vs[1] as string);
        case "starts_with":
          return (vs[0] as string).startsWith(vs[1] as string);
        case "day":
        case "week":
        case "month":
        case "quarter":
        case "year": {
          const day = typeOfRef(a[0]) === "datetime" ? localDay(vs[0] as number) : (vs[0] as number);
          return refPeriod(day, e.fn);
        }
        case "date":
          return typeOfRef(a[0]) === "datetime" ? localDay(vs[0] as number) : (vs[0] as number);
        case "midnight":
          return zone.fromLocal((vs[0] as number) * DAY);
        case "days_between":
          if (typeOfRef(a[0]) === "date" && typeOfRef(a[1]) === "date") return (vs[1] as number) - (vs[0] as number);
          return (instant(a[1], vs[1] as number) - instant(a[0], vs[0] as number)) / DAY;
        case "hours_between":
          return (instant(a[1], vs[1] as number) - instant(a[0], vs[0] as number)) / 3600000;
        case "minutes_between":
          return (instant(a[1], vs[1] as number) - instant(a[0], vs[0] as number)) / 60000;
        case "round":
          return refRound(vs[0] as number, vs.length > 1 ? (vs[1] as number) : 0);
        case "abs":
          return Math.abs(vs[0] as number);
        default:
          return null;
      }
    }
  }
}
