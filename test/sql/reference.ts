// A row-at-a-time reference evaluator of plan/ir.ts (the semantics in its header, with the native
// engine's decisions: Unicode simple case mapping, code point order, NaN from arithmetic is null),
// written for the tests: the SQL renderers must give exactly these values.
import type { Literal, RowExpr } from "../../server/src/core/plan/ir";
import { typeOf } from "../../server/src/core/plan/ir";
import type { Zone } from "../../server/src/core/time/zone";
import { periodCode, periodLabel } from "../../server/src/core/eval/periods";
import { roundHalfAway } from "../../server/src/core/engines/native/vector";

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The native engine's round (engines/native/vector.ts roundFast): arithmetic where it cannot differ from the string path. */
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

export type Row = Record<string, Literal>;

const SIMPLE_LOWER = new Map<number, number>([[0x130, 0x69]]);
const SIMPLE_UPPER = new Map<number, number>([
  ...[0x1f80, 0x1f90, 0x1fa0].flatMap((base) => Array.from({ length: 8 }, (_, i): [number, number] => [base + i, base + i + 8])),
  [0x1fb3, 0x1fbc],
  [0x1fc3, 0x1fcc],
  [0x1ff3, 0x1ffc],
]);

export function simpleCase(s: string, upper: boolean): string {
  let out = "";
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    if (m === ch) out += ch;
    else if ([...m].length === 1) out += m;
    else {
      const simple = (upper ? SIMPLE_UPPER : SIMPLE_LOWER).get(ch.codePointAt(0)!);
      out += simple === undefined ? ch : String.fromCodePoint(simple);
    }
  }
  return out;
}

export function compareCodePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function trimText(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
}

const MS_PER_DAY = 86400000;

export function evaluate(e: RowExpr, row: Row, zone: Zone): Literal {
  const ev = (x: RowExpr) => evaluate(x, row, zone);
  switch (e.k) {
    case "lit":
      return e.v;
    case "col":
      return row[e.name] ?? null;
    case "neg": {
      const v = ev(e.e);
      return typeof v === "number" ? -v : null;
    }
    case "not": {
      const v = ev(e.e);
      return v === null ? null : !v;
    }
    case "arith": {
      const a = ev(e.l);
      const b = ev(e.r);
      if (typeof a !== "number" || typeof b !== "number") return null;
      let r: number;
      switch (e.op) {
        case "+":
          r = a + b;
          break;
        case "-":
          r = a - b;
          break;
        case "*":
          r = a * b;
          break;
        case "/":
          if (b === 0) return null;
          r = a / b;
      }
      return Number.isNaN(r) ? null : r;
    }
    case "cmp": {
      const a = ev(e.l);
      const b = ev(e.r);
      if (a === null || b === null) return null;
      const c = typeof a === "string" ? compareCodePoints(a, b as string) : a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
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
    case "isnull": {
      const v = ev(e.e);
      return e.negated ? v !== null : v === null;
    }
    case "in": {
      const v = ev(e.e);
      if (v === null) return null;
      if (e.items.some((i) => i !== null && i === v)) return !e.negated;
      if (e.items.includes(null)) return null;
      return e.negated;
    }
    case "fn":
      return call(e, row, zone);
  }
}

function localDay(x: RowExpr, row: Row, zone: Zone): number | null {
  const v = evaluate(x, row, zone);
  if (typeof v !== "number") return null;
  return typeOf(x) === "datetime" ? zone.localDay(v) : v;
}

function instant(x: RowExpr, row: Row, zone: Zone): number | null {
  const v = evaluate(x, row, zone);
  if (typeof v !== "number") return null;
  return typeOf(x) === "date" ? zone.fromLocal(v * MS_PER_DAY) : v;
}

function call(e: Extract<RowExpr, { k: "fn" }>, row: Row, zone: Zone): Literal {
  const a = e.args;
  const ev = (x: RowExpr) => evaluate(x, row, zone);
  switch (e.fn) {
    case "if":
      return ev(a[0]) === true ? ev(a[1]) : ev(a[2]);
    case "lower":
    case "upper": {
      const v = ev(a[0]);
      return typeof v === "string" ? simpleCase(v, e.fn === "upper") : null;
    }
    case "trim": {
      const v = ev(a[0]);
      return typeof v === "string" ? trimText(v) : null;
    }
    case "contains":
    case "starts_with": {
      const s = ev(a[0]);
      const t = ev(a[1]);
      if (typeof s !== "string" || typeof t !== "string") return null;
      return e.fn === "contains" ? s.includes(t) : s.startsWith(t);
    }
    case "date":
      return localDay(a[0], row, zone);
    case "day":
    case "week":
    case "month":
    case "quarter":
    case "year": {
      const d = localDay(a[0], row, zone);
      return d === null ? null : periodLabel(periodCode(d, e.fn), e.fn);
    }
    case "midnight":
      return instant(a[0], row, zone);
    case "days_between":
    case "hours_between":
    case "minutes_between": {
      if (e.fn === "days_between" && typeOf(a[0]) === "date" && typeOf(a[1]) === "date") {
        const x = ev(a[0]);
        const y = ev(a[1]);
        return typeof x === "number" && typeof y === "number" ? y - x : null;
      }
      const x = instant(a[0], row, zone);
      const y = instant(a[1], row, zone);
      if (x === null || y === null) return null;
      return (y - x) / (e.fn === "days_between" ? MS_PER_DAY : e.fn === "hours_between" ? 3600000 : 60000);
    }
    case "round": {
      const v = ev(a[0]);
      const d = a[1] ? ev(a[1]) : 0;
      if (typeof v !== "number") return null;
      const out = roundFast(v, typeof d === "number" ? d : 0);
      return Number.isNaN(out) ? null : out;
    }
    case "abs": {
      const v = ev(a[0]);
      return typeof v === "number" ? Math.abs(v) : null;
    }
    case "coalesce": {
      for (const x of a) {
        const v = ev(x);
        if (v !== null) return v;
      }
      return null;
    }
    case "least":
    case "greatest": {
      const vs = a.map(ev);
      if (vs.some((v) => v === null)) return null;
      return vs.reduce((m, v) => {
        const c = typeof v === "string" ? compareCodePoints(v, m as string) : (v as number) - (m as number);
        return (e.fn === "least" ? c < 0 : c > 0) ? v : m;
      });
    }
    case "as_of":
      return null;
  }
}
