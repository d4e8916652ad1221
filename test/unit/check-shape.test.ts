// `cx check` reads only the shape of a source with `columns` (scanSource's shapeOnly, analyze's
// checkData "headers"): a CSV file up to its header, a Parquet file up to its schema, JSON/JSONL/
// YAML until every declared column has met its exact key. What the declared columns resolve to,
// and the header diagnostics, must be those of a full scan; only the records not read go unseen.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanSource, type ColumnSpec, type SourceSpec } from "../../server/src/core/data/reader";
import { MemoryHost } from "../support/memoryHost";

const spec = (files: string[], format: SourceSpec["format"], declared: Record<string, ColumnSpec | "text" | "integer">): SourceSpec => ({
  name: "s",
  files,
  format,
  delimiter: ",",
  declared: new Map(Object.entries(declared).map(([k, v]) => [k, typeof v === "string" ? { type: v, header: k } : v])) as SourceSpec["declared"],
});
const codes = (list: { code: string; severity: string }[]) => list.map((d) => `${d.code} ${d.severity}`);

/** The decoder looks at a file's first 64 KiB before anything is parsed (decode.ts). */
const HEAD_CHUNKS = 65536 / 4096;

/** Scans shape-only and fully; returns both, and how many chunks the shape scan asked for per file. */
async function both(host: MemoryHost, s: SourceSpec) {
  const chunks = new Map<string, number>();
  host.onChunk = (path, i) => chunks.set(path, Math.max(chunks.get(path) ?? 0, i + 1));
  const shape = await scanSource(s, host, undefined, true);
  host.onChunk = undefined;
  const full = await scanSource(s, host);
  expect(shape.resolved).toEqual(full.resolved);
  expect(shape.missing).toEqual(full.missing);
  expect(shape.ambiguous).toEqual(full.ambiguous);
  return { shape, full, chunks };
}

describe("shape-only scans (cx check)", () => {
  const rows = (n: number, bad = -1) => "id,score,comment\n" + Array.from({ length: n }, (_, i) => (i === bad ? `${i},1\n` : `${i},${i % 11},"a, b"\n`)).join("");

  it("read a CSV file up to its header: records are not read, so their problems are not found", async () => {
    const host = new MemoryHost({ "/ws/a.csv": rows(60_000, 30_000) }, { chunkSize: 4096, reuseChunks: true });
    const { shape, full, chunks } = await both(host, spec(["/ws/a.csv"], "csv", { id: "integer", score: "integer", nope: "text" }));
    expect(chunks.get("/ws/a.csv")).toBeLessThanOrEqual(HEAD_CHUNKS + 1); // of about 250
    expect(shape.missing).toEqual(["nope"]);
    expect(shape.schema.columns).toEqual(["id", "score", "comment"]);
    expect(codes(full.diagnostics)).toEqual(["CX4004 warning"]);
    expect(shape.diagnostics).toEqual([]);
  });

  it("still compare the headers of a glob's files and find duplicate headers", async () => {
    const host = new MemoryHost({ "/ws/a.csv": rows(10), "/ws/b.csv": "id,score,other\n1,2,3\n", "/ws/c.csv": "id,id,score,comment\n" });
    const { shape, full } = await both(host, spec(["/ws/a.csv", "/ws/b.csv", "/ws/c.csv"], "csv", { id: "integer", score: "integer" }));
    expect(codes(shape.diagnostics)).toEqual(codes(full.diagnostics));
    expect(codes(shape.diagnostics)).toEqual(["CX4004 error", "CX4004 warning"]);
  });

  it("find a binary file and invalid UTF-8 in the header", async () => {
    const host = new MemoryHost({ "/ws/bin.csv": new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0, 0, 0]), "/ws/l1.csv": new Uint8Array([...Buffer.from("id,caf"), 0xe9, ...Buffer.from("\n1,2\n")]) });
    const bin = await both(host, spec(["/ws/bin.csv"], "csv", { id: "integer" }));
    expect(codes(bin.shape.diagnostics)).toEqual(codes(bin.full.diagnostics));
    expect(codes(bin.shape.diagnostics)).toEqual(["CX4004 error"]);
    const l1 = await both(host, spec(["/ws/l1.csv"], "csv", { id: "integer" }));
    expect(codes(l1.shape.diagnostics)).toEqual(["CX4009 warning"]);
  });

  it("read JSONL records until every declared column has met its exact key", async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify(i === 12_000 ? { id: i, late: 1 } : { id: i, Score: i % 7, score: i % 5 }));
    const text = lines.join("\n") + "\n";
    const host = new MemoryHost({ "/ws/a.jsonl": text }, { chunkSize: 4096, reuseChunks: true });
    const all = Math.ceil(text.length / 4096);
    // Both exact in the first record: the decoder's head and a chunk.
    const early = await both(host, spec(["/ws/a.jsonl"], "jsonl", { id: "integer", score: "integer" }));
    expect(early.chunks.get("/ws/a.jsonl")).toBeLessThanOrEqual(HEAD_CHUNKS + 1);
    expect(early.shape.resolved.get("score")).toBe("score");
    // The file in one chunk (as NodeHost gives files up to 1 MiB): the parser itself stops after the first record.
    const whole = await scanSource(spec(["/ws/a.jsonl"], "jsonl", { id: "integer", score: "integer" }), new MemoryHost({ "/ws/a.jsonl": text }), undefined, true);
    expect(whole.rowCount).toBe(1);
    const wholeYaml = await scanSource(spec(["/ws/a.yaml"], "yaml", { id: "integer" }), new MemoryHost({ "/ws/a.yaml": "- id: 1\n- id: 2\n- id: 3\n" }), undefined, true);
    expect(wholeYaml.rowCount).toBe(1);
    const wholeCsv = await scanSource(spec(["/ws/a.csv"], "csv", { id: "integer" }), new MemoryHost({ "/ws/a.csv": rows(100) }), undefined, true);
    expect(wholeCsv.rowCount).toBe(0);
    // `late` only in record 12,001 (of 30,000): read up to there, found.
    const late = await both(host, spec(["/ws/a.jsonl"], "jsonl", { id: "integer", late: "integer" }));
    expect(late.shape.missing).toEqual([]);
    expect(late.chunks.get("/ws/a.jsonl")).toBeGreaterThan(HEAD_CHUNKS + 1);
    expect(late.chunks.get("/ws/a.jsonl")).toBeLessThan(all / 2);
    // Never exact (only `Score`/`score` ignoring case, which is ambiguous): read to the end, as a full scan.
    const amb = await both(host, spec(["/ws/a.jsonl"], "jsonl", { SCORE: "integer" }));
    expect(amb.shape.ambiguous.get("SCORE")).toEqual(["Score", "score"]);
    // Absent everywhere: read to the end; CX4002 follows from `missing`.
    const none = await both(host, spec(["/ws/a.jsonl"], "jsonl", { nope: "text" }));
    expect(none.shape.missing).toEqual(["nope"]);
  });

  it("take a later exact key over an earlier key equal ignoring case (JSON, YAML)", async () => {
    const json = JSON.stringify([{ Region: "n", n: 1 }, { n: 2 }, { region: "s", n: 3 }]);
    const yaml = "- Region: n\n  n: 1\n- n: 2\n- region: s\n  n: 3\n";
    const host = new MemoryHost({ "/ws/a.json": json, "/ws/a.yaml": yaml });
    for (const [file, format] of [["/ws/a.json", "json"], ["/ws/a.yaml", "yaml"]] as const) {
      const r = await both(host, spec([file], format, { region: "text", n: "integer" }));
      expect(r.shape.resolved.get("region"), format).toBe("region");
    }
  });

  it("read a Parquet file's schema only", async () => {
    const host = new MemoryHost({ "/ws/t.parquet": new Uint8Array(readFileSync(join(__dirname, "../fixtures/parquet/types.parquet"))) });
    const full = await scanSource(spec(["/ws/t.parquet"], "parquet", {}), host);
    const names = full.schema.columns;
    expect(names.length).toBeGreaterThan(2);
    const r = await both(host, spec(["/ws/t.parquet"], "parquet", { [names[0]]: "text", [names[1]]: "text", absent: "text" }));
    expect(r.shape.missing).toEqual(["absent"]);
    expect(r.shape.rowCount).toBe(0);
    expect(r.full.rowCount).toBeGreaterThan(0);
  });
});
