// Conversions between the core's plain data and LSP types, and between URIs and the core's paths.
// The only place that maps core kinds to LSP enums.
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  SymbolKind,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
} from "vscode-languageserver/node";
import { docsUrl, type Diagnostic } from "../core/diagnostics";
import type { CompletionEntry, CompletionKind, SymbolKindName } from "../core/features/index";

/** Pseudo directory for documents that have no file (untitled: URIs). */
export const UNTITLED_DIR = "/__untitled__";

/** The core's path for a document URI: an absolute path with "/" separators. */
export function uriToPath(uri: string): string {
  if (uri.startsWith("file:")) {
    const p = fileURLToPath(uri);
    return process.platform === "win32" ? p.replace(/\\/g, "/") : p;
  }
  // untitled:Untitled-1, vscode-notebook-cell:…, etc.: a stable pseudo path.
  const name = uri.replace(/^[a-z-]+:/i, "").replace(/[^A-Za-z0-9_.-]+/g, "_") || "untitled";
  return `${UNTITLED_DIR}/${name}${name.endsWith(".cx") ? "" : ".cx"}`;
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

const SEVERITY: Record<Diagnostic["severity"], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic, uriOf: (path: string) => string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: docsUrl(d.code) },
    source: "cx",
    message: d.message,
  };
  const tags: DiagnosticTag[] = [];
  if (d.tags?.includes("unnecessary")) tags.push(DiagnosticTag.Unnecessary);
  if (d.tags?.includes("deprecated")) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) out.tags = tags;
  if (d.related?.length) out.relatedInformation = d.related.map((r) => ({ location: { uri: uriOf(r.file), range: r.range }, message: r.message }));
  if (d.data) out.data = d.data;
  return out;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  property: CompletionItemKind.Property,
  metric: CompletionItemKind.Variable,
  touchpoint: CompletionItemKind.Event,
  source: CompletionItemKind.Module,
  goal: CompletionItemKind.Class,
  journey: CompletionItemKind.Struct,
  column: CompletionItemKind.Field,
  function: CompletionItemKind.Function,
  value: CompletionItemKind.EnumMember,
  type: CompletionItemKind.TypeParameter,
  file: CompletionItemKind.File,
  funnel: CompletionItemKind.Class,
  cohort: CompletionItemKind.Class,
  step: CompletionItemKind.EnumMember,
};

export function toCompletionItem(e: CompletionEntry, snippets: boolean): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] };
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = { kind: "markdown", value: e.documentation };
  if (e.sortText) item.sortText = e.sortText;
  if (e.filterText) item.filterText = e.filterText;
  let text = e.insertText ?? e.label;
  let format: InsertTextFormat = InsertTextFormat.PlainText;
  if (e.snippet) {
    if (snippets) format = InsertTextFormat.Snippet;
    else text = stripSnippet(text);
  }
  item.textEdit = { range: e.range, newText: text };
  item.insertTextFormat = format;
  return item;
}

/** Plain text from a snippet: `${1:x}` → x, `${1|a,b|}` → a, `$1` → "". */
export function stripSnippet(s: string): string {
  return s
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, "$1")
    .replace(/\$\{\d+:([^}]*)\}/g, "$1")
    .replace(/\$\{\d+\}|\$\d+/g, "")
    .replace(/\\([$}\\])/g, "$1");
}

const SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = {
  source: SymbolKind.Struct,
  touchpoint: SymbolKind.Event,
  metric: SymbolKind.Variable,
  goal: SymbolKind.Boolean,
  journey: SymbolKind.Array,
  funnel: SymbolKind.Function,
  cohort: SymbolKind.Class,
  drivers: SymbolKind.Interface,
  column: SymbolKind.Field,
  derived: SymbolKind.Field,
  step: SymbolKind.EnumMember,
  driver: SymbolKind.Key,
};

export function toSymbolKind(k: SymbolKindName): SymbolKind {
  return SYMBOL_KIND[k];
}
