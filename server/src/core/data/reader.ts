// The data readers' public API (language reference §6). Implementation:
//   source.ts  driver (files of a source, glob column checks), scanSource, readSource
//   csv.ts     byte-level CSV state machine         json.ts  streaming JSON / JSONL tokenizer
//   yaml.ts    YAML via the `yaml` package           sink.ts  typed-array columns, type inference
//   bytes.ts   conversions from bytes, text dictionary   cache.ts  DataCache for the editor
//
// Decisions where the reference is silent:
//  - An empty CSV field is null, quoted (`""`) or not, for every column type (text included).
//    A value that is only whitespace is null for non-text columns (no CX4003); text keeps values verbatim.
//  - Empty lines are skipped anywhere in CSV and JSONL.
//  - In a glob, the first file's columns are the source's columns; a file whose columns differ is a
//    CX4004 error at its line 1, and is still read by column name (absent columns are null).
//    A file with no header/records at all is not compared.
//  - CX4003/CX4004 point at the record's first line; the column range is the field's when the field
//    starts on that line (else the record start).

export { formatFromPath, delimiterFromPath, scanSource, readSource } from "./source";
export type { DataFormat, SourceSpec, ColumnStats, ScanResult, ReadResult } from "./source";
export { DataCache } from "./cache";
