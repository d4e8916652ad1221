// Structure of one file, from its AST alone: document symbols (the outline), workspace symbols,
// folding ranges and selection ranges.
import type { Declaration, DeclKind, Node } from "../syntax/ast";
import type { ParseResult } from "../syntax/index";
import type { SemanticModel } from "../semantics/model";
import type { LineIndex, Position, Range, Span } from "../text";
import { childrenOf, nodePath } from "./query";

export type SymbolKindName = DeclKind | "column" | "derived" | "step" | "driver";

export interface DocumentSymbolInfo {
  name: string;
  kind: SymbolKindName;
  detail?: string;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbolInfo[];
}

export function documentSymbols(parse: ParseResult): DocumentSymbolInfo[] {
  const lines = parse.lines;
  const out: DocumentSymbolInfo[] = [];
  for (const item of parse.ast.items) {
    if (item.kind !== "Declaration" || !item.name) continue;
    const children: DocumentSymbolInfo[] = [];
    const cols = item.body?.properties.find((p) => p.key.name === "columns")?.value;
    if (item.declKind === "source" && cols?.kind === "Block") {
      for (const cp of cols.properties) {
        const t = cp.value?.kind === "ColumnDecl" ? cp.value.type?.name : cp.value?.kind === "Ref" ? cp.value.head.name : undefined;
        const from = cp.value?.kind === "ColumnDecl" && cp.value.from ? ` from ${cp.value.from.raw}` : "";
        children.push({ name: cp.key.name, kind: "column", detail: t ? short(t + from) : undefined, range: lines.rangeOf(cp.span), selectionRange: lines.rangeOf(cp.key.span), children: [] });
      }
    }
    const derive = item.declKind === "source" ? item.body?.properties.find((p) => p.key.name === "derive")?.value : undefined;
    if (derive?.kind === "DeriveBlock") {
      for (const e of derive.entries) {
        if (!e.name.name) continue;
        const expr = e.expr.kind === "Missing" ? "" : `= ${oneLine(parse.text.slice(e.expr.span.start, e.expr.span.end))}`;
        children.push({ name: e.name.name, kind: "derived", detail: short([e.type?.name, expr].filter(Boolean).join(" ")) || undefined, range: lines.rangeOf(e.span), selectionRange: lines.rangeOf(e.name.span), children: [] });
      }
    }
    const entries = item.declKind === "funnel" ? "steps" : item.declKind === "drivers" ? "drivers" : undefined;
    const block = entries ? item.body?.properties.find((p) => p.key.name === entries)?.value : undefined;
    if (block?.kind === "Block") {
      for (const q of block.properties) {
        const v = q.value;
        children.push({
          name: q.key.name,
          kind: entries === "steps" ? "step" : "driver",
          detail: v ? short(oneLine(parse.text.slice(v.span.start, v.span.end))) : undefined,
          range: lines.rangeOf(q.span),
          selectionRange: lines.rangeOf(q.key.span),
          children: [],
        });
      }
    }
    out.push({
      name: item.name.name,
      kind: item.declKind,
      detail: detailOf(parse, item),
      range: lines.rangeOf(item.span),
      selectionRange: lines.rangeOf(item.name.span),
      children,
    });
  }
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ");
}

/** At most 80 characters (a symbol's detail is one short line). */
function short(s: string): string {
  return s.length > 80 ? s.slice(0, 79) + "…" : s;
}

function detailOf(parse: ParseResult, d: Declaration): string | undefined {
  const prop = (k: string) => d.body?.properties.find((p) => p.key.name === k)?.value;
  const label = prop("label");
  const labelText = label?.kind === "String" ? label.value : undefined;
  switch (d.declKind) {
    case "goal": {
      const m = prop("metric");
      const t = prop("target");
      const text = [m ? parse.text.slice(m.span.start, m.span.end) : undefined, t ? parse.text.slice(t.span.start, t.span.end) : undefined].filter(Boolean).join(" ");
      return text || labelText;
    }
    case "source": {
      const f = prop("file");
      return f?.kind === "String" ? f.value : labelText;
    }
    default:
      return labelText;
  }
}

export interface WorkspaceSymbolInfo {
  name: string;
  kind: SymbolKindName;
  file: string;
  range: Range;
  container?: string;
}

/** Declarations of the workspaces whose names match `query` (case-insensitive subsequence). */
export function workspaceSymbols(models: Iterable<SemanticModel>, query: string): WorkspaceSymbolInfo[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbolInfo[] = [];
  const seen = new Set<string>();
  for (const model of models) {
    for (const sym of model.workspace.decls) {
      if (!sym.decl.name || !matches(sym.name.toLowerCase(), q)) continue;
      const key = `${sym.file.path}|${sym.decl.name.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const label = sym.props.get("label")?.value;
      out.push({
        name: sym.name,
        kind: sym.kind,
        file: sym.file.path,
        range: sym.file.parse.lines.rangeOf(sym.decl.name.span),
        container: label?.kind === "String" ? label.value : undefined,
      });
    }
  }
  return out;
}

function matches(name: string, q: string): boolean {
  let i = 0;
  for (const ch of name) if (i < q.length && ch === q[i]) i++;
  return i === q.length;
}

// ---------------------------------------------------------------------------- folding

export interface FoldingRangeInfo {
  startLine: number;
  endLine: number;
  kind?: "comment" | "imports" | "region";
}

export function foldingRanges(parse: ParseResult): FoldingRangeInfo[] {
  const lines = parse.lines;
  const out: FoldingRangeInfo[] = [];
  const block = (span: Span) => {
    const s = lines.positionAt(span.start).line;
    let e = lines.positionAt(span.end).line;
    // Keep the closing bracket visible when it starts its own line.
    const closing = lines.lineText(e).trim();
    if (/^[}\])]/.test(closing)) e--;
    if (e > s) out.push({ startLine: s, endLine: e });
  };
  const visit = (n: Node) => {
    if (n.kind === "Block" || n.kind === "List" || n.kind === "Call") {
      if (lines.positionAt(n.span.end).line > lines.positionAt(n.span.start).line) block(n.kind === "Call" ? { start: n.callee.span.start, end: n.span.end } : n.span);
    }
    for (const c of childrenOf(n)) visit(c);
  };
  for (const item of parse.ast.items) {
    if (item.kind === "Declaration" && item.body) {
      const s = lines.positionAt(item.span.start).line;
      const e0 = lines.positionAt(item.body.span.end).line;
      const e = /^\s*}/.test(lines.lineText(e0)) ? e0 - 1 : e0;
      if (e > s) out.push({ startLine: s, endLine: e });
      for (const p of item.body.properties) visit(p);
    }
  }
  // Runs of imports
  let run: number[] = [];
  const flushImports = () => {
    if (run.length > 1) out.push({ startLine: run[0], endLine: run[run.length - 1], kind: "imports" });
    run = [];
  };
  for (const item of parse.ast.items) {
    if (item.kind !== "Import") {
      flushImports();
      continue;
    }
    const l = lines.positionAt(item.span.start).line;
    if (run.length && l > run[run.length - 1] + 1) flushImports();
    run.push(l);
  }
  flushImports();
  // Comments: block comments over several lines, runs of // lines.
  let first = -1;
  let lastLine = -2;
  const flushComments = () => {
    if (first >= 0 && lastLine > first) out.push({ startLine: first, endLine: lastLine, kind: "comment" });
    first = -1;
  };
  for (const c of parse.ast.comments) {
    const s = lines.positionAt(c.span.start).line;
    const e = lines.positionAt(c.span.end).line;
    if (c.block) {
      flushComments();
      if (e > s) out.push({ startLine: s, endLine: e, kind: "comment" });
      lastLine = -2;
      continue;
    }
    const alone = lines.lineText(s).trim().startsWith("//");
    if (!alone) {
      flushComments();
      lastLine = -2;
      continue;
    }
    if (s !== lastLine + 1) flushComments();
    if (first < 0) first = s;
    lastLine = s;
  }
  flushComments();
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

// ---------------------------------------------------------------------------- selection ranges

/** Ranges around a position, innermost first (each contains the previous). */
export function selectionRanges(parse: ParseResult, pos: Position): Range[] {
  const lines: LineIndex = parse.lines;
  const offset = lines.offsetAt(pos);
  const path = nodePath(parse.ast, offset);
  const spans: Span[] = [];
  for (const n of path) {
    if (n.kind === "File") spans.push({ start: 0, end: parse.text.length });
    else spans.push(n.span);
    // A property's key + value without separators is the property span; a declaration's body
    // inner text (between braces) is a useful step too.
    if (n.kind === "Block" && n.span.end - n.span.start > 2) spans.push({ start: n.span.start + 1, end: n.span.end - 1 });
  }
  const out: Span[] = [];
  for (const s of spans.reverse()) {
    const prev = out[out.length - 1];
    if (prev && prev.start === s.start && prev.end === s.end) continue;
    if (prev && !(s.start <= prev.start && prev.end <= s.end)) continue;
    out.push(s);
  }
  return out.map((s) => lines.rangeOf(s));
}
