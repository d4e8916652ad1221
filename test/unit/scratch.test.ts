// The scratch pool (server/src/core/data/scratch.ts): large buffers a stage is done with, taken by a
// later one. A taker gets a buffer of the right size whatever it held, and the results of the
// taker (a percentile over a dirty buffer, a dictionary whose outgrown tables were handed on) are
// the results without the pool.

import { afterEach, describe, expect, it } from "vitest";
import { clearScratch, recycle, reuseFloat64, scratchBytes } from "../../server/src/core/data/scratch";
import { TextDict } from "../../server/src/core/data/bytes";
import { ALL_ZERO, Percentile, percentileOf, columnPercentile } from "../../server/src/core/engines/native/kernel";
import { Rng } from "../support/rng";

afterEach(() => clearScratch());

describe("scratch pool", () => {
  it("keeps large buffers only, hands out the smallest that fits, once", () => {
    recycle(new ArrayBuffer(1000)); // too small to keep
    expect(scratchBytes()).toBe(0);
    const a = new ArrayBuffer(4 << 20);
    const b = new ArrayBuffer(2 << 20);
    recycle(a);
    recycle(b);
    recycle(b); // (given twice: kept once)
    expect(scratchBytes()).toBe(6 << 20);
    const x = reuseFloat64(100_000); // 800 kB: the 2 MiB buffer
    expect(x!.buffer).toBe(b);
    expect(x!.length).toBe(100_000);
    const y = reuseFloat64(400_000); // 3.2 MB: the 4 MiB one
    expect(y!.buffer).toBe(a);
    expect(reuseFloat64(10)).toBeUndefined(); // nothing left
  });

  it("keeps at most four buffers and 64 MiB, the largest", () => {
    for (let i = 1; i <= 6; i++) recycle(new ArrayBuffer(i << 20));
    expect(scratchBytes()).toBe((6 + 5 + 4 + 3) << 20);
    recycle(new SharedArrayBuffer(60 << 20));
    expect(scratchBytes()).toBe(60 << 20); // (60 + 6 would pass 64 MiB)
    clearScratch();
    expect(scratchBytes()).toBe(0);
  });

  it("a percentile over a recycled buffer full of other values gives the percentile over fresh memory", () => {
    const r = new Rng(5);
    const n = 300_000;
    const vals = Float64Array.from({ length: n }, () => (r.next() < 0.05 ? NaN : r.next() * 1000));
    const sel = Int32Array.from({ length: 4096 }, (_, i) => i);
    const run = () => {
      const p = new Percentile(1, vals, 90, n);
      for (let from = 0; from < n; from += 4096) {
        const m = Math.min(4096, n - from);
        const s = Int32Array.from(sel.subarray(0, m), (i) => i + from);
        p.add(s, m, ALL_ZERO);
      }
      p.finish();
      return p.a(0);
    };
    const fresh = run(); // (gives its list back: the next run takes it)
    expect(scratchBytes()).toBeGreaterThan(0);
    const dirty = new Float64Array(n + 1000).fill(-1);
    clearScratch();
    recycle(dirty.buffer);
    expect(run()).toBe(fresh);
    expect(dirty.subarray(0, 100).some((v) => v !== -1)).toBe(true); // (the run did collect into it)
    const finite = [...vals].filter((v) => v === v);
    expect(fresh).toBe(percentileOf(Float64Array.from(finite), finite.length, 90));
  });

  it("a dictionary hands on its outgrown tables and its last one when released, and still numbers values as a Map does", () => {
    const d = new TextDict();
    const ref = new Map<string, number>();
    const enc = new TextEncoder();
    const codes: number[] = [];
    const want: number[] = [];
    for (let i = 0; i < 120_000; i++) {
      const id = `c${(i * 7919) % 90_001}`;
      const b = enc.encode(id);
      if (!ref.has(id)) ref.set(id, ref.size);
      codes.push(d.intern(b, 0, b.length));
      want.push(ref.get(id)!);
    }
    expect(codes).toEqual(want);
    expect(scratchBytes()).toBeGreaterThan(1 << 20); // outgrown tables
    const before = scratchBytes();
    const strings = d.strings();
    d.release();
    expect(scratchBytes()).toBeGreaterThan(before); // and the last one
    expect([...strings]).toEqual([...ref.keys()]);
    // strings() hands out views of the arena: a dictionary used again after release (which it
    // must not be) starts on arrays of its own and changes nothing seen through them.
    for (let i = 0; i < 5000; i++) {
      const b = enc.encode(`other-${i}`);
      d.intern(b, 0, b.length);
    }
    expect(d.strings().at(0)).toBe("other-0");
    expect([...strings]).toEqual([...ref.keys()]);
  });

  it("values taken with strings() stay as they were while the dictionary grows", () => {
    const d = new TextDict();
    const enc = new TextEncoder();
    const add = (v: string) => {
      const b = enc.encode(v);
      return d.intern(b, 0, b.length);
    };
    for (let i = 0; i < 1000; i++) add(`v${i}`);
    const early = d.strings();
    for (let i = 0; i < 50_000; i++) add(`later-value-${i}-${"x".repeat(i % 30)}`); // the arena and ends grow
    expect(early.length).toBe(1000);
    expect([...early]).toEqual(Array.from({ length: 1000 }, (_, i) => `v${i}`));
    expect(d.strings().at(1000)).toBe("later-value-0-");
  });
});

describe("columnPercentile (a percentile over a whole column, without a copy)", () => {
  it("equals the percentile of a sorted copy: negatives, zeros, infinities, ties, nulls, dense and spread values", () => {
    const r = new Rng(9);
    const cases: Float64Array[] = [
      Float64Array.from({ length: 5000 }, () => (r.next() - 0.5) * 1e6),
      Float64Array.from({ length: 5000 }, () => [NaN, -0, 0, Infinity, -Infinity, 1, -1, 2.5][Math.floor(r.next() * 8)]),
      Float64Array.from({ length: 70_000 }, () => 1000 + Math.floor(r.next() * 3) * 1e-9), // one dense bucket
      Float64Array.from({ length: 3000 }, () => (r.next() < 0.5 ? NaN : Math.exp(r.next() * 40 - 20))),
      Float64Array.from({ length: 2 }, (_, i) => i * 7),
      new Float64Array([NaN, NaN]),
    ];
    for (const vals of cases) {
      const finite = Float64Array.from([...vals].filter((v) => v === v));
      for (const p of [0, 1, 25, 50, 90, 99, 100]) {
        const want = percentileOf(Float64Array.from(finite), finite.length, p);
        const got = columnPercentile(vals, vals.length, p);
        expect(got!.n).toBe(finite.length);
        // (=== and not Object.is: −0 and 0 are equal values, and ties may come in any order)
        if (want === null) expect(got!.value).toBeNaN();
        else expect(got!.value === want || (Number.isNaN(got!.value) && Number.isNaN(want))).toBe(true);
      }
    }
  });

  it("declines a bucket too large to collect (then the column is copied as a list)", () => {
    expect(columnPercentile(new Float64Array(300_000).fill(42), 300_000, 50)).toBeUndefined();
    const whole = new Percentile(1, new Float64Array(300_000).fill(42), 50, 300_000, true);
    whole.add(Int32Array.from({ length: 4096 }, (_, i) => i), 4096, ALL_ZERO);
    whole.finish();
    expect(whole.a(0)).toBe(42);
    expect(whole.n(0)).toBe(4096);
  });

  it("a percentile over a whole column equals the one over a copied list (the same column, selected by blocks)", () => {
    const r = new Rng(3);
    const n = 50_000;
    const vals = Float64Array.from({ length: n }, () => (r.next() < 0.1 ? NaN : Math.round(r.next() * 5000) / 10));
    for (const p of [0, 10, 50, 90, 99.9, 100]) {
      const whole = new Percentile(1, vals, p, n, true);
      const list = new Percentile(1, vals, p, n, false);
      for (let from = 0; from < n; from += 4096) {
        const m = Math.min(4096, n - from);
        const s = Int32Array.from({ length: m }, (_, i) => i + from);
        whole.add(s, m, ALL_ZERO);
        list.add(s, m, ALL_ZERO);
      }
      whole.finish();
      list.finish();
      expect(whole.a(0)).toBe(list.a(0));
      expect(whole.n(0)).toBe(list.n(0));
    }
  });

  it("leaves the whole-column way when a selection skips rows (and gives the same result)", () => {
    const vals = Float64Array.from({ length: 20_000 }, (_, i) => (i * 37) % 1001);
    const whole = new Percentile(1, vals, 75, 0, true);
    const list = new Percentile(1, vals, 75, 0, false);
    const blocks = [Int32Array.from({ length: 4096 }, (_, i) => i), Int32Array.from({ length: 2000 }, (_, i) => 5000 + 2 * i)];
    for (const b of blocks) {
      whole.add(b, b.length, ALL_ZERO);
      list.add(b, b.length, ALL_ZERO);
    }
    whole.finish();
    list.finish();
    expect(whole.a(0)).toBe(list.a(0));
    expect(whole.n(0)).toBe(6096);
  });
});
