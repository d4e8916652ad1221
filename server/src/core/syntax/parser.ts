// The .cx parser (language reference §2–§4, version 2 §9–§14): a Chevrotain EmbeddedActionsParser
// that builds the AST of ast.ts directly. One instance is built on first use and reused for every
// parse.
//
// Error handling is designed, not left to chance:
// - Every piece that can be missing (a name, a brace, a value, an operand, a closing parenthesis…)
//   is an OPTION in the grammar. When it is absent the parser reports a CX1001 that names what was
//   expected ("Expected ')' to close the call to 'count' but found '}'.") and continues; missing
//   expressions become `Missing` nodes, so the tree stays complete.
// - Tokens that cannot start anything are swallowed by "junk" rules, which report one error and
//   resynchronise: at the top level at the next `import` or `KIND NAME {`; inside a block at the next
//   `IDENT :` / `IDENT {` / `IDENT =` on a new line, at `}`, or at the next `KIND NAME {` (a missing
//   `}`); inside a `map { … }` at the next label, separator or column.
// - Chevrotain's own recovery (`recoveryEnabled: true`) stays on as a safety net; errors it records
//   are converted as well.
// Range convention: an unexpected token is reported on that token; a missing token is reported on
// the token found instead, unless that token is on a later line (or is the end of the file): then
// the range is zero-width just after the previous token, where the missing piece belongs.
//
// Expressions are parsed flat: `operand (operator operand | postfix)*`, with `not` and `-` prefixes
// read in loops, and the tree is built by operator precedence (shunting-yard) without recursion.
// Only brackets recurse (parentheses, calls, lists), and at most MAX_NESTING deep: a deeper
// expression is skipped to its closing bracket. An expression whose tree would be deeper than
// MAX_EXPR_DEPTH (a flat sum of thousands of terms, say) is reported once and replaced by a
// Missing node, so every recursive walker of later stages is safe (ast.ts, "Limits").
import { EmbeddedActionsParser, EMPTY_ALT, EOF, type IToken, type TokenType, type IParserErrorMessageProvider } from "chevrotain";
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
  AnyToken,
  And,
  Colon,
  Comma,
  CompareOp,
  decodeString,
  Dot,
  DurationTok,
  Eq,
  EqEq,
  False,
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
  parserTokens,
  PercentTok,
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
} from "./lexer";

// ---------------------------------------------------------------------------
// Token helpers

const vocabulary: TokenType[] = parserTokens;

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
  return t !== undefined && t.tokenType !== EOF && Number.isFinite(t.startOffset) && t.startOffset >= 0 && !t.isInsertedInRecovery;
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
// Messages for Chevrotain's own errors (the safety net; the grammar normally reports its own)

const tokenWords = new Map<string, string>([
  ["LBrace", "'{'"],
  ["RBrace", "'}'"],
  ["LParen", "'('"],
  ["RParen", "')'"],
  ["LBracket", "'['"],
  ["RBracket", "']'"],
  ["Colon", "':'"],
  ["Comma", "','"],
  ["Dot", "'.'"],
  ["Semicolon", "';'"],
  ["Eq", "'='"],
  ["Identifier", "a name"],
  ["String", "a string"],
  ["Number", "a number"],
  ["Percent", "a percentage"],
  ["Duration", "a duration"],
  ["CompareOp", "a comparison such as '>='"],
  ["EOF", "the end of the file"],
]);
function tokenTypeWords(t: TokenType): string {
  return tokenWords.get(t.name) ?? `'${t.name.toLowerCase()}'`;
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `Expected ${tokenTypeWords(expected)} ${foundPart(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Expected a declaration (${KINDS_TEXT}) or an import ${foundPart(firstRedundant)}.`;
  },
  buildNoViableAltMessage({ actual }) {
    return `Unexpected ${describeToken(actual[0])}.`;
  },
  buildEarlyExitMessage({ actual }) {
    return `Unexpected ${describeToken(actual[0])}.`;
  },
};

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

class CxParser extends EmbeddedActionsParser {
  private text = "";
  private toks: IToken[] = [];
  private tokCount = 0;
  problems: SyntaxProblem[] = [];
  /** Start offsets of lexer problems to drop: malformed numbers that are part of a dashed word (`utf-16le`). */
  forgiven = new Set<number>();
  /** Key of the last property completed in the current block (for "after the value of 'x'" messages). */
  private lastKey: string | undefined;
  /** `expr` rules on the stack (1 = an outermost expression). */
  private exprNest = 0;
  /** Blocks on the stack. */
  private blockNest = 0;
  /** A bracket nested too deeply was skipped inside the current outermost expression. */
  private tooDeep = false;
  /** Problems recorded before the current outermost expression started. */
  private exprProblemsStart = 0;

  /** `validate`: run Chevrotain's grammar checks (ambiguities, left recursion…); slow, done in tests. */
  constructor(validate = false) {
    super(vocabulary, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages, skipValidations: !validate });
    this.performSelfAnalysis();
    // The junk rules below resynchronise repetitions deterministically; Chevrotain's speculative
    // in-repetition recovery would skip tokens on its own. Single-token insertion/deletion and
    // rule-level re-sync stay enabled as a safety net.
    (this as unknown as { attemptInRepetitionRecovery: () => void }).attemptInRepetitionRecovery = () => {};
  }

  /** Parses one file's tokens. */
  run(text: string, tokens: IToken[]): Item[] {
    this.text = text;
    this.toks = tokens;
    this.tokCount = tokens.length; // Chevrotain appends EOF sentinels to the array while parsing
    this.problems = [];
    this.forgiven = new Set();
    this.lastKey = undefined;
    this.exprNest = 0;
    this.blockNest = 0;
    this.tooDeep = false;
    for (let i = 0; i < tokens.length; i++) (tokens[i] as IndexedToken).cxIndex = i;
    this.input = tokens;
    const items = this.file();
    return Array.isArray(items) ? items : [];
  }

  // --- lookahead predicates (used in GATEs, so only at parse time) ---

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
    return i !== undefined && i < this.tokCount && this.toks[i] === t ? i : undefined;
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
    const t1 = this.LA(1);
    if (!this.isKindWord(t1)) return false;
    const t2 = this.LA(2).tokenType;
    return t2 !== Colon && t2 !== Dot && t2 !== LParen && t2 !== Eq;
  }
  private topItemStart(): boolean {
    return this.LA(1).tokenType === Import || this.topDeclStart();
  }
  /** Inside a block: `KIND NAME {` at the start of a line means the block's `}` is missing. */
  private blockDeclStart(): boolean {
    const t = this.LA(1);
    return this.isKindWord(t) && this.LA(2).tokenType === Ident && this.LA(3).tokenType === LBrace && this.newlineBefore(t);
  }
  /** Tokens on the declaration's line before a `{` on the same line. */
  private headerJunkAhead(): boolean {
    const t = this.LA(1);
    if (t.tokenType === LBrace || t.tokenType === EOF || this.newlineBefore(t)) return false;
    const i = this.indexOf(t);
    if (i === undefined) return false;
    for (let j = i + 1; j < this.tokCount && j < i + 16; j++) {
      const u = this.toks[j];
      if (this.newlineBefore(u)) return false;
      if (u.tokenType === LBrace) return true;
    }
    return false;
  }
  private blockEnd(): boolean {
    const tt = this.LA(1).tokenType;
    return tt === RBrace || tt === EOF || this.blockDeclStart();
  }
  /** `name:` or `name {` (also `where:`, the one reserved word that is a property: drivers' `where: condition`). */
  private propertyStart(): boolean {
    const t1 = this.LA(1).tokenType;
    const t2 = this.LA(2).tokenType;
    return (t1 === Ident && (t2 === Colon || t2 === LBrace)) || (t1 === Where && t2 === Colon);
  }
  /** `name =` at the start of an entry: a derived column, or a property written with `=` by mistake. */
  private assignStart(): boolean {
    return this.LA(1).tokenType === Ident && this.LA(2).tokenType === Eq && this.startsEntry(this.LA(1));
  }
  private entryStartOnNewLine(): boolean {
    return (this.propertyStart() || (this.LA(1).tokenType === Ident && this.LA(2).tokenType === Eq)) && this.newlineBefore(this.LA(1));
  }
  /** `in: …`, `and: …` — a reserved word used as a property name (an error) rather than an operator. */
  private keywordProperty(): boolean {
    return KEYWORD_TYPES.has(this.LA(1).tokenType) && this.LA(2).tokenType === Colon;
  }
  /** False where an identifier would really start the next property, entry or declaration. */
  private exprGate(): boolean {
    return !this.propertyStart() && !this.assignStart() && !this.blockDeclStart();
  }
  /** The next token is a comparison-level operator: a comparison, `=`, `in`, `not in`, `is`. */
  private compareAhead(): boolean {
    const t = this.LA(1);
    const tt = t.tokenType;
    if (tt === Eq || tt === In || tt === Is) return true;
    if (tt === Not) return this.LA(2).tokenType === In;
    return t.tokenType.CATEGORIES?.includes(CompareOp) === true;
  }
  /** `IDENT - IDENT|NUMBER` with nothing in between: a dashed word such as `windows-1252`. */
  private dashedWordAhead(): boolean {
    const a = this.LA(1);
    const b = this.LA(2);
    const c = this.LA(3);
    return a.tokenType === Ident && b.tokenType === Minus && (c.tokenType === Ident || c.tokenType === NumberTok) && tokEnd(a) === tokStart(b) && tokEnd(b) === tokStart(c);
  }
  private dashedWordContinues(): boolean {
    const prev = this.LA(0);
    const b = this.LA(1);
    const c = this.LA(2);
    return b.tokenType === Minus && (c.tokenType === Ident || c.tokenType === NumberTok) && isReal(prev) && tokEnd(prev) === tokStart(b) && tokEnd(b) === tokStart(c);
  }
  /** Inside `map { … }`: the map ends at `}`, at the end of the file, at a declaration, or (its `}` forgotten) at the next column `name: type` on a new line. */
  private mapEnd(): boolean {
    if (this.blockEnd()) return true;
    const t = this.LA(1);
    return t.tokenType === Ident && this.LA(2).tokenType === Colon && this.LA(3).tokenType === Ident && this.newlineBefore(t);
  }

  // --- error reporting ---

  private previousToken(t: IToken): IToken | undefined {
    const i = t.tokenType === EOF ? this.tokCount : this.indexOf(t);
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
      this.problems.push({ code: "CX1001", start: at, end: at, message });
    } else {
      this.problems.push({ code: "CX1001", start: tokStart(found), end: tokEnd(found), message });
    }
  }

  /** Reports an unexpected token. */
  private unexpected(t: IToken, message: string, code: SyntaxProblem["code"] = "CX1001"): void {
    this.problems.push({ code, start: tokStart(t), end: tokEnd(t), message });
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

  /** The outermost expression is complete: replace it by a Missing node, with one error, if it is too deep. */
  private checkDepth(e: Expr | undefined): Expr | undefined {
    if (e === undefined) return e;
    const nested = this.tooDeep;
    if (!nested && !exprDepthExceeds(e, MAX_EXPR_DEPTH)) return e;
    this.tooDeep = false;
    this.problems.length = Math.min(this.problems.length, this.exprProblemsStart); // one error for the whole expression
    const last = this.LA(0);
    const end = Math.max(e.span.end, isReal(last) ? tokEnd(last) : e.span.end);
    const message = nested
      ? `Expression too deep: more than ${MAX_NESTING} nested parentheses, calls or lists. Split it into several metrics (or derived columns).`
      : `Expression too deep or too long: more than ${MAX_EXPR_DEPTH} levels of operators, calls and parentheses. Split it into several metrics (or derived columns).`;
    this.problems.push({ code: "CX1001", start: e.span.start, end, message });
    return { kind: "Missing", span: span(e.span.start, end) };
  }

  // ===== Grammar =====

  // file := ( import | declaration | junk )*
  private file = this.RULE("file", (): Item[] => {
    const items: Item[] = [];
    this.MANY(() => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            ALT: () => {
              const i = this.SUBRULE(this.importDecl);
              this.ACTION(() => {
                if (i) items.push(i);
              });
            },
          },
          {
            GATE: () => this.topDeclStart(),
            ALT: () => {
              const d = this.SUBRULE(this.declaration);
              this.ACTION(() => {
                if (d) items.push(d);
              });
            },
          },
          { GATE: () => !this.topItemStart(), ALT: () => this.SUBRULE(this.topJunk) },
        ],
      });
    });
    return items;
  });

  private topJunk = this.RULE("topJunk", (): void => {
    this.ACTION(() => {
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
    });
    this.AT_LEAST_ONE({ GATE: () => !this.topItemStart(), DEF: () => this.CONSUME(AnyToken) });
  });

  // import := "import" STRING
  private importDecl = this.RULE("importDecl", (): ImportDecl => {
    const kw = this.CONSUME(Import);
    const s = this.OPTION(() => this.CONSUME(StringTok));
    return this.ACTION(() => {
      let path: StringLit | undefined;
      if (s && isReal(s)) path = this.stringLit(s);
      else this.missing("a file path in double quotes after 'import'");
      return { kind: "Import", span: span(tokStart(kw), path ? path.span.end : tokEnd(kw)), path } satisfies ImportDecl;
    });
  });

  // declaration := KIND NAME "{" property* "}"
  private declaration = this.RULE("declaration", (): Declaration => {
    const kw = this.CONSUME(Ident);
    const nameTok = this.OPTION(() => this.CONSUME2(Ident));
    this.ACTION(() => {
      if (!nameTok) {
        const f = this.LA(1);
        if (KEYWORD_TYPES.has(f.tokenType)) this.missing(`a name after '${kw.image}'`, f, ", which cannot be used as a name");
        else this.missing(`a name after '${kw.image}'`);
      }
    });
    // junk between the name and a `{` on the same line (`metric 123 {`, `metric my-metric {`)
    let junk: IToken | undefined;
    this.MANY({
      GATE: () => this.headerJunkAhead(),
      DEF: () => {
        const t = this.CONSUME(AnyToken);
        this.ACTION(() => (junk ??= t));
      },
    });
    this.ACTION(() => {
      if (junk && nameTok) {
        this.unexpected(junk, `Unexpected ${describeToken(junk)} after the name '${nameTok.image}'. Names contain only letters, digits and '_'.`);
      }
    });
    const owner = this.ACTION(() => (nameTok ? `${kw.image} '${nameTok.image}'` : `'${kw.image}'`));
    let body: Block | undefined;
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const lb = this.CONSUME(LBrace);
            body = this.SUBRULE(this.blockBody, { ARGS: [owner, "decl", lb] });
          },
        },
        {
          // `{` forgotten but properties follow: parse them as the body anyway
          GATE: () => this.propertyStart(),
          ALT: () => {
            this.ACTION(() => this.missing(`'{' after ${owner}`));
            body = this.SUBRULE2(this.blockBody, { ARGS: [owner, "decl", undefined] });
          },
        },
        { ALT: EMPTY_ALT() },
      ],
    });
    return this.ACTION(() => {
      if (!body) this.missing(`'{' after ${owner}`);
      const name = nameTok && isReal(nameTok) ? ident(nameTok) : undefined;
      const end = body ? body.span.end : name ? name.span.end : tokEnd(kw);
      return {
        kind: "Declaration",
        declKind: kw.image as DeclKind,
        span: span(tokStart(kw), end),
        keywordSpan: span(tokStart(kw), tokEnd(kw)),
        name,
        body,
        doc: undefined,
      } satisfies Declaration;
    });
  });

  // block := "{" ( property | ";" | "," | junk )* "}"   (the "{" is consumed by the caller)
  private blockBody = this.RULE("blockBody", (owner: string, mode: BlockMode, lb: IToken | undefined): Block => {
    this.blockNest++;
    try {
      this.ACTION(() => {
        this.lastKey = undefined;
      });
      const properties: Property[] = [];
      let skipped: IToken | undefined;
      this.OPTION({
        GATE: () => this.blockNest > MAX_NESTING,
        DEF: () => {
          skipped = this.LA(1);
          this.SUBRULE(this.skipNested, { ARGS: [undefined] });
        },
      });
      this.MANY({
        GATE: () => !this.blockEnd(),
        DEF: () => {
          this.OR({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => this.propertyStart() || this.assignStart(),
                ALT: () => {
                  const p = this.SUBRULE(this.property, { ARGS: [mode] });
                  this.ACTION(() => {
                    if (!p) return;
                    properties.push(p);
                    this.lastKey = p.key.name;
                  });
                },
              },
              { ALT: () => this.CONSUME(Semicolon) },
              { ALT: () => this.CONSUME(Comma) },
              { ALT: () => this.SUBRULE(this.blockJunk, { ARGS: [mode === "columns" ? "column" : "property"] }) },
            ],
          });
        },
      });
      const rb = this.OPTION2(() => this.CONSUME(RBrace));
      return this.ACTION(() => {
        if (skipped) {
          const at = lb ?? skipped;
          this.problems.push({ code: "CX1001", start: tokStart(at), end: tokEnd(at), message: `Blocks nested too deeply: more than ${MAX_NESTING} levels of '{'.` });
        }
        if (!rb) this.missing(mode === "decl" ? `'}' to close ${owner}` : `'}' to close the block ${owner}`);
        const last = this.LA(0);
        const lastEnd = isReal(last) ? tokEnd(last) : 0;
        const start = lb ? tokStart(lb) : properties.length ? properties[0].span.start : lastEnd;
        const end = rb ? tokEnd(rb) : Math.max(lastEnd, start);
        this.lastKey = undefined;
        return { kind: "Block", span: span(start, end), properties } satisfies Block;
      });
    } finally {
      this.blockNest--;
    }
  });

  /** Consumes a run of unexpected tokens inside a block (`what`: what the block holds). */
  private blockJunk = this.RULE("blockJunk", (what: "property" | "column" | "derived"): void => {
    this.ACTION(() => {
      const t = this.LA(1);
      const prev = this.LA(0);
      const startsLine = this.newlineBefore(t) || (isReal(prev) && (prev.tokenType === LBrace || prev.tokenType === Semicolon || prev.tokenType === Comma));
      if (t.tokenType === Ident && startsLine) {
        this.missing(what === "derived" ? `'=' after '${showText(t.image)}'` : `':' after '${showText(t.image)}'`, this.LA(2));
      } else if (KEYWORD_TYPES.has(t.tokenType) && startsLine && (this.LA(2).tokenType === Colon || this.LA(2).tokenType === Eq)) {
        this.unexpected(t, `'${t.image}' is a reserved word and cannot be a ${what === "property" ? "property" : "column"} name.`);
      } else if (!startsLine && this.lastKey !== undefined) {
        const hint = t.tokenType.CATEGORIES?.includes(CompareOp) ? " Comparisons cannot be chained; combine them with 'and'." : "";
        this.unexpected(t, `Unexpected ${describeToken(t)} after the value of '${this.lastKey}'.${hint}`);
      } else if (what === "derived") {
        this.unexpected(t, `Expected a derived column ('name = expression') or '}' ${foundPart(t)}.`);
      } else if (what === "column") {
        this.unexpected(t, `Expected a column ('name: type') or '}' ${foundPart(t)}.`);
      } else {
        this.unexpected(t, `Expected a property ('name: value') or '}' ${foundPart(t)}.`);
      }
    });
    this.AT_LEAST_ONE({ GATE: () => !this.blockEnd() && !this.entryStartOnNewLine(), DEF: () => this.CONSUME(AnyToken) });
  });

  /** Skips tokens up to (not including) the bracket that closes the current one, or a `}` that cannot be inside it. */
  private skipNested = this.RULE("skipNested", (first: IToken | undefined): void => {
    const open: TokenType[] = [];
    this.ACTION(() => {
      if (first && isOpener(first.tokenType)) open.push(first.tokenType);
    });
    this.MANY({
      GATE: () => {
        const tt = this.LA(1).tokenType;
        if (tt === EOF) return false;
        if (isCloser(tt)) {
          if (open.length === 0) return false;
          const want = open[open.length - 1] === LParen ? RParen : open[open.length - 1] === LBracket ? RBracket : RBrace;
          if (tt !== want && tt === RBrace) return false; // a `}` that closes a block around us
        }
        return !(open.length === 0 && this.blockDeclStart());
      },
      DEF: () => {
        const t = this.CONSUME(AnyToken);
        this.ACTION(() => {
          const tt = t.tokenType;
          if (isOpener(tt)) open.push(tt);
          else if (isCloser(tt)) {
            // pop to the matching opener (a mismatched `)` or `]` closes what it can)
            const want = tt === RParen ? LParen : tt === RBracket ? LBracket : LBrace;
            const k = open.lastIndexOf(want);
            if (k >= 0) open.length = k;
          }
        });
      },
    });
  });

  // property := KEY ":" value | KEY block | KEY "=" value (reported)      KEY := IDENT | "where"
  private property = this.RULE("property", (mode: BlockMode): Property => {
    const keyTok = this.OR([{ ALT: () => this.CONSUME(Ident) }, { ALT: () => this.CONSUME(Where) }]);
    const key = this.ACTION(() => {
      if (keyTok.tokenType === Where && mode === "columns") this.unexpected(keyTok, `'where' is a reserved word and cannot be a column name.`);
      return ident(keyTok);
    });
    let value: PropertyValue | undefined;
    let tag: StringLit | undefined;
    let colon: IToken | undefined;
    this.OR2([
      {
        ALT: () => {
          colon = this.OR3([
            { ALT: () => this.CONSUME(Colon) },
            {
              ALT: () => {
                const eq = this.CONSUME(Eq);
                this.ACTION(() =>
                  this.unexpected(eq, `Expected ':' after '${showText(keyTok.image)}' but found '='. Properties are written 'name: value'; '=' only defines derived columns, in 'derive { name = expression }'.`),
                );
                return eq;
              },
            },
          ]);
          this.OR4({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => mode === "columns",
                ALT: () => {
                  const c = this.SUBRULE(this.columnDecl, { ARGS: [keyTok, colon!] });
                  this.ACTION(() => (value = c));
                },
              },
              {
                ALT: () => {
                  const v = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.propertyValue, { ARGS: [keyTok.image] }) });
                  this.ACTION(() => {
                    if (v) {
                      value = v.value;
                      tag = v.tag;
                    } else this.missing(`a value after '${showText(keyTok.image)}:'`);
                  });
                },
              },
            ],
          });
        },
      },
      {
        ALT: () => {
          const lb = this.CONSUME(LBrace);
          this.OR5({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => mode === "decl" && keyTok.image === "derive",
                ALT: () => {
                  const d = this.SUBRULE(this.deriveBody, { ARGS: [lb] });
                  this.ACTION(() => (value = d));
                },
              },
              {
                ALT: () => {
                  const b = this.SUBRULE(this.blockBody, {
                    ARGS: [`'${keyTok.image}'`, mode === "decl" && keyTok.image === "columns" ? "columns" : "block", lb],
                  });
                  this.ACTION(() => {
                    value = b;
                    if (mode === "columns") this.unexpected(lb, `Expected ':' and a type after '${showText(keyTok.image)}', as in '${showText(keyTok.image)}: text'.`);
                  });
                },
              },
            ],
          });
        },
      },
    ]);
    return this.ACTION(() => {
      const end = tag ? tag.span.end : value ? value.span.end : colon ? tokEnd(colon) : key.span.end;
      const p: Property = { kind: "Property", span: span(key.span.start, Math.max(end, key.span.end)), key, value };
      if (tag) p.tag = tag;
      return p;
    });
  });

  // value := threshold | list | duration | word (encoding only) | expr STRING?
  private propertyValue = this.RULE("propertyValue", (key: string): { value: PropertyValue; tag: StringLit | undefined } => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => ({ value: this.SUBRULE(this.threshold), tag: undefined }) },
        { ALT: () => ({ value: this.SUBRULE(this.list, { ARGS: [false] }), tag: undefined }) },
        { ALT: () => ({ value: this.SUBRULE(this.duration), tag: undefined }) },
        { GATE: () => key === "encoding" && this.dashedWordAhead(), ALT: () => ({ value: this.SUBRULE(this.word), tag: undefined }) },
        {
          ALT: () => {
            const e = this.SUBRULE(this.expr);
            const s = this.OPTION({
              GATE: () => e !== undefined && e.kind === "Ref" && e.member === undefined,
              DEF: () => this.CONSUME(StringTok),
            });
            return this.ACTION(() => ({ value: e ?? this.missingExpr(), tag: s && isReal(s) ? this.stringLit(s) : undefined }));
          },
        },
      ],
    });
  });

  // word := IDENT ( "-" ( IDENT | NUMBER ) )+   with no whitespace: windows-1252, utf-8, iso-8859-1
  private word = this.RULE("word", (): Word => {
    const first = this.CONSUME(Ident);
    let last = first;
    const parts: IToken[] = [first];
    this.MANY({
      GATE: () => this.dashedWordContinues(),
      DEF: () => {
        this.CONSUME(Minus);
        const t = this.OR([{ ALT: () => this.CONSUME2(Ident) }, { ALT: () => this.CONSUME(NumberTok) }]);
        this.ACTION(() => {
          last = t;
          parts.push(t);
        });
      },
    });
    return this.ACTION(() => {
      for (const t of parts) if ((t as CxLexToken).malformed) this.forgiven.add(tokStart(t)); // `utf-16le`: a word, not a malformed number
      const s = span(tokStart(first), tokEnd(last));
      return { kind: "Word", span: s, text: this.text.slice(s.start, s.end) } satisfies Word;
    });
  });

  // column := TYPE? ( "from" STRING )? ( "map" "{" entries "}" )?      (inside `columns { name: … }`)
  private columnDecl = this.RULE("columnDecl", (keyTok: IToken, colon: IToken): ColumnDecl => {
    const contextual = (t: IToken, word: string, next: TokenType): boolean => this.isWord(t, word) && this.LA(2).tokenType === next;
    const typeTok = this.OPTION({
      GATE: () => this.exprGate() && !contextual(this.LA(1), "from", StringTok) && !contextual(this.LA(1), "map", LBrace),
      DEF: () => this.CONSUME(Ident),
    });
    this.ACTION(() => {
      if (!typeTok) this.missing(`a column type (text, integer, number, boolean, date or datetime) after '${showText(keyTok.image)}:'`);
    });
    let fromTok: IToken | undefined;
    let header: IToken | undefined;
    this.OPTION2({
      GATE: () => this.isWord(this.LA(1), "from") && this.LA(2).tokenType !== Colon && this.LA(2).tokenType !== Eq,
      DEF: () => {
        fromTok = this.CONSUME2(Ident);
        header = this.OPTION3(() => this.CONSUME(StringTok));
        this.ACTION(() => {
          if (!header) this.missing(`the column's header in double quotes after 'from', as in 'from "Q1 - How likely…"'`);
        });
      },
    });
    let map: MapLit | undefined;
    this.OPTION4({
      GATE: () => this.isWord(this.LA(1), "map") && this.LA(2).tokenType !== Colon && this.LA(2).tokenType !== Eq,
      DEF: () => {
        map = this.SUBRULE(this.mapLit);
      },
    });
    return this.ACTION(() => {
      const c: ColumnDecl = { kind: "ColumnDecl", span: span(tokEnd(colon), tokEnd(colon)), type: typeTok && isReal(typeTok) ? ident(typeTok) : undefined };
      if (fromTok) c.fromSpan = span(tokStart(fromTok), tokEnd(fromTok));
      if (header && isReal(header)) c.from = this.stringLit(header);
      if (map) c.map = map;
      const start = c.type?.span.start ?? c.fromSpan?.start ?? c.map?.span.start;
      const end = c.map?.span.end ?? c.from?.span.end ?? c.fromSpan?.end ?? c.type?.span.end;
      if (start !== undefined && end !== undefined) c.span = span(start, end);
      return c;
    });
  });

  // map := "map" "{" ( entry | "," | ";" | junk )* "}"      entry := STRING ":" literal
  private mapLit = this.RULE("mapLit", (): MapLit => {
    const kw = this.CONSUME(Ident);
    const lb = this.OPTION(() => this.CONSUME(LBrace));
    const entries: MapEntry[] = [];
    let rb: IToken | undefined;
    this.blockNest++;
    try {
      this.OPTION2({
        GATE: () => lb !== undefined,
        DEF: () => {
          this.MANY({
            GATE: () => !this.mapEnd(),
            DEF: () => {
              this.OR({
                IGNORE_AMBIGUITIES: true,
                DEF: [
                  {
                    ALT: () => {
                      const e = this.SUBRULE(this.mapEntry);
                      this.ACTION(() => {
                        if (e) entries.push(e);
                      });
                    },
                  },
                  { ALT: () => this.CONSUME(Semicolon) },
                  { ALT: () => this.CONSUME(Comma) },
                  { ALT: () => this.SUBRULE(this.mapJunk) },
                ],
              });
            },
          });
          rb = this.OPTION3(() => this.CONSUME(RBrace));
        },
      });
    } finally {
      this.blockNest--;
    }
    return this.ACTION(() => {
      if (!lb) this.missing(`'{' after 'map', as in 'map { "Very satisfied": 5 }'`);
      else if (!rb) this.missing(`'}' to close the map`);
      const last = this.LA(0);
      const end = rb ? tokEnd(rb) : lb ? Math.max(tokEnd(lb), isReal(last) ? tokEnd(last) : 0) : tokEnd(kw);
      return { kind: "Map", span: span(tokStart(kw), end), keywordSpan: span(tokStart(kw), tokEnd(kw)), entries } satisfies MapLit;
    });
  });

  private mapEntry = this.RULE("mapEntry", (): MapEntry => {
    const labelTok = this.CONSUME(StringTok);
    const colon = this.OPTION(() => this.CONSUME(Colon));
    const v = this.OPTION2({
      GATE: () => this.exprGate() && (colon !== undefined || !this.newlineBefore(this.LA(1))),
      DEF: () => this.SUBRULE(this.expr),
    });
    return this.ACTION(() => {
      const label = this.stringLit(labelTok);
      if (!colon) this.missing(`':' after the label ${showText(labelTok.image)}`);
      const value = v ?? (colon ? this.missingAfter(`a value after ${showText(labelTok.image)}:`) : this.missingExpr());
      return { kind: "MapEntry", span: span(label.span.start, Math.max(value.span.end, colon ? tokEnd(colon) : label.span.end)), label, value } satisfies MapEntry;
    });
  });

  private mapJunk = this.RULE("mapJunk", (): void => {
    this.ACTION(() => {
      const t = this.LA(1);
      if (t.tokenType === Ident && this.LA(2).tokenType === Colon) {
        this.unexpected(t, `Labels in a map are strings: write "${showText(t.image)}".`);
      } else {
        this.unexpected(t, `Expected a label in double quotes ('"Label": value') or '}' ${foundPart(t)}.`);
      }
    });
    // up to the next separator, or the next label or name at the start of a line
    this.CONSUME(AnyToken);
    this.MANY({
      GATE: () => {
        const t = this.LA(1);
        const tt = t.tokenType;
        if (this.mapEnd() || tt === Comma || tt === Semicolon) return false;
        return !((tt === StringTok || tt === Ident) && this.newlineBefore(t));
      },
      DEF: () => this.CONSUME2(AnyToken),
    });
  });

  // derive := "{" ( entry | ";" | "," | junk )* "}"      entry := IDENT ( ":" TYPE )? "=" expr
  private deriveBody = this.RULE("deriveBody", (lb: IToken): DeriveBlock => {
    const entries: DeriveEntry[] = [];
    this.blockNest++;
    try {
      this.ACTION(() => {
        this.lastKey = undefined;
      });
      this.MANY({
        GATE: () => !this.blockEnd(),
        DEF: () => {
          this.OR({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                ALT: () => {
                  const e = this.SUBRULE(this.deriveEntry);
                  this.ACTION(() => {
                    if (!e) return;
                    entries.push(e);
                    this.lastKey = e.name.name;
                  });
                },
              },
              { ALT: () => this.CONSUME(Semicolon) },
              { ALT: () => this.CONSUME(Comma) },
              { ALT: () => this.SUBRULE(this.blockJunk, { ARGS: ["derived"] }) },
            ],
          });
        },
      });
    } finally {
      this.blockNest--;
    }
    const rb = this.OPTION(() => this.CONSUME(RBrace));
    return this.ACTION(() => {
      if (!rb) this.missing(`'}' to close the block 'derive'`);
      const last = this.LA(0);
      const end = rb ? tokEnd(rb) : Math.max(tokEnd(lb), isReal(last) ? tokEnd(last) : 0);
      this.lastKey = undefined;
      return { kind: "DeriveBlock", span: span(tokStart(lb), end), entries } satisfies DeriveBlock;
    });
  });

  private deriveEntry = this.RULE("deriveEntry", (): DeriveEntry => {
    const nameTok = this.CONSUME(Ident);
    const colon = this.OPTION(() => this.CONSUME(Colon));
    const typeTok = this.OPTION2({
      GATE: () => colon !== undefined && (this.LA(2).tokenType === Eq || this.LA(2).tokenType === EqEq),
      DEF: () => this.CONSUME2(Ident),
    });
    const eq = this.OPTION3(() => this.OR([{ ALT: () => this.CONSUME(Eq) }, { ALT: () => this.CONSUME(EqEq) }]));
    const e = this.OPTION4({
      GATE: () => this.exprGate() && (eq !== undefined || colon !== undefined || !this.newlineBefore(this.LA(1))),
      DEF: () => this.SUBRULE(this.expr),
    });
    return this.ACTION(() => {
      const name = ident(nameTok);
      const form = `A derived column is written 'name = expression' or 'name: type = expression'.`;
      if (eq && eq.tokenType === EqEq) this.unexpected(eq, `Expected '=' after '${showText(nameTok.image)}' but found '=='. ${form}`);
      else if (!eq && colon && !typeTok) this.unexpected(colon, `Expected '=' after '${showText(nameTok.image)}' but found ':'. ${form}`);
      else if (!eq) this.missing(`'=' after '${showText(typeTok ? typeTok.image : nameTok.image)}'`, this.LA(1), `. ${form.slice(0, -1)}`);
      let expr = e;
      if (!expr) {
        if (eq) expr = this.missingAfter(`an expression after '='`);
        else expr = this.missingExpr();
      }
      const entry: DeriveEntry = { kind: "DeriveEntry", span: span(name.span.start, Math.max(expr.span.end, eq ? tokEnd(eq) : name.span.end)), name, expr };
      if (typeTok && isReal(typeTok)) entry.type = ident(typeTok);
      if (eq && eq.tokenType === Eq) entry.eqSpan = span(tokStart(eq), tokEnd(eq));
      return entry;
    });
  });

  private threshold = this.RULE("threshold", (): Threshold => {
    const op = this.CONSUME(CompareOp);
    const v = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.expr) });
    return this.ACTION(() => {
      const value = v ?? this.missingAfter(`a number after '${op.image}'`);
      return {
        kind: "Threshold",
        span: span(tokStart(op), value.span.end),
        op: op.image as CompareOpT,
        opSpan: span(tokStart(op), tokEnd(op)),
        value,
      } satisfies Threshold;
    });
  });

  private duration = this.RULE("duration", (): Duration => {
    const t = this.CONSUME(DurationTok);
    return this.ACTION(() => {
      const d = parseDurationImage(t.image);
      return {
        kind: "Duration",
        span: span(tokStart(t), tokEnd(t)),
        amount: d ? d.amount : Number.NaN,
        unit: d ? d.unit : "day",
        raw: t.image,
      } satisfies Duration;
    });
  });

  // list := "[" ( expr ( "," expr )* )? "]"   (also the list after `in`)
  private list = this.RULE("list", (afterIn: boolean): ListLit => {
    const lb = this.CONSUME(LBracket);
    const items: Expr[] = [];
    const first = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.expr) });
    this.ACTION(() => {
      if (first) items.push(first);
    });
    this.MANY(() => {
      const comma = this.CONSUME(Comma);
      const e = this.OPTION2({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE2(this.expr) });
      this.ACTION(() => {
        if (items.length === 0 && !first) {
          this.unexpected(comma, `Expected a list item before ','.`);
          items.push({ kind: "Missing", span: span(tokStart(comma), tokStart(comma)) });
        }
        items.push(e ?? this.missingAfter(`a list item after ','`));
      });
    });
    const rb = this.OPTION3(() => this.CONSUME(RBracket));
    return this.ACTION(() => {
      if (!rb) this.missing(`']' to close the list`);
      else if (afterIn && items.length === 0) this.unexpected(rb, `Expected at least one value in the list after 'in'.`);
      const last = this.LA(0);
      const end = rb ? tokEnd(rb) : isReal(last) ? tokEnd(last) : tokEnd(lb);
      return { kind: "List", span: span(tokStart(lb), end), items } satisfies ListLit;
    });
  });

  // ----- expressions -----

  // expr := operand ( BINOP operand | "not"? "in" list | "is" "not"? "null" )*
  // (too deeply nested: skipped to the closing bracket; the outermost expression reports it)
  private expr = this.RULE("expr", (): Expr => {
    this.exprNest++;
    try {
      const outermost = this.exprNest === 1;
      if (outermost) {
        this.ACTION(() => {
          this.tooDeep = false;
          this.exprProblemsStart = this.problems.length;
        });
      }
      const e = this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.exprNest > MAX_NESTING, ALT: () => this.SUBRULE(this.tooDeepExpr) },
          { ALT: () => this.SUBRULE(this.chain) },
        ],
      });
      return this.ACTION(() => {
        const r = e ?? this.missingExpr();
        return outermost ? this.checkDepth(r)! : r;
      });
    } finally {
      this.exprNest--;
    }
  });

  private tooDeepExpr = this.RULE("tooDeepExpr", (): Expr => {
    // the tokens that can start an expression (not AnyToken: that would make every token look like one)
    const first = this.OR([
      { ALT: () => this.CONSUME(Not) },
      { ALT: () => this.CONSUME(Minus) },
      { ALT: () => this.CONSUME(NumberTok) },
      { ALT: () => this.CONSUME(PercentTok) },
      { ALT: () => this.CONSUME(StringTok) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Null) },
      { ALT: () => this.CONSUME(Ident) },
      { ALT: () => this.CONSUME(LParen) },
    ]);
    this.SUBRULE(this.skipNested, { ARGS: [first] });
    return this.ACTION((): Expr => {
      this.tooDeep = true;
      const last = this.LA(0);
      const start = isReal(first) ? tokStart(first) : 0;
      return { kind: "Missing", span: span(start, isReal(last) && tokEnd(last) > start ? tokEnd(last) : start) };
    });
  });

  private chain = this.RULE("chain", (): Expr => {
    const first = this.SUBRULE(this.operand, { ARGS: [true] });
    const steps: ChainStep[] = [];
    let comparing = false; // a comparison, `in` or `is` was read since the last `and`/`or`: comparisons do not chain
    this.MANY({
      GATE: () => !this.keywordProperty() && !(comparing && this.compareAhead()),
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              const op = this.OR2([
                { ALT: () => this.CONSUME(Or) },
                { ALT: () => this.CONSUME(And) },
                { ALT: () => this.CONSUME(CompareOp) },
                { ALT: () => this.CONSUME(Eq) },
                { ALT: () => this.CONSUME(Plus) },
                { ALT: () => this.CONSUME(Minus) },
                { ALT: () => this.CONSUME(Star) },
                { ALT: () => this.CONSUME(Slash) },
              ]);
              const logical = op.tokenType === And || op.tokenType === Or;
              const right = this.OPTION({
                GATE: () => this.exprGate() && (logical || this.LA(1).tokenType !== Not),
                DEF: () => this.SUBRULE2(this.operand, { ARGS: [logical] }),
              });
              this.ACTION(() => {
                if (op.tokenType === Eq) {
                  this.unexpected(op, `'=' does not compare values: use '=='. A single '=' only defines derived columns, in 'derive { name = expression }'.`, "CX1003");
                }
                if (!right) this.missing(`an expression after '${op.image}'`);
                if (logical) comparing = false;
                else if (precedence(op) === P_COMPARE) comparing = true;
                steps.push({ kind: "bin", op, right });
              });
            },
          },
          {
            ALT: () => {
              const not = this.OPTION2(() => this.CONSUME(Not));
              const inTok = this.CONSUME(In);
              const list = this.OPTION3(() => this.SUBRULE(this.list, { ARGS: [true] }));
              this.ACTION(() => {
                if (!list) this.missing(`'[' after '${not ? "not in" : "in"}'`);
                comparing = true;
                steps.push({ kind: "in", not, inTok, list });
              });
            },
          },
          {
            ALT: () => {
              const isTok = this.CONSUME(Is);
              const not = this.OPTION4(() => this.CONSUME2(Not));
              const nul = this.OPTION5(() => this.CONSUME(Null));
              this.ACTION(() => {
                if (!nul) this.missing(`'null' after '${not ? "is not" : "is"}' (write 'is null' or 'is not null')`);
                comparing = true;
                steps.push({ kind: "is", isTok, not, nul });
              });
            },
          },
        ]);
      },
    });
    return this.ACTION(() => buildChain(first ?? { nots: [], expr: this.missingExpr() }, steps));
  });

  // operand := "not"* "-"* primary | "-"+ primary | primary     (`not` only where a condition may start)
  private operand = this.RULE("operand", (allowNot: boolean): Operand => {
    const nots: IToken[] = [];
    const minuses: IToken[] = [];
    let prim: Expr | undefined;
    this.OR([
      {
        GATE: () => allowNot,
        ALT: () => {
          nots.push(this.CONSUME(Not));
          this.MANY(() => nots.push(this.CONSUME2(Not)));
          this.MANY2(() => minuses.push(this.CONSUME(Minus)));
          prim = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.primary) });
        },
      },
      {
        ALT: () => {
          minuses.push(this.CONSUME2(Minus));
          this.MANY3(() => minuses.push(this.CONSUME3(Minus)));
          prim = this.OPTION2({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE2(this.primary) });
        },
      },
      { ALT: () => (prim = this.SUBRULE3(this.primary)) },
    ]);
    return this.ACTION((): Operand => {
      let e: Expr;
      if (prim) e = prim;
      else if (minuses.length || nots.length) {
        const last = minuses.length ? minuses[minuses.length - 1] : nots[nots.length - 1];
        e = this.missingAfter(`an expression after '${last.image}'`);
      } else e = this.missingExpr();
      for (let i = minuses.length - 1; i >= 0; i--) e = { kind: "Unary", span: span(tokStart(minuses[i]), e.span.end), op: "-", operand: e };
      return { nots, expr: e };
    });
  });

  private primary = this.RULE("primary", (): Expr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(NumberTok);
          return this.ACTION((): Expr => {
            const malformed = (t as CxLexToken).malformed;
            const value = malformed ? parseFloat(t.image) : Number(t.image);
            return { kind: "Number", span: span(tokStart(t), tokEnd(t)), value: Number.isFinite(value) ? value : 0, raw: t.image };
          });
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(PercentTok);
          return this.ACTION((): Expr => {
            const body = t.image.slice(0, -1);
            const n = (t as CxLexToken).malformed ? parseFloat(body) : Number(body);
            return { kind: "Percent", span: span(tokStart(t), tokEnd(t)), value: Number.isFinite(n) ? n / 100 : 0, raw: t.image };
          });
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(StringTok);
          return this.ACTION(() => this.stringLit(t));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(True);
          return this.ACTION((): Expr => ({ kind: "Boolean", span: span(tokStart(t), tokEnd(t)), value: true }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(False);
          return this.ACTION((): Expr => ({ kind: "Boolean", span: span(tokStart(t), tokEnd(t)), value: false }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(Null);
          return this.ACTION((): Expr => ({ kind: "Null", span: span(tokStart(t), tokEnd(t)) }));
        },
      },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.reference) },
      { ALT: () => this.SUBRULE(this.paren) },
    ]);
  });

  // call := IDENT "(" ( argument ( "," argument )* )? ")"
  private call = this.RULE("call", (): Expr => {
    const calleeTok = this.CONSUME(Ident);
    this.CONSUME(LParen);
    const args: Argument[] = [];
    const first = this.OPTION({ GATE: () => !this.blockDeclStart(), DEF: () => this.SUBRULE(this.argument) });
    this.ACTION(() => {
      if (first) args.push(first);
    });
    this.MANY(() => {
      const comma = this.CONSUME(Comma);
      const a = this.OPTION2({ GATE: () => !this.blockDeclStart(), DEF: () => this.SUBRULE2(this.argument) });
      this.ACTION(() => {
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
      });
    });
    const rp = this.OPTION3(() => this.CONSUME(RParen));
    return this.ACTION((): Expr => {
      if (!rp) this.missing(`')' to close the call to '${showText(calleeTok.image)}'`);
      const last = this.LA(0);
      const end = rp ? tokEnd(rp) : isReal(last) ? tokEnd(last) : tokEnd(calleeTok);
      return { kind: "Call", span: span(tokStart(calleeTok), Math.max(end, tokEnd(calleeTok))), callee: ident(calleeTok), args };
    });
  });

  // argument := ( IDENT ":" )? expr ( "where" expr )?
  private argument = this.RULE("argument", (): Argument => {
    // (alternatives in order: `name:` first, then a misplaced `where`, then an expression)
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
      {
        ALT: () => {
          const nameTok = this.CONSUME(Ident);
          const colon = this.CONSUME(Colon);
          const value = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.expr) });
          this.ACTION(() => {
            if (!value) this.missing(`a value after '${showText(nameTok.image)}:'`);
          });
          const w = this.SUBRULE(this.whereClause);
          return this.ACTION(() => {
            const v = value ?? { kind: "Missing", span: span(tokEnd(colon), tokEnd(colon)) };
            return this.mkArgument(tokStart(nameTok), ident(nameTok), v, w);
          });
        },
      },
      {
        ALT: () => {
          const whereTok = this.CONSUME(Where);
          const cond = this.OPTION3({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE3(this.expr) });
          return this.ACTION(() => {
            this.unexpected(whereTok, `Expected an expression before 'where', as in 'count(source where condition)'.`);
            const at = tokStart(whereTok);
            const where = cond ?? this.missingAfter(`a condition after 'where'`);
            return this.mkArgument(at, undefined, { kind: "Missing", span: span(at, at) }, { where, whereTok });
          });
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE2(this.expr);
          const w = this.SUBRULE2(this.whereClause);
          return this.ACTION(() => this.mkArgument((value ?? this.missingExpr()).span.start, undefined, value ?? this.missingExpr(), w));
        },
      },
      ],
    });
  });

  private mkArgument(start: number, name: Identifier | undefined, value: Expr, w: { where: Expr; whereTok: IToken } | undefined): Argument {
    const a: Argument = { kind: "Argument", span: span(start, w ? w.where.span.end : value.span.end), name, value, where: w?.where };
    if (w) {
      a.whereSpan = span(tokStart(w.whereTok), tokEnd(w.whereTok));
      a.span = span(start, Math.max(w.where.span.end, tokEnd(w.whereTok)));
    }
    return a;
  }

  private whereClause = this.RULE("whereClause", (): { where: Expr; whereTok: IToken } | undefined => {
    return this.OPTION(() => {
      const whereTok = this.CONSUME(Where);
      const cond = this.OPTION2({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.expr) });
      return this.ACTION(() => ({ whereTok, where: cond ?? this.missingAfter(`a condition after 'where'`) }));
    });
  });

  // reference := IDENT ( "." IDENT )?
  private reference = this.RULE("reference", (): Expr => {
    const head = this.CONSUME(Ident);
    let dot: IToken | undefined;
    let member: IToken | undefined;
    this.OPTION(() => {
      dot = this.CONSUME(Dot);
      member = this.OPTION2(() => this.CONSUME2(Ident));
    });
    return this.ACTION((): Expr => {
      if (dot && !member) this.missing(`a column name after '${showText(head.image)}.'`);
      const end = member ? tokEnd(member) : dot ? tokEnd(dot) : tokEnd(head);
      return { kind: "Ref", span: span(tokStart(head), end), head: ident(head), member: member ? ident(member) : undefined };
    });
  });

  // paren := "(" expr ")"
  private paren = this.RULE("paren", (): Expr => {
    const lp = this.CONSUME(LParen);
    const inner = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.expr) });
    this.ACTION(() => {
      if (!inner) this.missing(`an expression after '('`);
    });
    const rp = this.OPTION2(() => this.CONSUME(RParen));
    return this.ACTION((): Expr => {
      const e = inner ?? { kind: "Missing", span: span(tokEnd(lp), tokEnd(lp)) };
      if (!rp) this.missing(`')' to close '('`);
      const end = rp ? tokEnd(rp) : Math.max(e.span.end, tokEnd(lp));
      return { kind: "Paren", span: span(tokStart(lp), end), expr: e };
    });
  });

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

  /** Errors Chevrotain recorded itself (recovery safety net). */
  chevrotainProblems(): SyntaxProblem[] {
    return this.errors.map((e) => {
      const t = e.token;
      if (isReal(t)) return { code: "CX1001" as const, start: tokStart(t), end: tokEnd(t), message: e.message };
      const at = this.text.length;
      return { code: "CX1001" as const, start: at, end: at, message: e.message };
    });
  }
}

// The one parser instance, built on first use (Chevrotain's grammar analysis takes ~100 ms) and
// reused for every file: `run` resets all per-file state.
let parserInstance: CxParser | undefined;
function cxParser(): CxParser {
  parserInstance ??= new CxParser();
  return parserInstance;
}

/** Builds a throwaway parser with Chevrotain's grammar validations on; throws if the grammar is invalid. */
export function validateGrammar(): void {
  new CxParser(true);
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
    append(parsed, p.chevrotainProblems());
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
      append(problems, p.chevrotainProblems());
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
