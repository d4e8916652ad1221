// DataCache: reuse of unchanged files, reading only the extra columns, invalidation; aborting reads.

import { describe, expect, it } from "vitest";
import { DataCache, readSource, scanSource, type SourceSpec } from "../../server/src/core/data/reader";
import type { ColumnType } from "../../server/src/core/data/table";
import { MemoryHost } from "../support/memoryHost";

const CSV = "id,score,channel,when\n1,9,web,2024-01-01\n2,x,app,2024-01-02\n3,7,web,bad\n";
const spec: SourceSpec = { name: "s", files: ["/ws/a.csv"], format: "csv", delimiter: "," };
const cols = (entries: [string, ColumnType][]) => new Map(entries);

describe("DataCache", () => {
  it("reuses columns of an unchanged file and reads again only for new columns", async () => {
    const host = new MemoryHost({ "/ws/a.csv": CSV });
    const cache = new DataCache(host);
    const r1 = await cache.read(spec, cols([["id", "integer"], ["score", "integer"]]));
    expect(host.reads.get("/ws/a.csv")).toBe(1);
    expect(r1.diagnostics.map((d) => d.code)).toEqual(["CX4003"]);

    const r2 = await cache.read(spec, cols([["score", "integer"], ["id", "integer"]]));
    expect(host.reads.get("/ws/a.csv")).toBe(1); // no read at all
    expect(r2.table.columns.get("id")).toBe(r1.table.columns.get("id")); // the same arrays
    expect(r2.diagnostics).toEqual(r1.diagnostics);

    const r3 = await cache.read(spec, cols([["id", "integer"], ["when", "date"], ["nope", "text"]]));
    expect(host.reads.get("/ws/a.csv")).toBe(2); // read again, for `when` only
    expect([...r3.table.columns.keys()]).toEqual(["id", "when"]);
    expect(r3.missing).toEqual(["nope"]);
    expect(r3.diagnostics.map((d) => `${d.range.start.line + 1} ${d.message}`)).toEqual([
      "4 Value 'bad' in column 'when' is not a date (YYYY-MM-DD); it is treated as missing (source 's').",
    ]);
    // The same as reading without a cache.
    const direct = await readSource(spec, cols([["id", "integer"], ["when", "date"], ["nope", "text"]]), host);
    expect(r3).toEqual(direct);

    await cache.read(spec, cols([["nope", "text"]])); // known to be missing: no read
    expect(host.reads.get("/ws/a.csv")).toBe(3); // (the direct read above counted once)
  });

  it("rereads a changed file, and after invalidate", async () => {
    const host = new MemoryHost({ "/ws/a.csv": CSV });
    const cache = new DataCache(host);
    const needed = cols([["id", "integer"]]);
    expect((await cache.read(spec, needed)).table.rowCount).toBe(3);
    host.set("/ws/a.csv", CSV + "4,1,web,2024-01-04\n");
    expect((await cache.read(spec, needed)).table.rowCount).toBe(4);
    expect(host.reads.get("/ws/a.csv")).toBe(2);
    await cache.read(spec, needed);
    expect(host.reads.get("/ws/a.csv")).toBe(2);
    cache.invalidate("/ws/other.csv");
    await cache.read(spec, needed);
    expect(host.reads.get("/ws/a.csv")).toBe(2);
    cache.invalidate("/ws/a.csv");
    await cache.read(spec, needed);
    expect(host.reads.get("/ws/a.csv")).toBe(3);
    cache.invalidate();
    await cache.read(spec, needed);
    expect(host.reads.get("/ws/a.csv")).toBe(4);
  });

  it("caches scans and serialises concurrent requests", async () => {
    const host = new MemoryHost({ "/ws/a.csv": CSV });
    const cache = new DataCache(host);
    const [a, b] = await Promise.all([cache.scan(spec), cache.scan(spec)]);
    expect(b).toBe(a);
    expect(host.reads.get("/ws/a.csv")).toBe(1);
    expect(Object.fromEntries(a.schema.inferred)).toEqual({ id: "integer", score: "text", channel: "text", when: "text" });
    const [r1, r2] = await Promise.all([cache.read(spec, cols([["id", "integer"]])), cache.read(spec, cols([["id", "integer"]]))]);
    expect(r2.table.columns.get("id")).toBe(r1.table.columns.get("id"));
    expect(host.reads.get("/ws/a.csv")).toBe(2);
    host.set("/ws/a.csv", "id\n1\n");
    expect((await cache.scan(spec)).schema.columns).toEqual(["id"]);
  });

  it("keys entries by source name (messages name the source)", async () => {
    const host = new MemoryHost({ "/ws/a.csv": CSV });
    const cache = new DataCache(host);
    const r = await cache.read({ ...spec, name: "other" }, cols([["score", "integer"]]));
    expect(r.diagnostics[0].message).toContain("(source 'other')");
    const r2 = await cache.read(spec, cols([["score", "integer"]]));
    expect(r2.diagnostics[0].message).toContain("(source 's')");
  });
});

describe("aborting", () => {
  it("rejects when the signal is aborted, and caches nothing", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},${i % 10}`).join("\n");
    const host = new MemoryHost({ "/ws/a.csv": "id,score\n" + rows }, { chunkSize: 64 });
    const ac = new AbortController();
    const p = readSource(spec, cols([["id", "integer"]]), host, ac.signal);
    ac.abort();
    await expect(p).rejects.toThrow();
    const ac2 = new AbortController();
    ac2.abort();
    await expect(scanSource(spec, host, ac2.signal)).rejects.toThrow();
    const cache = new DataCache(host);
    await expect(cache.read(spec, cols([["id", "integer"]]), ac2.signal)).rejects.toThrow();
    expect((await cache.read(spec, cols([["id", "integer"]]))).table.rowCount).toBe(2000);
  });
});
