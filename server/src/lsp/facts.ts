// Data facts on the main thread: what the evaluation worker learned about the file system and the
// data (glob matches, scans of sources), so that the thread that answers requests can analyse
// (check columns of sources without `columns`, complete them, hover their statistics) without ever
// expanding a glob or reading a data file itself.
//
// - An analysis runs over a FactsHost (its `glob` answers from the facts) and a FactsCache (its
//   `scan` answers from the facts). Whatever is not known is recorded as a miss; the server asks the
//   worker for it and analyses again when the answer arrives.
// - A fact that is out of date (a scan whose files changed size or mtime, a glob after files were
//   created or deleted) is still served while the worker refreshes it (stale-while-revalidate).
// - A miss with no fact at all makes the analysis provisional: the source behaves as unreadable and
//   the CX4001 that this produces is not published (`pendingSources`).
// - Facts are pruned to those the workspaces' latest analyses use.
import { posix } from "node:path";
import { DataCache, type ReadResult, type ScanResult, type SourceSpec } from "../core/data/reader";
import type { ColumnType } from "../core/data/table";
import type { SourceData } from "../core/features/index";
import { readSourceText, type FileStat, type Host, type SourceText } from "../core/host";
import type { SemanticModel, SourceInfo } from "../core/semantics/model";
import type { ColumnSpec, Encoding } from "../core/data/source";
import { sourceSpec as coreSourceSpec, type SchemaProbe } from "../core/analyze";
import { UTC, zoneFor } from "../core/time/zone";

export interface ScanFact {
  key: string;
  /** Size and mtime of every file when the worker started the scan. */
  stamp: string;
  result?: ScanResult;
  /** Why the data could not be scanned (the analysis reports CX4001 with it). */
  error?: string;
  /** First line of the first file (to locate header names). */
  headerLine?: string;
}

export interface GlobFact {
  pattern: string;
  files: string[];
}

/** The columns of a connection source without `columns`, from its engine (a LIMIT 0 probe in the worker). */
export interface SchemaFact {
  key: string;
  columns?: [string, ColumnType][];
  /** Why the engine could not say (the analysis reports CX4001 with it). */
  error?: string;
}

/** A schema the main thread's analysis needs (sent to the worker). */
export interface SchemaRequest {
  configFile?: string;
  access: Parameters<SchemaProbe>[0];
  zone: string;
}

export interface Facts {
  globs: GlobFact[];
  scans: ScanFact[];
  schemas?: SchemaFact[];
}

export function schemaKey(configFile: string | undefined, access: Parameters<SchemaProbe>[0], zone: string): string {
  return JSON.stringify([configFile ?? "", access.connection, access.kind, access.kind === "table" ? access.table : access.sql, zone]);
}

/** A plain, cloneable description of a source's data for the worker. */
export interface SpecMessage {
  name: string;
  files: string[];
  format: SourceSpec["format"];
  delimiter: string;
  declared?: [string, ColumnSpec | ColumnType][];
  encoding?: Encoding;
  /** The zone's IANA name (zones are not cloneable). */
  timezone?: string;
}

export function toSpecMessage(spec: SourceSpec): SpecMessage {
  return {
    name: spec.name,
    files: spec.files,
    format: spec.format,
    delimiter: spec.delimiter,
    declared: spec.declared ? [...spec.declared] : undefined,
    encoding: spec.encoding,
    timezone: spec.timezone?.name,
  };
}

export function fromSpecMessage(m: SpecMessage): SourceSpec {
  return {
    name: m.name,
    files: m.files,
    format: m.format,
    delimiter: m.delimiter,
    declared: m.declared ? new Map(m.declared) : undefined,
    encoding: m.encoding,
    timezone: (m.timezone && zoneFor(m.timezone)) || UTC,
  };
}

export function specKey(spec: SourceSpec | SpecMessage): string {
  const declared = spec.declared instanceof Map ? [...spec.declared] : spec.declared;
  const zone = typeof spec.timezone === "string" ? spec.timezone : spec.timezone?.name;
  return JSON.stringify([spec.name, spec.format, spec.delimiter, spec.files, declared ?? null, spec.encoding ?? "utf-8", zone ?? "UTC"]);
}

export function stampOf(host: Pick<Host, "stat">, files: string[]): string {
  return files
    .map((f) => {
      const s = host.stat(f);
      return s ? `${s.size}:${s.mtimeMs}` : "-";
    })
    .join("|");
}

/** What one analysis needed and did not find (or found only out of date). */
export class Misses {
  readonly globs = new Set<string>();
  readonly scans = new Map<string, SourceSpec>();
  /** Schemas of connection sources, by schemaKey. */
  readonly schemas = new Map<string, SchemaRequest>();
  readonly pendingSchemas = new Set<string>();
  /** Glob patterns and source names with no fact at all (the analysis is provisional for them). */
  readonly pendingPatterns = new Set<string>();
  readonly pendingScans = new Set<string>();

  get size(): number {
    return this.globs.size + this.scans.size + this.schemas.size;
  }

  get provisional(): boolean {
    return this.pendingPatterns.size + this.pendingScans.size + this.pendingSchemas.size > 0;
  }
}

export class FactStore {
  private readonly globs = new Map<string, { files: string[]; stale: boolean; epoch: number }>();
  private readonly scans = new Map<string, ScanFact & { epoch: number }>();
  private readonly schemas = new Map<string, SchemaFact & { epoch: number }>();
  /** What each workspace's latest analysis uses, and the epoch at which that analysis started. */
  private readonly retained = new Map<string, { used: Set<string>; since: number }>();
  /** Bumped whenever facts are added. */
  epoch = 0;

  add(facts: Facts): void {
    const epoch = ++this.epoch;
    for (const g of facts.globs) this.globs.set(g.pattern, { files: g.files, stale: false, epoch });
    for (const s of facts.scans) this.scans.set(s.key, { ...s, epoch });
    for (const s of facts.schemas ?? []) this.schemas.set(s.key, { ...s, epoch });
  }

  schema(key: string): SchemaFact | undefined {
    return this.schemas.get(key);
  }

  glob(pattern: string): { files: string[]; stale: boolean } | undefined {
    return this.globs.get(pattern);
  }

  scan(key: string): ScanFact | undefined {
    return this.scans.get(key);
  }

  /** Files were created or deleted: glob matches may have changed (they are served until refreshed). */
  staleGlobs(): void {
    for (const g of this.globs.values()) g.stale = true;
  }

  /**
   * Records what a workspace's latest analysis (started at epoch `since`) uses, or forgets the
   * workspace (`used` undefined), and drops the facts that no workspace uses although every
   * workspace has been analysed since they arrived.
   */
  retain(owner: string, used: Set<string> | undefined, since = this.epoch): void {
    if (used) this.retained.set(owner, { used, since });
    else this.retained.delete(owner);
    const live = new Set<string>();
    let oldest = this.epoch + 1;
    for (const r of this.retained.values()) {
      for (const k of r.used) live.add(k);
      oldest = Math.min(oldest, r.since);
    }
    for (const [k, g] of this.globs) if (!live.has(`g${k}`) && g.epoch <= oldest) this.globs.delete(k);
    for (const [k, f] of this.scans) if (!live.has(`s${k}`) && f.epoch <= oldest) this.scans.delete(k);
    for (const [k, f] of this.schemas) if (!live.has(`d${k}`) && f.epoch <= oldest) this.schemas.delete(k);
  }

  get size(): { globs: number; scans: number; schemas: number } {
    return { globs: this.globs.size, scans: this.scans.size, schemas: this.schemas.size };
  }
}

/** The keys of the facts a model uses: the glob patterns and the scans of its sources, the schemas of its connection sources. */
export function usedFacts(model: SemanticModel): Set<string> {
  const used = new Set<string>();
  for (const s of model.sources.values()) {
    if (s.pattern !== undefined && /[*?[{]/.test(s.pattern)) used.add(`g${posix.resolve(posix.dirname(s.sym.file.path), s.pattern)}`);
    if (s.files.length) used.add(`s${specKey(sourceSpec(s, model))}`);
    const access = connectionAccess(s);
    if (access) used.add(`d${schemaKey(model.workspace.config.file, access, zoneName(model))}`);
  }
  return used;
}

function zoneName(model: SemanticModel): string {
  const tz = model.workspace.config.timezone;
  return ((tz && zoneFor(tz)) || UTC).name;
}

/** The table or query of a connection source without `columns` (whose schema comes from its engine). */
export function connectionAccess(s: SourceInfo): Parameters<SchemaProbe>[0] | undefined {
  if (s.kind !== "sql" || s.declared || !s.connection) return undefined;
  if (s.table !== undefined) return { kind: "table", connection: s.connection, table: s.table };
  if (s.sql !== undefined) return { kind: "query", connection: s.connection, sql: s.sql };
  return undefined;
}

/** Pending schema: the analysis treats the source as unread for now (its CX4001 is not published). */
export const PENDING_SCHEMA = "the schema is being read from the engine";

/**
 * The editor's schema probe for analyses: connection sources' columns come from the facts (the
 * worker's evaluations probe the engine, never while the user types, and keep what they found);
 * nothing connects here. What is not known is recorded as a miss.
 */
export function factsDescribe(store: FactStore, misses: Misses, configFile: string | undefined): SchemaProbe {
  return async (access, zone) => {
    const key = schemaKey(configFile, access, zone);
    const known = store.schema(key);
    if (!known) {
      misses.schemas.set(key, { configFile, access, zone });
      misses.pendingSchemas.add(key);
      return { ok: false, message: PENDING_SCHEMA };
    }
    if (known.error !== undefined || !known.columns) return { ok: false, message: known.error ?? "no schema" };
    return { ok: true, columns: new Map(known.columns) };
  };
}

/** The readers' spec of a file source in a model (declared headers and maps, encoding, the workspace zone). */
export function sourceSpec(s: SourceInfo, model: SemanticModel): SourceSpec {
  const tz = model.workspace.config.timezone;
  return coreSourceSpec(s, (tz && zoneFor(tz)) || UTC);
}

/** The editor's Host for analyses: globs come from the facts; everything else from `base`. */
export class FactsHost implements Host {
  constructor(
    private readonly base: Host,
    private readonly store: FactStore,
    private readonly misses: Misses,
  ) {}

  readText(path: string): string | undefined {
    return this.base.readText(path);
  }

  readSource(path: string): SourceText | undefined {
    return readSourceText(this.base, path);
  }

  stat(path: string): FileStat | undefined {
    return this.base.stat(path);
  }

  realpath(path: string): string | undefined {
    return this.base.realpath(path);
  }

  glob(pattern: string): string[] {
    const known = this.store.glob(pattern);
    if (known && !known.stale) return known.files;
    this.misses.globs.add(pattern);
    if (known) return known.files;
    this.misses.pendingPatterns.add(pattern);
    return [];
  }

  readChunks(): AsyncIterable<Uint8Array> {
    throw new Error("the editor's analysis does not read data files (the evaluation worker does)");
  }
}

/** Pending scan: the analysis treats the source as unreadable for now (its CX4001 is not published). */
export const PENDING_SCAN = "the data is being read";

/** The editor's DataCache for analyses: scans come from the facts; nothing is read here. */
export class FactsCache extends DataCache {
  constructor(
    private readonly base: Pick<Host, "stat">,
    private readonly store: FactStore,
    private readonly misses: Misses,
  ) {
    super(base as Host);
  }

  override read(): Promise<ReadResult> {
    return Promise.reject(new Error("the editor's analysis does not read data files (the evaluation worker does)"));
  }

  override scan(spec: SourceSpec): Promise<ScanResult> {
    const key = specKey(spec);
    const known = this.store.scan(key);
    if (!known || known.stamp !== stampOf(this.base, spec.files)) {
      this.misses.scans.set(key, spec);
      if (!known) {
        this.misses.pendingScans.add(spec.name);
        return Promise.reject(new Error(PENDING_SCAN));
      }
    }
    if (known.error !== undefined) return Promise.reject(new Error(known.error));
    return Promise.resolve(known.result!);
  }

  override invalidate(): void {
    /* facts are refreshed by stamp */
  }
}

/** What features know about a source's data, from its scan fact. */
export function sourceDataOf(fact: ScanFact | undefined): SourceData | undefined {
  const scan = fact?.result;
  if (!scan) return undefined;
  const stats = new Map([...scan.stats].map(([c, s]) => [c, { nulls: s.nulls, samples: s.distinctSamples, min: s.min, max: s.max }]));
  return { columns: scan.schema.columns, inferred: scan.schema.inferred, rowCount: scan.rowCount, stats, headerLine: fact!.headerLine, values: scan.distinctValues };
}
