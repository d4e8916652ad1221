// The .cx lexer (language reference §1; version 2 adds `=` and the units minute and hour):
// a hand-written scanner, one pass over the text, constant work per character.
//
// - Whitespace is skipped; `//` and `/* */` comments go to a side channel (CxFile.comments).
// - The declaration kinds (source, touchpoint, …) are lexed as identifiers: they are keywords only
//   at the start of a top-level declaration, which the parser decides. So are `from` and `map`.
// - The lexer never fails: invalid characters, malformed numbers, bad escapes and unterminated
//   strings/comments are reported as problems (CX1002/CX1003) and lexing continues. Malformed
//   numbers still reach the parser as numbers and single-quoted strings as strings, so one typo
//   gives one diagnostic. A run of characters that cannot start a token is one problem.
// - Offsets are UTF-16 offsets into the text given (the caller removes a leading BOM).
// - Hostile input: no regular expression runs over unbounded text, problems are capped at
//   PROBLEM_LIMIT, and messages show at most a few dozen characters of the text.
import type { Comment, DurationUnit } from "./ast";
import type { Span } from "../text";

/** The lexer and the parser each record at most this many problems (hostile input). */
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

/** A token type; compared by identity. `name` is what `tokenize` reports as a token's `type`. */
export interface TokenType {
  readonly name: string;
}

/** A significant token: its type, its text and the offset where it starts (it ends at start + image.length). */
export interface Token {
  tokenType: TokenType;
  image: string;
  startOffset: number;
}

/** Extra flags the lexer sets on tokens it repaired; `cxIndex` is set by the parser. */
export interface CxLexToken extends Token {
  singleQuoted?: boolean;
  malformed?: boolean;
  cxIndex?: number;
}

const type = (name: string): TokenType => Object.freeze({ name });

/** The end of the input (the parser's LA past the last token). */
export const EOF = type("EOF");
export const StringTok = type("String");
export const DurationTok = type("Duration");
export const PercentTok = type("Percent");
export const NumberTok = type("Number");
export const Ident = type("Identifier");
export const Import = type("Import");
export const Where = type("Where");
export const And = type("And");
export const Or = type("Or");
export const Not = type("Not");
export const In = type("In");
export const Is = type("Is");
export const Null = type("Null");
export const True = type("True");
export const False = type("False");
export const LBrace = type("LBrace");
export const RBrace = type("RBrace");
export const LParen = type("LParen");
export const RParen = type("RParen");
export const LBracket = type("LBracket");
export const RBracket = type("RBracket");
export const Colon = type("Colon");
export const Comma = type("Comma");
export const Dot = type("Dot");
export const Semicolon = type("Semicolon");
/** `=`: only in `derive { name = expression }`; elsewhere the parser reports it and suggests `==`. */
export const Eq = type("Eq");
export const EqEq = type("EqEq");
export const NotEq = type("NotEq");
export const LtEq = type("LtEq");
export const GtEq = type("GtEq");
export const Lt = type("Lt");
export const Gt = type("Gt");
export const Plus = type("Plus");
export const Minus = type("Minus");
export const Star = type("Star");
export const Slash = type("Slash");

const KEYWORDS = new Map<string, TokenType>([
  ["import", Import],
  ["where", Where],
  ["and", And],
  ["or", Or],
  ["not", Not],
  ["in", In],
  ["is", Is],
  ["null", Null],
  ["true", True],
  ["false", False],
]);

/** Single-character tokens, by character code. */
const SINGLE = new Map<number, TokenType>([
  [123, LBrace],
  [125, RBrace],
  [40, LParen],
  [41, RParen],
  [91, LBracket],
  [93, RBracket],
  [58, Colon],
  [44, Comma],
  [46, Dot],
  [59, Semicolon],
  [43, Plus],
  [45, Minus],
  [42, Star],
]);

/** SINGLE as arrays indexed by character code (the lexer's hot path). */
const SINGLE_BY_CODE: (TokenType | undefined)[] = Array.from({ length: 128 }, (_, c) => SINGLE.get(c));
const SINGLE_IMAGE_BY_CODE: string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

// ---------------------------------------------------------------------------
// Character classes

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
const isLineBreak = (c: number): boolean => c === 10 || c === 13;
/** Characters that start some token (a `!` only before `=`): everything else is an invalid character. */
function startsToken(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (isSpace(c) || isIdentPart(c) || SINGLE.has(c)) return true;
  switch (c) {
    case 34: // "
    case 39: // '
    case 47: // /
    case 61: // =
    case 60: // <
    case 62: // >
      return true;
    case 33: // !
      return text.charCodeAt(i + 1) === 61;
    default:
      return false;
  }
}

// Numbers: one scan of the "number-like run" starting at a digit, classified three ways.
const GOOD_NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const GOOD_PERCENT = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?%$/;

/** The end of the number-like run at `offset`: word characters and dots (a sign right after an exponent marker), then an optional `%`. */
function numberRunEnd(text: string, offset: number): number {
  let i = offset;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isIdentPart(c) || c === 46) {
      i++;
      continue;
    }
    // a sign directly after an exponent marker: 2.5e-2
    if ((c === 43 || c === 45) && i > offset) {
      const p = text.charCodeAt(i - 1);
      if ((p === 101 || p === 69) && isDigit(text.charCodeAt(i + 1))) {
        i++;
        continue;
      }
    }
    break;
  }
  if (text.charCodeAt(i) === 37 /* % */) i++;
  return i;
}

const DURATION_UNITS = ["minute", "hour", "day", "week", "month", "year"];

/** `90 days`, `1.5 weeks`, `30minutes` at `offset` (a digit): its end, or -1. */
function durationEnd(text: string, offset: number): number {
  let i = offset;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  for (const u of DURATION_UNITS) {
    if (!text.startsWith(u, i)) continue;
    let e = i + u.length;
    if (text.charCodeAt(e) === 115 /* s */) e++;
    if (!isIdentPart(text.charCodeAt(e))) return e;
    return -1; // `days…` / `day…` followed by more of a name: not a duration
  }
  return -1;
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
  tokens: CxLexToken[];
  comments: Comment[];
  problems: SyntaxProblem[];
}

/** Format characters that would hide or reorder text in a message: zero-width, bidi controls, BOM. */
function isInvisible(cp: number): boolean {
  return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp === 0xfeff || cp === 0xad;
}

/** Printable form of a piece of source text for messages: control, format and bidi characters escaped, at most `max` characters. */
export function showText(s: string, max = 30): string {
  let out = "";
  for (const ch of s.length > 4 * max ? s.slice(0, 4 * max) : s) {
    if (out.length > max) break;
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0xfffd || (cp >= 0xd800 && cp <= 0xdfff) || isInvisible(cp)) {
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
  const tokens: CxLexToken[] = [];
  const report = (p: SyntaxProblem): void => {
    if (problems.length < PROBLEM_LIMIT) problems.push(p);
  };
  const n = text.length;
  const push = (tokenType: TokenType, start: number, end: number, image = text.slice(start, end)): CxLexToken => {
    const t: CxLexToken = { tokenType, image, startOffset: start };
    tokens.push(t);
    return t;
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (isSpace(c)) {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 42 /* * */) {
        const close = text.indexOf("*/", i + 2);
        if (close >= 0) {
          i = close + 2;
          comments.push({ span: { start, end: i }, text: text.slice(start + 2, i - 2), block: true });
        } else {
          i = n;
          comments.push({ span: { start, end: i }, text: text.slice(start + 2), block: true });
          report({ code: "CX1002", start, end: start + 2, message: "Unterminated comment: this '/*' is never closed, so the rest of the file is a comment." });
        }
        continue;
      }
      if (d === 47) {
        i += 2;
        while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
        comments.push({ span: { start, end: i }, text: text.slice(start + 2, i), block: false });
        continue;
      }
      push(Slash, i, i + 1, "/");
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      i++;
      let badEscape = false;
      while (i < n) {
        const e = text.charCodeAt(i);
        if (e === 34 || isLineBreak(e)) break;
        if (e === 92 /* \ */) {
          badEscape = true; // decoded (and checked) below
          i++;
          if (i < n && !isLineBreak(text.charCodeAt(i))) i++;
        } else i++;
      }
      const terminated = text.charCodeAt(i) === 34;
      if (terminated) i++;
      const t = push(StringTok, start, i);
      if (!terminated) report({ code: "CX1002", start, end: i, message: "Unterminated string: add a closing '\"' before the end of the line." });
      if (badEscape) {
        for (const b of decodeString(t.image).badEscapes) {
          if (!terminated && b.text === "\\" && b.end === t.image.length) continue; // a lone `\` at the end of an unterminated string
          report({ code: "CX1003", start: start + b.start, end: start + b.end, message: `Invalid escape '${showText(b.text)}' in a string. Use \\", \\\\, \\n, \\t or \\uXXXX (four hex digits).` });
        }
      }
      continue;
    }
    if (c === 39 /* ' */) {
      i++;
      while (i < n && text.charCodeAt(i) !== 39 && !isLineBreak(text.charCodeAt(i))) i++;
      const closed = text.charCodeAt(i) === 39;
      if (closed) i++;
      const t = push(StringTok, start, i);
      t.singleQuoted = true;
      const inner = closed && i - start > 1 ? text.slice(start + 1, i - 1) : text.slice(start + 1, i);
      report({ code: "CX1003", start, end: i, message: `Strings use double quotes: write "${showText(inner)}".` });
      continue;
    }
    if (isDigit(c)) {
      const d = durationEnd(text, i);
      if (d > 0) {
        const t = push(DurationTok, i, d);
        if (t.image.includes(".")) report({ code: "CX1003", start, end: d, message: `Malformed duration '${showText(t.image)}': the amount must be a whole number, as in '90 days'.` });
        i = d;
        continue;
      }
      const e = numberRunEnd(text, i);
      const image = text.slice(i, e);
      const percent = image.endsWith("%");
      const good = (percent ? GOOD_PERCENT : GOOD_NUMBER).test(image); // linear: no nested quantifiers
      const t = push(percent ? PercentTok : NumberTok, i, e);
      if (!good) {
        t.malformed = true;
        report({ code: "CX1003", start, end: e, message: `Malformed number '${showText(image)}'. Write numbers like 42, 3.5, 1e3 or 5%.` });
      }
      i = e;
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const image = text.slice(start, i);
      push(i - start <= 6 ? (KEYWORDS.get(image) ?? Ident) : Ident, start, i, image);
      continue;
    }
    // punctuation and operators: constant images (no string per token)
    const single = c < 128 ? SINGLE_BY_CODE[c] : undefined;
    if (single) {
      push(single, i, i + 1, SINGLE_IMAGE_BY_CODE[c]);
      i++;
      continue;
    }
    const d = text.charCodeAt(i + 1);
    if (c === 61 /* = */) {
      if (d === 61) push(EqEq, i, (i += 2), "==");
      else push(Eq, i, (i += 1), "=");
      continue;
    }
    if (c === 60 /* < */) {
      if (d === 61) push(LtEq, i, (i += 2), "<=");
      else push(Lt, i, (i += 1), "<");
      continue;
    }
    if (c === 62 /* > */) {
      if (d === 61) push(GtEq, i, (i += 2), ">=");
      else push(Gt, i, (i += 1), ">");
      continue;
    }
    if (c === 33 /* ! */ && d === 61) {
      push(NotEq, i, (i += 2), "!=");
      continue;
    }
    // a run of characters that cannot start a token
    i++;
    while (i < n && !startsToken(text, i)) i++;
    report({ code: "CX1003", start, end: i, message: invalidCharMessage(i - start > 64 ? text.slice(start, start + 64) : text.slice(start, i)) });
  }
  return { tokens, comments, problems };
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

const KEYWORD_TYPES = new Set<TokenType>(KEYWORDS.values());
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
 *
 * The last text's tokens are kept: completion, signature help and semantic tokens on a document
 * that has not changed since (the editor asks for each as the user pauses, and again while an
 * evaluation runs) share one lexing. The array is shared: callers must not change it.
 */
export function tokenize(text: string): readonly CxToken[] {
  if (last && last.text === text) return last.tokens;
  const tokens = lexTokens(text);
  last = { text, tokens };
  return tokens;
}
let last: { text: string; tokens: readonly CxToken[] } | undefined;

function lexTokens(text: string): CxToken[] {
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
