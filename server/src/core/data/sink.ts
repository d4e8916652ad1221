// Where the format parsers (csv.ts, json.ts, yaml.ts) deliver what they read. A parser finds
// records and values; a sink decides what to do with them:
//   - TableSink converts the requested columns into typed arrays (readSource),
//   - ScanSink infers every column's type and gathers statistics (scanSource).
// Values arrive as byte ranges [s, e) of a buffer that is only valid during the call, so a sink
// keeps nothing per row except numbers in typed arrays.

import { diag, type Diagnostic, type Severity } from "../diagnostics";
import { range, type Range } from "../text";
import {
  boolFromBytes,
  bytesEqual,
  conv,
  dateFromBytes,
  dateTimeFromBytes,
  decodeBytes,
  intFromBytes,
  isTrueFalse,
  numFromBytes,
  TextDict,
} from "./bytes";
import { formatDate, formatDateTime } from "./convert";
import type { Column, ColumnType, Table } from "./table";

/** One data file being read. Structural diagnostics (CX4004, CX4001) go to `diagnostics`. */
export interface FileCtx {
  path: string;
  /** Index of the file in the source's file list. */
  index: number;
  /** Name of the source declaration, quoted in every message. */
  source: string;
  diagnostics: Diagnostic[];
  /** Sizes of the source's files before this one, and of all of them (0 if unknown): to size columns. */
  bytesBefore: number;
  bytesTotal: number;
}

/** Gives the range of the value being delivered, computed only when a diagnostic needs it. */
export interface Locator {
  valueRange(): Range;
  /** Bytes of the current file consumed so far (optional: used to size the columns). */
  offset?(): number;
}

export interface RecordSink {
  beginFile(ctx: FileCtx, locator: Locator): void;
  /** The current file's column names in order (and where each is, if known). Returns column index → slot, -1 = unused. */
  header(names: string[], ranges?: (Range | undefined)[]): Int32Array<ArrayBuffer>;
  /** Number of slots (valid after `header`). */
  readonly slotCount: number;
  /** Complete records at once (CSV): the same as beginRecord, value… and endRecord for each. */
  batch(batch: FieldBatch): void;
  beginRecord(): void;
  /** A scalar value of column `slot` in the current record, as UTF-8 bytes (already unquoted/unescaped). */
  value(slot: number, b: Uint8Array, s: number, e: number): void;
  /** A nested object or array where a single value was expected (JSON, YAML). */
  nested(slot: number, what: string): void;
  /** The current record is complete; `line` is its 1-based first line. */
  endRecord(line: number): void;
}

/**
 * Records delivered a batch at a time: for row i and slot k, fields[(i·width + k)·4 ..] holds the
 * value's start and end, and the raw field's start (−1: not on the record's first line) and end,
 * for diagnostics. A value at negative offsets is in `side` at [~start, ~end) (quoted values
 * with `""` escapes, unescaped); a slot the record does not have is empty (start = end).
 */
export class FieldBatch {
  rows = 0;
  /** The bytes the offsets point into (valid only while the sink handles the batch). */
  buf: Uint8Array = new Uint8Array(0);
  side = new Uint8Array(256);
  sideLen = 0;
  readonly fields: Int32Array;
  /** 1-based line of each record, and the offset of that line's start in `buf`. */
  readonly lines: Int32Array;
  readonly lineStarts: Int32Array;

  constructor(
    readonly width: number,
    capacity: number,
    private readonly locator: { fieldRange(row: number, slot: number): Range },
  ) {
    this.fields = new Int32Array(capacity * width * 4);
    this.lines = new Int32Array(capacity);
    this.lineStarts = new Int32Array(capacity);
  }

  /** Appends bytes to the side buffer; returns where they start. */
  addSide(bytes: Uint8Array, n: number): number {
    if (this.sideLen + n > this.side.length) {
      const next = new Uint8Array(Math.max(this.side.length * 2, this.sideLen + n));
      next.set(this.side.subarray(0, this.sideLen));
      this.side = next;
    }
    this.side.set(bytes.subarray(0, n), this.sideLen);
    this.sideLen += n;
    return this.sideLen - n;
  }

  /** Where field `slot` of row `row` is in the data file. */
  range(row: number, slot: number): Range {
    return this.locator.fieldRange(row, slot);
  }
}

/** "…message (source 'name')." */
export function sourceMessage(message: string, source: string): string {
  return `${message} (source '${source}').`;
}

/** A malformed-record diagnostic (CX4004) in the data file. `line` is 1-based, characters 0-based. */
export function malformed(ctx: FileCtx, line: number, start: number, end: number, message: string, severity: Severity = "warning"): void {
  ctx.diagnostics.push(
    diag("CX4004", ctx.path, range(line - 1, start, line - 1, end), { detail: sourceMessage(message, ctx.source) }, { severity }),
  );
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Shows a value in a message: trimmed, one line, at most 40 characters. */
export function displayValue(text: string): string {
  let t = text.trim().replace(/\r\n|\r|\n/g, "⏎");
  if (t.length > 40) t = t.slice(0, 39) + "…";
  return t;
}

/** Header bookkeeping shared by both sinks: duplicate names, and files of a glob that disagree. */
abstract class BaseSink implements RecordSink {
  protected ctx!: FileCtx;
  protected locator!: Locator;
  /** The first file's columns (duplicates removed), which define the source's columns. */
  columns: string[] | undefined;
  private firstPath = "";
  protected seq = 0;

  beginFile(ctx: FileCtx, locator: Locator): void {
    this.ctx = ctx;
    this.locator = locator;
  }

  protected abstract defineColumns(columns: string[]): void;
  protected abstract slotOf(name: string): number;

  header(names: string[], ranges?: (Range | undefined)[]): Int32Array<ArrayBuffer> {
    const unique: string[] = [];
    const seen = new Set<string>();
    const reported = new Set<string>();
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if (!seen.has(n)) {
        seen.add(n);
        unique.push(n);
      } else if (!reported.has(n)) {
        reported.add(n);
        const r = ranges?.[i];
        malformed(this.ctx, 1, r?.start.character ?? 0, r?.end.character ?? 0, `Column '${n}' appears more than once in the header; only the first is used`);
      }
    }
    if (this.columns === undefined) {
      this.columns = unique;
      this.firstPath = this.ctx.path;
      this.defineColumns(unique);
    } else {
      const expected = new Set(this.columns);
      const missing = this.columns.filter((c) => !seen.has(c));
      const extra = unique.filter((c) => !expected.has(c));
      if (missing.length || extra.length) {
        const parts: string[] = [];
        if (missing.length) parts.push(`missing: ${missing.join(", ")}`);
        if (extra.length) parts.push(`extra: ${extra.join(", ")}`);
        let end = 0;
        for (const r of ranges ?? []) if (r && r.start.line === 0) end = Math.max(end, r.end.character);
        malformed(
          this.ctx,
          1,
          0,
          end,
          `The columns of this file differ from those of '${basename(this.firstPath)}' (${parts.join("; ")}); all files of a glob must have the same columns`,
          "error",
        );
      }
    }
    const map = new Int32Array(names.length).fill(-1);
    const mapped = new Set<string>();
    for (let i = 0; i < names.length; i++) {
      if (mapped.has(names[i])) continue; // duplicates: the first wins
      mapped.add(names[i]);
      map[i] = this.slotOf(names[i]);
    }
    return map;
  }

  /** After the last file: a source none of whose files had a header has no columns. */
  finishColumns(): void {
    if (this.columns === undefined) {
      this.columns = [];
      this.defineColumns([]);
    }
  }

  beginRecord(): void {
    this.seq++;
  }

  abstract readonly slotCount: number;

  /** A batch as records, one value at a time (sinks override it to convert column by column). */
  batch(batch: FieldBatch): void {
    const { fields, width, buf, side } = batch;
    for (let i = 0; i < batch.rows; i++) {
      this.beginRecord();
      for (let k = 0; k < width; k++) {
        const o = (i * width + k) * 4;
        const s = fields[o];
        if (s >= 0) this.value(k, buf, s, fields[o + 1]);
        else this.value(k, side, ~s, ~fields[o + 1]);
      }
      this.endRecord(batch.lines[i]);
    }
  }

  abstract value(slot: number, b: Uint8Array, s: number, e: number): void;
  abstract nested(slot: number, what: string): void;
  abstract endRecord(line: number): void;
}

// ---------------------------------------------------------------------------------------------

const K_TEXT = 0;
const K_INT = 1;
const K_NUM = 2;
const K_BOOL = 3;
const K_DATE = 4;
const K_DATETIME = 5;
const KIND: Record<ColumnType, number> = { text: K_TEXT, integer: K_INT, number: K_NUM, boolean: K_BOOL, date: K_DATE, datetime: K_DATETIME };

const TYPE_PHRASE: Record<ColumnType, [string, string]> = {
  text: ["a single value", "single values"],
  integer: ["an integer", "integers"],
  number: ["a number", "numbers"],
  boolean: ["a boolean (true/false, yes/no, 1/0)", "booleans"],
  date: ["a date (YYYY-MM-DD)", "dates"],
  datetime: ["an ISO 8601 date-time", "date-times"],
};

/** Reports per column before the rest is summed up in one diagnostic. */
export const MAX_VALUE_REPORTS = 20;

const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);

/** Converts the requested columns into typed arrays. */
export class TableSink extends BaseSink {
  /** Slot k is column names[k] of type types[k]. */
  readonly names: string[] = [];
  readonly types: ColumnType[] = [];
  /** Requested columns that the (first) file does not have. */
  readonly missing: string[] = [];
  /** CX4003 diagnostics of each slot (kept apart so that a cache can reuse them per column). */
  readonly valueDiagnostics: Diagnostic[][] = [];

  private slotIndex = new Map<string, number>();
  private kinds = new Int8Array(0);
  private values: Float64Array[] = [];
  private codes: Int32Array[] = [];
  private dicts: TextDict[] = [];
  private written = new Int32Array(0);
  private badCount: number[] = [];
  private summaryAt: ({ file: string; range: Range } | undefined)[] = [];
  // Bad values of the current record, reported only when the record is complete (a record that
  // turns out to be malformed is dropped, and so are its reports).
  private pendingSlots: number[] = [];
  private pendingDiags: (Diagnostic | undefined)[] = [];
  private pendingCount: number[] = [];

  rowCount = 0;
  private cap = 1024;
  private rowLines = new Int32Array(1024);
  private fileOfRow: Uint16Array | undefined;

  /** Slots that are only type-checked (CX4003), not stored: declared columns no metric reads. */
  private checkOnly: boolean[] = [];
  /** Where a batch's type-checked-only values go. */
  private discard = new Float64Array(0);

  constructor(
    private readonly needed: Map<string, ColumnType>,
    multiFile: boolean,
    private readonly validateOnly: Map<string, ColumnType> = new Map(),
  ) {
    super();
    if (multiFile) this.fileOfRow = new Uint16Array(this.cap);
  }

  protected defineColumns(columns: string[]): void {
    const present = new Set(columns);
    for (const [name, type] of this.needed) {
      if (!present.has(name)) {
        this.missing.push(name);
        continue;
      }
      this.slotIndex.set(name, this.names.length);
      this.names.push(name);
      this.types.push(type);
      this.checkOnly.push(false);
    }
    for (const [name, type] of this.validateOnly) {
      // Text never fails to convert, so only typed columns need checking.
      if (!present.has(name) || this.slotIndex.has(name) || type === "text") continue;
      this.slotIndex.set(name, this.names.length);
      this.names.push(name);
      this.types.push(type);
      this.checkOnly.push(true);
    }
    const n = this.names.length;
    this.kinds = new Int8Array(n);
    this.written = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const kind = KIND[this.types[k]];
      this.kinds[k] = kind;
      const stored = !this.checkOnly[k];
      this.values.push(kind === K_TEXT || !stored ? EMPTY_F64 : new Float64Array(this.cap));
      this.codes.push(kind === K_TEXT && stored ? new Int32Array(this.cap) : EMPTY_I32);
      this.dicts.push(new TextDict());
      this.badCount.push(0);
      this.pendingCount.push(0);
      this.summaryAt.push(undefined);
      this.valueDiagnostics.push([]);
    }
  }

  protected slotOf(name: string): number {
    return this.slotIndex.get(name) ?? -1;
  }

  get slotCount(): number {
    return this.names.length;
  }

  /** Converts a batch column by column: one loop per column, specialised by type. */
  override batch(batch: FieldBatch): void {
    const n = batch.rows;
    if (n === 0) return;
    while (this.rowCount + n > this.cap) this.grow(n);
    const row0 = this.rowCount;
    const { fields, width, buf, side } = batch;
    const stride = width * 4;
    for (let k = 0; k < this.names.length; k++) {
      const stored = !this.checkOnly[k];
      const kind = this.kinds[k];
      if (kind === K_TEXT) {
        if (!stored) continue;
        const codes = this.codes[k];
        const dict = this.dicts[k];
        for (let i = 0, o = k * 4; i < n; i++, o += stride) {
          const s = fields[o];
          const e = fields[o + 1];
          codes[row0 + i] = s >= 0 ? (e > s ? dict.intern(buf, s, e) : -1) : ~e > ~s ? dict.intern(side, ~s, ~e) : -1;
        }
        continue;
      }
      if (!stored && this.discard.length < n) this.discard = new Float64Array(n);
      const out = stored ? this.values[k] : this.discard;
      const at = stored ? row0 : 0;
      switch (kind) {
        case K_INT:
          for (let i = 0, o = k * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? intFromBytes(buf, s, fields[o + 1]) : intFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        case K_NUM:
          for (let i = 0, o = k * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? numFromBytes(buf, s, fields[o + 1]) : numFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        case K_BOOL:
          for (let i = 0, o = k * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? boolFromBytes(buf, s, fields[o + 1]) : boolFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        case K_DATE:
          for (let i = 0, o = k * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? dateFromBytes(buf, s, fields[o + 1]) : dateFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        default:
          for (let i = 0, o = k * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? dateTimeFromBytes(buf, s, fields[o + 1]) : dateTimeFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
      }
    }
    this.rowLines.set(batch.lines.subarray(0, n), row0);
    if (this.fileOfRow) this.fileOfRow.fill(this.ctx.index, row0, row0 + n);
    this.rowCount += n;
    if (this.rowCount === this.cap) this.grow();
  }

  /** CX4003 for field k of batch row i (records in a batch are complete: reported at once). */
  private badInBatch(batch: FieldBatch, i: number, k: number): void {
    const n = ++this.badCount[k];
    if (n > MAX_VALUE_REPORTS + 1) return;
    const o = (i * batch.width + k) * 4;
    const s = batch.fields[o];
    const text = s >= 0 ? decodeBytes(batch.buf, s, batch.fields[o + 1]) : decodeBytes(batch.side, ~s, ~batch.fields[o + 1]);
    const message = `Value '${displayValue(text)}' in column '${this.names[k]}' is not ${TYPE_PHRASE[this.types[k]][0]}`;
    const d = diag("CX4003", this.ctx.path, batch.range(i, k), { detail: sourceMessage(`${message}; it is treated as missing`, this.ctx.source) });
    if (n <= MAX_VALUE_REPORTS) this.valueDiagnostics[k].push(d);
    else this.summaryAt[k] = { file: d.file, range: d.range };
  }

  value(slot: number, b: Uint8Array, s: number, e: number): void {
    const row = this.rowCount;
    this.written[slot] = this.seq;
    let v: number;
    switch (this.kinds[slot]) {
      case K_TEXT:
        this.codes[slot][row] = e > s ? this.dicts[slot].intern(b, s, e) : -1;
        return;
      case K_INT:
        v = intFromBytes(b, s, e);
        break;
      case K_NUM:
        v = numFromBytes(b, s, e);
        break;
      case K_BOOL:
        v = boolFromBytes(b, s, e);
        break;
      case K_DATE:
        v = dateFromBytes(b, s, e);
        break;
      default:
        v = dateTimeFromBytes(b, s, e);
        break;
    }
    if (!this.checkOnly[slot]) this.values[slot][row] = v;
    if (conv.bad) this.reportBad(slot, `Value '${displayValue(decodeBytes(b, s, e))}' in column '${this.names[slot]}' is not ${TYPE_PHRASE[this.types[slot]][0]}`);
  }

  nested(slot: number, what: string): void {
    const row = this.rowCount;
    this.written[slot] = this.seq;
    if (this.checkOnly[slot]) {
      // type-checked only
    } else if (this.kinds[slot] === K_TEXT) this.codes[slot][row] = -1;
    else this.values[slot][row] = NaN;
    this.reportBad(slot, `Value in column '${this.names[slot]}' is ${what}, not a single value`);
  }

  private reportBad(slot: number, message: string): void {
    // Make the diagnostic only if it can be one of the first 20, or the place of the summary.
    const n = this.badCount[slot] + ++this.pendingCount[slot];
    const d =
      n <= MAX_VALUE_REPORTS + 1
        ? diag("CX4003", this.ctx.path, this.locator.valueRange(), { detail: sourceMessage(`${message}; it is treated as missing`, this.ctx.source) })
        : undefined;
    this.pendingSlots.push(slot);
    this.pendingDiags.push(d);
  }

  private commitReports(): void {
    for (let i = 0; i < this.pendingSlots.length; i++) {
      const slot = this.pendingSlots[i];
      const d = this.pendingDiags[i];
      const n = ++this.badCount[slot];
      this.pendingCount[slot] = 0;
      if (n <= MAX_VALUE_REPORTS) this.valueDiagnostics[slot].push(d!);
      else if (n === MAX_VALUE_REPORTS + 1) this.summaryAt[slot] = { file: d!.file, range: d!.range };
    }
    this.dropReports();
  }

  private dropReports(): void {
    for (const slot of this.pendingSlots) this.pendingCount[slot] = 0;
    this.pendingSlots.length = 0;
    this.pendingDiags.length = 0;
  }

  override beginRecord(): void {
    super.beginRecord();
    if (this.pendingSlots.length) this.dropReports();
  }

  endRecord(line: number): void {
    if (this.pendingSlots.length) this.commitReports();
    const row = this.rowCount;
    const seq = this.seq;
    const written = this.written;
    for (let k = 0; k < written.length; k++) {
      if (written[k] === seq || this.checkOnly[k]) continue;
      if (this.kinds[k] === K_TEXT) this.codes[k][row] = -1;
      else this.values[k][row] = NaN;
    }
    this.rowLines[row] = line;
    if (this.fileOfRow) this.fileOfRow[row] = this.ctx.index;
    if (++this.rowCount === this.cap) this.grow();
  }

  /**
   * The capacity for more rows: an estimate of the total from the bytes read so far (and `pending`
   * rows about to be added), else double. Once a few thousand rows have been seen the estimate is
   * trusted, so that a large file is allocated once instead of copied while it grows.
   */
  private nextCapacity(pending: number): number {
    const doubled = this.cap * 2;
    const consumed = this.ctx.bytesBefore + (this.locator.offset?.() ?? 0);
    if (this.ctx.bytesTotal <= 0 || consumed <= 0 || consumed >= this.ctx.bytesTotal) return doubled;
    const seen = this.rowCount + pending;
    const estimate = Math.ceil((seen * this.ctx.bytesTotal * 1.02) / consumed) + 64;
    if (estimate <= this.cap) return doubled;
    return seen >= 4096 ? estimate : Math.min(estimate, this.cap * 64);
  }

  private grow(pending = 0): void {
    const cap = this.nextCapacity(pending);
    for (let k = 0; k < this.kinds.length; k++) {
      if (this.checkOnly[k]) continue;
      if (this.kinds[k] === K_TEXT) {
        const a = new Int32Array(cap);
        a.set(this.codes[k]);
        this.codes[k] = a;
      } else {
        const a = new Float64Array(cap);
        a.set(this.values[k]);
        this.values[k] = a;
      }
    }
    const lines = new Int32Array(cap);
    lines.set(this.rowLines);
    this.rowLines = lines;
    if (this.fileOfRow) {
      const f = new Uint16Array(cap);
      f.set(this.fileOfRow);
      this.fileOfRow = f;
    }
    this.cap = cap;
  }

  /** The summary diagnostics ("…and N more values …") of slot k, if it had more than 20 bad values. */
  summary(k: number): Diagnostic | undefined {
    const at = this.summaryAt[k];
    if (!at) return undefined;
    const more = this.badCount[k] - MAX_VALUE_REPORTS;
    return diag("CX4003", at.file, at.range, {
      detail: sourceMessage(`…and ${formatCount(more)} more value${more === 1 ? "" : "s"} in column '${this.names[k]}' ${more === 1 ? "is" : "are"} not ${more === 1 ? TYPE_PHRASE[this.types[k]][0] : TYPE_PHRASE[this.types[k]][1]}`, this.ctx.source),
    });
  }

  /** The columns read, by slot (exactly rowCount long). */
  column(k: number): Column {
    const n = this.rowCount;
    if (this.kinds[k] === K_TEXT) return { name: this.names[k], type: "text", codes: fit(this.codes[k], n), dict: this.dicts[k].strings };
    return { name: this.names[k], type: this.types[k] as Exclude<ColumnType, "text">, values: fit(this.values[k], n) };
  }

  table(files: string[]): Table {
    const columns = new Map<string, Column>();
    for (let k = 0; k < this.names.length; k++) if (!this.checkOnly[k]) columns.set(this.names[k], this.column(k));
    const t: Table = { rowCount: this.rowCount, columns, rowLines: fit(this.rowLines, this.rowCount), files };
    if (this.fileOfRow) t.fileOfRow = fit(this.fileOfRow, this.rowCount);
    return t;
  }
}

/** An array of exactly n elements: a view when little is wasted, else a compact copy. */
function fit<T extends Float64Array | Int32Array | Uint16Array>(a: T, n: number): T {
  if (a.length === n) return a;
  return (a.length - n > (n >> 2) ? a.slice(0, n) : a.subarray(0, n)) as T;
}

// ---------------------------------------------------------------------------------------------

const T_INT = 1;
const T_NUM = 2;
const T_BOOL = 4;
const T_DATE = 8;
const T_DATETIME = 16;
const T_ALL = 31;

function isBlank(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}

/** A number for display: integers as is, others rounded to 12 significant digits (no float noise). */
function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
}

/** Infers every column's type and gathers statistics. */
export class ScanSink extends BaseSink {
  rowCount = 0;
  get slotCount(): number {
    return this.columns?.length ?? 0;
  }
  private masks: number[] = [];
  private nonNull: number[] = [];
  private nulls: number[] = [];
  private written = new Int32Array(0);
  private samples: Uint8Array[][] = [];
  private sampleText: string[][] = [];
  private numMin: number[] = [];
  private numMax: number[] = [];
  private dateMin: number[] = [];
  private dateMax: number[] = [];
  private dtMin: number[] = [];
  private dtMax: number[] = [];
  private slotIndex = new Map<string, number>();

  protected defineColumns(columns: string[]): void {
    const n = columns.length;
    columns.forEach((c, i) => this.slotIndex.set(c, i));
    this.written = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      this.masks.push(T_ALL);
      this.nonNull.push(0);
      this.nulls.push(0);
      this.samples.push([]);
      this.sampleText.push([]);
      this.numMin.push(Infinity);
      this.numMax.push(-Infinity);
      this.dateMin.push(Infinity);
      this.dateMax.push(-Infinity);
      this.dtMin.push(Infinity);
      this.dtMax.push(-Infinity);
    }
  }

  protected slotOf(name: string): number {
    return this.slotIndex.get(name) ?? -1;
  }

  // The current record's values, applied when it is complete (so a malformed record that is
  // dropped leaves no trace): slot, start and end in `arena`, three ints per value.
  private arena = new Uint8Array(1024);
  private arenaLen = 0;
  private held = new Int32Array(48);
  private heldLen = 0;

  override beginRecord(): void {
    super.beginRecord();
    this.arenaLen = 0;
    this.heldLen = 0;
  }

  value(k: number, b: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (this.arenaLen + n > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + n));
      next.set(this.arena.subarray(0, this.arenaLen));
      this.arena = next;
    }
    const arena = this.arena;
    for (let i = s, j = this.arenaLen; i < e; i++, j++) arena[j] = b[i]; // short: a loop beats subarray + set
    if (this.heldLen + 3 > this.held.length) {
      const next = new Int32Array(this.held.length * 2);
      next.set(this.held);
      this.held = next;
    }
    this.held[this.heldLen++] = k;
    this.held[this.heldLen++] = this.arenaLen;
    this.held[this.heldLen++] = this.arenaLen + n;
    this.arenaLen += n;
  }

  private apply(k: number, b: Uint8Array, s: number, e: number): void {
    this.written[k] = this.seq;
    if (isBlank(b, s, e)) {
      this.nulls[k]++;
      return;
    }
    this.nonNull[k]++;
    const samples = this.samples[k];
    if (samples.length < 5) {
      let known = false;
      for (const x of samples) if (x.length === e - s && bytesEqual(x, 0, b, s, e - s)) known = true;
      if (!known) {
        samples.push(b.slice(s, e));
        this.sampleText[k].push(decodeBytes(b, s, e));
      }
    }
    const m = this.masks[k];
    if (m === 0) return;
    let ok = 0;
    if (m & T_INT) {
      const v = intFromBytes(b, s, e);
      if (!conv.bad) {
        ok |= T_INT | T_NUM;
        this.trackNum(k, v);
      }
    }
    if (m & T_NUM && !(ok & T_NUM)) {
      const v = numFromBytes(b, s, e);
      if (!conv.bad) {
        ok |= T_NUM;
        this.trackNum(k, v);
      }
    }
    if (m & T_BOOL && isTrueFalse(b, s, e)) ok |= T_BOOL;
    if (m & T_DATE) {
      const d = dateFromBytes(b, s, e);
      if (!conv.bad) {
        ok |= T_DATE | T_DATETIME;
        if (d < this.dateMin[k]) this.dateMin[k] = d;
        if (d > this.dateMax[k]) this.dateMax[k] = d;
        this.trackDateTime(k, d * 86400000);
      }
    }
    if (m & T_DATETIME && !(ok & T_DATETIME)) {
      const t = dateTimeFromBytes(b, s, e);
      if (!conv.bad) {
        ok |= T_DATETIME;
        this.trackDateTime(k, t);
      }
    }
    this.masks[k] = m & ok;
  }

  private trackNum(k: number, v: number): void {
    if (v < this.numMin[k]) this.numMin[k] = v;
    if (v > this.numMax[k]) this.numMax[k] = v;
  }

  private trackDateTime(k: number, t: number): void {
    if (t < this.dtMin[k]) this.dtMin[k] = t;
    if (t > this.dtMax[k]) this.dtMax[k] = t;
  }

  nested(k: number): void {
    // Like an empty value (null for the statistics; no bytes).
    this.value(k, this.arena, 0, 0);
  }

  endRecord(): void {
    const held = this.held;
    for (let i = 0; i < this.heldLen; i += 3) this.apply(held[i], this.arena, held[i + 1], held[i + 2]);
    this.heldLen = 0;
    this.arenaLen = 0;
    const seq = this.seq;
    for (let k = 0; k < this.written.length; k++) if (this.written[k] !== seq) this.nulls[k]++;
    this.rowCount++;
  }

  /** The inferred type of slot k: integer ⊂ number, then boolean, date ⊂ datetime; else (or all null) text. */
  typeOf(k: number): ColumnType {
    const m = this.masks[k];
    if (this.nonNull[k] === 0 || m === 0) return "text";
    if (m & T_INT) return "integer";
    if (m & T_NUM) return "number";
    if (m & T_BOOL) return "boolean";
    if (m & T_DATE) return "date";
    if (m & T_DATETIME) return "datetime";
    return "text";
  }

  stats(k: number): { nulls: number; distinctSamples: string[]; min?: string; max?: string } {
    const out: { nulls: number; distinctSamples: string[]; min?: string; max?: string } = { nulls: this.nulls[k], distinctSamples: this.sampleText[k] };
    switch (this.typeOf(k)) {
      case "integer":
      case "number":
        out.min = formatNumber(this.numMin[k]);
        out.max = formatNumber(this.numMax[k]);
        break;
      case "date":
        out.min = formatDate(this.dateMin[k]);
        out.max = formatDate(this.dateMax[k]);
        break;
      case "datetime":
        out.min = formatDateTime(this.dtMin[k]);
        out.max = formatDateTime(this.dtMax[k]);
        break;
    }
    return out;
  }
}
