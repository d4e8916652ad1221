// Declared columns that no metric reads are type-checked (CX4003) without being kept in memory.
import { describe, expect, it } from "vitest";
import { MemoryHost } from "../support/memoryHost";
import { DataCache, readSource } from "../../server/src/core/data/reader";
import type { ColumnType } from "../../server/src/core/data/table";

const csv = "id,score,day\n1,5,2026-01-01\n2,ten,2026-01-02\n3,7,someday\n";
const spec = { name: "s", files: ["/ws/s.csv"], format: "csv" as const, delimiter: "," };
const needed = new Map<string, ColumnType>([["id", "integer"]]);
const validate = new Map<string, ColumnType>([["score", "integer"], ["day", "date"], ["id", "integer"]]);

describe("validate-only columns", () => {
  it("reports bad values of validated columns and keeps only the needed ones", async () => {
    const host = new MemoryHost({ "/ws/s.csv": csv });
    const r = await readSource(spec, needed, host, undefined, validate);
    expect([...r.table.columns.keys()]).toEqual(["id"]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`)).toEqual(["CX4003 3:3", "CX4003 4:5"]);
    expect(r.diagnostics[0].message).toContain("'ten' in column 'score' is not an integer");
  });

  it("caches validation results and later materialises a validated column on request", async () => {
    const host = new MemoryHost({ "/ws/s.csv": csv });
    const cache = new DataCache(host);
    const a = await cache.read(spec, needed, undefined, validate);
    expect(a.diagnostics).toHaveLength(2);
    const b = await cache.read(spec, needed, undefined, validate);
    expect(b.diagnostics).toHaveLength(2);
    expect(host.reads.get("/ws/s.csv")).toBe(1);
    const c = await cache.read(spec, new Map<string, ColumnType>([["score", "integer"]]));
    expect(Array.from((c.table.columns.get("score") as { values: Float64Array }).values)).toEqual([5, NaN, 7]);
    expect(c.diagnostics).toHaveLength(1);
  });
});
