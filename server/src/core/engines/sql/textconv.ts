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

const INTEGER = "[+-]?[0-9]+";
const NUMBER = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";
const DATE = "([0-9]{4})-([0-9]{2})-([0-9]{2})";
// Groups: 1 y, 2 m, 3 d, 4 time, 5 hh, 6 mi, 7 :ss…, 8 ss, 9 .fraction, 10 offset, 11 sign, 12 oh, 13 om.
const DATETIME = "([0-9]{4})-([0-9]{2})-([0-9]{2})([Tt ]([0-9]{2}):([0-9]{2})(:([0-9]{2})([.][0-9]+)?)?)?([Zz]|([+-])([0-9]{2}):?([0-9]{2}))?";

export function valueTypeOf(t: ColumnType): ValueType {
  return t === "integer" ? "number" : t;
}

/** How one column is converted: the inner projections it needs and the final typed expression. */
export interface Conversion {
  /** Inner columns: alias → SQL over the raw value. */
  inner: [string, string][];
  /** The typed value, over the inner aliases (given as SQL references). */
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
  switch (type) {
    case "text":
      inner.push([t, raw]);
      finish = (ref) => ref(t);
      break;
    case "integer":
      inner.push([t, trimmed]);
      finish = (ref) => `CASE WHEN ${d.regexFull(ref(t), INTEGER)} THEN ${d.tryCast(ref(t), "number")} END`;
      break;
    case "number":
      inner.push([t, trimmed]);
      finish = (ref) => `CASE WHEN ${d.regexFull(ref(t), NUMBER)} THEN ${d.tryCast(ref(t), "number")} END`;
      break;
    case "boolean":
      inner.push([t, d.engineLower(trimmed)]);
      finish = (ref) => `CASE WHEN ${ref(t)} IN ('true', '1', 'yes') THEN TRUE WHEN ${ref(t)} IN ('false', '0', 'no') THEN FALSE END`;
      break;
    case "date": {
      const mt = d.matcher(DATE);
      inner.push([m, mt.prepare(trimmed)]);
      finish = (ref) => {
        const g = (i: number) => `CAST(${mt.group(ref(m), i)} AS INTEGER)`;
        return `CASE WHEN ${validDate(d, g(1), g(2), g(3))} THEN ${d.makeDate(g(1), g(2), g(3))} END`;
      };
      break;
    }
    case "datetime": {
      const mt = d.matcher(DATETIME);
      inner.push([m, mt.prepare(trimmed)]);
      finish = (ref) => {
        const grp = (i: number) => mt.group(ref(m), i);
        const g = (i: number) => `CAST(${grp(i)} AS INTEGER)`;
        const opt = (i: number) => `COALESCE(CAST(${grp(i)} AS INTEGER), 0)`;
        const valid = `${validDate(d, g(1), g(2), g(3))} AND ${opt(5)} <= 23 AND ${opt(6)} <= 59 AND ${opt(8)} <= 60`;
        const days = d.epochDays(d.makeDate(g(1), g(2), g(3)));
        // Math.round(parseFloat(fraction) * 1000): half up, and the fraction is never negative.
        const frac = `COALESCE(${d.floor(`${d.cast(grp(9), "number")} * 1000 + 0.5`)}, 0)`;
        const wall = `((${days} * 86400 + ${opt(5)} * 3600 + ${opt(6)} * 60 + ${opt(8)}) * 1000 + ${frac})`;
        const offsetMin = `(CASE WHEN ${grp(11)} = '-' THEN -1 ELSE 1 END * (${opt(12)} * 60 + ${opt(13)}))`;
        const withOffset = d.instantFromMs(`${wall} - ${offsetMin} * 60000`);
        const local = d.naiveToInstant(d.naiveFromMs(wall), zone);
        return `CASE WHEN ${valid} THEN CASE WHEN ${grp(10)} IS NULL THEN ${local} ELSE ${withOffset} END END`;
      };
      break;
    }
  }
  if (spec?.map?.length) {
    // Labels: the raw value trimmed, compared ignoring case; no match → the usual conversion.
    const key = `${tag}_k`;
    inner.push([key, d.lower(trimmed)]);
    const plain = finish;
    const cases = spec.map.map((l) => `WHEN ${d.string(foldLabel(l.label))} THEN ${literal(d, vt, l.value)}`).join(" ");
    finish = (ref) => `CASE ${ref(key)} ${cases} ELSE ${plain(ref)} END`;
  }
  return { inner, finish };
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

/** y-m-d is a calendar date (integers; null when any is null). */
function validDate(_d: SqlDialect, y: string, m: string, day: string): string {
  const leap = `(MOD(${y}, 4) = 0 AND (MOD(${y}, 100) <> 0 OR MOD(${y}, 400) = 0))`;
  const dim = `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  return `(${m} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND ${dim} AND ${y} >= 1)`;
}
