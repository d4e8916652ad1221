// Semantic tokens: what each identifier means (a metric, a column, a built-in function, a property
// key, an enum value), which a TextMate grammar cannot know. Literals and comments are left to the
// grammar. Syntax-level tokens (without a model): declaration keywords and names, property keys,
// column declarations (name, type, `from`, `map`), derived columns (name, type), funnel steps and
// drivers (their names), and enum values of properties such as `unit`, `scope`, `encoding`.
import { tokenize } from "../syntax/index";
import { UNITS, TREND_PERIODS, FORMATS, SEVERITIES, SCOPES, COMPARES, COHORT_PERIODS, ENCODINGS } from "../semantics/schema";
import { COLUMN_TYPES } from "../data/table";
import type { SemanticModel } from "../semantics/model";
import type { ParseResult } from "../syntax/index";
import type { Block, DeriveBlock, Node } from "../syntax/ast";
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

/** How each kind of name is coloured (a Map: the keys come from the model, never from user text). */
export const KIND_TOKEN = new Map<string, TokenType>([
  ["source", "namespace"],
  ["touchpoint", "event"],
  ["metric", "variable"],
  ["goal", "class"],
  ["journey", "struct"],
  ["funnel", "struct"],
  ["cohort", "struct"],
  ["drivers", "class"],
  ["column", "parameter"],
  ["derived", "parameter"],
  ["step", "event"],
  ["function", "function"],
]);

/** Properties whose value is one of a few words; `encoding` compares ignoring case. */
const ENUM_PROPS = new Map<string, readonly string[]>([
  ["unit", UNITS],
  ["trend", TREND_PERIODS],
  ["format", FORMATS],
  ["severity", SEVERITIES],
  ["scope", SCOPES],
  ["compare", COMPARES],
  ["period", COHORT_PERIODS],
  ["encoding", ENCODINGS],
]);

function isEnumValue(key: string, word: string): boolean {
  const values = ENUM_PROPS.get(key);
  if (!values) return false;
  return key === "encoding" ? values.includes(word.toLowerCase()) || word.toLowerCase() === "utf8" : values.includes(word);
}

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
  const isColumnType = (name: string) => (COLUMN_TYPES as readonly string[]).includes(name);
  const named = (n: Node | undefined) => {
    if (n) visitNamedArgs(n, (s, e) => add(s, e, "property"));
  };
  for (const t of tokenize(parse.text)) if (t.kind === "keyword") add(t.span.start, t.span.end, "keyword");
  for (const item of parse.ast.items) {
    if (item.kind !== "Declaration") continue;
    add(item.keywordSpan.start, item.keywordSpan.end, "keyword");
    const kindToken = KIND_TOKEN.get(item.declKind);
    if (item.name && kindToken) add(item.name.span.start, item.name.span.end, kindToken, ["declaration"]);
    for (const p of item.body?.properties ?? []) {
      add(p.key.span.start, p.key.span.end, "property");
      const v = p.value;
      if (v?.kind === "Block" && p.key.name === "columns") {
        for (const cp of v.properties) {
          add(cp.key.span.start, cp.key.span.end, "parameter", ["declaration"]);
          const cv = cp.value;
          if (cv?.kind === "ColumnDecl") {
            if (cv.type && isColumnType(cv.type.name)) add(cv.type.span.start, cv.type.span.end, "type");
            if (cv.fromSpan) add(cv.fromSpan.start, cv.fromSpan.end, "keyword");
            if (cv.map) add(cv.map.keywordSpan.start, cv.map.keywordSpan.end, "keyword");
          }
        }
      } else if (v?.kind === "DeriveBlock") {
        derivedTokens(v, add, isColumnType, named);
      } else if (v?.kind === "Block" && (p.key.name === "steps" || (p.key.name === "drivers" && item.declKind === "drivers"))) {
        stepTokens(v, add, named);
      } else if (v?.kind === "Ref" && !v.member && isEnumValue(p.key.name, v.head.name)) {
        add(v.span.start, v.span.end, "enumMember");
      } else if (v?.kind === "Word" && isEnumValue(p.key.name, v.text)) {
        add(v.span.start, v.span.end, "enumMember");
      } else named(v);
    }
  }
  if (model?.workspace.fileMap.get(path)?.parse === parse) {
    for (const o of occurrenceIndex(model).byFile.get(path) ?? []) {
      const type = KIND_TOKEN.get(o.target.kind);
      if (!type) continue;
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

type Add = (start: number, end: number, type: TokenType, modifiers?: TokenModifier[]) => void;

/** `derive { name: type = expression }`: the name declares a column; the type is a type. */
function derivedTokens(d: DeriveBlock, add: Add, isColumnType: (name: string) => boolean, named: (n: Node) => void): void {
  for (const e of d.entries) {
    add(e.name.span.start, e.name.span.end, "parameter", ["declaration"]);
    if (e.type && isColumnType(e.type.name)) add(e.type.span.start, e.type.span.end, "type");
    named(e.expr);
  }
}

/** `steps { name: condition }` and `drivers { name: column }`: the names declare steps and drivers. */
function stepTokens(b: Block, add: Add, named: (n: Node) => void): void {
  for (const q of b.properties) {
    add(q.key.span.start, q.key.span.end, "event", ["declaration"]);
    if (q.value) named(q.value);
  }
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
