// Differential: a CSV source read on several threads (core/data/parallel.ts, server/src/node/
// parallel.ts with the built dist/readWorker.js) gives exactly what the serial reader gives —
// rows, typed columns, dictionaries and codes, row lines, files of rows, and diagnostics in the
// same order — on seeded generated files built to be hard on the split: quoted fields with line
// breaks (LF and CRLF) everywhere, `""` escapes, a BOM, CRLF files, latin1 and windows-1252 bytes,
// ragged records and bad values spread over the parts (more than the 20 reported), empty lines,
// an unterminated quote at the end, invalid UTF-8 in a later part, globs whose files order their
// columns differently, label maps and type-checked-only columns. Parallel reading is forced with a
// threshold of one byte and 2–4 parts. No timing is asserted.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSource, type SourceSpec } from "../../server/src/core/data/reader";
import { readSourceDetailed, type ColumnSpec } from "../../server/src/core/data/source";
import type { ColumnType } from "../../server/src/core/data/table";
import { countLineBreaks, headerEnd } from "../../server/src/core/data/parallel";
import { NodeHost } from "../../server/src/node/host";
import type { NodeParallelReader } from "../../server/src/node/parallel";
import { Rng } from "../support/rng";

const workerFile = resolve(__dirname, "../../dist/readWorker.js");
const serialHost = new NodeHost({ parallel: false });
const hosts = [2, 3, 4].map((parts) => new NodeHost({ parallel: { parts, minBytes: 1, workerFile } }));
let dir: string;

beforeAll(() => {
  dir = serialHost.realpath(mkdtempSync(join(tmpdir(), "cx-par-")))!.replace(/\\/g, "/");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function prng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

interface Gen {
  rows: number;
  eol?: string;
  bom?: boolean;
  /** Chance of a quoted text with line breaks, `""` and delimiters. */
  multiline?: number;
  ragged?: number;
  bad?: number;
  /** Every nth record ragged / with bad values (evenly over the parts). */
  raggedEvery?: number;
  badEvery?: number;
  empty?: number;
  /** Bytes of text values: "utf8" (default) or single-byte (latin1/windows-1252 encoded). */
  bytes?: "utf8" | "single";
  header?: string[];
}

const COLS = ["id", "name", "score", "amount", "ok", "day", "at", "note"];

function generate(seed: number, g: Gen): Buffer {
  const r = prng(seed);
  const eol = g.eol ?? "\n";
  const header = g.header ?? COLS;
  const parts: string[] = [];
  if (g.empty) parts.push(eol);
  parts.push(header.join(",") + eol);
  const names = ["Zoë", "Ann", "Bob", "Ça va", "naïve", "x".repeat(20), "€uro", "Œuvre"];
  for (let i = 0; i < g.rows; i++) {
    const pick = () => names[Math.floor(r() * names.length)];
    const v: Record<string, string> = {
      id: `C${Math.floor(r() * g.rows * 0.6)}`,
      name: r() < 0.05 ? "" : pick(),
      score: (g.bad && r() < g.bad) || (g.badEvery && i % g.badEvery === 11) ? "bad" : String(Math.floor(r() * 11)),
      amount: r() < 0.05 ? " " : (r() * 1000).toFixed(2),
      ok: r() < 0.5 ? "true" : "FALSE",
      day: g.bad && r() < g.bad ? "2024-02-30" : `2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      at: `2024-03-0${1 + Math.floor(r() * 9)}T1${Math.floor(r() * 9)}:00:00Z`,
      note: g.multiline && r() < g.multiline ? `"line one${r() < 0.5 ? "\r\n" : "\n"}""quoted"", two${r() < 0.3 ? "\n" : ""}"` : r() < 0.1 ? `"a,b"` : "plain",
    };
    let fields = header.map((h) => v[h] ?? "");
    if ((g.ragged && r() < g.ragged) || (g.raggedEvery && i % g.raggedEvery === 7)) fields = r() < 0.5 ? fields.slice(0, 3) : [...fields, "extra", "more"];
    parts.push(fields.join(",") + eol);
    if (g.empty && r() < g.empty) parts.push(eol);
  }
  const text = parts.join("");
  const body = g.bytes === "single" ? Buffer.from(text.replace(/€/g, "\u00a4").replace(/Œ/g, "O"), "latin1") : Buffer.from(text, "utf8");
  return g.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

const declared = new Map<string, ColumnSpec>([
  ["id", { type: "text", header: "id" }],
  ["name", { type: "text", header: "NAME" }],
  ["score", { type: "integer", header: "score", map: [{ label: "n/a", value: -1 }] }],
  ["amount", { type: "number", header: "amount" }],
  ["ok", { type: "boolean", header: "ok" }],
  ["day", { type: "date", header: "day" }],
  ["at", { type: "datetime", header: "at" }],
  ["note", { type: "text", header: "note" }],
  ["label", { type: "text", header: "name", map: [{ label: "Ann", value: "A" }] }],
]);
const needed = new Map<string, ColumnType>([
  ["id", "text"],
  ["name", "text"],
  ["score", "integer"],
  ["amount", "number"],
  ["ok", "boolean"],
  ["day", "date"],
  ["note", "text"],
  ["label", "text"],
]);
const validateOnly = new Map<string, ColumnType>([["at", "datetime"]]);

function spec(files: string[], extra: Partial<SourceSpec> = {}): SourceSpec {
  return { name: "s", files, format: "csv", delimiter: ",", declared, ...extra };
}

/** Reads with every host; the parallel reads must equal the serial one. Returns how the parallel hosts read. */
async function same(s: SourceSpec, cols = needed): Promise<string[]> {
  const want = await readSourceDetailed(s, cols, serialHost, undefined, validateOnly);
  const wantSorted = await readSource(s, cols, serialHost, undefined, validateOnly);
  const outcomes: string[] = [];
  for (const host of hosts) {
    const reader = host.parallel as NodeParallelReader;
    reader.outcomes.length = 0;
    const got = await readSourceDetailed(s, cols, host, undefined, validateOnly);
    expect(got).toEqual(want);
    expect(await readSource(s, cols, host, undefined, validateOnly)).toEqual(wantSorted);
    outcomes.push(...reader.outcomes.map((o) => o.outcome.replace(/ \(.*/, "")));
  }
  return outcomes;
}

function write(name: string, bytes: Buffer | string): string {
  const p = `${dir}/${name}`;
  writeFileSync(p, bytes);
  return p;
}

describe("parallel CSV reading equals the serial reader", () => {
  it("plain data, several types, 2–4 parts", async () => {
    const f = write("plain.csv", generate(1, { rows: 3000 }));
    const outcomes = await same(spec([f]));
    expect(outcomes.filter((o) => o === "parallel").length).toBe(6); // each host, two reads
  });

  it("quoted fields with line breaks everywhere (LF and CRLF inside quotes), `\"\"` escapes", async () => {
    for (let seed = 2; seed < 8; seed++) {
      const f = write(`ml-${seed}.csv`, generate(seed, { rows: 1500, multiline: 0.4 }));
      await same(spec([f]));
    }
  });

  it("a split guess inside a quoted field is detected and the file read again serially", async () => {
    // Every record's last field spans many lines: most guesses land inside one.
    const lines = ["id,note"];
    for (let i = 0; i < 400; i++) lines.push(`${i},"${"x\n".repeat(30)}end"`);
    const f = write("inside.csv", lines.join("\n") + "\n");
    const outcomes = await same(spec([f], { declared: new Map([["id", { type: "integer", header: "id" }], ["note", { type: "text", header: "note" }]]) }), new Map([["id", "integer"], ["note", "text"]]));
    expect(outcomes.some((o) => o.startsWith("serial again"))).toBe(true);
  });

  it("BOM, CRLF, empty lines before the header and between records", async () => {
    const f = write("crlf.csv", generate(9, { rows: 2500, eol: "\r\n", bom: true, empty: 0.05, multiline: 0.1 }));
    const outcomes = await same(spec([f]));
    expect(outcomes).toContain("parallel");
  });

  it("latin1 and windows-1252 bytes", async () => {
    const f = write("latin1.csv", generate(10, { rows: 2500, bytes: "single" }));
    for (const encoding of ["latin1", "windows-1252"] as const) {
      const outcomes = await same(spec([f], { encoding }));
      expect(outcomes).toContain("parallel");
    }
  });

  it("ragged records and bad values spread over the parts: the first 20 of each, the summary at the 21st", async () => {
    for (const [seed, ragged, bad] of [
      [11, 0.004, 0.003],
      [12, 0.05, 0.05],
      [13, 0.0005, 0.0005],
    ] as const) {
      const f = write(`ragged-${seed}.csv`, generate(seed, { rows: 4000, ragged, bad, multiline: 0.05 }));
      const { diagnostics } = await readSource(spec([f]), needed, serialHost, undefined, validateOnly);
      if (seed === 12) expect(diagnostics.filter((d) => d.message.startsWith("…and")).length).toBeGreaterThanOrEqual(2);
      await same(spec([f]));
    }
  });

  it("24 ragged records and 24 bad values evenly spread: the 20th and 21st are in a later part", async () => {
    const f = write("even.csv", generate(20, { rows: 4800, raggedEvery: 200, badEvery: 200 }));
    const { diagnostics } = await readSource(spec([f]), needed, serialHost, undefined, validateOnly);
    expect(diagnostics.filter((d) => d.message.startsWith("…and 4 more")).length).toBe(2);
    const outcomes = await same(spec([f]));
    expect(outcomes.every((o) => o === "parallel")).toBe(true);
  });

  it("an unterminated quote in the last part; invalid UTF-8 in a later part", async () => {
    const base = generate(14, { rows: 2000 });
    await same(spec([write("unterminated.csv", Buffer.concat([base, Buffer.from('C1,"never closed\nmore,1\n')]))]));
    const cut = Math.floor(base.length * 0.8);
    const invalid = Buffer.concat([base.subarray(0, cut), Buffer.from([0xff, 0xfe]), base.subarray(cut)]);
    const outcomes = await same(spec([write("invalid.csv", invalid)]));
    expect(outcomes.some((o) => o.startsWith("serial again"))).toBe(true);
  });

  it("a glob whose files order their columns differently (and one lacks a column)", async () => {
    const a = write("g-1.csv", generate(15, { rows: 2000 }));
    const b = write("g-2.csv", generate(16, { rows: 2500, header: ["note", "at", "day", "ok", "amount", "score", "name", "id", "extra"], ragged: 0.01 }));
    const c = write("g-3.csv", generate(17, { rows: 1800, header: ["id", "score", "day"], bad: 0.02 }));
    await same(spec([a, b, c]));
  });

  it("a tab-separated file, and a file with no line feed after its last record", async () => {
    const tsv = generate(18, { rows: 2000 }).toString("utf8").replace(/,/g, "\t");
    await same(spec([write("t.tsv", tsv)], { delimiter: "\t" }));
    await same(spec([write("nolf.csv", generate(19, { rows: 2000 }).toString("utf8").trimEnd())]));
  });
});

describe("split points", () => {
  it("the header's end respects quotes and line ends", () => {
    const b = (s: string) => Buffer.from(s, "latin1");
    expect(headerEnd(b('a,b\n1,2\n'), 44)).toBe(4);
    expect(headerEnd(b('\n\r\na,"b\nc"\r\n1\n'), 44)).toBe(12);
    expect(headerEnd(b('\xef\xbb\xbfa,"b""\n"\n1\n'), 44)).toBe(12);
    expect(headerEnd(b('a,"b\n'), 44)).toBe(-1); // not closed within the head
    expect(headerEnd(b("a,b\r1,2\r"), 44)).toBe(-1); // a lone CR ends it: not split
    expect(countLineBreaks(b("a\r\nb\rc\n\n"), 0, 8)).toBe(4);
  });
});

describe("workers start early", () => {
  it("a large CSV file's stat starts the workers (they boot while the source is planned); other files do not", () => {
    const dir = mkdtempSync(join(tmpdir(), "cx-warm-"));
    writeFileSync(join(dir, "big.csv"), "a\n" + "1\n".repeat(600));
    writeFileSync(join(dir, "big.jsonl"), '{"a":1}\n'.repeat(200));
    const started = (h: NodeHost) => ((h.parallel as unknown as { workers: { worker?: unknown }[] }).workers ?? []).some((w) => w.worker !== undefined);
    const host = new NodeHost({ parallel: { parts: 2, minBytes: 1000, workerFile } });
    expect(started(host)).toBe(false);
    host.stat(join(dir, "big.jsonl"));
    expect(started(host)).toBe(false);
    host.stat(join(dir, "big.csv"));
    expect(started(host)).toBe(true);
    const small = new NodeHost({ parallel: { parts: 2, minBytes: 1 << 20, workerFile } });
    small.stat(join(dir, "big.csv"));
    expect(started(small)).toBe(false);
  });
});
