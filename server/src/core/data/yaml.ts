// The YAML reader (language reference §6, language-v2 §9.4): a sequence of mappings. YAML data
// files are small, so the whole text is loaded; records still go to the sink one by one. The usual
// shapes (records of plain and quoted scalars, flow mappings, nested mappings) are read by the fast
// path of yaml-fast.ts, without a document tree; everything else by the `yaml` package, below,
// which the fast path agrees with wherever both read a file (test/unit/yaml-fast.test.ts).
//
//  - A YAML syntax error, more than one document, or a document that is not a sequence, is a
//    CX4004 error and nothing is read. An item that is not a mapping is a CX4004 error and is skipped.
//  - Columns: the keys of all mappings, in order of first appearance (routed once per key path,
//    like JSON). Scalars are delivered as text: strings as their value, numbers and booleans as
//    written in the file (so `3.0` stays "3.0"), null as an empty value; nested mappings and
//    sequences where a column is read are reported by the sink (CX4003) and are null. Mappings are
//    entered only where a requested dotted path goes through them.
//  - Aliases: resolved through a table built in one pass over the document (the package's own
//    `Alias.resolve` searches the whole document for every alias, which is quadratic). Only one
//    level is ever expanded (a record, a value, or a mapping on a requested path), so an "alias
//    bomb" costs no more than its size; still, past MAX_ALIAS_WORK key-value pairs reached through
//    aliases, reading stops with a CX4004 error.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Node as YamlNode, type Pair, type YAMLMap } from "yaml";
import { range, type Range } from "../text";
import { formatCount, malformed, type FileCtx, type KeyRoute, type Locator, type RecordSink } from "./sink";
import { readYamlFast } from "./yaml-fast";

const encoder = new TextEncoder();

/** Key-value pairs read through aliases before a file is given up. */
export const MAX_ALIAS_WORK = 1_000_000;

export async function readYaml(ctx: FileCtx, chunks: AsyncIterable<Uint8Array>, sink: RecordSink, signal?: AbortSignal): Promise<void> {
  const decoder = new TextDecoder("utf-8"); // strips a leading BOM
  const parts: string[] = [];
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    parts.push(decoder.decode(chunk, { stream: true }));
  }
  parts.push(decoder.decode());
  signal?.throwIfAborted();
  readYamlText(ctx, parts.join(""), sink);
}

/**
 * Reads the whole text of a YAML file: through the fast path (yaml-fast.ts) when the file is
 * inside its subset, else through the `yaml` package. `fast: false` always takes the package
 * (the tests compare the two).
 */
export function readYamlText(ctx: FileCtx, text: string, sink: RecordSink, fast = true): void {
  if (fast && readYamlFast(ctx, text, sink)) return;
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

class TooManyAliases extends Error {}

class YamlReader implements Locator {
  private lc = new LineCounter();
  private current: Range = range(0, 0, 0, 0);
  private scratch = new Uint8Array(256);
  private aliases = new Map<Alias, unknown>();
  private aliasWork = 0;
  /** Routes by parent route id and key. */
  private routes = new Map<string, { id: number; route: KeyRoute; path: string[] }>();

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
    const tooDeep = "The YAML is nested too deeply; nothing is read from this file";
    let doc: ReturnType<typeof parseDocument>;
    try {
      doc = parseDocument(text, { lineCounter: this.lc, prettyErrors: false, uniqueKeys: false });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      malformed(this.ctx, 1, 0, 0, tooDeep, "error");
      return;
    }
    if (doc.errors.length) {
      const e = doc.errors[0];
      const at = this.pos(e.pos[0]);
      const msg =
        e.code === "MULTIPLE_DOCS"
          ? "The file holds more than one YAML document ('---'); put all records in one sequence"
          : /call stack/i.test(e.message)
            ? "The YAML is nested too deeply"
            : `Invalid YAML: ${e.message.split("\n")[0].replace(/\s*at line \d+, column \d+:?$/, "")}`;
      malformed(this.ctx, at.line, at.col, at.col + 1, `${msg}; nothing is read from this file`, "error");
      return;
    }
    // Aliases, in one pass: an alias refers to the last anchor of its name before it.
    const anchors = new Map<string, unknown>();
    try {
      visit(doc, {
        Node: (_key, node) => {
          if (isAlias(node)) this.aliases.set(node, anchors.get(node.source));
          else if (node.anchor) anchors.set(node.anchor, node);
        },
      });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      malformed(this.ctx, 1, 0, 0, tooDeep, "error");
      return;
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) {
      return; // an empty document: no records
    }
    if (!isSeq(root)) {
      const at = this.pos(root.range?.[0] ?? 0);
      malformed(this.ctx, at.line, at.col, at.col + 1, `Expected a sequence of mappings, but found ${what(this.resolve(root))}; nothing is read from this file`, "error");
      return;
    }
    try {
      for (const raw of root.items) {
        const item = this.resolve(raw);
        const at = this.pos((item as YamlNode | null)?.range?.[0] ?? (raw as YamlNode | null)?.range?.[0] ?? 0);
        if (!isMap(item)) {
          malformed(this.ctx, at.line, at.col, at.col + 1, `Record is ${what(item)}, not a mapping; it is skipped`, "error");
          continue;
        }
        this.sink.beginRecord();
        this.pairs(item, raw !== item, 0, []);
        this.sink.endRecord(at.line);
      }
    } catch (e) {
      if (!(e instanceof TooManyAliases)) throw e;
      malformed(
        this.ctx,
        1,
        0,
        0,
        `The YAML aliases of this file expand to more than ${formatCount(MAX_ALIAS_WORK)} values; the rest of the file is not read (write the records out instead of repeating anchors)`,
        "error",
      );
    }
  }

  /** Delivers the pairs of a mapping (the record, or a mapping on a requested path). */
  private pairs(map: YAMLMap, viaAlias: boolean, parent: number, parentPath: string[]): void {
    if (viaAlias) {
      this.aliasWork += map.items.length;
      if (this.aliasWork > MAX_ALIAS_WORK) throw new TooManyAliases();
    }
    for (const pair of map.items as Pair[]) {
      const k = this.keyOf(pair.key);
      if (k === undefined) continue;
      const r = this.route(parent, parentPath, k);
      if (r.route.slot < 0 && !r.route.descend) continue;
      const value = this.resolve(pair.value);
      const vr = (value as YamlNode | null)?.range ?? (pair.value as YamlNode | null)?.range ?? (pair.key as YamlNode | null)?.range;
      this.current = this.locate(vr);
      const slot = r.route.slot;
      if (value === undefined && isAlias(pair.value)) {
        const c = this.current;
        malformed(this.ctx, c.start.line + 1, c.start.character, c.end.character, `Unknown YAML alias '*${pair.value.source}'; the value is treated as missing`);
        if (slot >= 0) this.sink.value(slot, this.scratch, 0, 0);
        continue;
      }
      if (isMap(value) || isSeq(value)) {
        if (slot >= 0) this.sink.nested(slot, isMap(value) ? "a mapping" : "a sequence");
        if (isMap(value) && r.route.descend) this.pairs(value, value !== pair.value, r.id, r.path);
        continue;
      }
      if (slot < 0) continue;
      if (!isScalar(value)) {
        this.sink.value(slot, this.scratch, 0, 0); // `key:` with nothing: null
        continue;
      }
      const v = value.value;
      if (v === null || v === undefined) {
        this.sink.value(slot, this.scratch, 0, 0);
        continue;
      }
      const text = typeof v === "string" ? v : value.source !== undefined && value.type === "PLAIN" ? value.source : String(v);
      this.deliver(slot, text);
    }
  }

  private route(parent: number, parentPath: string[], key: string): { id: number; route: KeyRoute; path: string[] } {
    const id = `${parent}\u0000${key}`;
    let r = this.routes.get(id);
    if (!r) {
      const path = [...parentPath, key];
      r = { id: this.routes.size + 1, route: this.sink.keyNode(path), path };
      this.routes.set(id, r);
    }
    return r;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? this.aliases.get(node) : node;
  }

  private keyOf(key: unknown): string | undefined {
    const k = this.resolve(key);
    if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : String(k.value);
    return typeof k === "string" ? k : undefined;
  }

  /** The value's range (on its first line). */
  private locate(vr: [number, number, number] | null | undefined): Range {
    if (!vr) return range(0, 0, 0, 0);
    const p = this.pos(vr[0]);
    const endP = this.pos(vr[1]);
    return range(p.line - 1, p.col, p.line - 1, endP.line === p.line ? Math.max(endP.col, p.col + 1) : p.col + 1);
  }

  private deliver(slot: number, text: string): void {
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.scratch);
    this.sink.value(slot, this.scratch, 0, written ?? 0);
  }
}
