// The CSV parser's fast path (csv.ts CsvParser.bulk, over the SIMD scanner of scan.ts) against its
// general loop: every input, cut into chunks at many places, must give the same header, fields,
// raw ranges, lines, diagnostics and end state with the scanner as without it.
import { afterEach, describe, expect, it } from "vitest";
import { readCsv } from "../../server/src/core/data/csv";
import { csvScanner, SCAN_BLOCK, useCsvScanner } from "../../server/src/core/data/scan";
import type { FieldBatch, FileCtx, RecordSink } from "../../server/src/core/data/sink";
import { Rng } from "../support/rng";

const decoder = new TextDecoder();

/** Everything a parse delivers, as plain data. */
async function parse(bytes: Uint8Array, cuts: number[], delimiter: string, scanner: boolean, skip: (name: string) => boolean) {
  useCsvScanner(scanner);
  const rows: unknown[] = [];
  let header: string[] = [];
  const sink: RecordSink & { slotCount: number } = {
    slotCount: 0,
    beginFile() {},
    header(names) {
      header = names;
      let k = 0;
      const slots = new Int32Array(names.length);
      names.forEach((n, i) => (slots[i] = skip(n) ? -1 : k++));
      this.slotCount = k;
      return slots;
    },
    keyNode: () => ({ slot: -1, descend: false }),
    batch(b: FieldBatch) {
      for (let i = 0; i < b.rows; i++) {
        const row: unknown[] = [b.lines[i]];
        for (let k = 0; k < b.width; k++) {
          const o = (i * b.width + k) * 4;
          const s = b.fields[o];
          const e = b.fields[o + 1];
          row.push(s >= 0 ? decoder.decode(b.buf.subarray(s, e)) : decoder.decode(b.side.subarray(~s, ~e)), b.range(i, k));
        }
        rows.push(row);
      }
    },
    beginRecord() {},
    value() {},
    nested() {},
    endRecord() {},
  };
  const ctx: FileCtx = { path: "/w/data.csv", index: 0, source: "s", diagnostics: [], bytesBefore: 0, bytesTotal: bytes.length };
  async function* chunks() {
    let at = 0;
    for (const c of [...cuts, bytes.length]) {
      // (a copy each time, in a buffer reused like a host's: the parser must not keep chunks)
      yield bytes.slice(at, c);
      at = c;
    }
  }
  const end = await readCsv(ctx, chunks(), delimiter, sink);
  useCsvScanner(true);
  return { header, rows, end, diagnostics: ctx.diagnostics };
}

function cutsOf(n: number, rng: Rng, count: number): number[] {
  const cuts = new Set<number>();
  for (let i = 0; i < count && n > 1; i++) cuts.add(1 + rng.int(n - 1));
  return [...cuts].sort((a, b) => a - b);
}

async function same(text: string | Uint8Array, delimiter: string, rng: Rng, skip: (name: string) => boolean = () => false) {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const plans: number[][] = [[], cutsOf(bytes.length, rng, 3), cutsOf(bytes.length, rng, 40)];
  if (bytes.length < 200) plans.push(Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)); // a byte at a time
  for (const cuts of plans) {
    const fast = await parse(bytes, cuts, delimiter, true, skip);
    const slow = await parse(bytes, cuts, delimiter, false, skip);
    expect(fast, `${JSON.stringify(typeof text === "string" ? text.slice(0, 300) : "bytes")} cut at ${cuts.slice(0, 10)}`).toEqual(slow);
  }
}

afterEach(() => useCsvScanner(true));

describe("CSV fast path (SIMD scanner)", () => {
  it("is available here (Node 20 has WebAssembly SIMD)", () => {
    expect(csvScanner()).toBeDefined();
  });

  it("finds every delimiter and line break of a block, in order", () => {
    const s = csvScanner()!;
    const rng = new Rng(7);
    for (let round = 0; round < 50; round++) {
      const n = 1 + rng.int(round < 40 ? 100 : SCAN_BLOCK);
      // (Some rounds are all matches: blocks of more than eight take the scanner's slow loop.)
      const bytes = round % 5 === 4 ? [44, 10, 13] : [44, 10, 13, 59, 9, 34, 97, 32, 0xc3, 0xa9, 0];
      for (let i = 0; i < n; i++) s.input[i] = rng.pick(bytes);
      for (const delim of [44, 59, 9]) {
        const count = s.scan(n, delim);
        expect(count).toBeLessThanOrEqual(s.found.length); // (positions past n, if any, are in `found` too)
        const got = Array.from(s.found.subarray(0, count)).filter((j) => j < n);
        const want: number[] = [];
        for (let i = 0; i < n; i++) if (s.input[i] === delim || s.input[i] === 10 || s.input[i] === 13) want.push(i);
        expect(got).toEqual(want);
      }
    }
  });

  it("gives what the general loop gives on hand-written cases", async () => {
    const rng = new Rng(1);
    const cases = [
      "a,b,c\n1,2,3\n4,5,6\n",
      "a,b,c\r\n1,2,3\r\n4,5,6\r\n",
      "a,b,c\n1,2,3\n4,5,6", // no final line break
      "a,b,c\r1,2,3\r4,5,6\r", // lone CRs
      "a,b,c\n1,2,3\r\n4,5,6\r7,8,9\n",
      "a,b,c\n\n1,2,3\n\n\n4,5,6\n\r\n", // empty lines
      'a,b,c\n"1",2,3\n4,"5",6\n7,8,"9"\n', // quoted fields
      'a,b,c\n"x ""q"" y",2,3\n4,"a\nb",6\n7,8,"c\r\nd"\n', // escapes and line breaks inside quotes
      'a,b,c\n1,2"x",3\n4, "5" ,6\n', // quotes inside unquoted fields are literal
      "a,b,c\n1,2\n3,4,5,6\n7\n,,\n", // too few and too many fields
      "a,b,c\n1,2,3,\n", // a trailing delimiter
      "a\n1\n2\n\n3\n", // one column
      "a\n1,2\n", // one column, a field too many
      'a,b\n"unterminated,1\n2,3\n',
      "\ufeffa,b\n1,2\n", // BOM
      "a,b\n" + "x,y\n".repeat(3000), // several batches
      "a,b\n" + "ünï,çødé\n".repeat(500), // UTF-8
      "a,b\n1,2\n" + "3,4".repeat(1) + "\n".repeat(5),
    ];
    for (const text of cases) await same(text, ",", rng);
  });

  it("gives what the general loop gives with other delimiters and skipped columns", async () => {
    const rng = new Rng(2);
    await same("a;b;c\n1;2;3\n4,5;6;7\n", ";", rng);
    await same("a\tb\tc\n1\t2\t3\r\n4\t 5 \t6\n", "\t", rng);
    await same("a|b|c\n1|2|3\n|||\n", "|", rng);
    await same("a,b,c,d\n1,2,3,4\n5,6,7,8\n9,10\n", ",", rng, (n) => n === "b" || n === "d");
  });

  it("says how far the records handed over reach (offset(), which sizes the columns)", async () => {
    const rng = new Rng(4);
    let text = "id,name,score\n";
    for (let r = 0; r < 30_000; r++) text += `${r},${"x".repeat(rng.int(40))},${rng.int(100)}\n`;
    const bytes = new TextEncoder().encode(text);
    const ends: number[] = []; // after each record's LF
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) ends.push(i + 1);
    for (const scanner of [true, false]) {
      useCsvScanner(scanner);
      let locator: { offset?(): number } | undefined;
      let rows = 0;
      const seen: [number, number][] = [];
      let width = 0;
      const sink = {
        get slotCount() {
          return width;
        },
        beginFile(_c: FileCtx, l: { offset?(): number }) {
          locator = l;
        },
        header(names: string[]) {
          width = names.length;
          return Int32Array.from(names, (_, i) => i);
        },
        keyNode: () => ({ slot: -1, descend: false }),
        batch(b: FieldBatch) {
          rows += b.rows;
          seen.push([rows, locator!.offset!()]);
        },
        beginRecord() {},
        value() {},
        nested() {},
        endRecord() {},
      } as unknown as RecordSink;
      const ctx: FileCtx = { path: "/w/d.csv", index: 0, source: "s", diagnostics: [], bytesBefore: 0, bytesTotal: bytes.length };
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += 65536) yield bytes.slice(i, i + 65536);
      }
      await readCsv(ctx, chunks(), ",", sink);
      useCsvScanner(true);
      expect(rows).toBe(30_000);
      // The header's line, then `rows` records: the offset is where the last of them ends, or
      // inside the record being read (at the end of a chunk, its first fields are read too).
      for (const [n, offset] of seen) {
        expect(offset, `after ${n} rows (scanner ${scanner})`).toBeGreaterThanOrEqual(ends[n]);
        expect(offset, `after ${n} rows (scanner ${scanner})`).toBeLessThan(ends[n + 1] ?? bytes.length + 1);
      }
    }
  });

  it("gives what the general loop gives on random files", async () => {
    const rng = new Rng(3);
    const alphabet = ["a", "b", "1", " ", '"', '""', ",", ";", "\t", "\r", "\n", "\r\n", "é", "x,y", "\n\n"];
    for (let round = 0; round < 150; round++) {
      const delimiter = rng.pick([",", ",", ";", "\t"]);
      const cols = 1 + rng.int(5);
      let text = Array.from({ length: cols }, (_, i) => `c${i}`).join(delimiter) + (rng.chance(0.5) ? "\n" : "\r\n");
      const records = rng.int(round < 120 ? 30 : 2000);
      const messy = rng.chance(0.5) ? 0.3 : 0.02;
      for (let r = 0; r < records; r++) {
        const fields: string[] = [];
        const n = rng.chance(0.9) ? cols : rng.int(cols + 3);
        for (let f = 0; f < n; f++) {
          let v = "";
          const len = rng.int(8);
          for (let i = 0; i < len; i++) v += rng.chance(messy) ? rng.pick(alphabet) : rng.pick(["a", "b", "7", "9", "-", "."]);
          fields.push(rng.chance(0.05) ? `"${v.replace(/"/g, '""')}"` : v);
        }
        text += fields.join(delimiter) + (rng.chance(0.8) ? "\n" : rng.pick(["\r\n", "\r", "\n\n", ""]));
      }
      const skipC1 = rng.chance(0.5);
      await same(text, delimiter, rng, (name) => skipC1 && name === "c1");
    }
  });
});
