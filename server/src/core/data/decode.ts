// Decoding data files to UTF-8 (language-v2 §9.3), between the host's byte chunks and the text
// parsers (CSV, JSON, JSONL, YAML), which all work on UTF-8 bytes.
//
//  - The first 64 KiB (or the whole file, if shorter) are looked at before anything is parsed:
//    a byte-order mark decides the encoding (UTF-8 EF BB BF, UTF-16 LE FF FE, UTF-16 BE FE FF;
//    it wins over the source's `encoding`), and a file whose decoded text holds NUL characters —
//    or mostly control characters — is not a text file: `binary` is set and nothing is parsed.
//  - UTF-8 (the default) is validated as it streams; chunks are passed on as they are. A host's
//    `isUtf8` (Node: buffer.isUtf8, which uses SIMD) is asked first about each chunk; the own
//    validator below (an ASCII word-at-a-time fast path) runs only when it says no or is absent.
//    The incomplete character at the end of a chunk, if any, is held back and passed on before
//    the next chunk. At the first invalid byte its file offset is
//    noted (for the one CX4009 warning) and from there on the text is decoded with replacement:
//    each invalid sequence becomes U+FFFD.
//  - latin1 (ISO-8859-1: byte = code point) and windows-1252 (0x80–0x9F are € ‚ ƒ „ … and so on;
//    the five unassigned bytes are U+0081 etc., as browsers do) are converted with a table;
//    an all-ASCII chunk is passed on as it is.
//  - UTF-16 (LE unless a BOM says BE, or the first two bytes look like BE text) goes through
//    TextDecoder.
// Output chunks may reuse one buffer: consumers copy what they keep (the parsers do).

import type { Host } from "../host";
import type { Encoding } from "./source";

export interface DecodeState {
  /** File offset of the first byte that is not valid UTF-8 (-1: none; only for UTF-8 reads). */
  invalidAt: number;
  /** That byte. */
  invalidByte: number;
  /** Set when the file is not text: the message of the one CX4004 error (nothing is parsed). */
  binary: string | undefined;
}

/** Bytes looked at before parsing (encoding, binary data). */
const HEAD = 1 << 16;

/**
 * The first bytes of the text go to the parser in small pieces. Why: V8 optimizes a parser's loop
 * while it reads the first chunk, with type feedback only for the code that has run by then. The
 * code that ends a chunk (a field or a record cut by the end of the data, its state kept for the
 * next chunk) runs once per chunk: with 1 MiB chunks, first at the end of the first MiB, in
 * optimized code that has no feedback for it and is thrown away there ("insufficient type
 * feedback"), so that much of the second MiB is parsed unoptimized again. Thirty-two pieces first
 * run that code while the parser is still interpreted. Measured on the 1M-row survey CSV (8
 * interleaved runs each): the read took 462–503 ms instead of 525–601 ms (docs/performance.md,
 * "Stop 19").
 */
const WARM_BYTES = 1 << 16;
const PIECE_BYTES = 2048;

const encoder = new TextEncoder();

/** decodeText's fast check from a host, if it has one. */
export function utf8Check(host: Host): ((bytes: Uint8Array) => boolean) | undefined {
  return host.isUtf8 ? (bytes) => host.isUtf8!(bytes) : undefined;
}

/** Windows-1252 code points of bytes 0x80–0x9F. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c,
  0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** UTF-8 bytes of each byte 0x80–0xFF in a single-byte encoding: up to 3 bytes, packed [len, b0, b1, b2]. */
function singleByteTable(enc: "latin1" | "windows-1252"): Uint8Array {
  const t = new Uint8Array(128 * 4);
  for (let b = 0x80; b <= 0xff; b++) {
    const cp = enc === "windows-1252" && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
    const bytes = encoder.encode(String.fromCharCode(cp));
    const o = (b - 0x80) * 4;
    t[o] = bytes.length;
    t.set(bytes, o + 1);
  }
  return t;
}

const tables: Partial<Record<"latin1" | "windows-1252", Uint8Array>> = {};

/** A Uint32Array over b's whole words when b starts 4-aligned in its buffer (chunks do), else undefined. */
export function wordsOf(b: Uint8Array): Uint32Array | undefined {
  return (b.byteOffset & 3) === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.length >> 2) : undefined;
}

/** Index of the first byte >= 0x80 in b[s, e), or e; `w` (from wordsOf) makes it a word at a time. */
export function asciiEnd(b: Uint8Array, s: number, e: number, w?: Uint32Array): number {
  let i = s;
  if (w) {
    while (i < e && (i & 3) !== 0) {
      if (b[i] >= 0x80) return i;
      i++;
    }
    // The range ended before a word boundary: rounding down to one would step back before `s`
    // (onto bytes already validated — a loop when one of them is not ASCII).
    if (i >= e) return i;
    let k = i >> 2;
    const end = e >> 2;
    for (; k + 1 < end; k += 2) if (((w[k] | w[k + 1]) & 0x80808080) !== 0) break;
    for (; k < end; k++) if ((w[k] & 0x80808080) !== 0) break;
    i = k << 2;
  }
  while (i < e && b[i] < 0x80) i++;
  return i;
}

/**
 * A streaming UTF-8 validator (the Unicode "well-formed" table: no overlong forms, no surrogates,
 * nothing above U+10FFFF).
 */
class Utf8Validator {
  /** Continuation bytes still expected, and the allowed range of the next one. */
  need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  /** Index in the current chunk where the character being read started (may be negative: in the previous chunk). */
  start = 0;

  /** Validates b[s, e); returns the index of the first invalid byte, or -1. */
  run(b: Uint8Array, s: number, e: number): number {
    const w = wordsOf(b);
    let i = s;
    let need = this.need;
    let lo = this.lo;
    let hi = this.hi;
    while (i < e) {
      if (need === 0) {
        i = asciiEnd(b, i, e, w);
        if (i >= e) break;
        const c = b[i];
        this.start = i;
        if (c >= 0xc2 && c <= 0xdf) need = 1;
        else if (c >= 0xe0 && c <= 0xef) {
          need = 2;
          lo = c === 0xe0 ? 0xa0 : 0x80;
          hi = c === 0xed ? 0x9f : 0xbf;
          i++;
          continue;
        } else if (c >= 0xf0 && c <= 0xf4) {
          need = 3;
          lo = c === 0xf0 ? 0x90 : 0x80;
          hi = c === 0xf4 ? 0x8f : 0xbf;
          i++;
          continue;
        } else {
          this.need = 0;
          return i;
        }
        lo = 0x80;
        hi = 0xbf;
        i++;
        continue;
      }
      const c = b[i];
      if (c < lo || c > hi) {
        this.need = 0;
        return i;
      }
      lo = 0x80;
      hi = 0xbf;
      need--;
      i++;
    }
    this.need = need;
    this.lo = lo;
    this.hi = hi;
    return -1;
  }
}

function looksUtf16(head: Uint8Array): "le" | "be" | undefined {
  let even = 0;
  let odd = 0;
  const n = Math.min(head.length, 4096) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (n < 4) return undefined;
  if (odd > n / 8 && even < odd / 4) return "le";
  if (even > n / 8 && odd < even / 4) return "be";
  return undefined;
}

/** Is decoded text not text? NUL characters, or mostly control characters. */
function binaryText(text: string): boolean {
  if (text.includes("\u0000")) return true;
  let control = 0;
  const n = Math.min(text.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) control++;
  }
  return control >= 8 && control * 10 > n;
}

const NOT_TEXT = "This file is not a text file (it holds binary data, e.g. an image, a spreadsheet or a compressed file), so nothing is read from it; link the CSV, JSON, JSONL or YAML export";

/** The CX4009 message for an invalid byte. */
export function describeInvalid(path: string, byte: number): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return `'${name}' is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} here is not part of a UTF-8 character, and every invalid sequence is read as '\ufffd'. If the file comes from Excel or another Windows program, add 'encoding: windows-1252' to the source`;
}

/** UTF-8 chunks of the file's text (see the top of this file). */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  encoding: Encoding | undefined,
  state: DecodeState,
  /** A fast check for well-formed UTF-8 (Host.isUtf8); a chunk it accepts is not validated again. */
  isUtf8?: (bytes: Uint8Array) => boolean,
): AsyncIterable<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  // The head: the first 64 KiB. Chunks smaller than that are copied into it (the host may reuse
  // a chunk's memory once the next one is asked for); a first chunk as large is the head itself,
  // which is passed on before the next chunk is asked for.
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < HEAD) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    if (head.length === 0 && r.value.length >= HEAD) {
      head = r.value;
      break;
    }
    const next = new Uint8Array(head.length + r.value.length);
    next.set(head);
    next.set(r.value, head.length);
    head = next;
  }
  let enc: Encoding = encoding ?? "utf-8";
  let be = false;
  let skip = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    enc = "utf-8";
    skip = 3;
  } else if (head[0] === 0xff && head[1] === 0xfe) {
    enc = "utf-16";
    skip = 2;
  } else if (head[0] === 0xfe && head[1] === 0xff) {
    enc = "utf-16";
    be = true;
    skip = 2;
  } else if (enc === "utf-16") be = looksUtf16(head) === "be";

  // Not text?
  if (enc === "utf-16") {
    const probe = new TextDecoder(be ? "utf-16be" : "utf-16le").decode(head.subarray(skip, Math.min(head.length, 8192) & ~1));
    if (binaryText(probe)) {
      state.binary = NOT_TEXT;
      return;
    }
  } else {
    const probe = new TextDecoder("latin1").decode(head.subarray(skip, Math.min(head.length, 8192)));
    if (binaryText(probe) || head.indexOf(0) >= 0) {
      const u16 = enc === "utf-8" && looksUtf16(head.subarray(skip));
      state.binary = u16
        ? "This file looks like UTF-16 text without a byte-order mark, so nothing is read from it; add 'encoding: utf-16' to the source"
        : NOT_TEXT;
      return;
    }
  }

  async function* rest(): AsyncIterable<Uint8Array> {
    if (head.length > skip) {
      // The first WARM_BYTES go on in pieces of PIECE_BYTES (see WARM_BYTES).
      const warm = Math.min(head.length, skip + WARM_BYTES);
      for (let i = skip; i < warm; i += PIECE_BYTES) yield head.subarray(i, Math.min(warm, i + PIECE_BYTES));
      if (head.length > warm) yield head.subarray(warm);
    }
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }

  if (enc === "utf-16") {
    const decoder = new TextDecoder(be ? "utf-16be" : "utf-16le");
    for await (const chunk of rest()) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield encoder.encode(text);
    }
    const last = decoder.decode();
    if (last) yield encoder.encode(last);
    return;
  }

  if (enc === "latin1" || enc === "windows-1252") {
    const table = (tables[enc] ??= singleByteTable(enc));
    let out = new Uint8Array(0);
    for await (const chunk of rest()) {
      const n = chunk.length;
      let i = asciiEnd(chunk, 0, n, wordsOf(chunk));
      if (i === n) {
        yield chunk;
        continue;
      }
      if (out.length < n * 3) out = new Uint8Array(n * 3);
      out.set(chunk.subarray(0, i));
      let o = i;
      for (; i < n; i++) {
        const c = chunk[i];
        if (c < 0x80) out[o++] = c;
        else {
          const t = (c - 0x80) * 4;
          out[o++] = table[t + 1];
          out[o++] = table[t + 2];
          if (table[t] === 3) out[o++] = table[t + 3];
        }
      }
      yield out.subarray(0, o);
    }
    return;
  }

  // UTF-8.
  const v = new Utf8Validator();
  let offset = skip; // file offset of the next chunk
  let held = new Uint8Array(0); // an incomplete character at the end of the previous chunk
  let repair: TextDecoder | undefined;
  for await (const chunk of rest()) {
    if (repair) {
      const text = repair.decode(chunk, { stream: true });
      if (text) yield encoder.encode(text);
      offset += chunk.length;
      continue;
    }
    let buf = chunk;
    if (held.length) {
      buf = new Uint8Array(held.length + chunk.length);
      buf.set(held);
      buf.set(chunk, held.length);
    }
    const bufOffset = offset - held.length;
    held = new Uint8Array(0);
    offset += chunk.length;
    // (A chunk that ends inside a character is not well-formed by itself: the validator holds it back.)
    if (isUtf8 && isUtf8(buf)) {
      yield buf;
      continue;
    }
    v.need = 0;
    const bad = v.run(buf, 0, buf.length);
    if (bad < 0) {
      if (v.need > 0) {
        held = buf.slice(v.start);
        if (v.start > 0) yield buf.subarray(0, v.start);
      } else yield buf;
      continue;
    }
    // The first invalid byte: the start of the ill-formed sequence (everything before it was valid).
    const from = Math.min(v.start, bad);
    state.invalidAt = bufOffset + from;
    state.invalidByte = buf[from];
    repair = new TextDecoder("utf-8", { ignoreBOM: true });
    if (from > 0) yield buf.subarray(0, from);
    const text = repair.decode(buf.subarray(from), { stream: true });
    if (text) yield encoder.encode(text);
  }
  if (repair) {
    const text = repair.decode();
    if (text) yield encoder.encode(text);
  } else if (held.length) {
    // The file ends inside a character.
    state.invalidAt = offset - held.length;
    state.invalidByte = held[0];
    yield encoder.encode(new TextDecoder("utf-8").decode(held));
  }
}
