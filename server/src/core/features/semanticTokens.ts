// Semantic tokens: what each identifier means (a metric, a column, a built-in function, a property
// key, an enum value), which a TextMate grammar cannot know. Literals and comments are left to the
// grammar.
import { tokenize } from "../syntax/index";
import { UNITS, TREND_PERIODS, FORMATS, SEVERITIES } from "../semantics/schema";
import { COLUMN_TYPES } from "../data/table";
import type { SemanticModel } from "../semantics/model";
import type { ParseResult } from "../syntax/index";
import type { Node } from "../syntax/ast";
import { childrenOf, occurrenceIndex } from "./query";

/** The legend: token types and modifiers, in the order their indexes are encoded. */
export const TOKEN_TYPES = ["keyword", "namespace", "type", "class", "event", "variable", "property", "parameter", "enumMember", "function", "struct"] as const;
export const TOKEN_MODIFIERS = ["declaration", "defaultLibrary", "readonly"] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

/** How each kind of name is coloured. */
export const KIND_TOKEN: Record<string, TokenType> = {
  source: "namespace",
  touchpoint: "event",
  metric: "variable",
  goal: "class",
  journey: "struct",
  column: "parameter",
  function: "function",
};

const ENUM_PROPS: Record<string, readonly string[]> = {
  unit: UNITS,
  trend: TREND_PERIODS,
  format: FORMATS,
  severity: SEVERITIES,
};

/**
 * Tokens of one file. `model` gives meaning to names (it may be absent or stale; then only
 * syntax-level tokens are produced: keywords, declaration names, property keys).
 */
export function semanticTokens(parse: ParseResult, path: string, model?: SemanticModel): SemanticToken[] {
  const out = new Map<number, SemanticToken & { end: number }>();
  const lines = parse.lines;
  const add = (start: number, end: number, type: TokenType, modifiers: TokenModifier[] = []) => {
    if (end <= start) return;
    const p = lines.positionAt(start);
    const e = lines.positionAt(end);
    if (e.line !== p.line) return;
    out.set(start, { line: p.line, character: p.character, length: end - start, type, modifiers, end });
  };
  for (const t of tokenize(parse.text)) if (t.kind === "keyword") add(t.span.start, t.span.end, "keyword");
  for (const item of parse.ast.items) {
    if (item.kind !== "Declaration") continue;
    add(item.keywordSpan.start, item.keywordSpan.end, "keyword");
    if (item.name) add(item.name.span.start, item.name.span.end, KIND_TOKEN[item.declKind], ["declaration"]);
    for (const p of item.body?.properties ?? []) {
      add(p.key.span.start, p.key.span.end, "property");
      const v = p.value;
      if (v?.kind === "Block" && p.key.name === "columns") {
        for (const cp of v.properties) {
          add(cp.key.span.start, cp.key.span.end, "parameter", ["declaration"]);
          const tv = cp.value;
          if (tv?.kind === "Ref" && !tv.member && (COLUMN_TYPES as readonly string[]).includes(tv.head.name)) add(tv.span.start, tv.span.end, "type");
        }
      } else if (v?.kind === "Ref" && !v.member && ENUM_PROPS[p.key.name]?.includes(v.head.name)) {
        add(v.span.start, v.span.end, "enumMember");
      } else if (v) {
        visitNamedArgs(v, (s, e) => add(s, e, "property"));
      }
    }
  }
  if (model?.workspace.fileMap.get(path)?.parse === parse) {
    for (const o of occurrenceIndex(model).byFile.get(path) ?? []) {
      const type = KIND_TOKEN[o.target.kind];
      const mods: TokenModifier[] = [];
      if (o.decl) mods.push("declaration");
      if (o.target.kind === "function") mods.push("defaultLibrary");
      add(o.span.start, o.span.end, type, mods);
    }
  }
  return [...out.values()]
    .sort((a, b) => a.line - b.line || a.character - b.character)
    .map(({ end: _end, ...t }) => t);
}

function visitNamedArgs(n: Node, f: (start: number, end: number) => void): void {
  if (n.kind === "Argument" && n.name) f(n.name.span.start, n.name.span.end);
  for (const c of childrenOf(n)) visitNamedArgs(c, f);
}

/** LSP's relative encoding: 5 integers per token. */
export function encodeTokens(tokens: SemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    const dc = dl === 0 ? t.character - char : t.character;
    let mods = 0;
    for (const m of t.modifiers) mods |= 1 << TOKEN_MODIFIERS.indexOf(m);
    data.push(dl, dc, t.length, TOKEN_TYPES.indexOf(t.type), mods);
    line = t.line;
    char = t.character;
  }
  return data;
}
