// Finding where one value is in a data file, after the fact: the evaluator knows a row's file and
// line (Table.rowLines, fileOfRow) when it finds a problem with a value (CX4006, a score outside
// its scale) and asks for the range of the field. The file is read again up to that line (and no
// further) with the format's parser and a sink that only watches that record.

import type { Host } from "../host";
import type { Range } from "../text";
import { readCsv } from "./csv";
import { decodeText, utf8Check, type DecodeState } from "./decode";
import { readJson } from "./json";
import { Resolver, type FieldBatch, type FileCtx, type KeyRoute, type Locator, type RecordSink } from "./sink";
import { columnSpecs, type SourceSpec } from "./source";
import { readYaml } from "./yaml";

class LocateSink implements RecordSink {
  done = false;
  found: Range | undefined;
  private locator!: Locator;
  private resolver: Resolver;
  private ranks: number[] = [];
  private pending: (Range | undefined)[] = [];
  private bestRank = Infinity;
  private slotOfField = -1;

  constructor(
    header: string,
    private readonly line: number,
  ) {
    this.resolver = new Resolver([{ header }]);
  }

  beginFile(_ctx: FileCtx, locator: Locator): void {
    this.locator = locator;
  }

  get slotCount(): number {
    return Math.max(1, this.ranks.length);
  }

  header(names: string[]): Int32Array<ArrayBuffer> {
    const map = new Int32Array(names.length).fill(-1);
    const i = this.resolver.resolveHeader(names).index[0];
    if (i >= 0) {
      map[i] = 0;
      this.slotOfField = 0;
      this.ranks = [0];
    } else this.done = true; // no such column
    return map;
  }

  keyNode(path: string[]): KeyRoute {
    const m = this.resolver.match(path);
    let slot = -1;
    if (m.length) {
      slot = this.ranks.length;
      this.ranks.push(m[0].rank);
    }
    return { slot, descend: this.resolver.through(path) };
  }

  batch(batch: FieldBatch): void {
    for (let i = 0; i < batch.rows; i++) {
      if (batch.lines[i] === this.line && this.slotOfField >= 0) {
        this.found = batch.range(i, this.slotOfField);
        this.done = true;
        return;
      }
      if (batch.lines[i] > this.line) this.done = true;
    }
  }

  beginRecord(): void {
    this.pending = [];
    this.bestRank = Infinity;
  }

  value(slot: number): void {
    this.note(slot);
  }

  nested(slot: number): void {
    this.note(slot);
  }

  private note(slot: number): void {
    if (slot < 0 || this.ranks[slot] > this.bestRank) return;
    this.bestRank = this.ranks[slot];
    this.pending[slot] = this.locator.valueRange();
    this.found = this.pending[slot];
  }

  endRecord(line: number): void {
    if (line === this.line) this.done = true;
    else {
      if (line > this.line) this.done = true;
      this.found = undefined;
    }
  }
}

/**
 * The range of column `column` (a .cx column name; spec.declared says which header it reads) in
 * the record that starts on 1-based `line` of `file`, one of the source's files. Undefined when
 * the file has no such record or column, cannot be read, or is Parquet (no lines).
 */
export async function locateField(host: Host, spec: SourceSpec, file: string, line: number, column: string, signal?: AbortSignal): Promise<Range | undefined> {
  if (spec.format === "parquet") return undefined;
  const header = columnSpecs(spec.declared).get(column)?.header ?? column;
  const sink = new LocateSink(header, line);
  const ctx: FileCtx = { path: file, index: 0, source: spec.name, diagnostics: [], bytesBefore: 0, bytesTotal: 0 };
  const state: DecodeState = { invalidAt: -1, invalidByte: 0, binary: undefined };
  try {
    const chunks = decodeText(host.readChunks(file, signal), spec.encoding, state, utf8Check(host));
    if (spec.format === "csv") await readCsv(ctx, chunks, spec.delimiter, sink, signal);
    else if (spec.format === "yaml") await readYaml(ctx, chunks, sink, signal);
    else await readJson(ctx, chunks, spec.format === "jsonl", sink, signal);
  } catch (e) {
    if (signal?.aborted) throw e;
    return undefined;
  }
  return sink.done ? sink.found : undefined;
}
