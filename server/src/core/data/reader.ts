// The data readers' public API (language reference §6, language-v2 §9). Implementation:
//   source.ts  driver (the files of a source, re-reads of changed files), scanSource, readSource
//   decode.ts  bytes → UTF-8: encodings, byte-order marks, invalid UTF-8 (CX4009), binary files
//   csv.ts     byte-level CSV state machine            json.ts    streaming JSON / JSONL tokenizer
//   yaml.ts    YAML: yaml-fast.ts for the usual shapes,  parquet.ts Parquet through `hyparquet`
//              else the `yaml` package
//   sink.ts    typed-array columns, header resolution (Resolver), label maps, type inference
//   bytes.ts   conversions from bytes, text dictionary  cache.ts   DataCache for the editor
//   locate.ts  locateField (carets for problems found during evaluation)
//   glob.ts    glob patterns as automata (for hosts)
//
// Decisions where the references are silent:
//  - An empty CSV field is null, quoted (`""`) or not, for every column type (text included).
//    A value that is only whitespace is null for non-text columns (no CX4003); text keeps values
//    verbatim (not trimmed). Header names are not trimmed (matching ignores surrounding whitespace).
//  - Empty lines are skipped anywhere in CSV and JSONL (not only at the end).
//  - CX4003 is reported 20 times per column and source, then once as "…and N more values …".
//    CSV records with the wrong number of fields: 20 CX4004 warnings per file, then one summary.
//  - CX4003 points at the field (a CSV field on a later line of its record, or spanning lines,
//    is located exactly); JSON/YAML at the value's token. CX4004 for a record with too many
//    fields points at the extra fields, with too few at the record's last character.
//  - Type inference: integer ⊂ number; only true/false (any case) make a boolean column (a 0/1
//    column is integer, yes/no is text); YYYY-MM-DD is a date; date-times, or dates mixed with
//    date-times, are datetime; anything else, or no value at all, is text. Parquet columns take
//    the schema's types instead.
//  - Header matching (§9.1): exact; then (JSON/JSONL/YAML) the exact dotted path; then the one
//    header equal ignoring case and surrounding whitespace (`fold`: trim, toUpperCase,
//    toLowerCase); then the one dotted path equal segment by segment that way. Several equal
//    ignoring case: none is read, `ambiguous` lists them. One header may feed several columns.
//  - In a CSV glob, the first file's columns are the source's columns; a file whose columns differ
//    (as a set) is a CX4004 error at its line 1 and is still read, by column name (absent columns
//    are null). A file with no header or no records is not compared. JSON/JSONL/YAML globs are not
//    compared: the columns are the union of all records of all files.
//  - JSON/YAML: a key is a column (without `columns`) if some record has a value there that is not
//    an object or list (null counts); a declared column is present if some record has the key
//    (or path) at all. Duplicate keys in one record: the last value wins.
//  - The CSV delimiter is one ASCII character (not `"` or a line break); anything else means ",".
//  - JSON numbers keep their written form as text (`3.0` is not an integer; in a text column it
//    stays "3.0"); so do YAML plain scalars. Parquet values are given in the CSV forms
//    (`7.0` for a DOUBLE 7, so it is a number).
//  - Encodings: see decode.ts. A binary file is one CX4004 error at line 1 (in the data file, like
//    the other "nothing is read from this file" errors), not CX4001 on the source: the file exists
//    and can be opened; it is its content that is wrong.
//  - Unreadable sources: every error is in ScanResult.diagnostics / ReadResult.diagnostics (with
//    severity "error"); a source whose scan has errors and no columns is unreadable, and the
//    evaluator reports the scan's diagnostics (Analysis.pendingScanDiagnostics) for it.
//  - A file that changed during a read (stat before/after, bytes read) is read once more; a second
//    change gives no rows (columns of the right types, length 0) and CX4001 at the file's line 1.

export { formatFromPath, delimiterFromPath, encodingFromName, columnSpecs, scanSource, readSource } from "./source";
export type { DataFormat, SourceSpec, ColumnSpec, Encoding, ColumnStats, ColumnResolution, ScanResult, ReadResult } from "./source";
export { locateField } from "./locate";
export { DataCache } from "./cache";
