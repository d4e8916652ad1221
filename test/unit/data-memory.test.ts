// A larger file: 200,000 rows read in 64 KiB chunks into typed columns (no timing assertions).

import { describe, expect, it } from "vitest";
import { readSource, scanSource, type SourceSpec } from "../../server/src/core/data/reader";
import { formatDate } from "../../server/src/core/data/convert";
import type { ColumnType } from "../../server/src/core/data/table";
import { MemoryHost } from "../support/memoryHost";

const ROWS = 200_000;
const CHANNELS = ["web", "app", "phone", "store"];
const REGIONS = ["North", "South", "East", "West", "Zürich"];

function generate(): Uint8Array {
  const parts: string[] = ["id,channel,region,recommend,handle_time,resolved,answered_at,comment\n"];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < ROWS; i++) {
    const r = next();
    const day = 1 + (r % 28);
    const quoted = i % 1000 === 0 ? `"note ""${i}"", with comma"` : "";
    parts.push(
      `R${i},${CHANNELS[r % 4]},${REGIONS[(r >>> 3) % 5]},${(r >>> 5) % 11},${((r >>> 7) % 6000) / 10},${r & 1 ? "true" : "false"},2024-03-${String(day).padStart(2, "0")},${quoted}\n`,
    );
  }
  return new TextEncoder().encode(parts.join(""));
}

describe("large file", () => {
  it("reads 200k rows into typed arrays", async () => {
    const host = new MemoryHost({ "/ws/big.csv": generate() }, { chunkSize: 64 * 1024, reuseChunks: true });
    const spec: SourceSpec = { name: "big", files: ["/ws/big.csv"], format: "csv", delimiter: "," };
    const needed = new Map<string, ColumnType>([
      ["channel", "text"],
      ["region", "text"],
      ["recommend", "integer"],
      ["handle_time", "number"],
      ["resolved", "boolean"],
      ["answered_at", "date"],
    ]);
    const r = await readSource(spec, needed, host);
    const t = r.table;
    expect(r.diagnostics).toEqual([]);
    expect(t.rowCount).toBe(ROWS);
    expect(t.rowLines).toBeInstanceOf(Int32Array);
    expect(t.rowLines.length).toBe(ROWS);
    expect(t.rowLines[ROWS - 1]).toBe(ROWS + 1);
    for (const c of t.columns.values()) {
      if (c.type === "text") {
        expect(c.codes).toBeInstanceOf(Int32Array);
        expect(c.codes.length).toBe(ROWS);
      } else {
        expect(c.values).toBeInstanceOf(Float64Array);
        expect(c.values.length).toBe(ROWS);
      }
    }
    const channel = t.columns.get("channel")!;
    const region = t.columns.get("region")!;
    expect(channel.type === "text" && [...channel.dict].sort()).toEqual([...CHANNELS].sort());
    expect(region.type === "text" && [...region.dict].sort()).toEqual([...REGIONS].sort());
    const rec = t.columns.get("recommend")!;
    const dates = t.columns.get("answered_at")!;
    if (rec.type === "text" || dates.type === "text") throw new Error("typed");
    let sum = 0;
    for (const v of rec.values) sum += v;
    expect(sum / ROWS).toBeGreaterThan(4);
    expect(sum / ROWS).toBeLessThan(6);
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of dates.values) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    expect([formatDate(lo), formatDate(hi)]).toEqual(["2024-03-01", "2024-03-28"]);

    const scan = await scanSource(spec, host);
    expect(scan.rowCount).toBe(ROWS);
    expect(Object.fromEntries(scan.schema.inferred)).toEqual({
      id: "text",
      channel: "text",
      region: "text",
      recommend: "integer",
      handle_time: "number",
      resolved: "boolean",
      answered_at: "date",
      comment: "text",
    });
    expect(scan.stats.get("comment")?.nulls).toBe(ROWS - ROWS / 1000);
    expect(scan.stats.get("recommend")).toMatchObject({ min: "0", max: "10", nulls: 0 });
  });
});
