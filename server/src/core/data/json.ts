// The JSON and JSONL readers (language reference §6): one small streaming tokenizer over bytes that
// tracks lines, and a state machine over its tokens. No JSON.parse, no object per record.
//
//  - JSON: one array of objects. Anything else at the top is a CX4004 error and nothing is read;
//    an element that is not an object is a CX4004 error and is skipped; invalid JSON is a CX4004
//    error where it occurs, and the rest of the file is not read.
//  - JSONL: one object per line; empty lines are skipped; a line that is not one JSON object is a
//    CX4004 warning at that line, and is skipped.
//  - Columns (language-v2 §9.4): the keys of all records, in order of first appearance; a record
//    without a key has null there. Each distinct key path is routed once (sink.keyNode); a key is
//    recognised again by comparing its bytes with the key at the same position of the previous
//    record (the usual case), else by name. Objects are entered only where a requested dotted path
//    (`from "customer.id"`) goes through them; lists never are. Everything else nested is skipped
//    with a depth counter, so nesting depth costs no stack.
//  - Values: strings (unescaped), numbers (their text as written, so `3.0` is not an integer and a
//    number in a text column keeps its form), true/false (as that text) go to the sink as bytes;
//    null is delivered as an empty value (the key is there; the value is null); a nested object or
//    list where a column is read is reported by the sink (CX4003) and is null.
//  - At most MAX_KEYS distinct key paths per file: past that, new keys are ignored (one CX4004).
//
// Streaming: a token that is cut by the end of a chunk is scanned again once the next chunk is
// appended; only the bytes from that token on are kept. Column numbers survive very long lines
// (minified JSON): the UTF-16 length of the part of the current line already dropped is carried.

import { range, type Range } from "../text";
import { decodeBytes, utf16Length } from "./bytes";
import { formatCount, malformed, type FileCtx, type Locator, type RecordSink } from "./sink";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;

// Tokens.
const T_NEED = 0; // the token is cut by the end of the buffer
const T_EOF = 1;
const T_NEWLINE = 2; // JSONL only
const T_LBRACE = 3;
const T_RBRACE = 4;
const T_LBRACK = 5;
const T_RBRACK = 6;
const T_COLON = 7;
const T_COMMA = 8;
const T_STRING = 9;
const T_NUMBER = 10;
const T_TRUE = 11;
const T_FALSE = 12;
const T_NULL = 13;
const T_BAD = 14;

const TOKEN_NAME = [
  "",
  "the end of the file",
  "the end of the line",
  "an object",
  "'}'",
  "a list",
  "']'",
  "':'",
  "','",
  "a string",
  "a number",
  "a boolean",
  "a boolean",
  "null",
  "an invalid token",
];

// States.
const S_START = 0; // JSON: before the array; JSONL: at the start of a line
const S_ELEM_FIRST = 1; // after '['
const S_ELEM = 2; // after ',' in the array
const S_AFTER_ELEM = 3;
const S_END = 4; // after ']'
const S_KEY_FIRST = 5; // after '{'
const S_KEY = 6; // after ',' in an object
const S_COLON = 7;
const S_VALUE = 8;
const S_AFTER_VALUE = 9;
const S_SKIP = 10; // inside a nested value being skipped
const S_LINE_END = 11; // JSONL: after a record's '}'
const S_SKIP_LINE = 12; // JSONL: skipping a bad line
const S_DONE = 13;

const EXPECTED: Record<number, string> = {
  [S_START]: "an array of objects",
  [S_ELEM_FIRST]: "an object or ']'",
  [S_ELEM]: "an object",
  [S_AFTER_ELEM]: "',' or ']'",
  [S_END]: "the end of the file",
  [S_KEY_FIRST]: "a key or '}'",
  [S_KEY]: "a key",
  [S_COLON]: "':'",
  [S_VALUE]: "a value",
  [S_AFTER_VALUE]: "',' or '}'",
  [S_SKIP]: "the end of the nested value",
  [S_LINE_END]: "the end of the line",
};

/** Distinct key paths per file. */
export const MAX_KEYS = 100_000;

export async function readJson(
  ctx: FileCtx,
  chunks: AsyncIterable<Uint8Array>,
  lines: boolean,
  sink: RecordSink,
  signal?: AbortSignal,
): Promise<void> {
  const parser = new JsonParser(ctx, lines, sink);
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    parser.push(chunk);
    if (parser.stopped || sink.done) break;
  }
  signal?.throwIfAborted();
  parser.finish();
}

class JsonParser implements Locator {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private pos = 0;
  private started = false;
  stopped = false;

  private line = 1;
  private lineStart = 0;
  private lineBase = 0; // UTF-16 length of the current line's bytes before lineStart that were dropped

  private state = S_START;
  private skipDepth = 0;
  private skipReturn = S_AFTER_VALUE;

  // The token just read.
  private tokStart = 0;
  private tokEnd = 0;
  private tokEsc = false;
  private tokLine = 1;
  /** A string token cut by the end of the buffer: where to resume its scan (-1: none), and whether it had escapes. */
  private strScan = -1;
  private strScanEsc = false;

  // The current record.
  private inRecord = false;
  private recLine = 0;
  private recCol = 0;
  private keyOrdinal = 0;
  private curSlot = -1;
  private curDescend = false;
  private curNode = 0;
  /** The objects being read inside the record: their key nodes (0: the record itself). */
  private parents: number[] = [];

  // The value being delivered (for the locator).
  private valStart = 0;
  private valEnd = 0;
  private valLine = 0;

  // Key paths seen in this file: node 0 is the record; node n has key bytes nodeKey[n].
  private nodeKey: Uint8Array[] = [new Uint8Array(0)];
  private nodePath: string[][] = [[]];
  private nodeSlot: number[] = [-1];
  private nodeDescend: boolean[] = [false];
  private byName = new Map<string, number>();
  /** The record-level key node at each position of the previous record. */
  private recent: number[] = [];
  private tooManyKeys = false;

  private scratch = new Uint8Array(256);
  private dropped = 0; // bytes of the file moved out of the buffer

  constructor(
    private readonly ctx: FileCtx,
    private readonly jsonl: boolean,
    private readonly sink: RecordSink,
  ) {
    sink.beginFile(ctx, this);
  }

  push(chunk: Uint8Array): void {
    const keep = this.pos; // everything before the next token has been dealt with
    if (keep > 0) {
      this.dropped += keep;
      if (this.strScan >= 0) this.strScan -= keep;
      if (this.lineStart < keep) {
        this.lineBase += utf16Length(this.buf, this.lineStart, keep);
        this.lineStart = 0;
      } else this.lineStart -= keep;
      this.buf.copyWithin(0, keep, this.len);
      this.len -= keep;
      this.pos = 0;
    }
    if (this.len + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.run(false);
  }

  finish(): void {
    if (!this.stopped) this.run(true);
    // A file without any record has no columns; its header is not compared with a glob's other files.
  }

  /** UTF-16 column of offset q on the current line. */
  private column(q: number): number {
    return this.lineBase + utf16Length(this.buf, this.lineStart, q);
  }

  private newLine(at: number): void {
    this.line++;
    this.lineStart = at;
    this.lineBase = 0;
  }

  // -------------------------------------------------------------------------------------------
  // Tokenizer

  private next(final: boolean): number {
    const b = this.buf;
    const len = this.len;
    let p = this.pos;
    for (;;) {
      if (p >= len) {
        this.pos = p;
        this.tokStart = this.tokEnd = p;
        this.tokLine = this.line;
        return final ? T_EOF : T_NEED;
      }
      const c = b[p];
      if (c === 32 || c === 9) {
        p++;
        continue;
      }
      if (c === CR) {
        if (p + 1 >= len && !final) {
          this.pos = p;
          return T_NEED;
        }
        if (b[p + 1] === LF) {
          p++; // CRLF: the LF counts the line
          continue;
        }
      }
      if (c === LF || c === CR) {
        p++;
        this.newLine(p);
        if (this.jsonl) {
          this.pos = p;
          return T_NEWLINE;
        }
        continue;
      }
      break;
    }
    this.pos = p;
    this.tokStart = this.tokEnd = p;
    this.tokLine = this.line;
    const c = b[p];
    switch (c) {
      case 123:
        return this.single(T_LBRACE);
      case 125:
        return this.single(T_RBRACE);
      case 91:
        return this.single(T_LBRACK);
      case 93:
        return this.single(T_RBRACK);
      case 58:
        return this.single(T_COLON);
      case 44:
        return this.single(T_COMMA);
      case QUOTE: {
        let i = p + 1;
        let esc = false;
        if (this.strScan > p) {
          // Resumed: the string's bytes before were scanned already.
          i = this.strScan;
          esc = this.strScanEsc;
          this.strScan = -1;
        }
        while (i < len) {
          const d = b[i];
          if (d === QUOTE) break;
          if (d === BACKSLASH) {
            esc = true;
            i += 2;
            continue;
          }
          if (d === LF || d === CR) return T_BAD; // strings do not span lines
          i++;
        }
        if (i >= len) {
          if (final) return T_BAD;
          this.strScan = i > len ? i - 2 : i; // (a backslash at the very end: resume at it)
          this.strScanEsc = esc;
          return T_NEED;
        }
        this.tokEsc = esc;
        this.tokEnd = this.pos = i + 1;
        return T_STRING;
      }
      case 116: // t
        return this.literal("true", T_TRUE, final);
      case 102: // f
        return this.literal("false", T_FALSE, final);
      case 110: // n
        return this.literal("null", T_NULL, final);
      default: {
        if (c === 45 || (c >= 48 && c <= 57)) {
          let i = p + 1;
          while (i < len) {
            const d = b[i];
            if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
            else break;
          }
          if (i >= len && !final) return T_NEED;
          this.tokEnd = this.pos = i;
          return T_NUMBER;
        }
        return T_BAD;
      }
    }
  }

  private single(t: number): number {
    this.tokEnd = this.pos = this.tokStart + 1;
    return t;
  }

  private literal(word: string, t: number, final: boolean): number {
    const b = this.buf;
    const p = this.tokStart;
    if (this.len - p < word.length && !final) return T_NEED;
    for (let i = 0; i < word.length; i++) if (b[p + i] !== word.charCodeAt(i)) return T_BAD;
    this.tokEnd = this.pos = p + word.length;
    return t;
  }

  // -------------------------------------------------------------------------------------------
  // Grammar

  private run(final: boolean): void {
    if (!this.started) {
      if (this.len - this.pos < 3 && !final) return;
      const b = this.buf;
      if (b[this.pos] === 0xef && b[this.pos + 1] === 0xbb && b[this.pos + 2] === 0xbf) {
        this.pos += 3;
        this.lineStart = this.pos;
      }
      this.started = true;
    }
    while (!this.stopped && this.state !== S_DONE) {
      if (this.state === S_SKIP_LINE) {
        if (!this.skipLine(final)) return;
        continue;
      }
      const t = this.next(final);
      if (t === T_NEED) return;
      this.step(t);
    }
  }

  /** JSONL: skips to the start of the next line. False if the buffer ran out first. */
  private skipLine(final: boolean): boolean {
    const b = this.buf;
    const len = this.len;
    let p = this.pos;
    while (p < len && b[p] !== LF && b[p] !== CR) p++;
    if (p >= len) {
      this.pos = p;
      if (final) this.state = S_DONE;
      return final;
    }
    if (b[p] === CR) {
      if (p + 1 >= len && !final) {
        this.pos = p;
        return false;
      }
      if (b[p + 1] === LF) p++;
    }
    this.pos = p + 1;
    this.newLine(p + 1);
    this.state = S_START;
    return true;
  }

  private step(t: number): void {
    if (this.jsonl && this.inRecord && t === T_NEWLINE && this.state !== S_LINE_END) {
      this.lineError(t);
      return;
    }
    switch (this.state) {
      case S_START:
        if (this.jsonl) {
          if (t === T_NEWLINE) return;
          if (t === T_EOF) this.state = S_DONE;
          else if (t === T_LBRACE) this.beginObject();
          else this.lineError(t);
        } else if (t === T_LBRACK) this.state = S_ELEM_FIRST;
        else {
          const found = t === T_EOF ? "an empty file" : TOKEN_NAME[t];
          this.fatal(`Expected an array of objects, but found ${found}; nothing is read from this file`);
        }
        return;
      case S_ELEM_FIRST:
      case S_ELEM:
        if (t === T_LBRACE) this.beginObject();
        else if (t === T_RBRACK) this.state = S_END;
        else if (t === T_LBRACK || (t >= T_STRING && t <= T_NULL)) {
          this.notObject(t);
          if (t === T_LBRACK) this.skip(S_AFTER_ELEM);
          else this.state = S_AFTER_ELEM;
        } else this.syntaxError(t);
        return;
      case S_AFTER_ELEM:
        if (t === T_COMMA) this.state = S_ELEM;
        else if (t === T_RBRACK) this.state = S_END;
        else this.syntaxError(t);
        return;
      case S_END:
        if (t === T_EOF) this.state = S_DONE;
        else this.fatal(`Unexpected ${TOKEN_NAME[t]} after the array; the rest of the file is not read`);
        return;
      case S_KEY_FIRST:
      case S_KEY:
        if (t === T_STRING) {
          this.key();
          this.state = S_COLON;
        } else if (t === T_RBRACE) this.endObject();
        else this.syntaxError(t);
        return;
      case S_COLON:
        if (t === T_COLON) this.state = S_VALUE;
        else this.syntaxError(t);
        return;
      case S_VALUE:
        if (t === T_STRING || t === T_NUMBER || t === T_TRUE || t === T_FALSE || t === T_NULL) {
          this.scalar(t);
          this.state = S_AFTER_VALUE;
        } else if (t === T_LBRACE || t === T_LBRACK) {
          this.nestedValue(t === T_LBRACE ? "an object" : "a list");
          if (t === T_LBRACE && this.curDescend && this.curNode > 0) {
            this.parents.push(this.curNode);
            this.state = S_KEY_FIRST;
          } else this.skip(S_AFTER_VALUE);
        } else this.syntaxError(t);
        return;
      case S_AFTER_VALUE:
        if (t === T_COMMA) this.state = S_KEY;
        else if (t === T_RBRACE) this.endObject();
        else this.syntaxError(t);
        return;
      case S_SKIP:
        if (t === T_LBRACE || t === T_LBRACK) this.skipDepth++;
        else if (t === T_RBRACE || t === T_RBRACK) {
          if (--this.skipDepth === 0) this.state = this.skipReturn;
        } else if (t === T_EOF || t === T_BAD || t === T_NEWLINE) this.syntaxError(t);
        return;
      case S_LINE_END:
        if (t === T_NEWLINE || t === T_EOF) {
          this.completeRecord();
          this.state = t === T_EOF ? S_DONE : S_START;
        } else this.lineError(t);
        return;
    }
  }

  private skip(then: number): void {
    this.skipDepth = 1;
    this.skipReturn = then;
    this.state = S_SKIP;
  }

  private beginObject(): void {
    this.inRecord = true;
    this.recLine = this.tokLine;
    this.recCol = this.column(this.tokStart);
    this.keyOrdinal = 0;
    this.parents.length = 0;
    this.parents.push(0);
    this.state = S_KEY_FIRST;
    this.sink.beginRecord();
  }

  /** '}' of the record or of an object inside it that is being read. */
  private endObject(): void {
    if (this.parents.length > 1) {
      this.parents.pop();
      this.state = S_AFTER_VALUE;
      return;
    }
    if (this.jsonl) this.state = S_LINE_END;
    else {
      this.completeRecord();
      this.state = S_AFTER_ELEM;
    }
  }

  private completeRecord(): void {
    this.inRecord = false;
    this.sink.endRecord(this.recLine);
    if (this.sink.done) this.stopped = true; // the sink needs no more records
  }

  /** The record being read is broken: forget it. */
  private abandon(): void {
    this.inRecord = false;
  }

  // The content of the string token just read (unescaped if needed): bytes [sS, sE) of sB.
  private sB = this.buf;
  private sS = 0;
  private sE = 0;
  private stringBytes(): void {
    const s = this.tokStart + 1;
    const e = this.tokEnd - 1;
    if (this.tokEsc) {
      this.sE = this.unescape(s, e);
      this.sB = this.scratch;
      this.sS = 0;
    } else {
      this.sB = this.buf;
      this.sS = s;
      this.sE = e;
    }
  }

  private key(): void {
    this.stringBytes();
    const b = this.sB;
    const s = this.sS;
    const e = this.sE;
    const parent = this.parents[this.parents.length - 1];
    let node = -1;
    if (parent === 0) {
      const r = this.recent[this.keyOrdinal];
      if (r !== undefined && sameBytes(this.nodeKey[r], b, s, e - s)) node = r;
    }
    if (node < 0) node = this.child(parent, b, s, e);
    if (parent === 0 && node > 0) this.recent[this.keyOrdinal] = node;
    if (parent === 0) this.keyOrdinal++;
    this.curNode = node;
    this.curSlot = node > 0 ? this.nodeSlot[node] : -1;
    this.curDescend = node > 0 && this.nodeDescend[node];
  }

  /** The node of key bytes [s, e) under `parent`, made (and routed by the sink) on first sight; -1 past MAX_KEYS. */
  private child(parent: number, b: Uint8Array, s: number, e: number): number {
    const name = decodeBytes(b, s, e);
    const id = `${parent}\u0000${name}`;
    let node = this.byName.get(id);
    if (node !== undefined) return node;
    if (this.nodeKey.length > MAX_KEYS) {
      if (!this.tooManyKeys) {
        this.tooManyKeys = true;
        const [line, start, end] = this.tokenRange();
        malformed(this.ctx, line, start, end, `More than ${formatCount(MAX_KEYS)} different keys in this file; keys first seen after that are ignored`);
      }
      return -1;
    }
    node = this.nodeKey.length;
    const path = [...this.nodePath[parent], name];
    const route = this.sink.keyNode(path);
    this.nodeKey.push(b.slice(s, e));
    this.nodePath.push(path);
    this.nodeSlot.push(route.slot);
    this.nodeDescend.push(route.descend);
    this.byName.set(id, node);
    return node;
  }

  private scalar(t: number): void {
    if (this.curSlot < 0) return;
    let b = this.buf;
    let s = this.tokStart;
    let e = this.tokEnd;
    if (t === T_STRING) {
      this.stringBytes();
      b = this.sB;
      s = this.sS;
      e = this.sE;
    } else if (t === T_NULL) e = s; // null: an empty value
    this.valStart = this.tokStart;
    this.valEnd = this.tokEnd;
    this.valLine = this.tokLine;
    this.sink.value(this.curSlot, b, s, e);
  }

  private nestedValue(what: string): void {
    this.valStart = this.tokStart;
    this.valEnd = this.tokEnd;
    this.valLine = this.tokLine;
    if (this.curSlot >= 0) this.sink.nested(this.curSlot, what);
  }

  offset(): number {
    return this.dropped + this.pos;
  }

  /** The value being delivered (its token: a nested value's '{' or '['). Values never span lines. */
  valueRange(): Range {
    const line = this.valLine - 1;
    if (this.valLine === this.line) {
      const start = this.column(this.valStart);
      return range(line, start, line, start + utf16Length(this.buf, this.valStart, this.valEnd));
    }
    return range(this.recLine - 1, this.recCol, this.recLine - 1, this.recCol + 1);
  }

  // -------------------------------------------------------------------------------------------
  // Errors

  private tokenRange(): [number, number, number] {
    const col = this.column(this.tokStart);
    const width = this.tokEnd > this.tokStart && this.tokLine === this.line ? utf16Length(this.buf, this.tokStart, this.tokEnd) : 1;
    return [this.tokLine, col, col + width];
  }

  private notObject(t: number): void {
    const [line, start, end] = this.tokenRange();
    malformed(this.ctx, line, start, end, `Record is ${TOKEN_NAME[t]}, not an object; it is skipped`, "error");
  }

  private syntaxError(t: number): void {
    if (this.jsonl) {
      this.lineError(t);
      return;
    }
    this.fatal(`Invalid JSON: expected ${EXPECTED[this.state]} but found ${TOKEN_NAME[t]}; the rest of the file is not read`);
  }

  private fatal(message: string): void {
    const [line, start] = this.tokenRange();
    malformed(this.ctx, line, start, start + 1, message, "error");
    this.abandon();
    this.stopped = true;
  }

  /** JSONL: the current line is not one JSON object: warn, skip it. */
  private lineError(t: number): void {
    const line = this.inRecord ? this.recLine : this.tokLine;
    const detail = this.inRecord || this.state === S_LINE_END ? `expected ${EXPECTED[this.state]} but found ${TOKEN_NAME[t]}` : `found ${TOKEN_NAME[t]}`;
    const start = this.inRecord ? this.recCol : 0;
    malformed(this.ctx, line, start, start + 1, `Line is not a JSON object (${detail}); it is skipped`);
    this.abandon();
    if (t === T_NEWLINE) this.state = S_START; // the line break is already consumed
    else if (t === T_EOF) this.state = S_DONE;
    else this.state = S_SKIP_LINE;
  }

  /** Unescapes JSON string content [s, e) of buf into scratch (UTF-8); returns its length. */
  private unescape(s: number, e: number): number {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(Math.max(e - s, this.scratch.length * 2));
    const b = this.buf;
    const out = this.scratch;
    let n = 0;
    let i = s;
    while (i < e) {
      const c = b[i];
      if (c !== BACKSLASH || i + 1 >= e) {
        out[n++] = c;
        i++;
        continue;
      }
      const x = b[i + 1];
      i += 2;
      switch (x) {
        case 110:
          out[n++] = 10;
          break;
        case 116:
          out[n++] = 9;
          break;
        case 114:
          out[n++] = 13;
          break;
        case 98:
          out[n++] = 8;
          break;
        case 102:
          out[n++] = 12;
          break;
        case 117: {
          let cp = hex4(b, i, e);
          if (cp < 0) {
            out[n++] = 117; // not an escape after all: keep "u"
            break;
          }
          i += 4;
          if (cp >= 0xd800 && cp <= 0xdbff && b[i] === BACKSLASH && b[i + 1] === 117) {
            const lo = hex4(b, i + 2, e);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              i += 6;
            }
          }
          if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate
          n = putUtf8(out, n, cp);
          break;
        }
        default:
          out[n++] = x; // \" \\ \/ and anything else: the character itself
      }
    }
    return n;
  }
}

function sameBytes(key: Uint8Array, b: Uint8Array, s: number, n: number): boolean {
  if (key.length !== n) return false;
  for (let i = 0; i < n; i++) if (key[i] !== b[s + i]) return false;
  return true;
}

function hex4(b: Uint8Array, i: number, e: number): number {
  if (i + 4 > e) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[i + k];
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

function putUtf8(out: Uint8Array, n: number, cp: number): number {
  if (cp < 0x80) out[n++] = cp;
  else if (cp < 0x800) {
    out[n++] = 0xc0 | (cp >> 6);
    out[n++] = 0x80 | (cp & 63);
  } else if (cp < 0x10000) {
    out[n++] = 0xe0 | (cp >> 12);
    out[n++] = 0x80 | ((cp >> 6) & 63);
    out[n++] = 0x80 | (cp & 63);
  } else {
    out[n++] = 0xf0 | (cp >> 18);
    out[n++] = 0x80 | ((cp >> 12) & 63);
    out[n++] = 0x80 | ((cp >> 6) & 63);
    out[n++] = 0x80 | (cp & 63);
  }
  return n;
}
