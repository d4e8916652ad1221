// Column memory prepared off the reading thread (server/src/node/memory.ts): large arrays are
// shared and zero-filled, the helper faults their pages in without changing a value the reader
// writes meanwhile, it ends itself when it has no job left, and a read with it gives exactly the
// table a read without it gives. No timing is asserted.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { getPriority as osPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSource, type SourceSpec } from "../../server/src/core/data/reader";
import type { ColumnType, Table } from "../../server/src/core/data/table";
import { NodeHost } from "../../server/src/node/host";
import { NodeColumnMemory, prefaultFromEnv } from "../../server/src/node/memory";
import { Rng } from "../support/rng";

let dir: string;
beforeAll(() => {
  dir = new NodeHost({ memory: false }).realpath(mkdtempSync(join(tmpdir(), "cx-mem-")))!.replace(/\\/g, "/");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The large arrays of the tests that measure resident memory, kept alive to the end of the file. */
const keep: unknown[] = [];

/** Mappings at least this large hold only the large test arrays here (thread stacks are 8 MiB). */
const LARGE = 32 << 20;

/**
 * The resident bytes of this process's large private mappings (rw-p, LARGE or more) in
 * /proc/self/smaps, where the test arrays live — alone, or merged with a neighbour (the kernel
 * merges adjacent mappings, so a mapping cannot be told by its size); undefined only where there is
 * no /proc/self/smaps (not Linux). Only the helper touches them between two readings in a test
 * (vitest runs each file in a process of its own), so the difference is the pages it brought in,
 * which other allocations and collections do not move, unlike the process's RSS.
 */
function residentLarge(): number | undefined {
  let text: string;
  try {
    text = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return undefined;
  }
  let total = 0;
  let mappings = 0;
  let large = false;
  for (const line of text.split("\n")) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) large = / rw-p /.test(line);
    const size = /^Size:\s+(\d+) kB/.exec(line);
    if (size) {
      large &&= Number(size[1]) * 1024 >= LARGE;
      if (large) mappings++;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && large) total += Number(rss[1]) * 1024;
  }
  expect(mappings).toBeGreaterThan(0); // (the test's arrays are there)
  return total;
}

describe("NodeColumnMemory", () => {
  it("shares large arrays only, zero-filled and exactly as long as asked", () => {
    const m = new NodeColumnMemory(1 << 20);
    const small = m.float64(1000);
    expect(small.buffer).toBeInstanceOf(ArrayBuffer);
    const big = m.float64((1 << 17) + 3);
    expect(big.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(big.length).toBe((1 << 17) + 3);
    expect(big.every((v) => v === 0)).toBe(true);
    const codes = m.int32(1 << 18);
    expect(codes.buffer).toBeInstanceOf(SharedArrayBuffer);
    // An odd number of 2-byte elements still gets a whole number of 4-byte words for the helper.
    const files = m.uint16((1 << 19) + 1);
    expect(files.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(files.buffer.byteLength % 8).toBe(0);
    expect(files.length).toBe((1 << 19) + 1);
    // Kept: collected during a later test, `big` (whose pages `every` brought in) would leave a
    // large mapping the kernel merged it into, and that test would count 257 pages too few (seen in CI).
    keep.push(small, big, codes, files);
  });

  it("faults the pages in on the helper, which then ends", async () => {
    const m = new NodeColumnMemory(1 << 20);
    const a = m.float64(8 << 20); // 64 MiB, untouched so far
    const b = m.uint16((16 << 20) + 1); // 32 MiB
    keep.push(a, b);
    const before = residentLarge();
    m.prepare([a, b], 0);
    expect(m.prepared).toBe(1);
    await m.settled();
    // Every page of both arrays came in (give or take the page each starts in, which the
    // allocator may have written already).
    const after = residentLarge();
    if (before !== undefined && after !== undefined) {
      const pages = Math.floor(a.byteLength / 4096) + Math.floor(b.byteLength / 4096);
      expect(after - before).toBeGreaterThanOrEqual((pages - 2) * 4096);
      expect(after - before).toBeLessThanOrEqual((pages + 2) * 4096);
    }
    // The contents are untouched (the helper only ORs 0 in).
    expect(a[0] + a[a.length - 1] + b[b.length - 1]).toBe(0);
  });

  it("runs the helper at a lower priority (Linux), below the reading thread's", async () => {
    const own = osPriority(); // (0 unless the tests run niced)
    const m = new NodeColumnMemory(1 << 20);
    const a = m.float64(1 << 20);
    keep.push(a);
    m.prepare([a], 0);
    const nice = await m.helperNice;
    await m.settled();
    if (process.platform === "linux") expect(nice).toBe(Math.max(own, 10));
    expect(osPriority()).toBe(own); // (this thread's is untouched)
  });

  it("prepares no further than asked (a doubled capacity the rows may never reach)", async () => {
    const m = new NodeColumnMemory(1 << 20);
    const a = m.float64(8 << 20); // 64 MiB
    keep.push(a);
    const before = residentLarge();
    m.prepare([a], 1 << 20, 3 << 20); // rows [1M, 3M) first, then [0, 1M): 24 MiB
    await m.settled();
    // The pages of rows 0 … 3M − 1, and no more (give or take the page the array starts in).
    const after = residentLarge();
    if (before !== undefined && after !== undefined) {
      expect(after - before).toBeGreaterThanOrEqual((24 << 20) - 4096);
      expect(after - before).toBeLessThanOrEqual((24 << 20) + 4096);
    }
  });

  it("never changes what the reader writes while it runs", async () => {
    const m = new NodeColumnMemory(1 << 20);
    const n = 3 << 20;
    const f = m.float64(n);
    const i = m.int32(n);
    const u = m.uint16(n);
    m.prepare([f, i, u], 0);
    // Written at once, racing the helper from the first page on.
    for (let k = 0; k < n; k++) {
      f[k] = k + 0.5;
      i[k] = -k;
      u[k] = k & 0xffff;
    }
    await m.settled();
    let bad = 0;
    for (let k = 0; k < n; k++) if (f[k] !== k + 0.5 || i[k] !== -k || u[k] !== (k & 0xffff)) bad++;
    expect(bad).toBe(0);
  });

  it("prepares nothing from plain arrays", async () => {
    const m = new NodeColumnMemory(1 << 20);
    m.prepare([new Float64Array(10), new Int32Array(1 << 20)], 0);
    expect(m.prepared).toBe(0);
    await m.settled();
  });

  it("warms once per version of a file", async () => {
    const m = new NodeColumnMemory(1 << 20);
    m.warm("/x.csv", 100, 1);
    expect(m.running).toBe(true);
    m.prepare([m.float64(1 << 18)], 0);
    await m.settled();
    expect(m.running).toBe(false);
    m.warm("/x.csv", 100, 1); // the same version: read already
    expect(m.running).toBe(false);
    m.warm("/x.csv", 100, 2);
    expect(m.running).toBe(true);
    m.prepare([m.float64(1 << 18)], 0);
    await m.settled();
    expect(m.prepared).toBe(2);
  });

  it("is on unless CX_PREFAULT turns it off", () => {
    expect(prefaultFromEnv({})).toBe(true);
    for (const v of ["off", "0", "false", "no", " OFF "]) expect(prefaultFromEnv({ CX_PREFAULT: v })).toBe(false);
    expect(prefaultFromEnv({ CX_PREFAULT: "on" })).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------

const NEEDED = new Map<string, ColumnType>([
  ["id", "text"],
  ["channel", "text"],
  ["score", "integer"],
  ["amount", "number"],
  ["ok", "boolean"],
  ["day", "date"],
  ["at", "datetime"],
]);

function generate(seed: number, rows: number): string {
  const r = new Rng(seed);
  const lines = ["id,channel,score,amount,ok,day,at"];
  for (let k = 0; k < rows; k++) {
    const bad = r.next() < 0.001;
    lines.push(
      [
        `C${Math.floor(r.next() * rows)}`,
        ["web", "app", "phone", '"st,ore"'][Math.floor(r.next() * 4)],
        bad ? "n/a" : String(Math.floor(r.next() * 11)),
        (r.next() * 1000).toFixed(2),
        r.next() < 0.5 ? "true" : "false",
        `2024-0${1 + Math.floor(r.next() * 9)}-1${Math.floor(r.next() * 10)}`,
        `2024-05-0${1 + Math.floor(r.next() * 9)}T10:1${Math.floor(r.next() * 10)}:00Z`,
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** Rows whose size changes: the row estimate from the first chunk is too low, so the columns grow again mid-batch. */
function uneven(seed: number): string {
  const long = generate(seed, 20_000)
    .split("\n")
    .map((line, i) => (i === 0 || line === "" ? line : line.replace(/^C/, `C${"x".repeat(120)}`)));
  const short = generate(seed + 1, 120_000).split("\n").slice(1);
  return [...long.filter((l) => l !== ""), ...short].join("\n");
}

function snapshot(t: Table): unknown {
  const cols: Record<string, unknown> = {};
  for (const [name, c] of t.columns) cols[name] = c.type === "text" ? { codes: Array.from(c.codes), dict: [...c.dict] } : Array.from(c.values);
  return { rows: t.rowCount, cols, lines: Array.from(t.rowLines), files: t.files, fileOfRow: t.fileOfRow && Array.from(t.fileOfRow) };
}

describe("a read with prepared memory", () => {
  it("gives the table and diagnostics of a read without it (one file, a glob, rows that outgrow the estimate)", async () => {
    writeFileSync(`${dir}/a.csv`, generate(11, 150_000));
    writeFileSync(`${dir}/b.csv`, generate(12, 90_000));
    writeFileSync(`${dir}/c.csv`, uneven(13));
    // A threshold of 64 KiB: the columns of these files are shared once they have grown.
    const memory = new NodeColumnMemory(64 << 10);
    const on = new NodeHost({ memory, parallel: false });
    const off = new NodeHost({ memory: false, parallel: false });
    for (const files of [[`${dir}/a.csv`], [`${dir}/a.csv`, `${dir}/b.csv`], [`${dir}/c.csv`]]) {
      const spec: SourceSpec = { name: "s", files, format: "csv", delimiter: "," };
      const before = memory.prepared;
      const [x, y] = [await readSource(spec, NEEDED, on), await readSource(spec, NEEDED, off)];
      expect(memory.prepared).toBeGreaterThan(before);
      expect(x.table.columns.get("amount")!.type === "text" ? undefined : (x.table.columns.get("amount") as { values: Float64Array }).values.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(snapshot(x.table)).toEqual(snapshot(y.table));
      expect(x.diagnostics).toEqual(y.diagnostics);
      expect(x.diagnostics.length).toBeGreaterThan(0); // the bad scores
    }
    await memory.settled();
  }, 60_000);
});
