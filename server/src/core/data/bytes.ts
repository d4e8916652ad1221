// Byte-level helpers shared by the data readers: UTF-8 decoding, UTF-16 column arithmetic,
// conversions straight from raw field bytes, and a byte-keyed string dictionary for text columns
// whose strings are made only when needed.
//
// The conversions are fast paths for the common forms (plain digits, `12.5`, `YYYY-MM-DD`, …).
// Anything else — exponents, long digit strings, non-ASCII bytes, odd date-times — is decoded
// to a string and handed to the string-level rules in convert.ts, so both always agree.
// An empty value (or one that is only whitespace) is null and never "bad".

import { recycle } from "./scratch";
import { daysFromCivil, parseBoolean, parseDate, parseDateTime, parseInteger, parseNumber } from "./convert";
import { UTC, type Zone } from "../time/zone";
import type { Strings } from "./table";
import type { ColumnMemory } from "../host";

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
  if (e - s <= 9 && e > s) {
    // The common case first: plain digits only.
    let v = 0;
    let i = s;
    for (; i < e; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === e) return v;
  }
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

/** `datetime`: ISO 8601 → epoch ms. Fast path for `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS][Z]`.
 *  Without an offset the value is a local time in `zone` (a bare date: local midnight). */
export function dateTimeFromBytes(b: Uint8Array, s: number, e: number, zone: Zone = UTC): number {
  conv.bad = false;
  s = trimStart(b, s, e);
  e = trimEnd(b, s, e);
  if (s === e) return NaN;
  let n = e - s;
  if (n >= 10) {
    const days = ymdAt(b, s);
    if (days !== -1e9 && days === days) {
      if (n === 10) return zone.fromLocal(days * 86400000);
      let utc = false;
      if (b[e - 1] === 90 || b[e - 1] === 122) {
        n--; // Z z
        utc = true;
      }
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
          const wall = (days * 86400 + hh * 3600 + mi * 60 + ss) * 1000;
          return utc ? wall : zone.fromLocal(wall);
        }
      }
    }
  }
  return slow(b, s, e, zone === UTC ? parseDateTime : (t) => parseDateTime(t, zone));
}

// ---------------------------------------------------------------------------------------------

/** Values of up to SHORT bytes are keyed by their bytes packed into four words. */
const SHORT = 16;
/**
 * Ints per slot of TextDict's table of short values: the key's first three words and `meta`
 * (code × 32 + length + 1; 0 = empty). Sixteen bytes: a cache line holds four slots and no slot
 * crosses a line. A value of 13 to 16 bytes has a fourth word, compared in the arena when the
 * first three match (docs/performance.md, "Stop 20").
 */
const SLOT = 4;
/** Codes a slot's `meta` can hold; a dictionary with more values keys new short ones by hash, as long ones. */
const META_CODES = 1 << 26;
/** For a value of n bytes (0..16): which bytes of each packed word belong to it. */
const wordMask = (bytes: number) => (bytes <= 0 ? 0 : bytes >= 4 ? -1 : (1 << (8 * bytes)) - 1);
const MASK0 = Int32Array.from({ length: SHORT + 1 }, (_, n) => wordMask(n));
const MASK1 = Int32Array.from({ length: SHORT + 1 }, (_, n) => wordMask(n - 4));
const MASK2 = Int32Array.from({ length: SHORT + 1 }, (_, n) => wordMask(n - 8));
const MASK3 = Int32Array.from({ length: SHORT + 1 }, (_, n) => wordMask(n - 12));

function hashWords(w0: number, w1: number, w2: number, w3: number, n: number): number {
  let h = Math.imul(w0, 0xcc9e2d51) ^ Math.imul(w1 ^ n, 0x1b873593) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 13);
}

/** Writes a slot of TextDict's table of short values at index k: the key's first three words and meta. */
function putSlot(t: Int32Array, k: number, w0: number, w1: number, w2: number, meta: number): void {
  t[k] = w0;
  t[k + 1] = w1;
  t[k + 2] = w2;
  t[k + 3] = meta;
}

/** Where value `code` starts in a buffer of values laid end to end (`ends[i]`: the end of value i). */
function startOf(ends: Int32Array, code: number): number {
  return code === 0 ? 0 : ends[code - 1];
}

/**
 * Interns byte strings: the same bytes always get the same code. The bytes of every distinct value
 * are kept once, in one arena (value `code` is arena[ends[code − 1] .. ends[code])), and no JS
 * string is made while reading: `strings()` hands the column a `ByteStrings` view that decodes a
 * value the first time something asks for it (issue 13 item 2). Two open-addressing tables:
 *  - values of up to 16 bytes (most categorical data) are keyed exactly by their bytes packed
 *    into four ints plus the length, so a lookup compares four ints (and, for 13 to 16 bytes, a
 *    fourth word of the arena) and never decodes anything;
 *  - longer values are keyed by a hash, and their bytes are compared in the arena.
 */
export class TextDict {
  /** META_CODES (a test lowers it to cross the limit). */
  static metaCodes = META_CODES;
  // Short values: an open-addressing table of SLOT ints per slot, the key in the slot itself —
  // word0, word1, word2, meta (see SLOT) — so that a lookup of a value of up to 12 bytes reads one
  // place of the table (one cache line, one page) and never a second array: for 200k distinct ids
  // each miss of the cache or the TLB is most of a lookup's cost (docs/performance.md, "Stop 18").
  private small: Int32Array = new Int32Array(SLOT * 256);
  private smallMask = 255;
  private smallCount = 0;
  /**
   * A large table is replaced in two steps: when it is half full, the next one (twice as large)
   * is allocated through Host.memory and prepared off this thread; the rehash into it waits until
   * the current one is 5/8 full, so that the rehash, which writes all over it at once, meets pages
   * already made ready. (Without Host.memory the rehash happens at half full.)
   */
  private nextSmall: Int32Array | undefined;
  // Long values: slot k is table[2k] = hash, table[2k + 1] = code + 1.
  private table = new Int32Array(2 * 256);
  private mask = 255;
  private longCount = 0;
  private arena: Uint8Array = new Uint8Array(4096);
  private arenaLen = 0;
  private count = 0;
  /** By code: the end of its bytes in the arena (its start is the previous code's end). */
  private ends: Int32Array = new Int32Array(64);
  /** Whether any value has a byte ≥ 0x80 (only those can decode to U+FFFD). */
  private nonAscii = false;
  // A view of the last buffer interned from, for word loads.
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | undefined;
  private cache: (string | undefined)[] = [];

  /**
   * `memory`: where the keys, ends and arena come from once they are large (Host.memory): their
   * upper halves, filled as new values arrive, are made ready off this thread.
   */
  constructor(private readonly memory?: ColumnMemory) {}

  get size(): number {
    return this.count;
  }

  /**
   * `a` grown to `size` elements, its first `used` kept; the rest is prepared (Host.memory) for the
   * values to come. (Tried and not kept: allocating and preparing the successor when `a` is half
   * full, like the table's `nextSmall`. It spared the copy's page faults, about 1,000 for 200k ids,
   * but the last successor is never used and stayed resident: 10 MB more at the peak;
   * docs/performance.md, "Stop 20".)
   */
  private grown<T extends Int32Array | Uint8Array>(a: T, size: number, used = a.length): T {
    const m = this.memory;
    const next = (a instanceof Uint8Array ? (m ? m.uint8(size) : new Uint8Array(size)) : m ? m.int32(size) : new Int32Array(size)) as T;
    next.set(a.subarray(0, used));
    m?.prepare([next], used);
    return next;
  }

  /** The string of `code` (decoded once; for the few callers that need it while reading). */
  string(code: number): string {
    let t = this.cache[code];
    if (t === undefined) this.cache[code] = t = decodeBytes(this.arena, startOf(this.ends, code), this.ends[code]);
    return t;
  }

  /**
   * The values so far: views of the arena and ends (the hash tables are left behind). Views, not
   * copies: values are only ever appended, so the views never change, and a copy would write 3 MB
   * of fresh pages for 200k ids (about 750 page faults) to save at most the arena's unused part.
   */
  strings(): ByteStrings {
    return new ByteStrings(this.arena.subarray(0, this.arenaLen), this.ends.subarray(0, this.count), this.nonAscii);
  }

  /** The values' bytes: views of the arena (value i ends at ends[i]). */
  encoded(): { bytes: Uint8Array; ends: Int32Array } {
    return { bytes: this.arena.subarray(0, this.arenaLen), ends: this.ends.subarray(0, this.count) };
  }

  intern(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (n <= SHORT) return this.internSmall(b, s, e, n);
    return this.internLong(b, s, e, n);
  }

  private internSmall(b: Uint8Array, s: number, e: number, n: number): number {
    // Pack the bytes into four little-endian words (missing bytes are 0; the length tells them apart).
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    if (s + SHORT <= b.length) {
      // Read 16 bytes (four unaligned little-endian loads) and mask off those past the value:
      // no branch that depends on the length.
      if (b !== this.viewOf) {
        this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        this.viewOf = b;
      }
      const v = this.view;
      w0 = v.getInt32(s, true) & MASK0[n];
      w1 = v.getInt32(s + 4, true) & MASK1[n];
      w2 = v.getInt32(s + 8, true) & MASK2[n];
      w3 = v.getInt32(s + 12, true) & MASK3[n];
    } else {
      let i = s;
      for (let shift = 0; i < e && shift < 32; i++, shift += 8) w0 |= b[i] << shift;
      for (let shift = 0; i < e && shift < 32; i++, shift += 8) w1 |= b[i] << shift;
      for (let shift = 0; i < e && shift < 32; i++, shift += 8) w2 |= b[i] << shift;
      for (let shift = 0; i < e; i++, shift += 8) w3 |= b[i] << shift;
    }
    const h = hashWords(w0, w1, w2, w3, n);
    const t = this.small;
    const mask = this.smallMask;
    const tag = n + 1;
    let slot = h & mask;
    for (;;) {
      const k = slot * SLOT;
      const meta = t[k + 3];
      if (meta === 0) break;
      if ((meta & 31) === tag && t[k] === w0 && t[k + 1] === w1 && t[k + 2] === w2 && (tag <= 13 || this.word3(meta >>> 5, n) === w3)) return meta >>> 5;
      slot = (slot + 1) & mask;
    }
    // (A dictionary past META_CODES values keys its new short values by hash: a value is in one table only.)
    if (this.count >= TextDict.metaCodes) return this.internLong(b, s, e, n);
    if (((w0 | w1 | w2 | w3) & 0x80808080) !== 0) this.nonAscii = true;
    const code = this.add(b, s, e);
    putSlot(t, slot * SLOT, w0, w1, w2, code * 32 + tag);
    const count = ++this.smallCount;
    if (count * 2 > mask + 1) {
      const m = this.memory;
      if (!m || count * 8 > (mask + 1) * 5) this.rehashSmall();
      else if (!this.nextSmall) {
        this.nextSmall = m.int32((mask + 1) * 2 * SLOT);
        m.prepare([this.nextSmall], 0, undefined, true);
      }
    }
    return code;
  }

  private rehashSmall(): void {
    const old = this.small;
    const slots = (this.smallMask + 1) * 2;
    const mask = slots - 1;
    const next = this.nextSmall;
    this.nextSmall = undefined;
    const t = next && next.length === slots * SLOT ? next : new Int32Array(slots * SLOT);
    for (let k = 0; k < old.length; k += SLOT) {
      const meta = old[k + 3];
      if (meta === 0) continue;
      const w0 = old[k];
      const w1 = old[k + 1];
      const w2 = old[k + 2];
      const n = (meta & 31) - 1;
      let slot = hashWords(w0, w1, w2, n > 12 ? this.word3(meta >>> 5, n) : 0, n) & mask;
      while (t[slot * SLOT + 3] !== 0) slot = (slot + 1) & mask;
      putSlot(t, slot * SLOT, w0, w1, w2, meta);
    }
    recycle(old.buffer); // (its pages are in: a later stage may take it, scratch.ts)
    this.small = t;
    this.smallMask = mask;
  }

  /** The fourth word of value `code`, of n bytes (13 to 16): its bytes from the 13th, little-endian. */
  private word3(code: number, n: number): number {
    const a = this.arena;
    let at = startOf(this.ends, code) + 12;
    let w = 0;
    for (let shift = 0; shift < (n - 12) * 8; shift += 8) w |= a[at++] << shift;
    return w;
  }

  /**
   * The reader is done with this dictionary (its values were taken with strings()): its tables
   * go to the scratch pool (scratch.ts) for a later stage. It must not be used again.
   */
  release(): void {
    recycle(this.small.buffer);
    if (this.nextSmall) recycle(this.nextSmall.buffer);
    this.small = new Int32Array(SLOT * 256);
    this.smallMask = 255;
    this.smallCount = 0;
    this.nextSmall = undefined;
    this.table = new Int32Array(2 * 256);
    this.mask = 255;
    this.longCount = 0;
    this.count = 0;
    // (New arrays: the arena and ends are the views strings() handed out.)
    this.arena = new Uint8Array(4096);
    this.arenaLen = 0;
    this.ends = new Int32Array(64);
    this.cache = [];
    this.nonAscii = false;
  }

  private internLong(b: Uint8Array, s: number, e: number, n: number): number {
    let h = 0x811c9dc5 | 0; // FNV-1a, then a final avalanche (fmix32) so low bits are well mixed
    let high = 0;
    for (let i = s; i < e; i++) {
      h = Math.imul(h ^ b[i], 16777619);
      high |= b[i];
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    const table = this.table;
    const mask = this.mask;
    const arena = this.arena;
    let slot = h & mask;
    for (;;) {
      const entry = table[2 * slot + 1];
      if (entry === 0) break;
      if (table[2 * slot] === h) {
        const code = entry - 1;
        const at = startOf(this.ends, code);
        if (this.ends[code] - at === n) {
          let i = 0;
          while (i < n && arena[at + i] === b[s + i]) i++;
          if (i === n) return code;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (high >= 0x80) this.nonAscii = true;
    const code = this.add(b, s, e);
    table[2 * slot] = h;
    table[2 * slot + 1] = code + 1;
    if (++this.longCount * 2 > mask + 1) this.rehashLong();
    return code;
  }

  private rehashLong(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const mask = slots - 1;
    const table = new Int32Array(slots * 2);
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let slot = old[k] & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = old[k];
      table[2 * slot + 1] = old[k + 1];
    }
    this.table = table;
    this.mask = mask;
  }

  /** A new code for bytes [s, e): appended to the arena. */
  private add(b: Uint8Array, s: number, e: number): number {
    const code = this.count++;
    if (code >= this.ends.length) this.ends = this.grown(this.ends, this.ends.length * 2);
    const n = e - s;
    let len = this.arenaLen;
    if (len + n > this.arena.length) {
      this.arena = this.grown(this.arena, Math.max(this.arena.length * 2, len + n), len);
    }
    const arena = this.arena;
    if (n <= SHORT) for (let i = s; i < e; i++) arena[len++] = b[i];
    else {
      arena.set(b.subarray(s, e), len);
      len += n;
    }
    this.arenaLen = len;
    this.ends[code] = len;
    return code;
  }
}

/**
 * The distinct values of a text column read from bytes: UTF-8 in one buffer (value `code` is
 * bytes[ends[code − 1] .. ends[code])), each decoded to a JS string the first time it is asked
 * for and kept. A column that is only counted distinct or grouped by code never makes a string.
 */
export class ByteStrings implements Strings {
  private cache: (string | undefined)[] | undefined;
  /** How many values have been decoded so far. */
  decoded = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly ends: Int32Array,
    /** Whether any value has a byte ≥ 0x80. */
    readonly nonAscii: boolean,
  ) {}

  get length(): number {
    return this.ends.length;
  }

  at(code: number): string | undefined {
    const ends = this.ends;
    if (!(code >= 0 && code < ends.length)) return undefined;
    const cache = (this.cache ??= new Array<string | undefined>(ends.length));
    let t = cache[code];
    if (t === undefined) {
      cache[code] = t = decodeBytes(this.bytes, startOf(ends, code), ends[code]);
      this.decoded++;
    }
    return t;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.ends.length; i++) yield this.at(i)!;
  }

  /** False when value `code` is ASCII, so cannot hold U+FFFD. */
  mayHoldReplacement(code: number): boolean {
    if (!this.nonAscii) return false;
    const b = this.bytes;
    for (let i = startOf(this.ends, code), e = this.ends[code]; i < e; i++) if (b[i] >= 0x80) return true;
    return false;
  }

  /** Whether value `code` is exactly the bytes `b` (a literal encoded once, compared without decoding). */
  equalsBytes(code: number, b: Uint8Array): boolean {
    const s = startOf(this.ends, code);
    if (this.ends[code] - s !== b.length) return false;
    const x = this.bytes;
    for (let i = 0; i < b.length; i++) if (x[s + i] !== b[i]) return false;
    return true;
  }
}
