// Public entry point of the syntax layer: text in, AST + syntax diagnostics out. Never throws.
import { diag, type Diagnostic } from "../diagnostics";
import { LineIndex } from "../text";
import type { CxFile } from "./ast";
import { parseText } from "./parser";
import type { SyntaxProblem } from "./lexer";

export { tokenize } from "./lexer";
export type { CxToken, CxTokenKind } from "./lexer";

export interface ParseResult {
  /** The input with a leading BOM removed; all spans index into this. */
  text: string;
  ast: CxFile;
  diagnostics: Diagnostic[];
  lines: LineIndex;
}

/** Removes a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** At most this many syntax diagnostics are reported per file; one more says how many were left out. */
export const MAX_SYNTAX_DIAGNOSTICS = 200;

export interface ParseOptions {
  /**
   * The file's bytes were not valid UTF-8: the UTF-16 offset, in `text` as given (before a BOM is
   * removed), of the first invalid byte (decoded as U+FFFD). See Host.readSource.
   */
  invalidUtf8At?: number;
}

/**
 * Parses one .cx file. `file` is the absolute path put in each Diagnostic.
 * Any input gives an AST (possibly with Missing nodes) and CX1001–CX1003 diagnostics.
 * With `options.invalidUtf8At` the file also gets a CX1003 at that position whose `data` is
 * `{ invalidUtf8: true }` (`cx fmt` leaves such a file alone: language-v2 §9.3).
 */
export function parse(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const src = typeof text === "string" ? stripBom(text) : "";
  const lines = new LineIndex(src);
  let ast: CxFile;
  let problems: SyntaxProblem[];
  try {
    ({ ast, problems } = parseText(src));
  } catch (e) {
    ast = { kind: "File", span: { start: 0, end: src.length }, items: [], comments: [] };
    problems = [{ code: "CX1001", start: 0, end: 0, message: `The file could not be parsed (${e instanceof Error ? e.name : "error"}).` }];
  }
  let utf8: SyntaxProblem | undefined;
  const at = options.invalidUtf8At;
  if (at !== undefined && Number.isInteger(at) && at >= 0) {
    const start = Math.min(Math.max(0, at - (src.length < (typeof text === "string" ? text.length : 0) ? 1 : 0)), src.length);
    const end = start < src.length ? start + 1 : start;
    const pos = lines.positionAt(start);
    utf8 = {
      code: "CX1003",
      start,
      end,
      message: `This file is not valid UTF-8 (the first invalid byte is at line ${pos.line + 1}, column ${pos.character + 1}). .cx files must be UTF-8: save it as UTF-8 (in VS Code: "Save with Encoding", then UTF-8).`,
      data: { invalidUtf8: true },
    };
    problems = [utf8, ...problems];
  }
  const diagnostics = tidy(src, problems, utf8).map((p) =>
    diag(p.code, file, lines.rangeOf({ start: p.start, end: p.end }), { detail: p.message }, p.data ? { data: p.data } : {}),
  );
  return { text: src, ast, diagnostics, lines };
}

/**
 * Orders problems by position and removes echoes: one CX1001 per start offset (the first
 * reported wins), the lexer's "invalid character" at the first invalid UTF-8 byte (the byte is
 * the real problem, `utf8`), and a CX1001 right after an invalid character on the same line (the
 * invalid character is the real problem, already reported as CX1003). At most
 * MAX_SYNTAX_DIAGNOSTICS are kept (and `utf8`, always), plus one that says how many more there are.
 */
function tidy(text: string, problems: SyntaxProblem[], utf8: SyntaxProblem | undefined): SyntaxProblem[] {
  const seen = new Set<string>();
  const syntaxAt = new Set<number>();
  const invalidEnds = new Set<number>();
  for (const p of problems) if (p.code === "CX1003" && (p === utf8 || p.message.startsWith("Invalid character"))) invalidEnds.add(p.end);
  const afterInvalid = (offset: number): boolean => {
    let i = offset;
    while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9) && !invalidEnds.has(i)) i--;
    return invalidEnds.has(i);
  };
  const out: SyntaxProblem[] = [];
  for (const p of problems) {
    const k = `${p.code}|${p.start}|${p.end}|${p.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (utf8 && p !== utf8 && p.code === "CX1003" && p.start === utf8.start && p.message.startsWith("Invalid character")) continue;
    if (p.code === "CX1001") {
      if (syntaxAt.has(p.start)) continue;
      if (invalidEnds.size && afterInvalid(p.start)) continue;
      syntaxAt.add(p.start);
    }
    out.push(p);
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (out.length <= MAX_SYNTAX_DIAGNOSTICS) return out;
  const kept = out.slice(0, MAX_SYNTAX_DIAGNOSTICS);
  const next = out[MAX_SYNTAX_DIAGNOSTICS];
  kept.push({
    code: "CX1001",
    start: next.start,
    end: next.start,
    message: "Too many syntax errors: the ones from here on are not shown. Fix the ones above first.",
  });
  if (utf8 && !kept.includes(utf8)) kept.unshift(utf8);
  return kept;
}

/**
 * A compact, readable s-expression dump of an AST (used by the parser snapshot tests and for
 * debugging). Spans are 1-based `line:col-line:col`. Identifiers and literals are printed on one
 * line, and so is a node whose children are all such leaves (when it fits in 120 columns); other
 * nodes print their children indented below them, one per line, as `field: (…)` (list elements
 * without a label). Comments follow the tree, one per line.
 */
export function dumpAst(ast: CxFile, lines: LineIndex): string {
  const pos = (o: number): string => {
    const p = lines.positionAt(o);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const sp = (s: { start: number; end: number }): string => `${pos(s.start)}-${pos(s.end)}`;
  const isSpan = (v: unknown): v is { start: number; end: number } =>
    typeof v === "object" && v !== null && !("kind" in v) && typeof (v as { start?: unknown }).start === "number";
  const isNode = (v: unknown): v is { kind: string; span: { start: number; end: number } } =>
    typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string";
  const INLINE = new Set(["Identifier", "Number", "Percent", "String", "Boolean", "Null", "Missing", "Duration"]);
  const out: string[] = [];
  const node = (n: Record<string, unknown> & { kind: string; span: { start: number; end: number } }, indent: string, label: string): void => {
    const head: string[] = [n.kind === "Identifier" ? "Ident" : n.kind];
    const children: [string, unknown][] = [];
    for (const [k, v] of Object.entries(n)) {
      if (k === "kind" || k === "span" || v === undefined) continue;
      if (k === "comments" && n.kind === "File") continue;
      if (isNode(v) || (Array.isArray(v) && v.length > 0 && v.every(isNode))) children.push([k, v]);
      else if (Array.isArray(v)) head.push(`${k}=[]`);
      else if (isSpan(v)) head.push(`${k}=${sp(v)}`);
      else if (k === "name" || k === "declKind" || k === "op") head.push(typeof v === "string" && /^[\w<>=!+\-*/]+$/.test(v) ? v : JSON.stringify(v));
      else head.push(`${k}=${JSON.stringify(v)}`);
    }
    head.push(sp(n.span));
    const line = `${indent}${label}(${head.join(" ")}`;
    if (INLINE.has(n.kind) || children.length === 0) {
      out.push(line + ")");
      return;
    }
    // a node whose children are all leaves fits on one line: (Ref 2:3-2:8 head: (Ident s 2:3-2:4))
    if (children.every(([, v]) => !Array.isArray(v) && INLINE.has((v as { kind: string }).kind))) {
      const parts = children.map(([k, v]) => {
        const sub: string[] = [];
        const saved = out.length;
        node(v as Parameters<typeof node>[0], "", `${k}: `);
        sub.push(...out.splice(saved));
        return sub.join(" ");
      });
      const one = `${line} ${parts.join(" ")})`;
      if (one.length <= 120) {
        out.push(one);
        return;
      }
    }
    out.push(line);
    for (const [k, v] of children) {
      if (Array.isArray(v)) for (const c of v) node(c, indent + "  ", "");
      else node(v as Parameters<typeof node>[0], indent + "  ", `${k}: `);
    }
    out[out.length - 1] += ")";
  };
  node(ast as unknown as Parameters<typeof node>[0], "", "");
  for (const c of ast.comments) out.push(`(Comment ${c.block ? "block" : "line"} ${JSON.stringify(c.text)} ${sp(c.span)})`);
  return out.join("\n") + "\n";
}
