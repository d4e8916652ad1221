// Finds the delimiters and line breaks of CSV bytes 16 at a time, with WebAssembly's 128-bit SIMD
// instructions: the index the CSV parser's fast path walks (csv.ts, CsvParser.bulk).
//
// Why: a JavaScript scan looks at one byte, or at best one 4-byte word, at a time, and it is the
// largest single cost of reading a CSV file (about 190 ms of a 97 MB survey export). This scan
// compares 16 bytes with the delimiter, LF and CR in three vector instructions and writes where
// each match is; the parser then goes from one match to the next (docs/performance.md, "Stop 21").
//
// The module is 168 bytes, written here instruction by instruction (no toolchain), and compiled
// once per thread when a CSV file is first parsed. Where WebAssembly or its SIMD instructions are
// missing, `csvScanner()` returns undefined and the parser scans in JavaScript, as before.

/** Bytes scanned per call, at most. */
export const SCAN_BLOCK = 32 << 10;

/**
 * One per thread, shared by its parsers: a caller reads `found` before anything else can scan (a
 * parser's bulk() calls only its sink in between, and sinks never parse CSV).
 */
export interface CsvScanner {
  /** Where to copy the bytes to scan (SCAN_BLOCK bytes; the scan reads whole 16-byte vectors, up to n rounded up to 16). */
  readonly input: Uint8Array;
  /** The positions found by the last scan, relative to the block's start, in increasing order. */
  readonly found: Int32Array;
  /** Scans input[0, n) for `delim`, LF and CR; returns how many positions were written to `found` (at most SCAN_BLOCK; the last few may be ≥ n, from bytes an earlier block left in the last vector: ignore them). */
  scan(n: number, delim: number): number;
}

let scanner: CsvScanner | null | undefined;
let enabled = true;

/** The scanner of this thread, or undefined when WebAssembly SIMD is not available. */
export function csvScanner(): CsvScanner | undefined {
  if (!enabled) return undefined;
  if (scanner === undefined) scanner = makeScanner();
  return scanner ?? undefined;
}

/** Tests: parsers created while this is off scan in JavaScript only (to compare the two paths). */
export function useCsvScanner(on: boolean): void {
  enabled = on;
}

function makeScanner(): CsvScanner | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = scanModule();
    if (!WebAssembly.validate(bytes)) return null;
    // Memory: the input block (and 16 bytes to spare), then the positions (4 bytes each, at most one per byte).
    const foundAt = SCAN_BLOCK + 16;
    const pages = Math.ceil((foundAt + SCAN_BLOCK * 4) / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: memory } });
    const fn = instance.exports.scan as (start: number, end: number, out: number, delim: number) => number;
    const input = new Uint8Array(memory.buffer, 0, SCAN_BLOCK);
    const found = new Int32Array(memory.buffer, foundAt, SCAN_BLOCK);
    return {
      input,
      found,
      scan: (n, delim) => (fn(0, n, foundAt, delim) - foundAt) >> 2,
    };
  } catch {
    return null; // (an engine without SIMD, or one that forbids compiling WebAssembly)
  }
}

// ---------------------------------------------------------------------------------------------
// The module: scan(start, end, out, delim) → out', with an imported memory "e"."m".
//
//   sD, sLF, sCR = splat(delim), splat(10), splat(13)
//   for (i = start; i < end; i += 16) {
//     v = load128(i)
//     m = bitmask(eq(v, sD) | eq(v, sLF) | eq(v, sCR))      // bit k: byte i + k matches
//     while (m) { store32(out, i + ctz(m)); out += 4; m &= m - 1 }
//   }
//   return out

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// Opcodes.
const I32 = 0x7f;
const V128 = 0x7b;
const BLOCK = 0x02;
const LOOP = 0x03;
const VOID = 0x40;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const CONST = 0x41;
const STORE = 0x36;
const EQZ = 0x45;
const GE_U = 0x4f;
const CTZ = 0x68;
const ADD = 0x6a;
const SUB = 0x6b;
const AND = 0x71;
const simd = (op: number): number[] => [0xfd, ...leb(op)];
const V_LOAD = simd(0x00);
const SPLAT = simd(0x0f);
const EQ = simd(0x23);
const OR = simd(0x50);
const BITMASK = simd(0x64);

// Locals: 0 start (i), 1 end, 2 out, 3 delim (params); 4 m; 5 sD, 6 sLF, 7 sCR, 8 v.
function scanModule(): Uint8Array<ArrayBuffer> {
  const body = [
    2, 1, I32, 4, V128,
    GET, 3, ...SPLAT, SET, 5,
    CONST, 10, ...SPLAT, SET, 6,
    CONST, 13, ...SPLAT, SET, 7,
    BLOCK, VOID, LOOP, VOID,
    GET, 0, GET, 1, GE_U, BR_IF, 1,
    GET, 0, ...V_LOAD, 0, 0, TEE, 8,
    GET, 5, ...EQ,
    GET, 8, GET, 6, ...EQ, ...OR,
    GET, 8, GET, 7, ...EQ, ...OR,
    ...BITMASK, SET, 4,
    BLOCK, VOID, LOOP, VOID,
    GET, 4, EQZ, BR_IF, 1,
    GET, 2, GET, 0, GET, 4, CTZ, ADD, STORE, 2, 0,
    GET, 2, CONST, 4, ADD, SET, 2,
    GET, 4, GET, 4, CONST, 1, SUB, AND, SET, 4,
    BR, 0,
    END, END,
    GET, 0, CONST, 16, ADD, SET, 0,
    BR, 0,
    END, END,
    GET, 2,
    END,
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 4, I32, I32, I32, I32, 1, I32]), // type: (i32 ×4) → i32
    ...section(2, [1, ...name("e"), ...name("m"), 0x02, 0x00, 1]), // import memory e.m (min 1 page)
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, ...name("scan"), 0x00, 0]), // export it as "scan"
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}
