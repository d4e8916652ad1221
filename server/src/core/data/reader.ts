// The data readers' public API (language reference §6). Implementation:
//   source.ts  driver (the files of a source, glob column checks), scanSource, readSource
//   csv.ts     byte-level CSV state machine            json.ts   streaming JSON / JSONL tokenizer
//   yaml.ts    YAML through the `yaml` package          sink.ts   typed-array columns, type inference
//   bytes.ts   conversions from bytes, text dictionary  cache.ts  DataCache for the editor
//   glob.ts    glob patterns (for hosts)
//
// Decisions where the reference is silent:
//  - An empty CSV field is null, quoted (`""`) or not, for every column type (text included).
//    A value that is only whitespace is null for non-text columns (no CX4003); text keeps values
//    verbatim (not trimmed). Header names are not trimmed either.
//  - Empty lines are skipped anywhere in CSV and JSONL (not only at the end).
//  - CX4003 is reported 20 times per column and source, then once as "…and N more values …".
//    CSV records with the wrong number of fields: 20 CX4004 warnings per file, then one summary.
//  - CX4003/CX4004 point at the record's first line; the range is the field's when the field
//    starts on that line, else the start of the record.
//  - Type inference: integer ⊂ number; only true/false (any case) make a boolean column (a 0/1
//    column is integer, yes/no is text); YYYY-MM-DD is a date; date-times, or dates mixed with
//    date-times, are datetime; anything else, or no value at all, is text.
//  - In a glob, the first file's columns are the source's columns; a file whose columns differ
//    (as a set) is a CX4004 error at its line 1 and is still read, by column name (absent columns
//    are null). A file with no header or no records is not compared.
//  - The CSV delimiter is one ASCII character (not `"` or a line break); anything else means ",".
//  - JSON numbers keep their written form as text (`3.0` is not an integer; in a text column it
//    stays "3.0"); so do YAML plain scalars.

export { formatFromPath, delimiterFromPath, encodingFromName, columnSpecs, scanSource, readSource } from "./source";
export type { DataFormat, SourceSpec, ColumnSpec, Encoding, ColumnStats, ColumnResolution, ScanResult, ReadResult } from "./source";
export { locateField } from "./locate";
export { DataCache } from "./cache";
