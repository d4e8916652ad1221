// The YAML reader (language reference §6): a sequence of mappings, parsed with the `yaml` package.
// YAML data files are small, so the whole text is loaded; records still go to the sink one by one.
//
//  - A YAML syntax error, or a document that is not a sequence, is a CX4004 error and nothing is read.
//  - An item that is not a mapping is a CX4004 error and is skipped.
//  - The columns are the keys of the first mapping. Scalars are delivered as text: strings as their
//    value, numbers and booleans as written in the file (so `3.0` stays "3.0"), null as null;
//    nested mappings and sequences are reported by the sink (CX4003) and are null.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Document } from "yaml";
import { range, type Range } from "../text";
import { malformed, type FileCtx, type Locator, type RecordSink } from "./sink";

const encoder = new TextEncoder();

export async function readYaml(ctx: FileCtx, chunks: AsyncIterable<Uint8Array>, sink: RecordSink, signal?: AbortSignal): Promise<void> {
  const decoder = new TextDecoder("utf-8"); // strips a leading BOM
  let text = "";
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    text += decoder.decode(chunk, { stream: true });
  }
  text += decoder.decode();
  signal?.throwIfAborted();
  new YamlReader(ctx, sink).read(text);
}

function what(node: unknown): string {
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a sequence";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return "a string";
    if (typeof v === "number" || typeof v === "bigint") return "a number";
    if (typeof v === "boolean") return "a boolean";
  }
  return "a value";
}

class YamlReader implements Locator {
  private lc = new LineCounter();
  private current: Range = range(0, 0, 0, 0);
  private scratch = new Uint8Array(256);
  private doc!: Document.Parsed;

  constructor(
    private readonly ctx: FileCtx,
    private readonly sink: RecordSink,
  ) {
    sink.beginFile(ctx, this);
  }

  valueRange(): Range {
    return this.current;
  }

  /** 1-based line and 0-based UTF-16 column of a text offset. */
  private pos(offset: number): { line: number; col: number } {
    const p = this.lc.linePos(offset);
    return { line: p.line, col: p.col - 1 };
  }

  read(text: string): void {
    const doc = parseDocument(text, { lineCounter: this.lc, prettyErrors: false });
    this.doc = doc;
    if (doc.errors.length) {
      const e = doc.errors[0];
      const at = this.pos(e.pos[0]);
      const msg = e.message.split("\n")[0].replace(/\s*at line \d+, column \d+:?$/, "");
      malformed(this.ctx, at.line, at.col, at.col + 1, `Invalid YAML: ${msg}; nothing is read from this file`, "error");
      return;
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) {
      return; // an empty document: no records
    }
    if (!isSeq(root)) {
      const at = this.pos(root.range?.[0] ?? 0);
      malformed(this.ctx, at.line, at.col, at.col + 1, `Expected a sequence of mappings, but found ${what(root)}; nothing is read from this file`, "error");
      return;
    }
    let slots: Int32Array | null = null;
    let keyIndex = new Map<string, number>();
    for (const raw of root.items) {
      const item = this.resolve(raw);
      const at = this.pos((item as YamlNode | null)?.range?.[0] ?? (raw as YamlNode | null)?.range?.[0] ?? 0);
      if (!isMap(item)) {
        malformed(this.ctx, at.line, at.col, at.col + 1, `Record is ${what(item)}, not a mapping; it is skipped`, "error");
        continue;
      }
      if (slots === null) {
        const keys: string[] = [];
        for (const pair of item.items) {
          const k = this.keyOf(pair.key);
          if (k !== undefined && !keys.includes(k)) keys.push(k);
        }
        slots = this.sink.header(keys);
        keyIndex = new Map(keys.map((k, i) => [k, i]));
      }
      this.sink.beginRecord();
      for (const pair of item.items) {
        const k = this.keyOf(pair.key);
        const index = k === undefined ? undefined : keyIndex.get(k);
        if (index === undefined || slots[index] < 0) continue;
        const slot = slots[index];
        const value = this.resolve(pair.value);
        const vr = (value as YamlNode | null)?.range ?? (pair.value as YamlNode | null)?.range;
        this.current = this.locate(at, vr);
        if (value === undefined && isAlias(pair.value)) {
          const r = this.current;
          malformed(this.ctx, r.start.line + 1, r.start.character, r.end.character, `Unknown YAML alias '*${pair.value.source}'; the value is treated as missing`);
          continue;
        }
        if (isMap(value) || isSeq(value)) {
          this.sink.nested(slot, isMap(value) ? "a mapping" : "a sequence");
          continue;
        }
        if (!isScalar(value)) continue;
        const v = value.value;
        if (v === null || v === undefined) continue;
        const text = typeof v === "string" ? v : value.source !== undefined && value.type === "PLAIN" ? value.source : String(v);
        this.deliver(slot, text);
      }
      this.sink.endRecord(at.line);
    }
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  private keyOf(key: unknown): string | undefined {
    const k = this.resolve(key);
    if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : String(k.value);
    return typeof k === "string" ? k : undefined;
  }

  /** On the record's line: the value if it starts there, else the record's start. */
  private locate(record: { line: number; col: number }, vr: [number, number, number] | null | undefined): Range {
    const line = record.line - 1;
    if (vr) {
      const p = this.pos(vr[0]);
      const endP = this.pos(vr[1]);
      if (p.line === record.line) return range(line, p.col, line, endP.line === p.line ? endP.col : p.col + 1);
    }
    return range(line, record.col, line, record.col + 1);
  }

  private deliver(slot: number, text: string): void {
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.scratch);
    this.sink.value(slot, this.scratch, 0, written ?? 0);
  }
}
