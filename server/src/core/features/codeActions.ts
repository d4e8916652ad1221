// Code actions: quick fixes for diagnostics (did-you-mean, add `%`, add a missing required
// property, declare a column found in the data, create a missing touchpoint or metric) and a
// refactoring that declares a source's columns from its data.
import type { Block, Declaration } from "../syntax/ast";
import type { Diagnostic } from "../diagnostics";
import type { Range } from "../text";
import type { WorkspaceFile } from "../semantics/workspace";
import { enclosing, fileOf } from "./query";
import type { FeatureContext, FileEdit } from "./types";

export interface CodeActionInfo {
  title: string;
  kind: "quickfix" | "refactor.rewrite";
  /** The diagnostic this action fixes. */
  diagnostic?: Diagnostic;
  edits: FileEdit[];
  isPreferred?: boolean;
}

const SUGGESTION_CODES = new Set(["CX2001", "CX2003", "CX2004", "CX2005", "CX3001"]);

/** Actions for `diagnostics` (those of `path` overlapping the requested range) and for the range itself. */
export function codeActions(ctx: FeatureContext, path: string, range: Range, diagnostics: Diagnostic[]): CodeActionInfo[] {
  const file = fileOf(ctx.model, path);
  if (!file) return [];
  const out: CodeActionInfo[] = [];
  for (const d of diagnostics) {
    if (d.file !== path) continue;
    const data = d.data ?? {};
    const suggestion = typeof data.suggestion === "string" ? data.suggestion : undefined;
    if (suggestion && SUGGESTION_CODES.has(d.code)) {
      out.push({ title: `Change to '${suggestion}'`, kind: "quickfix", diagnostic: d, edits: [{ file: path, range: d.range, newText: suggestion }], isPreferred: true });
    }
    if (d.code === "CX3006" && typeof data.percent === "string") {
      out.push({ title: `Write ${data.percent} (a percent)`, kind: "quickfix", diagnostic: d, edits: [{ file: path, range: d.range, newText: data.percent }], isPreferred: true });
    }
    if (d.code === "CX2006" && typeof data.property === "string") {
      const action = addMissingProperty(ctx, file, d, data.property);
      if (action) out.push(action);
    }
    if (d.code === "CX2003") {
      const action = declareColumn(ctx, file, d, typeof data.source === "string" ? data.source : undefined);
      if (action) out.push(action);
    }
    if (d.code === "CX2001" && (data.kind === "touchpoint" || data.kind === "metric")) {
      const name = textAt(file, d.range);
      if (/^[A-Za-z_]\w*$/.test(name) && !ctx.model.workspace.symbols.has(name)) {
        out.push({ title: `Create ${data.kind} '${name}'`, kind: "quickfix", diagnostic: d, edits: [appendDeclaration(file, data.kind, name, ctx)] });
      }
    }
  }
  const refactor = declareAllColumns(ctx, file, range);
  if (refactor) out.push(refactor);
  return out;
}

function textAt(file: WorkspaceFile, r: Range): string {
  const lines = file.parse.lines;
  return file.parse.text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
}

function declAt(file: WorkspaceFile, r: Range): Declaration | undefined {
  return enclosing(file.parse.ast, file.parse.lines.offsetAt(r.start)).decl;
}

function addMissingProperty(ctx: FeatureContext, file: WorkspaceFile, d: Diagnostic, property: string): CodeActionInfo | undefined {
  const decl = declAt(file, d.range);
  if (!decl?.body) return undefined;
  const model = ctx.model;
  const first = (kind: string) => [...model.workspace.symbols.values()].find((s) => s.kind === kind)?.name;
  const name = decl.name?.name ?? "name";
  const values: Record<string, string> = {
    file: `"data/${name}.csv"`,
    value: `count(${first("source") ?? "source"})`,
    metric: first("metric") ?? "metric",
    target: ">= 0",
    touchpoints: `[${[...model.touchpoints.keys()].slice(0, 3).join(", ")}]`,
  };
  const text = `${property}: ${values[property] ?? "…"}`;
  return { title: `Add '${property}'`, kind: "quickfix", diagnostic: d, edits: [insertInBlock(file, decl.body, text)], isPreferred: true };
}

/** Inserts a property line before the closing brace of `block`, indented like its siblings. */
export function insertInBlock(file: WorkspaceFile, block: Block, text: string, lines: string[] = [text]): FileEdit {
  const src = file.parse.text;
  const li = file.parse.lines;
  const closed = src[block.span.end - 1] === "}";
  const close = closed ? block.span.end - 1 : block.span.end;
  const openLine = li.positionAt(block.span.start).line;
  const baseIndent = /^\s*/.exec(li.lineText(openLine))![0];
  let indent = baseIndent + "  ";
  const firstProp = block.properties[0];
  if (firstProp) {
    const pl = li.positionAt(firstProp.span.start);
    const before = li.lineText(pl.line).slice(0, pl.character);
    if (/^\s*$/.test(before)) indent = before;
  }
  const closePos = li.positionAt(close);
  const beforeClose = li.lineText(closePos.line).slice(0, closePos.character);
  if (closed && /^\s*$/.test(beforeClose) && closePos.line > openLine) {
    const at = { line: closePos.line, character: 0 };
    return { file: file.path, range: { start: at, end: at }, newText: lines.map((l) => `${indent}${l}\n`).join("") };
  }
  if (closed && closePos.line === openLine && lines.length === 1) {
    const at = li.positionAt(close);
    const pad = /\s/.test(src[close - 1] ?? "") ? "" : " ";
    return { file: file.path, range: { start: at, end: at }, newText: `${pad}${text} ` };
  }
  // Brace after content on the same line, or missing: put the properties on their own lines.
  const at = li.positionAt(close);
  const body = lines.map((l) => `\n${indent}${l}`).join("");
  return { file: file.path, range: { start: at, end: at }, newText: closed ? `${body}\n${baseIndent}` : `${body}\n${baseIndent}}` };
}

function declareColumn(ctx: FeatureContext, file: WorkspaceFile, d: Diagnostic, sourceName: string | undefined): CodeActionInfo | undefined {
  const column = textAt(file, d.range);
  if (!sourceName) return undefined;
  const info = ctx.model.sources.get(sourceName);
  const data = ctx.data?.get(sourceName);
  if (!info?.declared || !data?.columns.includes(column)) return undefined;
  const cols = info.sym.props.get("columns")?.value;
  if (cols?.kind !== "Block") return undefined;
  const type = data.inferred.get(column) ?? "text";
  return {
    title: `Declare column '${column}: ${type}' in source '${sourceName}' (it is in the data)`,
    kind: "quickfix",
    diagnostic: d,
    edits: [insertInBlock(info.sym.file, cols, `${column}: ${type}`)],
    isPreferred: !(typeof d.data?.suggestion === "string"),
  };
}

function appendDeclaration(file: WorkspaceFile, kind: "touchpoint" | "metric", name: string, ctx: FeatureContext): FileEdit {
  const src = file.parse.text;
  const end = file.parse.lines.positionAt(src.length);
  const sep = src.length === 0 ? "" : src.endsWith("\n\n") ? "" : src.endsWith("\n") ? "\n" : "\n\n";
  const label = name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  const firstSource = [...ctx.model.sources.keys()][0] ?? "source";
  const body = kind === "touchpoint" ? `  label: "${label}"\n` : `  label: "${label}"\n  value: count(${firstSource})\n`;
  return { file: file.path, range: { start: end, end }, newText: `${sep}${kind} ${name} {\n${body}}\n` };
}

/** Refactoring: a source without `columns { }` whose data is known gets one, with inferred types. */
function declareAllColumns(ctx: FeatureContext, file: WorkspaceFile, range: Range): CodeActionInfo | undefined {
  const decl = declAt(file, range);
  if (decl?.declKind !== "source" || !decl.name || !decl.body) return undefined;
  const info = ctx.model.sources.get(decl.name.name);
  if (!info || info.declared || info.sym.decl !== decl) return undefined;
  const data = ctx.data?.get(info.name);
  if (!data?.columns.length) return undefined;
  const width = Math.max(...data.columns.map((c) => c.length));
  const cols = data.columns.map((c) => `  ${c}:${" ".repeat(width - c.length + 1)}${data.inferred.get(c) ?? "text"}`);
  return {
    title: `Declare the columns of '${info.name}' from its data`,
    kind: "refactor.rewrite",
    edits: [insertInBlock(file, decl.body, "columns {", ["columns {", ...cols, "}"])],
  };
}
