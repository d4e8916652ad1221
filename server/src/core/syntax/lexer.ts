// The .cx lexer (language reference §1), built on Chevrotain.
//
// - Whitespace is skipped; `//` and `/* */` comments go to a side channel (CxFile.comments).
// - The declaration kinds (source, touchpoint, …) are lexed as identifiers: they are keywords only
//   at the start of a top-level declaration, which the parser decides.
// - The lexer never fails: invalid characters, malformed numbers, bad escapes and unterminated
//   strings/comments are reported as problems (CX1002/CX1003) and lexing continues. Malformed
//   numbers still reach the parser as numbers and single-quoted strings as strings, so one typo
//   gives one diagnostic.
// - Offsets are UTF-16 offsets into the text given (the caller removes a leading BOM).
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";
import type { Comment, DurationUnit } from "./ast";
import type { Span } from "../text";

/** The lexer and the parser each record at most this many problems of a kind (hostile input). */
export const PROBLEM_LIMIT = 1000;

/** A syntax problem found by the lexer or parser, located by offsets. */
export interface SyntaxProblem {
  code: "CX1001" | "CX1002" | "CX1003";
  start: number;
  end: number;
  message: string;
  /** Machine-readable details, copied to the Diagnostic (`{ invalidUtf8: true }`). */
  data?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Token types

/** A category every parser token belongs to, so the parser's junk rules can consume "any token". */
export const AnyToken = createToken({ name: "AnyToken", pattern: Lexer.NA });
const ANY = [AnyToken];

const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f]+/, group: Lexer.SKIPPED, line_breaks: true });
const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
const UnterminatedBlockComment = createToken({ name: "UnterminatedBlockComment", pattern: /\/\*[\s\S]*/, group: "comments", line_breaks: true });
const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: "comments", line_breaks: false });

/**
 * `"…"`; also matches an unterminated string up to the end of its line (the decoder tells them
 * apart). Written as an unrolled loop (`"[^"\\]*(?:\\.[^"\\]*)*`): the alternation form
 * `"(?:[^"\\]|\\.)*` backtracks per character and takes seconds on a string of megabytes.
 */
export const StringTok = createToken({ name: "String", pattern: /"[^"\\\r\n]*(?:\\[^\r\n]?[^"\\\r\n]*)*"?/, line_breaks: false, categories: ANY });
/** `'…'` is not a string in .cx; lexed so the error message can say so (then treated as a string). */
const SingleQuoted = createToken({ name: "SingleQuoted", pattern: /'[^'\r\n]*'?/, line_breaks: false });

/**
 * `90 days`, `1 week`, `30 minutes`, `12 hours`, … (an integer; a fraction is lexed too and
 * reported as CX1003). Minutes and hours are valid only in some properties (`within`); the checker
 * says where.
 */
export const DurationTok = createToken({
  name: "Duration",
  pattern: /\d+(?:\.\d+)?[ \t]*(?:minutes?|hours?|days?|weeks?|months?|years?)(?![A-Za-z0-9_])/,
  start_chars_hint: DIGITS,
  line_breaks: false,
  categories: ANY,
});

// Numbers: one scan of the "number-like run" starting at a digit, classified three ways.
const GOOD_NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const GOOD_PERCENT = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?%$/;
let runCacheText = "";
let runCacheOffset = -1;
let runCacheEnd = -1;
let runCacheKind: "number" | "percent" | "bad" = "bad";

/** The end of the number-like run at `offset` and how it classifies (cached: three token types ask in turn). */
function numberRun(text: string, offset: number): { end: number; kind: "number" | "percent" | "bad" } {
  if (text !== runCacheText || offset !== runCacheOffset) {
    const end = numberRunEnd(text, offset);
    const image = text.slice(offset, end);
    runCacheKind = GOOD_NUMBER.test(image) ? "number" : GOOD_PERCENT.test(image) ? "percent" : "bad";
    runCacheText = text;
    runCacheOffset = offset;
    runCacheEnd = end;
  }
  return { end: runCacheEnd, kind: runCacheKind };
}

function numberRunEnd(text: string, offset: number): number {
  let i = offset;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const isWord = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
    if (isWord) {
      i++;
      continue;
    }
    // a sign directly after an exponent marker: 2.5e-2
    if ((c === 43 || c === 45) && i > offset) {
      const p = text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      if ((p === 101 || p === 69) && next >= 48 && next <= 57) {
        i++;
        continue;
      }
    }
    break;
  }
  if (text.charCodeAt(i) === 37 /* % */) i++;
  return i;
}

function numberMatcher(kind: "number" | "percent" | "bad") {
  return (text: string, offset: number): RegExpExecArray | null => {
    const c = text.charCodeAt(offset);
    if (!(c >= 48 && c <= 57)) return null;
    const run = numberRun(text, offset);
    if (run.kind !== kind) return null;
    const m = [text.slice(offset, run.end)] as unknown as RegExpExecArray;
    m.index = offset;
    return m;
  };
}

export const PercentTok = createToken({ name: "Percent", pattern: { exec: numberMatcher("percent") }, start_chars_hint: DIGITS, line_breaks: false, categories: ANY });
export const NumberTok = createToken({ name: "Number", pattern: { exec: numberMatcher("number") }, start_chars_hint: DIGITS, line_breaks: false, categories: ANY });
const BadNumber = createToken({ name: "BadNumber", pattern: { exec: numberMatcher("bad") }, start_chars_hint: DIGITS, line_breaks: false });

export const Ident = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: ANY });

function keyword(word: string, name: string): TokenType {
  return createToken({ name, pattern: new RegExp(word), longer_alt: Ident, categories: ANY });
}
export const Import = keyword("import", "Import");
export const Where = keyword("where", "Where");
export const And = keyword("and", "And");
export const Or = keyword("or", "Or");
export const Not = keyword("not", "Not");
export const In = keyword("in", "In");
export const Is = keyword("is", "Is");
export const Null = keyword("null", "Null");
export const True = keyword("true", "True");
export const False = keyword("false", "False");

export const LBrace = createToken({ name: "LBrace", pattern: "{", categories: ANY });
export const RBrace = createToken({ name: "RBrace", pattern: "}", categories: ANY });
export const LParen = createToken({ name: "LParen", pattern: "(", categories: ANY });
export const RParen = createToken({ name: "RParen", pattern: ")", categories: ANY });
export const LBracket = createToken({ name: "LBracket", pattern: "[", categories: ANY });
export const RBracket = createToken({ name: "RBracket", pattern: "]", categories: ANY });
export const Colon = createToken({ name: "Colon", pattern: ":", categories: ANY });
export const Comma = createToken({ name: "Comma", pattern: ",", categories: ANY });
export const Dot = createToken({ name: "Dot", pattern: ".", categories: ANY });
export const Semicolon = createToken({ name: "Semicolon", pattern: ";", categories: ANY });
/** `=`: only in `derive { name = expression }`; elsewhere the parser reports it and suggests `==`. */
export const Eq = createToken({ name: "Eq", pattern: "=", categories: ANY });

export const CompareOp = createToken({ name: "CompareOp", pattern: Lexer.NA });
export const EqEq = createToken({ name: "EqEq", pattern: "==", categories: [CompareOp, AnyToken] });
export const NotEq = createToken({ name: "NotEq", pattern: "!=", categories: [CompareOp, AnyToken] });
export const LtEq = createToken({ name: "LtEq", pattern: "<=", categories: [CompareOp, AnyToken] });
export const GtEq = createToken({ name: "GtEq", pattern: ">=", categories: [CompareOp, AnyToken] });
export const Lt = createToken({ name: "Lt", pattern: "<", categories: [CompareOp, AnyToken] });
export const Gt = createToken({ name: "Gt", pattern: ">", categories: [CompareOp, AnyToken] });
export const Plus = createToken({ name: "Plus", pattern: "+", categories: ANY });
export const Minus = createToken({ name: "Minus", pattern: "-", categories: ANY });
export const Star = createToken({ name: "Star", pattern: "*", categories: ANY });
export const Slash = createToken({ name: "Slash", pattern: "/", categories: ANY });

/**
 * A run of characters that cannot start any token (`@`, `#`, `&&`, `é`, a lone `!` or `%`, …),
 * reported as one CX1003. Matching them as a token (instead of leaving them to Chevrotain's error
 * recovery, which retries every token type at every character) keeps megabytes of junk linear.
 */
const INVALID_START = /[^ \t\r\n\f"'0-9A-Za-z_{}()[\]:,.;=<>+\-*/]/;
const Invalid = createToken({
  name: "Invalid",
  pattern: /(?:[^ \t\r\n\f"'0-9A-Za-z_{}()[\]:,.;=!<>+\-*/]|!(?!=))+/,
  group: "invalid",
  line_breaks: false,
  // Chevrotain cannot analyse a complement set: list the first characters (one per bucket of 256
  // above Latin-1, which is how its first-character index groups them)
  start_chars_hint: [
    ...Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)).filter((ch) => INVALID_START.test(ch)),
    ...Array.from({ length: 255 }, (_, k) => String.fromCharCode((k + 1) * 256)),
  ],
});

/** Every token type, in lexing priority order. */
const lexerTokens: TokenType[] = [
  WhiteSpace,
  BlockComment,
  UnterminatedBlockComment,
  LineComment,
  StringTok,
  SingleQuoted,
  DurationTok,
  PercentTok,
  NumberTok,
  BadNumber,
  Import,
  Where,
  And,
  Or,
  Not,
  In,
  Is,
  Null,
  True,
  False,
  Ident,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Colon,
  Comma,
  Dot,
  Semicolon,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  Eq,
  Invalid,
];

/** Token types only the lexer sees: whitespace, comments, and error-only types (reported by the lexer). */
const LEXER_ONLY = new Set<TokenType>([WhiteSpace, BlockComment, UnterminatedBlockComment, LineComment, SingleQuoted, BadNumber, Invalid]);

/** The token types the parser sees: the lexer's less LEXER_ONLY, plus the categories. */
export const parserTokens: TokenType[] = [...lexerTokens.filter((t) => !LEXER_ONLY.has(t)), CompareOp, AnyToken];

let lexerInstance: Lexer | undefined;
function cxLexer(): Lexer {
  // positionTracking "onlyOffset": positions come from LineIndex, which is faster and handles CRLF.
  lexerInstance ??= new Lexer(lexerTokens, { positionTracking: "onlyOffset", ensureOptimizations: true });
  return lexerInstance;
}

// ---------------------------------------------------------------------------
// Strings

export interface DecodedString {
  value: string;
  terminated: boolean;
  /** Bad escapes, as offsets relative to the start of the raw text. */
  badEscapes: { start: number; end: number; text: string }[];
}

/** Decodes the raw text of a string token (starting with `"`). */
export function decodeString(raw: string): DecodedString {
  const badEscapes: DecodedString["badEscapes"] = [];
  if (!raw.includes("\\")) {
    // the common case, and the only fast one on a string of megabytes
    const terminated = raw.length > 1 && raw.endsWith('"');
    return { value: raw.slice(1, terminated ? -1 : raw.length), terminated, badEscapes };
  }
  let value = "";
  let i = 1;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '"') return { value, terminated: true, badEscapes };
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const e = raw[i + 1];
    if (e === '"' || e === "\\") {
      value += e;
      i += 2;
    } else if (e === "n") {
      value += "\n";
      i += 2;
    } else if (e === "t") {
      value += "\t";
      i += 2;
    } else if (e === "u") {
      const hex = raw.slice(i + 2, i + 6);
      if (/^[0-9A-Fa-f]{4}$/.test(hex)) {
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        let j = i + 2;
        while (j < raw.length && j < i + 6 && /[0-9A-Fa-f]/.test(raw[j])) j++;
        badEscapes.push({ start: i, end: j, text: raw.slice(i, j) });
        value += raw.slice(i, j);
        i = j;
      }
    } else if (e === undefined) {
      badEscapes.push({ start: i, end: i + 1, text: "\\" });
      i++;
    } else {
      badEscapes.push({ start: i, end: i + 2, text: raw.slice(i, i + 2) });
      value += raw.slice(i, i + 2);
      i += 2;
    }
  }
  return { value, terminated: false, badEscapes };
}

// ---------------------------------------------------------------------------
// Lexing

export interface LexOutput {
  /** Significant tokens for the parser, in order. Malformed numbers appear as Number/Percent, `'x'` as String. */
  tokens: IToken[];
  comments: Comment[];
  problems: SyntaxProblem[];
}

/** Printable form of a piece of source text for messages. */
export function showText(s: string, max = 30): string {
  let out = "";
  for (const ch of s.length > 4 * max ? s.slice(0, 4 * max) : s) {
    if (out.length > max) break;
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0xfffd || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, "0")}` : `\\u{${cp.toString(16)}}`;
    } else out += ch;
  }
  return out.length > max ? out.slice(0, max - 1) + "…" : out;
}

function invalidCharMessage(chars: string): string {
  const shown = showText(chars);
  const cp = chars.codePointAt(0) ?? 0;
  const what = chars.length === (cp > 0xffff ? 2 : 1) ? "character" : "characters";
  let hint = "";
  const t = chars.trim();
  if (t === "=") hint = " Use '==' to compare values.";
  else if (t === "!") hint = " Use 'not' or '!='.";
  else if (t === "&" || t === "&&") hint = " Use 'and'.";
  else if (t === "|" || t === "||") hint = " Use 'or'.";
  else if (t === "%") hint = " A percent sign must follow a number directly, as in '5%'.";
  return `Invalid ${what} '${shown}'.${hint}`;
}

const DURATION_PARTS = /^(\d+(?:\.\d+)?)[ \t]*(minute|hour|day|week|month|year)s?$/;

export function parseDurationImage(image: string): { amount: number; unit: DurationUnit; amountText: string; unitText: string } | undefined {
  const m = DURATION_PARTS.exec(image);
  if (!m) return undefined;
  const unitText = image.slice(image.search(/[a-z]/));
  return { amount: Number(m[1]), unit: m[2] as DurationUnit, amountText: m[1], unitText };
}

export function lex(text: string): LexOutput {
  const problems: SyntaxProblem[] = [];
  const comments: Comment[] = [];
  const tokens: IToken[] = [];
  // Each kind of problem is produced in text order; keeping the first PROBLEM_LIMIT of each kind
  // bounds the work on hostile input and still gives the file's first problems (parse() sorts and
  // reports the first MAX_SYNTAX_DIAGNOSTICS).
  const counts = new Map<string, number>();
  const report = (kind: string, p: SyntaxProblem): void => {
    const n = counts.get(kind) ?? 0;
    counts.set(kind, n + 1);
    if (n < PROBLEM_LIMIT) problems.push(p);
  };
  let result;
  try {
    result = cxLexer().tokenize(text);
  } catch (e) {
    problems.push({ code: "CX1003", start: 0, end: 0, message: `The file could not be read as .cx text (${String(e)}).` });
    return { tokens, comments, problems };
  }
  for (const err of result.errors) {
    const chars = text.substr(err.offset, Math.min(err.length, 64));
    report("error", { code: "CX1003", start: err.offset, end: err.offset + err.length, message: invalidCharMessage(chars) });
  }
  for (const t of result.groups.invalid ?? []) {
    const start = t.startOffset;
    report("invalid", { code: "CX1003", start, end: start + t.image.length, message: invalidCharMessage(t.image.length > 64 ? t.image.slice(0, 64) : t.image) });
  }
  for (const c of result.groups.comments ?? []) {
    const start = c.startOffset;
    const end = start + c.image.length;
    if (c.tokenType === LineComment) {
      comments.push({ span: { start, end }, text: c.image.slice(2), block: false });
    } else if (c.tokenType === BlockComment) {
      comments.push({ span: { start, end }, text: c.image.slice(2, -2), block: true });
    } else {
      comments.push({ span: { start, end }, text: c.image.slice(2), block: true });
      report("comment", { code: "CX1002", start, end: start + 2, message: "Unterminated comment: this '/*' is never closed, so the rest of the file is a comment." });
    }
  }
  for (const t of result.tokens) {
    const start = t.startOffset;
    const end = start + t.image.length;
    t.endOffset = end - 1;
    if (t.tokenType === StringTok) {
      const d = decodeString(t.image);
      if (!d.terminated) {
        report("token", { code: "CX1002", start, end, message: "Unterminated string: add a closing '\"' before the end of the line." });
      }
      for (const b of d.badEscapes) {
        if (!d.terminated && b.text === "\\" && b.end === t.image.length) continue; // a lone `\` at the end of an unterminated string
        report("token", {
          code: "CX1003",
          start: start + b.start,
          end: start + b.end,
          message: `Invalid escape '${showText(b.text)}' in a string. Use \\", \\\\, \\n, \\t or \\uXXXX (four hex digits).`,
        });
      }
    } else if (t.tokenType === SingleQuoted) {
      const inner = t.image.endsWith("'") && t.image.length > 1 ? t.image.slice(1, -1) : t.image.slice(1);
      report("token", { code: "CX1003", start, end, message: `Strings use double quotes: write "${showText(inner)}".` });
      t.tokenType = StringTok;
      t.tokenTypeIdx = StringTok.tokenTypeIdx!;
      (t as CxLexToken).singleQuoted = true;
    } else if (t.tokenType === BadNumber) {
      report("token", { code: "CX1003", start, end, message: `Malformed number '${showText(t.image)}'. Write numbers like 42, 3.5, 1e3 or 5%.` });
      const tt = t.image.endsWith("%") ? PercentTok : NumberTok;
      t.tokenType = tt;
      t.tokenTypeIdx = tt.tokenTypeIdx!;
      (t as CxLexToken).malformed = true;
    } else if (t.tokenType === DurationTok) {
      if (t.image.includes(".")) {
        report("token", { code: "CX1003", start, end, message: `Malformed duration '${showText(t.image)}': the amount must be a whole number, as in '90 days'.` });
      }
    }
    tokens.push(t);
  }
  return { tokens, comments, problems };
}

/** Extra flags the lexer sets on tokens it repaired. */
export interface CxLexToken extends IToken {
  singleQuoted?: boolean;
  malformed?: boolean;
}

// ---------------------------------------------------------------------------
// Public token stream for editor features (semantic tokens, completion context, …)

export type CxTokenKind = "identifier" | "keyword" | "string" | "number" | "percent" | "duration" | "operator" | "punctuation" | "comment";

export interface CxToken {
  kind: CxTokenKind;
  /** Precise token type, e.g. "LParen", "Where", "Identifier", "LineComment". */
  type: string;
  text: string;
  span: Span;
}

const KEYWORD_TYPES = new Set<TokenType>([Import, Where, And, Or, Not, In, Is, Null, True, False]);
const OPERATOR_TYPES = new Set<TokenType>([EqEq, NotEq, LtEq, GtEq, Lt, Gt, Plus, Minus, Star, Slash, Eq]);

function kindOf(t: TokenType): CxTokenKind {
  if (t === Ident) return "identifier";
  if (KEYWORD_TYPES.has(t)) return "keyword";
  if (t === StringTok) return "string";
  if (t === NumberTok) return "number";
  if (t === PercentTok) return "percent";
  if (t === DurationTok) return "duration";
  if (OPERATOR_TYPES.has(t)) return "operator";
  return "punctuation";
}

/**
 * Tokenizes .cx text (a leading BOM is removed first; spans index into the text without it).
 * Returns significant tokens and comments, merged in source order. Never throws.
 */
export function tokenize(text: string): CxToken[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CxToken[] = [];
  try {
    const r = lex(src);
    for (const t of r.tokens) {
      out.push({ kind: kindOf(t.tokenType), type: t.tokenType.name, text: t.image, span: { start: t.startOffset, end: t.startOffset + t.image.length } });
    }
    for (const c of r.comments) {
      out.push({ kind: "comment", type: c.block ? "BlockComment" : "LineComment", text: src.slice(c.span.start, c.span.end), span: c.span });
    }
  } catch {
    // never throw: return what we have
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}
