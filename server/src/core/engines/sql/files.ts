// File sources as relations of DuckDB (engine `duckdb`): CSV, JSON, JSONL and Parquet through
// DuckDB's own readers, with every value taken as text and converted by the native rules
// (textconv.ts), so that values equal the native reader's.
//
//   CSV      read_csv with every column VARCHAR, header, the source's delimiter, quote and escape
//            `"`, no type sniffing (explicit columns). Files are grouped by identical header; a
//            column is found by name in each group (language-v2 §9.1 resolution against the first
//            file's header), absent → null — the native reader's "read by column name".
//   JSON     read_json_objects / read_ndjson_objects: one JSON value per record; a column is a
//   JSONL    JSON pointer into it (the key, or a dotted path when no key matches), read as text
//            (strings unescaped; numbers and booleans as their JSON text; objects, arrays and
//            JSON null as null).
//   Parquet  read_parquet (union by name): typed columns, converted like a table's.
// Sources DuckDB cannot read with the same semantics (YAML, encodings other than UTF-8, files
// with a UTF-16 byte-order mark, CSV that DuckDB rejects as malformed) are read by the native
// reader and loaded into a temporary table (execute.ts); they render as that table.
//
// For a dialect other than DuckDB a file source renders as a table named after the source, as if
// its data were loaded into that warehouse (`cx sql --dialect …` on file sources).
import type { ColumnSpec, SourcePlan } from "../../plan/plan";
import type { SqlDialect } from "./dialect";
import { resolveHeader, type Relation, type SourceShape } from "./render";

export type FileRelation = Relation;

/** Whether DuckDB reads this source itself (else the native reader loads it). */
export function duckDbReads(plan: SourcePlan): boolean {
  const a = plan.access;
  if (a.kind !== "files") return false;
  const format: string = a.format;
  if (format === "yaml") return false;
  if (format === "parquet") return true;
  return a.encoding === "utf-8";
}

/** The DuckDB table a natively read source is loaded into. */
export function loadedTableName(plan: SourcePlan): string {
  return `cx_native_${plan.source}`;
}

function list(d: SqlDialect, files: string[]): string {
  return `[${files.map((f) => d.string(f)).join(", ")}]`;
}

function csvOptions(d: SqlDialect, delimiter: string): string {
  return `delim = ${d.string(delimiter)}, quote = '"', escape = '"'`;
}

/** A JSON pointer (RFC 6901) of a key path. */
export function jsonPointer(path: string[]): string {
  return path.map((p) => "/" + p.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export function fileRelation(plan: SourcePlan, d: SqlDialect, shape: SourceShape | undefined, prefix: string, notes: string[]): FileRelation {
  const a = plan.access;
  if (a.kind !== "files") throw new Error("not a file source");
  if (d.name !== "duckdb") {
    notes.push(`${plan.source}: file data, shown as a table named '${plan.source}' as if loaded into ${d.name}`);
    return {
      from: d.ident(plan.source),
      raw: (name) => ({ sql: d.ident(name) }),
    };
  }
  if (!duckDbReads(plan)) {
    notes.push(`${plan.source}: read by the native reader (${(a.format as string) === "yaml" ? "YAML" : `encoding ${a.encoding}`}) and loaded into a temporary table`);
    return { from: d.ident(loadedTableName(plan)), raw: (name) => ({ sql: d.ident(name), loaded: true }) };
  }
  const format: string = a.format;
  switch (format) {
    case "csv":
      return csvRelation(plan, d, shape, prefix);
    case "json":
    case "jsonl":
      return jsonRelation(plan, d, shape, format);
    case "parquet":
      return parquetRelation(plan, d, shape);
    default:
      return { from: d.ident(loadedTableName(plan)), raw: (name) => ({ sql: d.ident(name), loaded: true }) };
  }
}

function csvRelation(plan: SourcePlan, d: SqlDialect, shape: SourceShape | undefined, prefix: string): FileRelation {
  const a = plan.access as Extract<SourcePlan["access"], { kind: "files" }>;
  const groups = shape?.csvGroups;
  if (!groups || groups.length === 0) {
    // Without the headers (cx sql): DuckDB reads the header; columns by their header as written.
    return {
      from: `read_csv(${list(d, a.files)}, header = true, all_varchar = true, ${csvOptions(d, a.delimiter)})`,
      raw: (name, spec) => ({ sql: d.ident(spec?.header ?? name), text: true }),
    };
  }
  // The source's columns are the first file's (reader.ts); each column is resolved against them,
  // then found by that exact name in every group.
  const first = groups[0].names;
  const names = [...plan.columns.keys()];
  const physical = new Map<string, string>();
  for (const name of names) {
    const spec: ColumnSpec | undefined = plan.schema.get(name);
    const i = resolveHeader(spec?.header ?? name, first);
    if (i >= 0) physical.set(name, first[i]);
  }
  const alias = (i: number) => d.ident(`${prefix}r${i}`);
  const parts = groups.map((g) => {
    const cols = g.names.map((_, i) => `${d.string(`c${i}`)}: 'VARCHAR'`).join(", ");
    const select = names.map((name, i) => {
      const p = physical.get(name);
      const at = p === undefined ? -1 : g.names.indexOf(p);
      return `${at < 0 ? "CAST(NULL AS VARCHAR)" : d.ident(`c${at}`)} AS ${alias(i)}`;
    });
    if (select.length === 0) select.push(`1 AS ${d.ident(`${prefix}one`)}`);
    return `SELECT ${select.join(", ")}\nFROM read_csv(${list(d, g.files)}, header = true, auto_detect = false, columns = {${cols}}, ${csvOptions(d, a.delimiter)})`;
  });
  return {
    from: d.subquery(parts.join("\nUNION ALL\n"), d.ident(`${prefix}files`)),
    raw: (name) => {
      if (!physical.has(name)) return undefined;
      return { sql: alias(names.indexOf(name)), text: true };
    },
  };
}

/** Which key path a column reads: the key itself, a key equal ignoring case and whitespace, else a dotted path. */
export function jsonPath(header: string, keys: string[] | undefined): string[] | undefined {
  if (!keys) return [header];
  const i = resolveHeader(header, keys);
  if (i >= 0) return [keys[i]];
  if (header.includes(".")) return header.split(".");
  return undefined;
}

function jsonRelation(plan: SourcePlan, d: SqlDialect, shape: SourceShape | undefined, format: "json" | "jsonl"): FileRelation {
  const a = plan.access as Extract<SourcePlan["access"], { kind: "files" }>;
  const reader = format === "json" ? `read_json_objects(${list(d, a.files)}, format = 'array')` : `read_ndjson_objects(${list(d, a.files)})`;
  return {
    from: reader,
    raw: (name, spec) => {
      const path = jsonPath(spec?.header ?? name, shape?.jsonKeys);
      if (!path) return undefined;
      const ptr = d.string(jsonPointer(path));
      return {
        sql: `CASE WHEN json_type(${d.ident("json")}, ${ptr}) IN ('OBJECT', 'ARRAY') THEN NULL ELSE NULLIF(json_extract_string(${d.ident("json")}, ${ptr}), '') END`,
        text: true,
      };
    },
  };
}

function parquetRelation(plan: SourcePlan, d: SqlDialect, shape: SourceShape | undefined): FileRelation {
  const a = plan.access as Extract<SourcePlan["access"], { kind: "files" }>;
  const cols = shape?.columns;
  return {
    from: `read_parquet(${list(d, a.files)}, union_by_name = true)`,
    raw: (name, spec) => {
      const header = spec?.header ?? name;
      if (!cols) return { sql: d.ident(header) };
      const i = resolveHeader(header, cols.map((c) => c.name));
      if (i < 0) return undefined;
      return { sql: d.ident(cols[i].name), type: cols[i].type };
    },
  };
}
