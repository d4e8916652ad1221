// Where the format parsers (csv.ts, json.ts, yaml.ts, parquet.ts) deliver what they read. A parser
// finds records and values; a sink decides what to do with them:
//   - TableSink converts the requested columns into typed arrays (readSource),
//   - ScanSink infers every column's type and gathers statistics (scanSource).
// Values arrive as byte ranges [s, e) of a buffer that is only valid during the call, so a sink
// keeps nothing per row except numbers in typed arrays.
//
// Columns are found in two ways:
//   - CSV and Parquet have a header: `header(names)` once per file maps field indexes to slots.
//   - JSON, JSONL and YAML have keys: `keyNode(path)` is asked once per distinct key path (the keys
//     from the record down, e.g. ["customer", "id"]) and says which slot its values go to and
//     whether the parser should look inside an object found there. Columns are known only at the
//     end (the union of all records' keys), so a requested column may have several candidates
//     (the exact key, a dotted path, keys equal ignoring case); each gets a slot, and the best one
//     that occurs in the data is picked at the end (Resolver).
// A slot may feed several slots (`nextSlot`): two declared columns that read the same header.

import { escapeControls } from "../escape";
import { diag, type Diagnostic, type Severity } from "../diagnostics";
import { range, type Range } from "../text";
import {
  boolFromBytes,
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
import { UTC, type Zone } from "../time/zone";
import type { ColumnMemory } from "../host";

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

/** What a keyed parser (JSON, YAML) does with the values of one key path. */
export interface KeyRoute {
  /** The first slot its scalar values go to (-1: none). */
  slot: number;
  /** Look inside objects found there (a requested dotted path goes through it). */
  descend: boolean;
}

export interface RecordSink {
  /** True when the sink needs nothing more (parsers may stop reading). */
  readonly done?: boolean;
  beginFile(ctx: FileCtx, locator: Locator): void;
  /** The current file's column names in order (and where each is, if known). Returns column index → slot, -1 = unused. */
  header(names: string[], ranges?: (Range | undefined)[]): Int32Array<ArrayBuffer>;
  /** Keyed formats: the route of a key path seen for the first time in this file (`path[0]` is a record's key). */
  keyNode(path: string[]): KeyRoute;
  /** Formats with a schema (Parquet): the type of each header field, which a scan reports instead of inferring one. */
  fieldTypes?(types: ColumnType[]): void;
  /**
   * Typed values (Parquet): can values of `type` go to `slot` as numbers (days, epoch ms, 1/0;
   * NaN = null) or, for text, as strings, without the text conversion? Then `numberValue` /
   * `stringValue` deliver them.
   */
  acceptsTyped?(slot: number, type: ColumnType): boolean;
  numberValue?(slot: number, v: number): void;
  stringValue?(slot: number, v: string | undefined): void;
  /**
   * `rows` complete records given column by column (Parquet, a row group at a time), with the
   * lines `firstLine`, `firstLine + 1`, …: only for slots where `acceptsTyped` said yes; slots not
   * given are null. The same as beginRecord, numberValue/stringValue… and endRecord for each row.
   */
  typedColumns?(rows: number, firstLine: number, columns: TypedColumn[]): void;
  /** Whether the values of `slot` are kept (false: a column only type-checked, whose typed values need not be decoded: `unread`). */
  keepsValues?(slot: number): boolean;
  /** Number of slots (valid after `header`). */
  readonly slotCount: number;
  /** Complete records at once (CSV): the same as beginRecord, value… and endRecord for each. */
  batch(batch: FieldBatch): void;
  beginRecord(): void;
  /** A scalar value of column `slot` in the current record, as UTF-8 bytes (already unquoted/unescaped).
   *  Keyed formats deliver null (and an empty string) as an empty value: the key is there. */
  value(slot: number, b: Uint8Array, s: number, e: number): void;
  /** A nested object or array where a single value was expected (JSON, YAML). */
  nested(slot: number, what: string): void;
  /** The current record is complete; `line` is its 1-based first line. */
  endRecord(line: number): void;
}

/** A column of `typedColumns`: numbers in the column representation (NaN = null), or text as indices into `list` (−1 = null). */
export type TypedColumn = { slot: number; numbers: Float64Array } | { slot: number; list: (string | undefined)[]; index: Int32Array } | { slot: number; unread: true };

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

/** Shows a value in a message: trimmed, one line, at most 40 characters, control and bidi characters visibly escaped (`\x1b`). */
export function displayValue(text: string): string {
  let t = escapeControls(text.trim().replace(/\r\n|\r|\n/g, "⏎"));
  if (t.length > 40) t = t.slice(0, 39) + "…";
  return t;
}

/** Unicode default case folding, approximately (full upper case, then lower: "Straße" ~ "STRASSE"), after trimming. */
export function fold(s: string): string {
  return s.trim().toUpperCase().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Which header (or key path) a requested column reads (language-v2 §9.1).

/** A column to read: its .cx name, the header or key path to find it under, its type and label map. */
export interface Wanted {
  name: string;
  header: string;
  type: ColumnType;
  /** Labels as written and their values in the column's representation (§9.1 `map`). */
  map?: { label: string; value: number | string }[];
  /** False: only type-checked (CX4003), not kept. */
  store: boolean;
}

/** Candidate ranks, best first: the exact key, the exact dotted path, equal ignoring case and surrounding whitespace. */
export const RANK_EXACT = 0;
export const RANK_PATH = 1;
export const RANK_FOLD = 2;
export const RANK_FOLD_PATH = 3;

export class Resolver {
  private readonly folded: string[];
  private readonly segs: (string[] | undefined)[];
  private readonly foldedSegs: (string[] | undefined)[];

  constructor(readonly wanted: readonly { header: string }[]) {
    this.folded = wanted.map((w) => fold(w.header));
    this.segs = wanted.map((w) => {
      const parts = w.header.split(".");
      return parts.length > 1 && parts.every((p) => p !== "") ? parts : undefined;
    });
    this.foldedSegs = this.segs.map((p) => p?.map(fold));
  }

  /**
   * A header row: for each wanted column the index of the header it reads (-1: none), and the
   * headers that equal it ignoring case when more than one does (ambiguous: none is used).
   */
  resolveHeader(names: string[]): { index: Int32Array; ambiguous: (string[] | undefined)[] } {
    const index = new Int32Array(this.wanted.length).fill(-1);
    const ambiguous: (string[] | undefined)[] = [];
    let exact: Map<string, number> | undefined;
    let byFold: Map<string, number[]> | undefined;
    for (let c = 0; c < this.wanted.length; c++) {
      if (!exact) {
        exact = new Map();
        for (let i = names.length - 1; i >= 0; i--) exact.set(names[i], i); // the first of duplicates
      }
      const h = this.wanted[c].header;
      const at = exact.get(h);
      if (at !== undefined) {
        index[c] = at;
        continue;
      }
      if (!byFold) {
        byFold = new Map();
        for (let i = 0; i < names.length; i++) {
          const f = fold(names[i]);
          const list = byFold.get(f);
          if (!list) byFold.set(f, [i]);
          else if (!list.some((j) => names[j] === names[i])) list.push(i);
        }
      }
      const list = byFold.get(this.folded[c]);
      if (list?.length === 1) index[c] = list[0];
      else if (list && list.length > 1) ambiguous[c] = list.map((i) => names[i]);
    }
    return { index, ambiguous };
  }

  /** Keyed formats: the wanted columns a key path may be, with its rank. */
  match(path: string[]): { col: number; rank: number }[] {
    const out: { col: number; rank: number }[] = [];
    for (let c = 0; c < this.wanted.length; c++) {
      if (path.length === 1) {
        if (path[0] === this.wanted[c].header) out.push({ col: c, rank: RANK_EXACT });
        else if (fold(path[0]) === this.folded[c]) out.push({ col: c, rank: RANK_FOLD });
        continue;
      }
      const segs = this.segs[c];
      if (!segs || segs.length !== path.length) continue;
      if (path.every((p, i) => p === segs[i])) out.push({ col: c, rank: RANK_PATH });
      else if (path.every((p, i) => fold(p) === this.foldedSegs[c]![i])) out.push({ col: c, rank: RANK_FOLD_PATH });
    }
    return out;
  }

  /** Keyed formats: does a wanted dotted path go through this key path (so objects there are entered)? */
  through(path: string[]): boolean {
    for (let c = 0; c < this.wanted.length; c++) {
      const segs = this.segs[c];
      if (!segs || segs.length <= path.length) continue;
      const fs = this.foldedSegs[c]!;
      if (path.every((p, i) => p === segs[i] || fold(p) === fs[i])) return true;
    }
    return false;
  }
}

/** Outcome of resolving the wanted columns: what each reads, and why the others are missing. */
export interface Resolution {
  /** Column name → the header or key path read. */
  resolved: Map<string, string>;
  /** Wanted columns found nowhere. */
  missing: string[];
  /** Missing columns whose header matched several headers ignoring case: those headers. */
  ambiguous: Map<string, string[]>;
}

interface Candidate {
  slot: number;
  rank: number;
  label: string;
}

/** Keyed formats: the best candidate that occurs in the data, or the ambiguous ones. */
function pick(cands: Candidate[], seen: (slot: number) => boolean): { best?: Candidate; ambiguous?: string[] } {
  let best: Candidate | undefined;
  let ties: Candidate[] = [];
  for (const c of cands) {
    if (!seen(c.slot)) continue;
    if (!best || c.rank < best.rank) {
      best = c;
      ties = [c];
    } else if (c.rank === best.rank) ties.push(c);
  }
  if (best && ties.length > 1) return { ambiguous: ties.map((t) => t.label) };
  return { best };
}

/** Header bookkeeping shared by both sinks: duplicate names, and files of a glob that disagree. */
abstract class BaseSink implements RecordSink {
  protected ctx!: FileCtx;
  protected locator!: Locator;
  /** CSV, Parquet: the first file's columns (duplicates removed). Keyed formats: every record key, in order of first appearance. */
  columns: string[] | undefined;
  private firstPath = "";
  protected seq = 0;
  /** Keyed formats: routes by key path (joined with NUL), kept across the files of a glob. */
  private routes = new Map<string, KeyRoute>();
  protected keyed = false;

  beginFile(ctx: FileCtx, locator: Locator): void {
    this.ctx = ctx;
    this.locator = locator;
  }

  /** The first file's header (CSV, Parquet). */
  protected abstract defineColumns(columns: string[]): void;
  /** Field index → slot for the current file's header. */
  protected abstract route(names: string[], first: boolean): Int32Array<ArrayBuffer>;
  /** Keyed formats: the route of a new key path. */
  protected abstract newKey(path: string[]): KeyRoute;

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
    const first = this.columns === undefined;
    if (first) {
      this.columns = unique;
      this.firstPath = this.ctx.path;
      this.defineColumns(unique);
    } else {
      const expected = new Set(this.columns);
      const missing = this.columns!.filter((c) => !seen.has(c));
      const extra = unique.filter((c) => !expected.has(c));
      if (missing.length || extra.length) {
        const parts: string[] = [];
        if (missing.length) parts.push(`missing: ${listNames(missing)}`);
        if (extra.length) parts.push(`extra: ${listNames(extra)}`);
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
    return this.route(names, first);
  }

  keyNode(path: string[]): KeyRoute {
    const key = path.join("\u0000");
    let r = this.routes.get(key);
    if (!r) {
      if (!this.keyed) {
        this.keyed = true;
        this.columns ??= [];
      }
      if (path.length === 1) this.columns!.push(path[0]);
      r = this.newKey(path);
      this.routes.set(key, r);
    }
    return r;
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

/** Names for a message: at most 12, quoted as written. */
export function listNames(names: string[]): string {
  const shown = names.slice(0, 12).map((n) => `'${displayValue(n)}'`);
  return shown.join(", ") + (names.length > 12 ? `, … (${names.length - 12} more)` : "");
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
const encoder = new TextEncoder();

/** Converts the bytes of one value to a column kind (NaN = null; conv.bad when it does not convert). */
function convertTo(kind: number, b: Uint8Array, s: number, e: number, zone: Zone): number {
  switch (kind) {
    case K_INT:
      return intFromBytes(b, s, e);
    case K_NUM:
      return numFromBytes(b, s, e);
    case K_BOOL:
      return boolFromBytes(b, s, e);
    case K_DATE:
      return dateFromBytes(b, s, e);
    default:
      return dateTimeFromBytes(b, s, e, zone);
  }
}

/**
 * A column's `map { … }`: each distinct raw value is looked up once (interned by its bytes); the
 * trimmed value equal to a label ignoring case gives the label's value, anything else is converted
 * as usual. Results: `out` (the value, or for text the code in the column's dictionary) and `bad`.
 */
class LabelMap {
  private raw = new TextDict();
  private results = new Float64Array(64);
  private bad = new Uint8Array(64);
  private labels = new Map<string, number | string>();

  constructor(
    entries: { label: string; value: number | string }[],
    private readonly kind: number,
    private readonly zone: Zone,
  ) {
    for (const e of entries) if (!this.labels.has(fold(e.label))) this.labels.set(fold(e.label), e.value);
  }

  /** The value of bytes [s, e); sets conv.bad. For text, `dict` receives mapped strings. */
  convert(b: Uint8Array, s: number, e: number, dict: TextDict): number {
    const n = this.raw.size;
    const code = this.raw.intern(b, s, e);
    if (code === n) {
      if (code >= this.results.length) {
        const r = new Float64Array(this.results.length * 2);
        r.set(this.results);
        this.results = r;
        const f = new Uint8Array(this.bad.length * 2);
        f.set(this.bad);
        this.bad = f;
      }
      const text = this.raw.string(code);
      const hit = this.labels.get(fold(text));
      let v: number;
      let bad = false;
      if (hit !== undefined) {
        if (this.kind === K_TEXT) v = internString(dict, String(hit));
        else v = typeof hit === "number" ? hit : NaN;
      } else if (this.kind === K_TEXT) v = e > s ? dict.intern(b, s, e) : -1;
      else {
        v = convertTo(this.kind, b, s, e, this.zone);
        bad = conv.bad;
      }
      this.results[code] = v;
      this.bad[code] = bad ? 1 : 0;
    }
    conv.bad = this.bad[code] === 1;
    return this.results[code];
  }
}

let stringScratch = new Uint8Array(256);
/** The code of a string in a byte-keyed dictionary. */
export function internString(dict: TextDict, text: string): number {
  if (text === "") return -1;
  if (stringScratch.length < text.length * 3) stringScratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, stringScratch);
  return dict.intern(stringScratch, 0, written);
}

/** Converts the requested columns into typed arrays. */
export class TableSink extends BaseSink {
  private readonly resolver: Resolver;
  /** Per wanted column: its candidate slots (keyed formats: several; header formats: at most one). */
  private readonly candidates: Candidate[][];
  /** Per wanted column: the slot read (after finishColumns), -1 = missing. */
  private chosen: Int32Array;
  readonly resolution: Resolution = { resolved: new Map(), missing: [], ambiguous: new Map() };

  // Per slot.
  private slotCol: number[] = [];
  /** The slot whose fields a batch row has for this slot (itself, or the slot of the same header). */
  private fieldSlot: number[] = [];
  private nextSlot: number[] = [];
  private kinds: number[] = [];
  private checkOnly: boolean[] = [];
  private values: Float64Array[] = [];
  private codes: Int32Array[] = [];
  private dicts: TextDict[] = [];
  private maps: (LabelMap | undefined)[] = [];
  private seen: boolean[] = [];
  private badCount: number[] = [];
  private summaryAt: ({ file: string; range: Range } | undefined)[] = [];
  /** CX4003 diagnostics of each slot (kept apart so that a cache can reuse them per column). */
  private valueDiagnostics: Diagnostic[][] = [];
  private written = new Int32Array(16);
  // Bad values of the current record, reported only when the record is complete (a record that
  // turns out to be malformed is dropped, and so are its reports).
  private pendingSlots: number[] = [];
  private pendingDiags: (Diagnostic | undefined)[] = [];
  private pendingCount: number[] = [];

  rowCount = 0;
  private cap = 1024;
  private rowLines: Int32Array = new Int32Array(1024);
  private fileOfRow: Uint16Array | undefined;
  /** Where a batch's type-checked-only values go. */
  private discard = new Float64Array(0);

  constructor(
    private readonly wanted: Wanted[],
    multiFile: boolean,
    private readonly zone: Zone = UTC,
    /** Where the columns' arrays come from once they are large (Host.memory; plain arrays without it). */
    private readonly memory?: ColumnMemory,
  ) {
    super();
    this.resolver = new Resolver(wanted);
    this.candidates = wanted.map(() => []);
    this.chosen = new Int32Array(wanted.length).fill(-1);
    if (multiFile) this.fileOfRow = new Uint16Array(this.cap);
  }

  get slotCount(): number {
    return this.slotCol.length;
  }

  /** The columns this sink reads (a parallel read gives the same list to its workers). */
  get wantedColumns(): Wanted[] {
    return this.wanted;
  }

  private addSlot(col: number, rank: number, label: string, fieldSlot = -1): number {
    const k = this.slotCol.length;
    const w = this.wanted[col];
    const kind = KIND[w.type];
    this.slotCol.push(col);
    this.fieldSlot.push(fieldSlot < 0 ? k : fieldSlot);
    this.nextSlot.push(-1);
    this.kinds.push(kind);
    const stored = w.store;
    this.checkOnly.push(!stored);
    const values = kind === K_TEXT || !stored ? EMPTY_F64 : new Float64Array(this.cap);
    const codes = kind === K_TEXT && stored ? new Int32Array(this.cap) : EMPTY_I32;
    if (this.rowCount > 0) {
      values.fill(NaN, 0, this.rowCount);
      codes.fill(-1, 0, this.rowCount);
    }
    this.values.push(values);
    this.codes.push(codes);
    const dict = new TextDict(this.memory);
    this.dicts.push(dict);
    this.maps.push(w.map && w.map.length ? new LabelMap(w.map, kind, this.zone) : undefined);
    this.seen.push(false);
    this.badCount.push(0);
    this.pendingCount.push(0);
    this.summaryAt.push(undefined);
    this.valueDiagnostics.push([]);
    if (k >= this.written.length) {
      const next = new Int32Array(this.written.length * 2);
      next.set(this.written);
      this.written = next;
    }
    this.written[k] = this.seq; // (rows so far are null already)
    this.candidates[col].push({ slot: k, rank, label });
    return k;
  }

  protected defineColumns(): void {
    // Slots are made by `route` (header formats) or `newKey` (keyed formats).
  }

  protected route(names: string[], first: boolean): Int32Array<ArrayBuffer> {
    const map = new Int32Array(names.length).fill(-1);
    const { index, ambiguous } = this.resolver.resolveHeader(names);
    for (let c = 0; c < this.wanted.length; c++) {
      const i = index[c];
      if (first) {
        if (i < 0) {
          const amb = ambiguous[c];
          if (amb) this.resolution.ambiguous.set(this.wanted[c].name, amb);
          continue;
        }
        // Text columns that are only validated need no slot (text never fails), unless mapped.
        const w = this.wanted[c];
        if (!w.store && w.type === "text" && !w.map) {
          this.resolution.resolved.set(w.name, names[i]);
          this.seenNoSlot.add(c);
          continue;
        }
        const primary = map[i];
        const k = this.addSlot(c, RANK_EXACT, names[i], primary);
        if (primary < 0) map[i] = k;
        else {
          let last = primary;
          while (this.nextSlot[last] >= 0) last = this.nextSlot[last];
          this.nextSlot[last] = k;
        }
        this.seen[k] = true;
      } else {
        // A later file of a glob: the same slots, at this file's positions.
        const cands = this.candidates[c];
        if (i < 0 || cands.length === 0) continue;
        const k = cands[0].slot;
        if (this.fieldSlot[k] === k && map[i] < 0) map[i] = k;
      }
    }
    return map;
  }

  /** Validated-only text columns present in the header (they need no slot). */
  private seenNoSlot = new Set<number>();

  protected newKey(path: string[]): KeyRoute {
    let head = -1;
    let last = -1;
    const label = path.join(".");
    for (const { col, rank } of this.resolver.match(path)) {
      const k = this.addSlot(col, rank, label);
      if (head < 0) head = k;
      else this.nextSlot[last] = k;
      last = k;
    }
    return { slot: head, descend: this.resolver.through(path) };
  }

  /** After the last file: picks each column's slot and says which are missing. */
  override finishColumns(): void {
    super.finishColumns();
    const res = this.resolution;
    for (let c = 0; c < this.wanted.length; c++) {
      const w = this.wanted[c];
      if (this.seenNoSlot.has(c)) continue;
      const { best, ambiguous } = pick(this.candidates[c], (k) => this.seen[k]);
      if (best) {
        this.chosen[c] = best.slot;
        res.resolved.set(w.name, best.label);
      } else {
        if (ambiguous) res.ambiguous.set(w.name, ambiguous);
        res.missing.push(w.name);
      }
    }
  }

  /** Converts a batch column by column: one loop per column, specialised by type. */
  override batch(batch: FieldBatch): void {
    const n = batch.rows;
    if (n === 0) return;
    while (this.rowCount + n > this.cap) this.grow(n);
    const row0 = this.rowCount;
    const { fields, width, buf, side } = batch;
    const stride = width * 4;
    const zone = this.zone;
    for (let k = 0; k < this.slotCol.length; k++) {
      const stored = !this.checkOnly[k];
      const kind = this.kinds[k];
      const f = this.fieldSlot[k];
      const labels = this.maps[k];
      if (labels) {
        if (!stored && this.discard.length < n) this.discard = new Float64Array(n);
        const dict = this.dicts[k];
        for (let i = 0, o = f * 4; i < n; i++, o += stride) {
          const s = fields[o];
          const v = s >= 0 ? labels.convert(buf, s, fields[o + 1], dict) : labels.convert(side, ~s, ~fields[o + 1], dict);
          if (!stored) {
            // type-checked only
          } else if (kind === K_TEXT) this.codes[k][row0 + i] = v;
          else this.values[k][row0 + i] = v;
          if (conv.bad) this.badInBatch(batch, i, k);
        }
        continue;
      }
      if (kind === K_TEXT) {
        if (!stored) continue;
        const codes = this.codes[k];
        const dict = this.dicts[k];
        for (let i = 0, o = f * 4; i < n; i++, o += stride) {
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
          for (let i = 0, o = f * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? intFromBytes(buf, s, fields[o + 1]) : intFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        case K_NUM:
          for (let i = 0, o = f * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? numFromBytes(buf, s, fields[o + 1]) : numFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        case K_BOOL:
          for (let i = 0, o = f * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? boolFromBytes(buf, s, fields[o + 1]) : boolFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        case K_DATE:
          for (let i = 0, o = f * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? dateFromBytes(buf, s, fields[o + 1]) : dateFromBytes(side, ~s, ~fields[o + 1]);
            if (conv.bad) this.badInBatch(batch, i, k);
          }
          break;
        default:
          for (let i = 0, o = f * 4; i < n; i++, o += stride) {
            const s = fields[o];
            out[at + i] = s >= 0 ? dateTimeFromBytes(buf, s, fields[o + 1], zone) : dateTimeFromBytes(side, ~s, ~fields[o + 1], zone);
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

  private badMessage(k: number, text: string): string {
    const w = this.wanted[this.slotCol[k]];
    const what = this.maps[k] ? `neither a label of its map nor ${TYPE_PHRASE[w.type][0]}` : `not ${TYPE_PHRASE[w.type][0]}`;
    return `Value '${displayValue(text)}' in column '${w.name}' is ${what}`;
  }

  /** CX4003 for field k of batch row i (records in a batch are complete: reported at once). */
  private badInBatch(batch: FieldBatch, i: number, k: number): void {
    const n = ++this.badCount[k];
    if (n > MAX_VALUE_REPORTS + 1) return;
    const o = (i * batch.width + this.fieldSlot[k]) * 4;
    const s = batch.fields[o];
    const text = s >= 0 ? decodeBytes(batch.buf, s, batch.fields[o + 1]) : decodeBytes(batch.side, ~s, ~batch.fields[o + 1]);
    const d = diag("CX4003", this.ctx.path, batch.range(i, this.fieldSlot[k]), { detail: sourceMessage(`${this.badMessage(k, text)}; it is treated as missing`, this.ctx.source) });
    if (n <= MAX_VALUE_REPORTS) this.valueDiagnostics[k].push(d);
    else this.summaryAt[k] = { file: d.file, range: d.range };
  }

  value(slot: number, b: Uint8Array, s: number, e: number): void {
    const row = this.rowCount;
    for (let k = slot; k >= 0; k = this.nextSlot[k]) {
      this.written[k] = this.seq;
      this.seen[k] = true;
      const kind = this.kinds[k];
      const labels = this.maps[k];
      let v: number;
      if (labels) v = labels.convert(b, s, e, this.dicts[k]);
      else if (kind === K_TEXT) {
        if (!this.checkOnly[k]) this.codes[k][row] = e > s ? this.dicts[k].intern(b, s, e) : -1;
        continue;
      } else v = convertTo(kind, b, s, e, this.zone);
      if (!this.checkOnly[k]) {
        if (kind === K_TEXT) this.codes[k][row] = v;
        else this.values[k][row] = v;
      }
      if (conv.bad) this.reportBad(k, this.badMessage(k, decodeBytes(b, s, e)));
    }
  }

  acceptsTyped(slot: number, type: ColumnType): boolean {
    const want = KIND[type];
    for (let k = slot; k >= 0; k = this.nextSlot[k]) {
      const kind = this.kinds[k];
      if (this.maps[k] || (kind !== want && !(kind === K_NUM && want === K_INT))) return false;
    }
    return true;
  }

  numberValue(slot: number, v: number): void {
    const row = this.rowCount;
    for (let k = slot; k >= 0; k = this.nextSlot[k]) {
      this.written[k] = this.seq;
      this.seen[k] = true;
      if (!this.checkOnly[k]) this.values[k][row] = v;
    }
  }

  stringValue(slot: number, v: string | undefined): void {
    const row = this.rowCount;
    for (let k = slot; k >= 0; k = this.nextSlot[k]) {
      this.written[k] = this.seq;
      this.seen[k] = true;
      if (!this.checkOnly[k]) this.codes[k][row] = v === undefined ? -1 : internString(this.dicts[k], v);
    }
  }

  typedColumns(rows: number, firstLine: number, columns: TypedColumn[]): void {
    if (rows === 0) return;
    if (this.pendingSlots.length) this.dropReports();
    while (this.rowCount + rows > this.cap) this.grow(rows);
    const row0 = this.rowCount;
    const given = new Uint8Array(this.kinds.length);
    for (const c of columns) {
      for (let k = c.slot; k >= 0; k = this.nextSlot[k]) {
        given[k] = 1;
        this.seen[k] = true;
        if (this.checkOnly[k] || "unread" in c) continue;
        if ("numbers" in c) {
          this.values[k].set(c.numbers.subarray(0, rows), row0);
          continue;
        }
        // Each distinct entry of the list is interned once (−2: not yet).
        const codes = this.codes[k];
        const dict = this.dicts[k];
        const { list, index } = c;
        const code = new Int32Array(list.length).fill(-2);
        for (let i = 0; i < rows; i++) {
          const x = index[i];
          if (x < 0) {
            codes[row0 + i] = -1;
            continue;
          }
          let v = code[x];
          if (v === -2) {
            const text = list[x];
            v = code[x] = text === undefined ? -1 : internString(dict, text);
          }
          codes[row0 + i] = v;
        }
      }
    }
    for (let k = 0; k < this.kinds.length; k++) {
      if (given[k] || this.checkOnly[k]) continue;
      if (this.kinds[k] === K_TEXT) this.codes[k].fill(-1, row0, row0 + rows);
      else this.values[k].fill(NaN, row0, row0 + rows);
    }
    for (let i = 0; i < rows; i++) this.rowLines[row0 + i] = firstLine + i;
    if (this.fileOfRow) this.fileOfRow.fill(this.ctx.index, row0, row0 + rows);
    this.rowCount += rows;
    if (this.rowCount === this.cap) this.grow();
  }

  keepsValues(slot: number): boolean {
    for (let k = slot; k >= 0; k = this.nextSlot[k]) if (!this.checkOnly[k]) return true;
    return false;
  }

  nested(slot: number, what: string): void {
    const row = this.rowCount;
    for (let k = slot; k >= 0; k = this.nextSlot[k]) {
      this.written[k] = this.seq;
      this.seen[k] = true;
      if (this.checkOnly[k]) {
        // type-checked only
      } else if (this.kinds[k] === K_TEXT) this.codes[k][row] = -1;
      else this.values[k][row] = NaN;
      this.reportBad(k, `Value in column '${this.wanted[this.slotCol[k]].name}' is ${what}, not a single value`);
    }
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
    for (let k = 0; k < this.slotCol.length; k++) {
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
   * rows about to be added), else double. Once 1,024 rows have been seen the estimate is trusted,
   * so that a large file is allocated once instead of copied while it grows. (It was 4,096, with a
   * step to 65,536 rows first: 12 arrays of 512 KiB on the survey file that stayed resident, ≈ 5 MB
   * at the peak. Trusting 1,024 rows needed the parser's offset() to count the rows handed over, not
   * where the current chunk began: docs/performance.md, "Stop 21".)
   */
  private nextCapacity(pending: number): number {
    const doubled = this.cap * 2;
    const consumed = this.ctx.bytesBefore + (this.locator.offset?.() ?? 0);
    if (this.ctx.bytesTotal <= 0 || consumed <= 0 || consumed >= this.ctx.bytesTotal) return doubled;
    const seen = this.rowCount + pending;
    const estimate = Math.ceil((seen * this.ctx.bytesTotal * 1.02) / consumed) + 64;
    if (estimate <= this.cap) return doubled;
    return seen >= 1024 ? estimate : Math.min(estimate, this.cap * 64);
  }

  /** The rows the data is expected to hold, from the bytes read so far (without nextCapacity's slack); 0 when unknown. */
  private expectedRows(pending: number): number {
    const consumed = this.ctx.bytesBefore + (this.locator.offset?.() ?? 0);
    if (this.ctx.bytesTotal <= 0 || consumed <= 0) return 0;
    return Math.ceil(((this.rowCount + pending) * this.ctx.bytesTotal) / Math.min(consumed, this.ctx.bytesTotal));
  }

  private grow(pending = 0): void {
    this.settle();
    const cap = this.nextCapacity(pending);
    const m = this.memory;
    // With prepared memory the rows so far are copied later (settle): by then the helper has
    // faulted the new arrays' pages in, so the copy takes no faults on this thread.
    const move = <T extends Float64Array | Int32Array | Uint16Array>(from: T, to: T): T => {
      if (m) this.unsettled.push({ from, to, rows: this.rowCount });
      else to.set(from);
      return to;
    };
    const fresh: (Float64Array | Int32Array | Uint16Array)[] = [];
    for (let k = 0; k < this.kinds.length; k++) {
      if (this.checkOnly[k]) continue;
      if (this.kinds[k] === K_TEXT) fresh.push((this.codes[k] = move(this.codes[k], m ? m.int32(cap) : new Int32Array(cap))));
      else fresh.push((this.values[k] = move(this.values[k], m ? m.float64(cap) : new Float64Array(cap))));
    }
    fresh.push((this.rowLines = move(this.rowLines, m ? m.int32(cap) : new Int32Array(cap))));
    if (this.fileOfRow) fresh.push((this.fileOfRow = move(this.fileOfRow, m ? m.uint16(cap) : new Uint16Array(cap))));
    this.cap = cap;
    // Rows are written in order from here (the helper starts here, and does the rows before last),
    // up to the rows expected: a capacity doubled past them would only be made resident.
    m?.prepare(fresh, this.rowCount, Math.min(cap, this.expectedRows(pending)));
  }

  /** Copies waiting since the last grow: each old array's rows into the larger one that replaced it. */
  private unsettled: { from: Float64Array | Int32Array | Uint16Array; to: Float64Array | Int32Array | Uint16Array; rows: number }[] = [];

  /** Makes the arrays whole (before they are read or grown again). */
  private settle(): void {
    if (this.unsettled.length === 0) return;
    for (const { from, to, rows } of this.unsettled) to.set(from.subarray(0, rows));
    this.unsettled = [];
  }

  /** The summary diagnostic ("…and N more values …") of slot k, if it had more than 20 bad values. */
  private summary(k: number): Diagnostic | undefined {
    const at = this.summaryAt[k];
    if (!at) return undefined;
    const more = this.badCount[k] - MAX_VALUE_REPORTS;
    const w = this.wanted[this.slotCol[k]];
    const phrase = more === 1 ? TYPE_PHRASE[w.type][0] : TYPE_PHRASE[w.type][1];
    const what = this.maps[k] ? `${more === 1 ? "is" : "are"} neither ${more === 1 ? "a label" : "labels"} of its map nor ${phrase}` : `${more === 1 ? "is" : "are"} not ${phrase}`;
    return diag("CX4003", at.file, at.range, {
      detail: sourceMessage(`…and ${formatCount(more)} more value${more === 1 ? "" : "s"} in column '${w.name}' ${what}`, this.ctx.source),
    });
  }

  /** CX4003 diagnostics of each wanted column read (with its summary), by column name. */
  diagnosticsByColumn(): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (let c = 0; c < this.wanted.length; c++) {
      const k = this.chosen[c];
      if (k < 0) continue;
      const summary = this.summary(k);
      out.set(this.wanted[c].name, summary ? [...this.valueDiagnostics[k], summary] : this.valueDiagnostics[k]);
    }
    return out;
  }

  /** The column read for slot k (exactly rowCount long). */
  private column(name: string, k: number): Column {
    const n = this.rowCount;
    const type = this.wanted[this.slotCol[k]].type;
    if (type === "text") return { name, type: "text", codes: fit(this.codes[k], n), dict: this.dicts[k].strings() };
    return { name, type, values: fit(this.values[k], n) };
  }

  /** A part's columns (parallel.ts, on the worker): call after the part's last record. */
  exportPart(): PartColumns {
    this.settle();
    const n = this.rowCount;
    const columns: (PartColumn | undefined)[] = [];
    for (let c = 0; c < this.wanted.length; c++) {
      const k = this.candidates[c][0]?.slot;
      if (k === undefined) {
        columns.push(undefined);
        continue;
      }
      const summaryAt = this.summaryAt[k];
      const p: PartColumn = { bad: this.badCount[k], diagnostics: this.valueDiagnostics[k], ...(summaryAt ? { summaryAt } : {}) };
      if (!this.checkOnly[k]) {
        // Views, not copies: their buffers are transferred whole (the sink is done with them).
        if (this.kinds[k] === K_TEXT) {
          p.codes = this.codes[k].subarray(0, n);
          // The dictionary's bytes as interned (exact copies: no decoding, no re-encoding).
          const { bytes, ends } = this.dicts[k].encoded();
          p.dictBytes = bytes.slice();
          p.dictEnds = ends.slice();
        } else p.values = this.values[k].subarray(0, n);
      }
      columns.push(p);
    }
    return { rows: n, rowLines: this.rowLines.subarray(0, n), columns };
  }

  /** Appends the records of a part read elsewhere (its lines `shift` lines further down in the file). */
  absorb(part: PartColumns, shift: number): void {
    const n = part.rows;
    if (n > 0) while (this.rowCount + n > this.cap) this.grow(n);
    const row0 = this.rowCount;
    for (let c = 0; c < this.wanted.length; c++) {
      const k = this.candidates[c][0]?.slot;
      if (k === undefined) continue;
      const p = part.columns[c];
      if (p) this.absorbReports(k, p, shift);
      if (this.checkOnly[k] || n === 0) continue;
      if (this.kinds[k] === K_TEXT) {
        const codes = this.codes[k];
        if (!p?.codes || !p.dictEnds || !p.dictBytes) {
          codes.fill(-1, row0, row0 + n);
          continue;
        }
        const dict = this.dicts[k];
        const ends = p.dictEnds;
        const bytes = p.dictBytes;
        const remap = new Int32Array(ends.length);
        for (let i = 0, s = 0; i < ends.length; s = ends[i++]) remap[i] = dict.intern(bytes, s, ends[i]);
        const pc = p.codes;
        for (let i = 0; i < n; i++) {
          const x = pc[i];
          codes[row0 + i] = x < 0 ? -1 : remap[x];
        }
      } else if (p?.values) this.values[k].set(p.values, row0);
      else this.values[k].fill(NaN, row0, row0 + n);
    }
    if (n === 0) return;
    const lines = part.rowLines;
    for (let i = 0; i < n; i++) this.rowLines[row0 + i] = lines[i] + shift;
    if (this.fileOfRow) this.fileOfRow.fill(this.ctx.index, row0, row0 + n);
    this.rowCount += n;
    if (this.rowCount === this.cap) this.grow();
  }

  /** A part's CX4003 reports after those of the records before it: the first 20 of the file are kept, the 21st places the summary. */
  private absorbReports(k: number, p: PartColumn, shift: number): void {
    let taken = 0;
    for (const d of p.diagnostics) {
      if (this.badCount[k] > MAX_VALUE_REPORTS) break;
      const n = ++this.badCount[k];
      taken++;
      const r = shiftRange(d.range, shift);
      if (n <= MAX_VALUE_REPORTS) this.valueDiagnostics[k].push({ ...d, range: r });
      else this.summaryAt[k] = { file: d.file, range: r };
    }
    if (p.summaryAt && this.badCount[k] === MAX_VALUE_REPORTS && taken < p.bad) {
      this.badCount[k]++;
      taken++;
      this.summaryAt[k] = { file: p.summaryAt.file, range: shiftRange(p.summaryAt.range, shift) };
    }
    this.badCount[k] += p.bad - taken;
  }

  table(files: string[]): Table {
    this.settle();
    const columns = new Map<string, Column>();
    for (let c = 0; c < this.wanted.length; c++) {
      const k = this.chosen[c];
      if (k >= 0 && this.wanted[c].store) columns.set(this.wanted[c].name, this.column(this.wanted[c].name, k));
    }
    const t: Table = { rowCount: this.rowCount, columns, rowLines: fit(this.rowLines, this.rowCount), files };
    if (this.fileOfRow) t.fileOfRow = fit(this.fileOfRow, this.rowCount);
    for (const d of this.dicts) d.release(); // (the columns have their values: the tables go to the scratch pool)
    return t;
  }
}

// ---------------------------------------------------------------------------------------------
// Parts of a file read on other threads (parallel.ts): what a TableSink read, as transferable
// arrays, and how the sink of the whole file takes it in. Text dictionaries travel as UTF-8 bytes
// (`dictBytes`, `dictEnds[i]` the end of entry i) and are merged by interning them in order, so
// codes keep the serial reader's first-appearance order; CX4003 reports are merged so that the
// first MAX_VALUE_REPORTS of the whole file are kept and the summary points at the next one.

/** What a part read of one wanted column. */
export interface PartColumn {
  values?: Float64Array;
  codes?: Int32Array;
  dictBytes?: Uint8Array;
  dictEnds?: Int32Array;
  /** Bad values (CX4003) in the part, its first MAX_VALUE_REPORTS reports, and where the next one is. */
  bad: number;
  diagnostics: Diagnostic[];
  summaryAt?: { file: string; range: Range };
}

/** What a part of a file read: rows, their (part-local) lines, and per wanted column (by index) its data, if it has a slot. */
export interface PartColumns {
  rows: number;
  rowLines: Int32Array;
  columns: (PartColumn | undefined)[];
}

/** Moves a range `shift` lines down. */
export function shiftRange(r: Range, shift: number): Range {
  return shift === 0 ? r : range(r.start.line + shift, r.start.character, r.end.line + shift, r.end.character);
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

/** Distinct values a scan keeps per column (the editor completes `map` labels and `==` values from them). */
export const MAX_DISTINCT = 50;

/**
 * Infers every column's type and gathers statistics. With declared columns (`cx check` of a
 * source with a `columns` block) it also says which header or key path each would read.
 */
export class ScanSink extends BaseSink {
  rowCount = 0;
  get slotCount(): number {
    return this.masks.length;
  }
  // Per slot: a column of the schema, or (keyed formats) a declared column's candidate (presence only).
  private names: string[] = [];
  private isColumn: boolean[] = [];
  private scalar: boolean[] = [];
  private nextSlot: number[] = [];
  private masks: number[] = [];
  private nonNull: number[] = [];
  /** Null values (empty, blank, nested); records without a value are rowCount − rowsWith. */
  private nulls: number[] = [];
  private rowsWith: number[] = [];
  private written = new Int32Array(16);
  /** Per slot: the distinct values met so far (up to MAX_DISTINCT), in order of first appearance. */
  private sampleText: string[][] = [];
  /**
   * Per slot, until MAX_DISTINCT values are known: those values interned (the reader's own byte
   * dictionary: a value of up to 16 bytes is found by comparing five ints, without hashing its bytes
   * into a Map — which was half of a scan's time on low-cardinality columns).
   */
  private sampleDicts: (TextDict | undefined)[] = [];
  private numMin: number[] = [];
  private numMax: number[] = [];
  private dateMin: number[] = [];
  private dateMax: number[] = [];
  private dtMin: number[] = [];
  private dtMax: number[] = [];
  private slotIndex = new Map<string, number>();
  /** Types given by the file's schema (Parquet), by slot. */
  private forced: (ColumnType | undefined)[] = [];
  private lastRoute: Int32Array = new Int32Array(0);

  private readonly resolver: Resolver | undefined;
  private readonly candidates: Candidate[][];
  readonly resolution: Resolution = { resolved: new Map(), missing: [], ambiguous: new Map() };

  /** Shape only: the current file's header is in (CSV, Parquet). */
  private headerIn = false;

  /**
   * `shapeOnly` (`cx check`, scanSource's option): the sink is done with a file once what the
   * declared columns resolve to is known: after the header (CSV, Parquet), or once every declared
   * column has met its exact key, which no later record can change (JSON, JSONL, YAML). Row counts,
   * statistics and types then cover only what was read.
   */
  constructor(
    private readonly declared: { name: string; header: string }[] = [],
    private readonly zone: Zone = UTC,
    readonly shapeOnly = false,
  ) {
    super();
    this.resolver = declared.length ? new Resolver(declared) : undefined;
    this.candidates = declared.map(() => []);
  }

  get done(): boolean {
    if (!this.shapeOnly) return false;
    if (!this.keyed) return this.headerIn;
    if (!this.resolver) return false;
    for (const cands of this.candidates) if (!cands.some((c) => c.rank === RANK_EXACT && this.scalar[c.slot])) return false;
    return true;
  }

  override beginFile(ctx: FileCtx, locator: Locator): void {
    super.beginFile(ctx, locator);
    this.headerIn = false;
  }

  override header(names: string[], ranges?: (Range | undefined)[]): Int32Array<ArrayBuffer> {
    const map = super.header(names, ranges);
    this.headerIn = true;
    return map;
  }

  private addSlot(name: string, column: boolean): number {
    const k = this.masks.length;
    this.names.push(name);
    this.isColumn.push(column);
    this.scalar.push(false);
    this.nextSlot.push(-1);
    this.masks.push(T_ALL);
    this.nonNull.push(0);
    this.nulls.push(0);
    this.rowsWith.push(0);
    this.sampleText.push([]);
    this.sampleDicts.push(undefined);
    this.numMin.push(Infinity);
    this.numMax.push(-Infinity);
    this.dateMin.push(Infinity);
    this.dateMax.push(-Infinity);
    this.dtMin.push(Infinity);
    this.dtMax.push(-Infinity);
    if (k >= this.written.length) {
      const next = new Int32Array(this.written.length * 2);
      next.set(this.written);
      this.written = next;
    }
    this.written[k] = -1;
    return k;
  }

  protected defineColumns(columns: string[]): void {
    columns.forEach((c) => this.slotIndex.set(c, this.addSlot(c, true)));
  }

  protected route(names: string[], first: boolean): Int32Array<ArrayBuffer> {
    if (first && this.resolver) {
      const { index, ambiguous } = this.resolver.resolveHeader(names);
      this.declared.forEach((d, c) => {
        if (index[c] >= 0) this.resolution.resolved.set(d.name, names[index[c]]);
        else {
          this.resolution.missing.push(d.name);
          if (ambiguous[c]) this.resolution.ambiguous.set(d.name, ambiguous[c]!);
        }
      });
    }
    const map = new Int32Array(names.length).fill(-1);
    const mapped = new Set<string>();
    for (let i = 0; i < names.length; i++) {
      if (mapped.has(names[i])) continue; // duplicates: the first wins
      mapped.add(names[i]);
      map[i] = this.slotIndex.get(names[i]) ?? -1;
    }
    this.lastRoute = map;
    return map;
  }

  fieldTypes(types: ColumnType[]): void {
    types.forEach((t, i) => {
      const k = this.lastRoute[i];
      if (k >= 0 && this.forced[k] === undefined) this.forced[k] = t;
    });
  }

  protected newKey(path: string[]): KeyRoute {
    let head = -1;
    let last = -1;
    const chain = (k: number) => {
      if (head < 0) head = k;
      else this.nextSlot[last] = k;
      last = k;
    };
    if (path.length === 1) {
      const k = this.addSlot(path[0], true);
      this.slotIndex.set(path[0], k);
      chain(k);
    }
    if (this.resolver) {
      const label = path.join(".");
      for (const { col, rank } of this.resolver.match(path)) {
        const k = this.addSlot(label, false);
        this.candidates[col].push({ slot: k, rank, label });
        chain(k);
      }
    }
    return { slot: head, descend: this.resolver?.through(path) ?? false };
  }

  override finishColumns(): void {
    super.finishColumns();
    if (!this.keyed) return;
    // Keyed formats: the columns are the keys that had a value other than an object or a list.
    this.columns = this.columns!.filter((name) => {
      const k = this.slotIndex.get(name);
      return k !== undefined && this.scalar[k];
    });
    if (this.resolver) {
      this.declared.forEach((d, c) => {
        const { best, ambiguous } = pick(this.candidates[c], (k) => this.scalar[k]);
        if (best) this.resolution.resolved.set(d.name, best.label);
        else {
          this.resolution.missing.push(d.name);
          if (ambiguous) this.resolution.ambiguous.set(d.name, ambiguous);
        }
      });
    }
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

  value(slot: number, b: Uint8Array, s: number, e: number): void {
    for (let k = slot; k >= 0; k = this.nextSlot[k]) this.hold(k, b, s, e);
  }

  private hold(k: number, b: Uint8Array, s: number, e: number): void {
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
    if (this.shapeOnly) {
      if (s >= 0) this.scalar[k] = true; // only presence: no statistics, no type inference
      return;
    }
    if (this.written[k] !== this.seq) {
      this.written[k] = this.seq;
      this.rowsWith[k]++;
    }
    if (!this.isColumn[k]) {
      if (s >= 0) this.scalar[k] = true; // a declared column's candidate: present
      return;
    }
    if (s < 0) {
      // A nested value: null for the statistics.
      this.nulls[k]++;
      return;
    }
    this.scalar[k] = true;
    if (isBlank(b, s, e)) {
      this.nulls[k]++;
      return;
    }
    this.nonNull[k]++;
    if (this.sampleText[k].length < MAX_DISTINCT) this.sample(k, b, s, e);
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
        this.trackDateTime(k, this.zone.fromLocal(d * 86400000));
      }
    }
    if (m & T_DATETIME && !(ok & T_DATETIME)) {
      const t = dateTimeFromBytes(b, s, e, this.zone);
      if (!conv.bad) {
        ok |= T_DATETIME;
        this.trackDateTime(k, t);
      }
    }
    this.masks[k] = m & ok;
  }

  /**
   * Remembers a value if it is new (up to MAX_DISTINCT distinct values per column, in order of first
   * appearance). Values are interned in a small TextDict, so a column with few distinct values
   * costs one table probe per value; a column that reaches the limit costs nothing more.
   */
  private sample(k: number, b: Uint8Array, s: number, e: number): void {
    let dict = this.sampleDicts[k];
    if (!dict) this.sampleDicts[k] = dict = new TextDict();
    const known = dict.size;
    if (dict.intern(b, s, e) < known) return;
    const text = this.sampleText[k];
    text.push(decodeBytes(b, s, e));
    if (text.length === MAX_DISTINCT) this.sampleDicts[k] = undefined; // full: never looked at again
  }

  private trackNum(k: number, v: number): void {
    if (v < this.numMin[k]) this.numMin[k] = v;
    if (v > this.numMax[k]) this.numMax[k] = v;
  }

  private trackDateTime(k: number, t: number): void {
    if (t < this.dtMin[k]) this.dtMin[k] = t;
    if (t > this.dtMax[k]) this.dtMax[k] = t;
  }

  nested(slot: number): void {
    // Not a scalar: null for the statistics; a declared candidate is present.
    for (let k = slot; k >= 0; k = this.nextSlot[k]) {
      if (this.heldLen + 3 > this.held.length) {
        const next = new Int32Array(this.held.length * 2);
        next.set(this.held);
        this.held = next;
      }
      this.held[this.heldLen++] = k;
      this.held[this.heldLen++] = this.isColumn[k] ? -1 : 0;
      this.held[this.heldLen++] = this.isColumn[k] ? -1 : 0;
    }
  }

  endRecord(): void {
    const held = this.held;
    for (let i = 0; i < this.heldLen; i += 3) this.apply(held[i], this.arena, held[i + 1], held[i + 2]);
    this.heldLen = 0;
    this.arenaLen = 0;
    this.rowCount++;
  }

  /** The slot of a schema column. */
  slotOfColumn(name: string): number {
    return this.slotIndex.get(name) ?? -1;
  }

  /** The inferred type of slot k: integer ⊂ number, then boolean, date ⊂ datetime; else (or all null) text. */
  typeOf(k: number): ColumnType {
    const forced = this.forced[k];
    if (forced) return forced;
    const m = this.masks[k];
    if (this.nonNull[k] === 0 || m === 0) return "text";
    if (m & T_INT) return "integer";
    if (m & T_NUM) return "number";
    if (m & T_BOOL) return "boolean";
    if (m & T_DATE) return "date";
    if (m & T_DATETIME) return "datetime";
    return "text";
  }

  /** Up to MAX_DISTINCT distinct non-null values of slot k, as written, in order of first appearance. */
  distinct(k: number): string[] {
    return this.sampleText[k];
  }

  stats(k: number): { nulls: number; distinctSamples: string[]; min?: string; max?: string } {
    const nulls = this.nulls[k] + this.rowCount - this.rowsWith[k];
    const out: { nulls: number; distinctSamples: string[]; min?: string; max?: string } = { nulls, distinctSamples: this.sampleText[k].slice(0, 5) };
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
