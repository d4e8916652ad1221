// The Parquet reader (engines.md §2: `format: parquet`, `.parquet`), on `hyparquet` (pure
// JavaScript, no dependencies; snappy built in — the compression DuckDB, Spark and pandas write
// by default; uncompressed files too; other codecs are a CX4001 error naming the codec).
//
//  - The file is loaded whole (Parquet's index is at its end; files are compressed, so small next
//    to their CSV), then read one row group at a time, only the columns the sink wants.
//  - Columns are the top-level primitive fields; nested fields (structs, lists, maps) are not
//    columns. Types: INT8…INT64 → integer; FLOAT, DOUBLE, DECIMAL → number; BOOLEAN → boolean;
//    DATE → date; TIMESTAMP → datetime (an instant when isAdjustedToUTC, else a local time in
//    the source's zone, like a CSV date-time without offset); strings and everything else → text.
//    A scan reports these types (not inferred from the values).
//  - Values reach the sink as text in the CSV forms (`12`, `3.5`, `true`, `2026-01-31`,
//    `2026-01-31T10:00:00Z`), so declared types, `map` labels and CX4003 behave as for CSV.
//  - Rows have no lines: a row's "line" (Table.rowLines, diagnostics) is its 1-based row number.

import { parquetMetadata, parquetRead } from "hyparquet/src/index.js";
import type { FileMetaData, SchemaElement } from "hyparquet/src/index.js";
import { range, type Range } from "../text";
import type { Zone } from "../time/zone";
import { formatDate, formatDateTime } from "./convert";
import type { FileCtx, Locator, RecordSink } from "./sink";
import type { ColumnType } from "./table";

const encoder = new TextEncoder();

interface Field {
  name: string;
  type: ColumnType;
  /** datetime: an instant (isAdjustedToUTC) rather than a local time. */
  utc: boolean;
}

/** The top-level primitive fields of a file's schema. */
function fieldsOf(meta: FileMetaData): Field[] {
  const out: Field[] = [];
  const schema = meta.schema;
  let i = 1;
  while (i < schema.length) {
    const el = schema[i];
    if (el.num_children) {
      // A nested field: skip it and everything below it.
      let pending = el.num_children;
      i++;
      while (pending > 0 && i < schema.length) {
        pending += (schema[i].num_children ?? 0) - 1;
        i++;
      }
      continue;
    }
    out.push({ name: el.name, ...typeOf(el) });
    i++;
  }
  return out;
}

function typeOf(el: SchemaElement): { type: ColumnType; utc: boolean } {
  const lt = el.logical_type;
  const ct = el.converted_type;
  if (lt?.type === "TIMESTAMP") return { type: "datetime", utc: lt.isAdjustedToUTC };
  if (ct === "TIMESTAMP_MILLIS" || ct === "TIMESTAMP_MICROS" || el.type === "INT96") return { type: "datetime", utc: true };
  if (lt?.type === "DATE" || ct === "DATE") return { type: "date", utc: false };
  if (lt?.type === "DECIMAL" || ct === "DECIMAL") return { type: "number", utc: false };
  if (lt?.type === "TIME" || ct === "TIME_MILLIS" || ct === "TIME_MICROS") return { type: "text", utc: false };
  switch (el.type) {
    case "BOOLEAN":
      return { type: "boolean", utc: false };
    case "INT32":
    case "INT64":
      return { type: "integer", utc: false };
    case "FLOAT":
    case "DOUBLE":
      return { type: "number", utc: false };
    default:
      return { type: "text", utc: false };
  }
}

const utf8 = new TextDecoder();

/** A value as text in the CSV form of its type, or undefined for null. */
function textOf(v: unknown, f: Field): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (f.type) {
    case "integer":
      return String(v);
    case "number": {
      const s = String(typeof v === "bigint" ? v : Number(v));
      return /^-?\d+$/.test(s) ? s + ".0" : s;
    }
    case "boolean":
      return v ? "true" : "false";
    case "date":
      return typeof v === "number" ? formatDate(v) : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case "datetime": {
      const ms = typeof v === "number" ? v : v instanceof Date ? v.getTime() : Number(v);
      if (!Number.isFinite(ms)) return String(v);
      const s = formatDateTime(ms);
      return f.utc ? s : s.slice(0, -1);
    }
    default:
      if (typeof v === "string") return v;
      if (v instanceof Uint8Array) return utf8.decode(v);
      if (v instanceof Date) return v.toISOString();
      if (typeof v === "object") return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));
      return String(v);
  }
}

/** Parquet values as plain numbers: days, and milliseconds since the epoch. */
const PARSERS = {
  dateFromDays: (days: number) => days,
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: (us: bigint) => Number(us / 1000n) - (us % 1000n < 0n ? 1 : 0),
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000000n) - (ns % 1000000n < 0n ? 1 : 0),
};

/** parquetRead, with the codec named plainly when it is not supported. */
async function readGroup(options: Parameters<typeof parquetRead>[0]): Promise<void> {
  try {
    await parquetRead(options);
  } catch (e) {
    const m = /unsupported compression codec:?\s*(\w+)/i.exec(e instanceof Error ? e.message : "");
    if (m) throw new Error(`it is compressed with ${m[1]}, which is not supported; write it with snappy compression (DuckDB's default) or none`);
    throw e;
  }
}

class RowLocator implements Locator {
  row = 0;
  rows = 0;
  size = 0;
  /** Bytes "consumed": the share of rows read, so that a table is sized from the row count. */
  offset(): number {
    return this.rows > 0 ? Math.max(1, Math.floor((this.row / this.rows) * this.size)) : 0;
  }
  valueRange(): Range {
    return range(this.row, 0, this.row, 0);
  }
}

/** A value as a number in the column representation (NaN = null), for sinks that take typed values. */
function numberOf(v: unknown, f: Field, zone: Zone): number {
  if (v === null || v === undefined) return NaN;
  switch (f.type) {
    case "boolean":
      return v ? 1 : 0;
    case "datetime": {
      const ms = typeof v === "number" ? v : v instanceof Date ? v.getTime() : Number(v);
      return f.utc ? ms : zone.fromLocal(ms);
    }
    default:
      return typeof v === "number" ? v : Number(v);
  }
}

export async function readParquet(ctx: FileCtx, chunks: AsyncIterable<Uint8Array>, sink: RecordSink, zone: Zone, signal?: AbortSignal): Promise<void> {
  // The whole file, in one buffer.
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of chunks) {
    signal?.throwIfAborted();
    parts.push(c.slice());
    size += c.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  parts.length = 0;
  const file = bytes.buffer;
  const locator = new RowLocator();
  sink.beginFile(ctx, locator);
  let meta: FileMetaData;
  try {
    meta = parquetMetadata(file, { parsers: PARSERS });
  } catch (e) {
    throw new Error(`not a valid Parquet file (${e instanceof Error ? e.message : String(e)})`);
  }
  locator.rows = Number(meta.num_rows);
  locator.size = size;
  const fields = fieldsOf(meta);
  const slots = sink.header(fields.map((f) => f.name));
  sink.fieldTypes?.(fields.map((f) => f.type));
  const wanted: number[] = [];
  fields.forEach((_f, i) => {
    if (slots[i] >= 0) wanted.push(i);
  });
  // Typed delivery where the sink takes it (no text round trip), else text.
  const typed = wanted.map((f) => sink.acceptsTyped?.(slots[f], fields[f].type) === true);
  let scratch = new Uint8Array(256);
  let groupStart = 0;
  for (const group of meta.row_groups) {
    signal?.throwIfAborted();
    const n = Number(group.num_rows);
    const values: unknown[][] = wanted.map(() => new Array(n));
    if (wanted.length) {
      const index = new Map(wanted.map((f, k) => [fields[f].name, k]));
      await readGroup({
        file,
        metadata: meta,
        columns: wanted.map((f) => fields[f].name),
        rowStart: groupStart,
        rowEnd: groupStart + n,
        parsers: PARSERS,
        onChunk: (chunk) => {
          const k = index.get(chunk.columnName);
          if (k === undefined) return;
          const out = values[k];
          const data = chunk.columnData as ArrayLike<unknown>;
          for (let r = chunk.rowStart, j = 0; r < chunk.rowEnd; r++, j++) {
            const i = r - groupStart;
            if (i >= 0 && i < n) out[i] = data[j];
          }
        },
      });
    }
    for (let i = 0; i < n; i++) {
      const row = groupStart + i;
      locator.row = row;
      sink.beginRecord();
      for (let k = 0; k < wanted.length; k++) {
        const f = wanted[k];
        const v = values[k][i];
        if (typed[k]) {
          if (fields[f].type === "text") sink.stringValue!(slots[f], v === null || v === undefined ? undefined : typeof v === "string" ? v : textOf(v, fields[f]));
          else sink.numberValue!(slots[f], numberOf(v, fields[f], zone));
          continue;
        }
        const text = textOf(v, fields[f]);
        if (text === undefined) {
          sink.value(slots[f], scratch, 0, 0);
          continue;
        }
        if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
        const { written } = encoder.encodeInto(text, scratch);
        sink.value(slots[f], scratch, 0, written);
      }
      sink.endRecord(row + 1);
    }
    groupStart += n;
  }
}
