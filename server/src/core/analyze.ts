// The pipeline entry for hosts: load → bind → resolve sources → scan schemas → check.
// Evaluation (eval/evaluate.ts) runs on the resulting model. Hosts (CLI, LSP, tests) call these.
import { diag, type Diagnostic } from "./diagnostics";
import { escapeControls } from "./escape";
import type { Host } from "./host";
import { readSource, scanSource, type DataCache, type ScanResult, type SourceSpec } from "./data/reader";
import type { ColumnType } from "./data/table";
import type { SourcePlan } from "./plan/plan";
import type { SourceInfo } from "./semantics/model";
import { UTC, zoneFor, type Zone } from "./time/zone";
import { loadWorkspace, type LoadOptions } from "./semantics/workspace";
import { resolveSources } from "./semantics/sources";
import { check } from "./semantics/checker";
import type { SemanticModel } from "./semantics/model";

/** Reads a connection source's columns from its engine (engines.md §3); hosts provide it where they may connect. */
export type SchemaProbe = (
  access: Exclude<SourcePlan["access"], { kind: "files" }>,
  zone: string,
  signal?: AbortSignal,
) => Promise<{ ok: true; columns: Map<string, ColumnType> } | { ok: false; message: string }>;

export interface AnalyzeOptions {
  root: string;
  inputs: string[];
  host: Host;
  configFile?: string;
  cache: DataCache;
  /** `check` also reports header problems of every source (CX4002, CX4004) found by scanning. */
  mode: "check" | "eval";
  /**
   * `check`: what is read of a source with `columns` — its headers (or, JSON/JSONL/YAML, records
   * until every declared column has met its exact key: "headers", the default), or every record
   * ("all", `cx check --data`: every record, and every declared column converted to its type —
   * CX4003, CX4004, CX4009, as `cx eval` finds them).
   * A source without `columns` is always read whole: its types are inferred from every value.
   */
  checkData?: "headers" | "all";
  /** False in untrusted workspaces: no data file is read. */
  readData?: boolean;
  signal?: AbortSignal;
  parseCache?: LoadOptions["parseCache"];
  /** Schemas of connection sources without `columns` (only when data may be read). */
  describe?: SchemaProbe;
}

export interface Analysis {
  model: SemanticModel;
  /** Scans of sources, by source name (sources without `columns`, and all sources in `check`). */
  scans: Map<string, ScanResult>;
  /** Scan diagnostics not yet reported (eval mode): the evaluator adds those of sources it does not read. */
  pendingScanDiagnostics: Map<string, Diagnostic[]>;
}

/** What the readers need to read a file source: files, format, declared columns (headers, maps), encoding, zone. */
export function sourceSpec(info: SourceInfo, zone: Zone): SourceSpec {
  return { name: info.name, files: info.files, format: info.format, delimiter: info.delimiter, declared: info.specs, encoding: info.encoding, timezone: zone };
}

export async function analyze(opts: AnalyzeOptions): Promise<Analysis> {
  const ws = loadWorkspace(opts);
  const diagnostics = [...ws.diagnostics];
  const sources = resolveSources(ws, opts.host, diagnostics, { readData: opts.readData });
  const zone = (ws.config.timezone && zoneFor(ws.config.timezone)) || UTC;
  const scans = new Map<string, ScanResult>();
  const pending = new Map<string, Diagnostic[]>();
  const toValidate: SourceInfo[] = [];
  for (const info of sources.values()) {
    if (info.kind === "sql") {
      // A connection source without `columns`: its columns come from the engine's schema.
      if (!info.readable || info.declared || !opts.describe || (!info.table && !info.sql)) continue;
      const access = info.table !== undefined ? { kind: "table" as const, connection: info.connection!, table: info.table } : { kind: "query" as const, connection: info.connection!, sql: info.sql! };
      const r = await opts.describe(access, zone.name, opts.signal);
      if (r.ok) info.columns = r.columns;
      else {
        info.readable = false;
        const at = info.sym.props.get(info.table !== undefined ? "table" : "sql")?.value ?? info.sym.decl.name!;
        diagnostics.push(diag("CX4001", info.sym.file.path, info.sym.file.parse.lines.rangeOf(at.span), { detail: `Source '${info.name}': ${r.message}` }));
      }
      continue;
    }
    if (!info.readable) continue;
    if (info.declared && opts.mode === "eval") continue;
    let scan: ScanResult;
    const checking = opts.mode === "check" && info.declared !== undefined;
    // `check --data`: the records and values are read once the checker has given the columns their maps (below).
    const validating = checking && opts.checkData === "all";
    try {
      if (checking) scan = await scanSource(sourceSpec(info, zone), opts.host, opts.signal, true);
      else scan = await opts.cache.scan(sourceSpec(info, zone), opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      info.readable = false;
      diagnostics.push(cannotRead(info, err));
      continue;
    }
    scans.set(info.name, scan);
    info.schema = scan.schema;
    if (scan.diagnostics.some((d) => d.severity === "error") && scan.schema.columns.length === 0) info.readable = false;
    if (!info.declared) {
      info.columns = new Map(scan.schema.columns.map((c) => [c, scan.schema.inferred.get(c) ?? "text"]));
    }
    if (opts.mode === "check") {
      // (--data: the full read below finds the header problems again, with the rest.)
      if (!validating) diagnostics.push(...scan.diagnostics);
      else toValidate.push(info);
      if (info.declared) diagnostics.push(...missingColumns(info.name, info.declared.keys(), scan, scan.schema.columns, info));
    } else {
      pending.set(info.name, scan.diagnostics);
    }
  }
  const model = check(ws, sources);
  for (const info of toValidate) diagnostics.push(...(await validateSource(info, zone, opts)));
  model.diagnostics.unshift(...diagnostics);
  return { model, scans, pendingScanDiagnostics: pending };
}

/**
 * `cx check --data` for a source with `columns`: every record read and every declared column
 * converted to its type (with its map, which the checker attached) without being kept — the
 * evaluator's validateOnly — so the report has what `cx eval` finds in the data (CX4003, CX4004,
 * CX4009) without evaluating anything.
 */
async function validateSource(info: SourceInfo, zone: Zone, opts: AnalyzeOptions): Promise<Diagnostic[]> {
  try {
    return (await readSource(sourceSpec(info, zone), new Map(), opts.host, opts.signal, info.declared)).diagnostics;
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    return [cannotRead(info, err)];
  }
}

/** CX4001 on the source's `file:` for a read that failed. */
function cannotRead(info: SourceInfo, err: unknown): Diagnostic {
  const at = info.sym.props.get("file")?.value;
  return diag("CX4001", info.sym.file.path, info.sym.file.parse.lines.rangeOf((at ?? info.sym.decl.name!).span), { detail: `Source '${info.name}': cannot read the data: ${(err as Error).message}` });
}

type DeclaredAt = { declaredAt: Map<string, import("./text").Range>; sym: { file: { path: string } }; files: string[] };

/**
 * CX4002 for declared columns absent from the data (the readers' `missing`), at each column's
 * declaration. When several headers equal the column's header ignoring case (`ambiguous`), the
 * message names them.
 */
export function missingColumns(
  source: string,
  declared: Iterable<string>,
  resolution: { missing: string[]; ambiguous: Map<string, string[]> },
  header: string[],
  info: DeclaredAt,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = info.files.length === 1 ? `'${info.files[0].split("/").pop()}'` : "the data files";
  const missing = new Set(resolution.missing);
  const clean = (h: string) => escapeControls(h);
  const quote = (h: string) => `'${clean(h)}'`;
  for (const name of declared) {
    if (!missing.has(name)) continue;
    const range = info.declaredAt.get(name)!;
    const amb = resolution.ambiguous.get(name);
    const hint = amb
      ? ` Several headers equal it ignoring case (${amb.slice(0, 6).map(quote).join(", ")}); say which one with from "…".`
      : header.length
        ? ` The data has: ${header.slice(0, 12).map((h) => (h.trim() === h && h !== "" ? clean(h) : quote(h))).join(", ")}${header.length > 12 ? ", …" : ""}.`
        : "";
    out.push(diag("CX4002", info.sym.file.path, range, { name, source, file, hint }));
  }
  return out;
}
