// Data-driven reader tests. Each directory of test/fixtures/data/ holds data files, a case.json
// ({ format, files | glob, delimiter?, columns: {name: type} | "infer" }) and expected.json: what
// scanSource and readSource make of it — header, rows as decoded values, and diagnostics written
// "file line:col-endcol CODE severity message" (1-based line and columns, end exclusive).
// Every case is read whole and in chunks of 1, 2, 3, 7 and 64 bytes (splitting records, quotes,
// CRLFs and multi-byte characters), with chunks that reuse one buffer as NodeHost's do; all must
// give the same snapshot. Run with UPDATE_FIXTURES=1 to (re)write the expected files.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../server/src/core/diagnostics";
import { formatDate, formatDateTime } from "../../server/src/core/data/convert";
import { formatFromPath, readSource, scanSource, type DataFormat, type SourceSpec } from "../../server/src/core/data/reader";
import type { ColumnType, Table } from "../../server/src/core/data/table";
import { MemoryHost } from "../support/memoryHost";

const DIR = join(__dirname, "../fixtures/data");
const ROOT = "/ws/data/";
const CHUNK_SIZES = [undefined, 1, 2, 3, 7, 64];
const update = process.env.UPDATE_FIXTURES === "1";

interface Case {
  format: DataFormat;
  files?: string[];
  glob?: string;
  delimiter?: string;
  columns: Record<string, ColumnType> | "infer";
}

type Cell = string | number | boolean | null;

export function decodeTable(t: Table): Record<string, Cell[]> {
  const out: Record<string, Cell[]> = {};
  for (const [name, c] of t.columns) {
    const cells: Cell[] = [];
    for (let i = 0; i < t.rowCount; i++) {
      if (c.type === "text") cells.push(c.codes[i] < 0 ? null : c.dict.at(c.codes[i])!);
      else {
        const v = c.values[i];
        if (Number.isNaN(v)) cells.push(null);
        else if (c.type === "boolean") cells.push(v === 1);
        else if (c.type === "date") cells.push(formatDate(v));
        else if (c.type === "datetime") cells.push(formatDateTime(v));
        else cells.push(v);
      }
    }
    out[name] = cells;
  }
  return out;
}

function rows(t: Table): Cell[][] {
  const cols = Object.values(decodeTable(t));
  return Array.from({ length: t.rowCount }, (_, i) => cols.map((c) => c[i]));
}

function showDiagnostic(d: Diagnostic): string {
  const r = d.range;
  const file = d.file.startsWith(ROOT) ? d.file.slice(ROOT.length) : d.file;
  return `${file} ${r.start.line + 1}:${r.start.character + 1}-${r.end.character + 1} ${d.code} ${d.severity} ${d.message}`;
}

async function snapshot(c: Case, files: Record<string, Uint8Array>, chunkSize: number | undefined) {
  const host = new MemoryHost(
    Object.fromEntries(Object.entries(files).map(([n, b]) => [ROOT + n, b])),
    { chunkSize, reuseChunks: true },
  );
  const paths = c.glob ? host.glob(ROOT + c.glob) : (c.files ?? []).map((f) => ROOT + f);
  const spec: SourceSpec = { name: "src", files: paths, format: c.format, delimiter: c.delimiter ?? "," };
  const scan = await scanSource(spec, host);
  const needed = new Map<string, ColumnType>(c.columns === "infer" ? scan.schema.inferred : Object.entries(c.columns));
  const read = await readSource(spec, needed, host);
  const t = read.table;
  return {
    scan: {
      columns: scan.schema.columns,
      inferred: Object.fromEntries(scan.schema.inferred),
      rowCount: scan.rowCount,
      stats: Object.fromEntries(scan.stats),
      diagnostics: scan.diagnostics.map(showDiagnostic),
    },
    read: {
      header: read.header,
      missing: read.missing,
      columns: [...t.columns.keys()],
      rowCount: t.rowCount,
      rows: rows(t),
      rowLines: [...t.rowLines],
      files: t.files.map((f) => f.slice(ROOT.length)),
      ...(t.fileOfRow ? { fileOfRow: [...t.fileOfRow] } : {}),
      diagnostics: read.diagnostics.map(showDiagnostic),
    },
  };
}

describe("data fixtures", () => {
  const cases = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const dir of cases) {
    it(dir.name, async () => {
      const base = join(DIR, dir.name);
      const c = JSON.parse(readFileSync(join(base, "case.json"), "utf8")) as Case;
      const files: Record<string, Uint8Array> = {};
      for (const f of readdirSync(base)) if (f !== "case.json" && f !== "expected.json") files[f] = new Uint8Array(readFileSync(join(base, f)));
      const whole = await snapshot(c, files, undefined);
      const expectedPath = join(base, "expected.json");
      if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, JSON.stringify(whole, null, 2) + "\n");
      expect(whole).toEqual(JSON.parse(readFileSync(expectedPath, "utf8")));
      for (const size of CHUNK_SIZES.slice(1)) expect(await snapshot(c, files, size), `chunk size ${size}`).toEqual(whole);
    });
  }
});

describe("formatFromPath", () => {
  it.each([
    ["/a/b.csv", "csv"],
    ["/a/b.TSV", "csv"],
    ["/a/b.json", "json"],
    ["/a/b.jsonl", "jsonl"],
    ["/a/b.ndjson", "jsonl"],
    ["/a/b.yaml", "yaml"],
    ["/a/b.yml", "yaml"],
    ["/a/b.txt", undefined],
    ["/a.csv/b", undefined],
  ])("%s → %s", (path, format) => {
    expect(formatFromPath(path)).toBe(format);
  });
});
