// The columnar in-memory form of a source's data. Readers produce it; the evaluator consumes it.
//
// Invariants:
// - One typed array per column, never one object per row.
// - Numbers, integers, booleans (0/1), dates (days since 1970-01-01, UTC) and datetimes
//   (milliseconds since the epoch, UTC) live in Float64Array `values`; NaN means null.
// - Text lives in an Int32Array of dictionary codes (`codes`, -1 = null) plus `dict`, the distinct
//   strings. Readers keep them as UTF-8 bytes and decode a string only when something asks for it
//   (`dict.at(code)`): counting distinct values, grouping and joining on codes never make one.
// - Only the columns a workspace uses are materialised (plus those asked for by the editor).

export type ColumnType = "text" | "integer" | "number" | "boolean" | "date" | "datetime";
export const COLUMN_TYPES: readonly ColumnType[] = ["text", "integer", "number", "boolean", "date", "datetime"];

export interface NumericColumn {
  name: string;
  type: Exclude<ColumnType, "text">;
  values: Float64Array;
}

/**
 * The distinct strings of a text column, by code. A plain array is one; the readers' is a
 * `ByteStrings` (bytes.ts), which decodes each string on first use. Distinct codes are distinct
 * byte strings, so two codes can share a string only when it holds U+FFFD (see canonicalText).
 */
export interface Strings {
  readonly length: number;
  /** The string of a code (undefined outside 0 … length − 1). */
  at(code: number): string | undefined;
  [Symbol.iterator](): Iterator<string>;
  /** When present: false proves the string of `code` holds no U+FFFD, without decoding it. */
  mayHoldReplacement?(code: number): boolean;
  /** When present: whether the string of `code` is the one whose UTF-8 is `bytes`, without decoding it. */
  equalsBytes?(code: number, bytes: Uint8Array): boolean;
}

export interface TextColumn {
  name: string;
  type: "text";
  codes: Int32Array;
  dict: Strings;
}

export type Column = NumericColumn | TextColumn;

export interface Table {
  /** Number of data rows (records), after skipping malformed ones. */
  rowCount: number;
  /** Columns that were materialised, by name. */
  columns: Map<string, Column>;
  /** 1-based line in the data file where each row starts (for diagnostics found during evaluation). */
  rowLines: Int32Array;
  /** For globs: the file of each row is files[fileOfRow[i]]. Undefined when there is one file. */
  files: string[];
  fileOfRow?: Uint16Array;
}

/** What a reader learned about a data file's shape (header and inferred types), for checks and hovers. */
export interface DataSchema {
  /** Column names in file order (CSV header, keys of the first record). */
  columns: string[];
  /** Inferred type of each column from its values (when the source declares no schema). */
  inferred: Map<string, ColumnType>;
}
