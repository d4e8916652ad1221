// The .cx parser (language reference §2–§4): a Chevrotain EmbeddedActionsParser that builds the
// AST of ast.ts directly. One instance is built on first use and reused for every parse.
//
// Error handling is designed, not left to chance:
// - Every piece that can be missing (a name, a brace, a value, an operand, a closing parenthesis…)
//   is an OPTION in the grammar. When it is absent the parser reports a CX1001 that names what was
//   expected ("Expected ')' to close the call to 'count' but found '}'.") and continues; missing
//   expressions become `Missing` nodes, so the tree stays complete.
// - Tokens that cannot start anything are swallowed by two "junk" rules, which report one error and
//   resynchronise: at the top level at the next `import` or `KIND NAME {`; inside a block at the next
//   `IDENT :` / `IDENT {` on a new line, at `}`, or at the next `KIND NAME {` (a missing `}`).
// - Chevrotain's own recovery (`recoveryEnabled: true`) stays on as a safety net; errors it records
//   are converted as well.
// Range convention: an unexpected token is reported on that token; a missing token is reported on
// the token found instead, unless that token is on a later line (or is the end of the file): then
// the range is zero-width just after the previous token, where the missing piece belongs.
import { EmbeddedActionsParser, EMPTY_ALT, EOF, type IToken, type TokenType, type IParserErrorMessageProvider } from "chevrotain";
import type {
  Argument,
  CompareOp as CompareOpT,
  CxFile,
  Declaration,
  DeclKind,
  Duration,
  Expr,
  Identifier,
  ImportDecl,
  Item,
  Block,
  ListLit,
  Property,
  PropertyValue,
  StringLit,
  Threshold,
} from "./ast";
import { DECL_KINDS } from "./ast";
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

function levenshtein(a: string, b: string): number {
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

const tokenWords: Record<string, string> = {
  LBrace: "'{'",
  RBrace: "'}'",
  LParen: "'('",
  RParen: "')'",
  LBracket: "'['",
  RBracket: "']'",
  Colon: "':'",
  Comma: "','",
  Dot: "'.'",
  Semicolon: "';'",
  Identifier: "a name",
  String: "a string",
  Number: "a number",
  Percent: "a percentage",
  Duration: "a duration",
  CompareOp: "a comparison such as '>='",
  EOF: "the end of the file",
};
function tokenTypeWords(t: TokenType): string {
  return tokenWords[t.name] ?? `'${t.name.toLowerCase()}'`;
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `Expected ${tokenTypeWords(expected)} ${foundPart(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Expected a declaration (source, touchpoint, metric, goal or journey) or an import ${foundPart(firstRedundant)}.`;
  },
  buildNoViableAltMessage({ actual }) {
    return `Unexpected ${describeToken(actual[0])}.`;
  },
  buildEarlyExitMessage({ actual }) {
    return `Unexpected ${describeToken(actual[0])}.`;
  },
};

// ---------------------------------------------------------------------------
// The parser

interface IndexedToken extends IToken {
  cxIndex?: number;
}

interface BinaryStep {
  op: IToken;
  right: Expr | undefined;
}

class CxParser extends EmbeddedActionsParser {
  private text = "";
  private toks: IToken[] = [];
  private tokCount = 0;
  problems: SyntaxProblem[] = [];
  /** Key of the last property completed in the current block (for "after the value of 'x'" messages). */
  private lastKey: string | undefined;

  /** `validate`: run Chevrotain's grammar checks (ambiguities, left recursion…); slow, done in tests. */
  constructor(validate = false) {
    super(vocabulary, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: errorMessages, skipValidations: !validate });
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
    this.lastKey = undefined;
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
  private indexOf(t: IToken): number | undefined {
    const i = (t as IndexedToken).cxIndex;
    return i !== undefined && i < this.tokCount && this.toks[i] === t ? i : undefined;
  }
  private isKindWord(t: IToken): boolean {
    return t.tokenType === Ident && KIND_SET.has(t.image);
  }
  /** Top level: a declaration kind not used as a property (`metric: x`) or a reference (`metric.x`, `metric(`). */
  private topDeclStart(): boolean {
    const t1 = this.LA(1);
    if (!this.isKindWord(t1)) return false;
    const t2 = this.LA(2).tokenType;
    return t2 !== Colon && t2 !== Dot && t2 !== LParen;
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
  private propertyStart(): boolean {
    const t2 = this.LA(2).tokenType;
    return this.LA(1).tokenType === Ident && (t2 === Colon || t2 === LBrace);
  }
  private propertyStartOnNewLine(): boolean {
    return this.propertyStart() && this.newlineBefore(this.LA(1));
  }
  /** `in: …`, `and: …` — a reserved word used as a property name (an error) rather than an operator. */
  private keywordProperty(): boolean {
    return KEYWORD_TYPES.has(this.LA(1).tokenType) && this.LA(2).tokenType === Colon;
  }
  /** False where an identifier would really start the next property or declaration. */
  private exprGate(): boolean {
    return !this.propertyStart() && !this.blockDeclStart();
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
  private unexpected(t: IToken, message: string): void {
    this.problems.push({ code: "CX1001", start: tokStart(t), end: tokEnd(t), message });
  }

  /** A zero-width Missing node just after the last consumed token. */
  private missingExpr(): Expr {
    const prev = this.LA(0);
    const at = isReal(prev) ? tokEnd(prev) : 0;
    return { kind: "Missing", span: span(at, at) };
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
              this.ACTION(() => items.push(i));
            },
          },
          {
            GATE: () => this.topDeclStart(),
            ALT: () => {
              const d = this.SUBRULE(this.declaration);
              this.ACTION(() => items.push(d));
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
        const close = DECL_KINDS.filter((k) => levenshtein(k, t.image.toLowerCase()) <= 2);
        const hint = close.length ? ` Did you mean '${close[0]}'?` : "";
        this.unexpected(t, `Unknown declaration kind '${showText(t.image)}'. Expected source, touchpoint, metric, goal or journey.${hint}`);
      } else {
        this.unexpected(t, `Expected a declaration (source, touchpoint, metric, goal or journey) or an import ${foundPart(t)}.`);
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
            body = this.SUBRULE(this.blockBody, { ARGS: [owner, true, lb] });
          },
        },
        {
          // `{` forgotten but properties follow: parse them as the body anyway
          GATE: () => this.propertyStart(),
          ALT: () => {
            this.ACTION(() => this.missing(`'{' after ${owner}`));
            body = this.SUBRULE2(this.blockBody, { ARGS: [owner, true, undefined] });
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
  private blockBody = this.RULE("blockBody", (owner: string, isDecl: boolean, lb: IToken | undefined): Block => {
    this.ACTION(() => {
      this.lastKey = undefined;
    });
    const properties: Property[] = [];
    this.MANY({
      GATE: () => !this.blockEnd(),
      DEF: () => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              GATE: () => this.propertyStart(),
              ALT: () => {
                const p = this.SUBRULE(this.property);
                this.ACTION(() => {
                  properties.push(p);
                  this.lastKey = p.key.name;
                });
              },
            },
            { ALT: () => this.CONSUME(Semicolon) },
            { ALT: () => this.CONSUME(Comma) },
            { ALT: () => this.SUBRULE(this.blockJunk) },
          ],
        });
      },
    });
    const rb = this.OPTION2(() => this.CONSUME(RBrace));
    return this.ACTION(() => {
      if (!rb) this.missing(isDecl ? `'}' to close ${owner}` : `'}' to close the block ${owner}`);
      const last = this.LA(0);
      const lastEnd = isReal(last) ? tokEnd(last) : 0;
      const start = lb ? tokStart(lb) : properties.length ? properties[0].span.start : lastEnd;
      const end = rb ? tokEnd(rb) : Math.max(lastEnd, start);
      this.lastKey = undefined;
      return { kind: "Block", span: span(start, end), properties } satisfies Block;
    });
  });

  private blockJunk = this.RULE("blockJunk", (): void => {
    this.ACTION(() => {
      const t = this.LA(1);
      const prev = this.LA(0);
      const startsLine = this.newlineBefore(t) || (isReal(prev) && (prev.tokenType === LBrace || prev.tokenType === Semicolon || prev.tokenType === Comma));
      if (t.tokenType === Ident && startsLine) {
        this.missing(`':' after '${showText(t.image)}'`, this.LA(2));
      } else if (KEYWORD_TYPES.has(t.tokenType) && startsLine && this.LA(2).tokenType === Colon) {
        this.unexpected(t, `'${t.image}' is a reserved word and cannot be a property name.`);
      } else if (!startsLine && this.lastKey !== undefined) {
        const hint = t.tokenType.CATEGORIES?.includes(CompareOp) ? " Comparisons cannot be chained; combine them with 'and'." : "";
        this.unexpected(t, `Unexpected ${describeToken(t)} after the value of '${this.lastKey}'.${hint}`);
      } else {
        this.unexpected(t, `Expected a property ('name: value') or '}' ${foundPart(t)}.`);
      }
    });
    this.AT_LEAST_ONE({ GATE: () => !this.blockEnd() && !this.propertyStartOnNewLine(), DEF: () => this.CONSUME(AnyToken) });
  });

  // property := IDENT ":" value | IDENT block
  private property = this.RULE("property", (): Property => {
    const keyTok = this.CONSUME(Ident);
    const key = this.ACTION(() => ident(keyTok));
    let value: PropertyValue | undefined;
    let tag: StringLit | undefined;
    let colon: IToken | undefined;
    this.OR([
      {
        ALT: () => {
          colon = this.CONSUME(Colon);
          const v = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.propertyValue) });
          this.ACTION(() => {
            if (v) {
              value = v.value;
              tag = v.tag;
            } else this.missing(`a value after '${keyTok.image}:'`);
          });
        },
      },
      {
        ALT: () => {
          const lb = this.CONSUME(LBrace);
          const b = this.SUBRULE(this.blockBody, { ARGS: [`'${keyTok.image}'`, false, lb] });
          this.ACTION(() => (value = b));
        },
      },
    ]);
    return this.ACTION(() => {
      const end = tag ? tag.span.end : value ? value.span.end : colon ? tokEnd(colon) : key.span.end;
      const p: Property = { kind: "Property", span: span(key.span.start, end), key, value };
      if (tag) p.tag = tag;
      return p;
    });
  });

  // value := threshold | list | duration | expr STRING?
  private propertyValue = this.RULE("propertyValue", (): { value: PropertyValue; tag: StringLit | undefined } => {
    return this.OR([
      { ALT: () => ({ value: this.SUBRULE(this.threshold), tag: undefined }) },
      { ALT: () => ({ value: this.SUBRULE(this.list, { ARGS: [false] }), tag: undefined }) },
      { ALT: () => ({ value: this.SUBRULE(this.duration), tag: undefined }) },
      {
        ALT: () => {
          const e = this.SUBRULE(this.expr);
          const s = this.OPTION({
            GATE: () => e !== undefined && e.kind === "Ref" && e.member === undefined,
            DEF: () => this.CONSUME(StringTok),
          });
          return this.ACTION(() => ({ value: e, tag: s && isReal(s) ? this.stringLit(s) : undefined }));
        },
      },
    ]);
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

  /** Reports a missing piece and returns a Missing node at the end of the previous token. */
  private missingAfter(what: string): Expr {
    this.missing(what);
    return this.missingExpr();
  }

  private binary(left: Expr, steps: BinaryStep[]): Expr {
    let acc = left;
    for (const s of steps) {
      const right = s.right ?? this.missingAfterAt(s.op);
      acc = {
        kind: "Binary",
        span: span(acc.span.start, right.span.end),
        op: s.op.image as "+",
        opSpan: span(tokStart(s.op), tokEnd(s.op)),
        left: acc,
        right,
      };
    }
    return acc;
  }

  /** Missing operands are reported as soon as they are detected; this only makes the node. */
  private missingAfterAt(op: IToken): Expr {
    const at = tokEnd(op);
    return { kind: "Missing", span: span(at, at) };
  }

  // expr := or
  private expr = this.RULE("expr", (): Expr => this.SUBRULE(this.orExpr));

  private orExpr = this.RULE("orExpr", (): Expr => {
    const left = this.SUBRULE(this.andExpr);
    const steps: BinaryStep[] = [];
    this.MANY({
      GATE: () => !this.keywordProperty(),
      DEF: () => {
        const op = this.CONSUME(Or);
        const right = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE2(this.andExpr) });
        this.ACTION(() => {
          if (!right) this.missing(`an expression after 'or'`);
          steps.push({ op, right });
        });
      },
    });
    return this.ACTION(() => this.binary(left, steps));
  });

  private andExpr = this.RULE("andExpr", (): Expr => {
    const left = this.SUBRULE(this.notExpr);
    const steps: BinaryStep[] = [];
    this.MANY({
      GATE: () => !this.keywordProperty(),
      DEF: () => {
        const op = this.CONSUME(And);
        const right = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE2(this.notExpr) });
        this.ACTION(() => {
          if (!right) this.missing(`an expression after 'and'`);
          steps.push({ op, right });
        });
      },
    });
    return this.ACTION(() => this.binary(left, steps));
  });

  // not := "not" not | compare
  private notExpr = this.RULE("notExpr", (): Expr => {
    return this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(Not);
          const operand = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.notExpr) });
          return this.ACTION((): Expr => {
            const o = operand ?? this.missingAfter(`an expression after 'not'`);
            return { kind: "Unary", span: span(tokStart(op), o.span.end), op: "not", operand: o };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.compare) },
    ]);
  });

  // compare := sum ( CMP sum | "not"? "in" list | "is" "not"? "null" )?
  private compare = this.RULE("compare", (): Expr => {
    const left = this.SUBRULE(this.sum);
    const result = this.OPTION({
      GATE: () => !this.keywordProperty(),
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              const op = this.CONSUME(CompareOp);
              const right = this.OPTION2({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE2(this.sum) });
              return this.ACTION((): Expr => {
                if (!right) this.missing(`an expression after '${op.image}'`);
                return this.binary(left, [{ op, right }]);
              });
            },
          },
          {
            ALT: () => {
              const not = this.OPTION3(() => this.CONSUME(Not));
              const inTok = this.CONSUME(In);
              const items = this.OPTION4(() => this.SUBRULE(this.list, { ARGS: [true] }));
              return this.ACTION((): Expr => {
                if (!items) this.missing(`'[' after '${not ? "not in" : "in"}'`);
                const end = items ? items.span.end : tokEnd(inTok);
                return { kind: "In", span: span(left.span.start, end), operand: left, negated: !!not, items: items ? items.items : [] };
              });
            },
          },
          {
            ALT: () => {
              const isTok = this.CONSUME(Is);
              const not = this.OPTION5(() => this.CONSUME2(Not));
              const nul = this.OPTION6(() => this.CONSUME(Null));
              return this.ACTION((): Expr => {
                if (!nul) this.missing(`'null' after '${not ? "is not" : "is"}' (write 'is null' or 'is not null')`);
                const end = nul ? tokEnd(nul) : not ? tokEnd(not) : tokEnd(isTok);
                return { kind: "IsNull", span: span(left.span.start, end), operand: left, negated: !!not };
              });
            },
          },
        ]),
    });
    return this.ACTION(() => result ?? left);
  });

  // sum := product ( ("+" | "-") product )*
  private sum = this.RULE("sum", (): Expr => {
    const left = this.SUBRULE(this.product);
    const steps: BinaryStep[] = [];
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
      const right = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE2(this.product) });
      this.ACTION(() => {
        if (!right) this.missing(`an expression after '${op.image}'`);
        steps.push({ op, right });
      });
    });
    return this.ACTION(() => this.binary(left, steps));
  });

  // product := unary ( ("*" | "/") unary )*
  private product = this.RULE("product", (): Expr => {
    const left = this.SUBRULE(this.unary);
    const steps: BinaryStep[] = [];
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(Star) }, { ALT: () => this.CONSUME(Slash) }]);
      const right = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE2(this.unary) });
      this.ACTION(() => {
        if (!right) this.missing(`an expression after '${op.image}'`);
        steps.push({ op, right });
      });
    });
    return this.ACTION(() => this.binary(left, steps));
  });

  // unary := "-" unary | primary
  private unary = this.RULE("unary", (): Expr => {
    return this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(Minus);
          const operand = this.OPTION({ GATE: () => this.exprGate(), DEF: () => this.SUBRULE(this.unary) });
          return this.ACTION((): Expr => {
            const o = operand ?? this.missingAfter(`an expression after '-'`);
            return { kind: "Unary", span: span(tokStart(op), o.span.end), op: "-", operand: o };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
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
      return { kind: "Call", span: span(tokStart(calleeTok), end), callee: ident(calleeTok), args };
    });
  });

  // argument := ( IDENT ":" )? expr ( "where" expr )?
  private argument = this.RULE("argument", (): Argument => {
    return this.OR([
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
          const value = this.SUBRULE2(this.expr);
          const w = this.SUBRULE2(this.whereClause);
          return this.ACTION(() => this.mkArgument(value.span.start, undefined, value, w));
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
    ]);
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

/** Parses BOM-free text. Never throws. */
export function parseText(text: string): ParseOutput {
  const lexed = lex(text);
  const problems: SyntaxProblem[] = [...lexed.problems];
  let items: Item[] = [];
  try {
    const p = cxParser();
    items = p.run(text, lexed.tokens);
    problems.push(...p.problems, ...p.chevrotainProblems());
  } catch (e) {
    items = [];
    problems.push(...recoverByChunks(text, lexed.tokens, items, e));
  }
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
      const got = p.run(text, chunk);
      items.push(...got);
      problems.push(...p.problems, ...p.chevrotainProblems());
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
