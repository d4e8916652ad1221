// Reading a source's files (one, or every match of a glob) through a sink: the shared driver of
// scanSource (schema + inference + statistics) and readSource (typed columns).

import { compareDiagnostics, diag, type Diagnostic } from "../diagnostics";
import type { Host } from "../host";
import { range } from "../text";
import { readCsv } from "./csv";
import { readJson } from "./json";
import { ScanSink, sourceMessage, TableSink, type FileCtx, type RecordSink } from "./sink";
import type { ColumnType, DataSchema, Table } from "./table";
import { readYaml } from "./yaml";

export type DataFormat = "csv" | "json" | "jsonl" | "yaml";

const EXTENSIONS: Record<string, DataFormat> = {
  csv: "csv",
  tsv: "csv",
  json: "json",
  jsonl: "jsonl",
  ndjson: "jsonl",
  yaml: "yaml",
  yml: "yaml",
};

/** The format implied by a file name's extension (case-insensitive): .csv .tsv .json .jsonl .ndjson .yaml .yml. */
export function formatFromPath(path: string): DataFormat | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot < 0 ? undefined : EXTENSIONS[name.slice(dot + 1).toLowerCase()];
}

/** The default CSV delimiter for a file name: a tab for .tsv, else a comma. */
export function delimiterFromPath(path: string): string {
  return /\.tsv$/i.test(path) ? "\t" : ",";
}

export interface SourceSpec {
  /** The source declaration's name, named in every diagnostic message. */
  name: string;
  /** Resolved absolute paths, sorted; a glob already expanded by the caller. */
  files: string[];
  format: DataFormat;
  /** CSV only: one ASCII character (anything else falls back to ","). */
  delimiter: string;
  /** The `columns { }` block, if the source has one. */
  declared?: Map<string, ColumnType>;
}

export interface ColumnStats {
  nulls: number;
  /** Up to 5 distinct values, as written. */
  distinctSamples: string[];
  /** For integer, number, date and datetime columns: display strings. */
  min?: string;
  max?: string;
}

export interface ScanResult {
  schema: DataSchema;
  rowCount: number;
  stats: Map<string, ColumnStats>;
  /** CX4004 (malformed records, glob files whose columns differ), CX4001 (unreadable file). */
  diagnostics: Diagnostic[];
}

export interface ReadResult {
  /** Only the `needed` columns present in the data, converted to their given types. */
  table: Table;
  /** Columns present in the data (the first file's). */
  header: string[];
  /** Needed columns absent from the data; not in table.columns (the caller reports CX4002). */
  missing: string[];
  /** CX4003 / CX4004 (and CX4001 for a file that cannot be read), located in the data files. */
  diagnostics: Diagnostic[];
}

function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (e instanceof Error && e.name === "AbortError");
}

async function readFile(ctx: FileCtx, spec: SourceSpec, host: Host, sink: RecordSink, signal?: AbortSignal): Promise<void> {
  const chunks = host.readChunks(ctx.path, signal);
  switch (spec.format) {
    case "csv":
      return readCsv(ctx, chunks, spec.delimiter, sink, signal);
    case "json":
      return readJson(ctx, chunks, false, sink, signal);
    case "jsonl":
      return readJson(ctx, chunks, true, sink, signal);
    case "yaml":
      return readYaml(ctx, chunks, sink, signal);
  }
}

/** Feeds every file of the source to the sink, in order; returns the structural diagnostics. */
async function runFiles(spec: SourceSpec, host: Host, sink: TableSink | ScanSink, signal?: AbortSignal): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const sizes = spec.files.map((f) => host.stat(f)?.size ?? 0);
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let bytesBefore = 0;
  for (let index = 0; index < spec.files.length; index++) {
    signal?.throwIfAborted();
    const ctx: FileCtx = { path: spec.files[index], index, source: spec.name, diagnostics, bytesBefore, bytesTotal };
    bytesBefore += sizes[index];
    try {
      await readFile(ctx, spec, host, sink, signal);
    } catch (e) {
      if (isAbort(e, signal)) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      diagnostics.push(diag("CX4001", ctx.path, range(0, 0, 0, 0), { detail: sourceMessage(`Cannot read '${ctx.path}': ${reason}`, spec.name) }));
    }
  }
  sink.finishColumns();
  return diagnostics;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort(compareDiagnostics);
}

/** Reads the source's shape: its columns, their inferred types, statistics, and structural problems. */
export async function scanSource(spec: SourceSpec, host: Host, signal?: AbortSignal): Promise<ScanResult> {
  const sink = new ScanSink();
  const diagnostics = await runFiles(spec, host, sink, signal);
  const columns = sink.columns ?? [];
  const inferred = new Map<string, ColumnType>();
  const stats = new Map<string, ColumnStats>();
  columns.forEach((name, k) => {
    inferred.set(name, sink.typeOf(k));
    stats.set(name, sink.stats(k));
  });
  return { schema: { columns, inferred }, rowCount: sink.rowCount, stats, diagnostics: sortDiagnostics(diagnostics) };
}

/** A read with its diagnostics kept apart: structural ones, and the CX4003 ones of each column. */
export interface DetailedRead {
  table: Table;
  header: string[];
  missing: string[];
  structural: Diagnostic[];
  /** CX4003 diagnostics of each column read or validated (including its summary), by column name. */
  byColumn: Map<string, Diagnostic[]>;
}

export async function readSourceDetailed(
  spec: SourceSpec,
  needed: Map<string, ColumnType>,
  host: Host,
  signal?: AbortSignal,
  validateOnly?: Map<string, ColumnType>,
): Promise<DetailedRead> {
  const sink = new TableSink(needed, spec.files.length > 1, validateOnly);
  const structural = await runFiles(spec, host, sink, signal);
  const byColumn = new Map<string, Diagnostic[]>();
  sink.names.forEach((name, k) => {
    const list = sink.valueDiagnostics[k];
    const summary = sink.summary(k);
    byColumn.set(name, summary ? [...list, summary] : list);
  });
  return { table: sink.table(spec.files), header: sink.columns ?? [], missing: sink.missing, structural, byColumn };
}

/**
 * Reads the `needed` columns of the source into a columnar table, converting values to the given
 * types. Columns in `validateOnly` are converted and reported (CX4003) but not kept in memory.
 */
export async function readSource(spec: SourceSpec, needed: Map<string, ColumnType>, host: Host, signal?: AbortSignal, validateOnly?: Map<string, ColumnType>): Promise<ReadResult> {
  const r = await readSourceDetailed(spec, needed, host, signal, validateOnly);
  const diagnostics = [...r.structural];
  for (const list of r.byColumn.values()) diagnostics.push(...list);
  return { table: r.table, header: r.header, missing: r.missing, diagnostics: sortDiagnostics(diagnostics) };
}
