// The .cx abstract syntax tree (language reference §1–§4).
//
// Invariants:
// - Every node has a `span` of UTF-16 offsets into its file's text (after BOM removal).
// - The parser never throws: where input is broken, optional children are `undefined`
//   and missing expressions are `Missing` nodes, so later stages can still walk the tree.
// - Nothing here knows about LSP, VS Code or the file system.
// - Expressions are at most MAX_EXPR_DEPTH levels deep (see "Limits" below), so recursive walkers
//   (checker, evaluator, formatter, editor features) cannot overflow the stack.
import type { Span } from "../text";

// ---------------------------------------------------------------------------
// Limits (docs/language.md, "Limits")

/**
 * The deepest expression tree the parser produces. Every node below another counts as a level:
 * each binary operator of a chain (`a + b + c` is two levels), each unary operator, call,
 * parenthesis, `in` and `is`. A deeper expression (say a sum of thousands of terms) is reported
 * as CX1001 ("Expression too deep or too long … split it into several metrics") and replaced by a
 * Missing node spanning it, so every later stage may walk expressions recursively.
 */
export const MAX_EXPR_DEPTH = 256;

/**
 * How deeply brackets may nest: parentheses, calls and lists inside one expression, and blocks
 * (`{ … }`) inside a declaration. Deeper brackets are skipped up to their closing bracket and
 * reported once (CX1001); this bounds the parser's own recursion.
 */
export const MAX_NESTING = 64;

export interface Comment {
  span: Span;
  /** Text without the `//` or `/* *\/` markers, untrimmed. */
  text: string;
  block: boolean;
}

export interface CxFile {
  kind: "File";
  span: Span;
  /** Imports and declarations in source order. */
  items: Item[];
  /** Every comment in the file, in order (the formatter re-emits them). */
  comments: Comment[];
}

export type Item = ImportDecl | Declaration;

export interface ImportDecl {
  kind: "Import";
  span: Span;
  /** Undefined when the string is missing (a syntax error was reported). */
  path: StringLit | undefined;
}

export type DeclKind = "source" | "touchpoint" | "metric" | "goal" | "journey" | "funnel" | "cohort" | "drivers";
export const DECL_KINDS: readonly DeclKind[] = ["source", "touchpoint", "metric", "goal", "journey", "funnel", "cohort", "drivers"];

export interface Declaration {
  kind: "Declaration";
  declKind: DeclKind;
  span: Span;
  keywordSpan: Span;
  name: Identifier | undefined;
  /** The `{ … }` body; undefined if the brace never came. */
  body: Block | undefined;
  /** The doc comment: the `//` lines directly above (no blank line between), markers stripped, joined with "\n". */
  doc: string | undefined;
}

/** `{ key: value … }` — a declaration body or a nested block such as `columns { … }`. */
export interface Block {
  kind: "Block";
  span: Span;
  properties: Property[];
}

export interface Property {
  kind: "Property";
  span: Span;
  /** The key; `where` (a reserved word) is allowed as a key when `:` follows (drivers' `where: condition`). */
  key: Identifier;
  /** `key: value` → the value; `key { … }` → a Block; undefined when the value is missing. */
  value: PropertyValue | undefined;
  /** A string after an identifier value, as in `unit: currency "EUR"`. Only meaningful for `unit`. */
  tag?: StringLit;
}

export type PropertyValue = Expr | Threshold | Duration | ListLit | Block | ColumnDecl | DeriveBlock | Word;

/**
 * A column declaration inside `columns { … }` (language-v2 §9.1):
 * `recommend: integer from "Q1 - …" map { "Very satisfied": 5, … }`.
 * The parser produces it for every `name: …` property of a `columns` block that is a property of
 * a declaration body (even a bare `name: type`, and also when the value is missing: then `type`
 * is undefined and the span is zero-width after the colon). `from` and `map` are contextual words:
 * columns may be called `from` or `map`. A `name { … }` inside `columns` is reported and stays a Block.
 */
export interface ColumnDecl {
  kind: "ColumnDecl";
  span: Span;
  /** The type name as written (`integer`); undefined when missing (CX1001 reported). */
  type: Identifier | undefined;
  /** `from "HEADER"`: the header string; undefined without `from`. */
  from?: StringLit;
  /** Span of the `from` keyword. */
  fromSpan?: Span;
  /** `map { … }`; undefined without `map`. */
  map?: MapLit;
}

/** `map { "LABEL": LITERAL, … }` (§9.1). Entries may be separated by `,`, `;`, line breaks or nothing. */
export interface MapLit {
  kind: "Map";
  span: Span;
  /** Span of the `map` keyword. */
  keywordSpan: Span;
  entries: MapEntry[];
}

export interface MapEntry {
  kind: "MapEntry";
  span: Span;
  label: StringLit;
  /** Meant to be a literal: number, percent, string, true/false, null, or `-number`. The parser
   * accepts any expression here; anything but a literal is a checker error. */
  value: Expr;
}

/**
 * `derive { NAME = EXPR  NAME: TYPE = EXPR … }` (§9.2): the value of a `derive { … }` property of a
 * declaration body (elsewhere `derive { … }` is an ordinary Block). Entries are separated by line
 * breaks, `;` or `,`.
 */
export interface DeriveBlock {
  kind: "DeriveBlock";
  span: Span;
  entries: DeriveEntry[];
}

export interface DeriveEntry {
  kind: "DeriveEntry";
  span: Span;
  name: Identifier;
  /** `NAME: TYPE = …`: the declared type; undefined without one. */
  type?: Identifier;
  /** Span of the `=`; undefined when it is missing or written `==` (CX1001 reported). */
  eqSpan?: Span;
  /** Missing when the expression is (CX1001 reported). */
  expr: Expr;
}

/**
 * A bare dashed name such as `windows-1252`, `utf-8`, `iso-8859-1`, `utf-16le`: an identifier,
 * then `-` and identifier or number tokens, with no whitespace in between. Only the value of an
 * `encoding` property is read this way (§9.3); elsewhere `a-b` is a subtraction. A lone
 * identifier (`cp1252`, `LATIN1`) stays a Ref, a string (`"utf-8"`) a StringLit, and
 * `windows - 1252` (with spaces) a Binary; the checker accepts or rejects the value.
 */
export interface Word {
  kind: "Word";
  span: Span;
  text: string;
}

/** `>= 40`, `<= 5%`, `> -10` — used by goals' `target` and `warn`. */
export interface Threshold {
  kind: "Threshold";
  span: Span;
  op: CompareOp;
  opSpan: Span;
  /** A Number, Percent, or Unary minus over one of them (anything else is a checker error). */
  value: Expr;
}

export type DurationUnit = "minute" | "hour" | "day" | "week" | "month" | "year";

/**
 * `90 days`, `7 days`, `30 minutes`, `12 hours` — used by `window`, `within` (the lexer reads every
 * unit everywhere; minutes and hours only make sense in some properties, and the checker says where).
 * Singular and plural are the same unit; `raw` is the text as written.
 */
export interface Duration {
  kind: "Duration";
  span: Span;
  amount: number;
  unit: DurationUnit;
  raw: string;
}

/** `[a, b, c]` — used by `touchpoints`, `by`. */
export interface ListLit {
  kind: "List";
  span: Span;
  items: Expr[];
}

export interface Identifier {
  kind: "Identifier";
  span: Span;
  name: string;
}

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type ArithOp = "+" | "-" | "*" | "/";
export type LogicOp = "and" | "or";
export type BinaryOp = CompareOp | ArithOp | LogicOp;

export type Expr =
  | NumberLit
  | PercentLit
  | StringLit
  | BooleanLit
  | NullLit
  | Ref
  | Call
  | Unary
  | Binary
  | InExpr
  | IsNullExpr
  | Paren
  | Missing;

export interface NumberLit {
  kind: "Number";
  span: Span;
  value: number;
  raw: string;
}

/** `12.5%` — value is the fraction (0.125); unit percent. */
export interface PercentLit {
  kind: "Percent";
  span: Span;
  value: number;
  raw: string;
}

export interface StringLit {
  kind: "String";
  span: Span;
  /** Unescaped value. */
  value: string;
  /** Source text including quotes (without the line break for an unterminated string). */
  raw: string;
  /** True when the closing quote is missing (CX1002 was reported). */
  unterminated?: boolean;
}

export interface BooleanLit {
  kind: "Boolean";
  span: Span;
  value: boolean;
}

export interface NullLit {
  kind: "Null";
  span: Span;
}

/** `name` or `head.member` (source.column). Meaning depends on context (§4.1). */
export interface Ref {
  kind: "Ref";
  span: Span;
  head: Identifier;
  member: Identifier | undefined;
}

export interface Call {
  kind: "Call";
  span: Span;
  callee: Identifier;
  args: Argument[];
}

/** `expr`, `expr where cond`, or `name: expr` (named argument, e.g. `scale: 7`). */
export interface Argument {
  kind: "Argument";
  span: Span;
  name: Identifier | undefined;
  value: Expr;
  where: Expr | undefined;
  /** Span of the `where` keyword, when present. */
  whereSpan?: Span;
}

export interface Unary {
  kind: "Unary";
  span: Span;
  op: "-" | "not";
  operand: Expr;
}

export interface Binary {
  kind: "Binary";
  span: Span;
  op: BinaryOp;
  opSpan: Span;
  left: Expr;
  right: Expr;
}

/** `x in [a, b]` / `x not in [a, b]`. */
export interface InExpr {
  kind: "In";
  span: Span;
  operand: Expr;
  negated: boolean;
  items: Expr[];
}

/** `x is null` / `x is not null`. */
export interface IsNullExpr {
  kind: "IsNull";
  span: Span;
  operand: Expr;
  negated: boolean;
}

/** Parentheses are kept so the formatter can reproduce them. */
export interface Paren {
  kind: "Paren";
  span: Span;
  expr: Expr;
}

/**
 * Placeholder where an expression was expected but the input was broken (zero-width), or for an
 * expression past the limits (MAX_EXPR_DEPTH, MAX_NESTING): then it spans that expression.
 */
export interface Missing {
  kind: "Missing";
  span: Span;
}

export type Node =
  | CxFile
  | ImportDecl
  | Declaration
  | Block
  | Property
  | Threshold
  | Duration
  | ListLit
  | ColumnDecl
  | MapLit
  | MapEntry
  | DeriveBlock
  | DeriveEntry
  | Word
  | Identifier
  | Argument
  | Expr;

/** Visits every child expression node of `e` (not recursive). */
export function forEachChildExpr(e: Expr, f: (child: Expr) => void): void {
  switch (e.kind) {
    case "Call":
      for (const a of e.args) {
        f(a.value);
        if (a.where) f(a.where);
      }
      break;
    case "Unary":
      f(e.operand);
      break;
    case "Binary":
      f(e.left);
      f(e.right);
      break;
    case "In":
      f(e.operand);
      e.items.forEach(f);
      break;
    case "IsNull":
      f(e.operand);
      break;
    case "Paren":
      f(e.expr);
      break;
    default:
      break;
  }
}

/**
 * True when the expression tree is more than `limit` levels deep (a lone leaf is 1 level).
 * Iterative, so it is safe on any tree; stops as soon as the limit is passed.
 */
export function exprDepthExceeds(root: Expr, limit: number): boolean {
  const nodes: Expr[] = [root];
  const depths: number[] = [1];
  while (nodes.length) {
    const e = nodes.pop()!;
    const d = depths.pop()!;
    if (d > limit) return true;
    forEachChildExpr(e, (c) => {
      nodes.push(c);
      depths.push(d + 1);
    });
  }
  return false;
}

/** Depth-first walk over an expression tree, parents before children. */
export function walkExpr(e: Expr, f: (node: Expr) => void): void {
  f(e);
  forEachChildExpr(e, (c) => walkExpr(c, f));
}

export function isExpr(v: PropertyValue | undefined): v is Expr {
  return (
    v !== undefined &&
    v.kind !== "Threshold" &&
    v.kind !== "Duration" &&
    v.kind !== "List" &&
    v.kind !== "Block" &&
    v.kind !== "ColumnDecl" &&
    v.kind !== "DeriveBlock" &&
    v.kind !== "Word"
  );
}
