// Byte-level helpers shared by the data readers: UTF-8 decoding, UTF-16 column arithmetic,
// conversions straight from raw field bytes, and a byte-keyed string dictionary for text columns.
//
// The conversions are fast paths for the common forms (plain digits, `12.5`, `YYYY-MM-DD`, …).
// Anything else — exponents, long digit strings, non-ASCII bytes, odd date-times — is decoded
// to a string and handed to the string-level rules in convert.ts, so both always agree.
// An empty value (or one that is only whitespace) is null and never "bad".

import { daysFromCivil, parseBoolean, parseDate, parseDateTime, parseInteger, parseNumber } from "./convert";

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Decodes UTF-8 bytes [s, e) (invalid sequences become U+FFFD). */
export function decodeBytes(b: Uint8Array, s: number, e: number): string {
  const n = e - s;
  if (n === 0) return "";
  if (n <= 64) {
    let ascii = true;
    for (let i = s; i < e; i++) {
      if (b[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
  }
  return decoder.decode(b.subarray(s, e));
}

/** Number of UTF-16 code units that UTF-8 bytes [s, e) decode to (the LSP "character" unit). */
export function utf16Length(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c < 0x80) n++;
    else if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1; // a lead byte; 4-byte sequences are surrogate pairs
  }
  return n;
}

export function bytesEqual(a: Uint8Array, as: number, b: Uint8Array, bs: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Conversions. Each returns the value (NaN = null) and sets `conv.bad` when a non-empty value
// does not convert (the caller reports CX4003).

/** Outcome flag of the last *FromBytes call (a shared object, so no allocation per value). */
export const conv = { bad: false };

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Start of [s, e) without leading ASCII whitespace. */
function trimStart(b: Uint8Array, s: number, e: number): number {
  while (s < e && isSpace(b[s])) s++;
  return s;
}

/** End of [s, e) without trailing ASCII whitespace. */
function trimEnd(b: Uint8Array, s: number, e: number): number {
  while (e > s && isSpace(b[e - 1])) e--;
  return e;
}

function slow(b: Uint8Array, s: number, e: number, rule: (text: string) => number | boolean | null): number {
  const text = decodeBytes(b, s, e);
  const v = rule(text);
  if (v === null) {
    conv.bad = text.trim() !== "";
    return NaN;
  }
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

/** `integer`: optional sign and digits ("3.0" is not an integer). */
export function intFromBytes(b: Uint8Array, s: number, e: number): number {
  conv.bad = false;
  s = trimStart(b, s, e);
  e = trimEnd(b, s, e);
  if (s === e) return NaN;
  let i = s;
  const c0 = b[i];
  if (c0 === 45 || c0 === 43) i++; // - +
  if (i < e && e - i <= 15) {
    let v = 0;
    for (; i < e; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === e) return c0 === 45 ? -v : v;
  }
  return slow(b, s, e, parseInteger);
}

/** `number`: a decimal or exponent number. Up to 15 digits without exponent is computed exactly
 *  here (mantissa / 10^k is correctly rounded, like Number()); the rest goes to convert.ts. */
export function numFromBytes(b: Uint8Array, s: number, e: number): number {
  conv.bad = false;
  s = trimStart(b, s, e);
  e = trimEnd(b, s, e);
  if (s === e) return NaN;
  let i = s;
  const c0 = b[i];
  if (c0 === 45 || c0 === 43) i++;
  let m = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < e; i++) {
    const c = b[i];
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (i === e && digits > 0 && digits <= 15) {
    const v = frac ? m / POW10[frac] : m;
    return c0 === 45 ? -v : v;
  }
  return slow(b, s, e, parseNumber);
}

/** `boolean`: true/false (any case), yes/no, 1/0 → 1 / 0. */
export function boolFromBytes(b: Uint8Array, s: number, e: number): number {
  conv.bad = false;
  s = trimStart(b, s, e);
  e = trimEnd(b, s, e);
  const n = e - s;
  if (n === 0) return NaN;
  if (n === 1) {
    if (b[s] === 49) return 1;
    if (b[s] === 48) return 0;
  } else if (n === 4 && (b[s] | 32) === 116 && (b[s + 1] | 32) === 114 && (b[s + 2] | 32) === 117 && (b[s + 3] | 32) === 101) return 1;
  else if (
    n === 5 &&
    (b[s] | 32) === 102 &&
    (b[s + 1] | 32) === 97 &&
    (b[s + 2] | 32) === 108 &&
    (b[s + 3] | 32) === 115 &&
    (b[s + 4] | 32) === 101
  )
    return 0;
  return slow(b, s, e, parseBoolean);
}

/** True when the (trimmed) bytes are `true` or `false` in any case: what type inference calls a boolean
 *  (1/0 and yes/no convert to booleans, but a column of them is inferred as integer or text). */
export function isTrueFalse(b: Uint8Array, s: number, e: number): boolean {
  s = trimStart(b, s, e);
  e = trimEnd(b, s, e);
  const n = e - s;
  if (n !== 4 && n !== 5) return false;
  boolFromBytes(b, s, e); // n is 4 or 5, so only true/false can pass
  return !conv.bad;
}

function digits2(b: Uint8Array, i: number): number {
  const a = b[i] - 48;
  const c = b[i + 1] - 48;
  return a >= 0 && a <= 9 && c >= 0 && c <= 9 ? a * 10 + c : -1;
}

function digits4(b: Uint8Array, i: number): number {
  const hi = digits2(b, i);
  const lo = digits2(b, i + 2);
  return hi >= 0 && lo >= 0 ? hi * 100 + lo : -1;
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS_IN_MONTH[m];
  return d <= dim;
}

/** Day number of January 1st of each year 0..9999, computed on first use. */
const yearStart = new Float64Array(10000).fill(NaN);
/** Days before the 1st of each month (non-leap year), by month 1..12. */
const MONTH_START = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Days since 1970-01-01 of `YYYY-MM-DD` at b[s..s+10), or -1e9 if the bytes do not have that shape,
 *  or NaN if they do but the date does not exist. */
function ymdAt(b: Uint8Array, s: number): number {
  if (b[s + 4] !== 45 || b[s + 7] !== 45) return -1e9;
  const y = digits4(b, s);
  const m = digits2(b, s + 5);
  const d = digits2(b, s + 8);
  if (y < 0 || m < 0 || d < 0) return -1e9;
  if (!validYmd(y, m, d)) return NaN;
  let start = yearStart[y];
  if (start !== start) start = yearStart[y] = daysFromCivil(y, 1, 1);
  const leap = m > 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  return start + MONTH_START[m] + leap + d - 1;
}

/** `date`: YYYY-MM-DD → days since the epoch. */
export function dateFromBytes(b: Uint8Array, s: number, e: number): number {
  conv.bad = false;
  s = trimStart(b, s, e);
  e = trimEnd(b, s, e);
  if (s === e) return NaN;
  if (e - s === 10) {
    const days = ymdAt(b, s);
    if (days !== -1e9) {
      if (days !== days) conv.bad = true;
      return days;
    }
  }
  return slow(b, s, e, parseDate);
}

/** `datetime`: ISO 8601 → epoch ms. Fast path for `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS][Z]`. */
export function dateTimeFromBytes(b: Uint8Array, s: number, e: number): number {
  conv.bad = false;
  s = trimStart(b, s, e);
  e = trimEnd(b, s, e);
  if (s === e) return NaN;
  let n = e - s;
  if (n >= 10) {
    const days = ymdAt(b, s);
    if (days !== -1e9 && days === days) {
      if (n === 10) return days * 86400000;
      if (b[e - 1] === 90 || b[e - 1] === 122) n--; // Z z
      const sep = b[s + 10];
      if ((n === 16 || n === 19) && (sep === 84 || sep === 116 || sep === 32) && b[s + 13] === 58 && (n === 16 || b[s + 16] === 58)) {
        const hh = digits2(b, s + 11);
        const mi = digits2(b, s + 14);
        const ss = n === 19 ? digits2(b, s + 17) : 0;
        if (hh >= 0 && mi >= 0 && ss >= 0) {
          if (hh > 23 || mi > 59 || ss > 60) {
            conv.bad = true;
            return NaN;
          }
          return (days * 86400 + hh * 3600 + mi * 60 + ss) * 1000;
        }
      }
    }
  }
  return slow(b, s, e, parseDateTime);
}

// ---------------------------------------------------------------------------------------------

/**
 * Interns byte strings: the same bytes always get the same code, and a JS string is decoded
 * only the first time a value is seen. Open addressing over a power-of-two table; the distinct
 * values' bytes live in one arena, so lookups compare bytes without allocating.
 */
export class TextDict {
  readonly strings: string[] = [];
  private arena = new Uint8Array(4096);
  private arenaLen = 0;
  private starts = new Int32Array(256);
  private lens = new Int32Array(256);
  private hashes = new Int32Array(256);
  private table = new Int32Array(1024); // code + 1; 0 = empty slot
  private mask = 1023;

  get size(): number {
    return this.strings.length;
  }

  intern(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0; // FNV-1a, then a final avalanche (fmix32) so low bits are well mixed
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 16777619);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    const n = e - s;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const entry = table[slot];
      if (entry === 0) break;
      const code = entry - 1;
      if (this.hashes[code] === h && this.lens[code] === n && bytesEqual(this.arena, this.starts[code], b, s, n)) return code;
      slot = (slot + 1) & mask;
    }
    return this.add(b, s, e, h, slot);
  }

  private add(b: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const code = this.strings.length;
    const n = e - s;
    if (code === this.starts.length) {
      this.starts = grow32(this.starts, code * 2);
      this.lens = grow32(this.lens, code * 2);
      this.hashes = grow32(this.hashes, code * 2);
    }
    if (this.arenaLen + n > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + n));
      next.set(this.arena.subarray(0, this.arenaLen));
      this.arena = next;
    }
    this.arena.set(b.subarray(s, e), this.arenaLen);
    this.starts[code] = this.arenaLen;
    this.lens[code] = n;
    this.hashes[code] = h;
    this.arenaLen += n;
    this.strings.push(decodeBytes(b, s, e));
    this.table[slot] = code + 1;
    if ((code + 1) * 2 > this.table.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let code = 0; code < this.strings.length; code++) {
      let slot = this.hashes[code] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

export function grow32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(a.subarray(0, Math.min(a.length, size)));
  return next;
}
