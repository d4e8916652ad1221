// A data cache for the editor, so that typing in a .cx file does not re-read unchanged data.
//
// Semantics:
//  - An entry is keyed by the source spec (name, format, delimiter, file list, encoding, time zone,
//    declared headers and maps) and stamped with every file's size and mtimeMs (host.stat). A
//    different stamp drops the entry.
//  - Columns are cached per (name, type). `read` reuses every cached column; if some requested
//    columns are not cached yet, the files are read again for THOSE columns only, and the result
//    is merged (rows, lines and structural diagnostics do not depend on the columns).
//    Columns known to be missing from the data are not read for. Which header each column reads
//    (and why others are missing) is merged from every read.
//  - If a file changes while it is being read, nothing is cached and a fresh full read is returned
//    (readSource itself reads once more, then reports CX4001).
//  - Calls for the same source are serialised, so concurrent requests share the work.
//  - Tables returned share typed arrays with the cache and with each other: treat them as read-only.
//  - `scan` results are cached the same way (one per source and stamp).
//  - `invalidate(path)` drops every entry that reads `path`; `invalidate()` drops everything.

import type { Diagnostic } from "../diagnostics";
import type { Host } from "../host";
import { columnSpecs, readSource, readSourceDetailed, scanSource, sortDiagnostics, type ReadResult, type ScanResult, type SourceSpec } from "./source";
import type { Column, ColumnType, Table } from "./table";

interface CachedColumn {
  /** Undefined for a column that was only type-checked (validateOnly). */
  column?: Column;
  diagnostics: Diagnostic[];
}

interface ReadEntry {
  stamp: string;
  files: string[];
  header: string[];
  resolved: Map<string, string>;
  missing: Set<string>;
  ambiguous: Map<string, string[]>;
  table: Omit<Table, "columns">;
  structural: Diagnostic[];
  columns: Map<string, CachedColumn>; // by columnKey
}

interface ScanEntry {
  stamp: string;
  files: string[];
  result: ScanResult;
}

const MAX_ENTRIES = 64;

function columnKey(name: string, type: ColumnType): string {
  return `${type}:${name}`;
}

export class DataCache {
  private reads = new Map<string, ReadEntry>();
  private scans = new Map<string, ScanEntry>();
  private queues = new Map<string, Promise<unknown>>();

  constructor(private readonly host: Host) {}

  /** `validateOnly`: columns to type-check (CX4003) without keeping them, e.g. declared columns no metric reads. */
  read(spec: SourceSpec, needed: Map<string, ColumnType>, signal?: AbortSignal, validateOnly: Map<string, ColumnType> = new Map()): Promise<ReadResult> {
    const key = this.key(spec);
    return this.serial(`r${key}`, () => this.doRead(key, spec, needed, signal, validateOnly));
  }

  scan(spec: SourceSpec, signal?: AbortSignal): Promise<ScanResult> {
    const key = this.key(spec);
    return this.serial(`s${key}`, () => this.doScan(key, spec, signal));
  }

  /** Forgets cached data of the file at `path` (or everything). */
  invalidate(path?: string): void {
    if (path === undefined) {
      this.reads.clear();
      this.scans.clear();
      return;
    }
    for (const [k, e] of this.reads) if (e.files.includes(path)) this.reads.delete(k);
    for (const [k, e] of this.scans) if (e.files.includes(path)) this.scans.delete(k);
  }

  private key(spec: SourceSpec): string {
    return JSON.stringify([spec.name, spec.format, spec.delimiter, spec.files, spec.encoding ?? "", spec.timezone?.name ?? "UTC", [...columnSpecs(spec.declared)]]);
  }

  private stamp(files: string[]): string {
    return files
      .map((f) => {
        const s = this.host.stat(f);
        return s ? `${s.size}:${s.mtimeMs}` : "-";
      })
      .join("|");
  }

  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    this.queues.set(key, run);
    const done = () => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    };
    run.then(done, done);
    return run;
  }

  private async doRead(key: string, spec: SourceSpec, needed: Map<string, ColumnType>, signal: AbortSignal | undefined, validateOnly: Map<string, ColumnType>): Promise<ReadResult> {
    const stamp = this.stamp(spec.files);
    let entry = this.reads.get(key);
    if (entry && entry.stamp !== stamp) {
      this.reads.delete(key);
      entry = undefined;
    }
    const want = new Map<string, ColumnType>();
    for (const [name, type] of needed) {
      if (entry && (entry.missing.has(name) || entry.columns.get(columnKey(name, type))?.column)) continue;
      want.set(name, type);
    }
    const check = new Map<string, ColumnType>();
    for (const [name, type] of validateOnly) {
      if (needed.has(name) || (entry && (entry.missing.has(name) || entry.columns.has(columnKey(name, type))))) continue;
      check.set(name, type);
    }
    if (!entry || want.size > 0 || check.size > 0) {
      const r = await readSourceDetailed(spec, want, this.host, signal, check);
      if (this.stamp(spec.files) !== stamp) {
        this.reads.delete(key); // changed while being read: trust nothing
        return readSource(spec, needed, this.host, signal, validateOnly);
      }
      if (!entry) {
        const { columns: _, ...table } = r.table;
        entry = { stamp, files: spec.files, header: r.header, resolved: new Map(), missing: new Set(), ambiguous: new Map(), table, structural: r.structural, columns: new Map() };
      }
      for (const [name, h] of r.resolved) entry.resolved.set(name, h);
      for (const name of r.missing) entry.missing.add(name);
      for (const [name, list] of r.ambiguous) entry.ambiguous.set(name, list);
      for (const [name, column] of r.table.columns) {
        entry.columns.set(columnKey(name, column.type), { column, diagnostics: r.byColumn.get(name) ?? [] });
      }
      for (const [name, type] of check) {
        if (r.resolved.has(name)) entry.columns.set(columnKey(name, type), { diagnostics: r.byColumn.get(name) ?? [] });
      }
    }
    this.reads.delete(key); // re-insert: most recently used last
    this.reads.set(key, entry);
    evict(this.reads);
    return assemble(entry, needed, validateOnly);
  }

  private async doScan(key: string, spec: SourceSpec, signal?: AbortSignal): Promise<ScanResult> {
    const stamp = this.stamp(spec.files);
    const cached = this.scans.get(key);
    if (cached && cached.stamp === stamp) return cached.result;
    const result = await scanSource(spec, this.host, signal);
    this.scans.delete(key);
    if (this.stamp(spec.files) === stamp) {
      this.scans.set(key, { stamp, files: spec.files, result });
      evict(this.scans);
    }
    return result;
  }
}

function evict<V>(map: Map<string, V>): void {
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

function assemble(entry: ReadEntry, needed: Map<string, ColumnType>, validateOnly: Map<string, ColumnType>): ReadResult {
  const columns = new Map<string, Column>();
  const missing: string[] = [];
  const resolved = new Map<string, string>();
  const ambiguous = new Map<string, string[]>();
  const diagnostics = [...entry.structural];
  const note = (name: string) => {
    const h = entry.resolved.get(name);
    if (h !== undefined) resolved.set(name, h);
    else {
      missing.push(name);
      const a = entry.ambiguous.get(name);
      if (a) ambiguous.set(name, a);
    }
  };
  for (const [name, type] of needed) {
    note(name);
    const c = entry.columns.get(columnKey(name, type));
    if (!c?.column) continue;
    columns.set(name, c.column);
    diagnostics.push(...c.diagnostics);
  }
  for (const [name, type] of validateOnly) {
    if (needed.has(name)) continue;
    note(name);
    const c = entry.columns.get(columnKey(name, type));
    if (c) diagnostics.push(...c.diagnostics);
  }
  return { table: { ...entry.table, columns }, header: entry.header, resolved, missing, ambiguous, diagnostics: sortDiagnostics(diagnostics) };
}
