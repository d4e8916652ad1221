// UTF-8 validation of data files (core/data/decode.ts): ranges that end inside a 32-bit word.
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
