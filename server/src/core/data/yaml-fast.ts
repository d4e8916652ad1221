// The YAML reader's fast path (issue 13): the usual shapes of a YAML data file read by a small
// scanner that gives each record's values straight to the sink, without the `yaml` package's
// document tree (tokens, CST, nodes, ranges for every scalar of every record).
//
// It reads a subset of YAML: a block sequence of records, each a block or flow mapping, whose
// keys are plain or quoted strings and whose values are single-line plain or quoted scalars, flow
// collections on one line, or nested block mappings and sequences of the same kinds; comments
// and blank lines anywhere; LF or CRLF line breaks. Anything else — anchors, aliases, tags,
// directives, several documents, block scalars (`|`, `>`), multi-line scalars or flow collections,
// `?` keys, keys that are not strings (`1:`, `true:`), tabs, control characters, an empty file,
// and every syntax error — makes `readYamlFast` return false before the sink hears of the file,
// and the `yaml` package reads it (yaml.ts) with its own diagnostics.
//
// What the sink gets is exactly what the `yaml` package path gives (test/unit/yaml-fast.test.ts
// compares the two on generated files, including every value's range): under the YAML 1.2 core
// schema, a plain scalar is delivered as written unless it is null (`~`, `null`, `Null`, `NULL`
// or nothing), and a quoted scalar as its string value.
//
// The file is scanned twice: once to check that it is inside the subset (nothing is delivered),
// then again to deliver. Both passes are the same code; the second cannot leave the subset.

import { range, type Range } from "../text";
import type { FileCtx, KeyRoute, Locator, RecordSink } from "./sink";

const encoder = new TextEncoder();

/** Leaving the subset (thrown at most once per file, in the checking pass). */
class Outside {}
const OUT = new Outside();

/** Nesting depth of collections within a record read by the fast path. */
const MAX_DEPTH = 64;

const SP = 32;
const LF = 10;
const CR = 13;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;

/** Characters that may not appear in the file for the fast path: tabs, control and non-printable characters, byte-order marks, a CR without LF. */
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|\r(?!\n)/;

/** A plain scalar the core schema resolves to something other than a string (null, boolean, number). */
const NOT_A_STRING =
  /^(?:~|[Nn]ull|NULL)?$|^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$|^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$|^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

// Tokens as sticky regular expressions (run as native code: this reader mostly runs once per
// process, before the JIT compiler would have optimized a character loop).
/** A plain scalar in block context from its first character: words separated by spaces; it stops before ` #`, `: `, a `:` at the line's end, trailing spaces and the line's end. */
const BLOCK_PLAIN = /(?:[^ :\r\n]|:(?=[^ \r\n]))+(?: +(?:[^ #:\r\n]|:(?=[^ \r\n]))(?:[^ :\r\n]|:(?=[^ \r\n]))*)*/y;
/** The same in a flow collection, which also stops before `,[]{}` and a `:` before one of them. */
const FLOW_PLAIN = /(?:[^ ,[\]{}:\r\n]|:(?=[^ ,[\]{}\r\n]))+(?: +(?:[^ #,[\]{}:\r\n]|:(?=[^ ,[\]{}\r\n]))(?:[^ ,[\]{}:\r\n]|:(?=[^ ,[\]{}\r\n]))*)*/y;
/** Quoted scalars on one line (escapes are checked apart). */
const SINGLE_QUOTED = /'(?:[^'\r\n]|'')*'/y;
const DOUBLE_QUOTED = /"(?:[^"\\\r\n]|\\[^\r\n])*"/y;
const HEX = /^[0-9a-fA-F]+$/;

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

/** c-indicator characters: a plain scalar may not start with them (`-`, `?`, `:` may, before a non-space). */
function isIndicator(c: number): boolean {
  switch (c) {
    case DASH: case 63 /* ? */: case COLON: case COMMA: case LBRACKET: case RBRACKET: case LBRACE: case RBRACE:
    case HASH: case 38 /* & */: case 42 /* * */: case 33 /* ! */: case 124 /* | */: case 62 /* > */:
    case SQUOTE: case DQUOTE: case 37 /* % */: case 64 /* @ */: case 96 /* ` */:
      return true;
  }
  return false;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

interface Route {
  key: string;
  id: number;
  route: KeyRoute;
  path: string[];
}

/**
 * Reads `text` (a whole YAML file) into the sink if it is inside the fast path's subset, and
 * returns true; otherwise returns false without calling the sink at all.
 */
export function readYamlFast(ctx: FileCtx, text: string, sink: RecordSink): boolean {
  if (UNSUPPORTED_CHARS.test(text)) return false;
  const check = new FastYaml(text, undefined);
  try {
    check.file();
  } catch (e) {
    if (e === OUT || e instanceof RangeError) return false;
    throw e;
  }
  const reader = new FastYaml(text, sink);
  sink.beginFile(ctx, reader);
  reader.file();
  return true;
}

class FastYaml implements Locator {
  private readonly n: number;
  /** Offsets where lines start (for positions, computed once when first needed). */
  private lineStarts: Int32Array | undefined;
  /** After `nextContent`: the indentation of the line found, and whether comment lines came before it. */
  private ind = 0;
  private skippedComment = false;
  /** Where scanning goes on: after a token, or the start of the line after a node. */
  private p = 0;
  /** The value being delivered: its start and end (the `yaml` package's range[0] and range[1]). */
  private vs = 0;
  private ve = 0;
  /** After a scalar or key: its string value (decoded only when delivered). */
  private scalarStart = 0;
  private scalarEnd = 0;
  private scalarKind: 0 | 1 | 2 = 0; // plain, single-quoted, double-quoted
  private routes: Map<string, Route>[] = [new Map()];
  /** By route id: the route of each pair (by position) of the last mapping read there, tried first. */
  private lastRoutes: Route[][] = [[]];
  private scratch = new Uint8Array(256);
  private depth = 0;

  constructor(
    private readonly t: string,
    private readonly sink: RecordSink | undefined,
  ) {
    this.n = t.length;
  }

  valueRange(): Range {
    const p = this.pos(this.vs);
    const q = this.pos(this.ve);
    return range(p.line - 1, p.col, p.line - 1, q.line === p.line ? Math.max(q.col, p.col + 1) : p.col + 1);
  }

  /** 1-based line and 0-based UTF-16 column of an offset (as the `yaml` package's LineCounter gives them). */
  private pos(offset: number): { line: number; col: number } {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.t.indexOf("\n"); i >= 0; i = this.t.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = Int32Array.from(starts);
    }
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - ls[lo] };
  }

  // ------------------------------------------------------------------ lines

  private c(i: number): number {
    return i < this.n ? this.t.charCodeAt(i) : -1;
  }

  private isEol(i: number): boolean {
    const c = this.c(i);
    return c === LF || c === CR || c === -1;
  }

  private spaces(i: number): number {
    while (this.t.charCodeAt(i) === SP) i++;
    return i;
  }

  /** The start of the next line after `i` (or the end of the text). */
  private nextLine(i: number): number {
    const j = this.t.indexOf("\n", i);
    return j < 0 ? this.n : j + 1;
  }

  /** From a line start, skips blank and comment lines: returns the start of the next line with content (its indentation in `ind`), or -1. */
  private nextContent(ls: number): number {
    this.skippedComment = false;
    while (ls < this.n) {
      const i = this.spaces(ls);
      const c = this.c(i);
      if (c === LF || c === CR || c === HASH || c === -1) {
        if (c === HASH) this.skippedComment = true;
        ls = this.nextLine(i);
        continue;
      }
      this.ind = i - ls;
      return ls;
    }
    return -1;
  }

  /** After a value on its line: spaces, then a comment or the line's end. Returns the start of the next line. */
  private endOfLine(i: number): number {
    const j = this.spaces(i);
    if (this.isEol(j) || (j > i && this.t.charCodeAt(j) === HASH)) return this.nextLine(j);
    throw OUT;
  }

  private isSeqEntry(i: number): boolean {
    if (this.t.charCodeAt(i) !== DASH) return false;
    const c = this.c(i + 1);
    return c === SP || c === LF || c === CR || c === -1;
  }

  // ------------------------------------------------------------------ structure

  file(): void {
    let ls = this.nextContent(0);
    if (ls < 0) throw OUT; // no records (or only comments): the package path says what it is
    const seqIndent = this.ind;
    for (;;) {
      const dash = ls + seqIndent;
      if (!this.isSeqEntry(dash)) throw OUT;
      this.record(dash, ls, seqIndent);
      if (this.sink?.done) return; // the sink needs no more records (a header-only scan)
      ls = this.nextContent(this.p);
      if (ls < 0) return;
      if (this.ind !== seqIndent) throw OUT;
    }
  }

  private record(dash: number, ls: number, seqIndent: number): void {
    const i = this.spaces(dash + 1);
    const c = this.c(i);
    const parent = this.sink ? 0 : -1;
    if (c === LF || c === CR || c === -1 || c === HASH) {
      // `-` alone: the mapping is on the following lines, indented more.
      const next = this.nextContent(this.nextLine(i));
      if (next < 0 || this.ind <= seqIndent) throw OUT; // a null record
      const k = next + this.ind;
      const ch = this.t.charCodeAt(k);
      if (this.isSeqEntry(k) || ch === LBRACE || ch === LBRACKET) throw OUT;
      this.sink?.beginRecord();
      this.blockMap(k, this.ind, parent, []);
      this.sink?.endRecord(this.pos(k).line);
    } else if (c === LBRACE) {
      this.sink?.beginRecord();
      this.flowMap(i, parent, []);
      this.p = this.endOfLine(this.p);
      this.sink?.endRecord(this.pos(i).line);
    } else {
      this.sink?.beginRecord();
      this.blockMap(i, i - ls, parent, []);
      this.sink?.endRecord(this.pos(i).line);
    }
  }

  /**
   * A block mapping whose first key is at `first` (column `indent`). `parent` is the route id of
   * the mapping (-1: nothing is delivered). Leaves `p` at the start of the line after the mapping;
   * returns the mapping's end (the `yaml` package's range[1]).
   */
  private blockMap(first: number, indent: number, parent: number, path: string[]): number {
    if (++this.depth > MAX_DEPTH) throw OUT;
    let i = first;
    let end: number;
    for (let index = 0; ; index++) {
      this.blockKey(i);
      const r = parent >= 0 ? this.route(parent, path, index) : undefined;
      end = this.blockValue(indent, r);
      const ls = this.nextContent(this.p);
      if (ls < 0 || this.ind < indent) break;
      if (this.ind > indent) throw OUT;
      i = ls + indent;
      if (this.isSeqEntry(i)) throw OUT;
    }
    this.depth--;
    return end;
  }

  /** A block sequence whose first `-` is at `first` (column `indent`); nothing in it is delivered. Returns its end. */
  private blockSeq(first: number, indent: number): number {
    if (++this.depth > MAX_DEPTH) throw OUT;
    let dash = first;
    let end: number;
    for (;;) {
      let i = this.spaces(dash + 1);
      const c = this.c(i);
      if (c === LF || c === CR || c === -1 || c === HASH) {
        end = this.nested(i, indent, false, undefined);
      } else if (c === LBRACE || c === LBRACKET) {
        if (c === LBRACE) this.flowMap(i, -1, []);
        else this.flowSeq(i);
        i = this.spaces(this.p);
        if (this.t.charCodeAt(i) === COLON) throw OUT; // a flow collection as a key
        end = this.p = this.endOfLine(this.p);
      } else if (this.isSeqEntry(i)) {
        throw OUT;
      } else if (this.looksLikeKey(i)) {
        const ls = this.lineStartOf(i);
        end = this.blockMap(i, i - ls, -1, []);
      } else {
        this.blockScalar(i);
        end = this.p;
      }
      const ls = this.nextContent(this.p);
      if (ls < 0 || this.ind < indent) break;
      if (this.ind > indent) throw OUT;
      dash = ls + indent;
      if (!this.isSeqEntry(dash)) break; // the next key of the mapping this sequence is a value of
    }
    this.depth--;
    return end;
  }

  private lineStartOf(i: number): number {
    return this.t.lastIndexOf("\n", i - 1) + 1;
  }

  /** Does a block-context key (`key:` followed by a space or the line's end) start at `i`? */
  private looksLikeKey(i: number): boolean {
    const c = this.t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const save = this.p;
      this.quoted(i);
      const j = this.spaces(this.p);
      this.p = save;
      return this.t.charCodeAt(j) === COLON && (this.t.charCodeAt(j + 1) === SP || this.isEol(j + 1));
    }
    if (!this.plainStart(i, false)) return false;
    const j = this.spaces(this.match(BLOCK_PLAIN, i));
    return this.t.charCodeAt(j) === COLON && (this.t.charCodeAt(j + 1) === SP || this.isEol(j + 1));
  }

  /** A key in block context at `i`: sets the scalar fields and leaves `p` after the `:`. */
  private blockKey(i: number): void {
    const c = this.t.charCodeAt(i);
    let j: number;
    if (c === DQUOTE || c === SQUOTE) {
      this.quoted(i);
      j = this.spaces(this.p);
      if (this.t.charCodeAt(j) !== COLON) throw OUT;
    } else {
      if (!this.plainStart(i, false)) throw OUT;
      const e = this.match(BLOCK_PLAIN, i);
      j = this.spaces(e);
      if (e === i || this.t.charCodeAt(j) !== COLON) throw OUT;
      this.scalarStart = i;
      this.scalarEnd = e;
      this.scalarKind = 0;
      if (this.notAString(i, e)) throw OUT;
    }
    if (j - i > 1000) throw OUT; // the package's limit on implicit keys is 1024
    if (!(this.t.charCodeAt(j + 1) === SP || this.isEol(j + 1))) throw OUT;
    this.p = j + 1;
  }

  /**
   * The value after a block key (`p` is after the `:`): delivers it through `r`. Leaves `p` at the
   * start of the line after the value; returns the value's end (its range[2] in the package).
   */
  private blockValue(keyIndent: number, r: Route | undefined): number {
    const i = this.spaces(this.p);
    const c = this.c(i);
    if (c === LF || c === CR || c === -1 || c === HASH) return this.nested(i, keyIndent, true, r);
    let end: number;
    if (c === LBRACE || c === LBRACKET) {
      this.flowCollection(i, r);
      end = this.endOfLine(this.p);
    } else {
      this.blockScalar(i);
      end = this.p;
      if (r && r.route.slot >= 0) this.deliver(r.route.slot, i);
    }
    this.p = end;
    return end;
  }

  /**
   * After `key:` or `-` with nothing more on the line (`i`: where the value would be): a nested
   * block mapping or sequence on the following lines, or an empty value. Returns the node's end.
   */
  private nested(i: number, indent: number, sameIndentSeq: boolean, r: Route | undefined): number {
    const comment = this.t.charCodeAt(i) === HASH;
    this.p = this.nextLine(i);
    const ls = this.nextContent(this.p);
    if (ls >= 0 && (this.ind > indent || (sameIndentSeq && this.ind === indent && this.isSeqEntry(ls + this.ind)))) {
      const k = ls + this.ind;
      const ch = this.t.charCodeAt(k);
      if (this.isSeqEntry(k)) {
        const end = this.blockSeq(k, this.ind);
        if (r && r.route.slot >= 0) this.nestedValue(r.route.slot, k, end, "a sequence");
        return end;
      }
      if (ch === LBRACE || ch === LBRACKET || !this.looksLikeKey(k)) throw OUT; // a value on the next line
      const inner = this.ind;
      return this.mapping(k, r, (parent, path) => this.blockMap(k, inner, parent, path));
    }
    // An empty value (null): at the end of the `:` and its spaces.
    if (r && r.route.slot >= 0) {
      this.vs = this.ve = i;
      this.sink!.value(r.route.slot, this.scratch, 0, 0);
    }
    // Its end (range[2]; only whether it is on the value's line matters): the value itself, unless
    // a comment follows it (on its line or on lines before the next content).
    if (!comment && !this.skippedComment) return i;
    return ls >= 0 ? ls + this.ind : this.n;
  }

  private nestedValue(slot: number, start: number, end: number, what: string): void {
    this.vs = start;
    this.ve = end;
    this.sink!.nested(slot, what);
  }

  /** A flow collection at `i` that is the value of route `r`. Leaves `p` after it. */
  private flowCollection(i: number, r: Route | undefined): void {
    if (this.t.charCodeAt(i) === LBRACKET) {
      this.flowSeq(i);
      if (r && r.route.slot >= 0) this.nestedValue(r.route.slot, i, this.p, "a sequence");
      return;
    }
    this.mapping(i, r, (parent, path) => {
      this.flowMap(i, parent, path);
      return this.p;
    });
  }

  /**
   * A mapping starting at `start` that is the value of route `r`, read by `read` (which delivers
   * its pairs under route id `parent`, -1: none, and returns its end). As in the package path, the
   * sink hears of the mapping itself (where its key is a column) before its pairs.
   */
  private mapping(start: number, r: Route | undefined, read: (parent: number, path: string[]) => number): number {
    if (!r) return read(-1, []);
    if (r.route.slot < 0) return read(r.route.descend ? r.id : -1, r.path);
    if (!r.route.descend) {
      const end = read(-1, []);
      const after = this.p;
      this.nestedValue(r.route.slot, start, end, "a mapping");
      this.p = after;
      return end;
    }
    const save = this.p;
    const end = read(-1, []); // its end first, for the range
    this.p = save;
    this.nestedValue(r.route.slot, start, end, "a mapping");
    return read(r.id, r.path);
  }

  /** A scalar on the rest of a block line at `i` (plain or quoted). Sets the scalar fields and leaves `p` at the next line. */
  private blockScalar(i: number): void {
    const c = this.t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      this.quoted(i);
      this.ve = this.p;
      this.p = this.endOfLine(this.p);
      return;
    }
    if (!this.plainStart(i, false)) throw OUT;
    const e = this.match(BLOCK_PLAIN, i);
    const j = this.spaces(e);
    const c2 = this.t.charCodeAt(j);
    if (c2 === COLON) throw OUT; // `: `: a mapping in a value
    if (!(c2 === LF || c2 === CR || j >= this.n || c2 === HASH)) throw OUT;
    this.scalarStart = i;
    this.scalarEnd = e;
    this.scalarKind = 0;
    this.ve = e;
    this.p = this.nextLine(j);
  }

  /** Does the plain scalar at `t[s, e)` resolve to something other than a string (null, boolean, number)? */
  private notAString(s: number, e: number): boolean {
    const c = this.t.charCodeAt(s);
    // Only these can start one: ~ + - . 0-9 n N t T f F.
    if (!(c === 126 || c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57) || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return false;
    return NOT_A_STRING.test(this.t.slice(s, e));
  }

  /** Runs a sticky token expression at `i`: returns where the match ends (`i` if none). */
  private match(re: RegExp, i: number): number {
    re.lastIndex = i;
    return re.test(this.t) ? re.lastIndex : i;
  }

  /** May a plain scalar start at `i`? */
  private plainStart(i: number, flow: boolean): boolean {
    const c = this.t.charCodeAt(i);
    if (!isIndicator(c)) return true;
    if (c !== DASH && c !== 63 && c !== COLON) return false;
    const d = this.c(i + 1);
    return !(d === SP || d === LF || d === CR || d === -1 || (flow && isFlowIndicator(d)));
  }

  // ------------------------------------------------------------------ flow collections (on one line)

  /** `{…}` at `i`; its pairs are delivered under route `parent` (-1: not delivered). Leaves `p` after the `}`. */
  private flowMap(i: number, parent: number, path: string[]): void {
    if (++this.depth > MAX_DEPTH) throw OUT;
    i = this.spaces(i + 1);
    if (this.t.charCodeAt(i) === RBRACE) {
      this.p = i + 1;
      this.depth--;
      return;
    }
    for (let index = 0; ; index++) {
      // key
      const c = this.c(i);
      if (c === DQUOTE || c === SQUOTE) {
        this.quoted(i);
        i = this.spaces(this.p);
        if (this.t.charCodeAt(i) !== COLON) throw OUT;
      } else {
        if (!this.plainStart(i, true)) throw OUT;
        const e = this.flowPlain(i);
        i = this.p;
        if (this.t.charCodeAt(i) !== COLON || e === this.scalarStart) throw OUT;
        if (this.notAString(this.scalarStart, e)) throw OUT;
      }
      const r = parent >= 0 ? this.route(parent, path, index) : undefined;
      i = this.spaces(i + 1);
      // value
      const v = this.c(i);
      if (v === COMMA || v === RBRACE) {
        if (r && r.route.slot >= 0) {
          this.vs = this.ve = i;
          this.sink!.value(r.route.slot, this.scratch, 0, 0);
        }
      } else if (v === LBRACE || v === LBRACKET) {
        this.flowCollection(i, r);
        i = this.spaces(this.p);
      } else {
        this.flowScalar(i);
        if (r && r.route.slot >= 0) this.deliver(r.route.slot, i);
        i = this.spaces(this.p);
      }
      const d = this.c(i);
      if (d === RBRACE) break;
      if (d !== COMMA) throw OUT;
      i = this.spaces(i + 1);
      if (this.t.charCodeAt(i) === RBRACE) throw OUT; // a trailing comma
    }
    this.p = i + 1;
    this.depth--;
  }

  /** `[…]` at `i` (never delivered). Leaves `p` after the `]`. */
  private flowSeq(i: number): void {
    if (++this.depth > MAX_DEPTH) throw OUT;
    i = this.spaces(i + 1);
    if (this.t.charCodeAt(i) === RBRACKET) {
      this.p = i + 1;
      this.depth--;
      return;
    }
    for (;;) {
      const v = this.c(i);
      if (v === LBRACE) this.flowMap(i, -1, []);
      else if (v === LBRACKET) this.flowSeq(i);
      else this.flowScalar(i);
      i = this.spaces(this.p);
      const d = this.c(i);
      if (d === RBRACKET) break;
      if (d !== COMMA) throw OUT; // a `:` (a pair in a sequence), a comment, the line's end…
      i = this.spaces(i + 1);
      if (this.t.charCodeAt(i) === RBRACKET) throw OUT; // a trailing comma
    }
    this.p = i + 1;
    this.depth--;
  }

  /** A scalar in a flow collection at `i`. Sets the scalar fields and `ve`; leaves `p` after it. */
  private flowScalar(i: number): void {
    const c = this.c(i);
    if (c === DQUOTE || c === SQUOTE) {
      this.quoted(i);
      this.ve = this.p;
      return;
    }
    if (c === -1 || !this.plainStart(i, true)) throw OUT;
    const e = this.flowPlain(i);
    if (e === i) throw OUT;
    this.ve = e;
  }

  /** A plain scalar in a flow collection: sets the scalar fields, `p` where it stops; returns its end (trailing spaces excluded). */
  private flowPlain(i: number): number {
    const e = this.match(FLOW_PLAIN, i);
    this.scalarStart = i;
    this.scalarEnd = e;
    this.scalarKind = 0;
    this.p = e;
    return e;
  }

  // ------------------------------------------------------------------ scalars

  /** A quoted scalar on one line at `i`: sets the scalar fields; `p` after the closing quote. */
  private quoted(i: number): void {
    const q = this.t.charCodeAt(i);
    const re = q === SQUOTE ? SINGLE_QUOTED : DOUBLE_QUOTED;
    const end = this.match(re, i);
    if (end === i) throw OUT; // not closed on its line: a multi-line quoted scalar
    const j = end - 1;
    if (q === DQUOTE) {
      for (let b = this.t.indexOf("\\", i); b >= 0 && b < j; b = this.t.indexOf("\\", b + 2)) {
        const d = this.t.charCodeAt(b + 1);
        const len = d === 120 /* x */ ? 2 : d === 117 /* u */ ? 4 : d === 85 /* U */ ? 8 : 0;
        if (len) {
          const hex = this.t.slice(b + 2, b + 2 + len);
          if (hex.length !== len || b + 2 + len > j || !HEX.test(hex) || parseInt(hex, 16) > 0x10ffff) throw OUT;
          b += len;
        } else if (ESCAPES[String.fromCharCode(d)] === undefined) throw OUT; // an invalid escape
      }
    }
    this.scalarStart = i + 1;
    this.scalarEnd = j;
    this.scalarKind = q === SQUOTE ? 1 : 2;
    this.p = end;
  }

  /** The string value of the last scalar read. */
  private scalarText(): string {
    const raw = this.t.slice(this.scalarStart, this.scalarEnd);
    if (this.scalarKind === 0) return raw;
    if (this.scalarKind === 1) return raw.includes("'") ? raw.replace(/''/g, "'") : raw;
    if (!raw.includes("\\")) return raw;
    let out = "";
    for (let j = 0; j < raw.length; j++) {
      const ch = raw[j];
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const d = raw[++j];
      if (d === "x" || d === "u" || d === "U") {
        const len = d === "x" ? 2 : d === "u" ? 4 : 8;
        out += String.fromCodePoint(parseInt(raw.slice(j + 1, j + 1 + len), 16));
        j += len;
      } else out += ESCAPES[d];
    }
    return out;
  }

  private keyText(): string {
    return this.scalarText();
  }

  /** Delivers the last scalar read (starting at `start`) to `slot`. */
  private deliver(slot: number, start: number): void {
    this.vs = start;
    const sink = this.sink!;
    if (this.scalarKind === 0) {
      const len = this.scalarEnd - this.scalarStart;
      if (len <= 4 && isNullPlain(this.t, this.scalarStart, len)) {
        sink.value(slot, this.scratch, 0, 0);
        return;
      }
    }
    {
      // ASCII without escapes straight from the text (TextEncoder.encodeInto costs a native call per value)
      const s = this.scalarStart;
      const len = this.scalarEnd - s;
      if (this.scratch.length < len) this.scratch = new Uint8Array(len * 2);
      const b = this.scratch;
      let k = 0;
      for (; k < len; k++) {
        const ch = this.t.charCodeAt(s + k);
        if (ch >= 0x80 || (ch === BACKSLASH && this.scalarKind === 2) || (ch === SQUOTE && this.scalarKind === 1)) break;
        b[k] = ch;
      }
      if (k === len) {
        sink.value(slot, b, 0, len);
        return;
      }
    }
    const text = this.scalarText();
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.scratch);
    sink.value(slot, this.scratch, 0, written ?? 0);
  }

  /** The route of the key just read, the `index`-th of a mapping under route `parent`. */
  private route(parent: number, parentPath: string[], index: number): Route {
    const last = this.lastRoutes[parent];
    const prev = last[index];
    const s = this.scalarStart;
    // Records mostly repeat the keys of the one before, in the same order: compared in place.
    if (prev !== undefined && this.scalarKind === 0 && prev.key.length === this.scalarEnd - s && this.t.startsWith(prev.key, s)) return prev;
    const key = this.keyText();
    const byKey = this.routes[parent];
    let r = byKey.get(key);
    if (!r) {
      const path = [...parentPath, key];
      r = { key, id: this.routes.length, route: this.sink!.keyNode(path), path };
      this.routes.push(new Map());
      this.lastRoutes.push([]);
      byKey.set(key, r);
    }
    last[index] = r;
    return r;
  }
}

/** `~`, `null`, `Null`, `NULL` or nothing (the core schema's null) at `t[s, s+len)`. */
function isNullPlain(t: string, s: number, len: number): boolean {
  if (len === 0) return true;
  if (len === 1) return t.charCodeAt(s) === 126;
  if (len !== 4) return false;
  const w = t.slice(s, s + 4);
  return w === "null" || w === "Null" || w === "NULL";
}
