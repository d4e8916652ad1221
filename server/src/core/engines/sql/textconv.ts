// The native conversion of text values (data/convert.ts, data/reader.ts) in SQL, for data an SQL
// engine holds as text: CSV and JSON read by DuckDB, text columns of a table declared with another
// type, and `map` labels (language-v2 §9.1). Conversion happens in two steps so that each pattern
// runs once per value: `prepare` (in an inner query) trims the text and matches the patterns,
// `finish` (in the next query) computes the typed value from the matches.
//
//   integer   optional sign and ASCII digits                                 → double
//   number    decimal or exponent number                                     → double
//   boolean   true/false/1/0/yes/no, any case                                → boolean
//   date      YYYY-MM-DD, a valid date                                       → DATE
//   datetime  ISO 8601 date-time (optional seconds, fraction, offset; T or space; a date alone is
//             midnight); without an offset a local time in the workspace zone  → instant
//   text      verbatim (an empty value is already null)
// Surrounding whitespace (JavaScript's trim set) is ignored; empty or unconvertible is null.
import type { ColumnSpec } from "../../plan/plan";
import type { ColumnType } from "../../data/table";
import type { ValueType } from "../../plan/ir";
import { JS_WHITESPACE, type SqlDialect } from "./dialect";
import { literal } from "./expr";
import { LOWER_FROM, LOWER_TO } from "./casemap";

/**
 * Whitespace around a value (JavaScript's trim set) inside the patterns themselves, so that one
 * pattern match per value both trims and validates. Control characters as regex escapes, the
 * other spaces as themselves.
 */
const WS = "[\\t\\n\\v\\f\\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*";
// Group 1: the value.
const INTEGER = `${WS}([+-]?[0-9]+)${WS}`;
const NUMBER = `${WS}([+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)${WS}`;
const DATE = `${WS}([0-9]{4})-([0-9]{2})-([0-9]{2})${WS}`;
// Groups: 1 y, 2 m, 3 d, 4 time, 5 hh, 6 mi, 7 :ss…, 8 ss, 9 .fraction, 10 offset, 11 sign, 12 oh, 13 om.
const DATETIME = `${WS}([0-9]{4})-([0-9]{2})-([0-9]{2})([Tt ]([0-9]{2}):([0-9]{2})(:([0-9]{2})([.][0-9]+)?)?)?([Zz]|([+-])([0-9]{2}):?([0-9]{2}))?${WS}`;

export function valueTypeOf(t: ColumnType): ValueType {
  return t === "integer" ? "number" : t;
}

/** How one column is converted: three steps of projections, each over the aliases of the one before. */
export interface Conversion {
  /** Inner columns: alias → SQL over the raw value. */
  inner: [string, string][];
  /** Middle columns (over the inner aliases): the parts of a pattern match as integers. */
  middle?: (ref: (alias: string) => string) => [string, string][];
  /** The typed value, over the inner and middle aliases (given as SQL references). */
  finish(ref: (alias: string) => string): string;
}

/**
 * Converts the raw text `raw` of a column of type `type` as the native readers do, with the
 * column's `map` labels first. `tag` makes the inner aliases unique.
 */
export function textConversion(d: SqlDialect, raw: string, type: ColumnType, spec: ColumnSpec | undefined, zone: string, tag: string): Conversion {
  const trimmed = d.trimChars(raw, JS_WHITESPACE);
  const inner: [string, string][] = [];
  const t = `${tag}_t`;
  const m = `${tag}_m`;
  const vt = valueTypeOf(type);
  let finish: (ref: (a: string) => string) => string;
  let middle: Conversion["middle"];
  switch (type) {
    case "text":
      inner.push([t, raw]);
      finish = (ref) => ref(t);
      break;
    case "integer":
      inner.push([t, d.regexGroup(raw, INTEGER, 1)]);
      finish = (ref) => d.tryCast(ref(t), "number");
      break;
    case "number":
      inner.push([t, d.regexGroup(raw, NUMBER, 1)]);
      finish = (ref) => d.tryCast(ref(t), "number");
      break;
    case "boolean":
      inner.push([t, d.engineLower(trimmed)]);
      finish = (ref) => `CASE WHEN ${ref(t)} IN ('true', '1', 'yes') THEN TRUE WHEN ${ref(t)} IN ('false', '0', 'no') THEN FALSE END`;
      break;
    case "date": {
      const mt = d.matcher(DATE);
      inner.push([m, mt.prepare(raw)]);
      const [y, mo, dd] = [`${tag}_y`, `${tag}_mo`, `${tag}_d`];
      middle = (ref) => [
        [y, `CAST(${mt.group(ref(m), 1)} AS INTEGER)`],
        [mo, `CAST(${mt.group(ref(m), 2)} AS INTEGER)`],
        [dd, `CAST(${mt.group(ref(m), 3)} AS INTEGER)`],
      ];
      finish = (ref) => `CASE WHEN ${validDate(d, ref(y), ref(mo), ref(dd))} THEN ${d.dateFromDays(civilDays(d, ref(y), ref(mo), ref(dd)))} END`;
      break;
    }
    case "datetime": {
      const mt = d.matcher(DATETIME);
      inner.push([m, mt.prepare(raw)]);
      const a = (x: string) => `${tag}_${x}`;
      middle = (ref) => {
        const g = (i: number) => `CAST(${mt.group(ref(m), i)} AS INTEGER)`;
        const opt = (i: number) => `COALESCE(CAST(${mt.group(ref(m), i)} AS INTEGER), 0)`;
        return [
          [a("y"), g(1)],
          [a("mo"), g(2)],
          [a("d"), g(3)],
          [a("h"), opt(5)],
          [a("mi"), opt(6)],
          [a("s"), opt(8)],
          // Math.round(parseFloat(fraction) * 1000): half up, and the fraction is never negative.
          [a("ms"), `COALESCE(${d.floor(`${d.cast(mt.group(ref(m), 9), "number")} * 1000 + 0.5`)}, 0)`],
          [a("zoned"), `${mt.group(ref(m), 10)} IS NOT NULL`],
          [a("off"), `CASE WHEN ${mt.group(ref(m), 11)} = '-' THEN -1 ELSE 1 END * (${opt(12)} * 60 + ${opt(13)})`],
        ];
      };
      finish = (ref) => {
        const r = (x: string) => ref(a(x));
        const valid = `${validDate(d, r("y"), r("mo"), r("d"))} AND ${r("h")} <= 23 AND ${r("mi")} <= 59 AND ${r("s")} <= 60`;
        const days = civilDays(d, r("y"), r("mo"), r("d"));
        const wall = `((${days} * 86400 + ${r("h")} * 3600 + ${r("mi")} * 60 + ${r("s")}) * 1000 + ${r("ms")})`;
        const withOffset = d.instantFromMs(`${wall} - ${r("off")} * 60000`);
        const local = d.naiveToInstant(d.naiveFromMs(wall), zone);
        return `CASE WHEN ${valid} THEN CASE WHEN ${r("zoned")} THEN ${withOffset} ELSE ${local} END END`;
      };
      break;
    }
  }
  if (spec?.map?.length) {
    // Labels: the raw value trimmed, compared ignoring case; no match → the usual conversion.
    const key = `${tag}_k`;
    inner.push([key, labelFold(d, trimmed, spec.map.map((l) => foldLabel(l.label)))]);
    const plain = finish;
    const cases = spec.map.map((l) => `WHEN ${d.string(foldLabel(l.label))} THEN ${literal(d, vt, l.value)}`).join(" ");
    finish = (ref) => `CASE ${ref(key)} ${cases} ELSE ${plain(ref)} END`;
  }
  return { inner, middle, finish };
}

let lowerMap: Map<string, string> | undefined;

/** A label as compared (language-v2 §9.1): trimmed and lower-cased exactly as the SQL side lower-cases the data (the `lower` table). */
export function foldLabel(label: string): string {
  if (!lowerMap) {
    lowerMap = new Map();
    const from = [...LOWER_FROM];
    const to = [...LOWER_TO];
    from.forEach((c, i) => lowerMap!.set(c, to[i]));
  }
  let out = "";
  for (const ch of label.trim()) out += lowerMap.get(ch) ?? ch;
  return out;
}

/**
 * The data side of label matching: `lower` of ir.ts, restricted to the characters that can take
 * part in a match (those whose lower case occurs in a label, and the labels' own characters) —
 * any other character makes the value differ from every label whether it is mapped or not.
 */
function labelFold(d: SqlDialect, s: string, labels: string[]): string {
  const chars = new Set<string>();
  for (const l of labels) for (const c of l) chars.add(c);
  const from = [...LOWER_FROM];
  const to = [...LOWER_TO];
  let f = "";
  let t = "";
  from.forEach((c, i) => {
    if (chars.has(to[i]) || chars.has(c)) {
      f += c;
      t += to[i];
    }
  });
  return f ? d.translate(s, f, t) : s;
}

/** y-m-d is a calendar date (integers; null when any is null). */
function validDate(_d: SqlDialect, y: string, m: string, day: string): string {
  const leap = `(MOD(${y}, 4) = 0 AND (MOD(${y}, 100) <> 0 OR MOD(${y}, 400) = 0))`;
  const dim = `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  return `(${m} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND ${dim} AND ${y} >= 0)`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (data/convert.ts daysFromCivil), in double arithmetic. */
function civilDays(d: SqlDialect, y: string, m: string, day: string): string {
  const fl = (x: string, k: number) => d.floor(`(${x}) / ${d.number(k)}`);
  const yy = `(${y} - CASE WHEN ${m} <= 2 THEN 1 ELSE 0 END)`;
  const era = fl(yy, 400);
  const yoe = `(${yy} - ${era} * 400)`;
  const doy = `(${fl(`153 * (${m} + CASE WHEN ${m} > 2 THEN -3 ELSE 9 END) + 2`, 5)} + ${day} - 1)`;
  const doe = `(${yoe} * 365 + ${fl(yoe, 4)} - ${fl(yoe, 100)} + ${doy})`;
  return `(${era} * 146097 + ${doe} - 719468)`;
}
