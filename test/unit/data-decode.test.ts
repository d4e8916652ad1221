// UTF-8 validation of data files (core/data/decode.ts): ranges that end inside a 32-bit word.
import { isUtf8 } from "node:buffer";
import { describe, expect, it } from "vitest";
import { asciiEnd, decodeText, wordsOf, type DecodeState } from "../../server/src/core/data/decode";

async function* once(b: Uint8Array): AsyncIterable<Uint8Array> {
  yield b;
}

async function decodeAll(text: string): Promise<{ out: string; state: DecodeState }> {
  const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
  const parts: Uint8Array[] = [];
  for await (const c of decodeText(once(new TextEncoder().encode(text)), "utf-8", state)) parts.push(c.slice());
  return { out: Buffer.concat(parts).toString("utf8"), state };
}

describe("UTF-8 validation", () => {
  it("never steps back before the start of the range", () => {
    // Bytes 4–5 are 'é'; asked from 6 to 7 (inside the second word), the answer is 7, not 4.
    const b = new Uint8Array([0x41, 0x41, 0x41, 0x41, 0xc3, 0xa9, 0x41, 0x41]);
    expect(asciiEnd(b, 6, 7, wordsOf(b))).toBe(7);
    expect(asciiEnd(b, 5, 7, wordsOf(b))).toBe(5);
    expect(asciiEnd(b, 0, 8, wordsOf(b))).toBe(4);
  });

  // A file whose last bytes end inside a word after a non-ASCII character: validation used to
  // loop forever (found by the differential suite on a generated workspace).
  for (const text of ["AAAAé\n", "AAAAéA", "AAAAAé\n", "Zoë\n", "a;b\nÜnal;x\n", "AAAAAAAA€\n"]) {
    it(`reads ${JSON.stringify(text)} (${new TextEncoder().encode(text).length} bytes)`, async () => {
      const { out, state } = await decodeAll(text);
      expect(out).toBe(text);
      expect(state.invalidAt).toBe(-1);
    });
  }

  it("still finds an invalid byte after such a character", async () => {
    const bytes = new Uint8Array([0x41, 0x41, 0x41, 0x41, 0xc3, 0xa9, 0xff]);
    const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
    for await (const _ of decodeText(once(bytes), "utf-8", state));
    expect(state.invalidAt).toBe(6);
    expect(state.invalidByte).toBe(0xff);
  });
});

describe("a host's fast UTF-8 check (Host.isUtf8) changes nothing", () => {
  async function* chunked(b: Uint8Array, sizes: number[]): AsyncIterable<Uint8Array> {
    let at = 0;
    for (let i = 0; at < b.length; i++) {
      const n = sizes[i % sizes.length];
      yield b.subarray(at, at + n);
      at += n;
    }
  }
  async function run(b: Uint8Array, sizes: number[], check?: (bytes: Uint8Array) => boolean) {
    const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
    const parts: Uint8Array[] = [];
    let asked = 0;
    const counted = check && ((bytes: Uint8Array) => (asked++, check(bytes)));
    for await (const c of decodeText(chunked(b, sizes), "utf-8", state, counted)) parts.push(c.slice());
    return { out: Buffer.concat(parts), state, asked };
  }
  // Deterministic pseudo-random text: ASCII with one- to four-byte characters, and some damage.
  const pieces = ["a", "b,", "\n", "é", "€", "𝄞", "Ü", "\r\n"].map((t) => new TextEncoder().encode(t));
  const damage = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9d, 0x84], [0xc0, 0xaf]].map((d) => new Uint8Array(d));
  function sample(seed: number, bad: boolean): Uint8Array {
    let x = seed;
    const rnd = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const out: number[] = [];
    while (out.length < 200_000) out.push(...pieces[rnd(pieces.length)]);
    if (bad) out.splice(100_000 + rnd(90_000), 0, ...damage[rnd(damage.length)]);
    return new Uint8Array(out);
  }
  for (const bad of [false, true]) {
    for (const seed of [1, 2, 3]) {
      it(`${bad ? "damaged" : "valid"} text ${seed}: the same bytes and the same first invalid byte, chunk boundaries anywhere`, async () => {
        const b = sample(seed, bad);
        // Chunks of 1 MiB (one), odd sizes that split characters, and single bytes at the start.
        for (const sizes of [[1 << 20], [65_537, 4093, 70_001], [1, 2, 3, 100_003]]) {
          const plain = await run(b, sizes);
          const fast = await run(b, sizes, isUtf8);
          expect(fast.asked).toBeGreaterThan(0);
          expect(Buffer.compare(fast.out, plain.out)).toBe(0);
          expect(fast.state).toEqual(plain.state);
          expect(plain.state.invalidAt >= 0).toBe(bad);
        }
      });
    }
  }
  it("a check that says no is only a slower path; one that says yes is believed", async () => {
    const b = sample(7, true);
    const plain = await run(b, [8191]);
    const no = await run(b, [8191], () => false);
    expect(Buffer.compare(no.out, plain.out)).toBe(0);
    expect(no.state).toEqual(plain.state);
    // (A check that accepts everything hides the damage: the host's answer is trusted.)
    const yes = await run(b, [8191], () => true);
    expect(yes.state.invalidAt).toBe(-1);
  });
});

describe("CSV header from a file's first bytes (csvHeaderOf, for DuckDB)", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it("reads the header as the reader does: BOM, empty lines, quotes, CRLF", async () => {
    const { csvHeaderOf } = await import("../../server/src/core/data/csv");
    expect(await csvHeaderOf(enc('\uFEFF\r\n"a;1";b;"say ""hi"""\r\n1;2;3\r\n'), ";")).toEqual(["a;1", "b", 'say "hi"']);
    expect(await csvHeaderOf(enc("x,y\n1,2,3,extra\n"), ",")).toEqual(["x", "y"]);
    // A header that does not end within the bytes given: unknown.
    expect(await csvHeaderOf(enc('a,"b\nc'), ",")).toBeUndefined();
  });
});
