// `cx fmt`: the canonical layout of a .cx file.
//
// Style (the formatter is the reference; docs describe the same rules):
// - Imports come first, in the order written, one per line, followed by one blank line.
// - Each declaration is `kind name {`, one property per line, `}` on its own line; one blank line
//   between top-level declarations. A declaration written on one line is expanded. An empty body
//   is written `{}`.
// - Indentation is 2 spaces per level; nested blocks (`columns {`) are indented like declarations.
// - Properties are `key: value`. Between properties, at most one blank line is kept (none right
//   after `{` or before `}`). The optional separators `;` and `,` are dropped.
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
// have to guess. format(format(x)) === format(x), and parse(format(x)) has the same AST as
// parse(x) apart from spans, comment positions and a duration's spacing.
import type { Argument, Block, Comment, CxFile, Declaration, Expr, ImportDecl, Item, Property, PropertyValue } from "../syntax/ast";
import { parse } from "../syntax";
import { parseDurationImage } from "../syntax/lexer";

export type FormatResult = { ok: true; text: string } | { ok: false; reason: string };

const INDENT = "  ";

/** Formats .cx text. Never throws; refuses files with syntax errors. */
export function format(text: string): FormatResult {
  try {
    const r = parse(text, "");
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
      return [v.type?.name ?? "", v.from ? `from ${v.from.raw}` : "", v.map ? `map { ${v.map.entries.map((e) => `${e.label.raw}: ${formatExpr(e.value)}`).join(", ")} }` : ""].filter(Boolean).join(" ");
    case "DeriveBlock":
      return `{ ${v.entries.map((e) => `${e.name.name}${e.type ? `: ${e.type.name}` : ""} = ${formatExpr(e.expr)}`).join("; ")} }`;
    default:
      return formatExpr(v);
  }
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
      out.push(...c.lines);
    }
    for (const c of decls) {
      if (out.length) out.push({ s: "" });
      out.push(...c.lines);
    }
    for (const c of tails) {
      if (out.length && c.blankBefore) out.push({ s: "" });
      out.push(...c.lines);
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
      if (c.span.start < p || !/^[ \t;,]*$/.test(this.text.slice(p, c.span.start))) break;
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
    if (!extraAfter) out.push(...extra);
    out.push(line);
    if (extraAfter) out.push(...extra);
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
    const inline = [...this.interior(d.span.end), ...this.trailing(d.span.end)];
    this.line("", d.path ? `import ${d.path.raw}` : "import", inline, out, false);
    this.lastEnd = Math.max(d.span.end, ...inline.map((c) => c.span.end));
  }

  private declaration(d: Declaration, out: OutLine[]): void {
    const head = `${d.declKind}${d.name ? " " + d.name.name : ""}`;
    this.blockConstruct(head, d.body, d.span.end, "", out);
  }

  /** `head {` properties `}` at `indent`. */
  private blockConstruct(head: string, body: Block | undefined, end: number, indent: string, out: OutLine[]): void {
    if (!body) {
      const inline = [...this.interior(end), ...this.trailing(end)];
      this.line(indent, head, inline, out, true);
      this.lastEnd = Math.max(end, ...inline.map((c) => c.span.end));
      return;
    }
    const open = body.span.start + 1;
    const close = body.span.end - 1;
    const headerInline = [...this.interior(open), ...this.trailing(open)];
    this.lastEnd = Math.max(open, ...headerInline.map((c) => c.span.end));
    const hasInner = body.properties.length > 0 || (this.ci < this.comments.length && this.comments[this.ci].span.start < close);
    if (!hasInner) {
      const inline = [...headerInline, ...this.interior(body.span.end), ...this.trailing(body.span.end)];
      this.line(indent, `${head} {}`, inline, out, true);
      this.lastEnd = Math.max(body.span.end, ...inline.map((c) => c.span.end));
      return;
    }
    this.line(indent, `${head} {`, headerInline, out, true);
    const inner = indent + INDENT;
    let firstInBlock = true;
    for (const p of body.properties) {
      this.property(p, inner, out, firstInBlock);
      firstInBlock = false;
    }
    // comments before the closing brace
    this.leading(close, inner, out, !firstInBlock);
    const closeInline = [...this.interior(body.span.end), ...this.trailing(body.span.end)];
    this.line(indent, "}", closeInline, out, false);
    this.lastEnd = Math.max(body.span.end, ...closeInline.map((c) => c.span.end));
  }

  private property(p: Property, indent: string, out: OutLine[], firstInBlock: boolean): void {
    const firstStart = this.ci < this.comments.length && this.comments[this.ci].span.start < p.span.start ? this.comments[this.ci].span.start : p.span.start;
    if (!firstInBlock && this.blankBetween(this.lastEnd, firstStart) && out[out.length - 1].s !== "") out.push({ s: "" });
    const hadLeading = this.ci < this.comments.length && this.comments[this.ci].span.start < p.span.start;
    this.leading(p.span.start, indent, out, false);
    if (hadLeading && this.blankBetween(this.lastEnd, p.span.start)) out.push({ s: "" });
    const v = p.value;
    if (v && v.kind === "Block") {
      this.blockConstruct(p.key.name, v, p.span.end, indent, out);
      return;
    }
    let content = `${p.key.name}:`;
    if (v) content += ` ${formatValue(v)}`;
    if (p.tag) content += ` ${p.tag.raw}`;
    const inline = [...this.interior(p.span.end), ...this.trailing(p.span.end)];
    this.line(indent, content, inline, out, false);
    this.lastEnd = Math.max(p.span.end, ...inline.map((c) => c.span.end));
  }
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
    const col = Math.max(...lines.slice(i, j).map((l) => l.c!));
    for (let k = i; k < j; k++) {
      const l = lines[k];
      const c = l.c!;
      l.s = l.s.slice(0, c - 1) + " ".repeat(col - c + 1) + l.s.slice(c);
    }
    i = j;
  }
}
