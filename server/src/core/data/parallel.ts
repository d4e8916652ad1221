// Reading a large CSV file on several threads (issue 13): the file is split at record boundaries,
// this thread parses the first part straight into the source's TableSink while the host's workers
// (Host.parallel, server/src/node/parallel.ts) parse the others with the same parser and a sink of
// their own; their columns are then appended in order (TableSink.absorb). The result is the serial
// reader's, exactly: the same rows, typed columns, dictionary codes (merged in order, so first
// appearance decides, as serially), row lines and diagnostics.
//
// Where to split. The header record's end is found by a small CSV scan of the file's head (quotes
// respected). Part k (k ≥ 1) starts right after the first line feed at or after
// headerEnd + k·(size − headerEnd)/parts. That line feed may be inside a quoted field that spans
// lines: a guess cannot tell. The parse of the part before it can: it starts at a true record
// boundary, so it ends "between records" exactly when the split is a record boundary, and it ends
// inside an unterminated quote when it is not. So:
//   - part 0 is parsed here from the file's start; each worker part is parsed as the file's header
//     bytes followed by its range (so it has the same header, slots and line-break state);
//   - a part other than the last that ends inside a quote, any part that meets invalid UTF-8 or
//     looks binary (decode.ts), or a worker that fails, makes the read fall back: the whole source
//     is read again serially (ParallelFallback), which reports what the serial reader reports.
//     Files with such splits are rare (a line feed inside a quoted field right after a guess);
//     they cost one more read, never a different result.
//   - line numbers: a worker numbers lines from the file's first byte as if its range followed the
//     header; the number of line breaks (LF, CRLF, lone CR, quoted ones too) in each part shifts
//     the next part's lines, rows and diagnostics.
//   - CX4004 for records with the wrong number of fields: each part reports its first 20 and the
//     lines of its first 21 (readCsv `partial`); the merge keeps the file's first 20 and places the
//     "…and N more" summary at the 21st. CX4003 value reports merge the same way (TableSink.absorb).
// Not split: files below the host's threshold, UTF-16 (a line feed is two bytes there), a header
// that does not end within the first MiB or ends with a lone CR, files without line feeds, and
// every format but CSV (JSONL stays serial: its keyed columns are discovered as records come).

import type { Diagnostic } from "../diagnostics";
import type { Host } from "../host";
import { UTC, zoneFor } from "../time/zone";
import { delimiterByte, headerEnd, MAX_RAGGED_REPORTS, raggedSummary, readCsv, type CsvEnd } from "./csv";

export { headerEnd };
import { decodeText, utf8Check, type DecodeState } from "./decode";
import { shiftRange, TableSink, type FileCtx, type PartColumns, type Wanted } from "./sink";
import type { Encoding, SourceSpec } from "./source";

/** One part of a CSV file for a worker: the header bytes [0, headerEnd) and then the bytes [start, end). */
export interface PartJob {
  path: string;
  /** The file's index in its source (for fileOfRow, set by the merge) and the source's name (in messages). */
  fileIndex: number;
  source: string;
  delimiter: string;
  encoding?: Encoding;
  /** The zone's IANA name. */
  zone: string;
  wanted: Wanted[];
  headerEnd: number;
  start: number;
  end: number;
}

export interface PartResult {
  /** Invalid UTF-8 or binary-looking bytes: the read falls back to the serial reader. */
  unusual: boolean;
  csv: CsvEnd;
  /** Structural diagnostics (CX4004) of the records of the part, with part-local lines. */
  diagnostics: Diagnostic[];
  columns: PartColumns;
  /** Milliseconds parsing and exporting (for `note`). */
  ms?: number[];
}

/** The host side: splits large files and runs parts on worker threads. */
export interface ParallelReader {
  /** Parts a large file is split into (this thread reads the first, workers the others); below 2: read serially. Asked once per file. */
  readonly parts: number;
  /** Files smaller than this many bytes are read serially. */
  readonly minBytes: number;
  /** Bytes [start, end) of a file (fewer at its end). */
  readRange(path: string, start: number, end: number): Promise<Uint8Array>;
  /** Runs `readPart` on a worker thread, with the bytes of the job's ranges. */
  readPart(job: PartJob): Promise<PartResult>;
  /** Told how each file was read: "parallel", or why it was read again serially (tests, debugging). */
  note?(path: string, outcome: string): void;
}

/** Thrown by the reader when a parallel read must be done again serially (see the top of this file). */
export class ParallelFallback extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`parallel read abandoned: ${reason}`);
    this.name = "ParallelFallback";
  }
}

const LF = 10;
const CR = 13;


/** Line breaks in b[s, e) as the CSV reader counts them: LF, CRLF and lone CR. */
export function countLineBreaks(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === LF) n++;
    else if (c === CR && b[i + 1] !== LF) n++;
  }
  return n;
}

/** The first `limit` bytes of a stream (the rest is not read). */
async function* limited(chunks: AsyncIterable<Uint8Array>, limit: number, count: { bytes: number }): AsyncIterable<Uint8Array> {
  let left = limit;
  if (left <= 0) return;
  for await (const c of chunks) {
    const part = c.length <= left ? c : c.subarray(0, left);
    left -= part.length;
    count.bytes += part.length;
    yield part;
    if (left <= 0) return;
  }
}

/** Runs one part (on a worker): parses the header bytes and the range with a sink of its own. */
export async function readPart(job: PartJob, raw: AsyncIterable<Uint8Array>, isUtf8?: (bytes: Uint8Array) => boolean): Promise<PartResult> {
  const sink = new TableSink(job.wanted, false, zoneFor(job.zone) ?? UTC);
  const ctx: FileCtx = { path: job.path, index: job.fileIndex, source: job.source, diagnostics: [], bytesBefore: 0, bytesTotal: job.headerEnd + job.end - job.start };
  // The header's own diagnostics (duplicate names, a glob's differing columns) are the first part's.
  const header = sink.header.bind(sink);
  sink.header = (names, ranges) => {
    const before = ctx.diagnostics.length;
    const map = header(names, ranges);
    ctx.diagnostics.length = before;
    return map;
  };
  const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
  const T0 = performance.now();
  const csv = await readCsv(ctx, decodeText(raw, job.encoding, state, isUtf8), job.delimiter, sink, undefined, true);
  const unusual = state.binary !== undefined || state.invalidAt >= 0;
  const T1 = performance.now();
  const columns = sink.exportPart();
  return { unusual, csv, diagnostics: ctx.diagnostics, columns, ms: [T1 - T0, performance.now() - T1] };
}

/**
 * Reads one CSV file on several threads into `sink` (see the top of this file). Returns false
 * when the file is not split (nothing was read: read it serially); throws ParallelFallback when
 * the parallel read cannot give the serial result (the caller reads the source again serially).
 */
export async function readCsvParallel(ctx: FileCtx, spec: SourceSpec, host: Host, sink: TableSink, count: { bytes: number }, signal?: AbortSignal): Promise<boolean> {
  const par = host.parallel;
  const parts = par?.parts ?? 1;
  if (!par || parts < 2 || spec.encoding === "utf-16") return false;
  const size = host.stat(ctx.path)?.size ?? 0;
  if (size < Math.max(par.minBytes, 1)) return false;
  const delim = delimiterByte(spec.delimiter);
  const head = await par.readRange(ctx.path, 0, Math.min(size, 1 << 20));
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false; // UTF-16
  const he = headerEnd(head, delim);
  if (he < 0) return false;
  const headerBreaks = countLineBreaks(head, 0, he);
  const splits = [0];
  for (let k = 1; k < parts; k++) {
    const guess = he + Math.floor(((size - he) * k) / parts);
    const window = await par.readRange(ctx.path, guess, Math.min(size, guess + (1 << 16)));
    const at = window.indexOf(LF);
    const split = at < 0 ? -1 : guess + at + 1;
    if (split < 0 || split <= splits[splits.length - 1] || split <= he || split >= size) continue;
    splits.push(split);
  }
  if (splits.length < 2) return false;
  splits.push(size);
  signal?.throwIfAborted();

  // The workers' parts, started first; this thread reads part 0 meanwhile.
  const zone = (spec.timezone ?? UTC).name;
  const wanted = sink.wantedColumns;
  const jobs: Promise<PartResult>[] = [];
  for (let k = 1; k + 1 < splits.length; k++) {
    const job: PartJob = { path: ctx.path, fileIndex: ctx.index, source: ctx.source, delimiter: spec.delimiter, encoding: spec.encoding, zone, wanted, headerEnd: he, start: splits[k], end: splits[k + 1] };
    const p = par.readPart(job);
    p.catch(() => undefined); // (awaited below; a failure then means a serial read)
    jobs.push(p);
  }
  const T0 = performance.now();
  const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
  const own = { bytes: 0 };
  const first = await readCsv(ctx, decodeText(limited(host.readChunks(ctx.path, signal), splits[1], own), spec.encoding, state, utf8Check(host)), spec.delimiter, sink, signal, true);
  if (first.stopped) throw new ParallelFallback(ctx.path, "the first part ends inside a quoted field");
  if (state.binary !== undefined || state.invalidAt >= 0) throw new ParallelFallback(ctx.path, "the first part is not valid text");
  const T1 = performance.now();
  const settled = await Promise.allSettled(jobs);
  const T2 = performance.now();
  signal?.throwIfAborted();
  const results: PartResult[] = [];
  settled.forEach((r, i) => {
    if (r.status === "rejected") throw new ParallelFallback(ctx.path, `a worker failed: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
    const last = i === settled.length - 1;
    if (r.value.unusual) throw new ParallelFallback(ctx.path, "a part is not valid text");
    if (r.value.csv.stopped && !last) throw new ParallelFallback(ctx.path, "a part ends inside a quoted field");
    results.push(r.value);
  });

  // Merge, in file order.
  let ragged = first.ragged;
  let summaryLine = first.ragged > MAX_RAGGED_REPORTS ? first.raggedLines[MAX_RAGGED_REPORTS] : 0;
  let breaksBefore = first.lineBreaks; // line breaks before the next part's range
  for (let k = 0; k < results.length; k++) {
    const r = results[k];
    const shift = breaksBefore - headerBreaks;
    sink.absorb(r.columns, shift);
    // Its diagnostics: the first 20 records with the wrong number of fields (and any unterminated quote of the last part).
    let nth = 0;
    for (const d of r.diagnostics) {
      const isRagged = d.code === "CX4004" && d.severity === "warning";
      if (isRagged) {
        if (ragged + nth++ >= MAX_RAGGED_REPORTS) continue;
      }
      ctx.diagnostics.push({ ...d, range: shiftRange(d.range, shift) });
    }
    for (let j = 0; j < r.csv.raggedLines.length; j++) if (ragged + j === MAX_RAGGED_REPORTS) summaryLine = r.csv.raggedLines[j] + shift;
    ragged += r.csv.ragged;
    breaksBefore += r.csv.lineBreaks - headerBreaks;
  }
  if (ragged > MAX_RAGGED_REPORTS) raggedSummary(ctx, ragged - MAX_RAGGED_REPORTS, summaryLine);
  par.note?.(ctx.path, `parallel (${splits.length - 1} parts; first ${Math.round(T1 - T0)} ms, workers ${results.map((r) => Math.round(r.ms?.[0] ?? 0)).join("/")} ms, then waited ${Math.round(T2 - T1)} ms, merged in ${Math.round(performance.now() - T2)} ms)`);
  count.bytes += own.bytes + (size - splits[1]);
  return true;
}
