// Reading a source's files (one, or every match of a glob) through a sink: the shared driver of
// scanSource (schema + inference + statistics) and readSource (typed columns).
//
// Every file goes through the same steps: its bytes are decoded to UTF-8 (decode.ts: encodings,
// byte-order marks, binary files, invalid UTF-8), parsed by the format's parser into the sink, and
// checked for having changed while it was read (size and modification time before and after,
// and the number of bytes read): a read during which a file changed is done once more; if a file
// changes again, the result has no rows and a CX4001 error says so.

import { compareDiagnostics, diag, type Diagnostic } from "../diagnostics";
import type { Host } from "../host";
import { range } from "../text";
import { UTC, type Zone } from "../time/zone";
import { readCsv } from "./csv";
import { decodeText, utf8Check, describeInvalid, type DecodeState } from "./decode";
import { readJson } from "./json";
import { ParallelFallback, readCsvParallel } from "./parallel";
import { ScanSink, sourceMessage, TableSink, malformed, type FileCtx, type RecordSink, type Resolution, type Wanted } from "./sink";
import type { Column, ColumnType, DataSchema, Table } from "./table";
import { readYaml } from "./yaml";

export type DataFormat = "csv" | "json" | "jsonl" | "yaml" | "parquet";

const EXTENSIONS: Record<string, DataFormat> = {
  csv: "csv",
  tsv: "csv",
  json: "json",
  jsonl: "jsonl",
  ndjson: "jsonl",
  yaml: "yaml",
  yml: "yaml",
  parquet: "parquet",
};

/** The format implied by a file name's extension (case-insensitive): .csv .tsv .json .jsonl .ndjson .yaml .yml .parquet. */
export function formatFromPath(path: string): DataFormat | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot < 0 ? undefined : EXTENSIONS[name.slice(dot + 1).toLowerCase()];
}

/** The default CSV delimiter for a file name: a tab for .tsv, else a comma. */
export function delimiterFromPath(path: string): string {
  return /\.tsv$/i.test(path) ? "\t" : ",";
}

export type Encoding = "utf-8" | "utf-16" | "latin1" | "windows-1252";

const ENCODING_NAMES: Record<string, Encoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf-16": "utf-16",
  utf16: "utf-16",
  latin1: "latin1",
  "iso-8859-1": "latin1",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
};

/** The encoding an `encoding:` value names (case-insensitive; aliases iso-8859-1, cp1252), or undefined. */
export function encodingFromName(name: string): Encoding | undefined {
  return ENCODING_NAMES[name.trim().toLowerCase()];
}

export interface ColumnSpec {
  type: ColumnType;
  /** What to read: `from "HEADER"` as written, else the column's own name. For JSON/JSONL/YAML it may be a dotted path ("customer.id"). */
  header: string;
  /** `map { … }`: labels as written and their values in the column's representation: numbers for integer/number,
   *  1/0 for boolean, day numbers for date, epoch ms for datetime, strings for text. */
  map?: { label: string; value: number | string }[];
}

export interface SourceSpec {
  /** The source declaration's name, named in every diagnostic message. */
  name: string;
  /** Resolved absolute paths, sorted; a glob already expanded by the caller. */
  files: string[];
  format: DataFormat;
  /** CSV only: one ASCII character (anything else falls back to ","). */
  delimiter: string;
  /**
   * The `columns { }` block, if the source has one, by .cx column name. (A bare ColumnType is
   * accepted as { type, header: name } while callers move to ColumnSpec.)
   */
  declared?: Map<string, ColumnSpec | ColumnType>;
  /** Text encoding (default utf-8); a byte-order mark wins. */
  encoding?: Encoding;
  /** Zone of date-times written without an offset (default UTC). */
  timezone?: Zone;
}

/** The declared columns as ColumnSpecs. */
export function columnSpecs(declared: SourceSpec["declared"]): Map<string, ColumnSpec> {
  const out = new Map<string, ColumnSpec>();
  for (const [name, c] of declared ?? []) out.set(name, typeof c === "string" ? { type: c, header: name } : c);
  return out;
}

export interface ColumnStats {
  nulls: number;
  /** Up to 5 distinct values, as written. */
  distinctSamples: string[];
  /** For integer, number, date and datetime columns: display strings. */
  min?: string;
  max?: string;
}

/** Which header or key path each column reads, and why the others are missing. */
export interface ColumnResolution {
  /** Column name → the header (CSV, Parquet) or key path (JSON, JSONL, YAML) actually read. */
  resolved: Map<string, string>;
  /** Columns with no matching header or key (the caller reports CX4002 on the `from` string). */
  missing: string[];
  /** Missing columns whose header equals several headers ignoring case and whitespace: those headers (none is used). */
  ambiguous: Map<string, string[]>;
}

export interface ScanResult extends ColumnResolution {
  /** The raw header (CSV, Parquet) or the keys of all records with a value that is not an object or list (JSON, JSONL, YAML). */
  schema: DataSchema;
  rowCount: number;
  stats: Map<string, ColumnStats>;
  /**
   * Text columns (as inferred): up to 50 distinct non-null values, as written, in order of first
   * appearance — more than `stats`' five samples, for the editor (completion of `map` labels and
   * of values after `==`).
   */
  distinctValues?: Map<string, string[]>;
  /**
   * Everything found wrong while reading: CX4004 (malformed records; errors for files that cannot
   * be parsed at all — binary data, an unterminated quote, JSON that is not an array of objects,
   * YAML that is not one sequence of mappings), CX4001 (a file that cannot be read, or changed
   * while it was read), CX4009 (invalid UTF-8). `resolved`/`missing`/`ambiguous` are about
   * spec.declared (empty without it).
   */
  diagnostics: Diagnostic[];
}

export interface ReadResult extends ColumnResolution {
  /** Only the `needed` columns present in the data, converted to their given types, keyed by .cx column name. */
  table: Table;
  /** Columns present in the data: the first file's header (CSV, Parquet), every record key (JSON, JSONL, YAML). */
  header: string[];
  /** CX4003 / CX4004 / CX4009 (and CX4001 for a file that cannot be read), located in the data files. */
  diagnostics: Diagnostic[];
}

function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (e instanceof Error && e.name === "AbortError");
}

/** Counts the bytes of a file as they are read. */
async function* counted(chunks: AsyncIterable<Uint8Array>, count: { bytes: number }): AsyncIterable<Uint8Array> {
  for await (const c of chunks) {
    count.bytes += c.length;
    yield c;
  }
}

/** The chunks cut into pieces of at most `size` bytes. */
async function* pieces(chunks: AsyncIterable<Uint8Array>, size: number): AsyncIterable<Uint8Array> {
  for await (const c of chunks) for (let i = 0; i < c.length; i += size) yield c.subarray(i, i + size);
}

async function readFile(ctx: FileCtx, spec: SourceSpec, host: Host, sink: RecordSink, count: { bytes: number }, signal?: AbortSignal, serial = false): Promise<void> {
  // Large CSV files on several threads when the host can (parallel.ts); the same result.
  if (!serial && host.parallel && spec.format === "csv" && sink instanceof TableSink && (await readCsvParallel(ctx, spec, host, sink, count, signal))) return;
  const raw = counted(host.readChunks(ctx.path, signal), count);
  // Parquet (and `hyparquet`) is initialized when a Parquet file is first read (not at start-up).
  if (spec.format === "parquet") return (await import("./parquet")).readParquet(ctx, raw, sink, spec.timezone ?? UTC, signal);
  const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
  // A header-only scan decodes small pieces: the parser stops after the first one or two.
  const chunks = decodeText(sink instanceof ScanSink && sink.shapeOnly ? pieces(raw, 1 << 16) : raw, spec.encoding, state, utf8Check(host));
  const before = ctx.diagnostics.length;
  switch (spec.format) {
    case "csv":
      await readCsv(ctx, chunks, spec.delimiter, sink, signal);
      break;
    case "json":
      await readJson(ctx, chunks, false, sink, signal);
      break;
    case "jsonl":
      await readJson(ctx, chunks, true, sink, signal);
      break;
    case "yaml":
      await readYaml(ctx, chunks, sink, signal);
      break;
  }
  if (state.binary !== undefined) {
    ctx.diagnostics.length = before; // (e.g. JSON's "found an empty file": the parser got no text)
    malformed(ctx, 1, 0, 0, state.binary, "error");
  } else if (state.invalidAt >= 0) {
    const at = await locateByte(host, ctx.path, state.invalidAt, signal);
    ctx.diagnostics.push(
      diag("CX4009", ctx.path, range(at.line, at.character, at.line, at.character + 1), {
        detail: sourceMessage(describeInvalid(ctx.path, state.invalidByte), ctx.source),
      }),
    );
  }
}

/** Line and UTF-16 column of a byte offset in a UTF-8 file (valid before it), by reading up to it. */
async function locateByte(host: Host, path: string, offset: number, signal?: AbortSignal): Promise<{ line: number; character: number }> {
  let line = 0;
  let character = 0;
  let pos = 0;
  let lastCR = false;
  const head: number[] = [];
  for await (const chunk of host.readChunks(path, signal)) {
    const n = Math.min(chunk.length, offset - pos);
    for (let i = 0; i < n; i++) {
      const c = chunk[i];
      if (head.length < 3) head.push(c);
      if (c === 10) {
        if (!lastCR) line++;
        character = 0;
        lastCR = false;
        continue;
      }
      lastCR = c === 13;
      if (c === 13) {
        line++;
        character = 0;
      } else if (c < 0x80) character++;
      else if ((c & 0xc0) !== 0x80) character += c >= 0xf0 ? 2 : 1;
    }
    pos += n;
    if (pos >= offset) break;
  }
  // A byte-order mark is not a character.
  if (line === 0 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) character--;
  return { line, character };
}

type AnySink = TableSink | ScanSink;

/** Feeds every file of the source to the sink, in order; returns the structural diagnostics and the files that changed meanwhile. */
async function runFiles(spec: SourceSpec, host: Host, sink: AnySink, signal?: AbortSignal, serial = false): Promise<{ diagnostics: Diagnostic[]; changed: string[] }> {
  const diagnostics: Diagnostic[] = [];
  const changed: string[] = [];
  const stats = spec.files.map((f) => host.stat(f));
  const sizes = stats.map((s) => s?.size ?? 0);
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let bytesBefore = 0;
  for (let index = 0; index < spec.files.length; index++) {
    signal?.throwIfAborted();
    const path = spec.files[index];
    const ctx: FileCtx = { path, index, source: spec.name, diagnostics, bytesBefore, bytesTotal };
    bytesBefore += sizes[index];
    const count = { bytes: 0 };
    const before = host.stat(path);
    try {
      await readFile(ctx, spec, host, sink, count, signal, serial);
    } catch (e) {
      if (isAbort(e, signal) || e instanceof ParallelFallback) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      diagnostics.push(diag("CX4001", path, range(0, 0, 0, 0), { detail: sourceMessage(`Cannot read '${basename(path)}': ${reason}`, spec.name) }));
      continue;
    }
    // (A parser may stop before the end, e.g. at an unterminated quote: fewer bytes are fine.)
    const after = host.stat(path);
    if (!before || !after || before.size !== after.size || before.mtimeMs !== after.mtimeMs || count.bytes > before.size) changed.push(path);
  }
  sink.finishColumns();
  return { diagnostics, changed };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function changedDiagnostics(spec: SourceSpec, changed: string[]): Diagnostic[] {
  return changed.map((path) =>
    diag("CX4001", path, range(0, 0, 0, 0), {
      detail: sourceMessage(`'${basename(path)}' changed while it was read (twice in a row), so nothing is read from it; evaluate again once it is written completely`, spec.name),
    }),
  );
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort(compareDiagnostics);
}

function resolutionOf(r: Resolution): ColumnResolution {
  return { resolved: r.resolved, missing: r.missing, ambiguous: r.ambiguous };
}

/**
 * Reads the source's shape: its columns, their inferred types, statistics, and structural problems.
 * `shapeOnly` (`cx check`, for a source with `columns`): each file is read only until the declared
 * columns' headers are resolved (ScanSink); the structural problems of the records not read, and
 * their statistics, are then not found.
 */
export async function scanSource(spec: SourceSpec, host: Host, signal?: AbortSignal, shapeOnly = false): Promise<ScanResult> {
  const declared = [...columnSpecs(spec.declared)].map(([name, c]) => ({ name, header: c.header }));
  let sink = new ScanSink(declared, spec.timezone ?? UTC, shapeOnly);
  let run = await runFiles(spec, host, sink, signal);
  if (run.changed.length) {
    sink = new ScanSink(declared, spec.timezone ?? UTC, shapeOnly);
    run = await runFiles(spec, host, sink, signal);
    if (run.changed.length) {
      return {
        schema: { columns: [], inferred: new Map() },
        rowCount: 0,
        stats: new Map(),
        diagnostics: sortDiagnostics(changedDiagnostics(spec, run.changed)),
        resolved: new Map(),
        missing: [],
        ambiguous: new Map(),
      };
    }
  }
  const columns = sink.columns ?? [];
  const inferred = new Map<string, ColumnType>();
  const stats = new Map<string, ColumnStats>();
  const distinctValues = new Map<string, string[]>();
  for (const name of columns) {
    const k = sink.slotOfColumn(name);
    const type = sink.typeOf(k);
    inferred.set(name, type);
    stats.set(name, sink.stats(k));
    if (type === "text") distinctValues.set(name, sink.distinct(k));
  }
  return { schema: { columns, inferred }, rowCount: sink.rowCount, stats, distinctValues, diagnostics: sortDiagnostics(run.diagnostics), ...resolutionOf(sink.resolution) };
}

/** A read with its diagnostics kept apart: structural ones, and the CX4003 ones of each column. */
export interface DetailedRead extends ColumnResolution {
  table: Table;
  header: string[];
  structural: Diagnostic[];
  /** CX4003 diagnostics of each column read or validated (including its summary), by column name. */
  byColumn: Map<string, Diagnostic[]>;
}

/** The columns to read: needed ones kept, validated ones only checked; headers and maps from spec.declared. */
function wantedColumns(spec: SourceSpec, needed: Map<string, ColumnType>, validateOnly?: Map<string, ColumnType>): Wanted[] {
  const declared = columnSpecs(spec.declared);
  const out: Wanted[] = [];
  const add = (name: string, type: ColumnType, store: boolean) => {
    const d = declared.get(name);
    out.push({ name, type, header: d?.header ?? name, map: d?.map, store });
  };
  for (const [name, type] of needed) add(name, type, true);
  for (const [name, type] of validateOnly ?? []) {
    // (Text never fails to convert: the sink only looks up where such a column is.)
    if (!needed.has(name)) add(name, type, false);
  }
  return out;
}

function emptyTable(t: Table): Table {
  const columns = new Map<string, Column>();
  for (const [name, c] of t.columns) columns.set(name, c.type === "text" ? { ...c, codes: new Int32Array(0) } : { ...c, values: new Float64Array(0) });
  return { rowCount: 0, columns, rowLines: new Int32Array(0), files: t.files, ...(t.fileOfRow ? { fileOfRow: new Uint16Array(0) } : {}) };
}

export async function readSourceDetailed(
  spec: SourceSpec,
  needed: Map<string, ColumnType>,
  host: Host,
  signal?: AbortSignal,
  validateOnly?: Map<string, ColumnType>,
): Promise<DetailedRead> {
  const wanted = wantedColumns(spec, needed, validateOnly);
  const release = host.memory?.hold?.();
  try {
    return await readDetailed(spec, wanted, host, signal);
  } finally {
    release?.();
  }
}

async function readDetailed(spec: SourceSpec, wanted: Wanted[], host: Host, signal: AbortSignal | undefined): Promise<DetailedRead> {
  let serial = false;
  const attempt = async () => {
    for (;;) {
      const sink = new TableSink(wanted, spec.files.length > 1, spec.timezone ?? UTC, host.memory);
      try {
        const run = await runFiles(spec, host, sink, signal, serial);
        return { sink, run };
      } catch (e) {
        if (!(e instanceof ParallelFallback) || serial) throw e;
        host.parallel?.note?.(e.path, `serial again: ${e.reason}`);
        serial = true; // parallel.ts could not give the serial result: read it serially
      }
    }
  };
  let { sink, run } = await attempt();
  if (run.changed.length) ({ sink, run } = await attempt());
  const base = { header: sink.columns ?? [], ...resolutionOf(sink.resolution) };
  if (run.changed.length) {
    return { ...base, table: emptyTable(sink.table(spec.files)), structural: changedDiagnostics(spec, run.changed), byColumn: new Map() };
  }
  return { ...base, table: sink.table(spec.files), structural: run.diagnostics, byColumn: sink.diagnosticsByColumn() };
}

/**
 * Reads the `needed` columns of the source (by .cx column name; spec.declared says which header
 * each reads) into a columnar table, converting values to the given types. Columns in
 * `validateOnly` are converted and reported (CX4003) but not kept in memory.
 */
export async function readSource(spec: SourceSpec, needed: Map<string, ColumnType>, host: Host, signal?: AbortSignal, validateOnly?: Map<string, ColumnType>): Promise<ReadResult> {
  const r = await readSourceDetailed(spec, needed, host, signal, validateOnly);
  const diagnostics = [...r.structural];
  for (const list of r.byColumn.values()) diagnostics.push(...list);
  return { table: r.table, header: r.header, resolved: r.resolved, missing: r.missing, ambiguous: r.ambiguous, diagnostics: sortDiagnostics(diagnostics) };
}

