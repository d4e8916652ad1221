// The CSV reader (RFC 4180, language reference §6): a byte-level state machine over streamed chunks.
//
//  - The first record is the header. Fields may be quoted with `"`; `""` inside quotes is a quote;
//    quoted fields may contain the delimiter and line breaks. Line ends are LF, CRLF (or a lone CR).
//  - A leading UTF-8 BOM is skipped. Header names are taken verbatim (not trimmed).
//  - Empty lines (no bytes at all between two line breaks) are skipped wherever they are.
//  - A field is delivered as its bytes: an unquoted field as is, a quoted one without the quotes.
//    Only a quoted field with `""` escapes (or stray bytes after its closing quote, kept literally)
//    is copied into a scratch buffer to be unescaped. So `""` is an empty value, just like an
//    empty unquoted field: the sinks treat both as null.
//  - A record with fewer fields than the header gets nulls, one with more has the extras ignored;
//    both are CX4004 warnings at the record's line (20 per file, then one summary).
//  - An unterminated quote is a CX4004 error at the line where the quote opened; the record is
//    dropped and the rest of the file is not read.
//
// Streaming: chunks are appended to one working buffer. When the buffer runs out in the middle of
// a field, parsing stops, the bytes still needed (from the start of the current record) are
// moved to the front, and the field is resumed when the next chunk arrives, where its scan
// stopped (so a field of many megabytes costs no more than its bytes). No per-row objects:
// the hot loop scans bytes and writes where each needed field starts and ends into a batch
// (four ints per field); complete records go to the sink a batch at a time — at the latest
// before the buffer moves — so that it converts them column by column (sink.ts, FieldBatch).

import { range, type Range } from "../text";
import { decodeBytes, utf16Length } from "./bytes";
import { diag } from "../diagnostics";
import { decodeText, type DecodeState } from "./decode";
import { csvScanner, SCAN_BLOCK, type CsvScanner } from "./scan";
import { FieldBatch, formatCount, malformed, sourceMessage, type FileCtx, type Locator, type RecordSink } from "./sink";

const QUOTE = 34;
const LF = 10;
const CR = 13;
const MAX_RAGGED_REPORTS = 20;
/**
 * Records per batch, at most; fewer for wide files: a batch holds at most BATCH_INTS field ints
 * (256 KiB). The sink converts a batch column by column, so it reads the batch's field offsets (and
 * the record bytes they point to) once per column: a batch that stays in the core's cache is read
 * from there. Measured on the 1M-row bench files (paired runs, docs/performance.md, "Stop 21"):
 * 1,024 rows were 26–44 ms faster than 4,096 on the survey file (852 KiB of offsets a batch) and
 * 85 ms on the ids file; 256 and 512 rows were as fast on the survey file, 2,048 in between.
 */
const BATCH_ROWS = 1024;
const BATCH_INTS = 1 << 16;
/**
 * The first WARM_ROWS records go in batches of WARM_BATCH_ROWS. Why: V8 optimizes the parser's
 * loop early in the first chunk, with type feedback only for the code that has run by then; the
 * code that hands a full batch to the sink first runs after BATCH_ROWS records, and optimized code
 * without feedback for it is thrown away there ("insufficient type feedback", `--trace-deopt`), so
 * that part of the first MiB is parsed unoptimized again. Small first batches run that code while
 * the parser is still interpreted (the same idea as decode.ts's WARM_BYTES).
 */
const WARM_BATCH_ROWS = 16;
const WARM_ROWS = 1024;

/** The byte value of a delimiter: a single ASCII character other than a quote or line break, else ",". */
export function delimiterByte(delimiter: string): number {
  if (delimiter.length === 1) {
    const c = delimiter.charCodeAt(0);
    if (c > 0 && c < 128 && c !== QUOTE && c !== LF && c !== CR) return c;
  }
  return 44;
}

/** What a read of (part of) a file ends with: for the parallel reader (parallel.ts), which merges parts. */
export interface CsvEnd {
  /** Stopped at an unterminated quote (the CX4004 error is reported; a part that ends so was split inside a quoted field). */
  stopped: boolean;
  /** Line breaks seen (LF, CRLF and lone CR, inside quoted fields too): the 1-based number of the line after the data, minus one. */
  lineBreaks: number;
  /** Records with the wrong number of fields, and the lines of the first MAX_RAGGED_REPORTS + 1 of them. */
  ragged: number;
  raggedLines: number[];
}

/** `partial`: the reader of one part of a file (parallel.ts): no "…and N more records" summary, which the merge makes. */
export async function readCsv(
  ctx: FileCtx,
  chunks: AsyncIterable<Uint8Array>,
  delimiter: string,
  sink: RecordSink,
  signal?: AbortSignal,
  partial = false,
): Promise<CsvEnd> {
  const parser = new CsvParser(ctx, delimiterByte(delimiter), sink);
  parser.partial = partial;
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    parser.push(chunk);
    if (parser.stopped || sink.done) break;
  }
  signal?.throwIfAborted();
  parser.finish();
  return parser.end();
}

/** The summary of the records beyond the first MAX_RAGGED_REPORTS with the wrong number of fields, at the first of them. */
export function raggedSummary(ctx: FileCtx, more: number, line: number): void {
  malformed(ctx, line, 0, 0, `…and ${formatCount(more)} more record${more === 1 ? "" : "s"} in this file ${more === 1 ? "has" : "have"} the wrong number of fields`);
}

export { MAX_RAGGED_REPORTS };

const EMPTY_FIELDS = new Int32Array(0);

class CsvParser implements Locator {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private len = 0; // valid bytes in buf
  private pos = 0; // next byte to look at when between records
  private started = false; // BOM checked
  stopped = false;

  // Lines (1-based numbers; starts are offsets in buf).
  private line = 1;
  private lineStart = 0;
  private skipLF = false; // the previous buffer ended with a CR: a following LF belongs to it

  // The current record and field.
  private inRecord = false;
  private recLine = 0;
  private recLineStart = 0;
  private fieldIndex = 0;
  private fieldStart = 0;
  private fieldLine = 0;
  private fieldLineStart = 0;
  private quoteScan = -1; // inside a quoted field: where to resume scanning
  private unquotedScan = -1; // inside an unquoted field cut by the end of the data: where to resume
  private extraAt = -1; // the start of the record's first field beyond the header's
  private batchRows = BATCH_ROWS;
  private fullBatchRows = BATCH_ROWS;
  private rowsBatched = 0;
  private quoteEscapes = false;
  // The raw extent of the value being delivered (for the locator).
  private rawStart = 0;
  private rawEnd = 0;

  // Header.
  private headerNames: string[] | null = [];
  private headerRanges: Range[] = [];
  private slots: Int32Array = new Int32Array(0); // field index → sink slot (-1 = not needed)
  private scanner: CsvScanner | null | undefined; // bulk()'s (undefined: not made yet; null: none here)
  private headerLen = 0;

  private scratch = new Uint8Array(256);
  private dropped = 0; // bytes of the file moved out of the buffer

  // The batch of complete records (and, at index `rows`, the record being read).
  private batch: FieldBatch | undefined;
  private recSide = 0; // batch.sideLen when the current record started
  private ragged = 0;
  private raggedSummaryLine = 0;
  private raggedLines: number[] = [];
  /** A part of a file (parallel.ts): the ragged summary is left to the merge. */
  partial = false;

  constructor(
    private readonly ctx: FileCtx,
    private readonly delim: number,
    private readonly sink: RecordSink,
  ) {
    sink.beginFile(ctx, this);
  }

  push(chunk: Uint8Array): void {
    // Keep what the current record still needs: from its first line's start (its fields so far
    // are in the batch, and columns in diagnostics count from there).
    const keep = this.inRecord ? this.recLineStart : this.lineStart;
    if (keep > 0) {
      this.dropped += keep;
      this.buf.copyWithin(0, keep, this.len);
      this.len -= keep;
      this.pos -= keep;
      this.lineStart -= keep;
      this.recLineStart -= keep;
      this.fieldStart -= keep;
      this.fieldLineStart -= keep;
      if (this.quoteScan >= 0) this.quoteScan -= keep;
      if (this.unquotedScan >= 0) this.unquotedScan -= keep;
      if (this.inRecord && this.batch) this.shiftRecord(keep);
    }
    if (this.len + chunk.length + 4 > this.buf.length) {
      // + the sentinel and the rest of a four-byte word after it; room for the next chunk as
      // well, which comes after the rest of this one's last record (one buffer for a whole read)
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + 2 * chunk.length + 4));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.buf.set(chunk, this.len); // copied: a host may reuse the chunk's memory
    this.len += chunk.length;
    this.run(false);
  }

  finish(): void {
    if (!this.stopped) this.run(true);
    this.flush();
    // A file without a header record (empty, or only empty lines) has no columns and no rows; its
    // header is not compared with the other files of a glob.
    if (this.ragged > MAX_RAGGED_REPORTS && !this.partial) raggedSummary(this.ctx, this.ragged - MAX_RAGGED_REPORTS, this.raggedSummaryLine);
  }

  end(): CsvEnd {
    return { stopped: this.stopped, lineBreaks: this.line - 1, ragged: this.ragged, raggedLines: this.raggedLines };
  }

  /** Parses as far as the buffer allows; `final` when no more bytes will come. */
  private run(final: boolean): void {
    const b = this.buf;
    const len = this.len;
    b[len] = LF; // the sentinel that ends the unquoted-field scan
    const D = this.delim;
    let pos = this.pos;
    if (!this.started) {
      if (len - pos < 3 && !final) return;
      if (b[pos] === 0xef && b[pos + 1] === 0xbb && b[pos + 2] === 0xbf) pos += 3;
      this.lineStart = pos;
      this.started = true;
    }
    // Stops the hot scan: the delimiter, LF and CR are all <= stopMax.
    const stopMax = D > CR ? D : CR;
    const lowBytes = 0x01010101 * (stopMax + 1);
    const view = this.view;
    outer: for (;;) {
      if (!this.inRecord) {
        // Between records: skip empty lines, then start a record.
        if (pos >= len || this.stopped) break;
        const c = b[pos];
        if (this.skipLF) {
          this.skipLF = false;
          if (c === LF) {
            this.lineStart = ++pos;
            continue;
          }
        }
        if (c === LF || c === CR) {
          pos++;
          this.line++;
          if (c === CR) {
            if (pos < len) {
              if (b[pos] === LF) pos++;
            } else this.skipLF = true;
          }
          this.lineStart = pos;
          continue;
        }
        if (c !== QUOTE && this.headerLen > 0 && this.scanner !== null) {
          // The common case: plain records, from one delimiter or line break to the next (bulk()).
          pos = this.bulk(pos, len);
          continue; // between records again, or (inRecord) inside a record that the loop below goes on with
        }
        this.inRecord = true;
        this.recLine = this.line;
        this.recLineStart = this.lineStart;
        this.fieldIndex = 0;
        this.extraAt = -1;
        this.fieldStart = pos;
        this.fieldLine = this.line;
        this.fieldLineStart = this.lineStart;
        // (quoteScan and quoteEscapes are reset after every quoted field.)
        if (this.batch) this.recSide = this.batch.sideLen;
      }

      // The fields of the record, with the loop state in locals; it is written back to `this`
      // before anything that needs it (a chunk boundary, the end of the record).
      const slots = this.slots;
      const limit = this.headerNames === null ? this.headerLen : 0; // fields beyond the header are ignored
      const batch = this.batch;
      const F = batch ? batch.fields : EMPTY_FIELDS;
      const rowBase = batch ? batch.rows * batch.width * 4 : 0;
      let fs = this.fieldStart;
      let fi = this.fieldIndex;
      for (;;) {
        let end: number; // just past the field: at the delimiter, the line break or the end of the data
        let vs = fs; // the value's bytes
        let ve: number;
        let unescape = false;
        let quoted = false;
        if (fs >= len) {
          if (!final) {
            this.fieldStart = fs;
            this.fieldIndex = fi;
            break outer;
          }
          end = ve = fs; // an empty last field at the end of the data
        } else if (b[fs] !== QUOTE) {
          // The hot path: an unquoted field.
          // Four bytes at a time: `low` flags the bytes below stopMax + 1 (the delimiter, line
          // breaks, and a few others such as spaces, which are then looked at one by one); the
          // lowest flagged byte is exact. b[len] is a line feed (a sentinel), so the scan needs no
          // bounds test of its own.
          let i = fs;
          if (this.unquotedScan >= 0) {
            i = this.unquotedScan; // resumed: the bytes before were scanned already
            this.unquotedScan = -1;
          }
          for (;;) {
            const w = view.getInt32(i, true);
            const low = (w - lowBytes) & ~w & 0x80808080;
            if (low === 0) {
              i += 4;
              continue;
            }
            i += (31 - Math.clz32(low & -low)) >> 3;
            const c = b[i];
            if (c === D || c === LF || c === CR) break;
            i++;
          }
          if (i >= len && !final) {
            this.fieldStart = fs; // resumed at `i` when more data arrives
            this.unquotedScan = i;
            this.fieldIndex = fi;
            break outer;
          }
          end = ve = i;
        } else {
          quoted = true;
          let i = this.quoteScan >= 0 ? this.quoteScan : fs + 1;
          let closed = -1;
          while (i < len) {
            const c = b[i];
            if (c === QUOTE) {
              if (i + 1 >= len) {
                if (final) closed = i;
                break; // else: need the next byte to tell `""` from the closing quote
              }
              if (b[i + 1] === QUOTE) {
                this.quoteEscapes = true;
                i += 2;
                continue;
              }
              closed = i;
              break;
            }
            if (c === LF) {
              this.line++;
              this.lineStart = i + 1;
            } else if (c === CR) {
              if (i + 1 >= len) {
                if (!final) break; // is it CRLF? decide when the next byte is here
              } else if (b[i + 1] === LF) {
                i++; // CRLF: the LF counts the line
                continue;
              }
              this.line++;
              this.lineStart = i + 1;
            }
            i++;
          }
          if (closed < 0) {
            this.fieldStart = fs;
            this.fieldIndex = fi;
            if (!final) {
              this.quoteScan = i;
              break outer;
            }
            this.unterminated();
            pos = len;
            break outer;
          }
          let j = closed + 1;
          while (j < len) {
            const c = b[j];
            if (c === D || c === LF || c === CR) break;
            j++;
          }
          if (j >= len && !final) {
            this.fieldStart = fs;
            this.fieldIndex = fi;
            this.quoteScan = closed; // resume at the closing quote
            break outer;
          }
          end = j;
          if (this.quoteEscapes || j > closed + 1) {
            unescape = true;
            ve = end;
          } else {
            vs = fs + 1;
            ve = closed;
          }
          this.quoteScan = -1;
          this.quoteEscapes = false;
        }

        // Deliver the field: into the batch (an unescaped value into its side buffer, at ~offsets).
        if (fi < limit) {
          const slot = slots[fi];
          if (slot >= 0) {
            if (unescape) {
              const n = this.unescape(fs, end);
              const at = batch!.addSide(this.scratch, n);
              vs = ~at;
              ve = ~(at + n);
            }
            const o = rowBase + slot * 4;
            F[o] = vs;
            F[o + 1] = ve;
            F[o + 2] = fs; // where diagnostics point
            F[o + 3] = end;
          }
        } else if (this.headerNames === null) {
          if (this.extraAt < 0 && fi >= this.headerLen) this.extraAt = fs; // the first field too many
        } else {
          this.rawStart = fs;
          this.rawEnd = end;
          if (unescape) {
            const n = this.unescape(fs, end);
            this.headerNames.push(decodeBytes(this.scratch, 0, n));
          } else this.headerNames.push(decodeBytes(b, vs, ve));
          this.headerRanges.push(this.valueRange());
        }
        fi++;

        // What ends the field: a delimiter (next field), a line break or the end of the data (end of record).
        if (end >= len) {
          this.fieldIndex = fi;
          this.endRecord(end);
          pos = end;
          break outer;
        }
        const c = b[end];
        if (c === D) {
          fs = end + 1;
          if (quoted) {
            // The next field starts on the line where this one ended.
            this.fieldLine = this.line;
            this.fieldLineStart = this.lineStart;
          }
          continue;
        }
        this.fieldIndex = fi;
        if (fi === limit && batch) {
          // A complete record (the common case): into the batch.
          this.inRecord = false;
          const row = batch.rows;
          batch.lines[row] = this.recLine;
          batch.lineStarts[row] = this.recLineStart;
          this.added(end + 1);
        } else this.endRecord(end);
        pos = end + 1;
        this.line++;
        if (c === CR) {
          if (pos < len) {
            if (b[pos] === LF) pos++;
          } else if (!final) this.skipLF = true;
        }
        this.lineStart = pos;
        continue outer;
      }
    }
    this.pos = pos;
    this.flush(); // before the buffer moves
  }

  /**
   * The fast path of the parser: the records from `pos` (a record's start, not a quote) while they
   * are plain — unquoted fields, as many as the header's, ending in LF or CRLF. It goes from one
   * delimiter or line break to the next with the positions the SIMD scanner found (scan.ts), in
   * blocks that start small and double (a quoted record soon hands over: little is scanned for
   * nothing). It returns the position it stopped at, between records (an empty line, a record that
   * starts with a quote, the end of the buffer), or hands the record it is in over to the general
   * loop: `inRecord` set, with the fields before `fieldStart` already in the batch (a quoted field,
   * a lone CR, too many or too few fields, the end of the data inside a record).
   */
  private bulk(pos: number, len: number): number {
    if (this.scanner === undefined) this.scanner = csvScanner() ?? null;
    const scanner = this.scanner;
    if (!scanner) return this.handOver(pos, pos, 0, this.line); // (no WebAssembly SIMD here: the general loop reads every record)
    const { input, found } = scanner;
    const b = this.buf;
    const D = this.delim;
    const slots = this.slots;
    const limit = this.headerLen;
    const batch = this.batch!;
    const F = batch.fields;
    const width4 = batch.width * 4;
    let rowBase = batch.rows * width4;
    let line = this.line;
    let fs = pos; // the current field's start
    let fi = 0; // its index in the record
    let block = 1024;
    // (b[len] is the sentinel LF: the last block takes it in, so the walk always stops.)
    for (let from = pos; ; from += block, block = Math.min(block * 2, SCAN_BLOCK)) {
      const to = Math.min(len + 1, from + block);
      input.set(b.subarray(from, to));
      const n = scanner.scan(to - from, D);
      for (let k = 0; k < n; k++) {
        const j = from + found[k];
        if (j >= to) break; // (past the block: bytes left from an earlier one)
        if (j < fs) continue; // the LF of a CRLF already taken
        const c = b[j];
        let next = -1; // where the next record starts (-1: the field ends at a delimiter)
        if (c === D) {
          if (fi + 1 >= limit) return this.handOver(pos, fs, fi, line); // (a field too many: the general loop notes it)
        } else {
          if (j === pos) return this.between(pos, line); // an empty line (or the end of the data): the general loop skips it
          if (c === LF) {
            if (j >= len) return this.handOver(pos, fs, fi, line); // the sentinel: the data end inside this record
            next = j + 1;
          } else {
            if (j + 1 >= len || b[j + 1] !== LF) return this.handOver(pos, fs, fi, line); // a lone CR, or a CR at the end of the data
            next = j + 2;
          }
          if (fi + 1 !== limit) return this.handOver(pos, fs, fi, line); // too few fields
        }
        const slot = slots[fi];
        if (slot >= 0) {
          const o = rowBase + slot * 4;
          F[o] = fs;
          F[o + 1] = j;
          F[o + 2] = fs;
          F[o + 3] = j;
        }
        if (next < 0) {
          fi++;
          fs = j + 1;
          if (b[fs] === QUOTE) return this.handOver(pos, fs, fi, line);
          continue;
        }
        // The record is complete.
        const row = batch.rows;
        batch.lines[row] = line;
        batch.lineStarts[row] = pos;
        line++;
        pos = fs = next;
        fi = 0;
        if (this.added(pos)) rowBase = 0;
        else rowBase += width4;
        if (pos >= len || b[pos] === QUOTE) return this.between(pos, line);
      }
    }
  }

  /** bulk() stops between records, at `pos` (the general loop makes progress from there: it skips an empty line, or reads a quoted record). */
  private between(pos: number, line: number): number {
    this.line = line;
    this.lineStart = pos;
    return pos;
  }

  /** bulk() hands the record that starts at `pos` over to the general loop at field `fi`, which starts at `fs`. */
  private handOver(pos: number, fs: number, fi: number, line: number): number {
    this.line = line;
    this.lineStart = pos;
    this.inRecord = true;
    this.recLine = line;
    this.recLineStart = pos;
    this.fieldIndex = fi;
    this.extraAt = -1;
    this.fieldStart = fs;
    this.fieldLine = line;
    this.fieldLineStart = pos;
    this.recSide = this.batch!.sideLen;
    return pos;
  }

  private endRecord(end: number): void {
    this.inRecord = false;
    if (this.headerNames !== null) {
      this.takeHeader();
      if (this.sink.done) this.stopped = true; // e.g. a header-only scan (`cx check`)
      return;
    }
    if (this.fieldIndex !== this.headerLen) {
      this.ragged++;
      if (this.ragged <= MAX_RAGGED_REPORTS + 1) this.raggedLines.push(this.recLine);
      if (this.ragged <= MAX_RAGGED_REPORTS) {
        // Too many fields: the extra ones; too few: the record's last character.
        const n = this.fieldIndex;
        const few = n < this.headerLen;
        const what = few ? "missing fields are treated as null" : "extra fields are ignored";
        const from = few ? Math.max(this.recLineStart, end - 1) : Math.max(this.recLineStart, this.extraAt);
        const r = this.rangeFrom(this.recLine - 1, this.recLineStart, from, end);
        this.ctx.diagnostics.push(
          diag("CX4004", this.ctx.path, r, { detail: sourceMessage(`Record has ${n} field${n === 1 ? "" : "s"} but the header has ${this.headerLen}; ${what}`, this.ctx.source) }),
        );
      } else if (this.ragged === MAX_RAGGED_REPORTS + 1) this.raggedSummaryLine = this.recLine;
    }
    const batch = this.batch!;
    const row = batch.rows;
    // Missing fields are empty, which is null.
    for (let fi = this.fieldIndex; fi < this.headerLen; fi++) {
      const slot = this.slots[fi];
      if (slot >= 0) batch.fields.fill(0, (row * batch.width + slot) * 4, (row * batch.width + slot + 1) * 4);
    }
    batch.lines[row] = this.recLine;
    batch.lineStarts[row] = this.recLineStart;
    this.added(end + 1);
  }

  /**
   * Counts the record just put in the batch. A full batch goes to the sink, with `pos` set to
   * `end`, where its records end (offset(): the sink sizes its columns by it). Whether it went.
   */
  private added(end: number): boolean {
    if (++this.batch!.rows !== this.batchRows) return false;
    this.pos = end;
    this.flush();
    return true;
  }

  private takeHeader(): void {
    const names = this.headerNames ?? [];
    this.headerNames = null;
    this.headerLen = names.length;
    this.slots = this.sink.header(names, this.headerRanges);
    const width = this.sink.slotCount;
    this.fullBatchRows = Math.max(1, Math.min(BATCH_ROWS, Math.floor(BATCH_INTS / Math.max(1, width * 4)) - 1));
    this.batchRows = Math.min(WARM_BATCH_ROWS, this.fullBatchRows);
    this.batch = new FieldBatch(width, this.fullBatchRows + 1, this); // (+ the record being read)
    // (From here bulk() may read the records, when they have at least one field. It makes the SIMD
    // scanner on its first call: a read that stops after the header, such as `cx check`'s, compiles nothing.)
  }

  /** Hands the complete records of the batch to the sink; the record being read moves to row 0. */
  private flush(): void {
    const batch = this.batch;
    if (!batch || batch.rows === 0) return;
    batch.buf = this.buf;
    this.sink.batch(batch);
    const complete = batch.rows;
    if (this.batchRows !== this.fullBatchRows && (this.rowsBatched += complete) >= WARM_ROWS) this.batchRows = this.fullBatchRows;
    batch.rows = 0;
    if (!this.inRecord) {
      batch.sideLen = 0;
      return;
    }
    // The record being read moves to row 0, its unescaped values to the front of the side buffer.
    const stride = batch.width * 4;
    batch.fields.copyWithin(0, complete * stride, (complete + 1) * stride);
    const side = this.recSide;
    batch.side.copyWithin(0, side, batch.sideLen);
    batch.sideLen -= side;
    this.recSide = 0;
    if (side > 0) this.shiftRecord(0, side);
  }

  /** The fields of the record being read moved `bytes` back in the buffer and `sideBytes` in the side buffer. */
  private shiftRecord(bytes: number, sideBytes = 0): void {
    const batch = this.batch!;
    const F = batch.fields;
    const base = batch.rows * batch.width * 4;
    const n = Math.min(this.fieldIndex, this.headerLen);
    for (let fi = 0; fi < n; fi++) {
      const slot = this.slots[fi];
      if (slot < 0) continue;
      const o = base + slot * 4;
      if (F[o] >= 0) {
        F[o] -= bytes;
        F[o + 1] -= bytes;
      } else {
        F[o] += sideBytes; // ~(x − d) = ~x + d
        F[o + 1] += sideBytes;
      }
      if (F[o + 2] >= 0) F[o + 2] -= bytes;
      F[o + 3] -= bytes;
    }
  }

  private unterminated(): void {
    const start = utf16Length(this.buf, this.fieldLineStart, this.fieldStart);
    malformed(
      this.ctx,
      this.fieldLine,
      start,
      start + 1,
      "Unterminated quoted field: the quote that opens here is never closed, so the rest of the file is not read",
      "error",
    );
    this.inRecord = false; // the record is dropped
    this.headerNames = null; // (an unfinished header is not used either)
    this.stopped = true;
  }

  /** Copies quoted field bytes [s, e) (s at the opening quote) into `scratch`, resolving `""`. */
  private unescape(s: number, e: number): number {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(Math.max(e - s, this.scratch.length * 2));
    const b = this.buf;
    const out = this.scratch;
    let n = 0;
    let i = s + 1;
    while (i < e) {
      const c = b[i];
      if (c === QUOTE) {
        if (i + 1 < e && b[i + 1] === QUOTE) {
          out[n++] = QUOTE;
          i += 2;
          continue;
        }
        i++; // the closing quote; anything after it is kept literally
        while (i < e) out[n++] = b[i++];
        break;
      }
      out[n++] = c;
      i++;
    }
    return n;
  }

  /** The range of field `slot` of batch row `row`, while the batch is being converted. */
  fieldRange(row: number, slot: number): Range {
    const batch = this.batch!;
    const o = (row * batch.width + slot) * 4;
    return this.rangeFrom(batch.lines[row] - 1, batch.lineStarts[row], batch.fields[o + 2], batch.fields[o + 3]);
  }

  /**
   * The range of raw bytes [rawStart, rawEnd) of a record that starts at `lineStart` on 0-based
   * line `line` (a field of a multi-line record may start on a later line, and may span lines).
   */
  private rangeFrom(line: number, lineStart: number, rawStart: number, rawEnd: number): Range {
    const b = this.buf;
    let l = line;
    let ls = lineStart;
    for (let i = lineStart; i < rawStart; i++) {
      const c = b[i];
      if (c === LF || (c === CR && b[i + 1] !== LF)) {
        l++;
        ls = i + 1;
      }
    }
    const start = this.columnOf(ls, rawStart);
    let el = l;
    let els = ls;
    for (let i = rawStart; i < rawEnd; i++) {
      const c = b[i];
      if (c === LF || (c === CR && b[i + 1] !== LF)) {
        el++;
        els = i + 1;
      }
    }
    let e = rawEnd;
    if (e > els && (b[e - 1] === CR || b[e - 1] === LF)) e--;
    const end = el === l ? start + utf16Length(b, rawStart, Math.max(rawStart, e)) : utf16Length(b, els, Math.max(els, e));
    return range(l, start, el, end);
  }

  // The UTF-16 column of the last offset asked for (headers with many thousands of fields ask in order).
  private colLineAbs = -1;
  private colPosAbs = 0;
  private colValue = 0;

  /** UTF-16 column of offset `at` on the line starting at `lineStart`. */
  private columnOf(lineStart: number, at: number): number {
    const lineAbs = this.dropped + lineStart;
    const atAbs = this.dropped + at;
    let col: number;
    if (lineAbs === this.colLineAbs && atAbs >= this.colPosAbs) col = this.colValue + utf16Length(this.buf, this.colPosAbs - this.dropped, at);
    else col = utf16Length(this.buf, lineStart, at);
    this.colLineAbs = lineAbs;
    this.colPosAbs = atAbs;
    this.colValue = col;
    return col;
  }

  private rangeOn(line: number, lineStart: number, rawStart: number, rawEnd: number): Range {
    const b = this.buf;
    const start = this.columnOf(lineStart, rawStart);
    let e = rawStart;
    while (e < rawEnd && b[e] !== LF && b[e] !== CR) e++;
    return range(line, start, line, start + utf16Length(b, rawStart, e));
  }

  /**
   * Bytes of the file consumed: to the end of the records handed to the sink, or into the record
   * being read. run() sets `pos` before it hands a batch over, so that a sink sizing its columns by
   * this sees the bytes of the rows it has; it used to see where the current chunk began, up to
   * 1 MiB less, and sized the ids workload's columns 16 % too large (docs/performance.md, "Stop 21").
   */
  offset(): number {
    return this.dropped + Math.max(this.pos, this.fieldStart);
  }

  /** The range of the value being delivered: on the record's line, from the field's start to its end
   *  (or the end of that line); a field that starts on a later line of the record points at column 0. */
  valueRange(): Range {
    const line = this.recLine - 1;
    if (this.fieldLine !== this.recLine) return range(line, 0, line, 0);
    return this.rangeOn(line, this.fieldLineStart, this.rawStart, this.rawEnd);
  }
}

/** Where the header record ends (after its line break), or -1 when it does not end in `b` or ends with a lone CR. */
export function headerEnd(b: Uint8Array, delim: number): number {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const n = b.length;
  while (i < n && (b[i] === LF || b[i] === CR)) i++; // empty lines before the header
  let fieldStart = true;
  while (i < n) {
    const c = b[i];
    if (fieldStart && c === QUOTE) {
      i++;
      for (;;) {
        if (i >= n) return -1;
        if (b[i] === QUOTE) {
          if (i + 1 >= n) return -1;
          if (b[i + 1] === QUOTE) {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
      fieldStart = false;
      continue;
    }
    fieldStart = false;
    if (c === delim) fieldStart = true;
    else if (c === LF) return i + 1;
    else if (c === CR) return i + 1 < n && b[i + 1] === LF ? i + 2 : -1;
    i++;
  }
  return -1;
}

/** A sink that keeps a CSV file's header and nothing else (it is done once the header is in). */
class HeaderSink implements RecordSink {
  names: string[] | undefined;
  readonly slotCount = 0;
  get done(): boolean {
    return this.names !== undefined;
  }
  beginFile(): void {}
  header(names: string[]): Int32Array<ArrayBuffer> {
    this.names = [...names];
    return new Int32Array(names.length).fill(-1);
  }
  keyNode(): { slot: number; descend: boolean } {
    return { slot: -1, descend: false };
  }
  batch(): void {}
  beginRecord(): void {}
  value(): void {}
  nested(): void {}
  endRecord(): void {}
}

/**
 * The header names of a CSV file as this reader reads them, from the file's first bytes (UTF-8; a
 * byte-order mark, empty lines before the header and quoting handled by the reader itself), or
 * undefined when the header does not end within those bytes.
 */
export async function csvHeaderOf(head: Uint8Array, delimiter: string): Promise<string[] | undefined> {
  const end = headerEnd(head, delimiterByte(delimiter));
  if (end < 0) return undefined;
  const sink = new HeaderSink();
  const ctx: FileCtx = { path: "", index: 0, source: "", diagnostics: [], bytesBefore: 0, bytesTotal: end };
  const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
  async function* once(): AsyncIterable<Uint8Array> {
    yield head.subarray(0, end);
  }
  await readCsv(ctx, decodeText(once(), "utf-8", state), delimiter, sink);
  return state.invalidAt >= 0 || state.binary ? undefined : sink.names;
}
