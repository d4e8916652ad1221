// Glob patterns (pure; hosts use them to implement Host.glob). Syntax, on "/"-separated paths:
//   *       any characters within one path segment      ?      one character
//   **      (a whole segment) zero or more directories   [abc] [a-z] [!x] [^x]  a character class
//   {a,b}   alternatives (nestable)                      \x     the character x literally
// Wildcards do not match a leading "." of a name unless the pattern segment starts with ".".
//
// Matching is linear in time: a pattern is compiled once into a small nondeterministic automaton
// (braces become alternatives inside it, never expanded into separate patterns) and a path is
// matched by simulating the set of states, O(pattern length × path length) whatever the pattern
// (no backtracking: `*a*a*a*…b` and `{a,b}{a,b}…` cost the same as `*.csv`). The node host walks
// directories with the same automaton, carrying the state set down the tree.
//
// Limits (checkGlob; a pattern past them is CX4001 on the `file:` value): at most 4,096 characters
// and braces nested at most 32 deep. `**` counts as a globstar where it is a whole segment,
// including as a whole alternative (`{**,x}/…`); elsewhere it is `*`.

/** Longest glob pattern accepted. */
export const MAX_GLOB_LENGTH = 4096;
/** Deepest brace nesting accepted. */
export const MAX_BRACE_DEPTH = 32;

/** Why a pattern is not accepted (past the limits above), or undefined. */
export function checkGlob(pattern: string): string | undefined {
  if (pattern.length > MAX_GLOB_LENGTH) return `the pattern is longer than ${MAX_GLOB_LENGTH} characters`;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "{") max = Math.max(max, ++depth);
    else if (c === "}" && depth > 0) depth--;
  }
  if (max > MAX_BRACE_DEPTH) return `its braces are nested more than ${MAX_BRACE_DEPTH} deep`;
  return undefined;
}

/** Most patterns expandBraces returns (it stops there). */
export const MAX_EXPANSIONS = 4096;

/** Expands `{a,b}` alternatives into separate patterns (in order, duplicates removed; at most MAX_EXPANSIONS). */
export function expandBraces(pattern: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string) => {
    if (out.length >= MAX_EXPANSIONS) return;
    const open = findOpenBrace(p);
    if (open < 0) {
      if (!seen.has(p)) {
        seen.add(p);
        out.push(p);
      }
      return;
    }
    // Find the matching close and the top-level commas.
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let i = open; i < p.length; i++) {
      const c = p[i];
      if (c === "\\") {
        i++;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}") {
        if (--depth === 0) {
          close = i;
          break;
        }
      } else if (c === "," && depth === 1) commas.push(i);
    }
    if (close < 0 || commas.length === 0) {
      // Not an alternative: keep the brace literally (escape it so it is not expanded again).
      visit(p.slice(0, open) + "\\{" + p.slice(open + 1));
      return;
    }
    const head = p.slice(0, open);
    const tail = p.slice(close + 1);
    let start = open + 1;
    for (const comma of [...commas, close]) {
      visit(head + p.slice(start, comma) + tail);
      start = comma + 1;
    }
  };
  visit(pattern);
  return out;
}

function findOpenBrace(p: string): number {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "\\") i++;
    else if (p[i] === "{") return i;
  }
  return -1;
}

/** Does this (brace-expanded) segment contain wildcards? */
export function hasMagic(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?" || c === "[") return true;
  }
  return false;
}

/** A segment without wildcards, with escapes removed. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/\\(.)/g, "$1");
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/** The regular expression source matching one path segment. */
function segmentSource(seg: string): string {
  let out = seg.startsWith(".") ? "" : "(?!\\.)";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === "\\" && i + 1 < seg.length) {
      out += seg[++i].replace(REGEX_SPECIAL, "\\$&");
    } else if (c === "*") {
      while (seg[i + 1] === "*") i++;
      out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = seg.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = seg.slice(i + 1, close);
      let negate = false;
      if (body[0] === "!" || body[0] === "^") {
        negate = true;
        body = body.slice(1);
      }
      body = body.replace(/[\\\]^]/g, "\\$&");
      out += negate ? `[^/${body}]` : `[${body}]`;
      i = close;
    } else out += c.replace(REGEX_SPECIAL, "\\$&");
  }
  return out;
}

export function segmentRegExp(segment: string): RegExp {
  return new RegExp(`^${segmentSource(segment)}$`);
}

/** The regular expression matching whole paths for one brace-free pattern. */
export function globToRegExp(pattern: string): RegExp {
  const segs = pattern.split("/");
  let out = "^";
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (seg === "**") {
      out += last ? "(?:(?!\\.)[^/]+(?:/(?!\\.)[^/]+)*)?" : "(?:(?!\\.)[^/]+/)*";
      continue;
    }
    out += i === 0 && seg === "" ? "" : segmentSource(seg);
    if (!last) out += "/";
  }
  return new RegExp(out + "$");
}

// ---------------------------------------------------------------------------------------------
// The automaton.

// State kinds. Consuming states move to next[s] on a matching character (STAR and GS_* loop).
const S_CHAR = 0; // arg: a character code
const S_ANY = 1; // `?`: any character but "/"
const S_CLASS = 2; // arg: index into classes
const S_STAR = 3; // `*`: any characters but "/", then next
const S_EPS = 4; // epsilon to each of alts[s]
const S_GS_DIR = 5; // `**/`: zero or more whole segments, each followed by "/", then next
const S_GS_DIR_IN = 6; // … inside such a segment
const S_GS_END = 7; // `**` as a last part: zero or more segments separated by "/", then next
const S_GS_END_IN = 8; // … inside a segment
const S_GS_END_SEP = 9; // … after a "/": a segment must follow
const S_MATCH = 10;

interface CharClass {
  negate: boolean;
  ranges: number[]; // pairs lo, hi
}

type Part =
  | { t: "char"; c: number }
  | { t: "any" }
  | { t: "class"; k: number }
  | { t: "star" }
  | { t: "gsdir" }
  | { t: "gsend" }
  | { t: "alt"; alts: Part[][] };

/** A compiled glob pattern. */
export class Glob {
  private kind: number[] = [];
  private arg: number[] = [];
  private next: number[] = [];
  private alts: number[][] = [];
  private classes: CharClass[] = [];
  private start = 0;
  // Simulation scratch: state lists and marks.
  private mark: Int32Array;
  private gen = 0;

  constructor(readonly pattern: string) {
    const parts = this.parseSeq(0, false).parts;
    const match = this.add(S_MATCH, 0, -1);
    this.start = this.compileSeq(parts, match);
    this.mark = new Int32Array(this.kind.length);
  }

  // --- parsing ------------------------------------------------------------------------------

  /** Parses until the end (or, inside braces, a top-level "," or "}"). */
  private parseSeq(from: number, inBraces: boolean): { parts: Part[]; end: number } {
    const p = this.pattern;
    const parts: Part[] = [];
    let i = from;
    while (i < p.length) {
      const c = p[i];
      if (inBraces && (c === "," || c === "}")) break;
      if (c === "\\" && i + 1 < p.length) {
        parts.push({ t: "char", c: p.charCodeAt(i + 1) });
        i += 2;
        continue;
      }
      if (c === "*") {
        let j = i;
        while (p[j] === "*") j++;
        const before = i === 0 ? "/" : p[i - 1];
        const after = j < p.length ? p[j] : "";
        const segStart = before === "/" || before === "{" || before === ",";
        if (j - i >= 2 && segStart && after === "/") {
          parts.push({ t: "gsdir" });
          i = j + 1; // the "/" is part of it
          continue;
        }
        if (j - i >= 2 && segStart && (after === "" || after === "}" || after === ",")) {
          parts.push({ t: "gsend" });
          i = j;
          continue;
        }
        parts.push({ t: "star" });
        i = j;
        continue;
      }
      if (c === "?") {
        parts.push({ t: "any" });
        i++;
        continue;
      }
      if (c === "[") {
        const close = p.indexOf("]", i + 2);
        if (close > 0) {
          parts.push({ t: "class", k: this.parseClass(p.slice(i + 1, close)) });
          i = close + 1;
          continue;
        }
      }
      if (c === "{") {
        const group = this.parseBraces(i);
        if (group) {
          parts.push(group.part);
          i = group.end;
          continue;
        }
      }
      parts.push({ t: "char", c: p.charCodeAt(i) });
      i++;
    }
    return { parts, end: i };
  }

  /** `{a,b,…}` at i: the alternatives and where the group ends; undefined if it is not one (no comma, or unclosed). */
  private parseBraces(i: number): { part: Part; end: number } | undefined {
    const alts: Part[][] = [];
    let at = i + 1;
    for (;;) {
      const r = this.parseSeq(at, true);
      alts.push(r.parts);
      if (r.end >= this.pattern.length) return undefined;
      if (this.pattern[r.end] === "}") {
        if (alts.length < 2) return undefined;
        return { part: { t: "alt", alts }, end: r.end + 1 };
      }
      at = r.end + 1; // after ","
    }
  }

  private parseClass(body: string): number {
    let negate = false;
    if (body[0] === "!" || body[0] === "^") {
      negate = true;
      body = body.slice(1);
    }
    const ranges: number[] = [];
    for (let i = 0; i < body.length; i++) {
      let lo = body.charCodeAt(i);
      if (body[i] === "\\" && i + 1 < body.length) lo = body.charCodeAt(++i);
      if (body[i + 1] === "-" && i + 2 < body.length) {
        let hi = body.charCodeAt(i + 2);
        i += 2;
        if (body[i] === "\\" && i + 1 < body.length) hi = body.charCodeAt(++i);
        ranges.push(lo, hi);
      } else ranges.push(lo, lo);
    }
    this.classes.push({ negate, ranges });
    return this.classes.length - 1;
  }

  // --- compiling ----------------------------------------------------------------------------

  private add(kind: number, arg: number, next: number, alts: number[] = []): number {
    this.kind.push(kind);
    this.arg.push(arg);
    this.next.push(next);
    this.alts.push(alts);
    return this.kind.length - 1;
  }

  /** The start state of `parts` followed by `next` (compiled back to front). */
  private compileSeq(parts: Part[], next: number): number {
    let s = next;
    for (let i = parts.length - 1; i >= 0; i--) s = this.compilePart(parts[i], s);
    return s;
  }

  private compilePart(part: Part, next: number): number {
    switch (part.t) {
      case "char":
        return this.add(S_CHAR, part.c, next);
      case "any":
        return this.add(S_ANY, 0, next);
      case "class":
        return this.add(S_CLASS, part.k, next);
      case "star":
        return this.add(S_STAR, 0, next);
      case "gsdir": {
        const loop = this.add(S_GS_DIR, 0, next);
        this.add(S_GS_DIR_IN, 0, loop); // loop + 1
        return loop;
      }
      case "gsend": {
        const s = this.add(S_GS_END, 0, next);
        this.add(S_GS_END_IN, 0, next); // s + 1
        this.add(S_GS_END_SEP, 0, next); // s + 2
        return s;
      }
      case "alt":
        return this.add(
          S_EPS,
          0,
          -1,
          part.alts.map((a) => this.compileSeq(a, next)),
        );
    }
  }

  // --- matching -----------------------------------------------------------------------------

  /** The states before any character. */
  initial(): number[] {
    this.gen++;
    const out: number[] = [];
    this.close(this.start, out);
    return out;
  }

  private close(s: number, out: number[]): void {
    // Epsilon closure, iteratively.
    const stack = [s];
    while (stack.length) {
      const x = stack.pop()!;
      if (this.mark[x] === this.gen) continue;
      this.mark[x] = this.gen;
      const k = this.kind[x];
      if (k === S_EPS) {
        for (let i = this.alts[x].length - 1; i >= 0; i--) stack.push(this.alts[x][i]);
        continue;
      }
      out.push(x);
      if (k === S_STAR || k === S_GS_DIR || k === S_GS_END || k === S_GS_END_IN) stack.push(this.next[x]);
    }
  }

  /** The states after reading `text` from `states` (the previous character decides what a segment start is). */
  step(states: number[], text: string, prev = 47): number[] {
    let cur = states;
    for (let i = 0; i < text.length && cur.length; i++) {
      const c = text.charCodeAt(i);
      const segStart = prev === 47;
      prev = c;
      const out: number[] = [];
      this.gen++;
      for (const s of cur) {
        switch (this.kind[s]) {
          case S_CHAR:
            if (this.arg[s] === c) this.close(this.next[s], out);
            break;
          case S_ANY:
            if (c !== 47 && !(segStart && c === 46)) this.close(this.next[s], out);
            break;
          case S_CLASS:
            if (c !== 47 && !(segStart && c === 46) && this.inClass(this.arg[s], c)) this.close(this.next[s], out);
            break;
          case S_STAR:
            if (c !== 47 && !(segStart && c === 46)) this.close(s, out);
            break;
          case S_GS_DIR:
            if (c !== 47 && c !== 46) this.close(s + 1, out); // a segment (not starting with ".")
            break;
          case S_GS_DIR_IN:
            this.close(c === 47 ? s - 1 : s, out);
            break;
          case S_GS_END:
          case S_GS_END_SEP:
            if (c !== 47 && c !== 46) this.close(this.kind[s] === S_GS_END ? s + 1 : s - 1, out);
            break;
          case S_GS_END_IN:
            this.close(c === 47 ? s + 1 : s, out);
            break;
        }
      }
      cur = out;
    }
    return cur;
  }

  private inClass(k: number, c: number): boolean {
    const { negate, ranges } = this.classes[k];
    let hit = false;
    for (let i = 0; i < ranges.length; i += 2) {
      if (c >= ranges[i] && c <= ranges[i + 1]) {
        hit = true;
        break;
      }
    }
    return hit !== negate;
  }

  accepts(states: number[]): boolean {
    for (const s of states) if (this.kind[s] === S_MATCH) return true;
    return false;
  }

  test(path: string): boolean {
    return this.accepts(this.step(this.initial(), path));
  }
}

const compiled = new Map<string, Glob>();

/** The compiled pattern (cached). */
export function compileGlob(pattern: string): Glob {
  let g = compiled.get(pattern);
  if (!g) {
    g = new Glob(pattern);
    if (compiled.size > 256) compiled.clear();
    compiled.set(pattern, g);
  }
  return g;
}

/** Does `path` match `pattern` (braces included)? Linear time; a pattern past checkGlob's limits matches nothing. */
export function matchGlob(pattern: string, path: string): boolean {
  if (checkGlob(pattern)) return false;
  return compileGlob(pattern).test(path);
}
