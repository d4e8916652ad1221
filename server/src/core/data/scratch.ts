// Large buffers handed from one stage to a later one instead of being left to the garbage collector
// (issue 13). On the machines we measure on, the first write to each 4 KiB page of fresh memory costs
// 10–20 µs (docs/performance.md, "Page faults"); a buffer that a stage has finished with has all its
// pages in already. Two uses:
//  - the reader's dictionary gives back the table of short values it has outgrown (at a rehash) and
//    its last one (when the read ends): 200k distinct ids leave about 24 MB of such tables;
//  - a percentile takes the list it collects its values into from here (1M values: 8 MB) and gives
//    it back when it is done.
// A buffer given back must not be used by its giver again; one taken is the taker's alone, with
// whatever bytes it held (takers write before they read). The pool keeps a few buffers only, and
// `clearScratch` empties it (at the end of an evaluation), so it never holds memory for long.

/** Buffers smaller than this are not worth keeping. */
const MIN_BYTES = 1 << 20;
/** At most this many buffers, and this many bytes, are kept (the largest). */
const MAX_BUFFERS = 4;
const MAX_BYTES = 64 << 20;

const pool: ArrayBufferLike[] = [];

/** Gives a buffer back (its giver does not use it again). */
export function recycle(buffer: ArrayBufferLike): void {
  if (buffer.byteLength < MIN_BYTES || pool.includes(buffer)) return;
  pool.push(buffer);
  pool.sort((a, b) => b.byteLength - a.byteLength);
  let bytes = 0;
  for (let i = 0; i < pool.length; i++) {
    bytes += pool[i].byteLength;
    if (i >= MAX_BUFFERS || bytes > MAX_BYTES) {
      pool.length = i;
      break;
    }
  }
}

/** A Float64Array of `length` elements over a kept buffer (the smallest large enough), or undefined. Its contents are arbitrary. */
export function reuseFloat64(length: number): Float64Array | undefined {
  const bytes = length * 8;
  let best = -1;
  for (let i = 0; i < pool.length; i++) if (pool[i].byteLength >= bytes && (best < 0 || pool[i].byteLength < pool[best].byteLength)) best = i;
  if (best < 0) return undefined;
  const [buffer] = pool.splice(best, 1);
  return new Float64Array(buffer, 0, length);
}

/** Forgets every kept buffer (the garbage collector takes them). */
export function clearScratch(): void {
  pool.length = 0;
}

/** Bytes kept now (tests). */
export function scratchBytes(): number {
  return pool.reduce((n, b) => n + b.byteLength, 0);
}
