// The native engine's vectorized row expressions (engines/native/vector.ts) against a scalar
// reference interpreter of plan/ir.ts's semantics (test/support/native-ref.ts): random well-typed
// expressions over random tables, in several zones, must give exactly the same value on every row,
// and every filter step must keep exactly the rows where the condition is true.
import { describe, expect, it } from "vitest";
import { withDerived } from "../../server/src/core/engines/native/derived";
import {
  BLOCK, canonicalText, compareCodePoints, roundFast, roundHalfAway, simpleCase, trimText, VectorCompiler,
} from "../../server/src/core/engines/native/vector";
import type { RowExpr, ValueType } from "../../server/src/core/plan/ir";
import type { Column, Table } from "../../server/src/core/data/table";
import { ByteStrings } from "../../server/src/core/data/bytes";
import { UTC, zoneFor, type Zone } from "../../server/src/core/time/zone";
import { randomExpr, randomTable, refCompare, refEval, refRound, rng, type Value } from "../support/native-ref";

const ZONES: Zone[] = [UTC, zoneFor("Europe/Berlin")!, zoneFor("America/New_York")!, zoneFor("Etc/GMT-3")!];
const TYPES: ValueType[] = ["number", "boolean", "text", "date", "datetime"];

/** A selection of rows: increasing, with gaps, up to BLOCK rows. */
function selection(r: () => number, rows: number): Int32Array {
  const out: number[] = [];
  const keep = 0.3 + r() * 0.7;
  for (let i = 0; i < rows && out.length < BLOCK; i++) if (r() < keep) out.push(i);
  return Int32Array.from(out);
}

function vectorValues(c: VectorCompiler, e: RowExpr, sel: Int32Array): Value[] {
  const v = c.vec(e);
  v.eval(sel, sel.length);
  const out: Value[] = [];
  for (let i = 0; i < sel.length; i++) {
    if (v.kind === "text") out.push(v.out[i] < 0 ? null : v.dict.str(v.out[i]));
    else {
      const x = v.out[i];
      out.push(Number.isNaN(x) ? null : x);
    }
  }
  return out;
}

/** The reference's value in the vector representation: booleans 1/0. */
function asVector(v: Value): Value {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

describe("vectorized row expressions agree with the scalar reference", () => {
  for (const zone of ZONES) {
    it(`random expressions, zone ${zone.name}`, async () => {
      const r = rng(zone.name.length * 7919 + 17);
      const table = await withDerived(randomTable(r, 5000), [], zone);
      const c = new VectorCompiler(table, zone);
      let checked = 0;
      for (let k = 0; k < 400; k++) {
        const t = TYPES[k % TYPES.length];
        const e = randomExpr(r, t, 1 + (k % 4));
        const sel = selection(r, table.rowCount);
        const got = vectorValues(c, e, sel);
        for (let i = 0; i < sel.length; i++) {
          const want = asVector(refEval(e, table, sel[i], zone));
          if (!Object.is(got[i], want)) {
            expect({ expr: e, row: sel[i], got: got[i] }).toEqual({ expr: e, row: sel[i], got: want });
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(400 * 500);
    });

    it(`filter steps keep exactly the rows where the condition is true, zone ${zone.name}`, async () => {
      const r = rng(zone.name.length * 104729 + 3);
      const table = await withDerived(randomTable(r, 3000), [], zone);
      const c = new VectorCompiler(table, zone);
      const out = new Int32Array(BLOCK);
      let kept = 0;
      for (let k = 0; k < 400; k++) {
        // Conjunctions of conditions exercise successive narrowing.
        let e = randomExpr(r, "boolean", 1 + (k % 3));
        if (k % 3 === 0) e = { k: "and", l: e, r: randomExpr(r, "boolean", 1) };
        const sel = selection(r, table.rowCount);
        const inPlace = k % 2 === 0;
        const work = Int32Array.from(sel);
        const m = c.filter(e)(work, work.length, inPlace ? work : out);
        const got = Array.from((inPlace ? work : out).subarray(0, m));
        const want = Array.from(sel).filter((row) => refEval(e, table, row, zone) === true);
        expect(got, JSON.stringify(e)).toEqual(want);
        kept += m;
      }
      expect(kept).toBeGreaterThan(0);
    });
  }

  it("is the same whatever the selection's block (vectors keep no state between evaluations)", async () => {
    const r = rng(99);
    const table = await withDerived(randomTable(r, 2000), [], UTC);
    const c = new VectorCompiler(table, UTC);
    const e: RowExpr = { k: "fn", fn: "lower", t: "text", args: [{ k: "fn", fn: "coalesce", t: "text", args: [{ k: "col", t: "text", name: "s_a" }, { k: "col", t: "text", name: "s_b" }] }] };
    const all = Int32Array.from({ length: 2000 }, (_, i) => i);
    const whole = vectorValues(c, e, all);
    const rev = Int32Array.from(all).reverse();
    const backwards = vectorValues(c, e, rev).reverse();
    expect(backwards).toEqual(whole);
  });
});

/**
 * The table with its text dictionaries as the readers keep them: UTF-8 bytes decoded on first use.
 * s_dup's repeated strings become distinct invalid (or, for one "\uFFFD", valid) byte strings that
 * decode to them, as a reader's values would.
 */
function asBytes(table: Table): { table: Table; dicts: ByteStrings[] } {
  const enc = new TextEncoder();
  const columns = new Map<string, Column>();
  const dicts: ByteStrings[] = [];
  const INVALID = [[0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]; // each decodes to one U+FFFD at the end of a value
  for (const [name, col] of table.columns) {
    if (col.type !== "text") {
      columns.set(name, col);
      continue;
    }
    const parts: number[] = [];
    const ends: number[] = [];
    let invalid = 0;
    for (const t of col.dict) {
      // Each U+FFFD of s_dup: different invalid bytes each time (the first one as its valid UTF-8).
      for (const ch of t) {
        if (name === "s_dup" && ch === "\uFFFD" && invalid++ > 0) parts.push(...INVALID[invalid % INVALID.length]);
        else parts.push(...enc.encode(ch));
      }
      ends.push(parts.length);
    }
    const bytes = new ByteStrings(Uint8Array.from(parts), Int32Array.from(ends), parts.some((b) => b >= 0x80));
    expect([...bytes]).toEqual([...col.dict]);
    dicts.push(bytes);
    columns.set(name, { ...col, dict: bytes });
  }
  return { table: { ...table, columns }, dicts };
}

describe("vectorized row expressions over byte dictionaries (decoded on first use) agree with the reference", () => {
  for (const zone of [UTC, ZONES[1]]) {
    it(`random expressions and filters, zone ${zone.name}`, async () => {
      const r = rng(zone.name.length * 31337 + 5);
      const plain = await withDerived(randomTable(r, 3000), [], zone);
      const bytes = asBytes(randomTable(rng(zone.name.length * 31337 + 5), 3000));
      const table = await withDerived(bytes.table, [], zone);
      const c = new VectorCompiler(table, zone);
      const out = new Int32Array(BLOCK);
      let checked = 0;
      for (let k = 0; k < 500; k++) {
        const t = TYPES[k % TYPES.length];
        const e = randomExpr(r, t, 1 + (k % 4));
        const sel = selection(r, plain.rowCount);
        const got = vectorValues(c, e, sel);
        for (let i = 0; i < sel.length; i++) {
          const want = asVector(refEval(e, plain, sel[i], zone));
          if (!Object.is(got[i], want)) expect({ expr: e, row: sel[i], got: got[i] }).toEqual({ expr: e, row: sel[i], got: want });
          checked++;
        }
        const cond = randomExpr(r, "boolean", 1 + (k % 3));
        const work = Int32Array.from(sel);
        const m = c.filter(cond)(work, work.length, out);
        expect(Array.from(out.subarray(0, m)), JSON.stringify(cond)).toEqual(Array.from(sel).filter((row) => refEval(cond, plain, row, zone) === true));
      }
      expect(checked).toBeGreaterThan(500 * 300);
    });
  }

  it("compares a text column with literals (==, !=, in) without decoding its strings", async () => {
    const n = 5000;
    const enc = new TextEncoder();
    const values = Array.from({ length: n }, (_, i) => `C${(i * 7919) % 1000}`);
    const parts: number[] = [];
    const ends: number[] = [];
    for (const v of values) {
      parts.push(...enc.encode(v));
      ends.push(parts.length);
    }
    const dict = new ByteStrings(Uint8Array.from(parts), Int32Array.from(ends), false);
    const codes = Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1 : i));
    const table = await withDerived({ rowCount: n, columns: new Map([["id", { name: "id", type: "text", codes, dict }]]), rowLines: new Int32Array(n), files: [] }, [], UTC);
    const c = new VectorCompiler(table, UTC);
    const col: RowExpr = { k: "col", t: "text", name: "id" };
    const lit = (v: string): RowExpr => ({ k: "lit", t: "text", v });
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const count = (e: RowExpr) => c.filter(e)(Int32Array.from(all), n, new Int32Array(n));
    const want = (f: (v: string) => boolean) => values.filter((v, i) => codes[i] >= 0 && f(v)).length;
    expect(count({ k: "cmp", op: "==", l: col, r: lit("C17") })).toBe(want((v) => v === "C17"));
    expect(count({ k: "cmp", op: "!=", l: lit("C17"), r: col })).toBe(want((v) => v !== "C17"));
    expect(count({ k: "in", e: col, items: ["C1", "C999", "nope"], negated: false } as RowExpr)).toBe(want((v) => ["C1", "C999"].includes(v)));
    expect(dict.decoded).toBe(0);
    // An ordering needs the strings.
    expect(count({ k: "cmp", op: "<", l: col, r: lit("C5") })).toBe(want((v) => compareCodePoints(v, "C5") < 0));
    expect(dict.decoded).toBe(n);
  });
});

describe("text dictionaries", () => {
  it("makes dictionaries with repeated strings canonical, once per column", () => {
    // Readers repeat a string only when invalid bytes became U+FFFD.
    const col = { name: "s", type: "text" as const, codes: Int32Array.from([0, 1, 2, -1, 3, 2, 4]), dict: ["x\uFFFD", "y", "x\uFFFD", "\uFFFD", "z"] };
    const c = canonicalText(col);
    expect(c.dict).toEqual(["x\uFFFD", "y", "\uFFFD", "z"]);
    expect(Array.from(c.codes)).toEqual([0, 1, 0, -1, 2, 0, 3]);
    expect(canonicalText(col)).toBe(c);
    const unique = { name: "u", type: "text" as const, codes: Int32Array.from([0, 1]), dict: ["a", "b"] };
    expect(canonicalText(unique)).toBe(unique);
  });

  it("groups equal strings of a repeated dictionary in comparisons and distinct text", async () => {
    const table: Table = {
      rowCount: 4,
      columns: new Map([["s", { name: "s", type: "text", codes: Int32Array.from([0, 2, 1, 3]), dict: ["x\uFFFD", "y\uFFFD", "x\uFFFD", "y\uFFFD"] }]]),
      rowLines: new Int32Array(4),
      files: [],
    };
    const t = await withDerived(table, [], UTC);
    const c = new VectorCompiler(t, UTC);
    const eq: RowExpr = { k: "cmp", op: "==", l: { k: "col", t: "text", name: "s" }, r: { k: "col", t: "text", name: "s" } };
    expect(vectorValues(c, eq, Int32Array.from([0, 1, 2, 3]))).toEqual([1, 1, 1, 1]);
    expect(c.filter({ k: "cmp", op: "==", l: { k: "col", t: "text", name: "s" }, r: { k: "lit", t: "text", v: "x\uFFFD" } })(Int32Array.from([0, 1, 2, 3]), 4, new Int32Array(4))).toBe(2);
  });
});

describe("scalar helpers", () => {
  it("lower/upper use Unicode simple case mapping, character by character", () => {
    expect(simpleCase("İstanbul", false)).toBe("istanbul"); // U+0130 → U+0069 (full mapping: i + U+0307)
    expect(simpleCase("straße", true)).toBe("STRAßE"); // ß has no simple uppercase
    expect(simpleCase("ᾳ", true)).toBe("ᾼ"); // U+1FB3 → U+1FBC (full mapping: ΑΙ)
    expect(simpleCase("ᾀ", true)).toBe("ᾈ");
    expect(simpleCase("ﬁ", true)).toBe("ﬁ");
    expect(simpleCase("ŉ", true)).toBe("ŉ");
    expect(simpleCase("ΣΑΣ", false)).toBe("σασ"); // no final-sigma context: per character
    expect(simpleCase("ǅ", true)).toBe("Ǆ");
    expect(simpleCase("ǅ", false)).toBe("ǆ");
    expect(simpleCase("Ⱥ", false)).toBe("ⱥ"); // UTF-8 length changes, code points do not
    expect(simpleCase("ⱥ", true)).toBe("Ⱥ");
    expect(simpleCase("𐐀", false)).toBe("𐐨"); // outside the BMP
    expect(simpleCase("Hello, World", true)).toBe("HELLO, WORLD");
    expect(simpleCase("😀É", false)).toBe("😀é");
  });

  it("compares text by code point, not by UTF-16 unit", () => {
    const pairs: [string, string][] = [["\uFF21", "😀"], ["😀", "\uFFFD"], ["a", "b"], ["ab", "a"], ["", "a"], ["é", "e"], ["\uE000", "\uD800\uDC00"]];
    for (const [a, b] of pairs) {
      expect(Math.sign(compareCodePoints(a, b)), `${a} ${b}`).toBe(refCompare(a, b));
      expect(Math.sign(compareCodePoints(b, a))).toBe(refCompare(b, a));
    }
    expect("\uFF21" < "😀").toBe(false); // what UTF-16 order would say
  });

  it("trims spaces, tabs, CR and LF only", () => {
    expect(trimText(" \t\r\n a b \n")).toBe("a b");
    expect(trimText("\u00a0x\u00a0")).toBe("\u00a0x\u00a0");
    expect(trimText("   ")).toBe("");
  });

  it("rounds half away from zero exactly as the string method, with or without strings", () => {
    const r = rng(5);
    const cases = [2.675, 1.005, -2.675, 0.5, 1.5, 2.5, -0.5, 0.045, 1.255, 8.345, 123.456789, 1e-7, 4503599627370495.5, 1e300, -0, 0];
    for (let i = 0; i < 50000; i++) {
      const digits = Math.floor(r() * 6);
      const scale = 10 ** Math.floor(r() * 8);
      // Decimals with a 5 in the last place, and plain random doubles.
      const v = i % 2 ? (Math.round(r() * 2e6 - 1e6) + 0.5) / 10 ** (digits + 1) : (r() - 0.5) * scale;
      cases.push(v);
    }
    for (const v of cases) {
      for (const d of [0, 1, 2, 3, 4, 5, 7, 15]) {
        const want = refRound(v, d);
        const exact = roundHalfAway(v, d);
        const got = roundFast(v, d);
        if (!Object.is(exact, want)) expect({ v, d, exact }).toEqual({ v, d, exact: want });
        if (!Object.is(got, want)) expect({ v, d, got }).toEqual({ v, d, got: want });
      }
    }
    expect(roundFast(2.675, 2)).toBe(2.68);
    expect(roundFast(-2.5, 0)).toBe(-3);
    expect(roundFast(1.005, 2)).toBe(1.01);
    expect(roundFast(1e-7, 0)).toBe(0); // (a `${x}e${d}` string form gave 1e-7: it reads "1e-7e0")
    expect(roundHalfAway(1.45e-7, 7)).toBe(1e-7);
    expect(roundHalfAway(1.5e-7, 7)).toBe(2e-7);
    expect(roundHalfAway(-1.5e-7, 7)).toBe(-2e-7);
    expect(Object.is(roundHalfAway(-0.4, 0), -0)).toBe(true);
    expect(roundHalfAway(1.5e21, 2)).toBe(1.5e21);
    expect(roundHalfAway(0.145, 2)).toBe(0.15); // the double below 0.145, read as the decimal 0.145

  });
});
