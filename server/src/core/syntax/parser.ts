// The .cx parser (language reference §2–§4, version 2 §9–§14): a hand-written recursive-descent
// parser over the lexer's tokens that builds the AST of ast.ts directly.
//
// Error handling is designed, not left to chance:
// - Every piece that can be missing (a name, a brace, a value, an operand, a closing parenthesis…)
//   is optional in the grammar. When it is absent the parser reports a CX1001 that names what was
//   expected ("Expected ')' to close the call to 'count' but found '}'.") and continues; missing
//   expressions become `Missing` nodes, so the tree stays complete.
// - Tokens that cannot start anything are swallowed by "junk" rules, which report one error and
//   resynchronise: at the top level at the next `import` or `KIND NAME {`; inside a block at the next
//   `IDENT :` / `IDENT {` / `IDENT =` on a new line, at `}`, or at the next `KIND NAME {` (a missing
//   `}`); inside a `map { … }` at the next label, separator or column.
// Range convention: an unexpected token is reported on that token; a missing token is reported on
// the token found instead, unless that token is on a later line (or is the end of the file): then
// the range is zero-width just after the previous token, where the missing piece belongs.
//
// Hostile input: the parser does constant work per token (no backtracking) and allocates no
// closures, so megabytes parse in well under a second. Expressions are parsed flat,
// `operand (operator operand | postfix)*` with `not` and `-` prefixes read in loops, and the tree
// is built by operator precedence (shunting-yard) without recursion. Only brackets recurse
// (parentheses, calls, lists, blocks), and at most MAX_NESTING deep: deeper brackets are skipped
// to their closing bracket and reported once. An expression whose tree would be deeper than
// MAX_EXPR_DEPTH (a flat sum of thousands of terms, say) is reported once and replaced by a
// Missing node, so every recursive walker of later stages is safe (ast.ts, "Limits").
import type {
  Argument,
  ColumnDecl,
  CompareOp as CompareOpT,
  CxFile,
  Declaration,
  DeclKind,
  DeriveBlock,
  DeriveEntry,
  Duration,
  Expr,
  Identifier,
  ImportDecl,
  Item,
  Block,
  ListLit,
  MapEntry,
  MapLit,
  Property,
  PropertyValue,
  StringLit,
  Threshold,
  Word,
} from "./ast";
import { DECL_KINDS, exprDepthExceeds, MAX_EXPR_DEPTH, MAX_NESTING } from "./ast";
import type { Span } from "../text";
import {
  And,
  Colon,
  Comma,
  decodeString,
  Dot,
  DurationTok,
  EOF,
  Eq,
  EqEq,
  False,
  Gt,
  GtEq,
  Lt,
  LtEq,
  NotEq,
  Ident,
  Import,
  In,
  Is,
  LBrace,
  LBracket,
  lex,
  LParen,
  Minus,
  Not,
  Null,
  NumberTok,
  Or,
  parseDurationImage,
  PercentTok,
  PROBLEM_LIMIT,
  Plus,
  RBrace,
  RBracket,
  RParen,
  Semicolon,
  showText,
  Slash,
  Star,
  StringTok,
  True,
  Where,
  type CxLexToken,
  type SyntaxProblem,
  type Token as IToken,
  type TokenType,
} from "./lexer";

// ---------------------------------------------------------------------------
// Token helpers

const KIND_SET = new Set<string>(DECL_KINDS);
const KEYWORD_TYPES = new Set<TokenType>([Import, Where, And, Or, Not, In, Is, Null, True, False]);
/** "source, touchpoint, metric, goal, journey, funnel, cohort or drivers" */
const KINDS_TEXT = `${DECL_KINDS.slice(0, -1).join(", ")} or ${DECL_KINDS[DECL_KINDS.length - 1]}`;

function tokStart(t: IToken): number {
  return t.startOffset;
}
function tokEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}
function isReal(t: IToken | undefined): t is IToken {
  return t !== undefined && t.tokenType !== EOF && Number.isFinite(t.startOffset) && t.startOffset >= 0;
}
function span(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}
function ident(t: IToken): Identifier {
  return { kind: "Identifier", span: span(tokStart(t), tokEnd(t)), name: t.image };
}
function isOpener(tt: TokenType): boolean {
  return tt === LParen || tt === LBracket || tt === LBrace;
}
function isCloser(tt: TokenType): boolean {
  return tt === RParen || tt === RBracket || tt === RBrace;
}

/** How a token is named in messages. */
export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF || !Number.isFinite(t.startOffset)) return "the end of the file";
  if (KEYWORD_TYPES.has(t.tokenType)) return `the keyword '${t.image}'`;
  return `'${showText(t.image)}'`;
}

function foundPart(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF || !Number.isFinite(t.startOffset)) return "but reached the end of the file";
  return `but found ${describeToken(t)}`;
}

/** Edit distance, or `max + 1` as soon as it must exceed `max` (so a huge name costs nothing). */
function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[] = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

// ---------------------------------------------------------------------------
// Expression trees by precedence

interface IndexedToken extends IToken {
  cxIndex?: number;
}

/** An operand with its prefixes: `-` already applied (it binds tightest), `not` left to the precedence builder. */
interface Operand {
  nots: IToken[];
  expr: Expr;
}

type ChainStep =
  | { kind: "bin"; op: IToken; right: Operand | undefined }
  | { kind: "in"; not: IToken | undefined; inTok: IToken; list: ListLit | undefined }
  | { kind: "is"; isTok: IToken; not: IToken | undefined; nul: IToken | undefined };

// Binding strength (higher binds tighter): or < and < not < comparisons, in, is < + - < * /.
const P_NOT = 3;
const P_COMPARE = 4;
function precedence(op: IToken): number {
  const tt = op.tokenType;
  if (tt === Or) return 1;
  if (tt === And) return 2;
  if (tt === Plus || tt === Minus) return 5;
  if (tt === Star || tt === Slash) return 6;
  return P_COMPARE; // CompareOp and `=` (reported, read as `==`)
}

interface StackOp {
  prec: number;
  tok: IToken;
  not: boolean;
}

/** Builds the tree of `first (op operand | postfix)*` by precedence, iteratively (no recursion however long the chain). */
function buildChain(first: Operand, steps: ChainStep[]): Expr {
  const vals: Expr[] = [];
  const ops: StackOp[] = [];
  const reduce = (): void => {
    const op = ops.pop()!;
    if (op.not) {
      const operand = vals.pop()!;
      vals.push({ kind: "Unary", span: span(tokStart(op.tok), operand.span.end), op: "not", operand });
      return;
    }
    const right = vals.pop()!;
    const left = vals.pop()!;
    const opText = op.tok.tokenType === Eq ? "==" : op.tok.image;
    vals.push({ kind: "Binary", span: span(left.span.start, right.span.end), op: opText as "+", opSpan: span(tokStart(op.tok), tokEnd(op.tok)), left, right });
  };
  const reduceWhile = (p: number): void => {
    while (ops.length && ops[ops.length - 1].prec >= p) reduce();
  };
  const push = (o: Operand): void => {
    for (const n of o.nots) ops.push({ prec: P_NOT, tok: n, not: true });
    vals.push(o.expr);
  };
  push(first);
  for (const s of steps) {
    if (s.kind === "bin") {
      const p = precedence(s.op);
      reduceWhile(p);
      ops.push({ prec: p, tok: s.op, not: false });
      const at = tokEnd(s.op);
      push(s.right ?? { nots: [], expr: { kind: "Missing", span: span(at, at) } });
    } else {
      reduceWhile(P_COMPARE);
      const operand = vals.pop()!;
      if (s.kind === "in") {
        const end = s.list ? s.list.span.end : tokEnd(s.inTok);
        vals.push({ kind: "In", span: span(operand.span.start, end), operand, negated: !!s.not, items: s.list ? s.list.items : [] });
      } else {
        const end = s.nul ? tokEnd(s.nul) : s.not ? tokEnd(s.not) : tokEnd(s.isTok);
        vals.push({ kind: "IsNull", span: span(operand.span.start, end), operand, negated: !!s.not });
      }
    }
  }
  reduceWhile(0);
  return vals[0];
}

// ---------------------------------------------------------------------------
// The parser

/** How a block's properties are read. */
type BlockMode = "decl" | "block" | "columns";

const COMPARE_TYPES = new Set<TokenType>([EqEq, NotEq, LtEq, GtEq, Lt, Gt]);
/** Tokens that start a primary: a literal, a name (reference or call) or `(`. */
const PRIMARY_START = new Set<TokenType>([NumberTok, PercentTok, StringTok, True, False, Null, Ident, LParen]);
/** Tokens that start an expression. */
const EXPR_START = new Set<TokenType>([...PRIMARY_START, Not, Minus]);
/** Tokens that continue an expression as a binary operator. */
const BINARY_OPS = new Set<TokenType>([Or, And, ...COMPARE_TYPES, Eq, Plus, Minus, Star, Slash]);

/** The end-of-input token (LA past the last token). */
const EOF_TOKEN: IToken = { image: "", startOffset: Number.NaN, tokenType: EOF };

class CxParser {
  private text = "";
  private toks: IToken[] = [];
  /** Index of the next token. */
  private i = 0;
  problems: SyntaxProblem[] = [];
  /** Start offsets of lexer problems to drop: malformed numbers that are part of a dashed word (`utf-16le`). */
  forgiven = new Set<number>();
  /** Key of the last property completed in the current block (for "after the value of 'x'" messages). */
  private lastKey: string | undefined;
  /** `expr` calls on the stack (1 = an outermost expression). */
  private exprNest = 0;
  /** Blocks on the stack. */
  private blockNest = 0;
  /** A bracket nested too deeply was skipped inside the current outermost expression. */
  private tooDeep = false;
  /** Problems recorded before the current outermost expression started. */
  private exprProblemsStart = 0;

  /** Parses one file's tokens. */
  run(text: string, tokens: IToken[]): Item[] {
    this.text = text;
    this.toks = tokens;
    this.i = 0;
    this.problems = [];
    this.forgiven = new Set();
    this.lastKey = undefined;
    this.exprNest = 0;
    this.blockNest = 0;
    this.tooDeep = false;
    for (let k = 0; k < tokens.length; k++) (tokens[k] as IndexedToken).cxIndex = k;
    return this.file();
  }

  // --- token access ---

  /** The k-th token ahead (1 = the next one); LA(0) is the last one consumed (undefined at the start). */
  private LA(k: number): IToken {
    const j = this.i + k - 1;
    if (j < 0) return undefined as unknown as IToken;
    return j < this.toks.length ? this.toks[j] : EOF_TOKEN;
  }
  private tt(k = 1): TokenType {
    const j = this.i + k - 1;
    return j < this.toks.length ? this.toks[j].tokenType : EOF;
  }
  private consume(): IToken {
    return this.i < this.toks.length ? this.toks[this.i++] : EOF_TOKEN;
  }
  private consumeIf(t: TokenType): IToken | undefined {
    return this.tt() === t ? this.consume() : undefined;
  }
  private atEof(): boolean {
    return this.i >= this.toks.length;
  }

  // --- lookahead predicates ---

  /** True when a line break separates `t` from the previous token (or `t` is the first token). */
  private newlineBefore(t: IToken): boolean {
    const i = this.indexOf(t);
    if (i === undefined || i === 0) return true;
    const text = this.text;
    for (let k = t.startOffset - 1, stop = tokEnd(this.toks[i - 1]); k >= stop; k--) {
      const c = text.charCodeAt(k);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }
  /** `t` starts a line, or follows `{`, `;` or `,`. */
  private startsEntry(t: IToken): boolean {
    if (this.newlineBefore(t)) return true;
    const i = this.indexOf(t);
    const prev = i !== undefined && i > 0 ? this.toks[i - 1].tokenType : undefined;
    return prev === LBrace || prev === Semicolon || prev === Comma;
  }
  private indexOf(t: IToken): number | undefined {
    const i = (t as IndexedToken).cxIndex;
    return i !== undefined && i < this.toks.length && this.toks[i] === t ? i : undefined;
  }
  private isKindWord(t: IToken): boolean {
    return t.tokenType === Ident && KIND_SET.has(t.image);
  }
  /** `t` is the identifier `word` (a contextual keyword such as `from` or `map`). */
  private isWord(t: IToken, word: string): boolean {
    return t.tokenType === Ident && t.image === word;
  }
  /** Top level: a declaration kind not used as a property (`metric: x`) or a reference (`metric.x`, `metric(`). */
  private topDeclStart(): boolean {
    if (!this.isKindWord(this.LA(1))) return false;
    const t2 = this.tt(2);
    return t2 !== Colon && t2 !== Dot && t2 !== LParen && t2 !== Eq;
  }
  private topItemStart(): boolean {
    return this.tt() === Import || this.topDeclStart();
  }
  /** Inside a block: `KIND NAME {` at the start of a line means the block's `}` is missing. */
  private blockDeclStart(): boolean {
    const t = this.LA(1);
    return this.isKindWord(t) && this.tt(2) === Ident && this.tt(3) === LBrace && this.newlineBefore(t);
  }
  /** Tokens on the declaration's line before a `{` on the same line. */
  private headerJunkAhead(): boolean {
    const t = this.LA(1);
    if (t.tokenType === LBrace || t.tokenType === EOF || this.newlineBefore(t)) return false;
    for (let j = this.i + 1; j < this.toks.length && j < this.i + 16; j++) {
      const u = this.toks[j];
      if (this.newlineBefore(u)) return false;
      if (u.tokenType === LBrace) return true;
    }
    return false;
  }
  private blockEnd(): boolean {
    const tt = this.tt();
    return tt === RBrace || tt === EOF || this.blockDeclStart();
  }
  /** `name:` or `name {` (also `where:`, the one reserved word that is a property: drivers' `where: condition`). */
  private propertyStart(): boolean {
    const t1 = this.tt(1);
    const t2 = this.tt(2);
    return (t1 === Ident && (t2 === Colon || t2 === LBrace)) || (t1 === Where && t2 === Colon);
  }
  /** `name =` at the start of an entry: a derived column, or a property written with `=` by mistake. */
  private assignStart(): boolean {
    return this.tt() === Ident && this.tt(2) === Eq && this.startsEntry(this.LA(1));
  }
  /** Where junk stops: `name:`, `name {`, `name =` (also with a reserved word as the name) at the start of a line. */
  private entryStartOnNewLine(): boolean {
    const t1 = this.tt();
    const t2 = this.tt(2);
    return (t1 === Ident || KEYWORD_TYPES.has(t1)) && (t2 === Colon || t2 === LBrace || t2 === Eq) && this.newlineBefore(this.LA(1));
  }
  /** `in: …`, `and: …` — a reserved word used as a property name (an error) rather than an operator. */
  private keywordProperty(): boolean {
    return KEYWORD_TYPES.has(this.tt()) && (this.tt(2) === Colon || this.tt(2) === Eq);
  }
  /** False where an identifier would really start the next property, entry or declaration. */
  private exprGate(): boolean {
    return !this.propertyStart() && !this.assignStart() && !this.blockDeclStart();
  }
  /** An expression can start here (and the next token is not the start of the next property). */
  private exprAhead(): boolean {
    return EXPR_START.has(this.tt()) && this.exprGate();
  }
  /** The next token is a comparison-level operator: a comparison, `=`, `in`, `not in`, `is`. */
  private compareAhead(): boolean {
    const tt = this.tt();
    if (tt === Eq || tt === In || tt === Is || COMPARE_TYPES.has(tt)) return true;
    return tt === Not && this.tt(2) === In;
  }
  /** `IDENT - IDENT|NUMBER` with nothing in between: a dashed word such as `windows-1252`. */
  private dashedWordAhead(): boolean {
    const a = this.LA(1);
    return a.tokenType === Ident && this.dashAt(a, this.LA(2), this.LA(3));
  }
  private dashAt(prev: IToken, minus: IToken, next: IToken): boolean {
    return minus.tokenType === Minus && (next.tokenType === Ident || next.tokenType === NumberTok) && tokEnd(prev) === tokStart(minus) && tokEnd(minus) === tokStart(next);
  }
  /** Inside `map { … }`: the map ends at `}`, at the end of the file, at a declaration, or (its `}` forgotten) at the next column `name: type` on a new line. */
  private mapEnd(): boolean {
    if (this.blockEnd()) return true;
    return this.tt() === Ident && this.tt(2) === Colon && this.tt(3) === Ident && this.newlineBefore(this.LA(1));
  }

  // --- error reporting ---

  private previousToken(t: IToken): IToken | undefined {
    const i = t.tokenType === EOF ? this.toks.length : this.indexOf(t);
    if (i === undefined || i === 0) return undefined;
    return this.toks[i - 1];
  }

  /** Reports that something is missing before `found` (default: the next token). */
  private missing(what: string, found: IToken = this.LA(1), suffix = ""): void {
    const message = `Expected ${what} ${foundPart(found)}${suffix}.`;
    const prev = this.previousToken(found);
    const atEof = !isReal(found);
    if (atEof || (prev !== undefined && this.newlineBefore(found))) {
      const at = prev ? tokEnd(prev) : atEof ? this.text.length : 0;
      this.report({ code: "CX1001", start: at, end: at, message });
    } else {
      this.report({ code: "CX1001", start: tokStart(found), end: tokEnd(found), message });
    }
  }

  /** Records a problem (at most PROBLEM_LIMIT: on hostile input the first ones are what matters). */
  private report(p: SyntaxProblem): void {
    if (this.problems.length < PROBLEM_LIMIT) this.problems.push(p);
  }

  /** Reports an unexpected token. */
  private unexpected(t: IToken, message: string, code: SyntaxProblem["code"] = "CX1001"): void {
    this.report({ code, start: tokStart(t), end: tokEnd(t), message });
  }

  /** A zero-width Missing node just after the last consumed token. */
  private missingExpr(): Expr {
    const prev = this.LA(0);
    const at = isReal(prev) ? tokEnd(prev) : 0;
    return { kind: "Missing", span: span(at, at) };
  }

  /** Reports a missing piece and returns a Missing node at the end of the previous token. */
  private missingAfter(what: string): Expr {
    this.missing(what);
    return this.missingExpr();
  }

  /** The end of the last consumed token (0 at the start). */
  private lastEnd(): number {
    const last = this.LA(0);
    return isReal(last) ? tokEnd(last) : 0;
  }

  // ===== Grammar =====

  // file := ( import | declaration | junk )*
  private file(): Item[] {
    const items: Item[] = [];
    while (!this.atEof()) {
      if (this.tt() === Import) items.push(this.importDecl());
      else if (this.topDeclStart()) items.push(this.declaration());
      else this.topJunk();
    }
    return items;
  }

  private topJunk(): void {
    const t = this.LA(1);
    const t2 = this.LA(2);
    const t3 = this.LA(3);
    if (t.tokenType === Ident && t2.tokenType === Colon) {
      this.unexpected(t, `Unexpected property '${showText(t.image)}' outside a declaration. Properties go inside 'kind name { … }'.`);
    } else if (t.tokenType === Ident && t2.tokenType === Ident && t3.tokenType === LBrace) {
      const lower = t.image.toLowerCase();
      const close = DECL_KINDS.filter((k) => levenshtein(k, lower, 2) <= 2);
      const hint = close.length ? ` Did you mean '${close[0]}'?` : "";
      this.unexpected(t, `Unknown declaration kind '${showText(t.image)}'. Expected ${KINDS_TEXT}.${hint}`);
    } else {
      this.unexpected(t, `Expected a declaration (${KINDS_TEXT}) or an import ${foundPart(t)}.`);
    }
    this.consume();
    while (!this.atEof() && !this.topItemStart()) this.consume();
  }

  // import := "import" STRING
  private importDecl(): ImportDecl {
    const kw = this.consume();
    const s = this.consumeIf(StringTok);
    let path: StringLit | undefined;
    if (s) path = this.stringLit(s);
    else this.missing("a file path in double quotes after 'import'");
    return { kind: "Import", span: span(tokStart(kw), path ? path.span.end : tokEnd(kw)), path };
  }

  // declaration := KIND NAME "{" property* "}"
  private declaration(): Declaration {
    const kw = this.consume();
    const nameTok = this.consumeIf(Ident);
    if (!nameTok) {
      const f = this.LA(1);
      if (KEYWORD_TYPES.has(f.tokenType)) this.missing(`a name after '${kw.image}'`, f, ", which cannot be used as a name");
      else this.missing(`a name after '${kw.image}'`);
    }
    // junk between the name and a `{` on the same line (`metric 123 {`, `metric my-metric {`)
    let junk: IToken | undefined;
    while (this.headerJunkAhead()) {
      const t = this.consume();
      junk ??= t;
    }
    if (junk && nameTok) {
      this.unexpected(junk, `Unexpected ${describeToken(junk)} after the name '${nameTok.image}'. Names contain only letters, digits and '_'.`);
    }
    const owner = nameTok ? `${kw.image} '${nameTok.image}'` : `'${kw.image}'`;
    let body: Block | undefined;
    if (this.tt() === LBrace) {
      const lb = this.consume();
      body = this.blockBody(owner, "decl", lb);
    } else if (this.propertyStart()) {
      // `{` forgotten but properties follow: parse them as the body anyway
      this.missing(`'{' after ${owner}`);
      body = this.blockBody(owner, "decl", undefined);
    } else {
      this.missing(`'{' after ${owner}`);
    }
    const name = nameTok ? ident(nameTok) : undefined;
    const end = body ? body.span.end : name ? name.span.end : tokEnd(kw);
    return {
      kind: "Declaration",
      declKind: kw.image as DeclKind,
      span: span(tokStart(kw), end),
      keywordSpan: span(tokStart(kw), tokEnd(kw)),
      name,
      body,
      doc: undefined,
    };
  }

  // block := "{" ( property | ";" | "," | junk )* "}"   (the "{" is consumed by the caller)
  private blockBody(owner: string, mode: BlockMode, lb: IToken | undefined): Block {
    this.blockNest++;
    try {
      this.lastKey = undefined;
      const properties: Property[] = [];
      if (this.blockNest > MAX_NESTING) {
        const at = lb ?? this.LA(1);
        this.skipNested(undefined);
        if (isReal(at)) this.unexpected(at, `Blocks nested too deeply: more than ${MAX_NESTING} levels of '{'.`);
      }
      while (!this.blockEnd()) {
        const tt = this.tt();
        if (this.propertyStart() || this.assignStart()) {
          const p = this.property(mode);
          properties.push(p);
          this.lastKey = p.key.name;
        } else if (tt === Semicolon || tt === Comma) this.consume();
        else this.blockJunk(mode === "columns" ? "column" : "property");
      }
      const rb = this.consumeIf(RBrace);
      if (!rb) this.missing(mode === "decl" ? `'}' to close ${owner}` : `'}' to close the block ${owner}`);
      const lastEnd = this.lastEnd();
      const start = lb ? tokStart(lb) : properties.length ? properties[0].span.start : lastEnd;
      const end = rb ? tokEnd(rb) : Math.max(lastEnd, start);
      this.lastKey = undefined;
      return { kind: "Block", span: span(start, end), properties };
    } finally {
      this.blockNest--;
    }
  }

  /** Consumes a run of unexpected tokens inside a block (`what`: what the block holds). */
  private blockJunk(what: "property" | "column" | "derived"): void {
    const t = this.LA(1);
    const prev = this.LA(0);
    const startsLine = this.newlineBefore(t) || (isReal(prev) && (prev.tokenType === LBrace || prev.tokenType === Semicolon || prev.tokenType === Comma));
    if (t.tokenType === Ident && startsLine) {
      this.missing(what === "derived" ? `'=' after '${showText(t.image)}'` : `':' after '${showText(t.image)}'`, this.LA(2));
    } else if (KEYWORD_TYPES.has(t.tokenType) && startsLine && (this.tt(2) === Colon || this.tt(2) === Eq)) {
      this.unexpected(t, `'${t.image}' is a reserved word and cannot be a ${what === "property" ? "property" : "column"} name.`);
    } else if (!startsLine && this.lastKey !== undefined) {
      const hint = COMPARE_TYPES.has(t.tokenType) ? " Comparisons cannot be chained; combine them with 'and'." : "";
      this.unexpected(t, `Unexpected ${describeToken(t)} after the value of '${this.lastKey}'.${hint}`);
    } else if (what === "derived") {
      this.unexpected(t, `Expected a derived column ('name = expression') or '}' ${foundPart(t)}.`);
    } else if (what === "column") {
      this.unexpected(t, `Expected a column ('name: type') or '}' ${foundPart(t)}.`);
    } else {
      this.unexpected(t, `Expected a property ('name: value') or '}' ${foundPart(t)}.`);
    }
    this.consume();
    while (!this.blockEnd() && !this.entryStartOnNewLine()) this.consume();
  }

  /**
   * Skips tokens up to (not including) the bracket that closes the one before them (`first`, if
   * consumed already, counts as opened), or a `}` that cannot be inside it, or a declaration.
   */
  private skipNested(first: IToken | undefined): void {
    const open: TokenType[] = [];
    if (first && isOpener(first.tokenType)) open.push(first.tokenType);
    while (!this.atEof()) {
      const tt = this.tt();
      if (isCloser(tt)) {
        if (open.length === 0) return;
        const top = open[open.length - 1];
        if (tt === RBrace && top !== LBrace) return; // a `}` that closes a block around us
        const want = tt === RParen ? LParen : tt === RBracket ? LBracket : LBrace;
        const k = open.lastIndexOf(want);
        if (k >= 0) open.length = k; // a mismatched `)` or `]` closes what it can
      } else if (isOpener(tt)) open.push(tt);
      else if (open.length === 0 && this.blockDeclStart()) return;
      this.consume();
    }
  }

  // property := KEY ":" value | KEY block | KEY "=" value (reported)      KEY := IDENT | "where"
  private property(mode: BlockMode): Property {
    const keyTok = this.consume();
    if (keyTok.tokenType === Where && mode === "columns") this.unexpected(keyTok, `'where' is a reserved word and cannot be a column name.`);
    const key = ident(keyTok);
    let value: PropertyValue | undefined;
    let tag: StringLit | undefined;
    let colon: IToken | undefined;
    const t1 = this.tt();
    if (t1 === Colon || t1 === Eq) {
      colon = this.consume();
      if (t1 === Eq) {
        this.unexpected(colon, `Expected ':' after '${showText(keyTok.image)}' but found '='. Properties are written 'name: value'; '=' only defines derived columns, in 'derive { name = expression }'.`);
      }
      if (mode === "columns") value = this.columnDecl(keyTok, colon);
      else if (this.valueAhead()) {
        const v = this.propertyValue(keyTok.image);
        value = v.value;
        tag = v.tag;
      } else this.missing(`a value after '${showText(keyTok.image)}:'`);
    } else {
      const lb = this.consume(); // `{` (the caller checked)
      if (mode === "decl" && keyTok.image === "derive") value = this.deriveBody(lb);
      else {
        value = this.blockBody(`'${keyTok.image}'`, mode === "decl" && keyTok.image === "columns" ? "columns" : "block", lb);
        if (mode === "columns") this.unexpected(lb, `Expected ':' and a type after '${showText(keyTok.image)}', as in '${showText(keyTok.image)}: text'.`);
      }
    }
    const end = tag ? tag.span.end : value ? value.span.end : colon ? tokEnd(colon) : key.span.end;
    const p: Property = { kind: "Property", span: span(key.span.start, Math.max(end, key.span.end)), key, value };
    if (tag) p.tag = tag;
    return p;
  }

  /** A property value can start here. */
  private valueAhead(): boolean {
    const tt = this.tt();
    return (COMPARE_TYPES.has(tt) || tt === LBracket || tt === DurationTok || EXPR_START.has(tt)) && this.exprGate();
  }

  // value := threshold | list | duration | word (encoding only) | expr STRING?
  private propertyValue(key: string): { value: PropertyValue; tag: StringLit | undefined } {
    const tt = this.tt();
    if (COMPARE_TYPES.has(tt)) return { value: this.threshold(), tag: undefined };
    if (tt === LBracket) return { value: this.list(false), tag: undefined };
    if (tt === DurationTok) return { value: this.duration(), tag: undefined };
    if (key === "encoding" && this.dashedWordAhead()) return { value: this.word(), tag: undefined };
    const e = this.expr();
    const s = e.kind === "Ref" && e.member === undefined ? this.consumeIf(StringTok) : undefined;
    return { value: e, tag: s ? this.stringLit(s) : undefined };
  }

  // word := IDENT ( "-" ( IDENT | NUMBER ) )+   with no whitespace: windows-1252, utf-8, iso-8859-1
  private word(): Word {
    const first = this.consume();
    let last = first;
    while (this.dashAt(last, this.LA(1), this.LA(2))) {
      this.consume();
      last = this.consume();
      if ((last as CxLexToken).malformed) this.forgiven.add(tokStart(last)); // `utf-16le`: a word, not a malformed number
    }
    const s = span(tokStart(first), tokEnd(last));
    return { kind: "Word", span: s, text: this.text.slice(s.start, s.end) };
  }

  // column := TYPE? ( "from" STRING )? ( "map" "{" entries "}" )?      (inside `columns { name: … }`)
  private columnDecl(keyTok: IToken, colon: IToken): ColumnDecl {
    const contextual = (word: string, next: TokenType): boolean => this.isWord(this.LA(1), word) && this.tt(2) === next;
    const keyword = (word: string): boolean => this.isWord(this.LA(1), word) && this.tt(2) !== Colon && this.tt(2) !== Eq;
    let typeTok: IToken | undefined;
    if (this.tt() === Ident && this.exprGate() && !contextual("from", StringTok) && !contextual("map", LBrace)) typeTok = this.consume();
    else this.missing(`a column type (text, integer, number, boolean, date or datetime) after '${showText(keyTok.image)}:'`);
    const c: ColumnDecl = { kind: "ColumnDecl", span: span(tokEnd(colon), tokEnd(colon)), type: typeTok ? ident(typeTok) : undefined };
    if (keyword("from")) {
      const fromTok = this.consume();
      c.fromSpan = span(tokStart(fromTok), tokEnd(fromTok));
      const header = this.consumeIf(StringTok);
      if (header) c.from = this.stringLit(header);
      else this.missing(`the column's header in double quotes after 'from', as in 'from "Q1 - How likely…"'`);
    }
    if (keyword("map")) c.map = this.mapLit();
    const start = c.type?.span.start ?? c.fromSpan?.start ?? c.map?.span.start;
    const end = c.map?.span.end ?? c.from?.span.end ?? c.fromSpan?.end ?? c.type?.span.end;
    if (start !== undefined && end !== undefined) c.span = span(start, end);
    return c;
  }

  // map := "map" "{" ( entry | "," | ";" | junk )* "}"      entry := STRING ":" literal
  private mapLit(): MapLit {
    const kw = this.consume();
    const lb = this.consumeIf(LBrace);
    const entries: MapEntry[] = [];
    let rb: IToken | undefined;
    if (lb) {
      while (!this.mapEnd()) {
        const tt = this.tt();
        if (tt === StringTok) entries.push(this.mapEntry());
        else if (tt === Semicolon || tt === Comma) this.consume();
        else this.mapJunk();
      }
      rb = this.consumeIf(RBrace);
      if (!rb) this.missing(`'}' to close the map`);
    } else this.missing(`'{' after 'map', as in 'map { "Very satisfied": 5 }'`);
    const end = rb ? tokEnd(rb) : lb ? Math.max(tokEnd(lb), this.lastEnd()) : tokEnd(kw);
    return { kind: "Map", span: span(tokStart(kw), end), keywordSpan: span(tokStart(kw), tokEnd(kw)), entries };
  }

  private mapEntry(): MapEntry {
    const labelTok = this.consume();
    const label = this.stringLit(labelTok);
    const colon = this.consumeIf(Colon);
    if (!colon) this.missing(`':' after the label ${showText(labelTok.image)}`);
    let value: Expr;
    if (this.exprAhead() && (colon !== undefined || !this.newlineBefore(this.LA(1)))) value = this.expr();
    else if (colon) value = this.missingAfter(`a value after ${showText(labelTok.image)}:`);
    else value = this.missingExpr();
    return { kind: "MapEntry", span: span(label.span.start, Math.max(value.span.end, colon ? tokEnd(colon) : label.span.end)), label, value };
  }

  private mapJunk(): void {
    const t = this.LA(1);
    if (t.tokenType === Ident && this.tt(2) === Colon) this.unexpected(t, `Labels in a map are strings: write "${showText(t.image)}".`);
    else this.unexpected(t, `Expected a label in double quotes ('"Label": value') or '}' ${foundPart(t)}.`);
    // up to the next separator, or the next label or name at the start of a line
    this.consume();
    for (;;) {
      const u = this.LA(1);
      const tt = u.tokenType;
      if (this.mapEnd() || tt === Comma || tt === Semicolon) return;
      if ((tt === StringTok || tt === Ident) && this.newlineBefore(u)) return;
      this.consume();
    }
  }

  // derive := "{" ( entry | ";" | "," | junk )* "}"      entry := IDENT ( ":" TYPE )? "=" expr
  private deriveBody(lb: IToken): DeriveBlock {
    const entries: DeriveEntry[] = [];
    this.lastKey = undefined;
    while (!this.blockEnd()) {
      const tt = this.tt();
      if (tt === Ident) {
        const e = this.deriveEntry();
        entries.push(e);
        this.lastKey = e.name.name;
      } else if (tt === Semicolon || tt === Comma) this.consume();
      else this.blockJunk("derived");
    }
    const rb = this.consumeIf(RBrace);
    if (!rb) this.missing(`'}' to close the block 'derive'`);
    const end = rb ? tokEnd(rb) : Math.max(tokEnd(lb), this.lastEnd());
    this.lastKey = undefined;
    return { kind: "DeriveBlock", span: span(tokStart(lb), end), entries };
  }

  private deriveEntry(): DeriveEntry {
    const nameTok = this.consume();
    const colon = this.consumeIf(Colon);
    // `name: type = …`; also `name: type expr` (the `=` forgotten: the type is the name right after the colon)
    const t2 = this.tt(2);
    const typed = t2 === Eq || t2 === EqEq || (PRIMARY_START.has(t2) && t2 !== LParen && !this.newlineBefore(this.LA(2)));
    const typeTok = colon && this.tt() === Ident && typed ? this.consume() : undefined;
    const eq = this.tt() === Eq || this.tt() === EqEq ? this.consume() : undefined;
    const form = `A derived column is written 'name = expression' or 'name: type = expression'.`;
    if (eq && eq.tokenType === EqEq) this.unexpected(eq, `Expected '=' after '${showText(nameTok.image)}' but found '=='. ${form}`);
    else if (!eq && colon && !typeTok) this.unexpected(colon, `Expected '=' after '${showText(nameTok.image)}' but found ':'. ${form}`);
    else if (!eq) this.missing(`'=' after '${showText(typeTok ? typeTok.image : nameTok.image)}'`, this.LA(1), `. ${form.slice(0, -1)}`);
    let expr: Expr;
    if (this.exprAhead() && (eq !== undefined || colon !== undefined || !this.newlineBefore(this.LA(1)))) expr = this.expr();
    else if (eq) expr = this.missingAfter(`an expression after '='`);
    else expr = this.missingExpr();
    const name = ident(nameTok);
    const entry: DeriveEntry = { kind: "DeriveEntry", span: span(name.span.start, Math.max(expr.span.end, eq ? tokEnd(eq) : name.span.end)), name, expr };
    if (typeTok) entry.type = ident(typeTok);
    if (eq && eq.tokenType === Eq) entry.eqSpan = span(tokStart(eq), tokEnd(eq));
    return entry;
  }

  private threshold(): Threshold {
    const op = this.consume();
    const value = this.exprAhead() ? this.expr() : this.missingAfter(`a number after '${op.image}'`);
    return { kind: "Threshold", span: span(tokStart(op), value.span.end), op: op.image as CompareOpT, opSpan: span(tokStart(op), tokEnd(op)), value };
  }

  private duration(): Duration {
    const t = this.consume();
    const d = parseDurationImage(t.image);
    return { kind: "Duration", span: span(tokStart(t), tokEnd(t)), amount: d ? d.amount : Number.NaN, unit: d ? d.unit : "day", raw: t.image };
  }

  // list := "[" ( expr ( "," expr )* )? "]"   (also the list after `in`)
  private list(afterIn: boolean): ListLit {
    const lb = this.consume();
    const items: Expr[] = [];
    const first = this.exprAhead() ? this.expr() : undefined;
    if (first) items.push(first);
    while (this.tt() === Comma) {
      const comma = this.consume();
      const e = this.exprAhead() ? this.expr() : undefined;
      if (items.length === 0 && !first) {
        this.unexpected(comma, `Expected a list item before ','.`);
        items.push({ kind: "Missing", span: span(tokStart(comma), tokStart(comma)) });
      }
      items.push(e ?? this.missingAfter(`a list item after ','`));
    }
    const rb = this.consumeIf(RBracket);
    if (!rb) this.missing(`']' to close the list`);
    else if (afterIn && items.length === 0) this.unexpected(rb, `Expected at least one value in the list after 'in'.`);
    const end = rb ? tokEnd(rb) : Math.max(this.lastEnd(), tokEnd(lb));
    return { kind: "List", span: span(tokStart(lb), end), items };
  }

  // ----- expressions -----

  /**
   * expr := operand ( BINOP operand | "not"? "in" list | "is" "not"? "null" )*
   * The caller checked that an expression starts here (exprAhead). Too deeply nested: skipped to
   * the closing bracket; the outermost expression reports it.
   */
  private expr(): Expr {
    this.exprNest++;
    try {
      const outermost = this.exprNest === 1;
      if (outermost) {
        this.tooDeep = false;
        this.exprProblemsStart = this.problems.length;
      }
      let e: Expr;
      if (this.exprNest > MAX_NESTING + 1) {
        const first = this.consume();
        this.skipNested(first);
        this.tooDeep = true;
        e = { kind: "Missing", span: span(tokStart(first), Math.max(tokStart(first), this.lastEnd())) };
      } else e = this.chain();
      return outermost ? this.checkDepth(e) : e;
    } finally {
      this.exprNest--;
    }
  }

  /** The outermost expression is complete: replace it by a Missing node, with one error, if it is too deep. */
  private checkDepth(e: Expr): Expr {
    const nested = this.tooDeep;
    if (!nested && !exprDepthExceeds(e, MAX_EXPR_DEPTH)) return e;
    this.tooDeep = false;
    this.problems.length = Math.min(this.problems.length, this.exprProblemsStart); // one error for the whole expression
    const end = Math.max(e.span.end, this.lastEnd());
    const message = nested
      ? `Expression too deep: more than ${MAX_NESTING} nested parentheses, calls or lists. Split it into several metrics (or derived columns).`
      : `Expression too deep or too long: more than ${MAX_EXPR_DEPTH} levels of operators, calls and parentheses. Split it into several metrics (or derived columns).`;
    this.report({ code: "CX1001", start: e.span.start, end, message });
    return { kind: "Missing", span: span(e.span.start, end) };
  }

  private chain(): Expr {
    const first = this.operand(true);
    const steps: ChainStep[] = [];
    let comparing = false; // a comparison, `in` or `is` was read since the last `and`/`or`: comparisons do not chain
    for (;;) {
      if (this.keywordProperty() || (comparing && this.compareAhead())) break;
      const tt = this.tt();
      if (BINARY_OPS.has(tt)) {
        const op = this.consume();
        const logical = tt === And || tt === Or;
        const right = this.exprAhead() && (logical || this.tt() !== Not) ? this.operand(logical) : undefined;
        if (tt === Eq) {
          this.unexpected(op, `'=' does not compare values: use '=='. A single '=' only defines derived columns, in 'derive { name = expression }'.`, "CX1003");
        }
        if (!right) this.missing(`an expression after '${op.image}'`);
        if (logical) comparing = false;
        else if (precedence(op) === P_COMPARE) comparing = true;
        steps.push({ kind: "bin", op, right });
      } else if (tt === In || (tt === Not && this.tt(2) === In)) {
        const not = this.consumeIf(Not);
        const inTok = this.consume();
        const list = this.tt() === LBracket ? this.list(true) : undefined;
        if (!list) this.missing(`'[' after '${not ? "not in" : "in"}'`);
        comparing = true;
        steps.push({ kind: "in", not, inTok, list });
      } else if (tt === Is) {
        const isTok = this.consume();
        const not = this.consumeIf(Not);
        const nul = this.consumeIf(Null);
        if (!nul) this.missing(`'null' after '${not ? "is not" : "is"}' (write 'is null' or 'is not null')`);
        comparing = true;
        steps.push({ kind: "is", isTok, not, nul });
      } else break;
    }
    return buildChain(first, steps);
  }

  // operand := "not"* "-"* primary | "-"+ primary | primary     (`not` only where a condition may start)
  private operand(allowNot: boolean): Operand {
    const nots: IToken[] = [];
    const minuses: IToken[] = [];
    if (allowNot) while (this.tt() === Not) nots.push(this.consume());
    while (this.tt() === Minus) minuses.push(this.consume());
    let e: Expr;
    if (nots.length + minuses.length === 0 || (PRIMARY_START.has(this.tt()) && this.exprGate())) e = this.primary();
    else {
      const last = minuses.length ? minuses[minuses.length - 1] : nots[nots.length - 1];
      e = this.missingAfter(`an expression after '${last.image}'`);
    }
    for (let k = minuses.length - 1; k >= 0; k--) e = { kind: "Unary", span: span(tokStart(minuses[k]), e.span.end), op: "-", operand: e };
    return { nots, expr: e };
  }

  /** The caller checked that a primary starts here. */
  private primary(): Expr {
    const t = this.LA(1);
    switch (t.tokenType) {
      case NumberTok: {
        this.consume();
        const malformed = (t as CxLexToken).malformed;
        const value = malformed ? parseFloat(t.image) : Number(t.image);
        if (!malformed && !Number.isFinite(value)) this.unexpected(t, `Number out of range '${showText(t.image)}': write a number below 1e308.`, "CX1003");
        return { kind: "Number", span: span(tokStart(t), tokEnd(t)), value: Number.isFinite(value) ? value : 0, raw: t.image };
      }
      case PercentTok: {
        this.consume();
        const malformed = (t as CxLexToken).malformed;
        const body = t.image.slice(0, -1);
        const n = malformed ? parseFloat(body) : Number(body);
        if (!malformed && !Number.isFinite(n)) this.unexpected(t, `Number out of range '${showText(t.image)}': write a number below 1e308.`, "CX1003");
        return { kind: "Percent", span: span(tokStart(t), tokEnd(t)), value: Number.isFinite(n) ? n / 100 : 0, raw: t.image };
      }
      case StringTok:
        this.consume();
        return this.stringLit(t);
      case True:
      case False:
        this.consume();
        return { kind: "Boolean", span: span(tokStart(t), tokEnd(t)), value: t.tokenType === True };
      case Null:
        this.consume();
        return { kind: "Null", span: span(tokStart(t), tokEnd(t)) };
      case LParen:
        return this.paren();
      case Ident:
        return this.tt(2) === LParen ? this.call() : this.reference();
      default:
        return this.missingAfter(`an expression`); // not reached: callers check PRIMARY_START
    }
  }

  // call := IDENT "(" ( argument ( "," argument )* )? ")"
  private call(): Expr {
    const calleeTok = this.consume();
    this.consume(); // (
    const args: Argument[] = [];
    if (this.argumentAhead()) args.push(this.argument());
    while (this.tt() === Comma) {
      const comma = this.consume();
      const a = this.argumentAhead() ? this.argument() : undefined;
      if (args.length === 0) {
        this.unexpected(comma, `Expected an argument before ','.`);
        const at = tokStart(comma);
        args.push({ kind: "Argument", span: span(at, at), name: undefined, value: { kind: "Missing", span: span(at, at) }, where: undefined });
      }
      if (a) args.push(a);
      else {
        const m = this.missingAfter(`an argument after ','`);
        args.push({ kind: "Argument", span: m.span, name: undefined, value: m, where: undefined });
      }
    }
    const rp = this.consumeIf(RParen);
    if (!rp) this.missing(`')' to close the call to '${showText(calleeTok.image)}'`);
    const end = rp ? tokEnd(rp) : Math.max(this.lastEnd(), tokEnd(calleeTok));
    return { kind: "Call", span: span(tokStart(calleeTok), end), callee: ident(calleeTok), args };
  }

  private argumentAhead(): boolean {
    const tt = this.tt();
    return (EXPR_START.has(tt) || tt === Where) && !this.blockDeclStart();
  }

  // argument := ( IDENT ":" )? expr ( "where" expr )?
  private argument(): Argument {
    if (this.tt() === Ident && this.tt(2) === Colon) {
      const nameTok = this.consume();
      const colon = this.consume();
      let value: Expr;
      if (this.exprAhead()) value = this.expr();
      else {
        this.missing(`a value after '${showText(nameTok.image)}:'`);
        value = { kind: "Missing", span: span(tokEnd(colon), tokEnd(colon)) };
      }
      return this.mkArgument(tokStart(nameTok), ident(nameTok), value, this.whereClause());
    }
    if (this.tt() === Where) {
      const whereTok = this.consume();
      const cond = this.exprAhead() ? this.expr() : undefined;
      this.unexpected(whereTok, `Expected an expression before 'where', as in 'count(source where condition)'.`);
      const at = tokStart(whereTok);
      const where = cond ?? this.missingAfter(`a condition after 'where'`);
      return this.mkArgument(at, undefined, { kind: "Missing", span: span(at, at) }, { where, whereTok });
    }
    const value = this.expr();
    return this.mkArgument(value.span.start, undefined, value, this.whereClause());
  }

  private mkArgument(start: number, name: Identifier | undefined, value: Expr, w: { where: Expr; whereTok: IToken } | undefined): Argument {
    const a: Argument = { kind: "Argument", span: span(start, w ? w.where.span.end : value.span.end), name, value, where: w?.where };
    if (w) {
      a.whereSpan = span(tokStart(w.whereTok), tokEnd(w.whereTok));
      a.span = span(start, Math.max(w.where.span.end, tokEnd(w.whereTok)));
    }
    return a;
  }

  private whereClause(): { where: Expr; whereTok: IToken } | undefined {
    const whereTok = this.consumeIf(Where);
    if (!whereTok) return undefined;
    const where = this.exprAhead() ? this.expr() : this.missingAfter(`a condition after 'where'`);
    return { whereTok, where };
  }

  // reference := IDENT ( "." IDENT )?
  private reference(): Expr {
    const head = this.consume();
    const dot = this.consumeIf(Dot);
    const member = dot ? this.consumeIf(Ident) : undefined;
    if (dot && !member) this.missing(`a column name after '${showText(head.image)}.'`);
    const end = member ? tokEnd(member) : dot ? tokEnd(dot) : tokEnd(head);
    return { kind: "Ref", span: span(tokStart(head), end), head: ident(head), member: member ? ident(member) : undefined };
  }

  // paren := "(" expr ")"
  private paren(): Expr {
    const lp = this.consume();
    const inner = this.exprAhead() ? this.expr() : undefined;
    if (!inner) this.missing(`an expression after '('`);
    const e = inner ?? { kind: "Missing", span: span(tokEnd(lp), tokEnd(lp)) };
    const rp = this.consumeIf(RParen);
    if (!rp) this.missing(`')' to close '('`);
    const end = rp ? tokEnd(rp) : Math.max(e.span.end, tokEnd(lp));
    return { kind: "Paren", span: span(tokStart(lp), end), expr: e };
  }

  // --- node helpers ---

  private stringLit(t: IToken): StringLit {
    const raw = t.image;
    const s: StringLit = { kind: "String", span: span(tokStart(t), tokEnd(t)), value: "", raw };
    if ((t as CxLexToken).singleQuoted) {
      const closed = raw.length > 1 && raw.endsWith("'");
      s.value = closed ? raw.slice(1, -1) : raw.slice(1);
      if (!closed) s.unterminated = true;
      return s;
    }
    const d = decodeString(raw);
    s.value = d.value;
    if (!d.terminated) s.unterminated = true;
    return s;
  }
}

// The one parser instance, reused for every file: `run` resets all per-file state.
let parserInstance: CxParser | undefined;
function cxParser(): CxParser {
  parserInstance ??= new CxParser();
  return parserInstance;
}

// ---------------------------------------------------------------------------
// Doc comments

function computeDocs(text: string, items: Item[], comments: CxFile["comments"]): void {
  // Line comments that are the first thing on their line, indexed by the line's start offset.
  const ownLine = new Map<number, string>(); // line start offset -> comment text
  const lineStartOf = (offset: number): number => {
    let i = offset;
    while (i > 0) {
      const c = text.charCodeAt(i - 1);
      if (c === 10 || c === 13) break;
      i--;
    }
    return i;
  };
  for (const c of comments) {
    if (c.block) continue;
    const ls = lineStartOf(c.span.start);
    if (/^[ \t]*$/.test(text.slice(ls, c.span.start))) ownLine.set(ls, c.text);
  }
  if (ownLine.size === 0) return;
  for (const item of items) {
    if (item.kind !== "Declaration") continue;
    const ls = lineStartOf(item.span.start);
    if (!/^[ \t]*$/.test(text.slice(ls, item.span.start))) continue;
    const lines: string[] = [];
    let cur = ls;
    while (cur > 0) {
      // previous line start
      let prevEnd = cur - 1; // at the line break char
      if (text.charCodeAt(prevEnd) === 10 && prevEnd > 0 && text.charCodeAt(prevEnd - 1) === 13) prevEnd--;
      const prevStart = lineStartOf(prevEnd);
      const c = ownLine.get(prevStart);
      if (c === undefined) break;
      lines.unshift(c.startsWith(" ") ? c.slice(1) : c);
      cur = prevStart;
    }
    if (lines.length) item.doc = lines.join("\n");
  }
}

// ---------------------------------------------------------------------------
// Entry point

export interface ParseOutput {
  ast: CxFile;
  problems: SyntaxProblem[];
}

/** Appends without spreading (a spread of a huge array overflows the stack). */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

/** Parses BOM-free text. Never throws. */
export function parseText(text: string): ParseOutput {
  const lexed = lex(text);
  const parsed: SyntaxProblem[] = [];
  let forgiven: Set<number> | undefined;
  let items: Item[] = [];
  try {
    const p = cxParser();
    items = p.run(text, lexed.tokens);
    forgiven = p.forgiven;
    append(parsed, p.problems);
  } catch (e) {
    items = [];
    append(parsed, recoverByChunks(text, lexed.tokens, items, e));
  }
  const problems: SyntaxProblem[] = [];
  for (const lp of lexed.problems) if (!(forgiven?.has(lp.start) && lp.message.startsWith("Malformed number"))) problems.push(lp);
  append(problems, parsed);
  const ast: CxFile = { kind: "File", span: span(0, text.length), items, comments: lexed.comments };
  try {
    computeDocs(text, items, lexed.comments);
  } catch {
    // doc comments are a convenience; never fail the parse for them
  }
  return { ast, problems };
}

/**
 * Fallback when the parser itself fails (e.g. an expression nested so deeply that the stack
 * overflows): parse each top-level chunk (split at `import` / `KIND NAME`) on its own, so one bad
 * declaration does not hide the others.
 */
function recoverByChunks(text: string, tokens: IToken[], items: Item[], err: unknown): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const starts: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (t.tokenType === Import || (t.tokenType === Ident && KIND_SET.has(t.image) && next && (next.tokenType === Ident || next.tokenType === LBrace))) starts.push(i);
  }
  if (starts[0] !== 0) starts.unshift(0);
  const p = cxParser();
  for (let k = 0; k < starts.length; k++) {
    const chunk = tokens.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : tokens.length);
    if (chunk.length === 0) continue;
    try {
      append(items, p.run(text, chunk));
      append(problems, p.problems);
    } catch {
      const t = chunk[0];
      const deep = err instanceof RangeError;
      problems.push({
        code: "CX1001",
        start: tokStart(t),
        end: tokEnd(t),
        message: deep ? "This declaration is nested too deeply to be read. Simplify its expressions." : "This declaration could not be read.",
      });
    }
  }
  return problems;
}
