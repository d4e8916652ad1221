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

import { parquetMetadata, parquetRead, parquetSchema, snappyUncompress } from "hyparquet/src/index.js";
import type { DataReader, DecodedArray, FileMetaData, PageHeader, RowGroup, SchemaElement, SchemaTree } from "hyparquet/src/index.js";
import type { ColumnDecoder } from "hyparquet/src/types.js";
import { parquetHeader } from "hyparquet/src/column.js";
import { convert, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { decompressPage, readDataPage, readDataPageV2 } from "hyparquet/src/datapage.js";
import { readRleBitPackedHybrid } from "hyparquet/src/encoding.js";
import { readPlain } from "hyparquet/src/plain.js";
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getTreePath } from "hyparquet/src/schema.js";
import { range, type Range } from "../text";
import { UTC, type Zone } from "../time/zone";
import { formatDate, formatDateTime } from "./convert";
import type { FileCtx, Locator, RecordSink, TypedColumn } from "./sink";
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
  // The whole file, in one buffer: sized from the source's remaining bytes (exact for the last or
  // only file, at most 64 MiB up front), doubled when it is not enough. The chunks are the host's
  // buffers, reused after each step, so they are copied.
  const hint = ctx.bytesTotal - ctx.bytesBefore;
  let bytes = new Uint8Array(hint > 0 ? Math.min(hint, 64 << 20) : 1 << 20);
  let size = 0;
  for await (const c of chunks) {
    signal?.throwIfAborted();
    if (size + c.length > bytes.length) {
      const next = new Uint8Array(Math.max(bytes.length * 2, size + c.length));
      next.set(bytes.subarray(0, size));
      bytes = next;
    }
    bytes.set(c, size);
    size += c.length;
  }
  // hyparquet reads the footer at the end of the buffer: exactly the file.
  const file = size === bytes.length ? bytes.buffer : bytes.buffer.slice(0, size);
  bytes = new Uint8Array(0);
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
  if (sink.done) return; // only the schema was wanted (a header-only scan)
  const wanted: number[] = [];
  fields.forEach((_f, i) => {
    if (slots[i] >= 0) wanted.push(i);
  });
  // Typed delivery where the sink takes it (no text round trip), else text.
  const typed = wanted.map((f) => sink.acceptsTyped?.(slots[f], fields[f].type) === true);
  const tree = parquetSchema(meta);
  const columns = wanted.map((f) => columnOf(tree, fields[f]));
  // A top-level repeated field (a legacy list) is assembled by hyparquet; every other column is
  // decoded here, page by page, into typed arrays.
  if (columns.some((c) => c.maxRep > 0)) return readAssembled(file, meta, fields, wanted, slots, typed, sink, locator, zone, signal);
  // Whole row groups column by column when every wanted column goes to the sink typed.
  const columnar = sink.typedColumns !== undefined && typed.every(Boolean);
  let scratch: Uint8Array = new Uint8Array(256);
  const pages = new Scratch();
  const outputs: (Float64Array | Int32Array)[] = wanted.map(() => new Float64Array(0));
  let groupStart = 0;
  for (const group of meta.row_groups) {
    signal?.throwIfAborted();
    const n = Number(group.num_rows);
    if (columnar) {
      // Each column decoded into a buffer reused from group to group (the sink copies it).
      const given: TypedColumn[] = wanted.map((f, k) => {
        const c = columns[k];
        if (sink.keepsValues?.(slots[f]) === false) return { slot: slots[f], unread: true };
        if (fields[f].type === "text") {
          if (!(outputs[k] instanceof Int32Array) || outputs[k].length < n) outputs[k] = new Int32Array(n);
          return { slot: slots[f], ...guard(() => textColumn(file, group, c, n, pages, outputs[k] as Int32Array)) };
        }
        if (!(outputs[k] instanceof Float64Array) || outputs[k].length < n) outputs[k] = new Float64Array(n);
        return { slot: slots[f], numbers: guard(() => numberColumn(file, group, c, n, zone, pages, outputs[k] as Float64Array)) };
      });
      // The locator at the group's end: the sink sizes its columns from the share of rows read.
      locator.row = groupStart + n;
      sink.typedColumns!(n, groupStart + 1, given);
      groupStart += n;
      continue;
    }
    const values = columns.map((c) => guard(() => jsColumn(file, group, c, n)));
    scratch = deliverRows(values, n, groupStart, { fields, wanted, slots, typed, sink, locator, zone }, scratch);
    groupStart += n;
  }
}

/** Errors of the page decoders, with an unsupported codec named plainly. */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    const m = /unsupported compression codec:?\s*(\w+)/i.exec(e instanceof Error ? e.message : "");
    if (m) throw new Error(`it is compressed with ${m[1]}, which is not supported; write it with snappy compression (DuckDB's default) or none`);
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------
// Column chunks decoded page by page (flat columns: no repetition levels, definition level 0 or 1).
// hyparquet decodes pages (decompression, plain values, run-length/bit-packed levels and indices,
// its converters); what it would then do for every value — assemble lists from the definition
// levels into arrays of boxed values — is replaced by loops over typed arrays.

interface ParquetColumn {
  field: Field;
  decoder: ColumnDecoder;
  maxDef: number;
  maxRep: number;
}

function columnOf(tree: SchemaTree, field: Field): ParquetColumn {
  const schemaPath = getTreePath(tree, [field.name]);
  const element = schemaPath[schemaPath.length - 1].element;
  const decoder: ColumnDecoder = {
    pathInSchema: [field.name],
    type: element.type!,
    element,
    schemaPath,
    codec: "UNCOMPRESSED",
    parsers: { ...DEFAULT_PARSERS, ...PARSERS },
  };
  return { field, decoder, maxDef: getMaxDefinitionLevel(schemaPath), maxRep: getMaxRepetitionLevel(schemaPath) };
}

/** One data page: `rows` values, those present (undefined: all) given densely — as values, or as indices into the chunk's dictionary. */
interface Page {
  rows: number;
  present?: Uint8Array;
  values?: DecodedArray;
  index?: Int32Array;
  /** PLAIN fixed-width numbers (INT32, INT64, FLOAT, DOUBLE) left in the page, read in place (no copy): little-endian from `at`. */
  raw?: { view: DataView; at: number };
}

/**
 * Reusable buffers for pages decoded and consumed at once (the typed paths): decompressed bytes,
 * definition levels, dictionary indices. Values read from a page may be views into it, so they
 * are converted before the next page is decoded.
 */
class Scratch {
  private bytes = new Uint8Array(1 << 16);
  private levels = new Uint8Array(1 << 12);
  private indices = new Int32Array(1 << 12);
  pageBytes(n: number): Uint8Array {
    if (this.bytes.length < n) this.bytes = new Uint8Array(Math.max(n, this.bytes.length * 2));
    return this.bytes.subarray(0, n);
  }
  levelBytes(n: number): Uint8Array {
    if (this.levels.length < n) this.levels = new Uint8Array(Math.max(n, this.levels.length * 2));
    return this.levels.subarray(0, n);
  }
  indexInts(n: number): Int32Array {
    if (this.indices.length < n) this.indices = new Int32Array(Math.max(n, this.indices.length * 2));
    return this.indices.subarray(0, n);
  }
}

/** Decompresses a page, into `scratch` when given (snappy, uncompressed: the bytes as they are), else into a new buffer. */
function decompress(raw: Uint8Array, size: number, codec: ColumnDecoder["codec"], scratch: Scratch | undefined): Uint8Array {
  if (!scratch || codec !== "SNAPPY") return decompressPage(raw, size, codec, undefined);
  const out = scratch.pageBytes(size);
  snappyUncompress(raw, out);
  return out;
}

/**
 * Decodes the column chunk of `column` in a row group page by page: `dictionary` gets the
 * dictionary page's values as read, then `page` each data page, in order, until `n` rows.
 * With `scratch`, pages and their levels and indices live in reused buffers (valid during the call);
 * with `inPlace`, plain fixed-width numbers are left in the page (`raw`).
 */
function eachPage(
  file: ArrayBuffer,
  group: RowGroup,
  column: ParquetColumn,
  n: number,
  scratch: Scratch | undefined,
  dictionary: (values: DecodedArray) => void,
  page: (p: Page) => void,
  inPlace = false,
): void {
  const name = column.field.name;
  const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name);
  const meta = chunk?.meta_data;
  if (!meta) return; // no data for it in this group: nulls
  const decoder: ColumnDecoder = { ...column.decoder, codec: meta.codec };
  const { type, element } = decoder;
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const length = Number(meta.total_compressed_size);
  if (!(start >= 0 && start + length <= file.byteLength)) throw new Error(`not a valid Parquet file (column '${name}' lies outside the file)`);
  const reader: DataReader = { view: new DataView(file, start, length), offset: 0 };
  let rows = 0;
  let hasDictionary = false;
  while (rows < n && reader.offset < length - 1) {
    const header = parquetHeader(reader);
    const raw = new Uint8Array(file, start + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === "DICTIONARY_PAGE") {
      const bytes = decompress(raw, header.uncompressed_page_size, decoder.codec, scratch);
      dictionary(readPlain({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 }, type, header.dictionary_page_header!.num_values, element.type_length));
      hasDictionary = true;
      continue;
    }
    let p: Page;
    if (header.type === "DATA_PAGE") p = dataPage(decompress(raw, header.uncompressed_page_size, decoder.codec, scratch), header, decoder, column.maxDef, scratch, inPlace);
    else if (header.type === "DATA_PAGE_V2") p = fromHyparquet(readDataPageV2(raw, header, decoder), header.data_page_header_v2!.num_values, header.data_page_header_v2!.encoding, column.maxDef);
    else continue; // index pages
    if (p.index && !hasDictionary) throw new Error(`not a valid Parquet file (column '${name}' has dictionary-encoded values but no dictionary)`);
    if (p.rows > n - rows) p.rows = n - rows;
    page(p);
    rows += p.rows;
  }
}

/** A version 1 data page (definition levels read into bytes, dictionary indices into an Int32Array). */
function dataPage(bytes: Uint8Array, header: PageHeader, decoder: ColumnDecoder, maxDef: number, scratch: Scratch | undefined, inPlace: boolean): Page {
  const daph = header.data_page_header!;
  const rows = daph.num_values;
  const encoding = daph.encoding;
  const dictionary = encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY";
  if (maxDef > 1 || (encoding !== "PLAIN" && !(dictionary && decoder.type !== "BOOLEAN"))) return fromHyparquet(readDataPage(bytes, daph, decoder), rows, encoding, maxDef);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader: DataReader = { view, offset: 0 };
  let present: Uint8Array | undefined;
  let count = rows;
  if (maxDef === 1) {
    const levels = scratch ? scratch.levelBytes(rows).fill(0) : new Uint8Array(rows);
    readRleBitPackedHybrid(reader, 1, levels);
    count = 0;
    for (let i = 0; i < rows; i++) count += levels[i];
    if (count < rows) present = levels;
  }
  if (!dictionary) {
    const t = decoder.type;
    if (inPlace && (t === "INT32" || t === "INT64" || t === "FLOAT" || t === "DOUBLE")) {
      const width = t === "INT32" || t === "FLOAT" ? 4 : 8;
      if (reader.offset + count * width > view.byteLength) throw new Error("not a valid Parquet file (a page is shorter than its values)");
      return { rows, present, raw: { view, at: reader.offset } };
    }
    return { rows, present, values: readPlain(reader, t, count, decoder.element.type_length) };
  }
  const index = scratch ? scratch.indexInts(count).fill(0) : new Int32Array(count);
  const width = view.getUint8(reader.offset++);
  if (width) readRleBitPackedHybrid(reader, width, index, view.byteLength - reader.offset);
  return { rows, present, index };
}

/** A page as hyparquet's readDataPage / readDataPageV2 decoded it. */
function fromHyparquet(p: { definitionLevels: number[] | undefined; dataPage: DecodedArray }, rows: number, encoding: string, maxDef: number): Page {
  const levels = p.definitionLevels;
  let present: Uint8Array | undefined;
  if (maxDef > 0 && levels && levels.length) {
    present = new Uint8Array(rows);
    let count = 0;
    for (let i = 0; i < rows; i++) count += present[i] = levels[i] === maxDef ? 1 : 0;
    if (count === rows) present = undefined;
  }
  if (encoding.endsWith("_DICTIONARY")) return { rows, present, index: Int32Array.from(p.dataPage as ArrayLike<number>) };
  return { rows, present, values: p.dataPage };
}

/**
 * How a column's stored values become cx numbers without hyparquet's converters: the divisor that
 * turns them into the column representation (1: as they are — numbers, integers, DATE days, epoch
 * milliseconds; 1000 and 1e6: TIMESTAMP in micro- and nanoseconds), or undefined for the others
 * (decimals, unsigned 32/64-bit, INT96, byte arrays), which go through hyparquet's `convert`.
 */
function divisorOf(el: SchemaElement): number | undefined {
  const ct = el.converted_type;
  const lt = el.logical_type;
  if (ct === "DECIMAL" || ct === "UINT_32" || ct === "UINT_64" || ct === "INTERVAL" || lt?.type === "DECIMAL") return undefined;
  if (lt?.type === "INTEGER" && !lt.isSigned && lt.bitWidth >= 32) return undefined;
  switch (el.type) {
    case "BOOLEAN":
    case "FLOAT":
    case "DOUBLE":
    case "INT32":
      return 1;
    case "INT64":
      if (ct === "TIMESTAMP_MICROS") return 1000;
      if (ct === "TIMESTAMP_MILLIS") return 1;
      if (lt?.type === "TIMESTAMP") return lt.unit === "MICROS" ? 1000 : lt.unit === "NANOS" ? 1e6 : 1;
      return 1;
    default:
      return undefined;
  }
}

const TWO32 = 4294967296;
const EXACT = 9007199254740992; // 2^53

/** The cx number of stored value i (dense): see divisorOf. `halves`: the int64 values as 32-bit halves. */
function storedNumber(values: DecodedArray, halves: Int32Array | undefined, i: number, div: number, bool: boolean): number {
  if (halves) {
    // hi·2³² + lo is the int64 rounded once, as Number(bigint) rounds it.
    const x = halves[2 * i + 1] * TWO32 + (halves[2 * i] >>> 0);
    if (div === 1) return x;
    if (x > -EXACT && x < EXACT) {
      // Floor division, exact for integers below 2^53.
      let q = Math.floor(x / div);
      const r = x - q * div;
      if (r < 0) q--;
      else if (r >= div) q++;
      return q;
    }
    const b = (values as BigInt64Array)[i];
    const d = BigInt(div);
    return Number(b / d) - (b % d < 0n ? 1 : 0);
  }
  return bool ? (values[i] ? 1 : 0) : Number(values[i]);
}

/** Stored values (dense) as cx numbers, written to out[at…] where `present` (undefined: every row) says a row has one. */
function putNumbers(values: DecodedArray, column: ParquetColumn, rows: number, present: Uint8Array | undefined, out: Float64Array, at: number): void {
  const div = divisorOf(column.decoder.element);
  if (div === undefined) {
    const converted = convert(values, column.decoder);
    const f = { ...column.field, utc: true }; // local times are converted by the caller
    for (let i = 0, j = 0; i < rows; i++) if (!present || present[i]) out[at + i] = numberOf(converted[j++], f, UTC);
    return;
  }
  const halves = values instanceof BigInt64Array ? new Int32Array(values.buffer, values.byteOffset, values.length * 2) : undefined;
  const bool = column.decoder.type === "BOOLEAN";
  if (!present) {
    for (let i = 0; i < rows; i++) out[at + i] = storedNumber(values, halves, i, div, bool);
    return;
  }
  for (let i = 0, j = 0; i < rows; i++) if (present[i]) out[at + i] = storedNumber(values, halves, j++, div, bool);
}

/** PLAIN fixed-width numbers read in place (see Page.raw) as cx numbers, written to out[at…] where `present` says a row has one. */
function putRawNumbers(raw: { view: DataView; at: number }, column: ParquetColumn, rows: number, present: Uint8Array | undefined, out: Float64Array, at: number): void {
  const { view } = raw;
  const type = column.decoder.type;
  const div = divisorOf(column.decoder.element);
  let o = raw.at;
  for (let i = 0; i < rows; i++) {
    if (present && !present[i]) continue;
    let v: number;
    if (type === "DOUBLE") {
      v = view.getFloat64(o, true);
      o += 8;
    } else if (type === "INT32") {
      v = view.getInt32(o, true);
      o += 4;
    } else if (type === "FLOAT") {
      v = view.getFloat32(o, true);
      o += 4;
    } else {
      // hi·2³² + lo: the int64 rounded once, as Number(bigint) rounds it.
      v = view.getInt32(o + 4, true) * TWO32 + view.getUint32(o, true);
      if (div !== 1) {
        if (v > -EXACT && v < EXACT) {
          let q = Math.floor(v / div!);
          const r = v - q * div!;
          if (r < 0) q--;
          else if (r >= div!) q++;
          v = q;
        } else {
          const b = view.getBigInt64(o, true);
          const d = BigInt(div!);
          v = Number(b / d) - (b % d < 0n ? 1 : 0);
        }
      }
      o += 8;
    }
    out[at + i] = v;
  }
}

/** A non-text column of a row group as numbers in the column representation (NaN = null), into `out`. */
function numberColumn(file: ArrayBuffer, group: RowGroup, column: ParquetColumn, n: number, zone: Zone, scratch: Scratch, out: Float64Array): Float64Array {
  out.fill(NaN, 0, n);
  let dictionary: Float64Array | undefined;
  let row = 0;
  eachPage(
    file,
    group,
    column,
    n,
    scratch,
    (values) => {
      dictionary = new Float64Array(values.length);
      putNumbers(values, column, values.length, undefined, dictionary, 0);
    },
    (p) => {
      if (p.index) {
        const { index, present } = p;
        const d = dictionary!;
        for (let i = 0, j = 0; i < p.rows; i++) if (!present || present[i]) out[row + i] = d[index[j++]];
      } else if (p.raw) putRawNumbers(p.raw, column, p.rows, p.present, out, row);
      else putNumbers(p.values!, column, p.rows, p.present, out, row);
      row += p.rows;
    },
    divisorOf(column.decoder.element) !== undefined,
  );
  const f = column.field;
  if (f.type === "datetime" && !f.utc) for (let i = 0; i < n; i++) if (out[i] === out[i]) out[i] = zone.fromLocal(out[i]);
  return out;
}

const utf8Fast = new TextDecoder();

/** Whether a column's stored values are UTF-8 strings (hyparquet's converter would decode them as they are). */
function storesStrings(el: SchemaElement): boolean {
  const ct = el.converted_type;
  const lt = el.logical_type;
  return el.type === "BYTE_ARRAY" && (ct === undefined || ct === "UTF8" || ct === "ENUM") && (lt === undefined || lt.type === "STRING" || lt.type === "ENUM");
}

/** Stored values (dense) appended to `list` as text, as the record path gives them (see textOf). */
function pushTexts(values: DecodedArray, column: ParquetColumn, list: (string | undefined)[]): void {
  if (storesStrings(column.decoder.element)) {
    for (let i = 0; i < values.length; i++) list.push(utf8Fast.decode(values[i] as Uint8Array));
    return;
  }
  const converted = convert(values, column.decoder);
  for (let i = 0; i < values.length; i++) {
    const v = converted[i];
    list.push(v === null || v === undefined ? undefined : typeof v === "string" ? v : textOf(v, column.field));
  }
}

/** A text column of a row group: indices (into `index`) into a list of the dictionary's texts and those of plain pages. */
function textColumn(file: ArrayBuffer, group: RowGroup, column: ParquetColumn, n: number, scratch: Scratch, index: Int32Array): { list: (string | undefined)[]; index: Int32Array } {
  index.fill(-1, 0, n);
  const list: (string | undefined)[] = [];
  let dictionarySize = 0;
  let row = 0;
  eachPage(
    file,
    group,
    column,
    n,
    scratch,
    (values) => {
      list.length = 0;
      pushTexts(values, column, list);
      dictionarySize = list.length;
    },
    (p) => {
      const present = p.present;
      if (p.index) {
        const idx = p.index;
        for (let i = 0, j = 0; i < p.rows; i++) {
          if (present && !present[i]) continue;
          const x = idx[j++];
          index[row + i] = x < dictionarySize ? x : -1;
        }
      } else {
        const base = list.length;
        pushTexts(p.values!, column, list);
        for (let i = 0, j = 0; i < p.rows; i++) if (!present || present[i]) index[row + i] = base + j++;
      }
      row += p.rows;
    },
  );
  return { list, index };
}

/** A column of a row group as hyparquet's converted values (null where absent), for the record path. */
function jsColumn(file: ArrayBuffer, group: RowGroup, column: ParquetColumn, n: number): unknown[] {
  const out: unknown[] = new Array(n).fill(null);
  let dictionary: DecodedArray | undefined;
  let row = 0;
  eachPage(
    file,
    group,
    column,
    n,
    undefined,
    (values) => {
      dictionary = convert(values, column.decoder);
    },
    (p) => {
      const dense = p.index ? undefined : convert(p.values!, column.decoder);
      const { index, present } = p;
      for (let i = 0, j = 0; i < p.rows; i++) {
        if (present && !present[i]) continue;
        out[row + i] = index ? dictionary![index[j++]] : dense![j++];
      }
      row += p.rows;
    },
  );
  return out;
}

/** What record-by-record delivery needs of a file. */
interface Delivery {
  fields: Field[];
  wanted: number[];
  slots: Int32Array;
  typed: boolean[];
  sink: RecordSink;
  locator: RowLocator;
  zone: Zone;
}

/**
 * One row group's values (one array per wanted column) to the sink, record by record: typed where
 * the sink takes it, else as UTF-8 text. Returns the scratch buffer (grown when a value needed it).
 */
function deliverRows(values: unknown[][], n: number, groupStart: number, d: Delivery, scratch: Uint8Array): Uint8Array {
  const { fields, wanted, slots, typed, sink, locator, zone } = d;
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
  return scratch;
}

/** Files with a repeated top-level field: row groups assembled by hyparquet, delivered record by record. */
async function readAssembled(
  file: ArrayBuffer,
  meta: FileMetaData,
  fields: Field[],
  wanted: number[],
  slots: Int32Array,
  typed: boolean[],
  sink: RecordSink,
  locator: RowLocator,
  zone: Zone,
  signal?: AbortSignal,
): Promise<void> {
  let scratch: Uint8Array = new Uint8Array(256);
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
    scratch = deliverRows(values, n, groupStart, { fields, wanted, slots, typed, sink, locator, zone }, scratch);
    groupStart += n;
  }
}
