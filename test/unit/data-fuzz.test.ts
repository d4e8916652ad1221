// Data-file fuzzing (fixed seed): generated and mutated CSV, JSON, JSONL, YAML and Parquet bytes —
// truncations, random bytes, invalid UTF-8, huge lines, YAML alias bombs, deep JSON nesting —
// through scanSource and readSource in random chunkings. Nothing may throw, every diagnostic
// must be a well-formed one from the catalogue, and no input may take long.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE, type Diagnostic } from "../../server/src/core/diagnostics";
import { readSource, scanSource, type ColumnSpec, type DataFormat, type SourceSpec } from "../../server/src/core/data/reader";
import { matchGlob } from "../../server/src/core/data/glob";
import type { ColumnType } from "../../server/src/core/data/table";
import { MemoryHost } from "../support/memoryHost";

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enc = new TextEncoder();
const SEEDS: Record<Exclude<DataFormat, "parquet">, string[]> = {
  csv: [
    "id,score,when,note\n1,9,2026-01-01,ok\n2,x,2026-13-01,\"a, b\"\n3,,,\"multi\nline\"\n",
    'a;b;c\r\n"x""y";2;true\r\n;;\r\n',
    "\ufeffStore,CHANNEL, Score \nKiel,web,5\nLübeck,app,\n",
  ],
  json: ['[{"id": 1, "score": 9, "c": {"d": "x"}}, {"id": "two", "tags": [1, 2]}, {"score": null}]', '[{"a": "\\u00e9\\ud83d\\ude00", "b": 1e3}]'],
  jsonl: ['{"id": 1, "c": {"d": 1}}\n{"id": 2, "e": true}\n\n{"id": 3}\n', '{"a": [1, {"b": 2}]}\n["x"]\n{"a": 1}'],
  yaml: ["- id: 1\n  c: {d: x}\n- id: 2\n  score: 3.0\n", "- &a {id: 1, s: 2}\n- *a\n- {id: *b}\n"],
};
const TYPES: ColumnType[] = ["text", "integer", "number", "boolean", "date", "datetime"];
const NAMES = ["id", "score", "when", "note", "a", "b", "c", "c.d", "store", "Score", "tags", "e"];

function mutate(r: () => number, input: Uint8Array): Uint8Array {
  const b = Array.from(input);
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (b.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0: // truncate
        b.length = at;
        break;
      case 1: // a random byte
        b.splice(at, 0, Math.floor(r() * 256));
        break;
      case 2: // flip a byte
        if (at < b.length) b[at] ^= 1 << Math.floor(r() * 8);
        break;
      case 3: // invalid UTF-8
        b.splice(at, 0, ...[[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf]][Math.floor(r() * 6)]);
        break;
      case 4: // a structural character
        b.splice(at, 0, '",;\n\r{}[]:-*&#\\'.charCodeAt(Math.floor(r() * 17)));
        break;
      case 5: // duplicate a slice
        b.splice(at, 0, ...b.slice(Math.floor(r() * b.length), Math.floor(r() * b.length)));
        break;
      default: // delete
        b.splice(at, Math.floor(r() * 4));
    }
  }
  return new Uint8Array(b);
}

function checkDiagnostics(list: Diagnostic[]): void {
  for (const d of list) {
    expect(CATALOGUE[d.code as keyof typeof CATALOGUE], d.code).toBeDefined();
    expect(d.range.start.line).toBeGreaterThanOrEqual(0);
    expect(d.range.start.character).toBeGreaterThanOrEqual(0);
    expect(d.range.end.line).toBeGreaterThanOrEqual(d.range.start.line);
    expect(typeof d.message).toBe("string");
    expect(d.message).not.toMatch(/\n|\bat .*\.ts:\d+/); // one line, no stack trace
  }
}

async function run(r: () => number, format: DataFormat, data: Uint8Array, label: string): Promise<void> {
  // (Tiny chunks only for small inputs: a host yields at least kilobytes at a time.)
  const chunkSize = data.length > 100_000 ? [undefined, 4096, 65536][Math.floor(r() * 3)] : [undefined, 1, 2, 3, 7, 64, 4096][Math.floor(r() * 7)];
  const host = new MemoryHost({ "/ws/f": data }, { chunkSize, reuseChunks: true });
  const declared = new Map<string, ColumnSpec>();
  const needed = new Map<string, ColumnType>();
  for (const name of NAMES) {
    if (r() < 0.4) continue;
    const type = TYPES[Math.floor(r() * TYPES.length)];
    const key = name.replace(".", "_");
    declared.set(key, { type, header: name, ...(r() < 0.3 ? { map: [{ label: "Yes", value: type === "text" ? "y" : 1 }] } : {}) });
    needed.set(key, type);
  }
  const encoding = (["utf-8", "utf-16", "latin1", "windows-1252", undefined] as const)[Math.floor(r() * 5)];
  const spec: SourceSpec = { name: "f", files: ["/ws/f"], format, delimiter: r() < 0.2 ? ";" : ",", declared, encoding };
  const t0 = Date.now();
  const scan = await scanSource(spec, host);
  checkDiagnostics(scan.diagnostics);
  const read = await readSource(spec, needed, host);
  checkDiagnostics(read.diagnostics);
  for (const c of read.table.columns.values()) expect(c.type === "text" ? c.codes.length : c.values.length).toBe(read.table.rowCount);
  expect(Date.now() - t0, label).toBeLessThan(5000);
}

describe("data fuzzing", () => {
  it("mutated text files (a few thousand) never throw", async () => {
    const r = rng(20260601);
    let count = 0;
    for (let round = 0; round < 400; round++) {
      for (const format of ["csv", "json", "jsonl", "yaml"] as const) {
        const seeds = SEEDS[format];
        const base = enc.encode(seeds[Math.floor(r() * seeds.length)]);
        await run(r, format, mutate(r, base), `${format} #${round}`);
        count++;
        if (round % 10 === 0) {
          // Random bytes as this format.
          const junk = new Uint8Array(Math.floor(r() * 300)).map(() => Math.floor(r() * 256));
          await run(r, format, junk, `${format} junk #${round}`);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(1700);
  }, 120_000);

  it("mutated Parquet files never throw", async () => {
    const r = rng(7);
    const base = new Uint8Array(readFileSync(join(__dirname, "../fixtures/parquet/types.parquet")));
    for (let round = 0; round < 300; round++) await run(r, "parquet", mutate(r, base), `parquet #${round}`);
  }, 60_000);

  it("hostile shapes: huge lines, deep nesting, alias bombs", async () => {
    const r = rng(3);
    const huge = "a,b\n" + "x".repeat(3_000_000) + ",1\n";
    const deepJson = "[" + "[".repeat(200_000) + "]".repeat(200_000) + "]";
    const deepRecord = '[{"a": ' + "[".repeat(100_000) + "]".repeat(100_000) + ', "b": 1}]';
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill("*" + String.fromCharCode(97 + i)).join(", ")}]`), "rows:", "- {k: *j}"].join("\n");
    const bombRows = ["- &r {a: [1, 2], b: 1}", ...Array.from({ length: 5000 }, () => "- *r")].join("\n");
    const deepYaml = "- a: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
    const manyKeys = Array.from({ length: 3000 }, (_, i) => `{"k${i}": ${i}}`).join("\n");
    for (const [format, text] of [
      ["csv", huge],
      ["json", deepJson],
      ["json", deepRecord],
      ["yaml", bomb],
      ["yaml", bombRows],
      ["yaml", deepYaml],
      ["jsonl", manyKeys],
    ] as const) {
      await run(r, format, enc.encode(text), format);
    }
  }, 120_000);

  it("glob patterns match in linear time", () => {
    const r = rng(11);
    const path = "/ws/" + "a".repeat(60) + "/" + "ab".repeat(40) + ".csv";
    const hostile = [
      "/ws/" + "{a,".repeat(20) + "b" + "}".repeat(20) + "/*.csv", // 20 nested braces
      "/ws/" + "*a".repeat(12) + "*b/*.csv", // 12 stars that backtrack
      "/ws/" + "{a,b}".repeat(18) + "*/x.csv",
      "/ws/**/**/**/**/**/**/x.csv",
    ];
    const t0 = Date.now();
    for (const p of hostile) expect(matchGlob(p, path)).toBe(false);
    for (let i = 0; i < 2000; i++) {
      const pattern = "/ws/" + Array.from({ length: 1 + Math.floor(r() * 20) }, () => ["*", "?", "a", "b", "{a,b}", "[ab]", "/", "**/", "{", "}", ",", "\\*", "."][Math.floor(r() * 13)]).join("");
      matchGlob(pattern, path);
    }
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(matchGlob("/ws/" + "{a,".repeat(20) + "b" + "}".repeat(20) + "/x.csv", "/ws/b/x.csv")).toBe(true);
  });
});
