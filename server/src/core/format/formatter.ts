// `cx fmt`: the canonical layout of a .cx file.
//
// Style (the formatter is the reference; docs describe the same rules):
// - Imports come first, in the order written, one per line, followed by one blank line.
// - Each declaration is `kind name {`, one property per line, `}` on its own line; one blank line
//   between top-level declarations. A declaration written on one line is expanded. An empty body
//   is written `{}`.
// - Indentation is 2 spaces per level; nested blocks (`columns {`, `derive {`, `steps {`,
//   `drivers {`) are indented like declarations.
// - Properties are `key: value`. Between properties, at most one blank line is kept (none right
//   after `{` or before `}`). The optional separators `;` and `,` are dropped.
// - Columns are `name: type`, `name: type from "HEADER"`, `name: type from "HEADER" map { … }`.
//   A map is written on the column's line, `map { "A": 1, "B": 2 }`, when that line fits in
//   LINE_WIDTH (100) characters and the map holds no comment; otherwise one entry per line, each
//   but the last followed by `,`, and `}` on its own line under the column.
// - Derived columns are `name = expression` or `name: type = expression`, one per line.
// - Expressions are written on one line with single spaces around binary operators, `and`, `or`,
//   `in`, `is` and `where`; `not x`, `-x`; calls as `f(a, b)` and named arguments as `scale: 7`;
//   lists as `[a, b, c]`; thresholds as `>= 40`; durations as `90 days`; `unit: currency "EUR"`.
//   Numbers and strings keep their raw text. Parentheses are kept exactly as written (never added
//   or removed).
// - Comments are kept, with their text unchanged:
//   · own-line comments stay on their own line, before the construct that follows them, indented
//     with it; at most one blank line is kept between them and around them (so doc comments, the
//     `//` lines directly above a declaration, stay doc comments and other comments do not become
//     one); comments written on one line together stay together;
//   · a comment after code on the same line stays at the end of that line, after one space;
//   · a comment in the middle of a construct that is printed on one line (a multi-line expression,
//     a declaration header) moves to the end of that line; when several `//` comments compete for
//     one line end, the others go on their own lines just before the line (just after it for a
//     declaration or block header, so that they do not become doc comments).
// - LF line endings, no trailing spaces outside comments, exactly one newline at the end.
// The formatter refuses (ok: false) to format a file with syntax errors (CX1001–CX1003): it would
// have to guess; so also a file that is not valid UTF-8 (`options.invalidUtf8At`).
// Hostile input: expressions are at most MAX_EXPR_DEPTH deep (the parser guarantees it), so the
// recursive expression printer is safe; the layout itself uses loops (no spread of big arrays). format(format(x)) === format(x), and parse(format(x)) has the same AST as
// parse(x) apart from spans, comment positions and a duration's spacing.
import type { Argument, ColumnDecl, Comment, CxFile, Declaration, DeriveEntry, Expr, ImportDecl, Item, MapEntry, MapLit, Property, PropertyValue } from "../syntax/ast";
import { parse, type ParseOptions } from "../syntax";
import { parseDurationImage } from "../syntax/lexer";
import type { Span } from "../text";

export type FormatResult = { ok: true; text: string } | { ok: false; reason: string };

const INDENT = "  ";
/** The widest line a `map { … }` is written on before it is wrapped (one entry per line). */
export const LINE_WIDTH = 100;

/**
 * Formats .cx text. Never throws; refuses files with syntax errors, and files that were not valid
 * UTF-8 (`options.invalidUtf8At`, from Host.readSource).
 */
export function format(text: string, options: ParseOptions = {}): FormatResult {
  try {
    const r = parse(text, "", options);
    if (r.diagnostics.length > 0) {
      const d = r.diagnostics[0];
      const more = r.diagnostics.length > 1 ? ` (and ${r.diagnostics.length - 1} more)` : "";
      return {
        ok: false,
        reason: `Cannot format a file with syntax errors: line ${d.range.start.line + 1}, column ${d.range.start.character + 1}: ${d.message}${more}`,
      };
    }
    return { ok: true, text: new Printer(r.text, r.ast).print() };
  } catch (e) {
    return { ok: false, reason: `Cannot format this file: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---------------------------------------------------------------------------
// Expressions

export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case "Number":
    case "Percent":
    case "String":
      return e.raw;
    case "Boolean":
      return e.value ? "true" : "false";
    case "Null":
      return "null";
    case "Ref":
      return e.member ? `${e.head.name}.${e.member.name}` : e.head.name;
    case "Call":
      return `${e.callee.name}(${e.args.map(formatArgument).join(", ")})`;
    case "Unary": {
      const operand = formatExpr(e.operand);
      if (e.op === "not") return `not ${operand}`;
      return operand.startsWith("-") ? `- ${operand}` : `-${operand}`;
    }
    case "Binary":
      return `${formatExpr(e.left)} ${e.op} ${formatExpr(e.right)}`;
    case "In":
      return `${formatExpr(e.operand)} ${e.negated ? "not in" : "in"} [${e.items.map(formatExpr).join(", ")}]`;
    case "IsNull":
      return `${formatExpr(e.operand)} is ${e.negated ? "not null" : "null"}`;
    case "Paren":
      return `(${formatExpr(e.expr)})`;
    case "Missing":
      return "";
  }
}

function formatArgument(a: Argument): string {
  let s = a.name ? `${a.name.name}: ${formatExpr(a.value)}` : formatExpr(a.value);
  if (a.where) s += ` where ${formatExpr(a.where)}`;
  return s;
}

/**
 * A property value in canonical form on one line. Blocks are written `{ a: x, b: y }` (the
 * printer lays out real blocks itself; `cx diff` uses this one-line form).
 */
export function formatPropertyValue(v: PropertyValue | undefined): string {
  if (!v) return "";
  switch (v.kind) {
    case "Threshold":
      return `${v.op} ${formatExpr(v.value)}`;
    case "Duration": {
      const d = parseDurationImage(v.raw);
      return d ? `${d.amountText} ${d.unitText}` : v.raw;
    }
    case "List":
      return `[${v.items.map(formatExpr).join(", ")}]`;
    case "Block":
      return `{ ${v.properties.map(formatPropertyInline).join(", ")} }`;
    case "Word":
      return v.text;
    case "ColumnDecl":
      return [columnHead(v), v.map ? formatMap(v.map) : ""].filter(Boolean).join(" ");
    case "DeriveBlock":
      return `{ ${v.entries.map(formatDeriveEntry).join("; ")} }`;
    default:
      return formatExpr(v);
  }
}

/** A column declaration up to its map: `integer from "Q1"`. */
function columnHead(c: ColumnDecl): string {
  return [c.type?.name ?? "", c.from ? `from ${c.from.raw}` : ""].filter(Boolean).join(" ");
}

function formatMapEntry(e: MapEntry): string {
  return `${e.label.raw}: ${formatExpr(e.value)}`;
}

/** `map { "A": 1, "B": 2 }` (`map {}` when empty). */
function formatMap(m: MapLit): string {
  return m.entries.length ? `map { ${m.entries.map(formatMapEntry).join(", ")} }` : "map {}";
}

function formatDeriveEntry(e: DeriveEntry): string {
  return `${e.name.name}${e.type ? `: ${e.type.name}` : ""} = ${formatExpr(e.expr)}`;
}

/** `key: value` (with a `unit: currency "EUR"` tag) on one line. */
export function formatPropertyInline(p: Property): string {
  return `${p.key.name}: ${formatPropertyValue(p.value)}${p.tag ? ` ${p.tag.raw}` : ""}`;
}

function formatValue(v: PropertyValue): string {
  return v.kind === "Block" ? "{}" : formatPropertyValue(v); // blocks are laid out by the printer
}

// ---------------------------------------------------------------------------
// Layout with comments

/** An output line; `c` is where its end-of-line comment starts (for alignment). */
interface OutLine {
  s: string;
  c?: number;
}

interface Chunk {
  kind: "import" | "declaration" | "tail";
  lines: OutLine[];
  /** The source had a blank line before this chunk's first line. */
  blankBefore: boolean;
}

class Printer {
  private ci = 0;
  /** Source offset of the end of the last construct or comment consumed. */
  private lastEnd = 0;
  private readonly comments: Comment[];

  constructor(
    private readonly text: string,
    private readonly ast: CxFile,
  ) {
    this.comments = [...ast.comments].sort((a, b) => a.span.start - b.span.start);
  }

  print(): string {
    const chunks: Chunk[] = [];
    for (const item of this.ast.items) chunks.push(this.item(item));
    const tail: OutLine[] = [];
    const tailBlank = this.ci < this.comments.length && this.blankBetween(this.lastEnd, this.comments[this.ci].span.start);
    this.leading(this.text.length + 1, "", tail, false);
    if (tail.length) chunks.push({ kind: "tail", lines: tail, blankBefore: tailBlank });

    const imports = chunks.filter((c) => c.kind === "import");
    const decls = chunks.filter((c) => c.kind === "declaration");
    const tails = chunks.filter((c) => c.kind === "tail");
    const out: OutLine[] = [];
    for (const c of imports) {
      if (out.length && c.blankBefore) out.push({ s: "" });
      for (const l of c.lines) out.push(l);
    }
    for (const c of decls) {
      if (out.length) out.push({ s: "" });
      for (const l of c.lines) out.push(l);
    }
    for (const c of tails) {
      if (out.length && c.blankBefore) out.push({ s: "" });
      for (const l of c.lines) out.push(l);
    }
    if (out.length === 0) return "";
    alignComments(out);
    return out.map((l) => l.s).join("\n") + "\n";
  }

  // --- source helpers ---

  private newlines(from: number, to: number): number {
    let n = 0;
    const t = this.text;
    for (let i = Math.max(0, from); i < Math.min(to, t.length); i++) {
      const c = t.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13 && t.charCodeAt(i + 1) !== 10) n++;
    }
    return n;
  }
  private blankBetween(from: number, to: number): boolean {
    return this.newlines(from, to) >= 2;
  }
  /** Only spaces, tabs, `;` and `,` in [from, to) (stops at the first other character). */
  private onlySeparators(from: number, to: number): boolean {
    const t = this.text;
    for (let i = from; i < to; i++) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 59 && c !== 44) return false;
    }
    return true;
  }
  private raw(c: Comment): string {
    return this.text.slice(c.span.start, c.span.end);
  }

  /**
   * Emits the comments that start before `before` as own-line comments at `indent`. Comments that
   * were on one source line stay on one line. Blank lines between them (and before the first,
   * when `blankAllowedFirst`) are kept, at most one.
   */
  private leading(before: number, indent: string, out: OutLine[], blankAllowedFirst: boolean): void {
    let first = true;
    while (this.ci < this.comments.length && this.comments[this.ci].span.start < before) {
      const c = this.comments[this.ci++];
      const blank = this.blankBetween(this.lastEnd, c.span.start);
      const sameLine = !first && this.newlines(this.lastEnd, c.span.start) === 0;
      if (sameLine && out.length) {
        out[out.length - 1].s += " " + this.raw(c);
      } else {
        if (blank && (!first || blankAllowedFirst) && out.length && out[out.length - 1].s !== "") out.push({ s: "" });
        out.push({ s: indent + this.raw(c) });
      }
      this.lastEnd = c.span.end;
      first = false;
    }
  }

  /** Comments that start before `end` (inside a construct printed on one line). */
  private interior(end: number): Comment[] {
    const got: Comment[] = [];
    while (this.ci < this.comments.length && this.comments[this.ci].span.start < end) got.push(this.comments[this.ci++]);
    return got;
  }

  /** Comments after `pos` on the same source line (only spaces and separators between). */
  private trailing(pos: number): Comment[] {
    const got: Comment[] = [];
    let p = pos;
    while (this.ci < this.comments.length) {
      const c = this.comments[this.ci];
      if (c.span.start < p || !this.onlySeparators(p, c.span.start)) break;
      got.push(c);
      this.ci++;
      p = c.span.end;
      if (!c.block) break;
    }
    return got;
  }

  /**
   * Writes `content` with its inline comments. Block comments go inline, then one `//` comment at
   * the end; other `//` comments go on their own lines before (or, with `extraAfter`, after) it.
   */
  private line(indent: string, content: string, inline: Comment[], out: OutLine[], extraAfter: boolean): void {
    const lineComments = inline.filter((c) => !c.block);
    const last = lineComments[lineComments.length - 1];
    // after a header the extra comments are inside the block, so they take the inner indent
    const extraIndent = extraAfter ? indent + INDENT : indent;
    const extra = lineComments.slice(0, -1).map((c): OutLine => ({ s: extraIndent + this.raw(c) }));
    const line: OutLine = { s: indent + content };
    if (inline.length) line.c = line.s.length + 1;
    for (const c of inline) if (c.block) line.s += " " + this.raw(c);
    if (last) line.s += " " + this.raw(last);
    if (!extraAfter) for (const l of extra) out.push(l);
    out.push(line);
    if (extraAfter) for (const l of extra) out.push(l);
  }

  // --- constructs ---

  private item(item: Item): Chunk {
    const lines: OutLine[] = [];
    const firstStart = this.ci < this.comments.length && this.comments[this.ci].span.start < item.span.start ? this.comments[this.ci].span.start : item.span.start;
    const blankBefore = this.lastEnd > 0 && this.blankBetween(this.lastEnd, firstStart);
    this.leading(item.span.start, "", lines, false);
    if (lines.length && this.blankBetween(this.lastEnd, item.span.start)) lines.push({ s: "" });
    if (item.kind === "Import") this.importDecl(item, lines);
    else this.declaration(item, lines);
    return { kind: item.kind === "Import" ? "import" : "declaration", lines, blankBefore };
  }

  private importDecl(d: ImportDecl, out: OutLine[]): void {
    this.simpleLine(d.span.end, d.path ? `import ${d.path.raw}` : "import", "", out);
  }

  private declaration(d: Declaration, out: OutLine[]): void {
    const head = `${d.declKind}${d.name ? " " + d.name.name : ""}`;
    const body = d.body;
    this.blockConstruct(head, body && { span: body.span, count: body.properties.length }, d.span.end, "", out, (inner, out2) => {
      let first = true;
      for (const p of body!.properties) {
        this.property(p, inner, out2, first);
        first = false;
      }
    });
  }

  /** `content` and its comments on one line (comments inside `[..end)` move to the end of the line). */
  private simpleLine(end: number, content: string, indent: string, out: OutLine[]): void {
    const inline = this.interior(end);
    for (const c of this.trailing(end)) inline.push(c);
    this.line(indent, content, inline, out, false);
    this.lastEnd = maxEnd(end, inline);
  }

  /**
   * `head {` items `}` at `indent`. `body` is the braces' span (`{` first, `}` last) and how many
   * items they hold; `items` prints them at the inner indent.
   */
  private blockConstruct(
    head: string,
    body: { span: Span; count: number } | undefined,
    end: number,
    indent: string,
    out: OutLine[],
    items: (inner: string, out: OutLine[]) => void,
  ): void {
    if (!body) {
      this.simpleLine(end, head, indent, out);
      return;
    }
    const open = body.span.start + 1;
    const close = body.span.end - 1;
    const headerInline = this.interior(open);
    for (const c of this.trailing(open)) headerInline.push(c);
    this.lastEnd = maxEnd(open, headerInline);
    const hasInner = body.count > 0 || (this.ci < this.comments.length && this.comments[this.ci].span.start < close);
    if (!hasInner) {
      const inline = headerInline;
      for (const c of this.interior(body.span.end)) inline.push(c);
      for (const c of this.trailing(body.span.end)) inline.push(c);
      this.line(indent, `${head} {}`, inline, out, true);
      this.lastEnd = maxEnd(body.span.end, inline);
      return;
    }
    this.line(indent, `${head} {`, headerInline, out, true);
    const inner = indent + INDENT;
    items(inner, out);
    // comments before the closing brace
    this.leading(close, inner, out, body.count > 0);
    const closeInline = this.interior(body.span.end);
    for (const c of this.trailing(body.span.end)) closeInline.push(c);
    this.line(indent, "}", closeInline, out, false);
    this.lastEnd = maxEnd(body.span.end, closeInline);
  }

  /** The blank line and own-line comments before an entry of a block that starts at `start`. */
  private leadIn(start: number, indent: string, out: OutLine[], firstInBlock: boolean): void {
    const firstStart = this.ci < this.comments.length && this.comments[this.ci].span.start < start ? this.comments[this.ci].span.start : start;
    if (!firstInBlock && this.blankBetween(this.lastEnd, firstStart) && out[out.length - 1].s !== "") out.push({ s: "" });
    const hadLeading = this.ci < this.comments.length && this.comments[this.ci].span.start < start;
    this.leading(start, indent, out, false);
    if (hadLeading && this.blankBetween(this.lastEnd, start)) out.push({ s: "" });
  }

  private property(p: Property, indent: string, out: OutLine[], firstInBlock: boolean): void {
    this.leadIn(p.span.start, indent, out, firstInBlock);
    const v = p.value;
    if (v && v.kind === "Block") {
      this.blockConstruct(p.key.name, { span: v.span, count: v.properties.length }, p.span.end, indent, out, (inner, out2) => {
        let first = true;
        for (const q of v.properties) {
          this.property(q, inner, out2, first);
          first = false;
        }
      });
      return;
    }
    if (v && v.kind === "DeriveBlock") {
      this.blockConstruct(p.key.name, { span: v.span, count: v.entries.length }, p.span.end, indent, out, (inner, out2) => {
        let first = true;
        for (const e of v.entries) {
          this.leadIn(e.span.start, inner, out2, first);
          this.simpleLine(e.span.end, formatDeriveEntry(e), inner, out2);
          first = false;
        }
      });
      return;
    }
    if (v && v.kind === "ColumnDecl" && v.map && this.wrapMap(v.map, `${indent}${p.key.name}: ${formatPropertyValue(v)}`)) {
      const map = v.map;
      const brace = this.braceAfter(map.keywordSpan.end);
      const head = `${p.key.name}: ${columnHead(v)}${columnHead(v) ? " " : ""}map`;
      this.blockConstruct(head, { span: { start: brace, end: map.span.end }, count: map.entries.length }, p.span.end, indent, out, (inner, out2) => {
        map.entries.forEach((e, k) => {
          this.leadIn(e.span.start, inner, out2, k === 0);
          this.simpleLine(e.span.end, formatMapEntry(e) + (k < map.entries.length - 1 ? "," : ""), inner, out2);
        });
      });
      return;
    }
    let content = `${p.key.name}:`;
    if (v) content += ` ${formatValue(v)}`;
    if (p.tag) content += ` ${p.tag.raw}`;
    this.simpleLine(p.span.end, content, indent, out);
  }

  /** A map is wrapped when its line would be too long or it holds a comment (between its braces). */
  private wrapMap(m: MapLit, line: string): boolean {
    if (m.entries.length === 0) return false;
    if (line.length > LINE_WIDTH) return true;
    const brace = this.braceAfter(m.keywordSpan.end);
    for (let k = this.ci; k < this.comments.length; k++) {
      const c = this.comments[k];
      if (c.span.start >= m.span.end) break;
      if (c.span.start > brace) return true;
    }
    return false;
  }

  /** The offset of the `{` after `pos`, past whitespace and comments. */
  private braceAfter(pos: number): number {
    const t = this.text;
    let i = pos;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
      else if (t.startsWith("//", i)) {
        while (i < t.length && t.charCodeAt(i) !== 10 && t.charCodeAt(i) !== 13) i++;
      } else if (t.startsWith("/*", i)) {
        const e = t.indexOf("*/", i + 2);
        i = e < 0 ? t.length : e + 2;
      } else break;
    }
    return i;
  }
}

/** The largest of `end` and the comments' ends. */
function maxEnd(end: number, comments: readonly Comment[]): number {
  let m = end;
  for (const c of comments) if (c.span.end > m) m = c.span.end;
  return m;
}

/**
 * Aligns end-of-line comments on consecutive lines of the same indentation (gofmt style): the
 * comments of such a run start one space after the longest code among them.
 */
function alignComments(lines: OutLine[]): void {
  const indentOf = (s: string): number => s.length - s.trimStart().length;
  let i = 0;
  while (i < lines.length) {
    if (lines[i].c === undefined || lines[i].s.includes("\n")) {
      i++;
      continue;
    }
    let j = i;
    const ind = indentOf(lines[i].s);
    while (j < lines.length && lines[j].c !== undefined && !lines[j].s.includes("\n") && indentOf(lines[j].s) === ind) j++;
    let col = 0;
    for (let k = i; k < j; k++) col = Math.max(col, lines[k].c!);
    for (let k = i; k < j; k++) {
      const l = lines[k];
      const c = l.c!;
      l.s = l.s.slice(0, c - 1) + " ".repeat(col - c + 1) + l.s.slice(c);
    }
    i = j;
  }
}
