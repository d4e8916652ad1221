// The core's only window on the outside world. Hosts (CLI, language server, tests) implement it;
// the core never imports `fs`. Paths are absolute, with "/" separators.

import type { ParallelReader } from "./data/parallel";

export interface FileStat {
  size: number;
  mtimeMs: number;
  isDirectory: boolean;
}

/** The text of a .cx file, and whether its bytes were valid UTF-8 (language-v2 §9.3). */
export interface SourceText {
  /** The text, decoded as UTF-8 (each invalid sequence replaced by U+FFFD; a BOM is kept). */
  text: string;
  /** When the bytes are not valid UTF-8: the UTF-16 offset in `text` of the first invalid byte. */
  invalidUtf8At?: number;
}

export interface Host {
  /** Text of a .cx or cx.yaml file (the editor overlays open documents), or undefined if it cannot be read. */
  readText(path: string): string | undefined;
  /**
   * The text of a .cx file with its UTF-8 validity (`decodeSource` does the work on bytes), or
   * undefined if it cannot be read. Optional: hosts without it get no validation (the core then
   * uses `readText`, see `readSourceText`). A host that overlays open documents returns
   * `{ text }` for them (they are strings already) and the disk's answer for the others.
   */
  readSource?(path: string): SourceText | undefined;
  stat(path: string): FileStat | undefined;
  /** Path with every symbolic link resolved, or undefined if it does not exist. */
  realpath(path: string): string | undefined;
  /** Files matching a glob pattern (absolute pattern, `*`, `?`, `**`, `[..]`, `{a,b}`), sorted by path. */
  glob(pattern: string): string[];
  /** The bytes of a data file, streamed in chunks (in order). Throws only for I/O failures. */
  readChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /**
   * Optional: reading large CSV files on several threads (core/data/parallel.ts). Hosts without it
   * (browsers, tests) read every file serially; the results are the same either way.
   */
  readonly parallel?: ParallelReader;
  /**
   * Optional: memory for the large columns of a read, made ready off this thread (see
   * ColumnMemory). Hosts without it allocate plain arrays; the results are the same either way.
   */
  readonly memory?: ColumnMemory;
  /**
   * Optional: whether bytes are well-formed UTF-8, answered fast (Node: buffer.isUtf8, SIMD). Data
   * files are validated as they are read (decode.ts): a chunk this accepts is not looked at again,
   * any other goes through the core's own validator. The results are the same either way.
   */
  isUtf8?(bytes: Uint8Array): boolean;
}

/**
 * Where a reader's large column arrays come from. Writing into fresh memory takes a page fault per
 * 4 KiB page, and on virtual machines such as the ones we measure on each costs 10–20 µs: filling
 * the columns of a 1M-row file then spends a third of the read in the kernel
 * (docs/performance.md, "Page faults"). A host with a spare thread allocates the arrays where
 * that thread can touch their pages ahead of the writer (Node: shared memory and a helper worker).
 */
export interface ColumnMemory {
  /** Zero-filled arrays of `length` elements (plain ones below the host's threshold). */
  float64(length: number): Float64Array;
  int32(length: number): Int32Array;
  uint16(length: number): Uint16Array;
  uint8(length: number): Uint8Array;
  /**
   * The arrays just allocated (by this object) will be written in index order from element `from`
   * on, and the elements before it last: make their pages ready ahead of the writer, in that
   * order, up to element `until` (default: their ends). Asynchronous and without effect on the
   * contents: the writer never waits, and a page it reaches first it takes itself.
   *
   * `whole`: the writer will write all over them at once rather than in order (a hash table to be
   * rebuilt into them): they are made ready before the arrays of any other call, in one go.
   */
  prepare(arrays: readonly (Float64Array | Int32Array | Uint16Array | Uint8Array)[], from: number, until?: number, whole?: boolean): void;
  /**
   * Marks a read in progress (the host may keep its helper ready until then); the function returned
   * ends the mark. Optional.
   */
  hold?(): () => void;
}

/** A .cx file's text through `host.readSource` when the host has it, else `host.readText` (unvalidated). */
export function readSourceText(host: Host, path: string): SourceText | undefined {
  if (host.readSource) return host.readSource(path);
  const text = host.readText(path);
  return text === undefined ? undefined : { text };
}

/**
 * The index of the first byte of the first sequence that is not valid UTF-8 (WHATWG rules:
 * no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i; // truncated at the end of the file
    const c1 = bytes[i + 1];
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Decodes a .cx file's bytes as UTF-8 and locates the first invalid byte, if any (for Host.readSource). */
export function decodeSource(bytes: Uint8Array): SourceText {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const bad = firstInvalidUtf8(bytes);
  const text = decoder.decode(bytes);
  if (bad < 0) return { text };
  return { text, invalidUtf8At: decoder.decode(bytes.subarray(0, bad)).length };
}
